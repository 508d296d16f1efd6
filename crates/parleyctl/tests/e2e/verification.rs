//! Accountability (issue 4) against the real Synapse: emoji verification between two
//! profiles (and a mismatch), devices with their verification state, and recovery of a
//! new device from the recovery key.

use std::{
    process::{Child, Output, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

use crate::support::{Ctl, DmPair, Homeserver, json_lines};

/// Starts `verify accept` in the background (it waits for the first incoming request).
fn accept_in_background(ctl: &Ctl, confirm: bool) -> Child {
    let mut args = vec!["verify", "accept", "--json"];
    if confirm {
        args.push("--confirm");
    }
    let child = ctl
        .command(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn verify accept");
    // Let it reach its first sync before the request is sent.
    std::thread::sleep(Duration::from_secs(4));
    child
}

/// The last JSON line a `verify` printed.
fn verdict(out: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout
        .lines()
        .last()
        .unwrap_or_else(|| panic!("no output; stderr: {}", String::from_utf8_lossy(&out.stderr)));
    serde_json::from_str(last).expect("JSON")
}

fn emoji(verdict: &Value) -> Vec<String> {
    verdict["emoji"].as_array().expect("emoji").iter().map(|e| e.as_str().expect("name").to_owned()).collect()
}

/// Whether every device `ctl` sees for `user_id` is verified (and there is at least one).
fn all_verified(ctl: &Ctl, user_id: &str) -> bool {
    let devices = json_lines(&ctl.run(&["devices", user_id, "--json"]));
    assert!(!devices.is_empty(), "no devices listed for {user_id}");
    devices.iter().all(|d| d["verified"] == true)
}

/// The shield of the message with `body` in A's history (`Value::Null` when none).
fn shield_of(ctl: &Ctl, room_id: &str, body: &str) -> Value {
    json_lines(&ctl.run(&["history", room_id, "--json"]))
        .into_iter()
        .find(|m| m["body"] == body)
        .unwrap_or_else(|| panic!("no message {body:?}"))["shield"]
        .clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_profiles_verify_each_other_by_emoji() {
    let pair = DmPair::new();
    // A learns B's device keys before B's first room key arrives (see tests/desktop/lib.mjs seedDm).
    pair.a.ok(&["rooms", "--json"]);
    pair.b.ok(&["send", &pair.room_id, "before verifying"]);
    let before = shield_of(&pair.a, &pair.room_id, "before verifying");
    assert_eq!(
        before["code"], "unverified_identity",
        "an unverified sender's message carries a shield: {before}"
    );
    assert!(!all_verified(&pair.a, &pair.bob.id), "B is verified before any verification");

    let accepting = accept_in_background(&pair.b, true);
    let requested = pair.a.run(&["verify", "request", &pair.bob.id, "--confirm", "--json"]);
    let accepted = accepting.wait_with_output().expect("wait verify accept");

    let (a, b) = (verdict(&requested), verdict(&accepted));
    assert_eq!(
        requested.status.code(),
        Some(0),
        "A: {a} {} / B: {b} {}",
        String::from_utf8_lossy(&requested.stderr),
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert_eq!(accepted.status.code(), Some(0), "B: {b} {}", String::from_utf8_lossy(&accepted.stderr));
    assert_eq!((a["result"].as_str(), b["result"].as_str()), (Some("verified"), Some("verified")));
    assert_eq!(emoji(&a).len(), 7, "{a}");
    assert_eq!(emoji(&a), emoji(&b), "both sides showed the same 7 emoji");

    assert!(all_verified(&pair.a, &pair.bob.id), "A sees B's devices as verified");
    assert!(all_verified(&pair.b, &pair.alice.id), "B sees A's devices as verified");
    pair.b.ok(&["send", &pair.room_id, "after verifying"]);
    assert_eq!(shield_of(&pair.a, &pair.room_id, "after verifying"), Value::Null, "no shield once verified");
    let audit = json_lines(&pair.a.run(&["audit", "show", "--json"]));
    assert!(audit.iter().any(|e| e["kind"] == "verification"
        && e["decision"] == "verified"
        && e["user_id"] == pair.bob.id.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mismatch_leaves_both_unverified_and_is_audited() {
    let pair = DmPair::new();

    let accepting = accept_in_background(&pair.b, false);
    let requested = pair.a.run(&["verify", "request", &pair.bob.id, "--confirm", "--json"]);
    let accepted = accepting.wait_with_output().expect("wait verify accept");

    let (a, b) = (verdict(&requested), verdict(&accepted));
    assert_eq!((a["result"].as_str(), b["result"].as_str()), (Some("mismatch"), Some("mismatch")), "{a} {b}");
    assert_eq!(emoji(&b).len(), 7, "B saw emoji before answering: {b}");
    assert_eq!(requested.status.code(), Some(1));
    assert_eq!(accepted.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&accepted.stderr).contains("did not match"));

    assert!(!all_verified(&pair.a, &pair.bob.id), "a mismatch verified B");
    assert!(!all_verified(&pair.b, &pair.alice.id), "a mismatch verified A");
    for (ctl, other) in [(&pair.a, &pair.bob.id), (&pair.b, &pair.alice.id)] {
        let audit = json_lines(&ctl.run(&["audit", "show", "--json"]));
        assert!(
            audit.iter().any(|e| e["kind"] == "verification"
                && e["decision"] == "mismatch"
                && e["user_id"] == other.as_str()),
            "no mismatch entry in {audit:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_device_restores_from_the_recovery_key_and_reads_earlier_history() {
    let hs = Homeserver::from_env();
    let pair = DmPair::on(&hs);
    pair.a.ok(&["rooms", "--json"]);
    pair.b.ok(&["send", &pair.room_id, "history from bob"]);
    pair.a.ok(&["send", &pair.room_id, "history from alice"]);
    // A reads B's message first, so its key is in A's store to back up.
    let seen = json_lines(&pair.a.run(&["history", &pair.room_id, "--json"]));
    assert!(seen.iter().any(|m| m["body"] == "history from bob"), "A cannot read B's message: {seen:?}");

    let enabled: Value = serde_json::from_str(&pair.a.ok(&["recovery", "enable", "--json"])).expect("JSON");
    let key = enabled["recovery_key"].as_str().expect("recovery key").to_owned();
    assert!(key.split_whitespace().count() >= 10, "a recovery key in groups: {key:?}");

    let dir = tempfile::tempdir().expect("temp dir");
    let third = Ctl::new(&dir.path().join("alice-new"));
    third.login(&hs, &pair.alice);
    let own = json_lines(&third.run(&["devices", "--json"]));
    let this = own.iter().find(|d| d["this_device"] == true).expect("this device listed");
    assert_eq!(this["verified"], false, "a new device is unverified until it proves itself");

    let wrong =
        Ctl::run_with_stdin(third.command(&["recovery", "restore", "--key-stdin"]), "EsTx not the key\n");
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("recovery key is not right"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );

    let restored =
        Ctl::run_with_stdin(third.command(&["recovery", "restore", "--key-stdin"]), &format!("{key}\n"));
    assert!(restored.status.success(), "restore: {}", String::from_utf8_lossy(&restored.stderr));

    // Keys come from the backup as the new device meets the messages it cannot read yet.
    let deadline = Instant::now() + Duration::from_secs(90);
    let mut bodies = Vec::new();
    while Instant::now() < deadline {
        bodies = json_lines(&third.run(&["history", &pair.room_id, "--json"]))
            .into_iter()
            .filter_map(|m| m["body"].as_str().map(ToOwned::to_owned))
            .collect();
        if bodies.iter().any(|b| b == "history from bob") && bodies.iter().any(|b| b == "history from alice")
        {
            break;
        }
        std::thread::sleep(Duration::from_secs(2));
    }
    assert!(bodies.contains(&"history from bob".to_owned()), "B's earlier message unreadable: {bodies:?}");
    assert!(bodies.contains(&"history from alice".to_owned()), "A's earlier message unreadable: {bodies:?}");
    let own = json_lines(&third.run(&["devices", "--json"]));
    let this = own.iter().find(|d| d["this_device"] == true).expect("this device listed");
    assert_eq!(this["verified"], true, "the restored device is verified: {own:?}");
}
