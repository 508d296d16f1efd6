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
VERSION="${PARLEY_CARGO_DENY_VERSION:-0.19.0}"
TOOLS="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}/tools"
DENY="$TOOLS/bin/cargo-deny"

if [[ ! -x "$DENY" ]] || [[ "$(cat "$TOOLS/.cargo-deny-version" 2>/dev/null)" != "$VERSION" ]]; then
    echo "deny: installing cargo-deny $VERSION into $TOOLS" >&2
    mkdir -p "$TOOLS"
    CARGO_TARGET_DIR="$TOOLS/build-deny" \
        cargo install cargo-deny --version "=$VERSION" --locked --force --root "$TOOLS" >&2
    rm -rf "$TOOLS/build-deny"
    echo "$VERSION" >"$TOOLS/.cargo-deny-version"
fi

DB="${PARLEY_ADVISORY_DB:-}"
if [[ -z "$DB" ]]; then
    for candidate in "$ROOT/../shared/advisory-db" /work/shared/advisory-db; do
        [[ -d "$candidate/crates" ]] && { DB="$candidate"; break; }
    done
fi
[[ -n "$DB" && -d "$DB/crates" ]] || { echo "deny: no RustSec snapshot (set PARLEY_ADVISORY_DB)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-deny.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cp -r "$DB" "$WORK/advisory-db"
git -C "$WORK/advisory-db" init -q -b main
git -C "$WORK/advisory-db" add -A
git -C "$WORK/advisory-db" -c user.name=parley -c user.email=parley@localhost commit -qm snapshot
# The project's deny.toml with the database pointed at the local copy.
sed -e "s|^db-urls = .*|db-urls = [\"file://$WORK/advisory-db\"]\ndb-path = \"$WORK/dbs\"|" "$ROOT/deny.toml" >"$WORK/deny.toml"
grep -q "file://$WORK/advisory-db" "$WORK/deny.toml" || { echo "deny: could not point deny.toml at the snapshot" >&2; exit 2; }
echo "deny: advisory snapshot $(cat "$DB/SNAPSHOT" 2>/dev/null || echo '(undated)')" >&2
"$DENY" --log-level warn "$@" check --config "$WORK/deny.toml"
