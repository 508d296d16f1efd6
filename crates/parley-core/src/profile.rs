//! A profile is one folder holding one account's local data:
//!
//! - `profile.json` — non-secret facts (who, which server, how the key is held);
//! - `session.sealed` — the access token and device, encrypted with a sub-key of the
//!   master key (XChaCha20-Poly1305);
//! - `store/` — matrix-sdk's sqlite stores, encrypted by the SDK with another sub-key.
//!
//! Nothing in the folder is readable without the master key (see [`crate::secrets`]).

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, KeyInit},
};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::{
    error::{CoreError, Result},
    secrets::{Keyring, MasterKey, passphrase_from_env},
};

const META_FILE: &str = "profile.json";
const SESSION_FILE: &str = "session.sealed";
const STORE_DIR: &str = "store";
const NONCE_LEN: usize = 24;

/// How a profile's master key is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeySource {
    /// In the OS keyring.
    Keyring,
    /// Derived from `PARLEY_STORE_PASSPHRASE` and the profile's salt.
    Passphrase,
}

/// Non-secret facts about a signed-in profile, stored as `profile.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProfileMeta {
    /// Format version of this file.
    pub version: u32,
    /// Random id naming the profile's keyring slot (never the path, which may be personal).
    pub profile_id: String,
    /// Where the master key lives.
    pub key_source: KeySource,
    /// Salt for passphrase derivation (hex); empty for keyring profiles.
    #[serde(default)]
    pub salt: String,
    /// The homeserver's base URL.
    pub homeserver: String,
    /// The signed-in Matrix user.
    pub user_id: String,
    /// This device's id.
    pub device_id: String,
}

/// A profile folder. Opening one creates the folder (0700) but reads nothing secret.
#[derive(Debug, Clone)]
pub struct Profile {
    dir: PathBuf,
}

impl Profile {
    /// Opens (and if needed creates) the profile folder at `dir`.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(|e| CoreError::profile(&dir, e))?;
        restrict_to_owner(&dir)?;
        Ok(Self { dir })
    }

    /// The default profile folder: `$PARLEY_PROFILE`, else the platform data dir.
    pub fn default_dir() -> PathBuf {
        if let Some(dir) = std::env::var_os("PARLEY_PROFILE") {
            return PathBuf::from(dir);
        }
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."));
        base.join("parley").join("default")
    }

    /// The profile folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn store_dir(&self) -> PathBuf {
        self.dir.join(STORE_DIR)
    }

    /// The saved facts, or `None` when nobody is signed in.
    pub fn meta(&self) -> Result<Option<ProfileMeta>> {
        let path = self.dir.join(META_FILE);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| CoreError::profile(&path, format!("profile.json is damaged ({e})"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CoreError::profile(&path, e)),
        }
    }

    pub(crate) fn write_meta(&self, meta: &ProfileMeta) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(meta).map_err(CoreError::internal)?;
        self.write_private(META_FILE, &bytes)
    }

    /// Creates the master key for a new sign-in: in the keyring, or from the
    /// passphrase when the user opted in. Returns the key and the partial metadata.
    pub(crate) fn create_key() -> Result<(MasterKey, KeySource, String, String)> {
        let profile_id = random_hex(16);
        if let Some(passphrase) = passphrase_from_env() {
            let salt = random_hex(16);
            let key = MasterKey::from_passphrase(&passphrase, salt.as_bytes());
            return Ok((key, KeySource::Passphrase, salt, profile_id));
        }
        let key = MasterKey::generate();
        Keyring::for_profile(&profile_id).store(&key)?;
        // Read it back: a keyring that accepts writes but loses them must fail now, not at restart.
        let check = Keyring::for_profile(&profile_id).load()?;
        if check.derive("check") != key.derive("check") {
            return Err(CoreError::KeyringUnavailable {
                detail: "the keyring returned a different key than was stored".into(),
            });
        }
        Ok((key, KeySource::Keyring, String::new(), profile_id))
    }

    /// Loads the master key of a signed-in profile.
    pub(crate) fn load_key(meta: &ProfileMeta) -> Result<MasterKey> {
        match meta.key_source {
            KeySource::Keyring => Keyring::for_profile(&meta.profile_id).load(),
            KeySource::Passphrase => {
                let passphrase = passphrase_from_env().ok_or(CoreError::PassphraseRequired)?;
                Ok(MasterKey::from_passphrase(&passphrase, meta.salt.as_bytes()))
            }
        }
    }

    /// Encrypts and saves the session secrets.
    pub(crate) fn seal_session(&self, key: &MasterKey, plaintext: &[u8]) -> Result<()> {
        let cipher = XChaCha20Poly1305::new(key.derive("session-file").as_slice().into());
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), plaintext)
            .map_err(|_| CoreError::internal("session encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        self.write_private(SESSION_FILE, &out)
    }

    /// Loads and decrypts the session secrets.
    pub(crate) fn open_session(&self, key: &MasterKey) -> Result<Zeroizing<Vec<u8>>> {
        let path = self.dir.join(SESSION_FILE);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(CoreError::NotLoggedIn),
            Err(e) => return Err(CoreError::profile(&path, e)),
        };
        if bytes.len() < NONCE_LEN {
            return Err(CoreError::StoreLocked);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new(key.derive("session-file").as_slice().into());
        cipher
            .decrypt(XNonce::from_slice(nonce), sealed)
            .map(Zeroizing::new)
            .map_err(|_| CoreError::StoreLocked)
    }

    /// Deletes everything in the profile: keyring slot, session, store.
    pub(crate) fn wipe(&self) -> Result<()> {
        match self.meta()? {
            Some(meta) => self.discard(&meta.profile_id, meta.key_source),
            None => self.wipe_files(),
        }
    }

    /// Deletes a key and every file made with it (used when a sign-in fails half-way).
    pub(crate) fn discard(&self, profile_id: &str, key_source: KeySource) -> Result<()> {
        if key_source == KeySource::Keyring {
            Keyring::for_profile(profile_id).delete()?;
        }
        self.wipe_files()
    }

    fn wipe_files(&self) -> Result<()> {
        for name in [SESSION_FILE, META_FILE] {
            match fs::remove_file(self.dir.join(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(CoreError::profile(&self.dir, e)),
            }
        }
        match fs::remove_dir_all(self.store_dir()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(CoreError::profile(&self.dir, e)),
        }
    }

    /// Writes a file readable only by its owner, atomically (temp file + rename).
    fn write_private(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let target = self.dir.join(name);
        let tmp = self.dir.join(format!(".{name}.tmp"));
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let write = || -> std::io::Result<()> {
            let mut file = options.open(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&tmp, &target)
        };
        write().map_err(|e| CoreError::profile(&target, e))
    }
}

fn random_hex(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(unix)]
fn restrict_to_owner(dir: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(|e| CoreError::profile(dir, e))
}

#[cfg(not(unix))]
fn restrict_to_owner(_dir: &Path) -> Result<()> {
    // Windows: the per-user AppData folder already carries an owner-only ACL.
    Ok(())
}

/// Replaces the JSON file at `path` with `value` (0600), whole or not at all: written
/// beside it, then renamed over it, so a crash never leaves half a file.
pub(crate) fn write_json_private(path: &Path, value: &impl serde::Serialize) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    let tmp = path.with_extension("tmp");
    let _ = fs::remove_file(&tmp);
    std::io::Write::write_all(&mut crate::audit::open_append(&tmp)?, &json)?;
    fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_session_round_trips_and_rejects_wrong_key() {
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = Profile::open(dir.path()).expect("open");
        let key = MasterKey::generate();
        profile.seal_session(&key, b"{\"access_token\":\"secret\"}").expect("seal");

        let on_disk = fs::read(dir.path().join(SESSION_FILE)).expect("read");
        assert!(!on_disk.windows(6).any(|w| w == b"secret"), "token must not be on disk in clear");
        assert_eq!(profile.open_session(&key).expect("open").as_slice(), b"{\"access_token\":\"secret\"}");

        let wrong = MasterKey::generate();
        assert!(matches!(profile.open_session(&wrong), Err(CoreError::StoreLocked)));
    }

    #[test]
    fn missing_session_means_not_logged_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = Profile::open(dir.path()).expect("open");
        assert!(matches!(profile.open_session(&MasterKey::generate()), Err(CoreError::NotLoggedIn)));
        assert!(profile.meta().expect("meta").is_none());
    }

    #[test]
    fn damaged_meta_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = Profile::open(dir.path()).expect("open");
        fs::write(dir.path().join(META_FILE), b"{not json").expect("write");
        let err = profile.meta().expect_err("must fail");
        assert!(err.to_string().contains("damaged"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn folder_and_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let profile = Profile::open(dir.path().join("p")).expect("open");
        profile.seal_session(&MasterKey::generate(), b"x").expect("seal");
        let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(profile.dir()), 0o700);
        assert_eq!(mode(&profile.dir().join(SESSION_FILE)), 0o600);
    }
}
