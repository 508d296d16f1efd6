//! The audit log and exports (issue 13) through the real engine, keyring and homeserver:
//! a session's decisions are recorded without content; flipping a byte, deleting an entry,
//! reordering entries and cutting off the tail are each caught by `audit verify`; a room
//! of 1,000 messages exports completely and its manifest's hashes match the files.

use std::path::Path;

use rand::Rng;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{Ctl, DmPair, files_under, json_lines};

fn verify(ctl: &Ctl, path: Option<&Path>) -> (Option<i32>, String) {
    let mut args = vec!["audit", "verify"];
    let path = path.map(|p| p.display().to_string());
    if let Some(p) = &path {
        args.push(p);
    }
    let out = ctl.run(&args);
    (
        out.status.code(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

/// A copy of the account's log folder with `edit` applied to the lines of its only file.
fn tampered(log: &Path, edit: impl FnOnce(&mut Vec<String>)) -> tempfile::TempDir {
    let copy = tempfile::tempdir().expect("temp dir");
    let files = files_under(log);
    assert_eq!(files.len(), 1, "one log file expected: {files:?}");
    let mut lines: Vec<String> =
        std::fs::read_to_string(&files[0]).expect("read").lines().map(str::to_owned).collect();
    edit(&mut lines);
    let text: String = lines.iter().flat_map(|l| [l.as_str(), "\n"]).collect();
    std::fs::write(copy.path().join(files[0].file_name().expect("name")), text).expect("write copy");
    copy
}

#[tokio::test(flavor = "multi_thread")]
async fn the_audit_log_records_decisions_without_content_and_catches_tampering() {
    let pair = DmPair::new();
    let secret = format!("quarterly numbers {:08x}", rand::thread_rng().r#gen::<u32>());
    let card = "pay with 4111 1111 1111 1111";
    pair.b.ok(&["send", &pair.room_id, &format!("{secret} at https://intranet.example.org/q3?token=s3cr3t")]);
    // A DLP decision (held, then sent after confirmation) and a message with a link.
    assert_eq!(pair.a.run(&["send", &pair.room_id, card]).status.code(), Some(1));
    pair.a.ok(&["send", "--send-sensitive-data", &pair.room_id, card]);
    pair.a.ok(&["send", &pair.room_id, &format!("re: {secret}")]);
    let history = json_lines(&pair.a.run(&["history", &pair.room_id, "--json"]));
    let with_link =
        history.iter().find(|m| m["body"].as_str().is_some_and(|b| b.contains("intranet"))).expect("message");
    pair.a.ok(&[
        "link",
        "inspect",
        &pair.room_id,
        with_link["event_id"].as_str().expect("event id"),
        "--json",
    ]);

    let (code, said) = verify(&pair.a, None);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("its end matches the keyring"), "{said}");

    let shown = json_lines(&pair.a.run(&["audit", "show", "--json"]));
    let kinds: Vec<(&str, &str)> = shown
        .iter()
        .map(|e| (e["kind"].as_str().unwrap_or(""), e["decision"].as_str().unwrap_or("")))
        .collect();
    for expected in
        [("login", "signed_in"), ("dlp", "held_for_confirmation"), ("dlp", "sent_after_confirmation")]
    {
        assert!(kinds.contains(&expected), "{expected:?} missing from {kinds:?}");
    }
    let login = shown.iter().find(|e| e["kind"] == "login").expect("login entry");
    assert_eq!(login["user_id"], pair.alice.id.as_str());

    // No message body, link path, card number, password or token in any audit file.
    let log = parley_core::audit::account_dir(&pair.a.profile, &pair.alice.id);
    for file in files_under(&log) {
        let text = std::fs::read_to_string(&file).expect("read log");
        // The card number with its spaces: a bare "4111" can occur in a timestamp.
        for leak in
            [secret.as_str(), "s3cr3t", "/q3", "4111 1111", pair.alice.password.as_str(), "syt_", "re: "]
        {
            assert!(!text.contains(leak), "{} contains {leak:?}", file.display());
        }
    }

    // Tampering with a copy (no keyring anchor for a copy: the chain alone must tell).
    let flipped = tampered(&log, |lines| lines[1] = lines[1].replacen("\"time\":\"2", "\"time\":\"3", 1));
    let deleted = tampered(&log, |lines| {
        lines.remove(1);
    });
    let reordered = tampered(&log, |lines| lines.swap(1, 2));
    for (name, copy) in
        [("flipped byte", &flipped), ("deleted entry", &deleted), ("reordered entries", &reordered)]
    {
        let (code, said) = verify(&pair.a, Some(copy.path()));
        assert_eq!(code, Some(1), "{name} not detected: {said}");
        assert!(said.contains("the audit log is broken: Entry"), "{name}: {said}");
    }
    let (code, said) = verify(&pair.a, Some(tampered(&log, |_| {}).path()));
    assert_eq!(code, Some(0), "an untouched copy verifies: {said}");

    // Cutting the newest entry off the real log: only the keyring anchor can tell.
    let file = files_under(&log).remove(0);
    let text = std::fs::read_to_string(&file).expect("read");
    let cut =
        text.trim_end_matches('\n').rsplit_once('\n').map_or(String::new(), |(head, _)| format!("{head}\n"));
    std::fs::write(&file, cut).expect("truncate");
    let (code, said) = verify(&pair.a, None);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("entries were removed"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_room_of_1000_messages_exports_completely_with_matching_hashes() {
    let pair = DmPair::new();
    let texts: Vec<String> = (1..=1000).map(|i| format!("record {i:04}")).collect();
    let mut args = vec!["send", "--no-wait", pair.room_id.as_str()];
    args.extend(texts.iter().map(String::as_str));
    pair.b.ok(&args);
    pair.b.ok(&["flush", "--timeout", "600"]);

    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("export");
    let summary: Value = serde_json::from_str(&pair.a.ok(&[
        "export",
        &pair.room_id,
        "--out",
        &dir.display().to_string(),
        "--json",
    ]))
    .expect("summary JSON");
    let messages: Value =
        serde_json::from_slice(&std::fs::read(dir.join("messages.json")).expect("messages.json"))
            .expect("JSON");
    let bodies: Vec<&str> = messages["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|m| m["sender"] == pair.bob.id.as_str())
        .map(|m| m["body"].as_str().expect("every message decrypted"))
        .collect();
    assert_eq!(bodies, texts, "the export holds every message, in order");
    assert_eq!(summary["messages"], 1000);

    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).expect("manifest")).expect("JSON");
    for name in ["messages.json", "messages.html"] {
        let bytes = std::fs::read(dir.join(name)).expect("exported file");
        assert_eq!(manifest["sha256"][name], hex::encode(Sha256::digest(&bytes)), "{name}");
    }
    let html = std::fs::read_to_string(dir.join("messages.html")).expect("html");
    assert!(html.contains("record 0001") && html.contains("record 1000"));
    // The export is audited, naming the manifest's hash.
    let manifest_hash =
        hex::encode(Sha256::digest(std::fs::read(dir.join("manifest.json")).expect("manifest")));
    let shown = json_lines(&pair.a.run(&["audit", "show", "--json"]));
    assert!(
        shown.iter().any(|e| e["kind"] == "export" && e["manifest_sha256"] == manifest_hash.as_str()),
        "{shown:?}"
    );
}
