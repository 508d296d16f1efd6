//! The tamper-evident local audit log (issue 13): security decisions, never content.
//!
//! One append-only JSON-lines log per account, in `<profile>/audit/<account>/`, hash-chained
//! ([`chain`]) and rotated by size with the chain continued across files. After every
//! append the newest entry's number and hash are written to the OS keyring too, so cutting
//! entries off the end is detected as well. Entries carry the kind of event, the decision
//! and the ids involved (room, event, user, device, domain, file hash) — never a message
//! body, a URL's path, a token or a key; callers pass ids and codes only.
//!
//! The log outlives sign-out (it is the organisation's record, and holds no secret).
//! `AuditLog` policy `false` stops new entries. Writing is best effort: a full disk or a
//! locked keyring is reported in the application log and never stops the user's work.

pub mod chain;
mod describe;
mod forward;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

pub use chain::{Anchor, Broken, Entry, Verified, read_entries, verify};
pub use describe::describe;
pub use forward::Forwarder;

/// A log file is rotated once it grows past this many bytes.
pub const ROTATE_BYTES: u64 = 4 * 1024 * 1024;

/// One thing to record: kind, decision, ids and details (codes and counts, not content).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    kind: &'static str,
    decision: String,
    fields: Map<String, Value>,
}

impl AuditEvent {
    /// An event of `kind` (`login`, `link`, `dlp`, …) with its `decision`.
    pub fn new(kind: &'static str, decision: impl Into<String>) -> Self {
        Self { kind, decision: decision.into(), fields: Map::new() }
    }

    /// Adds an id or detail (`room_id`, `event_id`, `user_id`, `device_id`, `domain`,
    /// `file_sha256`, `codes`, …). Values must be ids, codes or counts.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.fields.insert(key.to_owned(), value.into());
        self
    }

    /// The same event with another decision (one set of ids, several possible outcomes).
    #[must_use]
    pub fn decided(mut self, decision: impl Into<String>) -> Self {
        self.decision = decision.into();
        self
    }

    /// The event's kind.
    pub fn kind(&self) -> &'static str {
        self.kind
    }
}

/// Where the newest entry's anchor is kept.
pub trait AnchorStore: Send + Sync {
    /// The stored anchor, if any.
    fn load(&self) -> Option<Anchor>;
    /// Replaces the stored anchor.
    fn store(&self, anchor: &Anchor) -> crate::Result<()>;
}

/// The anchor in the OS keyring, in a slot named after the account (so deleting the log
/// folder does not delete it).
pub struct KeyringAnchor(crate::secrets::Keyring);

impl KeyringAnchor {
    /// The anchor slot of `user_id`'s audit log.
    pub fn for_account(user_id: &str) -> Self {
        Self(crate::secrets::Keyring::named(&format!("audit-{}", account_key(user_id))))
    }
}

impl AnchorStore for KeyringAnchor {
    fn load(&self) -> Option<Anchor> {
        self.0.load_text().ok().and_then(|text| Anchor::decode(&text))
    }

    fn store(&self, anchor: &Anchor) -> crate::Result<()> {
        self.0.store_text(&anchor.encode())
    }
}

/// The folder name of an account's log: a hash, so the path does not reveal the user id.
pub fn account_key(user_id: &str) -> String {
    hex::encode(&Sha256::digest(user_id.as_bytes())[..8])
}

/// The audit folder of `user_id` in a profile folder.
pub fn account_dir(profile_dir: &Path, user_id: &str) -> PathBuf {
    profile_dir.join("audit").join(account_key(user_id))
}

struct Tail {
    seq: u64,
    hash: String,
    file: Option<PathBuf>,
    file_bytes: u64,
}

/// An account's audit log, open for appending.
pub struct AuditLog {
    dir: PathBuf,
    anchor: Option<Box<dyn AnchorStore>>,
    forwarder: Option<Forwarder>,
    rotate_bytes: u64,
    tail: Mutex<Tail>,
}

#[derive(Serialize)]
struct Record<'a> {
    seq: u64,
    time: String,
    kind: &'a str,
    decision: &'a str,
    #[serde(flatten)]
    fields: &'a Map<String, Value>,
    prev: &'a str,
}

impl AuditLog {
    /// Opens (creating it 0700) the log in `dir`, continuing its chain.
    pub fn open(dir: PathBuf, anchor: Option<Box<dyn AnchorStore>>) -> std::io::Result<Self> {
        create_private_dir(&dir)?;
        let files = chain::log_files(&dir)?;
        let mut tail = Tail { seq: 0, hash: chain::GENESIS.to_owned(), file: None, file_bytes: 0 };
        if let Some(last) = files.last() {
            let text = std::fs::read_to_string(last)?;
            tail.file_bytes = text.len() as u64;
            tail.file = Some(last.clone());
            if let Some(line) = text.lines().rev().find(|l| !l.trim().is_empty()) {
                let seq = serde_json::from_str::<Value>(line).ok().and_then(|v| v["seq"].as_u64());
                // A damaged last entry stays damaged (verify reports it); new entries chain
                // from it as written, so nothing is silently repaired.
                tail.seq = seq.unwrap_or(0);
                tail.hash = chain::line_hash(line);
            }
        }
        Ok(Self { dir, anchor, forwarder: None, rotate_bytes: ROTATE_BYTES, tail: Mutex::new(tail) })
    }

    /// Also sends every new entry to `forwarder` (the `AuditLogForwarding` policy).
    #[must_use]
    pub fn forwarding_to(mut self, forwarder: Option<Forwarder>) -> Self {
        self.forwarder = forwarder;
        self
    }

    /// Rotates files at `bytes` instead of [`ROTATE_BYTES`] (tests).
    #[must_use]
    pub fn rotating_at(mut self, bytes: u64) -> Self {
        self.rotate_bytes = bytes;
        self
    }

    /// The folder the log is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Verifies this log, with its anchor when it has one.
    pub fn verify(&self) -> Result<Verified, Broken> {
        let _guard = self.tail.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        verify(&self.dir, self.stored_anchor().as_ref())
    }

    /// The anchor as stored, if this log has a store.
    pub fn stored_anchor(&self) -> Option<Anchor> {
        self.anchor.as_ref().and_then(|a| a.load())
    }

    /// Appends one entry. Failures are logged, never returned: recording must not stop
    /// the action being recorded (which was already decided safely).
    pub fn record(&self, event: &AuditEvent) {
        if let Err(err) = self.append(event) {
            tracing::error!(%err, kind = event.kind, "could not write the audit log");
        }
    }

    fn append(&self, event: &AuditEvent) -> std::io::Result<()> {
        let mut tail = self.tail.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let record = Record {
            seq: tail.seq + 1,
            time: now_rfc3339(),
            kind: event.kind,
            decision: &event.decision,
            fields: &event.fields,
            prev: &tail.hash,
        };
        let line = serde_json::to_string(&record).map_err(std::io::Error::other)?;
        let file = match &tail.file {
            Some(file) if tail.file_bytes < self.rotate_bytes => file.clone(),
            current => {
                let next = current
                    .as_ref()
                    .and_then(|f| f.file_stem()?.to_str()?.parse::<u64>().ok())
                    .map_or(1, |n| n + 1);
                tail.file_bytes = 0;
                self.dir.join(format!("{next:06}.jsonl"))
            }
        };
        let mut out = open_append(&file)?;
        out.write_all(format!("{line}\n").as_bytes())?;
        out.flush()?;
        tail.seq += 1;
        tail.hash = chain::line_hash(&line);
        tail.file_bytes += line.len() as u64 + 1;
        tail.file = Some(file);
        if let Some(anchor) = &self.anchor
            && let Err(err) = anchor.store(&Anchor { count: tail.seq, hash: tail.hash.clone() })
        {
            tracing::error!(%err, "could not update the audit log's anchor in the keyring");
        }
        if let Some(forwarder) = &self.forwarder
            && let Err(err) = forwarder.send(&line)
        {
            tracing::warn!(%err, "could not forward an audit entry to the system log");
        }
        Ok(())
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
pub(crate) fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
pub(crate) fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An in-memory anchor (the real one is the keyring, exercised by the e2e tests).
    #[derive(Default)]
    struct MemoryAnchor(Mutex<Option<Anchor>>);

    impl AnchorStore for std::sync::Arc<MemoryAnchor> {
        fn load(&self) -> Option<Anchor> {
            self.0.lock().expect("lock").clone()
        }
        fn store(&self, anchor: &Anchor) -> crate::Result<()> {
            *self.0.lock().expect("lock") = Some(anchor.clone());
            Ok(())
        }
    }

    fn written(entries: u64, rotate: u64) -> (tempfile::TempDir, std::sync::Arc<MemoryAnchor>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let anchor = std::sync::Arc::new(MemoryAnchor::default());
        let log = AuditLog::open(dir.path().join("log"), Some(Box::new(anchor.clone())))
            .expect("open")
            .rotating_at(rotate);
        for i in 0..entries {
            log.record(
                &AuditEvent::new("link", "opened")
                    .with("room_id", format!("!r{i}:example.org"))
                    .with("codes", vec!["shortener"]),
            );
        }
        (dir, anchor)
    }

    fn lines(dir: &Path) -> Vec<(PathBuf, Vec<String>)> {
        chain::log_files(&dir.join("log"))
            .expect("files")
            .into_iter()
            .map(|f| {
                let text = std::fs::read_to_string(&f).expect("read");
                (f, text.lines().map(str::to_owned).collect())
            })
            .collect()
    }

    fn rewrite(file: &Path, lines: &[String]) {
        std::fs::write(file, lines.iter().flat_map(|l| [l.as_str(), "\n"]).collect::<String>())
            .expect("write");
    }

    fn check(dir: &tempfile::TempDir, anchor: &std::sync::Arc<MemoryAnchor>) -> Result<Verified, Broken> {
        verify(&dir.path().join("log"), anchor.load().as_ref())
    }

    #[test]
    fn an_untouched_log_verifies_across_rotated_files_and_reopening() {
        let (dir, anchor) = written(40, 1024);
        let verified = check(&dir, &anchor).expect("intact");
        assert_eq!(verified.entries, 40);
        assert!(verified.files > 1, "rotation made {} file(s)", verified.files);
        // Reopening continues the chain.
        let log = AuditLog::open(dir.path().join("log"), Some(Box::new(anchor.clone()))).expect("reopen");
        log.record(&AuditEvent::new("logout", "signed_out"));
        assert_eq!(check(&dir, &anchor).expect("still intact").entries, 41);
    }

    #[test]
    fn a_flipped_byte_is_detected() {
        let (dir, anchor) = written(10, ROTATE_BYTES);
        let (file, mut lines) = lines(dir.path()).remove(0);
        lines[3] = lines[3].replacen("opened", "openeD", 1);
        rewrite(&file, &lines);
        let broken = check(&dir, &anchor).expect_err("tampering must be found");
        assert_eq!(broken.entry, 5, "{broken}");
    }

    #[test]
    fn a_change_to_the_newest_entry_is_detected_by_the_anchor() {
        let (dir, anchor) = written(5, ROTATE_BYTES);
        let (file, mut lines) = lines(dir.path()).remove(0);
        lines[4] = lines[4].replacen("opened", "refused", 1);
        rewrite(&file, &lines);
        assert!(
            verify(&dir.path().join("log"), None).is_ok(),
            "without the anchor the end cannot be checked"
        );
        assert_eq!(
            check(&dir, &anchor).expect_err("anchor mismatch").reason,
            "Entry 5, the newest, was changed."
        );
    }

    #[test]
    fn a_deleted_entry_is_detected() {
        let (dir, anchor) = written(10, ROTATE_BYTES);
        let (file, mut lines) = lines(dir.path()).remove(0);
        lines.remove(6);
        rewrite(&file, &lines);
        assert_eq!(check(&dir, &anchor).expect_err("gap").entry, 7);
    }

    #[test]
    fn reordered_entries_are_detected() {
        let (dir, anchor) = written(10, ROTATE_BYTES);
        let (file, mut lines) = lines(dir.path()).remove(0);
        lines.swap(2, 3);
        rewrite(&file, &lines);
        assert_eq!(check(&dir, &anchor).expect_err("reordered").entry, 3);
    }

    #[test]
    fn a_truncated_tail_is_detected() {
        let (dir, anchor) = written(10, ROTATE_BYTES);
        let (file, mut lines) = lines(dir.path()).remove(0);
        lines.truncate(7);
        rewrite(&file, &lines);
        let broken = check(&dir, &anchor).expect_err("truncated");
        assert!(broken.reason.contains("entries were removed"), "{broken}");
        // A half-written last line is caught even without an anchor.
        let text = std::fs::read_to_string(&file).expect("read");
        std::fs::write(&file, &text[..text.len() - 10]).expect("cut");
        assert!(verify(&dir.path().join("log"), None).is_err());
    }

    #[test]
    fn removing_a_whole_rotated_file_is_detected() {
        let (dir, anchor) = written(40, 1024);
        let files = lines(dir.path());
        std::fs::remove_file(&files[0].0).expect("remove");
        assert_eq!(check(&dir, &anchor).expect_err("first file gone").entry, 1);
    }
}
