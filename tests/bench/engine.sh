#!/usr/bin/env bash
# Engine benchmarks against the local Synapse (issue 3): initial sync of a large account
# (parleyctl cold/warm, desktop app PSS) and message round trips (Parley vs. the
# homeserver alone). A measurement, never a pass/fail test.
#
#   tests/bench/engine.sh [OUT.md]      # writes a markdown section (default: $PARLEY_CACHE/bench/engine.md)
#
# PARLEY_BENCH_QUICK=1   small smoke run (20 rooms, 1,000 events, 50 messages, 2 cold runs)
# PARLEY_BENCH_BUILD     release (default) or debug
# PARLEY_BENCH_RUNS      cold/warm runs (default 5; also the number of seeded accounts)
# PARLEY_BENCH_ONLY=sync only the initial-sync part (no desktop app, no round trips)
# PARLEY_BENCH_ONLY=roundtrip only the round trips (on the cached seeded homeserver)
# PARLEY_BENCH_NO_BUILD=1 use the binaries already built (a release build takes ~40 min here)
#
# Seeding is cached in $PARLEY_CACHE/bench/hs (hs-quick for the quick mode) and reused
# while tests/bench/seed.py's parameters are unchanged. Runs itself inside
# tests/harness/desktop-session (Xvfb + keyring) and stops everything it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
OUT="$(realpath -m "${1:-$CACHE/bench/engine.md}")"

if [[ -z "${PARLEY_DESKTOP_SESSION:-}" ]]; then
  exec "$ROOT/tests/harness/desktop-session" "$0" "$OUT"
fi

QUICK="${PARLEY_BENCH_QUICK:-0}"
BUILD="${PARLEY_BENCH_BUILD:-release}"
if [[ "$QUICK" == 1 ]]; then
  ROOMS=20 EVENTS=1000 BIG=10 RUNS="${PARLEY_BENCH_RUNS:-2}" MESSAGES=50 SETTLE=10 DESKTOP_RUNS=1
  HS="$CACHE/bench/hs-quick"
else
  ROOMS=200 EVENTS=20000 BIG=50 RUNS="${PARLEY_BENCH_RUNS:-5}" MESSAGES=1000 SETTLE=30 DESKTOP_RUNS=3
  HS="$CACHE/bench/hs"
fi
# shellcheck source=tests/bench/lib.sh
. "$ROOT/tests/bench/lib.sh"
TIME=/usr/bin/time
[[ -x "$TIME" ]] || { echo "engine.sh: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }

# --- build ---------------------------------------------------------------------------
flag=(); [[ "$BUILD" == release ]] && flag=(--release)
BIN="$CARGO_TARGET_DIR/$BUILD"
if [[ "${PARLEY_BENCH_NO_BUILD:-0}" != 1 ]]; then
  log "building ($BUILD)"
  cargo build "${flag[@]}" -p parleyctl --bin parleyctl --example bench_roundtrip --example bench_sync >&2
fi
DESKTOP="$BIN/parley-desktop"
ONLY="${PARLEY_BENCH_ONLY:-}"
if [[ "$ONLY" == sync || "$ONLY" == roundtrip ]]; then
  DESKTOP=""
elif [[ -f "$ROOT/ui/dist/index.html" ]]; then
  [[ "${PARLEY_BENCH_NO_BUILD:-0}" == 1 ]] || cargo build "${flag[@]}" -p parley-desktop >&2 || DESKTOP=""
else
  log "ui/dist is missing (make ui); skipping the desktop app"; DESKTOP=""
fi
CTL="$BIN/parleyctl"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench.XXXXXX")"
RESULTS="$WORK/results.jsonl"
cleanup() {
  set +e
  # The app first: a profile it still holds open cannot be signed out.
  if [[ -n "${APP_PID:-}" ]]; then kill "$APP_PID" 2>/dev/null; wait "$APP_PID" 2>/dev/null; fi
  for p in "$WORK"/profiles/*; do
    [[ -d "$p" ]] && timeout 60 "$CTL" --profile "$p" logout >/dev/null 2>&1
  done
  "$SYNAPSE" stop "$HS" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- homeserver and seed ---------------------------------------------------------------
seed_args=(--rooms "$ROOMS" --events "$EVENTS" --accounts "$RUNS" --big "$BIG")
# Each cold run signs a benchmark account in for the first time (see lib.sh).
bench_start_homeserver "$HS" "${seed_args[@]}"
seed_started=$(date +%s)
if [[ "$ONLY" == roundtrip && -f "$HS/bench-seed.json" ]]; then SEED="$(jq -c . "$HS/bench-seed.json")"; else
SEED="$(bench_seed "$HS" "${seed_args[@]}")"; fi
echo "{\"kind\":\"seed\",\"this_run_s\":$(( $(date +%s) - seed_started )),\"seed\":$SEED}" >>"$RESULTS"
PASSWORD=$(jq -r .password <<<"$SEED")
mapfile -t ACCOUNTS < <(jq -r '.accounts[]' <<<"$SEED")

# timed NAME CMD... : runs CMD with stdout to $WORK/NAME.out, appends "secs maxrss_kib".
timed() {
  local name=$1; shift
  "$TIME" -f '%e %M' -o "$WORK/$name.time" "$@" >"$WORK/$name.out"
}
field() { awk "{print \$$2}" "$WORK/$1.time"; }

# --- initial sync: parleyctl, cold and warm --------------------------------------------
mkdir -p "$WORK/profiles"
if [[ "$ONLY" != roundtrip ]]; then
for i in $(seq 1 "$RUNS"); do
  user="${ACCOUNTS[$((i - 1))]}"; prof="$WORK/profiles/cold$i"
  log "cold run $i/$RUNS ($user)"
  timed "login$i" "$CTL" --profile "$prof" login --homeserver "$HSURL" --user "$user" --password-stdin --json <<<"$PASSWORD"
  timed "rooms$i" "$CTL" --profile "$prof" rooms --json
  # `rooms` returns once the room list is Running: the first batch of the growing list.
  # bench_sync restarts on the profile and waits until every room is known.
  timed "sync$i" "$BIN/examples/bench_sync" "$prof" --expect "$ROOMS"
  echo "{\"kind\":\"cold\",\"run\":$i,\"login_s\":$(field "login$i" 1),\"login_rss_kib\":$(field "login$i" 2),\"rooms_s\":$(field "rooms$i" 1),\"rooms_rss_kib\":$(field "rooms$i" 2),\"rooms\":$(wc -l <"$WORK/rooms$i.out"),\"sync_rss_kib\":$(field "sync$i" 2),\"sync\":$(cat "$WORK/sync$i.out")}" >>"$RESULTS"
done
WARM="$WORK/profiles/cold$RUNS"
for i in $(seq 1 "$RUNS"); do
  log "warm run $i/$RUNS"
  timed "warm$i" "$CTL" --profile "$WARM" rooms --json
  echo "{\"kind\":\"warm\",\"run\":$i,\"rooms_s\":$(field "warm$i" 1),\"rooms_rss_kib\":$(field "warm$i" 2),\"rooms\":$(wc -l <"$WORK/warm$i.out")}" >>"$RESULTS"
done

# --- initial sync: desktop app --------------------------------------------------------
if [[ -n "$DESKTOP" && -x "$DESKTOP" ]]; then
  for i in $(seq 1 "$DESKTOP_RUNS"); do
    # Run 1 starts from the profile parleyctl left (warm cache); a fresh sign-in needs the UI.
    log "desktop run $i/$DESKTOP_RUNS (${SETTLE}s)"
    PARLEY_PROFILE="$WARM" PARLEY_LOG=warn "$DESKTOP" >"$WORK/desktop$i.log" 2>&1 &
    APP_PID=$!
    sample=$("$PY" "$ROOT/tests/bench/pss_peak.py" "$APP_PID" "$SETTLE" 0.2)
    alive=true; kill -0 "$APP_PID" 2>/dev/null || alive=false
    kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
    echo "{\"kind\":\"desktop\",\"run\":$i,\"settle_s\":$SETTLE,\"alive_at_end\":$alive,\"pss\":$sample}" >>"$RESULTS"
    sleep 1
  done
fi

fi # not roundtrip-only

# --- round trip: Parley (real E2EE) -----------------------------------------------------
if [[ "$ONLY" != sync ]]; then
tag="$(date +%s)-$$"
for who in a b; do
  "$SYNAPSE" register "$HS" "rt$who-$tag" "rt-password" >/dev/null
  "$CTL" --profile "$WORK/profiles/rt$who" login --homeserver "$HSURL" --user "rt$who-$tag" --password-stdin --json <<<"rt-password" >/dev/null
done
room=$("$CTL" --profile "$WORK/profiles/rta" dm create "@rtb-$tag:localhost" --json | jq -r .room_id)
"$CTL" --profile "$WORK/profiles/rtb" join "$room"
log "round trip: $MESSAGES sequential + $MESSAGES burst (Parley)"
RT=$("$BIN/examples/bench_roundtrip" "$WORK/profiles/rta" "$WORK/profiles/rtb" "$room" --count "$MESSAGES" --burst "$MESSAGES")
echo "{\"kind\":\"roundtrip\",\"r\":$RT}" >>"$RESULTS"
log "round trip: $MESSAGES sequential + $MESSAGES burst (homeserver alone)"
BASE=$("$PY" "$ROOT/tests/bench/hs_baseline.py" "$HS" --count "$MESSAGES" --burst "$MESSAGES")
echo "{\"kind\":\"baseline\",\"r\":$BASE}" >>"$RESULTS"
fi

# --- report ---------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
"$PY" "$ROOT/tests/bench/report.py" "$RESULTS" "$BUILD" "$QUICK" >"$OUT"
cp "$RESULTS" "${OUT%.md}.jsonl"
log "wrote $OUT"
