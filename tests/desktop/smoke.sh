#!/usr/bin/env bash
# tests/desktop/smoke.sh — the desktop app starts, its window appears and the UI loads.
#
# Builds nothing: expects ui/dist (npm --prefix ui run build) and the debug binary
# ($CARGO_TARGET_DIR/debug/parley-desktop, or $PARLEY_DESKTOP_BIN). Needs an X display,
# a session bus and a keyring: run it inside tests/harness/desktop-session, e.g.
#   tests/harness/desktop-session tests/desktop/smoke.sh
#
# Passes when, within $PARLEY_SMOKE_TIMEOUT seconds (default 60):
#   1. an X window named "Parley" exists (xwininfo -root -tree), and
#   2. the app prints PARLEY_UI_READY — the Svelte UI mounted and reached Rust over IPC
#      (PARLEY_SMOKE_EXIT_AFTER_LOAD=1), and
#   3. the app then exits 0 by itself, and
#   4. the page logged no Content-Security-Policy violation (debug builds copy the
#      webview console to the log with PARLEY_WEBVIEW_CONSOLE=1).
# With $PARLEY_ARTIFACTS set, a screenshot of the screen goes to $PARLEY_ARTIFACTS/smoke.png
# and the app's output to $PARLEY_ARTIFACTS/smoke.log.
set -euo pipefail

log() { echo "smoke: $*" >&2; }
fail() { log "FAIL: $*"; [[ -s "${OUT:-}" ]] && { log "app output (last 40 lines):"; tail -n 40 "$OUT" >&2; }; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${PARLEY_DESKTOP_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/parley-desktop}"
TIMEOUT="${PARLEY_SMOKE_TIMEOUT:-60}"

[[ -x "$BIN" ]] || fail "no app binary at $BIN (build it: cargo build -p parley-desktop)"
[[ -f "$ROOT/ui/dist/index.html" ]] || fail "ui/dist is missing (build it: npm --prefix ui run build)"
[[ -n "${DISPLAY:-}" ]] || fail "DISPLAY is not set (run inside tests/harness/desktop-session)"
[[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]] || fail "no D-Bus session bus (run inside tests/harness/desktop-session)"
for tool in xwininfo import; do
    command -v "$tool" >/dev/null || fail "$tool not found (run scripts/install-deps.sh)"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/parley-smoke.XXXXXX")"
OUT="$WORK/app.log"
APP_PID=""
cleanup() {
    local rc=$?
    if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
        kill -TERM "$APP_PID" 2>/dev/null || true
        sleep 1
        kill -KILL "$APP_PID" 2>/dev/null || true
    fi
    if [[ -n "${PARLEY_ARTIFACTS:-}" && -f "$OUT" ]]; then
        mkdir -p "$PARLEY_ARTIFACTS" && cp "$OUT" "$PARLEY_ARTIFACTS/smoke.log"
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT

# A fresh profile: no session, so the login screen shows.
mkdir -m 700 "$WORK/profile"
log "starting $BIN"
PARLEY_PROFILE="$WORK/profile" \
PARLEY_SMOKE_EXIT_AFTER_LOAD=1 \
PARLEY_SMOKE_EXIT_DELAY_MS="${PARLEY_SMOKE_EXIT_DELAY_MS:-3000}" \
PARLEY_WEBVIEW_CONSOLE="${PARLEY_WEBVIEW_CONSOLE:-1}" \
WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER:-1}" \
    "$BIN" >"$OUT" 2>&1 </dev/null &
APP_PID=$!

window_seen=0 ready=0
deadline=$((SECONDS + TIMEOUT))
while ((SECONDS < deadline)); do
    if ((!window_seen)) && xwininfo -root -tree 2>/dev/null | grep -q '"Parley"'; then
        window_seen=1
        log "window \"Parley\" is mapped"
    fi
    if ((!ready)) && grep -q '^PARLEY_UI_READY$' "$OUT"; then
        ready=1
        log "UI reported ready"
    fi
    if ((window_seen && ready)); then break; fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.2
done

((ready)) || {
    kill -0 "$APP_PID" 2>/dev/null && fail "the UI did not report ready within ${TIMEOUT}s"
    wait "$APP_PID" && rc=0 || rc=$?
    APP_PID=""
    fail "the app exited (status $rc) before the UI reported ready"
}
((window_seen)) || fail "no X window named \"Parley\" appeared"

# Give the first frame time to paint, then capture the screen while the app is still up.
sleep 1
if [[ -n "${PARLEY_ARTIFACTS:-}" ]]; then
    mkdir -p "$PARLEY_ARTIFACTS"
    import -window root "$PARLEY_ARTIFACTS/smoke.png" || fail "screenshot failed"
    log "screenshot: $PARLEY_ARTIFACTS/smoke.png"
fi

# The app exits 0 on its own after PARLEY_SMOKE_EXIT_DELAY_MS.
for ((i = 0; i < 100; i++)); do
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$APP_PID" 2>/dev/null && fail "the app did not exit by itself after reporting ready"
wait "$APP_PID" && rc=0 || rc=$?
APP_PID=""
((rc == 0)) || fail "the app exited with status $rc"
if grep -qiE 'Refused to (load|execute|apply)|Content.Security.Policy' "$OUT"; then
    fail "the webview reported a CSP violation"
fi
log "PASS"
echo "1 passed, 0 failed"
