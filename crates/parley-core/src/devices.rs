//! Devices (own and others') with their verification state, and account recovery: secret
//! storage plus key backup, so a new device can prove itself and read earlier history.

use matrix_sdk::ruma::UserId;
use serde::Serialize;
use tracing::{info, instrument, warn};
use zeroize::Zeroizing;

use crate::{
    audit::AuditEvent,
    engine::Engine,
    error::{CoreError, Result},
};

/// One device of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(clippy::struct_excessive_bools, reason = "independent facts, each a column of the devices list")]
pub struct DeviceView {
    /// Whose device it is.
    pub user_id: String,
    /// The device id.
    pub device_id: String,
    /// The name its owner gave it, if any.
    pub display_name: Option<String>,
    /// Whether it is verified: another person's device signed by them, whose identity you
    /// verified; one of your own devices signed by your account's identity.
    pub verified: bool,
    /// Whether its owner signed it with their cross-signing identity.
    pub cross_signed_by_owner: bool,
    /// Whether the owner's identity is verified (signed by your account's identity).
    pub identity_verified: bool,
    /// Whether it is the device Parley runs on.
    pub this_device: bool,
    /// When the homeserver last saw it (milliseconds since the epoch; own devices only).
    pub last_seen_ms: Option<u64>,
}

impl Engine {
    /// The devices of `user_id` (default: this account), fetched fresh from the homeserver.
    #[instrument(skip(self))]
    pub async fn devices(&self, user_id: Option<&str>) -> Result<Vec<DeviceView>> {
        let own = self.inner.client.user_id().ok_or(CoreError::NotLoggedIn)?.to_owned();
        let user = match user_id {
            Some(id) => <&UserId>::try_from(id.trim())
                .map_err(|_| CoreError::InvalidId { kind: "user ID", input: id.to_owned() })?
                .to_owned(),
            None => own.clone(),
        };
        let encryption = self.inner.client.encryption();
        encryption
            .request_user_identity(&user)
            .await
            .map_err(|e| CoreError::Server { detail: e.to_string() })?;
        let last_seen: std::collections::HashMap<String, u64> = if user == own {
            let listed =
                self.inner.client.devices().await.map_err(|e| CoreError::Server { detail: e.to_string() })?;
            listed
                .devices
                .into_iter()
                .filter_map(|d| Some((d.device_id.to_string(), u64::from(d.last_seen_ts?.0))))
                .collect()
        } else {
            std::collections::HashMap::new()
        };
        let this_device = self.inner.client.device_id().map(ToString::to_string);
        let identity_verified = encryption
            .get_user_identity(&user)
            .await
            .map_err(CoreError::internal)?
            .is_some_and(|identity| identity.is_verified());
        let devices = encryption.get_user_devices(&user).await.map_err(CoreError::internal)?;
        let mut views: Vec<DeviceView> = devices
            .devices()
            .map(|device| {
                let device_id = device.device_id().to_string();
                DeviceView {
                    user_id: user.to_string(),
                    display_name: device.display_name().map(ToOwned::to_owned),
                    // Our own devices are always trusted locally; what counts for them is
                    // whether the account's identity signed them.
                    verified: if user == own {
                        device.is_cross_signed_by_owner()
                    } else {
                        device.is_verified()
                    },
                    cross_signed_by_owner: device.is_cross_signed_by_owner(),
                    identity_verified,
                    this_device: this_device.as_deref() == Some(device_id.as_str()),
                    last_seen_ms: last_seen.get(&device_id).copied(),
                    device_id,
                }
            })
            .collect();
        views.sort_by(|a, b| b.this_device.cmp(&a.this_device).then_with(|| a.device_id.cmp(&b.device_id)));
        Ok(views)
    }

    /// Sets up recovery: secret storage holding the cross-signing keys and a key backup of
    /// every room key, uploaded before this returns. Returns the recovery key, to be shown
    /// to the person once; Parley keeps no copy.
    #[instrument(skip(self))]
    pub async fn enable_recovery(&self) -> Result<Zeroizing<String>> {
        let key = self
            .inner
            .client
            .encryption()
            .recovery()
            .enable()
            .wait_for_backups_to_upload()
            .await
            .map_err(|e| CoreError::Server { detail: e.to_string() })?;
        self.audit(AuditEvent::new("recovery", "enabled"));
        info!("recovery enabled");
        Ok(Zeroizing::new(key))
    }

    /// Restores this device from the recovery key: imports the cross-signing keys (this
    /// device becomes verified) and the backup key (earlier history becomes readable as its
    /// keys are fetched from the backup).
    #[instrument(skip_all)]
    pub async fn recover(&self, recovery_key: &str) -> Result<()> {
        let recovery = self.inner.client.encryption().recovery();
        if let Err(e) = recovery.recover(recovery_key.trim()).await {
            self.audit(AuditEvent::new("recovery", "restore_failed"));
            return Err(match e {
                matrix_sdk::encryption::recovery::RecoveryError::SecretStorage(_) => {
                    CoreError::WrongRecoveryKey
                }
                other => CoreError::Server { detail: other.to_string() },
            });
        }
        self.audit(AuditEvent::new("recovery", "restored"));
        info!("restored from the recovery key");
        // Messages this device already failed to decrypt asked the backup before it had a
        // key, and are not asked again: fetch every joined room's keys now and retry them.
        let backups = self.inner.client.encryption().backups();
        for room in self.inner.client.joined_rooms() {
            if let Err(e) = backups.download_room_keys_for_room(room.room_id()).await {
                warn!(room_id = %room.room_id(), error = %e, "could not fetch a room's keys from the backup");
            }
        }
        self.retry_undecryptable().await;
        Ok(())
    }
}

/// Announces (and audits) every device that signs in to this account while the engine
/// runs: someone with the password, or a stolen session, shows up here first.
pub(crate) async fn watch_own_sign_ins(engine: Engine) {
    use futures_util::StreamExt;
    let client = engine.inner.client.clone();
    let encryption = client.encryption();
    let Some(own) = client.user_id().map(ToOwned::to_owned) else { return };
    // Subscribe first, then load the device list from the server: devices in that list
    // existed before this run and are not news, whatever order the stream reports them in.
    let Ok(updates) = encryption.devices_stream().await else {
        warn!("device updates unavailable; new sign-ins will not be announced");
        return;
    };
    if let Err(e) = encryption.request_user_identity(&own).await {
        warn!(error = %e, "own device list could not be fetched; new sign-ins are compared with the cached list");
    }
    let mut known: std::collections::HashSet<_> = match encryption.get_user_devices(&own).await {
        Ok(devices) => devices.devices().map(|d| d.device_id().to_owned()).collect(),
        Err(_) => std::collections::HashSet::new(),
    };
    futures_util::pin_mut!(updates);
    while let Some(update) = updates.next().await {
        let Some(new) = update.new.get(&own) else { continue };
        for (device_id, device) in new {
            if !known.insert(device_id.clone()) {
                continue;
            }
            info!(%device_id, "a new device signed in to this account");
            engine.audit(AuditEvent::new("sign_in", "new_device").with("device_id", device_id.to_string()));
            engine.emit(crate::EngineEvent::NewSignIn {
                device_id: device_id.to_string(),
                display_name: device.display_name().map(ToOwned::to_owned),
            });
        }
    }
}
