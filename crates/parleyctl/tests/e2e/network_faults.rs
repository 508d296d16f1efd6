//! A homeserver that fails requests, answers too late, or dies in the middle of a download
//! (issue 17). The faults come from a proxy on loopback (`fault_proxy`) in front of a real
//! Synapse of the test's own; the other person talks to Synapse directly.

use std::{
    path::PathBuf,
    process::{Child, Stdio},
    time::Duration,
};

use serde_json::Value;

use crate::{
    fault_proxy::{Fault, FaultProxy},
    faults::received,
    files::{accept, audit_decisions, offer, quarantined, stderr},
    support::{DmPair, PrivateHomeserver, files_under, let_listener_start, messages_from},
};

/// A text file of `len` bytes (a type every check accepts), unique per call.
pub(crate) fn text_file(len: usize) -> Vec<u8> {
    let line = format!("{:032x} the quarterly figures, line after line\n", rand::random::<u128>());
    line.bytes().cycle().take(len).collect()
}

/// A Synapse of the test's own, with A reaching it through the fault proxy and B directly.
/// Dropped in field order: the homeserver stops first.
struct Proxied {
    server: PrivateHomeserver,
    proxy: FaultProxy,
    pair: DmPair,
}

fn proxied() -> Proxied {
    let server = PrivateHomeserver::start();
    let hs = server.homeserver();
    let proxy = FaultProxy::to(&hs.url);
    let pair = DmPair::on_via(&hs, &proxy.url);
    Proxied { server, proxy, pair }
}

pub(crate) fn clamd_policy() -> String {
    let socket = std::env::var("PARLEY_TEST_CLAMD_SOCKET").expect("run through tests/with-scanners");
    format!(r#"{{"FileScannerAddress": "unix:{socket}", "FileScanRequired": true}}"#)
}

#[test]
fn server_errors_on_send_are_retried_until_each_message_arrives_exactly_once() {
    let Proxied { proxy, pair, .. } = &proxied();
    let sent: Vec<String> = (1..=30).map(|i| format!("through errors {i:02}")).collect();

    proxy.inject("/send/", Fault::Status(500), 8);
    proxy.inject("/send/", Fault::Status(503), 4);
    let mut args = vec!["send", "--no-wait", &pair.room_id];
    args.extend(sent.iter().map(String::as_str));
    pair.a.ok(&args);
    pair.a.ok(&["flush", "--timeout", "180"]);

    assert_eq!(proxy.injected(), 12, "every injected error was met");
    assert_eq!(received(&pair.b, &pair.room_id, "through errors"), sent, "each exactly once, in order");
}

/// The worst case for duplicates: the homeserver stored the message, but its answer never
/// came back, so the client must send again (after its request timeout) and the homeserver
/// must recognise the retry by its transaction id.
#[test]
fn a_send_whose_answer_is_lost_is_retried_and_not_duplicated() {
    let Proxied { proxy, pair, .. } = &proxied();
    let sent = ["lost answer 1", "lost answer 2", "lost answer 3"];

    proxy.inject("/send/", Fault::Stall, 1);
    let mut args = vec!["send", "--no-wait", &pair.room_id];
    args.extend(sent);
    pair.a.ok(&args);
    pair.a.ok(&["flush", "--timeout", "300"]);

    assert_eq!(proxy.injected(), 1);
    assert!(proxy.forwarded("/send/") >= 4, "the first message went to the homeserver twice");
    assert_eq!(received(&pair.b, &pair.room_id, "lost answer"), sent, "each exactly once, in order");
}

#[test]
fn sync_errors_delay_messages_but_lose_none() {
    let Proxied { proxy, pair, .. } = &proxied();
    let sent: Vec<String> = (1..=10).map(|i| format!("sync trouble {i:02}")).collect();

    let listener = pair.a.listen(sent.len(), Duration::from_mins(3));
    let_listener_start();
    proxy.inject("/sync", Fault::Status(502), 3);
    proxy.inject("/sync", Fault::Status(500), 3);
    for text in &sent {
        pair.b.ok(&["send", &pair.room_id, text]);
    }
    let got: Vec<String> =
        messages_from(listener).iter().filter_map(|m| m["body"].as_str().map(ToOwned::to_owned)).collect();
    assert_eq!(proxy.injected(), 6, "the listener's syncs met every injected error");
    assert_eq!(got, sent, "each exactly once, in order");
}

/// B's offer of a 3 MiB file and A's `accept-file` of it, running in the background and slowed
/// down by the proxy so that the test can act in the middle of the download.
struct MidDownload {
    net: Proxied,
    downloads: PathBuf,
    bytes: Vec<u8>,
    event_id: String,
    _work: tempfile::TempDir,
    _policy: tempfile::TempDir,
}

impl MidDownload {
    /// Starts it; returns the running `accept-file` once part of the file has arrived.
    fn start(name: &str) -> (Self, Child) {
        let net = proxied();
        let work = tempfile::tempdir().expect("temp dir");
        let downloads = work.path().join("Downloads");
        let bytes = text_file(3 * 1024 * 1024);
        let (event_id, _) = offer(&net.pair, work.path(), name, &bytes);
        let policy = crate::support::managed_policy(&clamd_policy());
        net.proxy.throttle(Some(("/download/", 256 * 1024)));
        let accepting = net
            .pair
            .a
            .command(&["accept-file", &event_id, "--to", downloads.to_str().expect("utf-8"), "--json"])
            .env("PARLEY_POLICY_DIR", policy.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn accept-file");
        wait_for_download(&net.proxy);
        (Self { net, downloads, bytes, event_id, _work: work, _policy: policy }, accepting)
    }

    /// Nothing of the file anywhere on A's side: nothing released, no part-file in quarantine.
    fn assert_nothing_kept(&self, why: &str) {
        assert!(
            !self.downloads.exists() || files_under(&self.downloads).is_empty(),
            "{why}: nothing released"
        );
        let left = quarantined(&self.net.pair.a);
        assert!(left.is_empty(), "{why}: no partial file in quarantine: {left:?}");
    }

    /// Accepts the file again at full speed: it is released whole and leaves quarantine.
    fn accept_again(&self) {
        self.net.proxy.throttle(None);
        let (out, outcome) = accept(&self.net.pair.a, &self.event_id, &self.downloads, &clamd_policy());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(outcome["state"], "released", "{outcome}");
        let released = outcome["path"].as_str().expect("path");
        assert_eq!(std::fs::read(released).expect("released file"), self.bytes, "the whole file, intact");
        assert_eq!(files_under(&self.downloads).len(), 1, "exactly one released file");
        assert!(quarantined(&self.net.pair.a).is_empty(), "quarantine is empty after the release");
    }
}

/// Waits until the proxy has started answering a media download.
fn wait_for_download(proxy: &FaultProxy) {
    for _ in 0..300 {
        if proxy.forwarded("/download/") > 0 {
            // Let some of the file arrive.
            std::thread::sleep(Duration::from_secs(2));
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the download never started");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_homeserver_dying_mid_download_releases_nothing_and_the_file_arrives_later() {
    let (download, accepting) = MidDownload::start("figures.txt");
    let a = &download.net.pair.a;
    download.net.server.kill();
    download.net.proxy.sever();
    let out = accepting.wait_with_output().expect("accept-file");

    assert_eq!(out.status.code(), Some(1), "a failed download fails: {}", stderr(&out));
    assert!(
        stderr(&out).starts_with("parleyctl: The file could not be downloaded"),
        "one clear sentence: {}",
        stderr(&out)
    );
    download.assert_nothing_kept("after the homeserver died");
    assert!(audit_decisions(a).contains(&("download_failed".to_owned(), download.event_id.clone())));

    download.net.server.restart();
    download.accept_again();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_client_killed_mid_download_leaves_nothing_and_the_next_accept_works() {
    let (download, mut accepting) = MidDownload::start("minutes.txt");
    let a = &download.net.pair.a;
    accepting.kill().expect("SIGKILL accept-file");
    let _ = accepting.wait();
    let downloads = &download.downloads;
    assert!(!downloads.exists() || files_under(downloads).is_empty(), "nothing released");
    let partial = quarantined(a);
    assert!(
        !partial.is_empty() && partial.iter().all(|p| p.to_string_lossy().ends_with(".encrypted")),
        "the killed download left its part-file, marked unfinished: {partial:?}"
    );

    // The next start removes the part-file; the file then arrives whole.
    download.accept_again();
    let audit = crate::support::json_lines(&a.run(&["audit", "show", "--json"]));
    assert!(
        audit.iter().any(|e: &Value| e["kind"] == "file" && e["decision"] == "unfinished_removed"),
        "removing the part-file is recorded"
    );
}
