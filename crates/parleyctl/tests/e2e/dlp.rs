//! Outgoing DLP in the send path (issue 12): a card number is held back unless the sender
//! confirms, never leaves in `block` mode, and what was refused never reaches the other side.

use std::time::Duration;

use crate::support::{Ctl, DmPair, let_listener_start, managed_policy, messages_from};

const REFUSED: &str = "refused: pay with 4111 1111 1111 1111";
const CONFIRMED: &str = "confirmed: pay with 5555 5555 5555 4444";

#[tokio::test(flavor = "multi_thread")]
async fn card_number_is_held_until_confirmed_and_refused_messages_never_leave() {
    let pair = DmPair::new();
    let listener = pair.b.listen(1, Duration::from_mins(1));
    let_listener_start();

    let out = pair.a.run(&["send", &pair.room_id, REFUSED]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "an unconfirmed card number must fail: {stderr}");
    assert!(stderr.contains("payment card number"), "the refusal names the kind: {stderr}");
    assert!(stderr.contains("--send-sensitive-data"), "the refusal says how to confirm: {stderr}");
    assert!(!stderr.contains("4111"), "the refusal must not repeat the data: {stderr}");
    assert!(
        out.stdout.is_empty(),
        "nothing was sent, so no receipt: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    pair.a.ok(&["send", "--send-sensitive-data", &pair.room_id, CONFIRMED]);
    // Bob's first message is the confirmed one: the refused one never left Alice's machine.
    let to_bob = messages_from(listener);
    assert_eq!(to_bob.len(), 1, "{to_bob:?}");
    assert_eq!(to_bob[0]["body"], CONFIRMED);
}

#[tokio::test(flavor = "multi_thread")]
async fn block_policy_refuses_even_when_confirmed() {
    let pair = DmPair::new();
    let policy = managed_policy(r#"{"DlpMode": "block"}"#);

    let listener = pair.b.listen(1, Duration::from_mins(1));
    let_listener_start();
    let mut cmd = pair.a.command(&["send", "--send-sensitive-data", &pair.room_id, REFUSED]);
    let out = cmd.env("PARLEY_POLICY_DIR", policy.path()).output().expect("run parleyctl");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "block mode must refuse: {stderr}");
    assert!(stderr.contains("does not allow"), "{stderr}");
    assert!(!stderr.contains("4111"), "{stderr}");

    pair.a.ok(&["send", &pair.room_id, "an ordinary message"]);
    let to_bob = messages_from(listener);
    assert_eq!(to_bob.len(), 1, "{to_bob:?}");
    assert_eq!(to_bob[0]["body"], "an ordinary message");
}

#[test]
fn dlp_scan_prints_kinds_and_byte_offsets_and_rejects_invalid_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctl = Ctl::new(dir.path());
    let text = "é card 4111 1111 1111 1111";
    let out = Ctl::run_with_stdin(ctl.command(&["dlp", "scan", "--json"]), text);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let start = text.find('4').expect("card in text");
    assert_eq!(
        json,
        serde_json::json!({"findings": [{"kind": "payment_card", "start": start, "end": text.len()}]})
    );

    let mut child = ctl
        .command(&["dlp", "scan", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), b"\xff\xfe card").expect("write");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(2), "invalid UTF-8 is unreadable input");
}
