//! Links in received messages (issue 5) through the real engine: found in plain and HTML
//! bodies, analysed with the sender's standing, and named by index, never by URL.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{
    Ctl, Homeserver, create_room, let_listener_start, managed_policy, messages_from, raw_login,
};

const GROUP_TEXT: &str = "login at https://аpple.com/verify or read https://github.com/rust-lang";
const DM_TEXT: &str = "[paypal.com](https://evil.example/login)";

/// `link inspect` for one link, as JSON; `policy`: a `PARLEY_POLICY_DIR` to apply.
fn inspect(ctl: &Ctl, room: &str, event: &str, index: usize, policy: Option<&std::path::Path>) -> Value {
    let mut cmd = ctl.command(&["link", "inspect", room, event, "--index", &index.to_string(), "--json"]);
    if let Some(dir) = policy {
        cmd.env("PARLEY_POLICY_DIR", dir);
    }
    let out = cmd.output().expect("run parleyctl");
    assert!(out.status.success(), "link inspect: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn codes(dialog: &Value) -> Vec<&str> {
    dialog["reasons"].as_array().expect("reasons").iter().map(|r| r["code"].as_str().expect("code")).collect()
}

/// The links of a received message, as (text, index) pairs from its segments.
fn linked(message: &Value) -> Vec<(String, u64)> {
    message["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .filter_map(|s| Some((s["text"].as_str()?.to_owned(), s["link"].as_u64()?)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn links_are_analysed_with_the_senders_standing() {
    let hs = Homeserver::from_env();
    let (alice, bob, carol) = (hs.new_user("alice"), hs.new_user("bob"), hs.new_user("carol"));
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (Ctl::new(&dir.path().join("alice")), Ctl::new(&dir.path().join("bob")));
    a.login(&hs, &alice);
    b.login(&hs, &bob);

    // A group room (not a direct chat) made by another client, encrypted from the start.
    let token = raw_login(&hs, &carol).await;
    let group = create_room(
        &hs,
        &token,
        &json!({
            "preset": "private_chat",
            "name": "Team",
            "invite": [alice.id, bob.id],
            "initial_state": [{"type": "m.room.encryption", "state_key": "",
                               "content": {"algorithm": "m.megolm.v1.aes-sha2"}}],
        }),
    )
    .await;
    a.ok(&["join", &group]);
    b.ok(&["join", &group]);

    let listener = a.listen(1, Duration::from_mins(2));
    let_listener_start();
    b.ok(&["send", &group, GROUP_TEXT]);
    let received = messages_from(listener);
    let in_group = received.iter().find(|m| m["room_id"] == group.as_str()).expect("group message");
    let group_event = in_group["event_id"].as_str().expect("event id");

    // The UI gets text and indexes; the segments put the body back together.
    assert_eq!(
        linked(in_group),
        [("https://аpple.com/verify".to_owned(), 0), ("https://github.com/rust-lang".to_owned(), 1)]
    );
    let text: String = in_group["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["text"].as_str().expect("text"))
        .collect();
    assert_eq!(text, GROUP_TEXT);

    // Same server, no policy: Bob is known. The homograph is blocked, the real site confirmed.
    let spoof = inspect(&a, &group, group_event, 0, None);
    assert_eq!(spoof["verdict"], "block", "{spoof}");
    assert!(codes(&spoof).contains(&"lookalike_domain"), "{spoof}");
    assert_eq!(spoof["host"], "xn--pple-43d.com");
    let real = inspect(&a, &group, group_event, 1, None);
    assert_eq!(
        (real["verdict"].as_str(), real["sender_known"].as_bool()),
        (Some("confirm"), Some(true)),
        "{real}"
    );
    assert_eq!(real["url"], "https://github.com/rust-lang");

    // The organisation is elsewhere and Alice has no direct chat with Bob: he is unknown, so
    // copy-only.
    let policy = managed_policy(r#"{"OrganizationDomains": ["elsewhere.example"]}"#);
    let stranger = inspect(&a, &group, group_event, 1, Some(policy.path()));
    assert_eq!(
        (stranger["verdict"].as_str(), stranger["sender_known"].as_bool()),
        (Some("block"), Some(false))
    );
    assert_eq!(codes(&stranger), ["unknown_sender"], "{stranger}");
    assert_eq!(stranger["copy_allowed"], true, "a stranger's https link can still be copied");

    // Alice accepts a direct chat with Bob: from then on he is known, there and everywhere.
    let dm: Value = serde_json::from_str(&b.ok(&["dm", "create", &alice.id, "--json"])).expect("dm JSON");
    let dm = dm["room_id"].as_str().expect("room_id").to_owned();
    a.ok(&["join", &dm]);
    let listener = a.listen(1, Duration::from_mins(2));
    let_listener_start();
    b.ok(&["send", &dm, DM_TEXT]);
    let received = messages_from(listener);
    let in_dm = received.iter().find(|m| m["room_id"] == dm.as_str()).expect("DM message");
    let dm_event = in_dm["event_id"].as_str().expect("event id");
    // The Markdown link's text names another site than it opens: the anchor is its own link.
    let dm_links = linked(in_dm);
    let anchor = dm_links.iter().find(|(text, _)| text == "paypal.com").expect("the anchor is a link");
    let mismatch = inspect(&a, &dm, dm_event, usize::try_from(anchor.1).expect("index"), None);
    assert_eq!(mismatch["verdict"], "warn", "{mismatch}");
    assert!(codes(&mismatch).contains(&"text_mismatch"), "{mismatch}");

    // Bob stays known whatever the organisation: in the direct chat and in the group room.
    let partner = inspect(&a, &dm, dm_event, 0, Some(policy.path()));
    assert_eq!(partner["sender_known"], true, "{partner}");
    let accepted = inspect(&a, &group, group_event, 1, Some(policy.path()));
    assert_eq!(
        (accepted["verdict"].as_str(), accepted["sender_known"].as_bool()),
        (Some("confirm"), Some(true)),
        "{accepted}"
    );

    // An index past the message's links (or a made-up event) finds nothing.
    let out = a.run(&["link", "inspect", &group, group_event, "--index", "7", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "parleyctl: That link is no longer in this room's messages.\n"
    );
}

#[test]
fn link_check_follows_the_cli_contract() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ctl = Ctl::new(dir.path());
    let out = ctl.command(&["link", "check", "https://bit.ly/x", "--json"]).output().expect("run parleyctl");
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["verdict"], "warn");
    assert_eq!(json["registrable_domain"], "bit.ly");
    assert_eq!(json["reasons"][0]["code"], "shortener");

    let out = ctl
        .command(&["link", "check", "https://github.com/", "--sender", "unknown", "--json"])
        .output()
        .expect("run parleyctl");
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!((json["verdict"].as_str(), json["copy_allowed"].as_bool()), (Some("block"), Some(true)));

    // The machine's policy applies: an organisation-blocked domain.
    let policy = managed_policy(r#"{"BlockedLinkDomains": ["example.net"]}"#);
    let out = ctl
        .command(&["link", "check", "https://files.example.net/a", "--json"])
        .env("PARLEY_POLICY_DIR", policy.path())
        .output()
        .expect("run parleyctl");
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["reasons"][0]["code"], "blocked_domain", "{json}");

    // Bad usage: exit 2 with a sentence.
    let out = ctl.command(&["link", "check", "--sender", "maybe", "x"]).output().expect("run parleyctl");
    assert_eq!(out.status.code(), Some(2));
}
