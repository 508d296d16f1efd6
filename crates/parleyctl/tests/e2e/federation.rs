//! Two homeservers that federate with each other over loopback: a user on one talks to a
//! user on the other, end to end encrypted, through Parley's real CLI.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::faults::received;
use crate::support::{Ctl, Homeserver, PrivateHomeserver, path_id, raw_login, server_event};

/// Two Synapses of one test's own that federate with each other (server names
/// `127.0.0.1:FPORT`, see `PrivateHomeserver::start_federating`). Both are stopped and
/// their folders removed on drop.
pub struct FederatedPair {
    pub first: PrivateHomeserver,
    pub second: PrivateHomeserver,
}

impl FederatedPair {
    /// Starts both at once (each start is mostly Synapse's own start-up).
    pub fn start() -> Self {
        let second = std::thread::spawn(PrivateHomeserver::start_federating);
        let first = PrivateHomeserver::start_federating();
        let second = second.join().expect("second homeserver started");
        assert_ne!(first.server_name(), second.server_name());
        Self { first, second }
    }

    /// Handles for registering users and logging in: (first, second).
    pub fn homeservers(&self) -> (Homeserver, Homeserver) {
        (self.first.homeserver(), self.second.homeserver())
    }
}

/// GET on the Client-Server API as `token`'s owner.
async fn get(hs: &Homeserver, token: &str, path: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{}/_matrix/client/v3/{path}", hs.url))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = response.status();
    let body: Value = response.json().await.expect("JSON");
    assert!(status.is_success(), "GET {path} on {}: {status} {body}", hs.url);
    body
}

#[tokio::test(flavor = "multi_thread")]
async fn users_on_two_federating_homeservers_talk_encrypted() {
    let t0 = Instant::now();
    let pair = FederatedPair::start();
    let started = t0.elapsed();
    let (one, two) = pair.homeservers();
    let (alice, bob) = (one.new_user("alice"), two.new_user("bob"));
    assert!(alice.id.ends_with(&format!(":{}", one.server_name())), "{}", alice.id);
    assert!(bob.id.ends_with(&format!(":{}", two.server_name())), "{}", bob.id);

    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (Ctl::new(&dir.path().join("alice")), Ctl::new(&dir.path().join("bob")));
    assert_eq!(a.login(&one, &alice)["user_id"], alice.id.as_str());
    assert_eq!(b.login(&two, &bob)["user_id"], bob.id.as_str());

    // The invite goes from the first server to the second over federation.
    let created: Value =
        serde_json::from_str(&a.ok(&["dm", "create", &bob.id, "--json"])).expect("dm create JSON");
    let room_id = created["room_id"].as_str().expect("room_id").to_owned();
    // So does the join (make_join/send_join against the first server).
    b.ok(&["join", &room_id]);
    // A syncs once B is a member (as DmPair does): A holds B's device keys, fetched from the
    // second server, before B's room key arrives.
    a.ok(&["rooms", "--json"]);

    let text = "hello alice, from the other homeserver";
    // Alice is from outside Bob's organisation (another server): he confirms that (WarnExternalMembers).
    let sent: Value =
        serde_json::from_str(&b.ok(&["send", "--confirm-external", &room_id, text])).expect("send JSON");
    let event_id = sent["event_id"].as_str().expect("event_id").to_owned();

    // The event and B's room key (a to-device message) reach A's server asynchronously.
    let deadline = Instant::now() + Duration::from_secs(90);
    let got = loop {
        let got = received(&a, &room_id, "hello alice");
        if !got.is_empty() || Instant::now() > deadline {
            break got;
        }
        std::thread::sleep(Duration::from_secs(2));
    };
    assert_eq!(got, [text], "A receives B's message once, decrypted");

    // Ask the servers themselves. The second one holds the room, which was created on the
    // first (its create event is A's) and reached it only over federation.
    let bob_token = raw_login(&two, &bob).await;
    let create =
        get(&two, &bob_token, &format!("rooms/{}/state/m.room.create/?format=event", path_id(&room_id)))
            .await;
    assert_eq!(create["sender"], alice.id.as_str(), "created on the first server: {create}");
    let members = get(&two, &bob_token, &format!("rooms/{}/joined_members", path_id(&room_id))).await;
    let mut joined: Vec<&str> =
        members["joined"].as_object().expect("joined").keys().map(String::as_str).collect();
    joined.sort_unstable();
    let mut expected = vec![alice.id.as_str(), bob.id.as_str()];
    expected.sort_unstable();
    assert_eq!(joined, expected, "{members}");
    let encryption =
        get(&two, &bob_token, &format!("rooms/{}/state/m.room.encryption/", path_id(&room_id))).await;
    assert_eq!(encryption["algorithm"], "m.megolm.v1.aes-sha2");
    // The request logs show each server calling the other: the invite (first → second) and
    // B's join (second → first, which answers make_join/send_join for its room).
    let called = |hs: &Homeserver, caller: &Homeserver, what: &str| {
        let log = std::fs::read_to_string(hs.access_log()).expect("access log");
        let origin = format!("{{{}}}", caller.server_name());
        assert!(
            log.lines().any(|l| l.contains(&origin) && l.contains(what)),
            "{} never called {what} on {}:\n{log}",
            caller.server_name(),
            hs.server_name()
        );
    };
    called(&two, &one, "/_matrix/federation/v2/invite/");
    called(&one, &two, "/_matrix/federation/v1/make_join/");
    called(&one, &two, "/send_join/");
    called(&one, &two, "/_matrix/federation/v1/send/");

    // B's message reached the first server as ciphertext only.
    let on_first = server_event(&one, &alice, &room_id, &event_id).await;
    assert_eq!(on_first["type"], "m.room.encrypted", "{on_first}");
    assert_eq!(on_first["sender"], bob.id.as_str());
    assert!(!on_first.to_string().contains("hello alice"), "the server must not see the body");

    eprintln!(
        "federation: two homeservers started in {:.1}s, test body {:.1}s",
        started.as_secs_f64(),
        t0.elapsed().saturating_sub(started).as_secs_f64()
    );
}
