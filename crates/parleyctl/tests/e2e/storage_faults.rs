//! The machine's own storage failing (issue 17): a full disk under the quarantine folder, a
//! damaged local store, the keyring gone. Each ends in one clear sentence, keeps nothing
//! half-done, and recovers without losing keys where the keys survived.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::Command,
};

use crate::{
    faults::received,
    files::{accept, audit_decisions, offer, quarantined, stderr},
    network_faults::{clamd_policy, text_file},
    support::{DmPair, files_under, json_lines},
};

/// A small tmpfs mounted over `dir` for the life of the value (the tests run as root).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn over(dir: &Path, size: &str) -> Self {
        std::fs::create_dir_all(dir).expect("mount point");
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("run mount");
        assert!(status.success(), "mounting a tmpfs needs root (make test runs as root)");
        Self(dir.to_owned())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_disk_under_quarantine_is_one_sentence_leaves_nothing_and_the_file_comes_later() {
    let pair = DmPair::new();
    let work = tempfile::tempdir().expect("temp dir");
    let downloads = work.path().join("Downloads");
    let bytes = text_file(3 * 1024 * 1024);
    let (event_id, _) = offer(&pair, work.path(), "budget.txt", &bytes);

    let disk = SmallDisk::over(&pair.a.profile.join("quarantine"), "1m");
    let (out, _) = accept(&pair.a, &event_id, &downloads, &clamd_policy());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.starts_with("parleyctl: The file could not be written to the quarantine folder")
            && said.contains("No space left on device")
            && said.lines().count() == 1,
        "one clear sentence: {said}"
    );
    assert!(quarantined(&pair.a).is_empty(), "no partial file in the full quarantine");
    assert!(!downloads.exists() || files_under(&downloads).is_empty(), "nothing released");
    assert!(audit_decisions(&pair.a).contains(&("download_failed".to_owned(), event_id.clone())));

    drop(disk);
    let (out, outcome) = accept(&pair.a, &event_id, &downloads, &clamd_policy());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(outcome["path"].as_str().expect("path")).expect("file"), bytes);
}

/// Overwrites the start of an sqlite database and of its write-ahead log (their headers),
/// as a failing disk might. The log must be damaged too: its copy of the first page would
/// otherwise hide the damage (and repair it at the next checkpoint).
fn damage(database: &Path) {
    use std::io::{Seek, Write};
    let wal = PathBuf::from(format!("{}-wal", database.display()));
    for file in [database, wal.as_path()].into_iter().filter(|f| f.exists()) {
        let mut file = std::fs::OpenOptions::new().write(true).open(file).expect("open the database");
        file.seek(std::io::SeekFrom::Start(0)).expect("seek");
        file.write_all(&[0x5a; 100]).expect("damage the header");
    }
}

/// Every file under `dir` with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir).into_iter().map(|f| (f.clone(), std::fs::read(&f).expect("read"))).collect()
}

#[test]
fn damaged_caches_are_rebuilt_from_the_homeserver_and_no_key_is_lost() {
    let pair = DmPair::new();
    pair.b.ok(&["send", &pair.room_id, "said before the damage"]);
    assert_eq!(received(&pair.a, &pair.room_id, "said before"), ["said before the damage"]);

    let store = pair.a.profile.join("store");
    damage(&store.join("matrix-sdk-state.sqlite3"));
    damage(&store.join("matrix-sdk-event-cache.sqlite3"));

    // Read again from the homeserver, decrypted with the keys that were never touched.
    assert_eq!(received(&pair.a, &pair.room_id, "said before"), ["said before the damage"]);
    pair.b.ok(&["send", &pair.room_id, "said after the repair"]);
    assert_eq!(received(&pair.a, &pair.room_id, "said after"), ["said after the repair"]);

    let audit = json_lines(&pair.a.run(&["audit", "show", "--json"]));
    let rebuilt = audit.iter().filter(|e| e["kind"] == "store" && e["decision"] == "cache_rebuilt").count();
    assert_eq!(rebuilt, 1, "the repair is recorded once");
    let kept: Vec<PathBuf> = files_under(&store)
        .into_iter()
        .filter(|f| {
            f.parent()
                .is_some_and(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("damaged-")))
        })
        .collect();
    assert!(
        kept.iter().any(|f| f.ends_with("matrix-sdk-state.sqlite3")),
        "the damaged copies are kept for whoever investigates: {kept:?}"
    );
}

#[test]
fn a_damaged_key_store_is_one_clear_sentence_and_nothing_is_changed() {
    let pair = DmPair::new();
    damage(&pair.a.profile.join("store/matrix-sdk-crypto.sqlite3"));
    let before = snapshot(&pair.a.profile);

    let out = pair.a.run(&["rooms", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "parleyctl: The local encrypted data could not be opened (the key is wrong or the data is damaged), \
         and nothing was deleted: sign out and in again, then use your recovery key to get your message \
         history back.\n"
    );
    assert!(out.stdout.is_empty());
    // sqlite itself folds its write-ahead logs in when a database closes, so compare what
    // holds the data: every database and every file of Parley's own.
    let kept = |files: &BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
        files
            .iter()
            .filter(|(f, _)| !f.to_string_lossy().ends_with("-wal") && !f.to_string_lossy().ends_with("-shm"))
            .map(|(f, b)| (f.clone(), b.clone()))
            .collect()
    };
    let after = snapshot(&pair.a.profile);
    let (before, after) = (kept(&before), kept(&after));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file added or removed"
    );
    let crypto = pair.a.profile.join("store/matrix-sdk-crypto.sqlite3");
    assert!(before[&crypto] == after[&crypto], "the damaged key store is left exactly as it was");
    for file in ["profile.json", "session.sealed"] {
        let file = pair.a.profile.join(file);
        assert!(before[&file] == after[&file], "{} unchanged", file.display());
    }
}

#[test]
fn with_the_keyring_gone_the_profile_waits_unharmed_until_it_returns() {
    let pair = DmPair::new();
    let before = snapshot(&pair.a.profile);

    let out = pair
        .a
        .command(&["rooms", "--json"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/parley-test-bus")
        .output()
        .expect("run parleyctl");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.starts_with("parleyctl: The system keyring is not available (") && said.lines().count() == 1,
        "one clear sentence, no fallback: {said}"
    );
    assert!(out.stdout.is_empty());
    assert!(before == snapshot(&pair.a.profile), "nothing in the profile changed");

    // The keyring is back: the same keys open the same store.
    pair.b.ok(&["send", &pair.room_id, "after the keyring came back"]);
    assert_eq!(received(&pair.a, &pair.room_id, "after the keyring"), ["after the keyring came back"]);
}
