#!/usr/bin/env bash
# tests/deny/check.sh — the dependency audit (issue 17): `cargo deny check` passes on the
# workspace offline, and fails on tests/deny/fixture, which depends on a crate with a known
# advisory (smallvec 1.6.0, RUSTSEC-2021-0003) — proof that the advisory check really reads
# the database rather than passing on an empty one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$ROOT/scripts/deny.sh"
fixture="$ROOT/tests/deny/fixture/Cargo.toml"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
if "$ROOT/scripts/deny.sh" --manifest-path "$fixture" >"$out" 2>&1; then
    cat "$out" >&2
    echo "deny: FAIL: a crate with a known advisory passed the check" >&2
    exit 1
fi
grep -q "RUSTSEC-2021-0003" "$out" || { cat "$out" >&2; echo "deny: FAIL: the fixture failed, but not on RUSTSEC-2021-0003" >&2; exit 1; }
echo "deny: the workspace passes; the fixture fails on RUSTSEC-2021-0003, as it must"
