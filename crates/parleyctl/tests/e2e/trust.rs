//! Trust boundaries (issue 11) through the real CLI: an invitation from someone on another
//! (federating) homeserver waits in Requests with nothing fetched, the room then shows its
//! outside members and the first message to them needs a confirmation, decline-and-block
//! leaves the inviter ignored; `AllowedHomeservers` refuses other homeservers at sign-in;
//! the incoming content filter hides or removes matching messages.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::federation::FederatedPair;
use crate::support::{Ctl, DmPair, Homeserver, User, json_lines, managed_policy, path_id, raw_login};

/// A Client-Server API call as `token`'s owner; panics unless it succeeds.
async fn call(
    hs: &Homeserver,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Value {
    let mut request =
        reqwest::Client::new().request(method, format!("{}/_matrix/{path}", hs.url)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{path} on {}: {status} {body}", hs.url);
    body
}

/// Uploads a small PNG as `token`'s owner; returns its `mxc://` URI.
async fn upload_png(hs: &Homeserver, token: &str) -> String {
    // An 8-byte PNG signature is enough for the media repository to store it.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let response = reqwest::Client::new()
        .post(format!("{}/_matrix/media/v3/upload?filename=avatar.png", hs.url))
        .bearer_auth(token)
        .header("content-type", "image/png")
        .body(png)
        .send()
        .await
        .expect("upload");
    let body: Value = response.json().await.expect("upload JSON");
    body["content_uri"].as_str().expect("content_uri").to_owned()
}

/// Repeats `probe` every 2 s for up to 90 s (federation delivers asynchronously) until it
/// returns `Some`.
fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_secs(2));
    }
}

/// The pending invitation to `room_id` in `requests --json` (or `invites --json`).
fn pending(ctl: &Ctl, list: &str, room_id: &str) -> Option<Value> {
    json_lines(&ctl.run(&[list, "--json"])).into_iter().find(|i| i["room_id"] == room_id)
}

fn audit_kinds(ctl: &Ctl) -> Vec<(String, String)> {
    json_lines(&ctl.run(&["audit", "show", "--json"]))
        .iter()
        .map(|e| {
            (e["kind"].as_str().unwrap_or("").to_owned(), e["decision"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

/// Lines of a homeserver's request log that fetch media (downloads, thumbnails, previews),
/// over the client API or from another server.
fn media_fetches(hs: &Homeserver) -> Vec<String> {
    std::fs::read_to_string(hs.access_log())
        .expect("access log")
        .lines()
        .filter(|l| l.contains("/media/") && !l.contains("/upload"))
        .map(str::to_owned)
        .collect()
}

/// Bob, on the other homeserver, dressed as a stranger would be: a display name with markup
/// and an avatar; then he invites Alice into a room with a name and an avatar.
async fn invite_from_outside(hs: &Homeserver, bob: &User, alice_id: &str, name: &str) -> String {
    let token = raw_login(hs, bob).await;
    let avatar = upload_png(hs, &token).await;
    let profile = format!("client/v3/profile/{}", path_id(&bob.id));
    call(
        hs,
        &token,
        reqwest::Method::PUT,
        &format!("{profile}/displayname"),
        Some(json!({ "displayname": "<b>IT Support</b>" })),
    )
    .await;
    call(
        hs,
        &token,
        reqwest::Method::PUT,
        &format!("{profile}/avatar_url"),
        Some(json!({ "avatar_url": avatar })),
    )
    .await;
    let created = call(
        hs,
        &token,
        reqwest::Method::POST,
        "client/v3/createRoom",
        Some(json!({
            "preset": "private_chat",
            "name": name,
            "invite": [alice_id],
            "initial_state": [
                { "type": "m.room.avatar", "state_key": "", "content": { "url": avatar } },
                { "type": "m.room.encryption", "state_key": "", "content": { "algorithm": "m.megolm.v1.aes-sha2" } },
            ],
        })),
    )
    .await;
    created["room_id"].as_str().expect("room_id").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_outsiders_invitation_waits_in_requests_and_sending_to_outsiders_is_confirmed() {
    let pair = FederatedPair::start();
    let (one, two) = pair.homeservers();
    let (alice, bob, carol) = (one.new_user("alice"), two.new_user("bob"), two.new_user("carol"));
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("alice"));
    a.login(&one, &alice);

    // 1. The invitation lands in Requests, as plain text, and nothing is fetched for it.
    let room_id =
        invite_from_outside(&two, &bob, &alice.id, "<a href=\"https://evil.example\">Prizes</a>").await;
    let request = eventually("the invitation in Requests", || pending(&a, "requests", &room_id));
    assert_eq!(request["inviter"], bob.id.as_str(), "{request}");
    assert_eq!(request["inviter_name"], "<b>IT Support</b>", "names stay the text they are: {request}");
    assert_eq!(request["room_name"], "<a href=\"https://evil.example\">Prizes</a>", "{request}");
    assert_eq!(request["from_unknown"], true, "{request}");
    assert!(request.get("avatar").is_none() && !request.to_string().contains("mxc://"), "{request}");
    assert_eq!(pending(&a, "invites", &room_id).map(|i| i["from_unknown"].clone()), Some(json!(true)));
    let rooms = a.ok(&["rooms", "--json"]);
    assert!(!rooms.contains(&room_id), "rooms lists joined rooms only: {rooms}");
    assert_eq!(media_fetches(&one), Vec::<String>::new(), "Alice's homeserver fetched media");
    assert_eq!(media_fetches(&two), Vec::<String>::new(), "media was fetched from Bob's homeserver");

    // 2. Accepted: the room names its outside server, and the first message waits for a yes.
    a.ok(&["requests", "accept", &room_id]);
    let rooms = a.ok(&["rooms", "--json"]);
    assert!(rooms.contains(&room_id), "joined after accepting: {rooms}");
    let external: Value = serde_json::from_str(&a.ok(&["external", &room_id, "--json"])).expect("JSON");
    assert_eq!(external["servers"], json!([two.server_name()]), "{external}");
    assert_eq!(external["users"], json!([bob.id]), "{external}");
    assert_eq!(external["confirmation_needed"], true, "{external}");
    let refused = a.run(&["send", &room_id, "hello outside"]);
    let said = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(said.contains("outside your organisation") && said.contains(two.server_name()), "{said}");
    assert!(said.contains("--confirm-external"), "{said}");
    a.ok(&["send", "--confirm-external", &room_id, "hello outside, confirmed"]);
    a.ok(&["send", &room_id, "no question the second time"]);

    // Only the confirmed messages reached Bob's server.
    let bob_token = raw_login(&two, &bob).await;
    let messages = eventually("both messages on Bob's server", || {
        let path = format!("client/v3/rooms/{}/messages?dir=b&limit=50", path_id(&room_id));
        let body = futures_block(call(&two, &bob_token, reqwest::Method::GET, &path, None));
        let sent: Vec<Value> = body["chunk"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| e["sender"] == alice.id.as_str() && e["type"] == "m.room.encrypted")
            .cloned()
            .collect();
        (sent.len() >= 2).then_some(sent)
    });
    assert_eq!(messages.len(), 2, "the refused message never left: {messages:?}");

    // 3. Someone new from outside joins: the question comes back.
    call(
        &two,
        &bob_token,
        reqwest::Method::POST,
        &format!("client/v3/rooms/{}/invite", path_id(&room_id)),
        Some(json!({ "user_id": carol.id })),
    )
    .await;
    let carol_token = raw_login(&two, &carol).await;
    call(
        &two,
        &carol_token,
        reqwest::Method::POST,
        &format!("client/v3/join/{}", path_id(&room_id)),
        Some(json!({})),
    )
    .await;
    let mut outsiders = vec![bob.id.clone(), carol.id.clone()];
    outsiders.sort();
    eventually("Carol among the outside members", || {
        let external: Value = serde_json::from_str(&a.ok(&["external", &room_id, "--json"])).expect("JSON");
        (external["users"] == json!(outsiders)).then_some(())
    });
    let refused = a.run(&["send", &room_id, "carol is new"]);
    assert_eq!(refused.status.code(), Some(1), "{}", String::from_utf8_lossy(&refused.stderr));
    a.ok(&["send", "--confirm-external", &room_id, "carol is new, confirmed"]);

    // 4. Decline and block: the invitation is gone and Bob is ignored, server-side.
    let second = invite_from_outside(&two, &bob, &alice.id, "Second try").await;
    eventually("the second invitation in Requests", || pending(&a, "requests", &second));
    let answered: Value = serde_json::from_str(&a.ok(&["requests", "block", &second])).expect("JSON");
    assert_eq!(answered["answer"], "block");
    assert!(pending(&a, "invites", &second).is_none(), "declined");
    let alice_token = raw_login(&one, &alice).await;
    let ignored = call(
        &one,
        &alice_token,
        reqwest::Method::GET,
        &format!("client/v3/user/{}/account_data/m.ignored_user_list", path_id(&alice.id)),
        None,
    )
    .await;
    assert!(ignored["ignored_users"].get(&bob.id).is_some(), "{ignored}");
    let again = a.run(&["requests", "accept", &second]);
    assert_eq!(again.status.code(), Some(1), "answered once only");

    let kinds = audit_kinds(&a);
    for expected in
        [("request", "accepted"), ("external", "send_confirmed"), ("user", "ignored"), ("request", "blocked")]
    {
        let expected = (expected.0.to_owned(), expected.1.to_owned());
        assert!(kinds.contains(&expected), "{expected:?} missing from {kinds:?}");
    }
    let confirmations = kinds.iter().filter(|k| k.0 == "external").count();
    assert_eq!(confirmations, 2, "once for Bob, once for Carol: {kinds:?}");
    // Still nothing fetched for the strangers' avatars on Alice's side.
    assert_eq!(media_fetches(&one), Vec::<String>::new());
}

/// Runs a future to completion from synchronous test code (inside `eventually`).
fn futures_block<F: std::future::Future>(future: F) -> F::Output {
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(future))
}

#[test]
fn sign_in_is_refused_outside_allowed_homeservers() {
    let hs = Homeserver::from_env();
    let alice = hs.new_user("alice");
    let dir = tempfile::tempdir().expect("temp dir");
    let a = Ctl::new(&dir.path().join("alice"));
    let allowed = managed_policy(r#"{"AllowedHomeservers": ["https://matrix.example.org"]}"#);
    let before = std::fs::read_to_string(hs.access_log()).expect("access log").len();

    for homeserver in [hs.url.as_str(), "evil.example"] {
        let mut login = a.login_command(homeserver, &alice.name);
        login.env("PARLEY_POLICY_DIR", allowed.path());
        let out = Ctl::run_with_stdin(login, &format!("{}\n", alice.password));
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "parleyctl: Your organisation allows signing in only to https://matrix.example.org; {homeserver} is not one of them.\n"
            )
        );
    }
    let log = std::fs::read_to_string(hs.access_log()).expect("access log");
    assert!(!log[before..].contains("/login"), "the password never left: {}", &log[before..]);
    assert_eq!(a.run(&["whoami"]).status.code(), Some(1), "not signed in");

    // The homeserver the organisation names is accepted.
    let ours = managed_policy(&format!(r#"{{"AllowedHomeservers": ["{}"]}}"#, hs.url));
    let mut login = a.login_command(&hs.url, &alice.name);
    login.env("PARLEY_POLICY_DIR", ours.path());
    let out = Ctl::run_with_stdin(login, &format!("{}\n", alice.password));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_incoming_content_filter_hides_or_removes_matching_messages() {
    let pair = DmPair::new();
    let lure = "URGENT: wire the money to this account today";
    pair.b.ok(&["send", &pair.room_id, lure, "lunch at noon?"]);
    let history = |policy: &str| -> Vec<Value> {
        let policy = managed_policy(policy);
        let out = pair
            .a
            .command(&["history", &pair.room_id, "--json"])
            .env("PARLEY_POLICY_DIR", policy.path())
            .output()
            .expect("run parleyctl");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        json_lines(&out).into_iter().filter(|m| m["body"].is_string()).collect()
    };
    let filter = r#""IncomingContentFilter": ["(?i)wire\\s+the\\s+money"]"#;

    let hidden = history(&format!("{{{filter}}}"));
    let flags: Vec<(&str, bool)> = hidden
        .iter()
        .filter(|m| m["own"] == false)
        .map(|m| (m["body"].as_str().unwrap_or(""), m["filtered"] == true))
        .collect();
    assert_eq!(flags, [(lure, true), ("lunch at noon?", false)], "hidden behind a notice, not lost");

    let removed = history(&format!(r#"{{{filter}, "IncomingContentFilterAction": "remove"}}"#));
    let bodies: Vec<&str> =
        removed.iter().filter(|m| m["own"] == false).filter_map(|m| m["body"].as_str()).collect();
    assert_eq!(bodies, ["lunch at noon?"], "not shown at all");

    // Without the policy nothing is filtered.
    let plain = history("{}");
    assert!(plain.iter().all(|m| m["filtered"] == false), "{plain:?}");

    let kinds = audit_kinds(&pair.a);
    assert!(kinds.contains(&("content_filter".to_owned(), "hidden".to_owned())), "{kinds:?}");
    assert!(kinds.contains(&("content_filter".to_owned(), "removed".to_owned())), "{kinds:?}");
    let audit = pair.a.ok(&["audit", "show", "--json"]);
    assert!(!audit.contains("wire the money"), "no message text in the audit log");
}
