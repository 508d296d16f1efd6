//! A damaged local store: what can be rebuilt from the homeserver is rebuilt, what cannot
//! is left exactly as it was.
//!
//! matrix-sdk keeps four sqlite databases in `store/`. Three of them (room state, the event
//! cache, media) hold copies of what the homeserver has; the crypto store holds this
//! device's identity and message keys, which exist nowhere else. When the store does not
//! open, the crypto store is opened on its own first: if it is unreadable (or the key is
//! wrong), nothing is touched and the person is told what to do. Otherwise the three copies
//! are set aside (kept, for whoever investigates) and the client is built again; the keys
//! were never touched and the next sync refills the rest. Should that build still fail,
//! everything is put back as it was.

use std::path::{Path, PathBuf};

use tracing::warn;

use crate::{
    error::{CoreError, Result},
    secrets::MasterKey,
};

/// The databases that only cache what the homeserver holds, by matrix-sdk-sqlite's names.
const REBUILDABLE: [&str; 3] =
    ["matrix-sdk-state.sqlite3", "matrix-sdk-event-cache.sqlite3", "matrix-sdk-media.sqlite3"];
/// sqlite's companion files of a database.
const COMPANIONS: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// Every file name of the rebuildable databases, companions included.
fn rebuildable_files() -> impl Iterator<Item = String> {
    REBUILDABLE.iter().flat_map(|db| COMPANIONS.iter().map(move |c| format!("{db}{c}")))
}

/// The rebuildable databases moved out of `store/` into a folder of their own.
pub(crate) struct SetAside {
    store: PathBuf,
    folder: PathBuf,
    moved: Vec<String>,
}

/// Moves the rebuildable databases of `store` into `store/damaged-<time>/`.
pub(crate) fn set_aside(store: &Path) -> std::io::Result<SetAside> {
    let stamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let folder = store.join(format!("damaged-{stamp}"));
    std::fs::create_dir_all(&folder)?;
    let mut aside = SetAside { store: store.to_owned(), folder, moved: Vec::new() };
    for name in rebuildable_files() {
        let from = store.join(&name);
        if from.exists() {
            if let Err(e) = std::fs::rename(&from, aside.folder.join(&name)) {
                aside.put_back();
                return Err(e);
            }
            aside.moved.push(name);
        }
    }
    Ok(aside)
}

impl SetAside {
    /// Where the damaged copies are kept.
    pub(crate) fn folder(&self) -> &Path {
        &self.folder
    }

    /// Undoes [`set_aside`]: whatever the failed rebuild created is removed and the
    /// originals go back, so a failed repair changes nothing.
    pub(crate) fn put_back(self) {
        for name in rebuildable_files() {
            // Every rebuildable file was moved out, so any there now is the failed rebuild's.
            let _ = std::fs::remove_file(self.store.join(&name));
        }
        for name in &self.moved {
            if let Err(e) = std::fs::rename(self.folder.join(name), self.store.join(name)) {
                warn!(error = %e, "could not put a store file back");
            }
        }
        // Empty now unless something could not be moved back (then it stays for support).
        let _ = std::fs::remove_dir(&self.folder);
    }
}

/// Makes the next sync start from nothing. matrix-sdk keeps the room list's sync position
/// in the crypto store (to share it between processes); with the room state rebuilt empty,
/// resuming from that position would bring only what changed since, and every quiet room
/// would be missing.
pub(crate) async fn forget_room_list_position(store: &Path, key: &MasterKey, user_id: &str) -> Result<()> {
    use matrix_sdk_base::crypto::store::CryptoStore;
    // A crypto store that does not open is the unrepairable case: the caller reports it
    // without touching anything.
    let crypto =
        matrix_sdk_sqlite::SqliteCryptoStore::open_with_config(&crate::store_key::store_config(store, key))
            .await
            .map_err(|_| CoreError::StoreLocked)?;
    // matrix-sdk-ui's room list connection ("room-list") and matrix-sdk's key for its position.
    let position = format!("sliding_sync_store::room-list::{user_id}::instance");
    crypto.remove_custom_value(&position).await.map_err(|_| CoreError::StoreLocked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_aside_and_putting_back_changes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = dir.path();
        for name in ["matrix-sdk-state.sqlite3", "matrix-sdk-state.sqlite3-wal", "matrix-sdk-crypto.sqlite3"]
        {
            std::fs::write(store.join(name), name).expect("write");
        }
        let aside = set_aside(store).expect("set aside");
        assert!(!store.join("matrix-sdk-state.sqlite3").exists());
        assert!(store.join("matrix-sdk-crypto.sqlite3").exists(), "the keys are never moved");
        assert_eq!(
            std::fs::read_to_string(aside.folder().join("matrix-sdk-state.sqlite3-wal")).expect("moved"),
            "matrix-sdk-state.sqlite3-wal"
        );
        // A failed rebuild created a fresh database meanwhile.
        std::fs::write(store.join("matrix-sdk-state.sqlite3"), "fresh").expect("write");
        aside.put_back();
        for name in ["matrix-sdk-state.sqlite3", "matrix-sdk-state.sqlite3-wal", "matrix-sdk-crypto.sqlite3"]
        {
            assert_eq!(std::fs::read_to_string(store.join(name)).expect("back"), name);
        }
        let left: Vec<_> = std::fs::read_dir(store).expect("read").flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 3, "no damaged-* folder left: {left:?}");
    }
}
