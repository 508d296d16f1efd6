#!/usr/bin/env bash
# Builds the Linux installers with the Tauri bundler (`cargo tauri build --debug`: the debug
# build `make build` already made, so CI does not pay for a second, optimised build; the
# release workflow bundles the release profile the same way), then on this machine: installs
# the .deb with dpkg, runs the installed `parley --version`, removes the package and checks
# that nothing of it is left; finally signs both installers with a throw-away key and checks
# packaging/verify.sh on them (tests/packaging/signing.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
VERSION="$(jq -er .version "$ROOT/src-tauri/tauri.conf.json")"
PACKAGE=parley
die() { echo "package test: $*" >&2; exit 1; }

# shellcheck source=scripts/cargo-tool.sh
source "$ROOT/scripts/cargo-tool.sh"
cargo_tool tauri-cli 2.12.4 "$CACHE/tools" cargo-tauri

BUNDLE="$TARGET/debug/bundle"
rm -rf "$BUNDLE/deb" "$BUNDLE/rpm"
(cd "$ROOT/src-tauri" && "$CACHE/tools/bin/cargo-tauri" build --debug --ci --bundles deb,rpm) >&2 \
    || die "the Tauri bundler failed"
DEB="$(find "$BUNDLE/deb" -maxdepth 1 -name '*.deb' | head -n 1)"
RPM="$(find "$BUNDLE/rpm" -maxdepth 1 -name '*.rpm' | head -n 1)"
[[ -f "$DEB" && -f "$RPM" ]] || die "no .deb or .rpm under $BUNDLE"
echo "ok - built $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB) and $(basename "$RPM") ($(du -k "$RPM" | cut -f1) KiB)"

[[ "$(dpkg-deb -f "$DEB" Package)" == "$PACKAGE" ]] || die "the .deb is not package $PACKAGE"
[[ "$(dpkg-deb -f "$DEB" Version)" == "$VERSION" ]] || die "the .deb's version is not $VERSION"
trap 'dpkg -r "$PACKAGE" >/dev/null 2>&1 || true' EXIT
dpkg -i "$DEB" >&2 || die "dpkg -i failed"
INSTALLED="$(command -v parley)" || die "parley is not on PATH after installing"
GOT="$(parley --version)"
[[ "$GOT" == "Parley $VERSION" ]] || die "parley --version said '$GOT', not 'Parley $VERSION'"
echo "ok - dpkg -i installed $INSTALLED; parley --version: $GOT"
# matrix: links from a browser or xdg-open reach the app (packaging/linux/parley.desktop), and
# the tray's indicator library is a dependency (tauri.conf.json; the .rpm leaves it out because
# its name differs between RPM distributions, and the tray is optional).
DESKTOP="$(dpkg -L "$PACKAGE" | grep -m1 '^/usr/share/applications/.*\.desktop$')" || die "no desktop file installed"
grep -qx 'MimeType=x-scheme-handler/matrix;' "$DESKTOP" || die "$DESKTOP does not handle matrix: links"
grep -qx 'Exec=parley %u' "$DESKTOP" || die "$DESKTOP does not pass the link to parley (Exec=parley %u)"
dpkg-deb -f "$DEB" Depends | grep -q 'libayatana-appindicator3-1' || die "the .deb does not depend on libayatana-appindicator3-1"
echo "ok - $DESKTOP handles x-scheme-handler/matrix; the .deb depends on libayatana-appindicator3-1"
# The benchmark's footprint next to nheko (tests/bench/installers.sh) keeps working: every
# dependency of the .deb is installed now, so each must resolve.
FOOT="$(python3 "$ROOT/tests/bench/deb_footprint.py" "$DEB" nheko)" || die "deb_footprint.py failed"
grep -q 'Not installed here' <<<"$FOOT" && die "deb_footprint.py left dependencies unresolved: $FOOT"
grep -Eq '^\| \*\*installed in all\*\* .* \| \*\*[1-9][0-9.]* MiB\*\* \| \*\*[1-9][0-9.]* MiB\*\* \|$' <<<"$FOOT" \
    || die "deb_footprint.py gave no totals: $FOOT"
grep -Eq '^\| dependencies only this app needs \| [1-9][0-9]* packages' <<<"$FOOT" \
    && grep -Eq '^\| dependencies both need \| [1-9][0-9]* packages' <<<"$FOOT" \
    || die "deb_footprint.py found no dependencies of the .deb: $FOOT"
echo "ok - footprint next to nheko: $(grep 'installed in all' <<<"$FOOT" | tr -d '*|' | tr -s ' ')"
mapfile -t FILES < <(dpkg -L "$PACKAGE" | while read -r f; do [[ -f "$f" ]] && echo "$f"; done)
dpkg -r "$PACKAGE" >&2 || die "dpkg -r failed"
trap - EXIT
dpkg-query -W -f='${Status}' "$PACKAGE" 2>/dev/null | grep -q "install ok installed" && die "still installed"
for f in "${FILES[@]}"; do [[ ! -e "$f" ]] || die "$f is left after removal"; done
echo "ok - dpkg -r removed all ${#FILES[@]} files"

# Updates: a throw-away updater key; both installers signed as the bundler signs them for a
# release (`signer sign --app-version`: the signature names the version); the feed written by
# packaging/update-manifest.sh; then the real updater (an ignored Rust test, run here) accepts
# the signed .deb from a loopback server and refuses it with a flipped byte.
UPDATES="$TARGET/package-test-updates"
rm -rf "$UPDATES" && mkdir -p "$UPDATES"
cp -- "$DEB" "$RPM" "$UPDATES/"
"$CACHE/tools/bin/cargo-tauri" signer generate --ci --password "" --write-keys "$UPDATES/update-key" >/dev/null \
    || die "cargo tauri signer generate failed"
for installer in "$UPDATES/$(basename "$DEB")" "$UPDATES/$(basename "$RPM")"; do
    "$CACHE/tools/bin/cargo-tauri" signer sign --private-key-path "$UPDATES/update-key" --password "" \
        --app-version "$VERSION" "$installer" >/dev/null || die "signing $(basename "$installer") for updates failed"
done
rm -f "$UPDATES/update-key"
if "$ROOT/packaging/update-manifest.sh" "$UPDATES" http://updates.example.org/parley >/dev/null 2>&1; then
    die "update-manifest.sh accepted a plain http:// feed address"
fi
"$ROOT/packaging/update-manifest.sh" "$UPDATES" https://updates.example.org/parley >/dev/null
MANIFEST="$UPDATES/latest.json"
ARCH="$(uname -m)"
jq -e --arg v "$VERSION" --arg arch "$ARCH" --arg deb "$(basename "$DEB")" --arg rpm "$(basename "$RPM")" '
    .version == $v
    and .platforms["linux-\($arch)-deb"].url == "https://updates.example.org/parley/\($deb)"
    and .platforms["linux-\($arch)-rpm"].url == "https://updates.example.org/parley/\($rpm)"
    and (.platforms | length) == 2' "$MANIFEST" >/dev/null || die "latest.json is not as expected: $(cat "$MANIFEST")"
[[ "$(jq -r --arg arch "$ARCH" '.platforms["linux-\($arch)-deb"].signature' "$MANIFEST")" == "$(cat "$UPDATES/$(basename "$DEB").sig")" ]] \
    || die "latest.json does not carry the .deb's signature"
mv "$UPDATES/$(basename "$RPM").sig" "$UPDATES/unsigned.sig.away"
if "$ROOT/packaging/update-manifest.sh" "$UPDATES" https://updates.example.org/parley >/dev/null 2>&1; then
    die "update-manifest.sh listed an installer without its update signature"
fi
mv "$UPDATES/unsigned.sig.away" "$UPDATES/$(basename "$RPM").sig"
"$ROOT/packaging/update-manifest.sh" "$UPDATES" https://updates.example.org/parley >/dev/null
echo "ok - update signatures made with a throw-away key; latest.json lists the .deb and .rpm; unsigned installers and http:// feeds are refused"
(cd "$ROOT" && PARLEY_UPDATE_FIXTURE="$UPDATES" cargo test --workspace --bin parley-desktop -- --ignored --exact \
    updates::tests::the_release_installer_signed_by_the_tauri_cli_is_accepted_and_a_flipped_byte_refused) >&2 \
    || die "the updater refused the signed release installer, or accepted a flipped byte"
echo "ok - the updater accepts the CLI-signed .deb from a loopback feed and refuses it with one flipped byte"

mkdir -p "$TARGET/package-test" && rm -f "$TARGET/package-test"/*
cp -- "$DEB" "$RPM" "$TARGET/package-test/"
"$ROOT/tests/packaging/signing.sh" "$TARGET/package-test"
