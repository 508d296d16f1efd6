//! Noticing that the homeserver ended this device's session (password changed, account
//! disabled in the directory, the admin signed it out, all sessions logged out): sync stops,
//! the local store and keys are wiped (unless `KeepDataWhenSignedOutByServer`), front ends
//! are told once, and commands waiting for the server fail with one sentence instead of a
//! timeout.

use matrix_sdk::SessionChange;
use tokio::sync::broadcast::error::RecvError;
use tracing::warn;

use crate::{engine::Engine, error::CoreError, views::EngineEvent};

impl Engine {
    /// Whether the homeserver has ended this device's session.
    pub fn signed_out(&self) -> bool {
        *self.inner.signed_out.borrow()
    }

    /// Resolves once the homeserver has ended this device's session.
    pub(crate) async fn until_signed_out(&self) -> CoreError {
        let mut signed_out = self.inner.signed_out.subscribe();
        // An error means the engine is going away; then nothing will ever be signed out.
        if signed_out.wait_for(|out| *out).await.is_err() {
            std::future::pending::<()>().await;
        }
        CoreError::SignedOut
    }
}

/// Watches the client's session changes (spawned by `start_sync`).
pub(crate) async fn watch_session(engine: Engine) {
    let mut changes = engine.inner.client.subscribe_to_session_changes();
    loop {
        match changes.recv().await {
            // A soft logout keeps the device (a new sign-in may resume it); matrix-sdk tries
            // the refresh token first, so reaching here means the session really ended.
            Ok(SessionChange::UnknownToken(data)) => {
                warn!(soft_logout = data.soft_logout, "the homeserver ended this session");
                if engine.inner.signed_out.send_replace(true) {
                    continue;
                }
                engine.audit(
                    crate::audit::AuditEvent::new("session", "ended_by_server")
                        .with("soft_logout", data.soft_logout),
                );
                engine.stop_sync().await;
                wipe_unless_kept(&engine);
                engine.emit(EngineEvent::SignedOut { soft_logout: data.soft_logout });
            }
            Ok(SessionChange::TokensRefreshed) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => return,
        }
    }
}

/// The session is over for good: what it stored (messages, keys, the keyring entry) is of no
/// further use to this device and must not outlive the person's access. The audit log stays.
fn wipe_unless_kept(engine: &Engine) {
    if engine.policy().keep_data_when_signed_out_by_server {
        engine.audit(crate::audit::AuditEvent::new("session", "local_data_kept"));
        return;
    }
    let wiped = crate::profile::Profile::open(engine.profile_dir()).and_then(|profile| profile.wipe());
    match wiped {
        Ok(()) => engine.audit(crate::audit::AuditEvent::new("session", "local_data_wiped")),
        Err(err) => {
            warn!(error = %err, "the local data of an ended session could not be wiped");
            engine.audit(
                crate::audit::AuditEvent::new("session", "local_data_wipe_failed").with("code", err.code()),
            );
        }
    }
}
