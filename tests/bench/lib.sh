# shellcheck shell=bash
# Shared by the benchmark scripts (engine.sh, peers.sh); sourced, not run.
# Expects ROOT (the repository) to be set; uses PARLEY_BENCH_PYTHON if set.
BENCH_DIR="$ROOT/tests/bench"
SYNAPSE="$ROOT/tests/harness/synapse"
PY="${PARLEY_BENCH_PYTHON:-python3}"
log() { echo "bench: $*" >&2; }

# bench_start_homeserver DIR SEED_ARGS...: starts the cached Synapse in DIR (sets HSURL).
# A data set seeded with other parameters is deleted first (seeding starts over). The
# benchmark accounts' devices and cross-signing identities of earlier runs are forgotten
# while Synapse is stopped (it caches them), so every sign-in is a first one again: a second
# device cannot cross-sign itself without the first, and Parley's sign-in waits for that.
bench_start_homeserver() {
  local dir=$1 rc=0; shift
  "$PY" "$BENCH_DIR/seed.py" "$dir" "$@" --check-marker || rc=$?
  case $rc in
    0) ;;
    3) log "$dir was seeded with other parameters; reseeding"; "$SYNAPSE" stop "$dir" >/dev/null; rm -rf "$dir" ;;
    *) log "seed.py --check-marker failed ($rc)"; return 1 ;;
  esac
  mkdir -p "$dir"
  "$SYNAPSE" stop "$dir" >/dev/null 2>&1 || true
  if [[ -f "$dir/homeserver.db" ]]; then "$PY" "$BENCH_DIR/seed.py" "$dir" --forget-identities; fi
  HSURL="$("$SYNAPSE" start "$dir")"
}

# bench_seed DIR SEED_ARGS...: seeds the running Synapse in DIR (at once if already done)
# and prints seed.py's JSON summary.
bench_seed() {
  local dir=$1; shift
  "$PY" "$BENCH_DIR/seed.py" "$dir" "$@"
}
