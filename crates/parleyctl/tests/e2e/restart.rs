//! A profile survives a restart without a new login, and holds no plaintext.

use std::time::Duration;

use crate::support::{
    Ctl, Homeserver, assert_empty_profile, files_under, keyring_slot, let_listener_start, messages_from,
};

#[test]
fn session_and_history_survive_a_restart_and_the_store_holds_no_plaintext() {
    let hs = Homeserver::from_env();
    let (alice, bob) = (hs.new_user("alice"), hs.new_user("bob"));
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (Ctl::new(&dir.path().join("alice")), Ctl::new(&dir.path().join("bob")));
    let login = a.login(&hs, &alice);
    b.login(&hs, &bob);

    let created: serde_json::Value =
        serde_json::from_str(&a.ok(&["dm", "create", &bob.id, "--json"])).expect("dm JSON");
    let room_id = created["room_id"].as_str().expect("room_id").to_owned();
    b.ok(&["join", &room_id]);
    let secret_body = "restart-canary-7f3a9 the quarterly numbers";
    let listener = b.listen(1, Duration::from_mins(1));
    let_listener_start();
    a.ok(&["send", &room_id, secret_body]);
    assert_eq!(messages_from(listener).len(), 1);

    // Every parleyctl run is a fresh process: these are restarts from the same profile.
    let whoami: serde_json::Value = serde_json::from_str(&b.ok(&["whoami"])).expect("whoami JSON");
    assert_eq!(whoami["user_id"], bob.id.as_str());
    let again: serde_json::Value = serde_json::from_str(&a.ok(&["whoami"])).expect("whoami JSON");
    assert_eq!(again["device_id"], login["device_id"], "same device: no new login happened");

    let history = b.ok(&["messages", &room_id, "--json"]);
    let restored: Vec<serde_json::Value> =
        history.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert!(
        restored.iter().any(|m| m["body"] == secret_body && m["encrypted"] == true),
        "history must be restored and decrypted: {history}"
    );

    // Nothing on disk may contain the body or the password in clear.
    for profile in [&a.profile, &b.profile] {
        let files = files_under(profile);
        assert!(
            files.iter().any(|f| f.extension().is_some_and(|e| e == "sqlite3")),
            "store exists: {files:?}"
        );
        for file in files {
            let bytes = std::fs::read(&file).expect("read store file");
            for needle in [
                secret_body.as_bytes(),
                b"restart-canary",
                alice.password.as_bytes(),
                bob.password.as_bytes(),
            ] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "{} contains plaintext {:?}",
                    file.display(),
                    String::from_utf8_lossy(needle)
                );
            }
        }
    }
}

#[test]
fn logout_wipes_the_profile_and_its_keyring_entry() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("alice"));
    a.login(&hs, &alice);
    let slot = keyring_slot(&a);
    assert!(keyring_has(&slot), "login stores the key in the keyring");

    a.ok(&["logout"]);
    assert_empty_profile(&a, "logout empties the profile");
    assert!(!keyring_has(&slot), "logout removes the keyring entry");
    let out = a.run(&["whoami"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "parleyctl: No account is signed in with this profile. Sign in first.\n"
    );
}

/// Whether the Secret Service holds Parley's entry for `slot` (via libsecret's CLI).
pub fn keyring_has(slot: &str) -> bool {
    std::process::Command::new("secret-tool")
        .args(["lookup", "service", "org.parley.desktop", "username", slot])
        .output()
        .expect("secret-tool (libsecret-tools) must be installed")
        .status
        .success()
}

/// With short-lived access tokens, each refresh is sealed into the profile: refresh tokens
/// are single-use, so a refresh kept only in memory would sign the next run out.
#[test]
fn refreshed_tokens_are_saved_so_the_next_run_stays_signed_in() {
    let server =
        crate::support::PrivateHomeserver::start_with(r#"{"refreshable_access_token_lifetime": "4s"}"#);
    let pair = crate::support::DmPair::on(&server.homeserver());
    let sealed = || std::fs::read(pair.a.profile.join("session.sealed")).expect("session.sealed");
    let before = sealed();
    for round in 0..3 {
        // Every run starts with an expired access token; its refresh token is the one the
        // previous run saved.
        std::thread::sleep(Duration::from_secs(5));
        pair.a.ok(&["send", &pair.room_id, &format!("after refresh {round}")]);
    }
    assert_ne!(sealed(), before, "the refreshed session was never saved");
    let history = pair.b.ok(&["history", &pair.room_id, "--json"]);
    for round in 0..3 {
        assert!(history.contains(&format!("after refresh {round}")), "{history}");
    }
}

/// Signed out elsewhere ("log out all devices"): the running listener stops at once with one
/// sentence instead of waiting for a server that will never accept it, the local store and
/// keyring entry are wiped (`KeepDataWhenSignedOutByServer` is off), and the audit log, which
/// stays, records both.
#[tokio::test(flavor = "multi_thread")]
async fn a_session_ended_by_the_homeserver_is_reported_not_waited_for() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("tmp");
    let a = Ctl::new(&dir.path().join("alice"));
    a.login(&hs, &alice);
    let listener = a
        .command(&["listen", "--json", "--timeout", "60"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("listen");
    let_listener_start();

    let token = crate::support::raw_login(&hs, &alice).await;
    let out = reqwest::Client::new()
        .post(format!("{}/_matrix/client/v3/logout/all", hs.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("logout/all");
    assert!(out.status().is_success(), "{out:?}");

    let started = std::time::Instant::now();
    let out = listener.wait_with_output().expect("listen");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(started.elapsed() < Duration::from_secs(45), "the listener waited for its timeout");
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"kind\":\"signed_out\""), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("You were signed out by your organisation"),
        "{out:?}"
    );

    let profile = dir.path().join("alice");
    for gone in ["session.sealed", "profile.json", "store"] {
        assert!(!profile.join(gone).exists(), "{gone} was kept after the session ended");
    }
    let out = a.run(&["rooms", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No account is signed in"), "{out:?}");
    let log = parley_core::audit::account_dir(&profile, &alice.id);
    let audit = a.ok(&["audit", "show", "--json", log.to_str().expect("utf-8 path")]);
    assert!(audit.contains("ended_by_server") && audit.contains("local_data_wiped"), "{audit}");
}
