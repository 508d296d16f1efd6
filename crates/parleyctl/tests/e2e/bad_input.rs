//! Bad input gets one plain sentence, a non-zero exit, no panic, and leaves nothing behind.

use std::{
    io::{Read, Write},
    net::TcpListener,
    process::Output,
};

use crate::{
    restart::keyring_has,
    support::{Ctl, Homeserver, assert_empty_profile, keyring_slot},
};

/// Asserts exit code 1 and exactly `sentence` as the whole of stderr.
fn assert_one_sentence(out: &Output, sentence: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr, format!("parleyctl: {sentence}\n"));
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn wrong_password() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("p"));
    let out = a.login_raw(&hs.url, &alice.name, "not-the-password");
    assert_one_sentence(&out, "The user name or password is wrong.");
    assert_empty_profile(&a, "a failed login leaves nothing");
}

#[test]
fn unreachable_homeserver() {
    // A port nothing listens on: nothing answers there.
    let port = crate::support::free_port();
    let url = format!("http://127.0.0.1:{port}");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Ctl::new(&dir.path().join("p")).login_raw(&url, "alice", "pw");
    assert_one_sentence(
        &out,
        &format!("Could not reach the homeserver at {url}. Check the address and your network connection."),
    );
}

#[test]
fn homeserver_that_is_not_matrix() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://127.0.0.1:{}", listener.local_addr().expect("addr").port());
    // A plain web server: every request gets the same HTML page.
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<html><body>Welcome to our intranet</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Ctl::new(&dir.path().join("p")).login_raw(&url, "alice", "pw");
    assert_one_sentence(&out, &format!("{url} does not look like a Matrix homeserver."));
}

#[test]
fn invalid_homeserver_address() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Ctl::new(&dir.path().join("p")).login_raw("javascript:alert(1)", "alice", "pw");
    assert_one_sentence(&out, "\"javascript:alert(1)\" is not a valid homeserver address.");
}

#[test]
fn no_keyring_refuses_to_sign_in_and_never_falls_back_to_plaintext() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("p"));
    let mut cmd = a.login_command(&hs.url, &alice.name);
    // No Secret Service on this bus address.
    cmd.env("DBUS_SESSION_BUS_ADDRESS", format!("unix:path={}/no-bus", dir.path().display()));
    let out = Ctl::run_with_stdin(cmd, &format!("{}\n", alice.password));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with("parleyctl: The system keyring is not available ("), "{stderr}");
    assert!(
        stderr
            .ends_with("or set PARLEY_STORE_PASSPHRASE to protect this profile with a passphrase instead.\n"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one sentence, no trace: {stderr}");
    assert_empty_profile(&a, "nothing stored without a key");
}

#[test]
fn keyring_entry_removed_after_login() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("p"));
    a.login(&hs, &alice);
    let slot = keyring_slot(&a);
    let cleared = std::process::Command::new("secret-tool")
        .args(["clear", "service", "org.parley.desktop", "username", &slot])
        .status()
        .expect("secret-tool");
    assert!(cleared.success() && !keyring_has(&slot));

    assert_one_sentence(
        &a.run(&["whoami"]),
        "This profile's storage key is missing from the system keyring, so its encrypted data cannot be opened. Sign out and sign in again.",
    );
    // Signing out still works and clears the unreadable data.
    a.ok(&["logout"]);
    assert_empty_profile(&a, "logout clears the unreadable data");
}

#[test]
fn passphrase_profiles_need_the_passphrase() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("p"));
    let mut cmd = a.login_command(&hs.url, &alice.name);
    cmd.env("PARLEY_STORE_PASSPHRASE", "a long test passphrase");
    let out = Ctl::run_with_stdin(cmd, &format!("{}\n", alice.password));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    assert_one_sentence(
        &a.run(&["whoami"]),
        "This profile is protected by a passphrase: set PARLEY_STORE_PASSPHRASE to open it.",
    );
    let wrong = a.command(&["whoami"]).env("PARLEY_STORE_PASSPHRASE", "wrong").output().expect("run");
    assert_one_sentence(
        &wrong,
        "The local encrypted data could not be opened (the key is wrong or the data is damaged), \
         and nothing was deleted: sign out and in again, then use your recovery key to get your \
         message history back.",
    );
    let right = a
        .command(&["whoami"])
        .env("PARLEY_STORE_PASSPHRASE", "a long test passphrase")
        .output()
        .expect("run");
    assert!(right.status.success(), "{}", String::from_utf8_lossy(&right.stderr));
}

/// A profile is open in one process at a time: a second command on it while another runs
/// gets one sentence and changes nothing, and `logout` does not wipe a profile in use (it
/// wipes one whose key is lost, so "in use" must never read as that). Once the first
/// process has exited, the profile opens as before.
#[test]
fn a_profile_open_in_another_process_is_refused_and_left_alone() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("p"));
    a.login(&hs, &alice);
    let listening = a.listen(1, std::time::Duration::from_secs(8));
    crate::support::let_listener_start();
    let in_use = "This profile is open in another Parley window or parleyctl command; close that first, then try again.";
    assert_one_sentence(&a.run(&["rooms", "--json"]), in_use);
    assert_one_sentence(&a.run(&["logout"]), in_use);
    assert!(a.profile.join("profile.json").exists(), "logout left a profile in use alone");
    assert!(keyring_has(&keyring_slot(&a)), "the key stayed in the keyring");
    let out = listening.wait_with_output().expect("wait listen");
    assert_eq!(out.status.code(), Some(1), "listen timed out waiting for a message, as asked");
    let whoami = a.ok(&["whoami"]);
    assert!(whoami.contains(&alice.id), "the profile opens once the listener is gone: {whoami}");
}
