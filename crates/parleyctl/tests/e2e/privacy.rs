//! No resource sharing (issue 10), watched from outside Parley: a second account reads the
//! homeserver's plain Client-Server API while a Parley user reads, types and stays online.
//! With the default policy the watcher sees no public read receipt, no typing and no
//! presence but offline; with the policy keys on it sees all three (so the watch can fail).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Ctl, DmPair, Homeserver, User, let_listener_start, managed_policy, path_id, raw_login};

/// What the watcher saw of one user.
#[derive(Debug, Default)]
struct Seen {
    typing: bool,
    public_receipt: bool,
    presence: Vec<String>,
}

impl Seen {
    fn everything(&self) -> bool {
        self.typing && self.public_receipt && self.presence.iter().any(|p| p == "online")
    }
}

/// Long-polls `/v3/sync` as `token` for up to `duration`, collecting what `who` shares in
/// `room_id`; with `until_everything`, returns as soon as typing, a public receipt and
/// `online` were all seen.
async fn watch(
    hs: &Homeserver,
    token: &str,
    room_id: &str,
    who: &str,
    duration: Duration,
    until_everything: bool,
) -> Seen {
    let http = reqwest::Client::new();
    let sync = |since: Option<String>, timeout: u64| {
        let since = since.map(|s| format!("&since={s}")).unwrap_or_default();
        http.get(format!("{}/_matrix/client/v3/sync?timeout={timeout}&set_presence=offline{since}", hs.url))
            .bearer_auth(token)
            .send()
    };
    let first: Value = sync(None, 0).await.expect("initial sync").json().await.expect("sync JSON");
    let mut since = first["next_batch"].as_str().map(str::to_owned);
    let mut seen = Seen::default();
    let deadline = Instant::now() + duration;
    while Instant::now() < deadline && !(until_everything && seen.everything()) {
        let body: Value = sync(since.clone(), 5000).await.expect("sync").json().await.expect("sync JSON");
        since = body["next_batch"].as_str().map(str::to_owned);
        for event in body["rooms"]["join"][room_id]["ephemeral"]["events"].as_array().into_iter().flatten() {
            match event["type"].as_str() {
                Some("m.typing") => {
                    seen.typing |= event["content"]["user_ids"]
                        .as_array()
                        .is_some_and(|ids| ids.iter().any(|id| id == who));
                }
                Some("m.receipt") => {
                    for receipts in event["content"].as_object().into_iter().flat_map(|m| m.values()) {
                        seen.public_receipt |= receipts["m.read"].get(who).is_some();
                    }
                }
                _ => {}
            }
        }
        for event in body["presence"]["events"].as_array().into_iter().flatten() {
            if event["sender"] == who {
                seen.presence.push(event["content"]["presence"].as_str().unwrap_or_default().to_owned());
            }
        }
    }
    seen
}

/// The user's presence as the homeserver reports it to `token`'s owner.
async fn presence_of(hs: &Homeserver, token: &str, user: &User) -> String {
    let status: Value = reqwest::Client::new()
        .get(format!("{}/_matrix/client/v3/presence/{}/status", hs.url, path_id(&user.id)))
        .bearer_auth(token)
        .send()
        .await
        .expect("presence request")
        .json()
        .await
        .expect("presence JSON");
    status["presence"].as_str().unwrap_or_default().to_owned()
}

/// Whether `user`'s own (private) receipt reached the homeserver: only their own sync shows it.
async fn own_private_receipt(hs: &Homeserver, user: &User, room_id: &str) -> bool {
    let token = raw_login(hs, user).await;
    let body: Value = reqwest::Client::new()
        .get(format!("{}/_matrix/client/v3/sync?timeout=0&set_presence=offline", hs.url))
        .bearer_auth(&token)
        .send()
        .await
        .expect("sync")
        .json()
        .await
        .expect("sync JSON");
    body["rooms"]["join"][room_id]["ephemeral"]["events"].as_array().into_iter().flatten().any(|event| {
        event["type"] == "m.receipt"
            && event["content"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
                .any(|r| r["m.read.private"].get(&user.id).is_some())
    })
}

/// Runs `args` as Alice with an optional policy root and returns its JSON output.
fn alice(pair: &DmPair, args: &[&str], policy: Option<&std::path::Path>) -> Value {
    let mut cmd = pair.a.command(args);
    if let Some(dir) = policy {
        cmd.env("PARLEY_POLICY_DIR", dir);
    }
    let out = cmd.output().expect("run parleyctl");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_watcher_sees_no_receipts_typing_or_presence_unless_policy_allows() {
    let pair = DmPair::new();
    let hs = Homeserver::from_env();
    let watcher = raw_login(&hs, &pair.bob).await;
    let room = pair.room_id.clone();

    // --- hardened defaults: a minute of reading, typing and being online -----------------
    // Alice stays online on a second device: a profile is open in one process at a time, and
    // the reads and typing below run on her first.
    let second = tempfile::tempdir().expect("temp dir");
    let alice_online = Ctl::new(&second.path().join("alice-online"));
    alice_online.login(&hs, &pair.alice);
    let watching = tokio::spawn({
        let (hs, watcher, room, who) =
            (Homeserver::from_env(), watcher.clone(), room.clone(), pair.alice.id.clone());
        async move { watch(&hs, &watcher, &room, &who, Duration::from_mins(1), false).await }
    });
    let online =
        alice_online.command(&["listen", "--json", "--timeout", "50"]).spawn().expect("alice stays online");
    let_listener_start();
    pair.b.ok(&["send", &room, "something to read"]);
    std::thread::sleep(Duration::from_secs(3));
    let read = alice(&pair, &["read", &room], None);
    assert_eq!(read, json!({"room_id": room, "receipt": "m.read.private", "sent": true}));
    for _ in 0..3 {
        assert_eq!(alice(&pair, &["typing", &room], None)["sent"], false);
    }
    let seen = watching.await.expect("watcher");
    let _ = online.wait_with_output();
    assert!(!seen.typing, "the watcher saw Alice typing");
    assert!(!seen.public_receipt, "the watcher saw a public read receipt from Alice");
    assert!(
        seen.presence.iter().all(|p| p == "offline"),
        "the watcher saw Alice's presence {:?}",
        seen.presence
    );
    assert_eq!(presence_of(&hs, &watcher, &pair.alice).await, "offline");
    // The read did happen, privately: Alice's own account has the receipt.
    assert!(own_private_receipt(&hs, &pair.alice, &room).await, "no private receipt reached the homeserver");

    // --- the same with the policy keys on: the watcher must see all three ----------------
    let policy = managed_policy(
        r#"{"SendReadReceipts": true, "SendTypingNotifications": true, "SharePresence": true}"#,
    );
    let watching = tokio::spawn({
        let (hs, watcher, room, who) =
            (Homeserver::from_env(), watcher.clone(), room.clone(), pair.alice.id.clone());
        async move { watch(&hs, &watcher, &room, &who, Duration::from_mins(1), true).await }
    });
    let mut online = alice_online.command(&["listen", "--json", "--timeout", "40"]);
    let online = online.env("PARLEY_POLICY_DIR", policy.path()).spawn().expect("alice online");
    let_listener_start();
    pair.b.ok(&["send", &room, "something new to read"]);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(alice(&pair, &["read", &room], Some(policy.path()))["receipt"], "m.read");
    assert_eq!(alice(&pair, &["typing", &room], Some(policy.path()))["sent"], true);
    let seen = watching.await.expect("watcher");
    let _ = online.wait_with_output();
    assert!(seen.everything(), "with the policy on the watcher should see everything, saw {seen:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_call_invite_is_a_missed_call_and_no_preview_is_ever_requested() {
    let pair = DmPair::new();
    let hs = Homeserver::from_env();
    let token = raw_login(&hs, &pair.bob).await;
    // Two messages: the links before the call, a question after it (listen counts messages).
    let listener = pair.a.listen(2, Duration::from_mins(1));
    let_listener_start();
    pair.b.ok(&["send", &pair.room_id, "see https://example.org/preview-me and www.example.com"]);
    // Another client (plain HTTP) rings Alice.
    let call = json!({
        "call_id": "c1", "lifetime": 60000, "version": "1", "party_id": "p1",
        "offer": {"type": "offer", "sdp": "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"},
    });
    let sent = reqwest::Client::new()
        .put(format!(
            "{}/_matrix/client/v3/rooms/{}/send/m.call.invite/call1",
            hs.url,
            path_id(&pair.room_id)
        ))
        .bearer_auth(&token)
        .json(&call)
        .send()
        .await
        .expect("send call invite");
    assert!(sent.status().is_success(), "call invite: {}", sent.status());
    pair.b.ok(&["send", &pair.room_id, "did you see my call?"]);

    let out = listener.wait_with_output().expect("listen");
    let events = crate::support::json_lines(&out);
    let calls: Vec<&Value> = events.iter().filter(|e| e["kind"] == "call_invite").collect();
    assert_eq!(calls.len(), 1, "one missed call expected: {events:?}");
    assert_eq!(calls[0]["caller"], pair.bob.id.as_str());
    assert_eq!(calls[0]["room_id"], pair.room_id.as_str());

    // Nobody asked the homeserver for a preview of the links (its access log has every request)...
    let access_log = hs.access_log();
    let previews =
        || std::fs::read_to_string(&access_log).expect("access.log").matches("preview_url").count();
    assert_eq!(previews(), 0, "a client requested a URL preview");
    // ...and the check can see one when it happens.
    let _ = reqwest::Client::new()
        .get(format!("{}/_matrix/client/v1/media/preview_url?url=https%3A%2F%2Fexample.org%2F", hs.url))
        .bearer_auth(&token)
        .send()
        .await
        .expect("preview request");
    let deadline = Instant::now() + Duration::from_secs(5);
    while previews() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(previews(), 1, "the access log does not show preview requests");
}
