//! The profile's master key and where it lives.
//!
//! Every profile has one random 32-byte master key. It never touches the disk:
//! it is kept in the OS keyring (Secret Service, Keychain, Credential Manager),
//! or — only when the user opts in with `PARLEY_STORE_PASSPHRASE` on a headless
//! machine — derived from a passphrase. There is deliberately no third option:
//! if neither is available the engine refuses to run rather than store plaintext.
//!
//! Sub-keys for the sqlite store and the sealed session file are derived from the
//! master key with a label, so neither consumer ever sees the other's key.

use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::error::{CoreError, Result};

/// Environment variable that opts a headless profile into passphrase protection.
pub const PASSPHRASE_ENV: &str = "PARLEY_STORE_PASSPHRASE";

/// Keyring service name under which profile keys are stored.
const KEYRING_SERVICE: &str = "org.parley.desktop";

/// PBKDF2 rounds for passphrase-protected profiles (OWASP 2023 guidance for HMAC-SHA256).
const PBKDF2_ROUNDS: u32 = 600_000;

/// A 32-byte secret key. Wiped on drop; `Debug` never prints it.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(<redacted>)")
    }
}

impl MasterKey {
    /// A fresh random key from the OS random number generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Derives the key from a passphrase and the profile's salt.
    pub fn from_passphrase(passphrase: &str, salt: &[u8]) -> Self {
        let mut bytes = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), salt, PBKDF2_ROUNDS, &mut bytes);
        Self(bytes)
    }

    /// A sub-key for one purpose; different labels give independent keys.
    pub(crate) fn derive(&self, label: &str) -> Zeroizing<[u8; 32]> {
        let mut hasher = Sha256::new();
        hasher.update(b"parley-subkey-v1\0");
        hasher.update(label.as_bytes());
        hasher.update([0]);
        hasher.update(self.0);
        Zeroizing::new(hasher.finalize().into())
    }

    /// The passphrase that wrapped matrix-sdk's sqlite stores before `store_key` (hex of a
    /// sub-key); still needed to rewrap stores made then.
    pub(crate) fn store_passphrase(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(*self.derive("sqlite-store")))
    }

    /// The key that wraps matrix-sdk's sqlite store ciphers (see `store_key`).
    pub(crate) fn store_key(&self) -> Zeroizing<[u8; 32]> {
        self.derive("sqlite-store-key")
    }

    fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }

    fn from_hex(text: &str) -> Option<Self> {
        let bytes = Zeroizing::new(hex::decode(text.trim()).ok()?);
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(Self(array))
    }
}

/// The passphrase from the environment, if the user opted in.
pub fn passphrase_from_env() -> Option<Zeroizing<String>> {
    std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty()).map(Zeroizing::new)
}

/// Stores and fetches profile keys in the platform keyring.
///
/// The backend is chosen explicitly per platform: the keyring crate silently falls
/// back to an in-memory mock when built without a backend, which would lose the key
/// at exit, so we never use its default.
pub struct Keyring {
    account: String,
}

impl Keyring {
    /// The keyring slot of one profile.
    pub fn for_profile(profile_id: &str) -> Self {
        Self::named(&format!("profile-{profile_id}"))
    }

    /// A slot with an explicit name (e.g. `audit-…`).
    pub fn named(account: &str) -> Self {
        Self { account: account.to_owned() }
    }

    /// Saves a non-key text (e.g. the audit anchor), replacing any previous one.
    pub fn store_text(&self, text: &str) -> Result<()> {
        self.entry()?.set_password(text).map_err(keyring_error)
    }

    /// Loads a text saved with [`Keyring::store_text`].
    pub fn load_text(&self) -> Result<String> {
        self.entry()?.get_password().map_err(keyring_error)
    }

    fn entry(&self) -> Result<keyring::Entry> {
        let credential =
            platform_builder()?.build(None, KEYRING_SERVICE, &self.account).map_err(keyring_error)?;
        Ok(keyring::Entry::new_with_credential(credential))
    }

    /// Saves the key, replacing any previous one.
    pub fn store(&self, key: &MasterKey) -> Result<()> {
        self.entry()?.set_password(&key.to_hex()).map_err(keyring_error)
    }

    /// Loads the key; [`CoreError::StoreKeyMissing`] when the slot is empty.
    pub fn load(&self) -> Result<MasterKey> {
        let text = Zeroizing::new(self.entry()?.get_password().map_err(keyring_error)?);
        MasterKey::from_hex(&text).ok_or(CoreError::StoreLocked)
    }

    /// Removes the key; succeeds if it was already gone.
    pub fn delete(&self) -> Result<()> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

fn keyring_error(err: keyring::Error) -> CoreError {
    match err {
        keyring::Error::NoEntry => CoreError::StoreKeyMissing,
        keyring::Error::PlatformFailure(e) | keyring::Error::NoStorageAccess(e) => {
            CoreError::KeyringUnavailable { detail: first_line(&e.to_string()) }
        }
        other => CoreError::KeyringUnavailable { detail: first_line(&other.to_string()) },
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim_end_matches('.').to_owned()
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
// Infallible here, but unsupported platforms return an error: one signature for all.
#[allow(clippy::unnecessary_wraps)]
fn platform_builder() -> Result<Box<keyring::credential::CredentialBuilder>> {
    Ok(keyring::secret_service::default_credential_builder())
}

#[cfg(target_os = "macos")]
// Infallible here, but unsupported platforms return an error: one signature for all.
#[allow(clippy::unnecessary_wraps)]
fn platform_builder() -> Result<Box<keyring::credential::CredentialBuilder>> {
    Ok(keyring::macos::default_credential_builder())
}

#[cfg(target_os = "windows")]
// Infallible here, but unsupported platforms return an error: one signature for all.
#[allow(clippy::unnecessary_wraps)]
fn platform_builder() -> Result<Box<keyring::credential::CredentialBuilder>> {
    Ok(keyring::windows::default_credential_builder())
}

#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
)))]
fn platform_builder() -> Result<Box<keyring::credential::CredentialBuilder>> {
    Err(CoreError::KeyringUnavailable { detail: "no keyring is supported on this platform".into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_key_material() {
        let key = MasterKey([0xAB; 32]);
        assert_eq!(format!("{key:?}"), "MasterKey(<redacted>)");
    }

    #[test]
    fn sub_keys_differ_by_label_and_are_stable() {
        let key = MasterKey([7; 32]);
        assert_ne!(*key.derive("a"), *key.derive("b"));
        assert_eq!(*key.derive("a"), *key.derive("a"));
        assert_ne!(*key.derive("a"), key.0);
    }

    #[test]
    fn hex_round_trip_and_rejects_wrong_length() {
        let key = MasterKey::generate();
        let back = MasterKey::from_hex(&key.to_hex()).expect("valid hex");
        assert_eq!(back.0, key.0);
        assert!(MasterKey::from_hex("abcd").is_none());
        assert!(MasterKey::from_hex("not hex").is_none());
    }

    #[test]
    fn passphrase_derivation_depends_on_salt() {
        let a = MasterKey::from_passphrase("correct horse", b"salt-one-16bytes");
        let b = MasterKey::from_passphrase("correct horse", b"salt-two-16bytes");
        assert_ne!(a.0, b.0);
    }
}
