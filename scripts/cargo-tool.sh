#!/usr/bin/env bash
# scripts/cargo-tool.sh — sourced by scripts that need a cargo subcommand from crates.io
# (cargo-deny, cargo-fuzz, tauri-cli): `cargo_tool NAME VERSION TOOLS [BINARY]` installs NAME at
# exactly VERSION into TOOLS/bin unless that version's BINARY (default NAME) is already there (recorded in TOOLS/.NAME-version). It
# builds in a target dir of its own, removed afterwards: not the workspace's (a `make test` may
# hold that lock), and no CARGO_TARGET_DIR leaking in from the caller.

cargo_tool() {
    local name="$1" version="$2" tools="$3" binary="${4:-$1}"
    if [[ -x "$tools/bin/$binary" ]] && [[ "$(cat "$tools/.$name-version" 2>/dev/null)" == "$version" ]]; then
        return 0
    fi
    echo "installing $name $version into $tools" >&2
    mkdir -p "$tools"
    CARGO_TARGET_DIR="$tools/build-$name" \
        cargo install "$name" --version "=$version" --locked --force --root "$tools" >&2
    rm -rf "$tools/build-$name"
    echo "$version" >"$tools/.$name-version"
}
