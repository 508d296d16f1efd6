#!/usr/bin/env bash
# Installs every system package Parley's build, demo and tests need on Debian 12.
# Idempotent: apt only installs what is missing; runs as root (as CI does).
set -euo pipefail

PACKAGES=(
  # build: Tauri/WebKitGTK and -sys crates (no OpenSSL: TLS is rustls)
  build-essential pkg-config libwebkit2gtk-4.1-dev libsoup-3.0-dev libgtk-3-dev
  libjavascriptcoregtk-4.1-dev librsvg2-dev libdbus-1-dev libsqlite3-dev
  # the tray entry (libayatana-appindicator3, loaded at run time)
  libayatana-appindicator3-dev
  # desktop test environment
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools dunst libnotify-bin
  webkit2gtk-driver at-spi2-core x11-utils imagemagick
  # fonts for the UI's languages (Traditional Chinese) and emoji reactions, in tests and the demo
  fonts-noto-cjk fonts-noto-color-emoji
  # gdbus: the shell suite reads the tray label from the session bus
  libglib2.0-bin
  # antivirus for file-scan tests (clamd; c-icap with its clamd-backed virus_scan service)
  clamav-daemon c-icap libc-icap-mod-virus-scan
  # the file-guard benchmark compares with clamdscan alone
  clamdscan
  # the side-by-side benchmark (tests/bench/peers.sh): the native peer (with the image plugins
  # it recommends, as measured), and clicks in its window
  nheko kimageformat-plugins qt5-image-formats-plugins xdotool
  # browser UI tests (also drives the SSO login page in tests/harness/sso-browser.mjs)
  chromium
  # enterprise sign-in tests: a throwaway OpenLDAP directory (tests/harness/ldap)
  slapd ldap-utils
  # packaging: gpg/gpgv for the release signatures, rpmsign/rpmkeys for the .rpm (docs/packaging.md)
  gnupg gpgv rpm
  # helpers used by scripts
  curl jq procps psmisc time
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # slapd: skip its initial database setup (no admin-password prompt, no /var/lib/ldap
  # directory for the hostname's domain); tests/harness/ldap writes its own config.
  echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# clamav-daemon's package starts a system clamd that would fail without signatures; tests run their own.
systemctl disable --now clamav-daemon clamav-freshclam >/dev/null 2>&1 || true
# Likewise c-icap: the harness runs its own on a free port.
systemctl disable --now c-icap >/dev/null 2>&1 || true
# Likewise slapd: tests/harness/ldap runs its own on a free port with its own config.
systemctl disable --now slapd >/dev/null 2>&1 || true
