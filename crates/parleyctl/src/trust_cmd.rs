//! Trust boundaries (issue 11): invitations and the Requests inbox, ignoring people,
//! reporting abuse, and who in a room is from outside the organisation.
//!
//! - `invites --json`: every pending invitation; `requests --json`: those from people the
//!   user does not know (the Requests inbox); `requests accept|decline|block ROOM_ID`.
//! - `ignore USER`, `unignore USER`.
//! - `report message ROOM EVENT [--reason TEXT]`, `report room ROOM [--reason TEXT]`.
//! - `external ROOM --json`: the outside servers and people, and whether sending needs
//!   `--confirm-external` first.

use clap::Subcommand;
use parley_core::{CoreError, Profile, RequestAnswer};
use serde_json::json;

use crate::{SHUTDOWN_TIMEOUT, one_shot, print_json, synced, to_json};

/// `parleyctl requests` subcommands (none: list the Requests inbox).
#[derive(Subcommand)]
pub(crate) enum RequestsCommand {
    /// Join the room.
    Accept {
        /// The room id.
        room_id: String,
    },
    /// Decline the invitation.
    Decline {
        /// The room id.
        room_id: String,
    },
    /// Decline the invitation and ignore the person who sent it.
    Block {
        /// The room id.
        room_id: String,
    },
}

/// `parleyctl report` subcommands.
#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// Report one message to the homeserver's administrators.
    Message {
        /// The room id.
        room_id: String,
        /// The message.
        event_id: String,
        /// Why (at most 1000 characters; read by the administrators).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Report a whole room to the homeserver's administrators.
    Room {
        /// The room id.
        room_id: String,
        /// Why (at most 1000 characters; read by the administrators).
        #[arg(long)]
        reason: Option<String>,
    },
}

/// Which invitations `list_invites` prints.
#[derive(Clone, Copy)]
pub(crate) enum Invites {
    All,
    FromUnknown,
}

/// Prints pending invitations, one JSON object per line.
pub(crate) async fn list_invites(profile: &Profile, which: Invites) -> Result<(), CoreError> {
    let engine = synced(profile).await?;
    let invites = match which {
        Invites::All => engine.invites().await,
        Invites::FromUnknown => engine.requests().await,
    };
    engine.shutdown(SHUTDOWN_TIMEOUT).await;
    for invite in invites {
        print_json(&to_json(&invite)?);
    }
    Ok(())
}

/// Answers one invitation.
pub(crate) async fn answer(profile: &Profile, command: RequestsCommand) -> Result<(), CoreError> {
    let (room_id, answer) = match command {
        RequestsCommand::Accept { room_id } => (room_id, RequestAnswer::Accept),
        RequestsCommand::Decline { room_id } => (room_id, RequestAnswer::Decline),
        RequestsCommand::Block { room_id } => (room_id, RequestAnswer::Block),
    };
    one_shot(profile, async |e| {
        e.answer_invite(&room_id, answer).await?;
        Ok(json!({ "room_id": room_id, "answer": answer.word() }))
    })
    .await
}

/// Ignores someone, or stops ignoring them.
pub(crate) async fn ignore(profile: &Profile, user_id: &str, ignored: bool) -> Result<(), CoreError> {
    one_shot(profile, async |e| {
        if ignored {
            e.ignore_user(user_id).await?;
        } else {
            e.unignore_user(user_id).await?;
        }
        Ok(json!({ "user_id": user_id.trim(), "ignored": e.is_ignored(user_id).await? }))
    })
    .await
}

/// Reports a message or a room.
pub(crate) async fn report(profile: &Profile, command: ReportCommand) -> Result<(), CoreError> {
    one_shot(profile, async |e| match &command {
        ReportCommand::Message { room_id, event_id, reason } => {
            e.report_message(room_id, event_id, reason.as_deref()).await?;
            Ok(json!({ "room_id": room_id, "event_id": event_id, "reported": true }))
        }
        ReportCommand::Room { room_id, reason } => {
            e.report_room(room_id, reason.as_deref()).await?;
            Ok(json!({ "room_id": room_id, "reported": true }))
        }
    })
    .await
}

/// Prints who in a room is from outside the organisation.
pub(crate) async fn external(profile: &Profile, room_id: &str) -> Result<(), CoreError> {
    one_shot(profile, async |e| to_json(e.external_members(room_id).await?)).await
}
