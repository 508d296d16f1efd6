#!/usr/bin/env bash
# packaging/sign.sh and packaging/verify.sh on real release artifacts (the policy templates
# bundle, plus whatever DIR holds when given), with a throw-away key made here: the signed set
# verifies; a flipped byte, a re-hashed SHA256SUMS, a missing signature, an unsigned extra file
# and another key are each refused with a non-zero exit.
#
#   tests/packaging/signing.sh [ARTIFACT_DIR]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d)"
export GNUPGHOME="$WORK/gnupg"
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
mkdir -m 700 "$GNUPGHOME"
failures=0
check() { # check NAME EXPECTED_EXIT CMD...
    local name="$1" want="$2" got=0
    shift 2
    "$@" >"$WORK/out" 2>&1 || got=$?
    if { [[ "$want" == 0 ]] && [[ "$got" == 0 ]]; } || { [[ "$want" != 0 ]] && [[ "$got" != 0 ]]; }; then
        echo "ok - $name ($(tail -n 1 "$WORK/out"))"
    else
        echo "not ok - $name: exit $got"; sed 's/^/  # /' "$WORK/out"; failures=$((failures + 1))
    fi
}

key() { # key NAME -> WORK/NAME.sec, WORK/NAME.pub
    gpg --batch --quiet --passphrase '' --quick-gen-key "Parley $1 test key <$1@parley.test>" ed25519 sign 1d 2>/dev/null
    local fpr
    fpr="$(gpg --batch --with-colons --list-keys "$1@parley.test" 2>/dev/null | awk -F: '$1 == "fpr" { print $10; exit }')"
    gpg --batch --quiet --armor --export-secret-keys "$fpr" >"$WORK/$1.sec"
    gpg --batch --quiet --armor --export "$fpr" >"$WORK/$1.pub"
}
key release
key other

mkdir "$WORK/signed"
"$ROOT/packaging/policy-bundle.sh" "$WORK/signed" >/dev/null
"$ROOT/packaging/policy-bundle.sh" "$WORK/again" >/dev/null
check "the policy templates bundle is reproducible" 0 cmp "$WORK"/signed/*.tar.gz "$WORK"/again/*.tar.gz
if [[ $# -ge 1 ]]; then cp -- "$1"/* "$WORK/signed/"; fi
check "sign.sh signs the artifacts" 0 env PARLEY_SIGNING_KEY_FILE="$WORK/release.sec" "$ROOT/packaging/sign.sh" "$WORK/signed"
check "sign.sh refuses to run without a key" 1 env PARLEY_SIGNING_KEY_FILE= "$ROOT/packaging/sign.sh" "$WORK/signed"
check "verify.sh accepts the signed artifacts" 0 "$ROOT/packaging/verify.sh" "$WORK/signed" "$WORK/release.pub"
# Everything below tampers with a correctly signed set: without one it would prove nothing.
((failures == 0)) || { echo "signing or verifying the untouched set failed; stopping" >&2; exit 1; }
check "verify.sh refuses them against another key" 1 "$ROOT/packaging/verify.sh" "$WORK/signed" "$WORK/other.pub"

case_dir() { rm -rf "$WORK/case"; cp -a "$WORK/signed" "$WORK/case"; }
first() { find "$WORK/case" -maxdepth 1 -type f ! -name '*.asc' ! -name SHA256SUMS | LC_ALL=C sort | head -n 1; }
flip() { # flips one byte in the middle of $1
    local size offset byte
    size="$(stat -c %s "$1")"; offset=$((size / 2))
    byte="$(od -An -tu1 -j "$offset" -N1 "$1" | tr -d ' ')"
    printf "$(printf '\\%03o' $(((byte + 1) % 256)))" | dd of="$1" bs=1 seek="$offset" conv=notrunc status=none
}

case_dir; flip "$(first)"
check "a flipped byte is refused" 1 "$ROOT/packaging/verify.sh" "$WORK/case" "$WORK/release.pub"
case_dir; artifact="$(first)"; flip "$artifact"
name="$(basename "$artifact")"
(cd "$WORK/case" && { sha256sum -- "$name"; grep -vF "  $name" SHA256SUMS || true; } >SHA256SUMS.new && mv SHA256SUMS.new SHA256SUMS)
check "a tampered artifact with SHA256SUMS re-made to match is refused" 1 "$ROOT/packaging/verify.sh" "$WORK/case" "$WORK/release.pub"
case_dir; rm "$(first).asc"
check "an artifact without its signature is refused" 1 "$ROOT/packaging/verify.sh" "$WORK/case" "$WORK/release.pub"
case_dir; echo "#!/bin/sh" >"$WORK/case/install-helper.sh"
check "an unsigned extra file is refused" 1 "$ROOT/packaging/verify.sh" "$WORK/case" "$WORK/release.pub"

((failures == 0)) || { echo "$failures packaging check(s) failed" >&2; exit 1; }
echo "packaging: signing and verification behave"
