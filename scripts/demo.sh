#!/usr/bin/env bash
# make demo: a local Synapse with two demo users (alice, bob), an encrypted DM
# between them with a few messages, a bot answering as bob, and the desktop app
# signed in as alice. Idempotent: state lives in $PARLEY_CACHE/demo and is reused.
#
# On a desktop (DISPLAY and a session bus set) the app opens in your session and
# uses your keyring. On a headless machine it runs under Xvfb with a demo keyring
# kept in the demo folder, and a screenshot is written to $DEMO/screenshot.png.
# PARLEY_DEMO_SECONDS=N stops the demo after N seconds (used by tests).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${PARLEY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/parley}"
DEMO="$CACHE/demo"
TARGET="${CARGO_TARGET_DIR:-$CACHE/target}"
CTL="$TARGET/debug/parleyctl"
APP="$TARGET/debug/parley-desktop"
BOT="$TARGET/debug/examples/demo_bot"
say() { echo "demo: $*" >&2; }

mkdir -p -m 700 "$DEMO"
# One process per profile (the engine holds a lock on its folder): a demo still running has
# Alice's profile open in its window and Bob's in its bot. Say so rather than fail halfway.
for who in alice bob; do
    held=0
    [[ -d "$DEMO/$who" ]] && { flock -n -E 75 "$DEMO/$who" true || held=$?; }
    if [[ $held == 75 ]]; then
        say "a Parley demo is already running (it has $who's profile open); close it, then run make demo again"
        exit 1
    fi
done
if [[ -z "${PARLEY_DEMO_IN_SESSION:-}" ]]; then
    export PARLEY_DEMO_IN_SESSION=1
    if [[ -n "${DISPLAY:-}" && -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]]; then
        exec "$0" "$@"
    fi
    say "no desktop session found: running under Xvfb with a demo keyring"
    export PARLEY_DEMO_HEADLESS=1 PARLEY_KEYRING_DATA_HOME="$DEMO/keyring"
    exec "$ROOT/tests/harness/desktop-session" "$0" "$@"
fi

# A fixed port keeps the demo profiles' homeserver address stable between runs.
hs_url="$(PARLEY_SYNAPSE_PORT="${PARLEY_DEMO_PORT:-8008}" "$ROOT/tests/harness/synapse" start "$DEMO/hs")"
"$ROOT/tests/harness/synapse" register "$DEMO/hs" alice demo-alice-password >/dev/null
"$ROOT/tests/harness/synapse" register "$DEMO/hs" bob demo-bob-password >/dev/null

# Signs in PROFILE as USER unless it already works; a profile whose key or server
# is gone (new keyring, new Synapse port) is wiped and signed in again.
fresh_login=0
ensure_login() {
    local profile="$1" user="$2" password="$3"
    if who="$("$CTL" --profile "$profile" whoami 2>/dev/null)" && grep -qF "\"homeserver\":\"$hs_url" <<<"$who"; then
        return
    fi
    "$CTL" --profile "$profile" logout >/dev/null 2>&1 || true
    echo "$password" | "$CTL" --profile "$profile" login --homeserver "$hs_url" --user "$user" --password-stdin >/dev/null
    fresh_login=1
    say "signed in $user"
}
ensure_login "$DEMO/alice" alice demo-alice-password
ensure_login "$DEMO/bob" bob demo-bob-password

room_file="$DEMO/room_id"
if [[ $fresh_login == 1 || ! -s "$room_file" ]] || ! "$CTL" --profile "$DEMO/alice" rooms --json | grep -qF "$(cat "$room_file")"; then
    room="$("$CTL" --profile "$DEMO/alice" dm create @bob:localhost --json | sed -n 's/.*"room_id":"\([^"]*\)".*/\1/p')"
    "$CTL" --profile "$DEMO/bob" join "$room"
    "$CTL" --profile "$DEMO/bob" send "$room" "Hi Alice! This chat is end-to-end encrypted: the server only stores ciphertext." >/dev/null
    "$CTL" --profile "$DEMO/alice" send "$room" "Hi Bob, great. Let's keep project details in here." >/dev/null
    "$CTL" --profile "$DEMO/bob" send "$room" "I'm a bot in this demo: write me anything and I'll answer." >/dev/null
    echo "$room" >"$room_file"
    say "seeded an encrypted DM $room"
fi

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    "$ROOT/tests/harness/synapse" stop "$DEMO/hs" >/dev/null 2>&1 || true
}
trap cleanup EXIT INT TERM

"$BOT" "$DEMO/bob" &
pids+=($!)

say "opening Parley as @alice:localhost (homeserver $hs_url)"
WEBKIT_DISABLE_DMABUF_RENDERER="${WEBKIT_DISABLE_DMABUF_RENDERER:-1}" PARLEY_PROFILE="$DEMO/alice" "$APP" &
app=$!
pids+=("$app")

if [[ -n "${PARLEY_DEMO_HEADLESS:-}" ]]; then
    sleep "${PARLEY_DEMO_SCREENSHOT_AFTER:-12}"
    import -window root "$DEMO/screenshot.png"
    say "headless machine: the app is running under Xvfb; screenshot: $DEMO/screenshot.png"
fi
if [[ -n "${PARLEY_DEMO_SECONDS:-}" ]]; then
    sleep "$PARLEY_DEMO_SECONDS"
    kill -0 "$app" || { say "the app exited early"; exit 1; }
    say "stopping after ${PARLEY_DEMO_SECONDS}s"
    exit 0
fi
say "press Ctrl-C to stop"
wait "$app"
