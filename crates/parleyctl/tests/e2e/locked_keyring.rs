//! A locked keyring: one plain sentence, exit 1, no fallback.
//!
//! Locking the collection would break every other test sharing the session's
//! keyring, so this one runs in a desktop session (D-Bus + gnome-keyring) of its own.

use std::process::Command;

use crate::support::{Homeserver, harness_dir};

#[test]
fn locked_keyring_is_one_clear_sentence() {
    let hs = Homeserver::from_env();
    let user = hs.new_user("locked");
    let dir = tempfile::tempdir().expect("temp dir");
    let script = r#"
        set -eu
        echo "$PASSWORD" | "$CTL" --profile "$PROFILE" login --homeserver "$HS" --user "$USER_NAME" --password-stdin >/dev/null
        dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
            org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
        # No display for D-Bus-activated helpers: gnome-keyring's unlock prompt cannot
        # appear, as on a headless machine (with a display it would wait for the user).
        dbus-update-activation-environment DISPLAY= >/dev/null 2>&1 || true
        set +e
        env -u DISPLAY timeout 60 "$CTL" --profile "$PROFILE" whoami 2>"$PROFILE.err" >"$PROFILE.out"
        echo "exit=$?"
    "#;
    let out = Command::new(harness_dir().join("desktop-session"))
        .args(["bash", "-c", script])
        .env("CTL", env!("CARGO_BIN_EXE_parleyctl"))
        .env("PROFILE", dir.path().join("p"))
        .env("HS", &hs.url)
        .env("USER_NAME", &user.name)
        .env("PASSWORD", &user.password)
        .output()
        .expect("run desktop-session");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "session: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("exit=1"), "whoami must fail with exit 1: {stdout}");
    let stderr = std::fs::read_to_string(dir.path().join("p.err")).expect("stderr file");
    assert_eq!(
        stderr,
        "parleyctl: The system keyring is not available (Secret Service: unlock prompt was dismissed). \
         Unlock or start your keyring, or set PARLEY_STORE_PASSPHRASE to protect this profile with a \
         passphrase instead.\n"
    );
    assert!(std::fs::read(dir.path().join("p.out")).expect("stdout file").is_empty());
}
