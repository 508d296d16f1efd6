//! Known and unknown senders (DESIGN.md §1: links, media and files from strangers are
//! treated more strictly).
//!
//! Known means: the signed-in user themself, someone on a server the organisation counts
//! as its own (`OrganizationDomains`, by default the homeserver's), a user whose identity
//! the signed-in user verified, or the other side of a direct chat the user has joined.
//! Everyone else is unknown. Whenever the answer cannot be worked out (the crypto store
//! fails), the sender is unknown: the stricter treatment is the safe one.

use matrix_sdk::ruma::UserId;
use matrix_sdk::{Room, RoomState};

use crate::Engine;

impl Engine {
    /// Whether `sender` counts as known in `room`.
    pub(crate) async fn is_known_sender(&self, room: &Room, sender: &UserId) -> bool {
        let accepted_dm = room.state() == RoomState::Joined
            && room.direct_targets().iter().any(|target| target.as_user_id() == Some(sender));
        accepted_dm || self.is_known_user(sender).await
    }

    /// Whether `user` counts as known anywhere: themself, the organisation, a verified
    /// identity, or the other side of a direct chat the signed-in user has joined.
    pub(crate) async fn is_known_user(&self, user: &UserId) -> bool {
        let Some(own) = self.inner.client.user_id() else { return false };
        if user == own || self.in_organization(user, own) {
            return true;
        }
        let verified = matches!(
            self.inner.client.encryption().get_user_identity(user).await,
            Ok(Some(identity)) if identity.is_verified()
        );
        verified
            || self
                .inner
                .client
                .joined_rooms()
                .iter()
                .any(|room| room.direct_targets().iter().any(|target| target.as_user_id() == Some(user)))
    }

    /// Whether `user` is on a server the organisation counts as its own.
    pub(crate) fn in_organization(&self, user: &UserId, own: &UserId) -> bool {
        let policy = self.policy();
        if policy.organization_domains.is_empty() {
            user.server_name() == own.server_name()
        } else {
            policy.organization_domains.iter().any(|d| d.eq_ignore_ascii_case(user.server_name().as_str()))
        }
    }
}
