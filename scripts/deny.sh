#!/usr/bin/env bash
# scripts/deny.sh [--manifest-path PATH] — `cargo deny check` (advisories, licences, bans,
# sources) offline: the RustSec database comes from the snapshot in $PARLEY_ADVISORY_DB
# (default ../shared/advisory-db next to the checkout, or /work/shared/advisory-db), copied
# into a temporary git repository that cargo-deny clones from a file:// URL. Nothing is
# fetched from GitHub. cargo-deny itself is installed from crates.io into $PARLEY_CACHE/tools
# (pinned) the first time.
#
#   scripts/deny.sh                                        # the workspace; exit 0 = clean
#   scripts/deny.sh --manifest-path tests/deny/fixture/Cargo.toml   # must fail (advisory)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${PARLEY_CARGO_DENY_VERSION:-0.20.2}"
TOOLS="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}/tools"
DENY="$TOOLS/bin/cargo-deny"

# shellcheck source=scripts/cargo-tool.sh
source "$ROOT/scripts/cargo-tool.sh"
cargo_tool cargo-deny "$VERSION" "$TOOLS"

DB="${PARLEY_ADVISORY_DB:-}"
if [[ -z "$DB" ]]; then
    for candidate in "$ROOT/../shared/advisory-db" /work/shared/advisory-db; do
        [[ -d "$candidate/crates" ]] && { DB="$candidate"; break; }
    done
fi
[[ -n "$DB" && -d "$DB/crates" ]] || { echo "deny: no RustSec snapshot (set PARLEY_ADVISORY_DB)" >&2; exit 2; }

# cargo-deny reads `cargo metadata` for every platform, offline: the crates of every target in
# the lockfile (Windows, macOS, Android…) must be in Cargo's cache, which a fresh machine's
# build alone does not put there. crates.io is reachable, so fetch them first.
cargo fetch --locked "$@" >/dev/null 2>&1 || cargo fetch --locked "$@"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-deny.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# The project's deny.toml with a local database folder. The snapshot is as old as it is:
# its age is printed, and the staleness limit is lifted for this offline run only.
snapshot_date="$(awk '{print $2}' "$DB/SNAPSHOT" 2>/dev/null || true)"
sed -e "s|^db-urls = .*|&\ndb-path = \"$WORK/dbs\"\nmaximum-db-staleness = \"P3650D\"|" "$ROOT/deny.toml" >"$WORK/deny.toml"
grep -q "db-path = \"$WORK/dbs\"" "$WORK/deny.toml" || { echo "deny: could not point deny.toml at a local database" >&2; exit 2; }
# cargo-deny keeps each database in a folder named after its URL (a hash); ask it which.
name="$("$DENY" --config "$WORK/deny.toml" --offline "$@" check advisories 2>&1 | grep -o 'advisory-db-[0-9a-f]\{16\}' | head -n1 || true)"
[[ -n "$name" ]] || { echo "deny: could not learn where cargo-deny expects the database" >&2; exit 2; }
mkdir -p "$WORK/dbs"
cp -r "$DB" "$WORK/dbs/$name"
(
    cd "$WORK/dbs/$name"
    git init -q -b main
    git add -A
    GIT_AUTHOR_DATE="${snapshot_date:+${snapshot_date}T00:00:00Z}" GIT_COMMITTER_DATE="${snapshot_date:+${snapshot_date}T00:00:00Z}" \
        git -c user.name=parley -c user.email=parley@localhost commit -qm "RustSec snapshot"
)
echo "deny: RustSec snapshot of ${snapshot_date:-an unknown date} ($(cat "$DB/SNAPSHOT" 2>/dev/null | cut -c1-12))" >&2
"$DENY" --log-level warn --config "$WORK/deny.toml" --offline "$@" check
