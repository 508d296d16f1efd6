//! Known and unknown senders (DESIGN.md §1: links, media and files from strangers are
//! treated more strictly).
//!
//! Known means: the signed-in user themself, someone on a server the organisation counts
//! as its own (`OrganizationDomains`, by default the homeserver's), a user whose identity
//! the signed-in user verified, or the other side of a direct chat the user has joined.
//! Everyone else is unknown. Whenever the answer cannot be worked out (the crypto store
//! fails), the sender is unknown: the stricter treatment is the safe one.

use matrix_sdk::Room;
use matrix_sdk::ruma::UserId;

use crate::Engine;

impl Engine {
    /// Whether `sender` counts as known in `room`.
    pub(crate) async fn is_known_sender(&self, room: &Room, sender: &UserId) -> bool {
        let Some(own) = self.inner.client.user_id() else { return false };
        if sender == own || self.in_organization(sender, own) {
            return true;
        }
        let verified = matches!(
            self.inner.client.encryption().get_user_identity(sender).await,
            Ok(Some(identity)) if identity.is_verified()
        );
        verified || room.direct_targets().iter().any(|target| target.as_user_id() == Some(sender))
    }

    fn in_organization(&self, sender: &UserId, own: &UserId) -> bool {
        let policy = self.policy();
        if policy.organization_domains.is_empty() {
            sender.server_name() == own.server_name()
        } else {
            policy.organization_domains.iter().any(|d| d.eq_ignore_ascii_case(sender.server_name().as_str()))
        }
    }
}
