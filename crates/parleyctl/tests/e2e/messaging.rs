//! Two users, an encrypted DM, a message each way.

use std::time::Duration;

use crate::support::{Ctl, DmPair, Homeserver, let_listener_start, messages_from, server_event};

#[tokio::test(flavor = "multi_thread")]
async fn encrypted_dm_message_each_way_is_ciphertext_on_the_server() {
    let hs = Homeserver::from_env();
    let (alice, bob) = (hs.new_user("alice"), hs.new_user("bob"));
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (Ctl::new(&dir.path().join("alice")), Ctl::new(&dir.path().join("bob")));
    assert_eq!(a.login(&hs, &alice)["user_id"], alice.id.as_str());
    assert_eq!(b.login(&hs, &bob)["user_id"], bob.id.as_str());

    let created: serde_json::Value =
        serde_json::from_str(&a.ok(&["dm", "create", &bob.id, "--json"])).expect("dm create JSON");
    let room_id = created["room_id"].as_str().expect("room_id").to_owned();

    // Bob sees the invite and joins only when asked to.
    let invites = b.ok(&["listen", "--json", "--timeout", "20"]);
    assert!(
        invites.lines().any(|l| l.contains("\"kind\":\"invite\"") && l.contains(&room_id)),
        "bob should be told about the invite: {invites}"
    );
    b.ok(&["join", &room_id]);

    // Alice → Bob.
    let listener = b.listen(1, Duration::from_mins(1));
    let_listener_start();
    let sent: serde_json::Value =
        serde_json::from_str(&a.ok(&["send", &room_id, "hello bob, this is secret"])).expect("send JSON");
    let to_bob = messages_from(listener);
    assert_eq!(to_bob.len(), 1, "{to_bob:?}");
    assert_eq!(to_bob[0]["body"], "hello bob, this is secret");
    assert_eq!(to_bob[0]["sender"], alice.id.as_str());
    assert_eq!(to_bob[0]["encrypted"], true);
    assert_eq!(to_bob[0]["event_id"], sent["event_id"]);

    // Bob → Alice.
    let listener = a.listen(1, Duration::from_mins(1));
    let_listener_start();
    let reply: serde_json::Value =
        serde_json::from_str(&b.ok(&["send", &room_id, "hi alice, got it"])).expect("send JSON");
    let to_alice = messages_from(listener);
    assert_eq!(to_alice.len(), 1, "{to_alice:?}");
    assert_eq!(to_alice[0]["body"], "hi alice, got it");
    assert_eq!(to_alice[0]["encrypted"], true);

    // The homeserver only ever held ciphertext: ask it directly, not the client.
    for (event, plaintext) in [(&sent, "hello bob"), (&reply, "hi alice")] {
        let event_id = event["event_id"].as_str().expect("event_id");
        let on_server = server_event(&hs, &alice, &room_id, event_id).await;
        assert_eq!(on_server["type"], "m.room.encrypted", "{on_server}");
        assert_eq!(on_server["content"]["algorithm"], "m.megolm.v1.aes-sha2");
        assert!(on_server["content"]["ciphertext"].is_string());
        assert!(!on_server.to_string().contains(plaintext), "server must not see the body");
    }
}

#[test]
fn send_no_wait_is_delivered_by_the_next_run() {
    let DmPair { a, b, room_id, .. } = &DmPair::new();
    let room_id = room_id.as_str();

    let queued: serde_json::Value =
        serde_json::from_str(&a.ok(&["send", "--no-wait", room_id, "queued while offline"]))
            .expect("send JSON");
    assert!(queued["transaction_id"].is_string());
    assert!(queued["event_id"].is_null(), "--no-wait returns before the server ack: {queued}");

    // Whatever the first run managed, the message is in the persistent queue and the next
    // run (any command that syncs) finishes sending it; Bob must end up with exactly one copy.
    a.ok(&["rooms", "--json"]);
    let own = a.ok(&["messages", room_id, "--json"]);
    assert!(
        own.lines().any(|l| l.contains("queued while offline") && l.contains("\"event_id\":\"$")),
        "alice's copy has a server event id: {own}"
    );
    let history = b.ok(&["messages", room_id, "--json"]);
    let copies = history.lines().filter(|l| l.contains("queued while offline")).count();
    assert_eq!(copies, 1, "{history}");
}

#[test]
fn history_lists_every_message_in_order() {
    let DmPair { a, b, room_id, .. } = &DmPair::new();
    let room_id = room_id.as_str();
    let sent: Vec<String> = (1..=5).map(|i| format!("history message {i}")).collect();
    a.ok(&["send", room_id, &sent[0]]);
    // Bob's cache now holds the room as sync left it; the next messages arrive while he
    // is away, so a later `messages` must page back past what the cache holds.
    b.ok(&["messages", room_id, "--json"]);
    for body in &sent[1..] {
        a.ok(&["send", room_id, body]);
    }
    let history = b.ok(&["messages", room_id, "--json", "--limit", "50"]);
    let bodies: Vec<String> = history
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("JSON line")["body"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(bodies, sent, "every message, oldest first, decrypted");
}
