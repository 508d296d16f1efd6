//! `RequireEncryption` (on by default): no sending into a room without end-to-end encryption.

use serde_json::{Value, json};

use crate::support::{Ctl, Homeserver, create_room, path_id, raw_login};

#[tokio::test(flavor = "multi_thread")]
async fn sending_into_an_unencrypted_room_is_refused_and_nothing_reaches_the_server() {
    let hs = Homeserver::from_env();
    let (alice, carol) = (hs.new_user("alice"), hs.new_user("carol"));
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("alice"));
    a.login(&hs, &alice);

    // Another client (plain HTTP) creates a room without encryption and invites Alice.
    let http = reqwest::Client::new();
    let token = raw_login(&hs, &carol).await;
    let room_id = create_room(
        &hs,
        &token,
        &json!({ "preset": "private_chat", "name": "Plaintext lounge", "invite": [alice.id] }),
    )
    .await;
    a.ok(&["join", &room_id]);

    let out = a.run(&["send", &room_id, "this must not leave in plaintext"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "parleyctl: This room is not end-to-end encrypted, so Parley will not send messages into it.\n"
    );
    // Queueing is refused the same way: nothing waits to go out later either.
    assert_eq!(a.run(&["send", "--no-wait", &room_id, "nor later"]).status.code(), Some(1));

    let messages: Value = http
        .get(format!("{}/_matrix/client/v3/rooms/{}/messages?dir=b&limit=50", hs.url, path_id(&room_id)))
        .bearer_auth(&token)
        .send()
        .await
        .expect("messages")
        .json()
        .await
        .expect("messages JSON");
    let from_alice: Vec<&Value> = messages["chunk"]
        .as_array()
        .expect("chunk")
        .iter()
        .filter(|e| e["sender"] == alice.id.as_str() && e["type"] != "m.room.member")
        .collect();
    assert!(from_alice.is_empty(), "nothing from Alice reached the room: {from_alice:?}");
}
