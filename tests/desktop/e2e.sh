#!/usr/bin/env bash
# tests/desktop/e2e.sh — desktop end-to-end test through WebDriver (tests/desktop/e2e.mjs):
# the real app in its real WebKitGTK webview, driven by tauri-driver + WebKitWebDriver,
# chatting over a real Synapse with the real parleyctl.
#
# Builds nothing: expects ui/dist, $CARGO_TARGET_DIR/debug/{parley-desktop,parleyctl}.
# Installs tauri-driver into $PARLEY_CACHE/tools if missing (tests/desktop/ensure-tauri-driver).
# Needs a homeserver and a desktop session:
#   tests/harness/desktop-session tests/with-homeserver tests/desktop/e2e.sh
# With $PARLEY_ARTIFACTS set, a screenshot goes to $PARLEY_ARTIFACTS/desktop-e2e.png and the
# tauri-driver/app output to $PARLEY_ARTIFACTS/desktop-e2e.log.
set -euo pipefail

fail() { echo "e2e: FAIL: $*" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}/target}"
APP="${PARLEY_DESKTOP_BIN:-$CARGO_TARGET_DIR/debug/parley-desktop}"
CTL="$CARGO_TARGET_DIR/debug/parleyctl"

[[ -f "$ROOT/ui/dist/index.html" ]] || fail "ui/dist is missing (build it: npm --prefix ui run build)"
[[ -x "$APP" ]] || fail "no app binary at $APP (build it: cargo build -p parley-desktop)"
[[ -x "$CTL" ]] || fail "no parleyctl at $CTL (build it: cargo build -p parleyctl)"
[[ -x /usr/bin/WebKitWebDriver ]] || fail "WebKitWebDriver is missing (Debian package webkit2gtk-driver; run scripts/install-deps.sh)"
[[ -n "${PARLEY_TEST_HOMESERVER:-}" ]] || fail "no homeserver (run inside tests/with-homeserver)"
[[ -n "${DISPLAY:-}" && -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] || fail "no desktop session (run inside tests/harness/desktop-session)"
command -v node >/dev/null || fail "node is not installed"

TAURI_DRIVER="$("$ROOT/tests/desktop/ensure-tauri-driver")"
export TAURI_DRIVER
# An optional argument picks another suite in this folder (e.g. dlp.mjs).
exec node "$ROOT/tests/desktop/${1:-e2e.mjs}"
