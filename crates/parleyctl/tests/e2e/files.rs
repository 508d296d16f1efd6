//! The file guard end to end (issue 6): a file is an offer until accepted; an accepted
//! file goes through quarantine, the real antivirus (clamd and c-icap from
//! `tests/with-scanners`), and is released with its mark-of-the-web, or kept.

use std::{
    path::{Path, PathBuf},
    process::{Command, Output, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

use crate::support::{
    Ctl, DmPair, Homeserver, files_under, json_lines, let_listener_start, managed_policy, server_event,
};

/// The EICAR test file: every antivirus reports it, nothing runs it. Put together at run
/// time so that antivirus on a developer's machine does not quarantine this source file.
fn eicar() -> Vec<u8> {
    [r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR", "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].concat().into_bytes()
}

/// A minimal, well-formed PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

fn clamd() -> String {
    let socket = std::env::var("PARLEY_TEST_CLAMD_SOCKET").expect(
        "PARLEY_TEST_CLAMD_SOCKET is not set: run these tests through `make test` (tests/with-scanners)",
    );
    format!("unix:{socket}")
}

fn icap() -> String {
    std::env::var("PARLEY_TEST_ICAP").expect("PARLEY_TEST_ICAP is not set: run through tests/with-scanners")
}

/// B sends `bytes` as `name`; returns the event id of the offer as A sees it.
pub(crate) fn offer(pair: &DmPair, dir: &Path, name: &str, bytes: &[u8]) -> (String, Value) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the file to send");
    let sent: Value =
        serde_json::from_str(&pair.b.ok(&["send-file", &pair.room_id, path.to_str().expect("utf-8 path")]))
            .expect("send-file JSON");
    let event_id = sent["event_id"].as_str().expect("event id").to_owned();
    let history = json_lines(&pair.a.run(&["history", &pair.room_id, "--json"]));
    let message = history
        .into_iter()
        .find(|m| m["event_id"] == event_id.as_str())
        .unwrap_or_else(|| panic!("A does not see the offer {event_id}"));
    (event_id, message)
}

/// `accept-file` under a managed policy, releasing into `downloads`.
pub(crate) fn accept(ctl: &Ctl, event_id: &str, downloads: &Path, policy: &str) -> (Output, Value) {
    let policy = managed_policy(policy);
    let out = ctl
        .command(&["accept-file", event_id, "--to", downloads.to_str().expect("utf-8"), "--json"])
        .env("PARLEY_POLICY_DIR", policy.path())
        .output()
        .expect("run parleyctl accept-file");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, json)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Files under `dir` whose content holds `needle`.
fn holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    files_under(dir).into_iter().filter(|f| std::fs::read(f).is_ok_and(|b| contains(&b, needle))).collect()
}

/// How many media downloads the homeserver served to `user_id`.
fn downloads_by(hs: &Homeserver, user_id: &str) -> usize {
    let log = std::fs::read_to_string(hs.access_log()).expect("access.log");
    log.lines().filter(|l| l.contains("/media/download/") && l.contains(&format!("{{{user_id}"))).count()
}

/// The files in a profile's quarantine folder (none when it was never created).
pub(crate) fn quarantined(ctl: &Ctl) -> Vec<PathBuf> {
    let dir = ctl.profile.join("quarantine");
    if dir.exists() { files_under(&dir) } else { Vec::new() }
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub(crate) fn audit_decisions(ctl: &Ctl) -> Vec<(String, String)> {
    json_lines(&ctl.run(&["audit", "show", "--json"]))
        .iter()
        .filter(|e| e["kind"] == "file")
        .map(|e| {
            (e["decision"].as_str().unwrap_or("").to_owned(), e["event_id"].as_str().unwrap_or("").to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn an_infected_file_is_an_offer_until_accepted_and_never_leaves_quarantine() {
    let hs = Homeserver::from_env();
    let pair = DmPair::on(&hs);
    let work = tempfile::tempdir().expect("temp dir");
    let downloads = work.path().join("Downloads");

    let eicar = eicar();
    let (event_id, message) = offer(&pair, work.path(), "eicar.txt", &eicar);

    // The offer: name, size and encryption as declared, nothing fetched.
    let file = &message["file"];
    assert_eq!(file["name"], "eicar.txt", "{message}");
    assert_eq!(file["size"], eicar.len(), "{message}");
    assert_eq!(file["encrypted"], true, "{message}");
    let on_server = server_event(&hs, &pair.bob, &pair.room_id, &event_id).await;
    assert_eq!(on_server["type"], "m.room.encrypted", "the offer itself is end-to-end encrypted");
    assert_eq!(downloads_by(&hs, &pair.alice.id), 0, "A's client fetched the file before accepting it");
    assert!(holding(&pair.a.profile, &eicar).is_empty(), "A's profile holds the file before accepting it");

    for scanner in [clamd(), icap()] {
        let (out, outcome) =
            accept(&pair.a, &event_id, &downloads, &format!(r#"{{"FileScannerAddress": "{scanner}"}}"#));

        assert_eq!(out.status.code(), Some(3), "kept in quarantine means exit 3: {}", stderr(&out));
        assert_eq!(outcome["state"], "quarantined", "{outcome}");
        assert_eq!(outcome["scan"]["result"], "infected", "{scanner}: {outcome}");
        assert!(outcome["scan"]["signature"].as_str().is_some_and(|s| s.contains("Eicar")), "{outcome}");
        assert!(stderr(&out).contains("antivirus found"), "{}", stderr(&out));
    }
    // It was fetched only once accepted, and the only copy is in quarantine.
    assert!(downloads_by(&hs, &pair.alice.id) >= 1, "the access log shows no download by A after accepting");
    let copies = holding(&pair.a.profile, &eicar);
    assert!(
        !copies.is_empty() && copies.iter().all(|c| c.starts_with(pair.a.profile.join("quarantine"))),
        "{copies:?}"
    );
    assert!(!downloads.exists() || files_under(&downloads).is_empty(), "nothing released into Downloads");
    let decisions = audit_decisions(&pair.a);
    assert!(
        decisions.contains(&("quarantined_infected".to_owned(), event_id.clone())),
        "the audit log records the infected file: {decisions:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clean_pdf_is_released_with_its_mark_of_the_web() {
    let pair = DmPair::new();
    let work = tempfile::tempdir().expect("temp dir");
    let downloads = work.path().join("Downloads");
    std::fs::create_dir(&downloads).expect("downloads");
    // Someone else's file of the same name is never overwritten.
    std::fs::write(downloads.join("report.pdf"), b"mine").expect("existing file");

    let (event_id, _) = offer(&pair, work.path(), "report.pdf", PDF);
    let (out, outcome) = accept(
        &pair.a,
        &event_id,
        &downloads,
        &format!(r#"{{"FileScannerAddress": "{}", "FileScanRequired": true}}"#, clamd()),
    );

    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(outcome["state"], "released", "{outcome}");
    assert_eq!(outcome["scan"]["result"], "clean", "{outcome}");
    assert_eq!(outcome["detected_type"]["mime"], "application/pdf", "{outcome}");
    let released = PathBuf::from(outcome["path"].as_str().expect("path"));
    assert_eq!(released, downloads.join("report (1).pdf"));
    assert_eq!(std::fs::read(&released).expect("released file"), PDF);
    assert_eq!(std::fs::read(downloads.join("report.pdf")).expect("existing file"), b"mine");
    let attr =
        |name| String::from_utf8(xattr::get(&released, name).expect("xattr").expect(name)).expect("utf-8");
    let origin = attr("user.xdg.origin.url");
    assert!(origin.starts_with("mxc://localhost/"), "{origin}");
    assert!(!origin.contains("access_token"), "{origin}");
    let referrer = attr("user.xdg.referrer.url");
    assert!(referrer.contains(&pair.room_id) && referrer.contains(&event_id), "{referrer}");
    assert!(quarantined(&pair.a).is_empty(), "a released file leaves quarantine");
    assert!(audit_decisions(&pair.a).contains(&("released".to_owned(), event_id)));
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_scanner_down_a_required_scan_keeps_the_file_and_otherwise_warns() {
    let pair = DmPair::new();
    let work = tempfile::tempdir().expect("temp dir");
    let downloads = work.path().join("Downloads");
    let down = format!("unix:{}", work.path().join("no-clamd.sock").display());

    let (event_id, _) = offer(&pair, work.path(), "notes.pdf", PDF);
    let (out, outcome) = accept(
        &pair.a,
        &event_id,
        &downloads,
        &format!(r#"{{"FileScannerAddress": "{down}", "FileScanRequired": true}}"#),
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(outcome["state"], "quarantined", "{outcome}");
    assert_eq!(outcome["scan"]["result"], "failed", "{outcome}");
    assert!(stderr(&out).contains("could not be scanned"), "the user is told why: {}", stderr(&out));
    assert!(!downloads.exists() || files_under(&downloads).is_empty());

    let (out, outcome) =
        accept(&pair.a, &event_id, &downloads, &format!(r#"{{"FileScannerAddress": "{down}"}}"#));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(outcome["state"], "released", "{outcome}");
    let warnings = outcome["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w.as_str().is_some_and(|w| w.starts_with("Not scanned"))),
        "an unscanned file carries a visible warning: {outcome}"
    );
    let decisions = audit_decisions(&pair.a);
    assert!(decisions.contains(&("quarantined_scan_failed".to_owned(), event_id.clone())), "{decisions:?}");
    assert!(decisions.contains(&("released_unscanned".to_owned(), event_id)), "{decisions:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn size_limits_and_dlp_apply_to_files_both_ways() {
    let hs = Homeserver::from_env();
    let pair = DmPair::on(&hs);
    let work = tempfile::tempdir().expect("temp dir");
    let downloads = work.path().join("Downloads");
    let big = vec![b'a'; 2 * 1024 * 1024 + 1];

    let (event_id, _) = offer(&pair, work.path(), "big.txt", &big);
    let (out, _) = accept(&pair.a, &event_id, &downloads, r#"{"MaxIncomingFileSizeMb": 1}"#);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("larger than the 1 MB"), "{}", stderr(&out));
    assert_eq!(downloads_by(&hs, &pair.alice.id), 0, "a file over the limit is not downloaded at all");
    assert!(quarantined(&pair.a).is_empty());

    // Outgoing: the same limit, and DLP on the file's name.
    let policy = managed_policy(r#"{"MaxIncomingFileSizeMb": 1}"#);
    let big_path = work.path().join("big.txt");
    let out = pair
        .b
        .command(&["send-file", &pair.room_id, big_path.to_str().expect("utf-8")])
        .env("PARLEY_POLICY_DIR", policy.path())
        .output()
        .expect("run parleyctl");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("larger than the 1 MB"), "{}", stderr(&out));

    let card = work.path().join("card 4111 1111 1111 1111.txt");
    std::fs::write(&card, b"x").expect("file");
    let out = pair.b.run(&["send-file", &pair.room_id, card.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1), "a file name with a card number needs confirmation");
    assert!(stderr(&out).contains("payment card"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn with_auto_accept_files_are_checked_as_they_arrive() {
    let pair = DmPair::new();
    let work = tempfile::tempdir().expect("temp dir");
    let downloads = work.path().join("Downloads");
    let policy =
        managed_policy(&format!(r#"{{"AutoAcceptFiles": true, "FileScannerAddress": "{}"}}"#, clamd()));
    let listen = pair
        .a
        .command(&["listen", "--json", "--timeout", "90"])
        .env("PARLEY_POLICY_DIR", policy.path())
        .env("PARLEY_DOWNLOAD_DIR", &downloads)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn listen");
    let_listener_start();

    let path = work.path().join("minutes.pdf");
    std::fs::write(&path, PDF).expect("write the file to send");
    pair.b.ok(&["send-file", &pair.room_id, path.to_str().expect("utf-8 path")]);

    // Each event is a line on listen's stdout, flushed as it is printed.
    let mut listen = listen;
    let stdout = listen.stdout.take().expect("listen stdout");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_mins(1);
    let mut checked = Vec::new();
    while checked.is_empty() && Instant::now() < deadline {
        if let Ok(line) = received.recv_timeout(Duration::from_millis(500)) {
            checked.extend(serde_json::from_str::<Value>(&line).ok().filter(|e| e["kind"] == "file_checked"));
        }
    }
    let _ = Command::new("kill").arg("-TERM").arg(listen.id().to_string()).status();
    let out = listen.wait_with_output().expect("wait listen");
    assert_eq!(checked.len(), 1, "no file_checked event: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(checked[0]["outcome"]["state"], "released");
    let released = downloads.join("minutes.pdf");
    assert_eq!(std::fs::read(&released).expect("the file was accepted automatically"), PDF);
    assert_eq!(checked[0]["outcome"]["scan"]["result"], "clean");
}
