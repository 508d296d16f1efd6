//! The notification centre: every notice, kept. It is the record of what arrived, so it
//! never drops an entry; a flood costs disk lines, not entries.
//!
//! Stored per account as JSON lines of operations (`add`, `update`, `read`) in
//! `<profile>/notices/<account-hash>.jsonl` (0600 in a 0700 folder), replayed on open.
//! Entries carry ids, names and codes only, never message text (see [`Notice`]).

use std::{
    collections::HashMap,
    io::{BufRead, Write},
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};
use tracing::warn;

use super::notice::Notice;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Op {
    Add(Notice),
    Update(Notice),
    Read(Vec<u64>),
}

/// What recording a notice did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// A new entry (worth a pop-up).
    New(Notice),
    /// An existing entry changed (a message became readable): no new pop-up.
    Updated(Notice),
    /// Already recorded as it is.
    Same,
}

/// The notification centre of one account.
pub struct Centre {
    file: Option<PathBuf>,
    entries: Vec<Notice>,
    by_key: HashMap<String, usize>,
}

/// The centre's file for `user_id` in a profile folder.
pub fn centre_path(profile_dir: &Path, user_id: &str) -> PathBuf {
    profile_dir.join("notices").join(format!("{}.jsonl", crate::audit::account_key(user_id)))
}

impl Centre {
    /// A centre that lives only in memory (tests, or when the file cannot be opened).
    pub fn in_memory() -> Self {
        Self { file: None, entries: Vec::new(), by_key: HashMap::new() }
    }

    /// Opens (or starts) the centre stored at `path`. Lines that cannot be read are skipped
    /// with a warning: one damaged line must not hide the rest of the record.
    pub fn open(path: PathBuf) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            crate::audit::create_private_dir(dir)?;
        }
        let mut centre = Self { file: None, ..Self::in_memory() };
        match std::fs::File::open(&path) {
            Ok(file) => {
                let mut skipped = 0usize;
                for line in std::io::BufReader::new(file).lines() {
                    match serde_json::from_str::<Op>(&line?) {
                        Ok(op) => centre.apply(op),
                        Err(_) => skipped += 1,
                    }
                }
                if skipped > 0 {
                    warn!(skipped, "notification centre lines could not be read and were skipped");
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        centre.file = Some(path);
        Ok(centre)
    }

    /// Records `notice`: a new entry, or an update of the entry with the same key.
    pub fn record(&mut self, mut notice: Notice) -> Recorded {
        if let Some(&index) = notice.key.as_ref().and_then(|k| self.by_key.get(k)) {
            let old = &self.entries[index];
            notice.id = old.id;
            notice.read = old.read;
            let body = notice.body.take();
            if *old == notice {
                return Recorded::Same;
            }
            self.persist(&Op::Update(notice.clone()));
            self.entries[index] = notice.clone();
            notice.body = body;
            return Recorded::Updated(notice);
        }
        notice.id = self.entries.last().map_or(1, |n| n.id + 1);
        notice.read = false;
        let body = notice.body.take();
        self.persist(&Op::Add(notice.clone()));
        self.insert(notice.clone());
        notice.body = body;
        Recorded::New(notice)
    }

    /// Marks entries read; `None` marks all. Returns how many changed.
    pub fn mark_read(&mut self, ids: Option<&[u64]>) -> usize {
        let changed: Vec<u64> = self
            .entries
            .iter()
            .filter(|n| !n.read && ids.is_none_or(|ids| ids.contains(&n.id)))
            .map(|n| n.id)
            .collect();
        if !changed.is_empty() {
            self.persist(&Op::Read(changed.clone()));
            self.apply(Op::Read(changed.clone()));
        }
        changed.len()
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> &[Notice] {
        &self.entries
    }

    /// How many entries are unread.
    pub fn unread(&self) -> usize {
        self.entries.iter().filter(|n| !n.read).count()
    }

    fn insert(&mut self, notice: Notice) {
        if let Some(key) = &notice.key {
            self.by_key.insert(key.clone(), self.entries.len());
        }
        self.entries.push(notice);
    }

    fn apply(&mut self, op: Op) {
        match op {
            Op::Add(notice) => self.insert(notice),
            Op::Update(notice) => {
                if let Some(entry) = self.entries.iter_mut().find(|n| n.id == notice.id) {
                    *entry = notice;
                }
            }
            Op::Read(ids) => {
                for entry in self.entries.iter_mut().filter(|n| ids.contains(&n.id)) {
                    entry.read = true;
                }
            }
        }
    }

    /// Appends one operation. A write failure is logged and the entry kept in memory:
    /// the person still sees it this run.
    fn persist(&self, op: &Op) {
        let Some(path) = &self.file else { return };
        let written = serde_json::to_string(op).map_err(std::io::Error::other).and_then(|line| {
            let mut file = crate::audit::open_append(path)?;
            writeln!(file, "{line}")
        });
        if let Err(e) = written {
            warn!(error = %e, "the notification centre could not be saved; this entry is kept for this run only");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineEvent;

    fn notice(event_id: &str, body: &str, undecryptable: bool) -> Notice {
        let view = crate::MessageView {
            utd_reason: undecryptable.then(|| "no key".into()),
            mentions_me: !undecryptable,
            ..super::super::notice::test_view(event_id, "Alice", body)
        };
        let event = if undecryptable { EngineEvent::Undecryptable(view) } else { EngineEvent::Message(view) };
        super::super::notice::classify(&event, 0).expect("a notice")
    }

    #[test]
    fn entries_survive_reopening_with_read_marks_and_without_message_text() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("notices/a.jsonl");
        let mut centre = Centre::open(path.clone()).expect("open");
        for i in 0..3 {
            assert!(matches!(
                centre.record(notice(&format!("$e{i}"), "top secret words", false)),
                Recorded::New(_)
            ));
        }
        assert_eq!(centre.mark_read(Some(&[2])), 1);
        drop(centre);
        let reopened = Centre::open(path.clone()).expect("reopen");
        assert_eq!(
            reopened.entries().iter().map(|n| (n.id, n.read)).collect::<Vec<_>>(),
            [(1, false), (2, true), (3, false)]
        );
        assert_eq!(reopened.unread(), 2);
        let stored = std::fs::read_to_string(&path).expect("read");
        assert!(!stored.contains("top secret"), "message text reached the disk: {stored}");
    }

    #[test]
    fn a_message_that_becomes_readable_updates_its_entry_instead_of_adding_one() {
        let mut centre = Centre::in_memory();
        assert!(matches!(centre.record(notice("$e", "", true)), Recorded::New(_)));
        assert!(matches!(centre.record(notice("$e", "", true)), Recorded::Same));
        let Recorded::Updated(updated) = centre.record(notice("$e", "hi", false)) else {
            panic!("not updated")
        };
        assert_eq!(
            (updated.id, updated.kind, updated.body.as_deref()),
            (1, super::super::NoticeKind::Mention, Some("hi"))
        );
        assert_eq!(centre.entries().len(), 1);
    }

    #[test]
    fn a_damaged_line_does_not_hide_the_rest() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("c.jsonl");
        let mut centre = Centre::open(path.clone()).expect("open");
        centre.record(notice("$a", "", false));
        centre.record(notice("$b", "", false));
        drop(centre);
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, format!("{{broken\n{text}")).expect("write");
        assert_eq!(Centre::open(path).expect("reopen").entries().len(), 2);
    }
}
