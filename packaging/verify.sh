#!/usr/bin/env bash
# Verifies signed release artifacts against the release public key. Exit 0 only when:
#   * SHA256SUMS.asc is a good signature by the key over SHA256SUMS;
#   * every file listed in SHA256SUMS is present with that hash and has a good ARTIFACT.asc;
#   * nothing else is in DIR (an extra file would be unsigned);
#   * every .rpm also carries a good rpm signature (when rpm is installed).
#
#   packaging/verify.sh DIR RELEASE-PUBLIC-KEY.asc
set -euo pipefail

fail() { echo "verify: $*" >&2; exit 1; }

[[ $# -eq 2 && -d "$1" && -r "$2" ]] || fail "usage: packaging/verify.sh DIR PUBLIC-KEY"
DIR="$(cd "$1" && pwd)"
KEYRING="$(mktemp -d)"
trap 'rm -rf "$KEYRING"' EXIT
# gpgv trusts exactly the keys in this keyring: only the release key.
if grep -q -- '-----BEGIN PGP PUBLIC KEY BLOCK-----' "$2"; then
    gpg --batch --yes --dearmor --output "$KEYRING/release.gpg" "$2" 2>/dev/null || fail "$2 is not an OpenPGP public key"
else
    cp -- "$2" "$KEYRING/release.gpg"
fi
GNUPGHOME="$KEYRING" gpg --batch --with-colons --show-keys "$KEYRING/release.gpg" 2>/dev/null | grep -q '^pub:' \
    || fail "$2 is not an OpenPGP public key"
good() { gpgv --quiet --keyring "$KEYRING/release.gpg" "$1" "$2" 2>/dev/null; }

[[ -f "$DIR/SHA256SUMS" && -f "$DIR/SHA256SUMS.asc" ]] || fail "SHA256SUMS or its signature is missing"
good "$DIR/SHA256SUMS.asc" "$DIR/SHA256SUMS" || fail "SHA256SUMS is not signed by the release key"
(cd "$DIR" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1) \
    || fail "an artifact does not match SHA256SUMS (changed or missing)"

mapfile -t LISTED < <(awk '{ sub(/^\*/, "", $2); print $2 }' "$DIR/SHA256SUMS")
((${#LISTED[@]})) || fail "SHA256SUMS lists nothing"
for artifact in "${LISTED[@]}"; do
    [[ "$artifact" != */* ]] || fail "SHA256SUMS names a path outside DIR: $artifact"
    [[ -f "$DIR/$artifact.asc" ]] || fail "$artifact has no signature"
    good "$DIR/$artifact.asc" "$DIR/$artifact" || fail "$artifact is not signed by the release key"
    if [[ "$artifact" == *.rpm ]] && command -v rpmkeys >/dev/null; then
        RPMDB="$(mktemp -d)"
        rpmkeys --dbpath "$RPMDB" --import "$2" >/dev/null 2>&1 || fail "rpm could not import $2"
        rpmkeys --dbpath "$RPMDB" --checksig "$DIR/$artifact" 2>/dev/null | grep -q 'signatures OK' \
            || { rm -rf "$RPMDB"; fail "$artifact has no good rpm signature"; }
        rm -rf "$RPMDB"
    fi
done
while IFS= read -r -d '' file; do
    name="${file##*/}"
    case "$name" in SHA256SUMS | SHA256SUMS.asc) continue ;; esac
    base="${name%.asc}"
    printf '%s\n' "${LISTED[@]}" | grep -qxF -- "$base" || fail "$name is not covered by SHA256SUMS"
done < <(find "$DIR" -maxdepth 1 -type f -print0)
echo "verify: ${#LISTED[@]} artifact(s) in $DIR are signed by the release key and unchanged"
