#!/usr/bin/env bash
# Packs the policy templates (ADMX/ADML, .reg, .mobileconfig, JSON Schema, the hardened example)
# into OUT/parley-policy-templates-VERSION.tar.gz, byte for byte the same on every run (sorted,
# fixed owner and time), so that its signature and checksum can be reproduced.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -eq 1 ]] || { echo "usage: packaging/policy-bundle.sh OUT_DIR" >&2; exit 2; }
mkdir -p "$1"
VERSION="$(jq -er .version "$HERE/../src-tauri/tauri.conf.json")" \
    || { echo "policy-bundle: no version in src-tauri/tauri.conf.json" >&2; exit 1; }
OUT="$(cd "$1" && pwd)/parley-policy-templates-$VERSION.tar.gz"
tar -C "$HERE" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --mode='u+rw,go+r,go-w' \
    -cf - policy | gzip -n -9 >"$OUT"
echo "$OUT"
