//! The hash-chained JSON-lines format of the audit log, and its verification.
//!
//! Each entry is one line: a JSON object with `seq` (1, 2, …), `time`, `kind`, `decision`,
//! the ids involved, `detail`, and `prev`, the SHA-256 (hex) of the previous entry's line
//! exactly as written (64 zeros for the first). Entries continue across files
//! (`000001.jsonl`, `000002.jsonl`, … in a folder), so rotation does not break the chain.
//! Changing, removing or reordering any entry breaks the link to the next one; removing
//! entries from the end is caught by comparing with an [`Anchor`] kept elsewhere.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `prev` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The newest entry's number and hash, kept outside the log (in the keyring).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// How many entries the log holds.
    pub count: u64,
    /// SHA-256 (hex) of the newest entry's line.
    pub hash: String,
}

impl Anchor {
    /// `count:hash`, as stored.
    pub fn encode(&self) -> String {
        format!("{}:{}", self.count, self.hash)
    }

    /// Parses [`Anchor::encode`]'s output.
    pub fn decode(text: &str) -> Option<Self> {
        let (count, hash) = text.trim().split_once(':')?;
        let valid = hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| Some(Self { count: count.parse().ok()?, hash: hash.to_owned() })).flatten()
    }
}

/// SHA-256 (hex) of one entry line (without its newline).
pub fn line_hash(line: &str) -> String {
    hex::encode(Sha256::digest(line.as_bytes()))
}

/// The log's files, oldest first (`NNNNNN.jsonl`, numbered from 1).
pub fn log_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<(u64, PathBuf)> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| {
                let path = e.ok()?.path();
                let number = path.file_name()?.to_str()?.strip_suffix(".jsonl")?.parse().ok()?;
                Some((number, path))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e),
    };
    files.sort();
    Ok(files.into_iter().map(|(_, p)| p).collect())
}

/// The fields verification reads from every entry.
#[derive(Deserialize)]
struct Link {
    seq: u64,
    prev: String,
}

/// One entry as read back (for `parleyctl audit show`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the log, from 1.
    pub seq: u64,
    /// RFC 3339 UTC time.
    pub time: String,
    /// What happened (`login`, `link`, `dlp`, …).
    pub kind: String,
    /// What was decided (`opened`, `refused`, `sent_after_warning`, …).
    pub decision: String,
    /// Everything else: ids and details.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

/// A verified log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Entries checked.
    pub entries: u64,
    /// Files read.
    pub files: usize,
    /// The newest entry's hash (GENESIS when empty).
    pub last_hash: String,
    /// Whether the end was checked against an anchor.
    pub anchored: bool,
}

/// Where and why verification failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Broken {
    /// The first entry that does not verify (1-based), or the count where the log ends.
    pub entry: u64,
    /// The file and line, when the problem is inside the log.
    pub location: Option<String>,
    /// One sentence.
    pub reason: String,
}

/// Verifies every file of the log in `dir`, and the end against `anchor` when given.
pub fn verify(dir: &Path, anchor: Option<&Anchor>) -> Result<Verified, Broken> {
    let files = log_files(dir).map_err(|e| Broken {
        entry: 0,
        location: None,
        reason: format!("The audit log at {} cannot be read: {e}.", dir.display()),
    })?;
    let mut expected = 1u64;
    let mut last_hash = GENESIS.to_owned();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| Broken {
            entry: expected,
            location: Some(file.display().to_string()),
            reason: format!("{} cannot be read: {e}.", file.display()),
        })?;
        for (index, line) in text.split_terminator('\n').enumerate() {
            let location = Some(format!("{}:{}", file.display(), index + 1));
            let broken = |reason: String| Broken { entry: expected, location: location.clone(), reason };
            let link: Link = serde_json::from_str(line).map_err(|_| {
                broken(format!("Entry {expected} is not a valid audit entry (it was changed)."))
            })?;
            if link.seq != expected {
                return Err(broken(format!(
                    "Entry {expected} is missing or out of order: the log holds entry {} here.",
                    link.seq
                )));
            }
            if link.prev != last_hash {
                return Err(broken(format!(
                    "Entry {expected} does not follow entry {}: one of them was changed.",
                    expected - 1
                )));
            }
            last_hash = line_hash(line);
            expected += 1;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            return Err(Broken {
                entry: expected - 1,
                location: Some(file.display().to_string()),
                reason: "The last entry is incomplete (it was cut off).".to_owned(),
            });
        }
    }
    let entries = expected - 1;
    if let Some(anchor) = anchor {
        if anchor.count != entries {
            return Err(Broken {
                entry: entries,
                location: None,
                reason: format!(
                    "The log ends after entry {entries} but {} entries were written: entries were removed.",
                    anchor.count
                ),
            });
        }
        if anchor.hash != last_hash {
            return Err(Broken {
                entry: entries,
                location: None,
                reason: format!("Entry {entries}, the newest, was changed."),
            });
        }
    }
    Ok(Verified { entries, files: files.len(), last_hash, anchored: anchor.is_some() })
}

/// Reads every entry, oldest first (unverified: run [`verify`] for that).
pub fn read_entries(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for file in log_files(dir)? {
        for line in std::fs::read_to_string(&file)?.lines() {
            if let Ok(entry) = serde_json::from_str(line) {
                out.push(entry);
            }
        }
    }
    Ok(out)
}
