//! Group rooms through the real CLI (issue 15): a new room is encrypted, invite-only,
//! guest-free and shows history only from each person's invitation — checked on the server;
//! its members carry their identity state, role and whether they are from outside; its
//! name and topic change, and hostile or oversized text is refused with one sentence.

use serde_json::{Value, json};

use crate::support::{Ctl, Homeserver, managed_policy, path_id, raw_login};

fn parse(out: &str) -> Value {
    serde_json::from_str(out).expect("parleyctl prints JSON")
}

/// The content of one state event of `room_id`, read from the server as `token`'s owner.
async fn state(hs: &Homeserver, token: &str, room_id: &str, event_type: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{}/_matrix/client/v3/rooms/{}/state/{event_type}/", hs.url, path_id(room_id)))
        .bearer_auth(token)
        .send()
        .await
        .expect("state request");
    assert!(response.status().is_success(), "{event_type}: {}", response.status());
    response.json().await.expect("state JSON")
}

fn member<'a>(members: &'a Value, user_id: &str) -> &'a Value {
    members["members"]
        .as_array()
        .expect("members array")
        .iter()
        .find(|m| m["user_id"] == user_id)
        .unwrap_or_else(|| panic!("{user_id} not among {members}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_group_room_is_encrypted_private_and_its_members_and_settings_are_shown() {
    let hs = Homeserver::from_env();
    let (alice, bob) = (hs.new_user("alice"), hs.new_user("bob"));
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (Ctl::new(&dir.path().join("alice")), Ctl::new(&dir.path().join("bob")));
    a.login(&hs, &alice);
    b.login(&hs, &bob);

    // Bob is invited twice over; Alice herself once: each only once, Alice not at all.
    let created = parse(&a.ok(&[
        "room",
        "create",
        "  Project Falcon  ",
        "--topic",
        "Launch plans",
        "--invite",
        &bob.id,
        "--invite",
        &bob.id,
        "--invite",
        &alice.id,
    ]));
    let room_id = created["room_id"].as_str().expect("room_id").to_owned();

    let token = raw_login(&hs, &alice).await;
    assert_eq!(state(&hs, &token, &room_id, "m.room.encryption").await["algorithm"], "m.megolm.v1.aes-sha2");
    assert_eq!(state(&hs, &token, &room_id, "m.room.join_rules").await["join_rule"], "invite");
    assert_eq!(state(&hs, &token, &room_id, "m.room.guest_access").await["guest_access"], "forbidden");
    assert_eq!(
        state(&hs, &token, &room_id, "m.room.history_visibility").await["history_visibility"],
        "invited"
    );
    assert_eq!(state(&hs, &token, &room_id, "m.room.name").await["name"], "Project Falcon", "trimmed");

    let info = parse(&a.ok(&["room", "info", &room_id]));
    assert_eq!(info["name"], "Project Falcon", "{info}");
    assert_eq!(info["topic"], "Launch plans", "{info}");
    assert_eq!(info["encrypted"], true, "{info}");
    assert_eq!(info["is_dm"], false, "{info}");
    assert_eq!(info["join_rule"], "invite", "{info}");
    assert_eq!(info["history_visibility"], "invited", "{info}");
    assert_eq!(info["may"], json!({ "rename": true, "set_topic": true, "invite": true }), "{info}");

    let members = parse(&a.ok(&["room", "members", &room_id]));
    assert_eq!(members["members"].as_array().map(Vec::len), Some(2), "{members}");
    let me = member(&members, &alice.id);
    assert_eq!(
        (&me["identity"], &me["role"], &me["membership"]),
        (&json!("own"), &json!("admin"), &json!("join"))
    );
    let invited = member(&members, &bob.id);
    assert_eq!((&invited["membership"], &invited["role"]), (&json!("invite"), &json!("member")), "{members}");
    assert_eq!(invited["outside"], false, "same server, no OrganizationDomains: {members}");
    assert_eq!(invited["identity"], "unverified", "Bob has a cross-signing identity Alice has not verified");

    // Under a policy naming another organisation domain, Bob (and Alice) are from outside,
    // and the outsider is listed first.
    let policy = managed_policy(r#"{ "OrganizationDomains": ["corp.example"] }"#);
    let out = a
        .command(&["room", "members", &room_id])
        .env("PARLEY_POLICY_DIR", policy.path())
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let outside = parse(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(member(&outside, &bob.id)["outside"], true, "{outside}");

    // Renamed and re-topiced; Bob joins and sees the new name; then he leaves.
    a.ok(&["room", "rename", &room_id, "Falcon launch"]);
    a.ok(&["room", "topic", &room_id, ""]);
    let info = parse(&a.ok(&["room", "info", &room_id]));
    assert_eq!(
        (info["name"].clone(), info["topic"].clone()),
        (json!("Falcon launch"), Value::Null),
        "{info}"
    );
    b.ok(&["requests", "accept", &room_id]);
    assert_eq!(parse(&b.ok(&["room", "info", &room_id]))["name"], "Falcon launch");
    let bob_view = parse(&b.ok(&["room", "info", &room_id]));
    assert_eq!(bob_view["may"]["rename"], false, "a member may not rename: {bob_view}");
    let refused = b.run(&["room", "rename", &room_id, "Bob's room"]);
    assert_eq!(refused.status.code(), Some(1), "the server refuses a member's rename");
    b.ok(&["room", "leave", &room_id]);
    let members = parse(&a.ok(&["room", "members", &room_id]));
    assert_eq!(members["members"].as_array().map(Vec::len), Some(1), "Bob left: {members}");
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_empty_or_oversized_room_text_is_refused_with_one_sentence_and_nothing_created() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("alice"));
    a.login(&hs, &alice);
    let long = "x".repeat(256);
    for (args, said) in [
        (vec!["room", "create", "Pay\u{202E}gnp.exe"], "hidden or direction-changing characters"),
        (vec!["room", "create", "   "], "No room name was given."),
        (vec!["room", "create", &long], "at most 255 characters"),
        (vec!["room", "create", "Fine", "--invite", "bob"], "not a valid user ID"),
    ] {
        let out = a.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one sentence: {stderr}");
    }
    let rooms = a.ok(&["rooms", "--json"]);
    assert!(rooms.trim().is_empty(), "no room was created: {rooms}");
}
