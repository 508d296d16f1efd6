#!/usr/bin/env bash
# Parley side by side with a native peer, nheko (issue 16): both apps on the same seeded
# account, under the same Xvfb, in the same run. Launch → first window, warm and cold start
# → room list, PSS after settling (every process of the app), CPU while idle. Measurements,
# never pass/fail on a number; exits non-zero when a measurement could not be taken.
#
#   tests/bench/peers.sh [OUT.md]     # markdown section (default $PARLEY_CACHE/bench/peers.md),
#                                     # raw results beside it as OUT.jsonl
#
# PARLEY_BENCH_QUICK=1     smoke run: 10 rooms, 300 events, 1 run, 10 s settle, 15 s CPU window
# PARLEY_BENCH_BUILD       release (default) or debug: which parley-desktop is measured
# PARLEY_BENCH_NO_BUILD=1  use the binary already built (a release build takes ~40 min here)
# PARLEY_BENCH_RUNS        cold and warm runs per app (default 5; also the seeded accounts)
# PARLEY_PEERS_ROOMS / PARLEY_PEERS_EVENTS   another data-set size (default 200 / 20,000)
# PARLEY_PEERS_SETTLE / PARLEY_PEERS_CPU     seconds before PSS / of the CPU window (60 / 300)
# PARLEY_PEERS_HS          where the seeded Synapse lives (default $PARLEY_CACHE/bench/hs-peers,
#                          hs-peers-quick); reused while seed.py's parameters are unchanged
# PARLEY_PEERS_SCREENSHOTS=DIR  a screenshot of nheko after its encryption dialog is dismissed
# PARLEY_PEERS_PLAIN=1     the unencrypted data set of runs 1-4 (seeded over plain HTTP, cached)
#
# The data set is end-to-end encrypted by default: seed.py --encrypted creates the rooms and
# plans the events; both apps sign a resident account in; bench_seed_e2ee (parley-core's
# example) then sends the history from the other users' own devices, so both receive its
# room keys. That cannot be cached between runs (the resident devices' secrets live in this
# desktop session's keyring), so the encrypted homeserver is seeded afresh every run.
#
# Runs itself inside tests/harness/desktop-session and stops everything it started.
# Needs nheko, xdotool, xev/xprop (x11-utils), WebKitWebDriver and node (scripts/install-deps.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
OUT="$(realpath -m "${1:-$CACHE/bench/peers.md}")"

if [[ -z "${PARLEY_DESKTOP_SESSION:-}" ]]; then
  exec "$ROOT/tests/harness/desktop-session" "$0" "$OUT"
fi
# shellcheck source=tests/bench/lib.sh
. "$ROOT/tests/bench/lib.sh"
fail() { echo "peers: FAIL: $*" >&2; exit 1; }

QUICK="${PARLEY_BENCH_QUICK:-0}"
BUILD="${PARLEY_BENCH_BUILD:-release}"
PLAIN="${PARLEY_PEERS_PLAIN:-0}"
set_name=hs-peers-e2ee; [[ "$PLAIN" == 1 ]] && set_name=hs-peers
if [[ "$QUICK" == 1 ]]; then
  RUNS="${PARLEY_BENCH_RUNS:-1}" ROOMS=10 EVENTS=300 BIG=5 SETTLE=10 CPU=15
  HS="${PARLEY_PEERS_HS:-$CACHE/bench/$set_name-quick}"
else
  RUNS="${PARLEY_BENCH_RUNS:-5}" ROOMS=200 EVENTS=20000 BIG=50 SETTLE=60 CPU=300
  HS="${PARLEY_PEERS_HS:-$CACHE/bench/$set_name}"
fi
ROOMS="${PARLEY_PEERS_ROOMS:-$ROOMS}" EVENTS="${PARLEY_PEERS_EVENTS:-$EVENTS}"
SETTLE="${PARLEY_PEERS_SETTLE:-$SETTLE}" CPU="${PARLEY_PEERS_CPU:-$CPU}"
# Room version 10: nheko 0.11.3 cannot parse the create event of v11/v12 rooms (the server's
# default), which would cost it a logged parse error per room and make it treat them as v1.
# 2 % of the events are file offers (m.file).
# Encrypted: one more account, the resident one, signed in by both apps before the history.
accounts=$RUNS; [[ "$PLAIN" == 1 ]] || accounts=$((RUNS + 1))
seed_args=(--rooms "$ROOMS" --events "$EVENTS" --accounts "$accounts" --big "$BIG" --files 0.02 --room-version 10)
[[ "$PLAIN" == 1 ]] || seed_args+=(--encrypted)

for tool in nheko xdotool xev xprop stdbuf node jq /usr/bin/WebKitWebDriver; do
  command -v "$tool" >/dev/null || fail "$tool is missing (run scripts/install-deps.sh)"
done
flag=(); [[ "$BUILD" == release ]] && flag=(--release)
export PARLEY_DESKTOP_BIN="$CARGO_TARGET_DIR/$BUILD/parley-desktop"
if [[ "${PARLEY_BENCH_NO_BUILD:-0}" != 1 ]]; then
  [[ -f "$ROOT/ui/dist/index.html" ]] || fail "ui/dist is missing (make ui): the app embeds it"
  log "building parley-desktop, bench_seed_e2ee and webkit_baseline ($BUILD)"
  cargo build "${flag[@]}" -p parley-desktop >&2
  cargo build "${flag[@]}" -p parley-core --example bench_seed_e2ee >&2
  cargo build "${flag[@]}" -p parley-desktop --example webkit_baseline >&2
fi
[[ -x "$PARLEY_DESKTOP_BIN" ]] || fail "no $BUILD parley-desktop at $PARLEY_DESKTOP_BIN"
export PARLEY_BASELINE_BIN="$CARGO_TARGET_DIR/$BUILD/examples/webkit_baseline"
[[ -x "$PARLEY_BASELINE_BIN" ]] || fail "no $BUILD webkit_baseline at $PARLEY_BASELINE_BIN"
SENDER="$CARGO_TARGET_DIR/$BUILD/examples/bench_seed_e2ee"
[[ "$PLAIN" == 1 || -x "$SENDER" ]] || fail "no $BUILD bench_seed_e2ee at $SENDER"
TAURI_DRIVER="$("$ROOT/tests/desktop/ensure-tauri-driver")"
export TAURI_DRIVER

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-peers.XXXXXX")"
RESULTS="$WORK/results.jsonl"
cleanup() {
  set +e
  "$SYNAPSE" stop "$HS" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ "$PLAIN" != 1 ]]; then
  "$SYNAPSE" stop "$HS" >/dev/null 2>&1 || true
  rm -rf "$HS"
fi
bench_start_homeserver "$HS" "${seed_args[@]}"
seed_started=$(date +%s)
SEED="$(bench_seed "$HS" "${seed_args[@]}")"
export PARLEY_TEST_HOMESERVER="$HSURL" PARLEY_TEST_SYNAPSE_DIR="$HS"

# What was measured, for the report.
commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -q . && echo true || echo false)"
jq -nc --argjson seed "$SEED" --arg seed_s "$(( $(date +%s) - seed_started ))" \
  --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
  --arg cores "$(nproc)" --arg kernel "$(uname -r)" --arg mem "$(awk '/MemTotal/ {print $2}' /proc/meminfo)" \
  --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --arg nheko "$(dpkg-query -W -f='${Version}' nheko 2>/dev/null || echo unknown)" \
  --arg webkit "$(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo unknown)" \
  --arg commit "$commit" --argjson dirty "$dirty" --arg build "$BUILD" --argjson quick "$QUICK" \
  --arg bin_mtime "$(date -u -r "$PARLEY_DESKTOP_BIN" '+%Y-%m-%d %H:%M UTC')" \
  --arg settle "$SETTLE" --arg cpu_s "$CPU" --arg runs "$RUNS" \
  '{kind:"meta", seed:$seed, seed_this_run_s:($seed_s|tonumber), cpu:$cpu, cores:($cores|tonumber), kernel:$kernel,
    mem_kib:($mem|tonumber), load_before:$load, nheko:$nheko, webkitgtk:$webkit, commit:$commit, dirty:$dirty,
    build:$build, quick:$quick, binary_mtime:$bin_mtime, settle_s:($settle|tonumber), cpu_s:($cpu_s|tonumber),
    runs:($runs|tonumber)}' >"$RESULTS"

resident=null
if [[ "$PLAIN" != 1 ]]; then
  # The last account is the resident one; the plan lists the biggest room first.
  resident="$(jq -c --arg plan "$HS/bench-plan.json" --arg sender "$SENDER" --argjson seed "$SEED" \
    '{account:($seed.accounts[-1] | ltrimstr("@") | sub(":.*$"; "")), user_id:$seed.accounts[-1], plan:$plan,
      sender:$sender, room:.rooms[0].room_id, watch_user:.rooms[0].ops[0].s}' \
    "$HS/bench-plan.json")"
fi
PARLEY_PEERS="$(jq -nc --arg out "$RESULTS" --argjson runs "$RUNS" --argjson seed "$SEED" \
  --argjson settle "$SETTLE" --argjson cpu "$CPU" --argjson resident "$resident" \
  '{out:$out, runs:$runs, accounts:[$seed.accounts[] | ltrimstr("@") | sub(":.*$"; "")], password:$seed.password,
    rooms:$seed.rooms_per_account, settle_s:$settle, cpu_s:$cpu}
   + (if $resident == null then {} else {resident:$resident} end)')"
export PARLEY_PEERS
log "measuring Parley ($BUILD) and nheko: $RUNS run(s) each, ${SETTLE}s settle, ${CPU}s CPU window"
measured=0
node "$ROOT/tests/bench/peers.mjs" >&2 || measured=$?

# What was measured is kept even when a measurement failed: a full run takes half an hour.
jq -nc --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{kind:"end", load_after:$load}' >>"$RESULTS"
mkdir -p "$(dirname "$OUT")"
cp "$RESULTS" "${OUT%.md}.jsonl"
"$PY" "$BENCH_DIR/peers_report.py" "$RESULTS" >"$OUT"
log "wrote $OUT and ${OUT%.md}.jsonl"
[[ "$measured" == 0 ]] || fail "a measurement could not be taken (the 'not ok' line above says which)"
