//! Issue 3: an identity reset on one side produces the identity-change warning on the
//! other, and sending is held until the change is acknowledged.

use std::{
    io::{BufRead, BufReader},
    process::Stdio,
    time::Duration,
};

use serde_json::Value;

use crate::support::{Ctl, DmPair};

/// Runs `listen` on `ctl` until an `identity_changed` event for `user_id` arrives (or
/// `timeout` passes) and returns that event.
fn wait_for_identity_change(ctl: &Ctl, user_id: &str, timeout: Duration) -> Option<Value> {
    let mut child = ctl
        .command(&["listen", "--json", "--timeout", &timeout.as_secs().to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn listen");
    let stdout = child.stdout.take().expect("listen stdout");
    let mut found = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read listen output");
        let event: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        if event["kind"] == "identity_changed" && event["user_id"] == user_id {
            found = Some(event);
            break;
        }
    }
    // `listen` only reads; stopping it early is what Ctrl-C does.
    let _ = child.kill();
    let _ = child.wait();
    found
}

fn bodies(history: &str) -> Vec<(String, Value)> {
    history
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON line");
            (v["body"].as_str().unwrap_or_default().to_owned(), v)
        })
        .collect()
}

/// Replaces the account's cross-signing identity, as after a lost recovery key.
fn reset_identity(ctl: &Ctl, password: &str) {
    let reset = Ctl::run_with_stdin(
        ctl.command(&["identity", "reset", "--password-stdin"]),
        &format!("{password}\n"),
    );
    assert!(reset.status.success(), "identity reset: {}", String::from_utf8_lossy(&reset.stderr));
}

#[test]
fn identity_reset_warns_the_contact_and_holds_sending_until_accepted() {
    let DmPair { a, b, bob, room_id, .. } = &DmPair::new();
    let room_id = room_id.as_str();

    // A message each way, so each side has seen (and pinned) the other's identity.
    a.ok(&["send", room_id, "before the reset"]);
    b.ok(&["send", room_id, "reply before the reset"]);
    let seen = a.ok(&["messages", room_id, "--json"]);
    assert!(
        bodies(&seen).iter().any(|(body, _)| body == "reply before the reset"),
        "alice reads bob's reply: {seen}"
    );
    assert_eq!(a.ok(&["identity", "warnings", room_id]), "", "no warning before the reset");

    // Bob replaces his cross-signing identity.
    reset_identity(b, &bob.password);

    // Alice is told, once, with the room it affects.
    let event = wait_for_identity_change(a, &bob.id, Duration::from_mins(1))
        .expect("alice's listen shows bob's identity change");
    assert_eq!(event["room_ids"], serde_json::json!([room_id]), "{event}");
    assert_eq!(event["verification_violation"], false, "{event}");

    // Sending is held, before anything is queued, with one plain sentence.
    let held = a.run(&["send", room_id, "held until accepted"]);
    assert_eq!(held.status.code(), Some(1), "{}", String::from_utf8_lossy(&held.stdout));
    assert_eq!(
        String::from_utf8_lossy(&held.stderr),
        format!(
            "parleyctl: The identity of {} changed. Check it with them, then accept the new identity \
             before sending.\n",
            bob.id
        )
    );
    let warnings = a.ok(&["identity", "warnings", room_id]);
    let warning: Value = serde_json::from_str(warnings.trim()).expect("warning JSON");
    assert_eq!(warning["user_id"], bob.id.as_str());

    // Alice accepts the new identity; sending works again and Bob reads the message.
    a.ok(&["identity", "accept", &bob.id]);
    assert_eq!(a.ok(&["identity", "warnings", room_id]), "", "accepting clears the warning");
    let sent: Value = serde_json::from_str(&a.ok(&["send", room_id, "after accepting"])).expect("send JSON");
    assert!(sent["event_id"].is_string(), "{sent}");

    let history = b.ok(&["messages", room_id, "--json"]);
    let got = bodies(&history);
    let after = got.iter().find(|(body, _)| body == "after accepting").map(|(_, v)| v);
    let after = after.unwrap_or_else(|| panic!("bob reads the message sent after accepting: {history}"));
    assert_eq!(after["encrypted"], true);
    assert!(after["utd_reason"].is_null(), "{after}");
    assert!(
        !got.iter().any(|(body, _)| body == "held until accepted"),
        "the held message never left alice's device: {history}"
    );
}

#[test]
fn a_send_right_after_a_reset_is_held_without_listening_first() {
    let DmPair { a, b, bob, room_id, .. } = &DmPair::new();
    let room_id = room_id.as_str();
    a.ok(&["send", room_id, "before the reset"]);
    b.ok(&["send", room_id, "reply before the reset"]);

    reset_identity(b, &bob.password);

    // The very next thing Alice does is send: the change must be known before encrypting.
    let held = a.run(&["send", room_id, "held right after the reset"]);
    assert_eq!(held.status.code(), Some(1), "{}", String::from_utf8_lossy(&held.stdout));
    assert!(
        String::from_utf8_lossy(&held.stderr).contains(&format!("The identity of {} changed.", bob.id)),
        "{}",
        String::from_utf8_lossy(&held.stderr)
    );
}
