#!/usr/bin/env bash
# File-guard benchmark (issue 6): accept → release of a large file through the real engine
# (download into quarantine, decrypt, checks, clamd scan, release with mark-of-the-web),
# beside the raw download of the same media and `clamdscan` alone. A measurement, never a
# pass/fail test.
#
#   tests/bench/files.sh [OUT.md]
#
# PARLEY_BENCH_FILE_MB   file size (default 100)      PARLEY_BENCH_RUNS   runs per figure (default 5)
# PARLEY_BENCH_BUILD     release (default) or debug
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$CACHE/target}"
OUT="$(realpath -m "${1:-$CACHE/bench/files.md}")"
MB="${PARLEY_BENCH_FILE_MB:-100}"
RUNS="${PARLEY_BENCH_RUNS:-5}"
BUILD="${PARLEY_BENCH_BUILD:-release}"

# Services: keyring session, then scanners sized for the file, then a homeserver.
if [[ -z "${PARLEY_DESKTOP_SESSION:-}" ]]; then
  exec "$ROOT/tests/harness/desktop-session" "$0" "$OUT"
fi
if [[ -z "${PARLEY_TEST_CLAMD_SOCKET:-}" ]]; then
  PARLEY_CLAMD_STREAM_MAX="$((MB * 3))M" exec "$ROOT/tests/with-scanners" "$0" "$OUT"
fi
if [[ -z "${PARLEY_TEST_HOMESERVER:-}" ]]; then
  exec "$ROOT/tests/with-homeserver" "$0" "$OUT"
fi
log() { echo "bench-files: $*" >&2; }

flag=(); [[ "$BUILD" == release ]] && flag=(--release)
log "building parleyctl ($BUILD)"
cargo build "${flag[@]}" -p parleyctl --bin parleyctl >&2
CTL="$CARGO_TARGET_DIR/$BUILD/parleyctl"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-bench-files.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
HS="$PARLEY_TEST_HOMESERVER"; HSDIR="$PARLEY_TEST_SYNAPSE_DIR"

user() { "$ROOT/tests/harness/synapse" register "$HSDIR" "$1" "pw-$1" >/dev/null; }
user alice; user bob
for u in alice bob; do
  "$CTL" --profile "$WORK/$u" login --homeserver "$HS" --user "$u" --password-stdin --json <<<"pw-$u" >/dev/null
done
ROOM="$("$CTL" --profile "$WORK/alice" dm create @bob:localhost --json | jq -r .room_id)"
"$CTL" --profile "$WORK/bob" join "$ROOM"

# A managed policy (root-owned, as the loader insists): the harness clamd, limit above the file.
POLICY="$WORK/policy"; mkdir -p "$POLICY/managed"
printf '{"FileScannerAddress":"unix:%s","MaxIncomingFileSizeMb":%d}\n' "$PARLEY_TEST_CLAMD_SOCKET" "$((MB * 2))" \
  >"$POLICY/managed/bench.json"
chmod 0755 "$POLICY" "$POLICY/managed"; chmod 0644 "$POLICY/managed/bench.json"

send() { # NAME SIZE_BYTES → event id
  head -c "$2" /dev/urandom >"$WORK/$1"
  "$CTL" --profile "$WORK/bob" send-file "$ROOM" "$WORK/$1" | jq -r .event_id
}
log "sending a ${MB} MB file and a 1 KB file"
t0=$(date +%s.%N)
BIG="$(send big.bin "$((MB * 1024 * 1024))")"
SEND_S="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}')"
SMALL="$(send small.bin 1024)"
# The encrypted upload is the newest file in Synapse's media store (local_content/AB/CD/rest).
MEDIA="$(find "$HSDIR/media_store/local_content" -type f -size +1M -printf '%T@ %P\n' | sort -n | tail -1 | cut -d' ' -f2 | tr -d /)"
TOKEN="$(curl -sf -X POST "$HS/_matrix/client/v3/login" -H 'Content-Type: application/json' \
  -d '{"type":"m.login.password","identifier":{"type":"m.id.user","user":"alice"},"password":"pw-alice"}' | jq -r .access_token)"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { local t0; t0=$(date +%s.%N); "$@" >"$WORK/last.out" 2>&1 || true; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {print b - a}'; }

raw=(); scan=(); accept=(); accept_small=(); accept_noscan=()
for i in $(seq 1 "$RUNS"); do
  log "run $i/$RUNS"
  raw+=("$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$HS/_matrix/client/v1/media/download/localhost/$MEDIA")")
  scan+=("$(seconds clamdscan --config-file="$PARLEY_TEST_CLAMD_DIR/clamd.conf" --stream --no-summary "$WORK/big.bin")")
  rm -rf "$WORK/dl"
  accept+=("$(PARLEY_POLICY_DIR="$POLICY" seconds "$CTL" --profile "$WORK/alice" accept-file "$BIG" --to "$WORK/dl" --json)")
  [[ -f "$WORK/dl/big.bin" ]] || { log "accept-file did not release the file:"; cat "$WORK/last.out" >&2; exit 1; }
  rm -rf "$WORK/dl"
  accept_small+=("$(PARLEY_POLICY_DIR="$POLICY" seconds "$CTL" --profile "$WORK/alice" accept-file "$SMALL" --to "$WORK/dl" --json)")
  rm -rf "$WORK/dl"
  accept_noscan+=("$(PARLEY_POLICY_DIR=/nonexistent seconds "$CTL" --profile "$WORK/alice" accept-file "$BIG" --to "$WORK/dl" --json)")
done
m() { printf '%s\n' "$@" | median; }
RAW=$(m "${raw[@]}"); SCAN=$(m "${scan[@]}"); ACC=$(m "${accept[@]}"); SMALLM=$(m "${accept_small[@]}"); NOSCAN=$(m "${accept_noscan[@]}")
python3 - "$OUT" "$MB" "$RUNS" "$BUILD" "$SEND_S" "$RAW" "$SCAN" "$ACC" "$SMALLM" "$NOSCAN" \
  "${raw[*]}" "${scan[*]}" "${accept[*]}" "${accept_small[*]}" "${accept_noscan[*]}" <<'PY'
import sys
out, mb, runs, build, send, raw, scan, acc, small, noscan = sys.argv[1:11]
raws = sys.argv[11:16]
mb, send, raw, scan, acc, small, noscan = int(mb), *map(float, (send, raw, scan, acc, small, noscan))
work = acc - small          # the file-proportional part: start-up, sync and sign-in costs removed
noscan_work = noscan - small
rate = lambda s: f"{mb / s:.0f} MB/s" if s > 0 else "n/a"
text = f"""## File guard: accept → release of a {mb} MB file (issue 6)

`tests/bench/files.sh` ({build} build, medians of {runs} runs, local Synapse, harness clamd on a unix
socket). `accept-file` is the whole headless command (start, sync, download into quarantine, decrypt,
checks, scan, release with mark-of-the-web); the same command on a 1 KB file measures the fixed start-up
and sync cost, which is subtracted to give the file's own cost.

| What | Median | Throughput |
|---|---|---|
| Sending the file (`send-file`: encrypt, upload) | {send:.2f} s (one run) | {rate(send)} |
| Raw download of the encrypted media (`curl`, authenticated) | {raw:.2f} s | {rate(raw)} |
| `clamdscan --stream` alone | {scan:.2f} s | {rate(scan)} |
| `accept-file`, {mb} MB, with clamd | {acc:.2f} s | |
| `accept-file`, 1 KB (fixed cost) | {small:.2f} s | |
| **accept → release, {mb} MB (difference)** | **{work:.2f} s** | **{rate(work)}** |
| accept → release without a scanner (difference) | {noscan_work:.2f} s | {rate(noscan_work)} |

Ratios: accept → release is **{work / raw:.1f}×** the raw download and **{work / scan:.1f}×** `clamdscan` alone;
raw download + `clamdscan` together take {raw + scan:.2f} s ({work / (raw + scan):.2f}× of that).

Raw seconds — download: {raws[0]}; clamdscan: {raws[1]}; accept: {raws[2]}; accept 1 KB: {raws[3]}; accept without scan: {raws[4]}.
"""
open(out, "w").write(text)
print(text)
PY
