//! The key that opens matrix-sdk's sqlite stores.
//!
//! Each of the four databases in `store/` keeps its own store cipher (the keys that encrypt
//! its values), itself encrypted ("wrapped") in the database's `kv` table. matrix-sdk wraps
//! it either with a passphrase, stretched by PBKDF2 with 200,000 rounds on every open, or
//! with a 256-bit key as it is. Parley's secret is already a 256-bit key from the keyring
//! (or from the person's passphrase, stretched once in `secrets`), so stretching it again
//! adds no protection and cost about half a second at every start: four derivations, one
//! after another. Stores are wrapped with a sub-key of the master key instead.
//!
//! Profiles made before this were wrapped with the passphrase form; [`rewrap_with_key`]
//! rewraps each database once (one `UPDATE` each, so a crash leaves every database either
//! way, and the next start finishes the rest). Only the wrapping changes: the store cipher,
//! and so everything encrypted with it, stays the same, and a process that has the store
//! open meanwhile is unaffected.

use std::path::Path;

use matrix_sdk_sqlite::SqliteStoreConfig;
use matrix_sdk_store_encryption::{Error as CipherError, StoreCipher};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use tracing::{info, warn};
use zeroize::Zeroizing;

use crate::secrets::MasterKey;

/// matrix-sdk-sqlite's databases (`SqliteStateStore`, `…CryptoStore`, `…EventCacheStore`,
/// `…MediaStore`).
const DATABASES: [&str; 4] = [
    "matrix-sdk-state.sqlite3",
    "matrix-sdk-crypto.sqlite3",
    "matrix-sdk-event-cache.sqlite3",
    "matrix-sdk-media.sqlite3",
];

/// The sqlite store configuration for the profile's `store` folder: wrapped with the key.
pub(crate) fn store_config(store: &Path, key: &MasterKey) -> SqliteStoreConfig {
    SqliteStoreConfig::new(store).key(Some(&key.store_key()))
}

/// Rewraps every database in `store` still wrapped with the passphrase form (see the module
/// docs). A database that cannot be read or rewrapped is left as it is and reported: opening
/// the store then fails and the usual repair decides (`store_repair`).
pub(crate) fn rewrap_with_key(store: &Path, key: &MasterKey) {
    let (store_key, passphrase) = (key.store_key(), key.store_passphrase());
    for name in DATABASES {
        let path = store.join(name);
        if !path.exists() {
            continue;
        }
        match rewrap_one(&path, &store_key, &passphrase) {
            Ok(true) => info!(database = name, "store key: rewrapped without passphrase stretching"),
            Ok(false) => {}
            Err(why) => warn!(database = name, why, "store key: left as it is"),
        }
    }
}

/// Rewraps one database's store cipher; `Ok(false)` when there is nothing to do.
fn rewrap_one(path: &Path, key: &[u8; 32], passphrase: &str) -> Result<bool, &'static str> {
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| "cannot open")?;
    // Another process may hold the database open for a moment.
    db.busy_timeout(std::time::Duration::from_secs(5)).map_err(|_| "cannot wait")?;
    let has_kv = db
        .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kv'", [], |_| Ok(()))
        .optional()
        .map_err(|_| "unreadable")?
        .is_some();
    if !has_kv {
        return Ok(false);
    }
    let Some(wrapped) = db
        .query_row("SELECT value FROM kv WHERE key = 'cipher'", [], |row| row.get::<_, Vec<u8>>(0))
        .optional()
        .map_err(|_| "unreadable")?
    else {
        return Ok(false);
    };
    match StoreCipher::import_with_key(key, &wrapped) {
        Ok(_) => return Ok(false),
        Err(CipherError::KdfMismatch) => {}
        Err(_) => return Err("the store cipher does not open with this profile's key"),
    }
    let cipher = StoreCipher::import(passphrase, &wrapped).map_err(|_| "the passphrase does not open it")?;
    let rewrapped = Zeroizing::new(cipher.export_with_key(key).map_err(|_| "cannot rewrap")?);
    // Only if it is still the value just read: never overwrite what another process wrote.
    let changed = db
        .execute(
            "UPDATE kv SET value = ?1 WHERE key = 'cipher' AND value = ?2",
            rusqlite::params![rewrapped.as_slice(), wrapped],
        )
        .map_err(|_| "cannot write")?;
    Ok(changed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv_db(path: &Path, cipher: Option<&[u8]>) {
        let db = Connection::open(path).expect("open");
        db.execute_batch("CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);")
            .expect("table");
        if let Some(cipher) = cipher {
            db.execute("INSERT INTO kv (key, value) VALUES ('cipher', ?1)", [cipher]).expect("insert");
        }
    }

    fn wrapped(path: &Path) -> Vec<u8> {
        Connection::open(path)
            .expect("open")
            .query_row("SELECT value FROM kv WHERE key = 'cipher'", [], |row| row.get(0))
            .expect("cipher")
    }

    #[test]
    fn passphrase_wrapped_stores_are_rewrapped_once_and_keep_their_cipher() {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = MasterKey::generate();
        let cipher = StoreCipher::new().expect("cipher");
        let secret = cipher.encrypt_value(&"a message").expect("encrypt");
        let old = cipher.export(&key.store_passphrase()).expect("export");
        kv_db(&dir.path().join(DATABASES[0]), Some(&old));
        kv_db(&dir.path().join(DATABASES[1]), None);

        rewrap_with_key(dir.path(), &key);
        let new = wrapped(&dir.path().join(DATABASES[0]));
        assert_ne!(new, old);
        let opened = StoreCipher::import_with_key(&key.store_key(), &new).expect("opens with the key");
        assert_eq!(opened.decrypt_value::<String>(&secret).expect("decrypt"), "a message", "same cipher");
        assert!(StoreCipher::import(&key.store_passphrase(), &new).is_err(), "no longer the passphrase form");

        rewrap_with_key(dir.path(), &key);
        assert_eq!(wrapped(&dir.path().join(DATABASES[0])), new, "the second start changes nothing");
    }

    #[test]
    fn a_store_of_another_key_is_left_untouched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cipher = StoreCipher::new().expect("cipher");
        let theirs = MasterKey::generate();
        let old = cipher.export(&theirs.store_passphrase()).expect("export");
        kv_db(&dir.path().join(DATABASES[1]), Some(&old));
        rewrap_with_key(dir.path(), &MasterKey::generate());
        assert_eq!(wrapped(&dir.path().join(DATABASES[1])), old);
    }
}
