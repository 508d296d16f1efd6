#!/usr/bin/env bash
# Writes DIR/latest.json, the update feed Parley's updater reads (a Tauri static update
# manifest), from the installers in DIR and their update signatures (`NAME.sig`, made by the
# Tauri bundler with `createUpdaterArtifacts` and TAURI_SIGNING_PRIVATE_KEY, which binds each
# signature to the version). BASE_URL is where the installers will be published.
#
#   packaging/update-manifest.sh DIR BASE_URL [NOTES]
#
# Each installer becomes the entry its installed copies look up: linux-ARCH-deb, linux-ARCH-rpm,
# windows-ARCH-msi, windows-ARCH-nsis, darwin-ARCH-app. An installer without its .sig is an
# error: the updater would refuse it anyway.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "update-manifest: $*" >&2; exit 1; }
[[ $# -ge 2 && $# -le 3 ]] || { echo "usage: packaging/update-manifest.sh DIR BASE_URL [NOTES]" >&2; exit 2; }
DIR="$1" BASE="${2%/}" NOTES="${3:-}"
[[ -d "$DIR" ]] || die "$DIR is not a directory"
[[ "$BASE" == https://* ]] || die "BASE_URL must be an https:// address (Parley refuses any other feed)"
VERSION="$(jq -er .version "$HERE/../src-tauri/tauri.conf.json")" || die "no version in src-tauri/tauri.conf.json"

# NAME → "os-arch-installer", from the bundler's file names.
entry() {
    local arch
    case "$1" in
        *_amd64.deb | *.x86_64.rpm | *_x64_*.msi | *_x64-setup.exe | *_x64.app.tar.gz) arch=x86_64 ;;
        *_arm64.deb | *.aarch64.rpm | *_arm64_*.msi | *_arm64-setup.exe | *_aarch64.app.tar.gz) arch=aarch64 ;;
        *) return 1 ;;
    esac
    case "$1" in
        *.deb) echo "linux-$arch-deb" ;;
        *.rpm) echo "linux-$arch-rpm" ;;
        *.msi) echo "windows-$arch-msi" ;;
        *-setup.exe) echo "windows-$arch-nsis" ;;
        *.app.tar.gz) echo "darwin-$arch-app" ;;
    esac
}

platforms='{}'
shopt -s nullglob
for path in "$DIR"/*.deb "$DIR"/*.rpm "$DIR"/*.msi "$DIR"/*-setup.exe "$DIR"/*.app.tar.gz; do
    name="$(basename "$path")"
    key="$(entry "$name")" || die "$name: cannot tell its platform from its name"
    [[ -f "$path.sig" ]] || die "$name has no update signature ($name.sig)"
    platforms="$(jq --arg key "$key" --arg url "$BASE/$name" --rawfile sig "$path.sig" \
        '. + {($key): {url: $url, signature: ($sig | rtrimstr("\n"))}}' <<<"$platforms")"
done
[[ "$platforms" != '{}' ]] || die "no installers in $DIR"
jq -n --arg version "$VERSION" --arg notes "$NOTES" --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --argjson platforms "$platforms" \
    '{version: $version, notes: $notes, pub_date: $date, platforms: $platforms}' >"$DIR/latest.json"
echo "$DIR/latest.json"
