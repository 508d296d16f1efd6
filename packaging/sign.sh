#!/usr/bin/env bash
# Signs the release artifacts in DIR with the organisation's release key (OpenPGP):
#   * every artifact gets a detached, ASCII-armoured signature ARTIFACT.asc;
#   * SHA256SUMS lists every artifact and is itself signed (SHA256SUMS.asc).
# .rpm packages additionally carry an rpm signature when rpmsign is installed.
#
#   PARLEY_SIGNING_KEY_FILE=release-secret.asc packaging/sign.sh DIR
#
# The secret key comes from the environment only (a file path, e.g. a CI secret written to a
# temporary file); it is imported into a throw-away GnuPG home that is deleted afterwards and is
# never committed. PARLEY_SIGNING_KEY_PASSPHRASE unlocks it if it is protected.
set -euo pipefail

die() { echo "sign: $*" >&2; exit 1; }

[[ $# -eq 1 && -d "$1" ]] || die "usage: PARLEY_SIGNING_KEY_FILE=KEY packaging/sign.sh DIR"
DIR="$(cd "$1" && pwd)"
KEY_FILE="${PARLEY_SIGNING_KEY_FILE:-}"
[[ -n "$KEY_FILE" && -r "$KEY_FILE" ]] || die "PARLEY_SIGNING_KEY_FILE must name a readable secret key file"
command -v gpg >/dev/null || die "gpg is not installed"

GNUPGHOME="$(mktemp -d)"
export GNUPGHOME
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
chmod 700 "$GNUPGHOME"
gpg --batch --quiet --import "$KEY_FILE" 2>/dev/null || die "the key in $KEY_FILE could not be imported"
FPR="$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }')"
[[ -n "$FPR" ]] || die "$KEY_FILE holds no secret key"
PASS=(--pinentry-mode loopback --passphrase "${PARLEY_SIGNING_KEY_PASSPHRASE:-}")

mapfile -t ARTIFACTS < <(cd "$DIR" && find . -maxdepth 1 -type f \
    ! -name '*.asc' ! -name 'SHA256SUMS' -printf '%f\n' | LC_ALL=C sort)
((${#ARTIFACTS[@]})) || die "no artifacts in $DIR"

for artifact in "${ARTIFACTS[@]}"; do
    if [[ "$artifact" == *.rpm ]] && command -v rpmsign >/dev/null; then
        # The rpm's own signature (checked by rpm/dnf on install) comes first: it changes the file.
        rpmsign --addsign --define "_gpg_name $FPR" --define "_gpg_path $GNUPGHOME" --define "__gpg $(command -v gpg)" \
            --define "__gpg_sign_cmd %{__gpg} --batch --no-verbose --no-armor --pinentry-mode loopback --passphrase '${PARLEY_SIGNING_KEY_PASSPHRASE:-}' -u %{_gpg_name} -sbo %{__signature_filename} %{__plaintext_filename}" \
            "$DIR/$artifact" >/dev/null || die "rpmsign failed on $artifact"
    fi
done
(cd "$DIR" && sha256sum -- "${ARTIFACTS[@]}" >SHA256SUMS)
for file in "${ARTIFACTS[@]}" SHA256SUMS; do
    rm -f "$DIR/$file.asc"
    gpg --batch --quiet "${PASS[@]}" --local-user "$FPR" --armor --detach-sign \
        --output "$DIR/$file.asc" "$DIR/$file" || die "signing $file failed"
done
echo "sign: signed ${#ARTIFACTS[@]} artifact(s) in $DIR with key $FPR" >&2
