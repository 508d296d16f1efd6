//! Group rooms (issue 15): `room create NAME [--topic T] [--invite USER]…` (always end-to-end
//! encrypted and invite-only), `room members ROOM`, `room info ROOM`, `room rename ROOM NAME`,
//! `room topic ROOM TEXT`, `room leave ROOM`. Each prints one JSON object.

use clap::Subcommand;
use parley_core::{CoreError, NewRoom, Profile};
use serde_json::json;

use crate::{one_shot, to_json};

/// `parleyctl room` subcommands.
#[derive(Subcommand)]
pub(crate) enum RoomCommand {
    /// Create an encrypted, invite-only group room.
    Create {
        /// The room's name.
        name: String,
        /// Its topic.
        #[arg(long)]
        topic: Option<String>,
        /// A user to invite (repeat for more).
        #[arg(long = "invite", value_name = "USER_ID")]
        invite: Vec<String>,
    },
    /// The people in a room: identity state, role, from outside or not.
    Members {
        /// The room id.
        room_id: String,
    },
    /// A room's settings and what you may change.
    Info {
        /// The room id.
        room_id: String,
    },
    /// Rename a room.
    Rename {
        /// The room id.
        room_id: String,
        /// The new name.
        name: String,
    },
    /// Set a room's topic (empty text clears it).
    Topic {
        /// The room id.
        room_id: String,
        /// The new topic.
        topic: String,
    },
    /// Leave a room.
    Leave {
        /// The room id.
        room_id: String,
    },
}

/// Runs one `room` subcommand.
pub(crate) async fn run(profile: &Profile, command: RoomCommand) -> Result<(), CoreError> {
    match command {
        RoomCommand::Create { name, topic, invite } => {
            let new = NewRoom { name, topic, invite };
            one_shot(profile, async |e| Ok(json!({ "room_id": e.create_room(&new).await? }))).await
        }
        RoomCommand::Members { room_id } => {
            one_shot(profile, async |e| Ok(json!({ "members": to_json(e.room_members(&room_id).await?)? })))
                .await
        }
        RoomCommand::Info { room_id } => {
            one_shot(profile, async |e| to_json(e.room_details(&room_id).await?)).await
        }
        RoomCommand::Rename { room_id, name } => {
            one_shot(profile, async |e| {
                e.set_room_name(&room_id, &name).await?;
                Ok(json!({ "room_id": room_id, "renamed": true }))
            })
            .await
        }
        RoomCommand::Topic { room_id, topic } => {
            one_shot(profile, async |e| {
                e.set_room_topic(&room_id, &topic).await?;
                Ok(json!({ "room_id": room_id, "topic_set": true }))
            })
            .await
        }
        RoomCommand::Leave { room_id } => {
            one_shot(profile, async |e| {
                e.leave_room(&room_id).await?;
                Ok(json!({ "room_id": room_id, "left": true }))
            })
            .await
        }
    }
}
