//! One-shot commands see every room, not just the room list's first batch.

use serde_json::json;

use crate::support::{Ctl, Homeserver, raw_login};

/// More than the sliding-sync room list's first batch (100 rooms).
const ROOMS: usize = 105;

#[tokio::test(flavor = "multi_thread")]
async fn rooms_lists_every_room_on_a_fresh_device() {
    let hs = Homeserver::from_env();
    let (alice, carol) = (hs.new_user("alice"), hs.new_user("carol"));
    let http = reqwest::Client::new();
    let token = raw_login(&hs, &carol).await;
    for i in 0..ROOMS {
        let response = http
            .post(format!("{}/_matrix/client/v3/createRoom", hs.url))
            .bearer_auth(&token)
            .json(&json!({ "preset": "private_chat", "name": format!("room {i:03}"), "invite": [alice.id] }))
            .send()
            .await
            .expect("createRoom");
        assert!(response.status().is_success(), "createRoom {i}: {}", response.status());
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("alice"));
    a.login(&hs, &alice);
    let listed = a.ok(&["rooms", "--json"]);
    let invites = a.ok(&["invites", "--json"]).lines().count();
    assert!(!listed.contains("room 0"), "rooms lists joined rooms only");
    assert_eq!(invites, ROOMS, "every invite is listed on the first run");
}
