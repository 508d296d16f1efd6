#!/usr/bin/env bash
# `make package`: the release installers and everything published with them, in OUT_DIR.
#   1. the .deb and .rpm from the release profile (Tauri bundler, tauri-cli 2.12.4);
#   2. the policy templates bundle (packaging/policy-bundle.sh);
#   3. with TAURI_SIGNING_PRIVATE_KEY set: each installer's update signature (bound to the
#      version) and the update feed latest.json for PARLEY_RELEASE_BASE_URL;
#   4. with PARLEY_SIGNING_KEY_FILE set: the OpenPGP signatures and SHA256SUMS (packaging/sign.sh).
# Without the keys the artifacts are built and left unsigned, and this says so.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
die() { echo "package: $*" >&2; exit 1; }
[[ $# -eq 1 ]] || { echo "usage: packaging/release.sh OUT_DIR" >&2; exit 2; }
OUT="$1"
rm -rf "$OUT" && mkdir -p "$OUT"
VERSION="$(jq -er .version "$ROOT/src-tauri/tauri.conf.json")" || die "no version in src-tauri/tauri.conf.json"

# shellcheck source=scripts/cargo-tool.sh
source "$ROOT/scripts/cargo-tool.sh"
cargo_tool tauri-cli 2.12.4 "$CACHE/tools" cargo-tauri

BUNDLE="$TARGET/release/bundle"
rm -rf "$BUNDLE/deb" "$BUNDLE/rpm"
args=(build --ci --bundles deb,rpm)
[[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]] && args+=(--config '{"bundle":{"createUpdaterArtifacts":true}}')
(cd "$ROOT/src-tauri" && "$CACHE/tools/bin/cargo-tauri" "${args[@]}") || die "the Tauri bundler failed"
find "$BUNDLE/deb" "$BUNDLE/rpm" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.rpm' -o -name '*.sig' \) \
    -exec cp -- {} "$OUT/" \;
"$HERE/policy-bundle.sh" "$OUT" >/dev/null

if [[ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ]]; then
    [[ -n "${PARLEY_RELEASE_BASE_URL:-}" ]] || die "PARLEY_RELEASE_BASE_URL (where the installers are published) is needed for latest.json"
    "$HERE/update-manifest.sh" "$OUT" "$PARLEY_RELEASE_BASE_URL" >/dev/null
else
    echo "package: TAURI_SIGNING_PRIVATE_KEY is not set, so the installers carry no update signature and no latest.json is written" >&2
fi
[[ -n "${PARLEY_UPDATE_PUBKEY:-}" ]] \
    || echo "package: PARLEY_UPDATE_PUBKEY was not set for the build, so these installers will not update themselves" >&2
if [[ -n "${PARLEY_SIGNING_KEY_FILE:-}" ]]; then
    "$HERE/sign.sh" "$OUT"
else
    echo "package: PARLEY_SIGNING_KEY_FILE is not set, so the artifacts are not signed" >&2
fi
echo "package: Parley $VERSION in $OUT:"
ls -l "$OUT"
