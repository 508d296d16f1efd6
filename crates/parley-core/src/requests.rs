//! Invitations, and the Requests inbox for those from people the user does not know
//! (`InvitesFromUnknown`).
//!
//! An invitation is the cheapest way for a stranger to reach someone, so one from an
//! unknown sender (`trust.rs`) is shown inert: the inviter's name and the room's name as
//! plain text, no avatar and nothing else fetched, until the person accepts it. With
//! `InvitesFromUnknown=block` it is declined as soon as it is seen, and the audit log
//! records that.

use matrix_sdk::{Room, RoomState};
use parley_policy::InvitesFromUnknown;
use serde::Serialize;
use tracing::{info, instrument, warn};

use crate::{
    audit::AuditEvent,
    engine::{Engine, parse_room_id, server_error},
    error::{CoreError, Result},
};

/// A pending invitation, as the invitation list and the Requests inbox show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InviteView {
    /// The room.
    pub room_id: String,
    /// The room's name as the inviter set it (plain text, never rendered as markup).
    pub room_name: String,
    /// Who sent it, when the homeserver said.
    pub inviter: Option<String>,
    /// The inviter's display name as they set it (plain text), when they set one.
    pub inviter_name: Option<String>,
    /// Whether it is an invitation to a direct chat.
    pub is_dm: bool,
    /// Whether the inviter is unknown: then it belongs in the Requests inbox.
    pub from_unknown: bool,
}

/// What the person did with a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAnswer {
    /// Join the room.
    Accept,
    /// Leave the invitation.
    Decline,
    /// Decline, and ignore the inviter from now on.
    Block,
}

impl RequestAnswer {
    /// The answer as a word (`accept`, `decline`, `block`), as front ends name it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Decline => "decline",
            Self::Block => "block",
        }
    }

    /// The answer named by `word` ([`RequestAnswer::word`]), if it names one.
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::Accept, Self::Decline, Self::Block].into_iter().find(|a| a.word() == word)
    }

    fn decision(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::Decline => "declined",
            Self::Block => "blocked",
        }
    }
}

impl Engine {
    /// Every pending invitation, newest first; those from unknown senders have
    /// `from_unknown` set.
    pub async fn invites(&self) -> Vec<InviteView> {
        let mut invites = Vec::new();
        for room in self.inner.client.invited_rooms() {
            invites.push(self.invite_view(&room).await);
        }
        invites
    }

    /// The Requests inbox: pending invitations from people the user does not know.
    pub async fn requests(&self) -> Vec<InviteView> {
        self.invites().await.into_iter().filter(|invite| invite.from_unknown).collect()
    }

    /// Answers an invitation (from the Requests inbox or not); audited.
    #[instrument(skip(self))]
    pub async fn answer_invite(&self, room_id: &str, answer: RequestAnswer) -> Result<()> {
        let id = parse_room_id(room_id)?;
        let room = self
            .inner
            .client
            .get_room(&id)
            .filter(|room| room.state() == RoomState::Invited)
            .ok_or_else(|| CoreError::NotInvited { room_id: room_id.to_owned() })?;
        let view = self.invite_view(&room).await;
        match answer {
            RequestAnswer::Accept => {
                self.inner.client.join_room_by_id(&id).await.map_err(server_error)?;
            }
            RequestAnswer::Decline => room.leave().await.map_err(server_error)?,
            RequestAnswer::Block => {
                // Ignored first: once ignored, nothing more from them reaches this account,
                // even if leaving then fails.
                if let Some(inviter) = &view.inviter {
                    self.ignore_user(inviter).await?;
                }
                room.leave().await.map_err(server_error)?;
            }
        }
        self.audit(request_record(answer.decision(), &view));
        Ok(())
    }

    /// What an invitation shows. Reads only what sync already holds: nothing is fetched,
    /// so a stranger cannot learn that (or when) the invitation was looked at.
    async fn invite_view(&self, room: &Room) -> InviteView {
        let details = room.invite_details().await.ok();
        let inviter = details.as_ref().map(|d| d.inviter_id.clone());
        let from_unknown = match &inviter {
            Some(user) => !self.is_known_user(user).await,
            None => true,
        };
        InviteView {
            room_id: room.room_id().to_string(),
            room_name: room
                .display_name()
                .await
                .map_or_else(|_| room.room_id().to_string(), |name| name.to_string()),
            inviter: inviter.map(|user| user.to_string()),
            inviter_name: details
                .and_then(|d| d.inviter)
                .and_then(|member| member.display_name().map(str::to_owned)),
            is_dm: room.is_direct().await.unwrap_or(false),
            from_unknown,
        }
    }

    /// Applies `InvitesFromUnknown` to a new invitation; returns it when it stays pending
    /// (to be announced), `None` when it was declined under `block`.
    pub(crate) async fn screen_invite(&self, room: &Room) -> Option<InviteView> {
        let view = self.invite_view(room).await;
        if !view.from_unknown || self.policy().invites_from_unknown != InvitesFromUnknown::Block {
            return Some(view);
        }
        match room.leave().await {
            Ok(()) => {
                info!(room_id = %view.room_id, "declined an invitation from an unknown sender (policy)");
                self.audit(request_record("auto_declined", &view));
            }
            // Still pending, and shown in Requests: declining again is tried at the next start.
            Err(e) => {
                warn!(room_id = %view.room_id, error = %e, "could not decline an invitation from an unknown sender");
                return Some(view);
            }
        }
        None
    }
}

fn request_record(decision: &'static str, view: &InviteView) -> AuditEvent {
    AuditEvent::new("request", decision)
        .with("room_id", view.room_id.clone())
        .with("inviter", view.inviter.clone().unwrap_or_default())
        .with("from_unknown", view.from_unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_named_by_one_word_each_way() {
        for answer in [RequestAnswer::Accept, RequestAnswer::Decline, RequestAnswer::Block] {
            assert_eq!(RequestAnswer::from_word(answer.word()), Some(answer));
        }
        assert_eq!(RequestAnswer::from_word("Accept"), None);
        assert_eq!(RequestAnswer::from_word(""), None);
    }
}
