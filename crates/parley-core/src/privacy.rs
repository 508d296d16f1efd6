//! No resource sharing (DESIGN.md §1): what the engine tells others about the user.
//!
//! Read receipts, typing and presence are decided here from policy, not in the UI, so
//! no front end can leak them by accident:
//!
//! - [`Engine::mark_read`] sends a *private* receipt (`m.read.private`: the user's own
//!   devices keep their place, nobody else learns it) unless `SendReadReceipts`;
//! - [`Engine::typing`] sends nothing unless `SendTypingNotifications`;
//! - presence is set to `offline` when sync starts and never updated unless
//!   `SharePresence` (simplified sliding sync, unlike `/v3/sync`, never sets it by itself).
//!
//! URL previews are never requested (there is no code path that calls the homeserver's
//! `preview_url`); location, screen sharing, widgets and calls have no outgoing API here.

use std::time::Duration;

use matrix_sdk::ruma::api::client::presence::set_presence;
use matrix_sdk::ruma::api::client::receipt::create_receipt::v3::ReceiptType;
use matrix_sdk::ruma::presence::PresenceState;

use crate::Engine;
use crate::error::{CoreError, Result};

/// How often presence `online` is renewed while `SharePresence` is on (Synapse lets it
/// lapse when the client does not sync the classic way).
const PRESENCE_RENEWAL: Duration = Duration::from_secs(25);

impl Engine {
    /// Marks a room read up to its newest event, as the app does when the user views it.
    ///
    /// Returns whether a receipt was sent (false when there is nothing newer to mark).
    /// The receipt is private unless the policy allows public read receipts.
    pub async fn mark_read(&self, room_id: &str) -> Result<bool> {
        let room = self.joined_room(room_id)?;
        let timeline = self.timeline(&room).await?;
        let receipt =
            if self.policy().send_read_receipts { ReceiptType::Read } else { ReceiptType::ReadPrivate };
        let sent =
            timeline.mark_as_read(receipt).await.map_err(|e| CoreError::Server { detail: e.to_string() })?;
        tracing::debug!(public = self.policy().send_read_receipts, sent, "read marker");
        Ok(sent)
    }

    /// What the composer calls on a key press. Returns whether a typing notification was
    /// sent: never unless `SendTypingNotifications` allows it.
    pub async fn typing(&self, room_id: &str) -> Result<bool> {
        let room = self.joined_room(room_id)?;
        if !self.policy().send_typing_notifications {
            return Ok(false);
        }
        room.typing_notice(true).await.map_err(|e| CoreError::Server { detail: e.to_string() })?;
        Ok(true)
    }

    /// Sets this account's presence from policy: `offline` unless `SharePresence`, then
    /// `online`, renewed in the background. Failures are logged, not fatal: presence is
    /// best effort, and the safe value (`offline`) is also what a silent client shows.
    pub(crate) async fn apply_presence(&self) {
        let share = self.policy().share_presence;
        self.set_presence(if share { PresenceState::Online } else { PresenceState::Offline }).await;
        if share {
            let engine = self.clone();
            self.spawn(async move {
                loop {
                    tokio::time::sleep(PRESENCE_RENEWAL).await;
                    if !engine.policy().share_presence {
                        engine.set_presence(PresenceState::Offline).await;
                        break;
                    }
                    engine.set_presence(PresenceState::Online).await;
                }
            });
        }
    }

    async fn set_presence(&self, state: PresenceState) {
        let Some(user_id) = self.inner.client.user_id().map(ToOwned::to_owned) else { return };
        let request = set_presence::v3::Request::new(user_id, state.clone());
        if let Err(err) = self.inner.client.send(request).await {
            tracing::warn!(%err, presence = %state, "could not set presence");
        }
    }
}

/// One line of the "Privacy & security" overview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PrivacySetting {
    /// The policy key (`SendReadReceipts`, …).
    pub key: &'static str,
    /// What it is, for people.
    pub label: &'static str,
    /// Whether the sharing is on.
    pub enabled: bool,
    /// The state in words ("Private: only your own devices know").
    pub state: &'static str,
    /// Set by the organisation (mandatory policy): the user cannot change it.
    pub locked: bool,
    /// Who decided: `mandatory`, `recommended`, `user` or `default`.
    pub decided_by: parley_policy::Level,
}

/// The overview of everything Parley could share, from the resolved policy.
pub fn privacy_overview(resolved: &parley_policy::Resolved) -> Vec<PrivacySetting> {
    use parley_policy::PolicyKey as K;
    let p = &resolved.policy;
    let rows: [(K, &'static str, bool, &'static str, &'static str); 9] = [
        (
            K::SendReadReceipts,
            "Read receipts",
            p.send_read_receipts,
            "Others see which messages you have read",
            "Private: only your own devices know what you read",
        ),
        (
            K::SendTypingNotifications,
            "Typing notifications",
            p.send_typing_notifications,
            "Others see when you are typing",
            "Never sent",
        ),
        (
            K::SharePresence,
            "Online status",
            p.share_presence,
            "Others see when you are online",
            "Always shown as offline",
        ),
        (
            K::UrlPreviews,
            "Link previews",
            p.url_previews,
            "Links are fetched to show previews",
            "Off: links are never fetched for previews",
        ),
        (
            K::AllowLocationSharing,
            "Location sharing",
            p.allow_location_sharing,
            "You can share your location",
            "Off",
        ),
        (K::AllowScreenSharing, "Screen sharing", p.allow_screen_sharing, "You can share your screen", "Off"),
        (K::AllowWidgets, "Widgets and integrations", p.allow_widgets, "Room widgets can run", "Off"),
        (
            K::AllowCalls,
            "Voice and video calls",
            p.allow_calls,
            "Calls are offered (never answered automatically)",
            "Off: incoming calls show as missed calls",
        ),
        (
            K::AllowCameraMicrophone,
            "Camera and microphone",
            p.allow_camera_microphone,
            "Each request asks you first",
            "Every request is refused",
        ),
    ];
    rows.into_iter()
        .map(|(key, label, enabled, on, off)| {
            let explained = resolved.explain(key);
            PrivacySetting {
                key: key.spec().name,
                label,
                enabled,
                state: if enabled { on } else { off },
                locked: explained.locked,
                decided_by: explained.level,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overview_reflects_defaults_and_locks() {
        let defaults =
            parley_policy::resolve(&parley_policy::Loaded::default(), &parley_policy::Entries::new());
        let rows = privacy_overview(&defaults);
        assert_eq!(rows.len(), 9);
        assert!(
            rows.iter().all(|r| !r.enabled && !r.locked && r.decided_by == parley_policy::Level::Default)
        );
        assert_eq!(rows[0].key, "SendReadReceipts");
        assert_eq!(rows[0].state, "Private: only your own devices know what you read");
    }
}
