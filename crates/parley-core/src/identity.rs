//! Identity changes of the people we talk to (DESIGN.md §1: "identity changes are shown
//! and must be acknowledged").
//!
//! The first cross-signing identity the crypto store sees for a user is *pinned*. When
//! that user's master key later changes (they reset their identity, or someone is in the
//! middle), the identity is in *pin violation*; if we had verified the old one, it is in
//! *verification violation*. matrix-sdk classifies this for us
//! ([`RoomIdentityProvider::state_of`], the same logic behind
//! `Room::subscribe_to_identity_status_changes`).
//!
//! What matrix-sdk 0.18 does *not* do: with `CollectStrategy::IdentityBasedStrategy` a
//! *pin* violation does not stop room keys being shared — the devices signed by the new,
//! unacknowledged identity receive them. Only a *verification* violation makes the SDK
//! refuse (`SessionRecipientCollectionError::VerifiedUserChangedIdentity`, which surfaces
//! as a send-queue error long after the message was queued). So Parley holds the send
//! itself, before anything is queued: [`Engine::send_text`] refuses with
//! [`CoreError::IdentityChanged`] while any member of the room has an identity that
//! needs approval, until [`Engine::acknowledge_identity`].
//!
//! Changes are announced on the event stream as [`EngineEvent::IdentityChanged`]: once
//! per engine run for every identity still awaiting approval when sync starts, and once
//! for every new master key seen afterwards.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use futures_util::{StreamExt, future::join_all, pin_mut};
use matrix_sdk::{
    Room, RoomMemberships,
    encryption::identities::IdentityUpdates,
    ruma::{OwnedRoomId, OwnedUserId, UserId, api::client::uiaa},
};
use matrix_sdk_base::crypto::{IdentityState, RoomIdentityProvider};
use serde::Serialize;
use tracing::{debug, info, instrument, warn};

use crate::{
    engine::{Engine, parse_user_id, server_error},
    error::{CoreError, Result},
    views::EngineEvent,
};

/// Rooms with at most this many other members have their members' identities fetched
/// from the homeserver once per run before the first send, so a change made while this
/// device was offline is known before anything is encrypted. Bigger rooms rely on the
/// device-list tracking of sync (one request per member would be too costly).
const FRESH_IDENTITY_MEMBER_LIMIT: usize = 32;

/// A room member whose identity changed and has not been acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityWarning {
    /// The member's user id.
    pub user_id: String,
    /// Whether we had verified their previous identity (more serious than a plain change).
    pub verification_violation: bool,
}

impl Engine {
    /// The members of a joined room whose identity changed and still needs to be
    /// acknowledged with [`Engine::acknowledge_identity`]; empty when there is nothing
    /// to show.
    pub async fn identity_warnings(&self, room_id: &str) -> Result<Vec<IdentityWarning>> {
        let room = self.joined_room(room_id)?;
        room_warnings(&room).await
    }

    /// Accepts the current identity of `user_id` after a change: pins it, or, when a
    /// verified identity was replaced, withdraws the verification (which also pins the
    /// new one). Sending to rooms with that user is possible again afterwards. Doing it
    /// for an identity without a warning changes nothing.
    #[instrument(skip(self))]
    pub async fn acknowledge_identity(&self, user_id: &str) -> Result<()> {
        let user = parse_user_id(user_id)?;
        let identity = self
            .inner
            .client
            .encryption()
            .get_user_identity(&user)
            .await
            .map_err(CoreError::internal)?
            .ok_or_else(|| CoreError::UnknownIdentity { user_id: user.to_string() })?;
        let decision = if identity.has_verification_violation() {
            identity.withdraw_verification().await.map_err(CoreError::internal)?;
            info!(%user, "withdrew verification after an identity change");
            "verification_withdrawn"
        } else {
            identity.pin().await.map_err(CoreError::internal)?;
            info!(%user, "accepted a new identity");
            "new_identity_accepted"
        };
        self.audit(
            crate::audit::AuditEvent::new("identity_change", decision).with("user_id", user.to_string()),
        );
        Ok(())
    }

    /// Replaces this account's cross-signing identity with a new one (what a person does
    /// after losing every device and the recovery key). Everyone who talks to this account
    /// will be warned that its identity changed. `password` answers the homeserver's
    /// user-interactive authentication.
    #[instrument(skip_all)]
    pub async fn reset_identity(&self, password: &str) -> Result<()> {
        use matrix_sdk::encryption::CrossSigningResetAuthType;

        let encryption = self.inner.client.encryption();
        // `recovery().reset_identity()` would also delete key backup and secret storage;
        // Parley enables neither, so resetting cross-signing is the whole reset.
        let Some(handle) = encryption.reset_cross_signing().await.map_err(server_error)? else {
            return Ok(());
        };
        match handle.auth_type() {
            CrossSigningResetAuthType::Uiaa(info) => {
                let mut auth = uiaa::Password::new(
                    uiaa::UserIdentifier::Matrix(uiaa::MatrixUserIdentifier::new(
                        self.inner.account.user_id.clone(),
                    )),
                    password.to_owned(),
                );
                auth.session.clone_from(&info.session);
                handle.auth(Some(uiaa::AuthData::Password(auth))).await.map_err(|e| {
                    if e.as_uiaa_response().is_some_and(|r| r.auth_error.is_some()) {
                        CoreError::WrongCredentials
                    } else {
                        server_error(e)
                    }
                })?;
            }
            CrossSigningResetAuthType::OAuth(_) => {
                handle.cancel().await;
                return Err(CoreError::Server {
                    detail: "this homeserver wants the reset approved in a browser, which Parley \
                             does not support yet"
                        .to_owned(),
                });
            }
        }
        info!("cross-signing identity reset");
        Ok(())
    }

    /// Refuses with [`CoreError::IdentityChanged`] while a member of `room` has an
    /// identity change that has not been acknowledged. Called by every send path before
    /// anything is encrypted or queued.
    pub(crate) async fn hold_for_identity_changes(&self, room: &Room) -> Result<()> {
        self.refresh_member_identities(room).await?;
        let warnings = room_warnings(room).await?;
        if warnings.is_empty() {
            return Ok(());
        }
        Err(CoreError::IdentityChanged { users: warnings.into_iter().map(|w| w.user_id).collect() })
    }

    /// Fetches, once per run, the identities of the members of a small room from the
    /// homeserver (see [`FRESH_IDENTITY_MEMBER_LIMIT`]). A failed fetch (offline) falls
    /// back to what the store knows; the send queue fetches again before it encrypts.
    async fn refresh_member_identities(&self, room: &Room) -> Result<()> {
        if self.looks_offline() {
            return Ok(());
        }
        let own = self.inner.client.user_id().map(ToOwned::to_owned);
        let members = match room.members(RoomMemberships::ACTIVE).await {
            Ok(members) => members,
            Err(e) => {
                debug!(error = %e, "member list not refreshed; using the stored one");
                self.mark_offline();
                return Ok(());
            }
        };
        let others: Vec<OwnedUserId> =
            members.iter().map(|m| m.user_id().to_owned()).filter(|u| Some(u) != own.as_ref()).collect();
        if others.len() > FRESH_IDENTITY_MEMBER_LIMIT {
            return Ok(());
        }
        let stale: Vec<OwnedUserId> = {
            let fresh = self.inner.fresh_identities.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            others.into_iter().filter(|u| !fresh.contains(u)).collect()
        };
        if stale.is_empty() {
            return Ok(());
        }
        let encryption = self.inner.client.encryption();
        let results = join_all(stale.iter().map(|user| encryption.request_user_identity(user))).await;
        let mut fresh = self.inner.fresh_identities.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (user, result) in stale.into_iter().zip(results) {
            match result {
                Ok(_) => {
                    fresh.insert(user);
                }
                Err(e) => {
                    debug!(%user, error = %e, "could not refresh an identity; using the stored one");
                    self.mark_offline();
                }
            }
        }
        Ok(())
    }
}

impl Engine {
    /// Whether a recent identity refresh failed on the network; then refreshes use the
    /// store for a while instead of making every send wait on request retries.
    fn looks_offline(&self) -> bool {
        let until = self.inner.offline_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        until.is_some_and(|t| std::time::Instant::now() < t)
    }

    fn mark_offline(&self) {
        *self.inner.offline_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(std::time::Instant::now() + OFFLINE_BACKOFF);
    }
}

/// How long identity refreshes rely on the store after a network failure.
const OFFLINE_BACKOFF: std::time::Duration = std::time::Duration::from_secs(30);

/// The unacknowledged identity changes among the active (joined or invited) members of
/// `room`, sorted by user id. Fails closed: a store error is an error, not "no warning".
async fn room_warnings(room: &Room) -> Result<Vec<IdentityWarning>> {
    let own = room.client().user_id().map(ToOwned::to_owned);
    // Stored members: `refresh_member_identities` updated them when the server answered.
    let members = room.members_no_sync(RoomMemberships::ACTIVE).await.map_err(server_error)?;
    let mut warnings = Vec::new();
    for member in members {
        let user = member.user_id();
        if Some(user) == own.as_deref() {
            continue;
        }
        if let Some(warning) = identity_state(room, user).await?.and_then(|s| warning_for(user, &s)) {
            warnings.push(warning);
        }
    }
    warnings.sort_by(|a, b| a.user_id.cmp(&b.user_id));
    Ok(warnings)
}

/// How matrix-sdk classifies `user`'s identity; `None` when the user has none.
async fn identity_state(room: &Room, user: &UserId) -> Result<Option<IdentityState>> {
    // Asked through `Encryption` first so a store error surfaces (the provider below turns
    // errors into "no identity", which would let a send through).
    if room.client().encryption().get_user_identity(user).await.map_err(CoreError::internal)?.is_none() {
        return Ok(None);
    }
    let identity = RoomIdentityProvider::user_identity(room, user)
        .await
        .ok_or_else(|| CoreError::internal("an identity disappeared while being checked"))?;
    Ok(Some(room.state_of(&identity)))
}

fn warning_for(user: &UserId, state: &IdentityState) -> Option<IdentityWarning> {
    let verification_violation = match state {
        IdentityState::PinViolation => false,
        IdentityState::VerificationViolation => true,
        IdentityState::Verified | IdentityState::Pinned => return None,
    };
    Some(IdentityWarning { user_id: user.to_string(), verification_violation })
}

/// The one sentence shown when a send is held ([`CoreError::IdentityChanged`]).
pub(crate) fn identity_changed_sentence(users: &[String]) -> String {
    match users {
        [one] => format!(
            "The identity of {one} changed. Check it with them, then accept the new identity before sending."
        ),
        [rest @ .., last] => format!(
            "The identities of {} and {last} changed. Check with each of them, then accept the new \
             identities before sending.",
            rest.join(", ")
        ),
        [] => "A member's identity changed. Check it with them, then accept the new identity before sending."
            .to_owned(),
    }
}

/// Announces identity changes as [`EngineEvent::IdentityChanged`]: first those already
/// waiting for approval, then each new master key that needs approval.
pub(crate) async fn watch_identity_changes(engine: Engine) {
    // Subscribe before the first scan so no change slips between the two.
    let updates = match engine.inner.client.encryption().user_identities_stream().await {
        Ok(updates) => updates,
        Err(e) => {
            warn!(error = %e, "identity change stream unavailable; changes are still enforced on send");
            return;
        }
    };
    let mut watcher = IdentityWatcher { engine, announced: HashMap::new() };
    watcher.scan(None).await;
    pin_mut!(updates);
    while let Some(update) = updates.next().await {
        watcher.on_update(&update).await;
    }
    debug!("identity change stream ended");
}

struct IdentityWatcher {
    engine: Engine,
    /// The master key last announced for each user, so each change is announced once.
    announced: HashMap<OwnedUserId, String>,
}

impl IdentityWatcher {
    async fn on_update(&mut self, update: &IdentityUpdates) {
        let own = self.engine.inner.client.user_id().map(ToOwned::to_owned);
        let users: BTreeSet<OwnedUserId> = update.new.keys().chain(update.changed.keys()).cloned().collect();
        if users.iter().any(|u| Some(u) == own.as_ref()) {
            // Our own identity changed: how we see everyone else's may have changed too.
            self.scan(None).await;
        } else if !users.is_empty() {
            self.scan(Some(&users)).await;
        }
    }

    /// Looks at the members (all, or only `only`) of every joined room and announces
    /// each unacknowledged change not announced yet, with every room it affects.
    async fn scan(&mut self, only: Option<&BTreeSet<OwnedUserId>>) {
        let mut found: BTreeMap<OwnedUserId, (bool, Vec<OwnedRoomId>)> = BTreeMap::new();
        for room in self.engine.inner.client.joined_rooms() {
            let warnings = match only {
                None => room_warnings(&room).await,
                Some(users) => warnings_for_users(&room, users).await,
            };
            match warnings {
                Ok(warnings) => {
                    for w in warnings {
                        let Ok(user) = OwnedUserId::try_from(w.user_id) else { continue };
                        let entry = found.entry(user).or_insert((w.verification_violation, Vec::new()));
                        entry.0 |= w.verification_violation;
                        entry.1.push(room.room_id().to_owned());
                    }
                }
                Err(e) => warn!(room_id = %room.room_id(), error = %e, "could not check identities"),
            }
        }
        for (user, (verification_violation, rooms)) in found {
            let Some(key) = self.master_key(&user).await else { continue };
            if self.announced.get(&user) == Some(&key) {
                continue;
            }
            self.announced.insert(user.clone(), key.clone());
            let mut room_ids: Vec<String> = rooms.iter().map(ToString::to_string).collect();
            room_ids.sort();
            info!(%user, verification_violation, "identity change needs approval");
            // No receiver is fine: the state is in the store and `identity_warnings` reads it.
            let _ = self.engine.inner.events.send(EngineEvent::IdentityChanged {
                user_id: user.to_string(),
                room_ids,
                verification_violation,
                master_key: key,
            });
        }
    }

    async fn master_key(&self, user: &UserId) -> Option<String> {
        let identity = self.engine.inner.client.encryption().get_user_identity(user).await.ok()??;
        identity.master_key().get_first_key().map(|k| k.to_base64())
    }
}

/// [`room_warnings`] restricted to `users` who are active members of `room`.
async fn warnings_for_users(room: &Room, users: &BTreeSet<OwnedUserId>) -> Result<Vec<IdentityWarning>> {
    let mut warnings = Vec::new();
    for user in users {
        let active = matches!(
            room.get_member_no_sync(user).await,
            Ok(Some(m)) if matches!(
                m.membership(),
                matrix_sdk::ruma::events::room::member::MembershipState::Join
                    | matrix_sdk::ruma::events::room::member::MembershipState::Invite
            )
        );
        if !active {
            continue;
        }
        if let Some(warning) = identity_state(room, user).await?.and_then(|s| warning_for(user, &s)) {
            warnings.push(warning);
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use matrix_sdk::ruma::user_id;

    use super::*;

    #[test]
    fn only_violations_are_warnings() {
        let bob = user_id!("@bob:example.org");
        assert_eq!(warning_for(bob, &IdentityState::Pinned), None);
        assert_eq!(warning_for(bob, &IdentityState::Verified), None);
        assert_eq!(
            warning_for(bob, &IdentityState::PinViolation),
            Some(IdentityWarning { user_id: bob.to_string(), verification_violation: false })
        );
        assert_eq!(
            warning_for(bob, &IdentityState::VerificationViolation),
            Some(IdentityWarning { user_id: bob.to_string(), verification_violation: true })
        );
    }

    #[test]
    fn the_hold_is_one_plain_sentence() {
        assert_eq!(
            CoreError::IdentityChanged { users: vec!["@bob:example.org".into()] }.to_string(),
            "The identity of @bob:example.org changed. Check it with them, then accept the new \
             identity before sending."
        );
        assert_eq!(
            identity_changed_sentence(&["@a:x".into(), "@b:x".into(), "@c:x".into()]),
            "The identities of @a:x, @b:x and @c:x changed. Check with each of them, then accept the \
             new identities before sending."
        );
    }

    #[test]
    fn user_ids_are_checked() {
        assert!(parse_user_id(" @bob:example.org ").is_ok());
        assert!(matches!(parse_user_id("bob"), Err(CoreError::InvalidId { .. })));
    }
}
