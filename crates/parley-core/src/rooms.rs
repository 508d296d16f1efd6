//! Starting group conversations and looking after a room: new rooms (always end-to-end
//! encrypted, invite-only, no guests), the member list with each person's identity state
//! and whether they are from outside the organisation, and the room's name and topic; and
//! the signed-in user's own display name, checked the same way.

use matrix_sdk::{
    Room, RoomMemberships,
    ruma::{
        api::client::room::{Visibility, create_room::v3 as create_room},
        assign,
        events::{
            InitialStateEvent, StateEventType,
            room::{
                encryption::RoomEncryptionEventContent,
                guest_access::{GuestAccess, RoomGuestAccessEventContent},
                history_visibility::{HistoryVisibility, RoomHistoryVisibilityEventContent},
                member::MembershipState,
                power_levels::UserPowerLevel,
            },
        },
    },
};
use parley_guard::chars::is_invisible;
use serde::Serialize;
use tracing::{instrument, warn};

use crate::{
    audit::AuditEvent,
    engine::{Engine, parse_user_id, server_error},
    error::{CoreError, Result},
};

/// The longest room name accepted (the Matrix specification's suggested limit).
pub const MAX_ROOM_NAME_CHARS: usize = 255;
/// The longest display name accepted.
pub const MAX_DISPLAY_NAME_CHARS: usize = 255;
/// The longest room topic accepted.
pub const MAX_ROOM_TOPIC_CHARS: usize = 1_000;
/// The most people invited while creating a room.
pub const MAX_INVITES_AT_CREATION: usize = 50;

/// What a new group room starts with.
#[derive(Debug, Clone, Default)]
pub struct NewRoom {
    /// Its name (required).
    pub name: String,
    /// Its topic, if any.
    pub topic: Option<String>,
    /// User ids to invite.
    pub invite: Vec<String>,
}

/// One person in a room, as the member list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberView {
    /// Their user id.
    pub user_id: String,
    /// Their display name in this room, when they set one.
    pub display_name: Option<String>,
    /// `join` or `invite`.
    pub membership: &'static str,
    /// `admin`, `moderator` or `member`, from the room's power levels.
    pub role: &'static str,
    /// Whether they are from outside the organisation (`OrganizationDomains`).
    pub outside: bool,
    /// Their identity as this device knows it: `own` (the signed-in user), `verified`,
    /// `changed` (verified before, their identity changed since: act on it), `unverified`,
    /// or `unknown` (no cross-signing identity published or it could not be read).
    pub identity: &'static str,
}

/// A room's settings, as the room settings screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomDetails {
    /// The room.
    pub room_id: String,
    /// Its name, when it has one set.
    pub name: Option<String>,
    /// Its topic, when it has one.
    pub topic: Option<String>,
    /// Whether it is end-to-end encrypted (Parley sends nothing into one that is not).
    pub encrypted: bool,
    /// Whether it is a direct chat.
    pub is_dm: bool,
    /// Who can read its history: `invited`, `joined`, `shared` or `world_readable`.
    pub history_visibility: String,
    /// Who can join: `invite`, `knock`, `restricted`, `public`, …
    pub join_rule: String,
    /// What the signed-in user may change.
    pub may: RoomPermissions,
    /// How many people have joined.
    pub joined_members: u64,
}

/// What the signed-in user may do in a room, from its power levels (all `false` when they
/// cannot be read: nothing is offered that the server would refuse).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RoomPermissions {
    /// Rename the room.
    pub rename: bool,
    /// Change the topic.
    pub set_topic: bool,
    /// Invite people.
    pub invite: bool,
}

impl Engine {
    /// Creates an end-to-end encrypted, invite-only group room and invites `new.invite`.
    #[instrument(skip_all, fields(invites = new.invite.len()))]
    pub async fn create_room(&self, new: &NewRoom) -> Result<String> {
        let name = checked_text("room name", &new.name, MAX_ROOM_NAME_CHARS)?
            .ok_or_else(|| CoreError::EmptyInput { what: "room name".to_owned() })?;
        let topic = match &new.topic {
            Some(topic) => checked_text("room topic", topic, MAX_ROOM_TOPIC_CHARS)?,
            None => None,
        };
        if new.invite.len() > MAX_INVITES_AT_CREATION {
            return Err(CoreError::TooLong { what: "invitation list", limit: MAX_INVITES_AT_CREATION });
        }
        let mut invite = Vec::with_capacity(new.invite.len());
        for user in &new.invite {
            let user = parse_user_id(user)?;
            if !invite.contains(&user) && Some(user.as_ref()) != self.inner.client.user_id() {
                invite.push(user);
            }
        }
        // Encryption is in the initial state, so the room is encrypted from its first event;
        // history only from each person's invitation; no guests even if the server allows them.
        let initial_state = vec![
            InitialStateEvent::with_empty_state_key(RoomEncryptionEventContent::with_recommended_defaults())
                .to_raw_any(),
            InitialStateEvent::with_empty_state_key(RoomHistoryVisibilityEventContent::new(
                HistoryVisibility::Invited,
            ))
            .to_raw_any(),
            InitialStateEvent::with_empty_state_key(RoomGuestAccessEventContent::new(GuestAccess::Forbidden))
                .to_raw_any(),
        ];
        let request = assign!(create_room::Request::new(), {
            name: Some(name),
            topic,
            invite,
            visibility: Visibility::Private,
            preset: Some(create_room::RoomPreset::PrivateChat),
            initial_state,
        });
        let room = self.inner.client.create_room(request).await.map_err(server_error)?;
        if !crate::encryption_check::confirm_encrypted(&room).await? {
            return Err(CoreError::internal("the new room is not encrypted"));
        }
        self.audit(AuditEvent::new("room", "created").with("room_id", room.room_id().as_str()));
        Ok(room.room_id().to_string())
    }

    /// The people in a joined room (joined and invited), people needing attention first:
    /// changed identities, then outsiders, then by name.
    pub async fn room_members(&self, room_id: &str) -> Result<Vec<MemberView>> {
        let room = self.joined_room(room_id)?;
        let own = self.inner.client.user_id().ok_or(CoreError::NotLoggedIn)?.to_owned();
        let members = match room.members(RoomMemberships::ACTIVE).await {
            Ok(members) => members,
            Err(e) => {
                warn!(error = %e, "member list not fetched; showing the members known on this device");
                room.members_no_sync(RoomMemberships::ACTIVE).await.map_err(server_error)?
            }
        };
        let mut views = Vec::with_capacity(members.len());
        for member in members {
            let user = member.user_id();
            let identity = if user == own { "own" } else { self.identity_state(user).await };
            views.push(MemberView {
                user_id: user.to_string(),
                display_name: member.display_name().map(ToOwned::to_owned),
                membership: if *member.membership() == MembershipState::Invite { "invite" } else { "join" },
                role: role_for(member.power_level()),
                outside: !self.in_organization(user, &own),
                identity,
            });
        }
        views.sort_by_key(|m| (m.identity != "changed", !m.outside, sort_name(m)));
        Ok(views)
    }

    /// A joined room's settings and what the signed-in user may change.
    pub async fn room_details(&self, room_id: &str) -> Result<RoomDetails> {
        let room = self.joined_room(room_id)?;
        let own = self.inner.client.user_id().ok_or(CoreError::NotLoggedIn)?;
        let may = match room.power_levels().await {
            Ok(levels) => RoomPermissions {
                rename: levels.user_can_send_state(own, StateEventType::RoomName),
                set_topic: levels.user_can_send_state(own, StateEventType::RoomTopic),
                invite: levels.user_can_invite(own),
            },
            Err(e) => {
                warn!(error = %e, "power levels unavailable");
                RoomPermissions::default()
            }
        };
        Ok(RoomDetails {
            room_id: room.room_id().to_string(),
            // A cleared name or topic is an empty event: the same as none.
            name: room.name().filter(|n| !n.is_empty()),
            topic: room.topic().filter(|t| !t.is_empty()),
            encrypted: room.latest_encryption_state().await.map_err(server_error)?.is_encrypted(),
            is_dm: room.is_direct().await.unwrap_or(false),
            history_visibility: room.history_visibility_or_default().to_string(),
            join_rule: room.join_rule().map_or_else(|| "invite".to_owned(), |r| r.as_str().to_owned()),
            may,
            joined_members: room.joined_members_count(),
        })
    }

    /// Renames a joined room.
    #[instrument(skip(self, name))]
    pub async fn set_room_name(&self, room_id: &str, name: &str) -> Result<()> {
        let room = self.joined_room(room_id)?;
        let name = checked_text("room name", name, MAX_ROOM_NAME_CHARS)?
            .ok_or_else(|| CoreError::EmptyInput { what: "room name".to_owned() })?;
        room.set_name(name).await.map_err(server_error)?;
        Ok(())
    }

    /// Sets (or, with empty text, clears) a joined room's topic.
    #[instrument(skip(self, topic))]
    pub async fn set_room_topic(&self, room_id: &str, topic: &str) -> Result<()> {
        let room = self.joined_room(room_id)?;
        let topic = checked_text("room topic", topic, MAX_ROOM_TOPIC_CHARS)?.unwrap_or_default();
        room.set_room_topic(&topic).await.map_err(server_error)?;
        Ok(())
    }

    /// Leaves a room (an invitation is declined by [`Engine::answer_invite`] instead).
    #[instrument(skip(self))]
    pub async fn leave_room(&self, room_id: &str) -> Result<()> {
        let room: Room = self.joined_room(room_id)?;
        room.leave().await.map_err(server_error)?;
        self.audit(AuditEvent::new("room", "left").with("room_id", room_id));
        Ok(())
    }

    /// The signed-in user's display name on their homeserver (`None`: none set).
    pub async fn display_name(&self) -> Result<Option<String>> {
        self.inner.client.account().get_display_name().await.map_err(server_error)
    }

    /// Sets (or, with empty text, removes) the signed-in user's display name. Others see it
    /// next to messages; the user ID stays what identifies the account.
    #[instrument(skip_all)]
    pub async fn set_display_name(&self, name: &str) -> Result<()> {
        let name = checked_text("display name", name, MAX_DISPLAY_NAME_CHARS)?;
        self.inner.client.account().set_display_name(name.as_deref()).await.map_err(server_error)
    }

    /// `verified`, `changed`, `unverified` or `unknown` for someone else's identity.
    async fn identity_state(&self, user: &matrix_sdk::ruma::UserId) -> &'static str {
        match self.inner.client.encryption().get_user_identity(user).await {
            Ok(Some(identity)) if identity.has_verification_violation() => "changed",
            Ok(Some(identity)) if identity.is_verified() => "verified",
            Ok(Some(_)) => "unverified",
            Ok(None) => "unknown",
            Err(e) => {
                warn!(error = %e, "identity not readable from the crypto store");
                "unknown"
            }
        }
    }
}

/// Trims `text` and refuses it when too long or hiding characters; `None` when empty.
fn checked_text(what: &'static str, text: &str, limit: usize) -> Result<Option<String>> {
    let text = text.trim();
    if text.chars().count() > limit {
        return Err(CoreError::TooLong { what, limit });
    }
    if text.chars().any(|c| is_invisible(c) || c.is_control()) {
        return Err(CoreError::HiddenCharacters { what });
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

fn role_for(level: UserPowerLevel) -> &'static str {
    match level {
        UserPowerLevel::Infinite => "admin",
        UserPowerLevel::Int(level) if i64::from(level) >= 100 => "admin",
        UserPowerLevel::Int(level) if i64::from(level) >= 50 => "moderator",
        _ => "member",
    }
}

fn sort_name(member: &MemberView) -> String {
    member.display_name.as_deref().unwrap_or(&member.user_id).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_text_is_trimmed_and_empty_is_none() {
        assert_eq!(checked_text("room name", "  Team  ", 10).expect("accepted").as_deref(), Some("Team"));
        assert_eq!(checked_text("room name", "   ", 10).expect("accepted"), None);
    }

    #[test]
    fn room_text_over_the_limit_is_refused_by_characters_not_bytes() {
        assert!(checked_text("room name", &"茶".repeat(10), 10).is_ok());
        assert!(matches!(
            checked_text("room name", &"茶".repeat(11), 10),
            Err(CoreError::TooLong { what: "room name", limit: 10 })
        ));
    }

    #[test]
    fn room_text_hiding_characters_is_refused() {
        for hostile in ["Pay\u{202E}moc.exe", "a\u{200B}b", "line\nbreak", "tab\there"] {
            assert!(
                matches!(checked_text("room topic", hostile, 100), Err(CoreError::HiddenCharacters { .. })),
                "{hostile:?}"
            );
        }
    }

    #[test]
    fn roles_follow_the_usual_power_levels() {
        assert_eq!(role_for(UserPowerLevel::Infinite), "admin");
        assert_eq!(role_for(UserPowerLevel::Int(100.into())), "admin");
        assert_eq!(role_for(UserPowerLevel::Int(50.into())), "moderator");
        assert_eq!(role_for(UserPowerLevel::Int(0.into())), "member");
        assert_eq!(role_for(UserPowerLevel::Int((-1).into())), "member");
    }
}
