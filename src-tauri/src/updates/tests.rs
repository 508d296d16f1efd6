//! The update test (issue 14): the real updater plugin, in a mock Tauri app configured as the
//! real one is ([`configure`]), against a static HTTP server on loopback that serves a manifest
//! and an artifact signed with a throw-away minisign key, the way `cargo tauri signer sign
//! --app-version` signs release artifacts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use parley_policy::Policy;
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

use super::*;

/// The version the mock app runs as.
const CURRENT: &str = "1.4.0";
/// The artifact's path on the feed.
const ARTIFACT: &str = "/parley_1.5.0_amd64.deb";

/// A throw-away release key.
struct Key {
    /// The public key as the updater takes it: base64 of the minisign public key file.
    public: String,
    secret: minisign::SecretKey,
}

impl Key {
    fn new() -> Self {
        let minisign::KeyPair { pk, sk } =
            minisign::KeyPair::generate_unencrypted_keypair().expect("key pair");
        Self { public: BASE64.encode(pk.to_box().expect("public key box").to_string()), secret: sk }
    }

    /// Signs `data`; with `version`, the trusted comment names it as the Tauri CLI does.
    fn sign(&self, data: &[u8], version: Option<&str>) -> String {
        let mut trusted = "timestamp:1796601600\tfile:parley.deb".to_owned();
        if let Some(version) = version {
            trusted.push_str("\tversion:");
            trusted.push_str(version);
        }
        let signature =
            minisign::sign(None, &self.secret, data, Some(&trusted), Some("signature from tauri secret key"))
                .expect("signature");
        BASE64.encode(signature.to_string())
    }
}

/// A static HTTP server on 127.0.0.1: serves `files` by path and keeps every request's head.
struct Feed {
    base: String,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Feed {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let files: Arc<Mutex<HashMap<String, Vec<u8>>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let (served, seen) = (files.clone(), requests.clone());
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (served, seen) = (served.clone(), seen.clone());
                tokio::spawn(async move {
                    let mut head = Vec::new();
                    let mut byte = [0_u8; 1];
                    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                        if stream.read(&mut byte).await.unwrap_or(0) == 0 {
                            return;
                        }
                        head.push(byte[0]);
                    }
                    let head = String::from_utf8_lossy(&head).into_owned();
                    let path = head.split_whitespace().nth(1).unwrap_or_default().to_owned();
                    seen.lock().expect("requests").push(head);
                    let body = served.lock().expect("files").get(&path).cloned();
                    let (status, body) = body.map_or(("404 Not Found", Vec::new()), |b| ("200 OK", b));
                    let reply = format!(
                        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(reply.as_bytes()).await;
                    let _ = stream.write_all(&body).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self { base, files, requests }
    }

    /// Serves `artifact` and a manifest announcing `version` with `signature`.
    fn publish(&self, version: &str, artifact: &[u8], signature: &str) {
        let target = format!("linux-{}", std::env::consts::ARCH);
        self.publish_for(&target, version, artifact, signature);
    }

    /// The same, under the manifest's platform entry `target`.
    fn publish_for(&self, target: &str, version: &str, artifact: &[u8], signature: &str) {
        let manifest = serde_json::json!({
            "version": version,
            "notes": "Fixes.",
            "pub_date": "2026-12-07T00:00:00Z",
            "platforms": { (target): { "url": format!("{}{ARTIFACT}", self.base), "signature": signature } },
        });
        let mut files = self.files.lock().expect("files");
        files.insert("/latest.json".to_owned(), manifest.to_string().into_bytes());
        files.insert(ARTIFACT.to_owned(), artifact.to_vec());
    }

    fn url(&self) -> Url {
        format!("{}/latest.json", self.base).parse().expect("feed URL")
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("requests").clone()
    }

    fn artifact_requested(&self) -> bool {
        self.requests().iter().any(|head| head.contains(ARTIFACT))
    }
}

/// A mock Parley at version [`CURRENT`] whose updater trusts `key`.
fn app(key: &Key) -> tauri::App<MockRuntime> {
    app_at(&key.public, CURRENT)
}

/// A mock Parley at `version` whose updater trusts `public_key`.
fn app_at(public_key: &str, version: &str) -> tauri::App<MockRuntime> {
    let mut context = mock_context(noop_assets());
    configure(&mut context, public_key);
    context.package_info_mut().version = version.parse().expect("version");
    mock_builder()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(Updates::new(&Plan::Off))
        .build(context)
        .expect("mock app")
}

fn artifact() -> Vec<u8> {
    (0..64 * 1024_u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect()
}

#[tokio::test]
async fn a_signed_newer_release_is_offered_and_its_verified_bytes_returned() {
    let key = Key::new();
    let feed = Feed::start().await;
    let bytes = artifact();
    feed.publish("1.5.0", &bytes, &key.sign(&bytes, Some("1.5.0")));
    let app = app(&key);

    let update = check(app.handle(), &feed.url()).await.expect("check").expect("an update is offered");
    assert_eq!(update.version, "1.5.0");
    let downloaded = download(&update).await.expect("a correctly signed update is accepted");
    assert_eq!(downloaded, bytes);
}

#[tokio::test]
async fn checks_and_downloads_carry_nothing_that_identifies_the_user() {
    let key = Key::new();
    let feed = Feed::start().await;
    let bytes = artifact();
    feed.publish("1.5.0", &bytes, &key.sign(&bytes, Some("1.5.0")));
    let app = app(&key);
    let update = check(app.handle(), &feed.url()).await.expect("check").expect("update");
    download(&update).await.expect("download");

    let requests = feed.requests();
    assert_eq!(requests.len(), 2, "one request for the manifest, one for the artifact: {requests:#?}");
    assert!(requests[0].starts_with("GET /latest.json HTTP/1.1\r\n"), "{}", requests[0]);
    assert!(requests[1].starts_with(&format!("GET {ARTIFACT} HTTP/1.1\r\n")), "{}", requests[1]);
    for head in &requests {
        for line in head.lines().skip(1).filter(|l| !l.is_empty()) {
            let (name, value) = line.split_once(':').expect("header line");
            let name = name.to_ascii_lowercase();
            assert!(
                ["host", "user-agent", "accept", "accept-encoding"].contains(&name.as_str()),
                "an update request sent the header {line:?}"
            );
            if name == "user-agent" {
                assert!(value.trim().starts_with("tauri-plugin-updater/"), "user agent {value:?}");
            }
        }
    }
}

#[tokio::test]
async fn a_tampered_artifact_is_refused() {
    let key = Key::new();
    let feed = Feed::start().await;
    let bytes = artifact();
    let signature = key.sign(&bytes, Some("1.5.0"));
    let mut tampered = bytes.clone();
    tampered[40_000] ^= 0x01;
    feed.publish("1.5.0", &tampered, &signature);
    let app = app(&key);

    let update = check(app.handle(), &feed.url()).await.expect("check").expect("update");
    let err = download(&update).await.expect_err("a tampered artifact must be refused");
    assert!(matches!(err, UpdateError::Refused { reason: "bad_signature", .. }), "{err:?}");
    assert!(feed.artifact_requested());
}

#[tokio::test]
async fn a_signature_by_another_key_is_refused() {
    let (key, impostor) = (Key::new(), Key::new());
    let feed = Feed::start().await;
    let bytes = artifact();
    feed.publish("1.5.0", &bytes, &impostor.sign(&bytes, Some("1.5.0")));
    let app = app(&key);

    let update = check(app.handle(), &feed.url()).await.expect("check").expect("update");
    let err = download(&update).await.expect_err("another key's signature must be refused");
    assert!(matches!(err, UpdateError::Refused { reason: "bad_signature", .. }), "{err:?}");
}

#[tokio::test]
async fn a_lower_or_equal_version_is_never_offered() {
    let key = Key::new();
    let feed = Feed::start().await;
    let bytes = artifact();
    let app = app(&key);
    for version in ["1.3.9", CURRENT, "0.9.0"] {
        feed.publish(version, &bytes, &key.sign(&bytes, Some(version)));
        let offered = check(app.handle(), &feed.url()).await.expect("check");
        assert!(offered.is_none(), "{version} was offered to {CURRENT}");
    }
    assert!(!feed.artifact_requested(), "an artifact was fetched although nothing newer was offered");
}

#[tokio::test]
async fn an_older_signed_build_announced_as_newer_is_refused() {
    let key = Key::new();
    let feed = Feed::start().await;
    let old = artifact();
    let app = app(&key);
    for signed_for in [Some("1.3.0"), None] {
        feed.publish("1.5.0", &old, &key.sign(&old, signed_for));
        let update = check(app.handle(), &feed.url()).await.expect("check").expect("update");
        let err = download(&update).await.expect_err("the signature must name the version announced");
        assert!(
            matches!(err, UpdateError::Refused { reason: "version_not_signed", .. }),
            "{signed_for:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn the_about_page_state_follows_the_check_and_a_refusal_installs_nothing() {
    let (key, impostor) = (Key::new(), Key::new());
    let feed = Feed::start().await;
    let bytes = artifact();
    let app = app(&key);

    feed.publish("1.5.0", &bytes, &key.sign(&bytes, Some("1.5.0")));
    let status = run(app.handle(), &feed.url(), false).await;
    assert_eq!(status, UpdateStatus::Available { version: "1.5.0".to_owned() });
    assert_eq!(app.state::<Updates>().status(), status);
    assert!(!feed.artifact_requested(), "`notify` must not download");

    feed.publish("1.5.0", &bytes, &impostor.sign(&bytes, Some("1.5.0")));
    let status = run(app.handle(), &feed.url(), true).await;
    let UpdateStatus::Failed { message } = status else { panic!("a refused update ended as {status:?}") };
    assert!(message.contains("refused") && message.contains("Nothing was installed"), "{message}");
}

#[tokio::test]
async fn an_unreachable_feed_is_one_plain_sentence() {
    let key = Key::new();
    let app = app(&key);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let closed: Url =
        format!("http://{}/latest.json", listener.local_addr().expect("address")).parse().expect("url");
    drop(listener);
    let Err(err) = check(app.handle(), &closed).await else {
        panic!("nothing listens there, yet the check succeeded")
    };
    assert!(matches!(err, UpdateError::Unreachable), "{err:?}");
}

/// The packaging test's real chain (tests/packaging/deb.sh): the `.deb` the Tauri bundler
/// built, signed by `cargo tauri signer sign --app-version` with a throw-away key, listed by
/// packaging/update-manifest.sh. `PARLEY_UPDATE_FIXTURE` names the directory holding
/// `latest.json`, the installer and `update-key.pub`.
#[tokio::test]
#[ignore = "needs the signed installer from tests/packaging/deb.sh, which runs it"]
async fn the_release_installer_signed_by_the_tauri_cli_is_accepted_and_a_flipped_byte_refused() {
    let dir =
        std::path::PathBuf::from(std::env::var_os("PARLEY_UPDATE_FIXTURE").expect("PARLEY_UPDATE_FIXTURE"));
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let manifest: serde_json::Value = serde_json::from_slice(&read("latest.json")).expect("manifest");
    let target = format!("linux-{}-deb", std::env::consts::ARCH);
    let entry = &manifest["platforms"][&target];
    let name = entry["url"].as_str().expect("url").rsplit('/').next().expect("file name").to_owned();
    let signature = entry["signature"].as_str().expect("signature");
    let version = manifest["version"].as_str().expect("version");
    let installer = read(&name);
    let public_key = String::from_utf8(read("update-key.pub")).expect("key text");
    // Installed copies look up `linux-ARCH-deb`; this test binary is no .deb, so it falls back
    // to `linux-ARCH`, where the same entry is served.
    let feed = Feed::start().await;
    feed.publish_for(&format!("linux-{}", std::env::consts::ARCH), version, &installer, signature);
    let app = app_at(public_key.trim(), "0.0.1");

    let update = check(app.handle(), &feed.url()).await.expect("check").expect("the release is offered");
    assert_eq!(update.version, version);
    assert_eq!(download(&update).await.expect("the CLI's signature is accepted"), installer);

    let mut tampered = installer.clone();
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    feed.publish_for(&format!("linux-{}", std::env::consts::ARCH), version, &tampered, signature);
    let update = check(app.handle(), &feed.url()).await.expect("check").expect("offered");
    let err = download(&update).await.expect_err("a flipped byte must be refused");
    assert!(matches!(err, UpdateError::Refused { reason: "bad_signature", .. }), "{err:?}");
}

#[test]
fn the_plan_follows_policy_and_what_the_build_was_given() {
    let policy = |auto_update: AutoUpdate, update_url: Option<&str>| {
        let mut policy = Policy::default();
        policy.auto_update = auto_update;
        policy.update_url = update_url.map(str::to_owned);
        policy
    };
    let key = Some("a-key");
    let release_feed = "https://releases.example.org/parley/latest.json";
    let release = Some(release_feed);
    let own = "https://updates.corp.example/parley.json";

    assert_eq!(plan(&policy(AutoUpdate::Off, Some(own)), key, release), Plan::Off);
    assert_eq!(plan(&policy(AutoUpdate::Notify, None), None, release), Plan::Unavailable(NO_KEY));
    assert_eq!(plan(&policy(AutoUpdate::Notify, None), Some("  "), release), Plan::Unavailable(NO_KEY));
    assert_eq!(plan(&policy(AutoUpdate::Notify, None), key, None), Plan::Unavailable(NO_FEED));
    assert_eq!(
        plan(&policy(AutoUpdate::Notify, None), key, Some("http://releases.example.org/latest.json")),
        Plan::Unavailable(BAD_FEED)
    );
    assert_eq!(
        plan(&policy(AutoUpdate::Notify, None), key, release),
        Plan::Use { feed: release_feed.parse().expect("url"), install: false }
    );
    assert_eq!(
        plan(&policy(AutoUpdate::Install, Some(own)), key, release),
        Plan::Use { feed: own.parse().expect("url"), install: true }
    );
}
