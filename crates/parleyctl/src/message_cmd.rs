//! Acting on messages already in a room, and on the send queue (issue 3).
//!
//! - `reply ROOM EVENT TEXT`, `edit ROOM EVENT TEXT`: like `send`, through the same gates
//!   (outgoing DLP, encryption, identity hold) and the persistent queue.
//! - `react ROOM EVENT KEY` gives a reaction, or takes it back when already given.
//! - `redact ROOM EVENT [--reason TEXT]` deletes a message.
//! - `unsent [list|retry|cancel]`: what waits in the send queue, and what to do with a
//!   message that failed for good.

use clap::Subcommand;
use parley_core::{CoreError, Profile, SendWait};
use serde_json::json;

use crate::{Confirmations, one_shot, print_json, signed_in, to_json};

/// `parleyctl unsent` subcommands.
#[derive(Subcommand)]
pub(crate) enum UnsentCommand {
    /// Everything waiting in the send queue (one JSON object per line; failed ones say why).
    List,
    /// Try a message that failed for good once more.
    Retry {
        /// The room id.
        room_id: String,
        /// The transaction id (from `unsent list`).
        transaction_id: String,
    },
    /// Take a message out of the send queue; it is never sent.
    Cancel {
        /// The room id.
        room_id: String,
        /// The transaction id (from `unsent list`).
        transaction_id: String,
    },
}

/// What to do to one message.
pub(crate) enum MessageAction {
    Reply { text: String, confirm: Confirmations },
    Edit { text: String, confirm: Confirmations },
    React { key: String },
    Redact { reason: Option<String> },
}

/// Runs a reply, edit, reaction or deletion on `event_id` in `room_id` and prints the result.
pub(crate) async fn act(
    profile: &Profile,
    room_id: &str,
    event_id: &str,
    action: MessageAction,
) -> Result<(), CoreError> {
    one_shot(profile, async |e| match &action {
        MessageAction::Reply { text, confirm } => {
            to_json(e.reply(room_id, event_id, text, confirm.options(SendWait::Ack)).await?)
        }
        MessageAction::Edit { text, confirm } => {
            to_json(e.edit(room_id, event_id, text, confirm.options(SendWait::Ack)).await?)
        }
        MessageAction::React { key } => {
            let given = e.react(room_id, event_id, key).await?;
            Ok(json!({ "event_id": event_id, "key": key, "given": given }))
        }
        MessageAction::Redact { reason } => {
            e.redact(room_id, event_id, reason.as_deref()).await?;
            Ok(json!({ "event_id": event_id, "redacted": true }))
        }
    })
    .await
}

/// Runs one `unsent` subcommand. Works without the homeserver (the queue is on disk).
pub(crate) async fn unsent(profile: &Profile, command: UnsentCommand) -> Result<(), CoreError> {
    let engine = signed_in(profile).await?;
    match command {
        UnsentCommand::List => {
            for message in engine.unsent().await {
                print_json(&to_json(&message)?);
            }
        }
        UnsentCommand::Retry { room_id, transaction_id } => {
            engine.retry_unsent(&room_id, &transaction_id).await?;
            print_json(&json!({ "transaction_id": transaction_id, "retrying": true }));
        }
        UnsentCommand::Cancel { room_id, transaction_id } => {
            engine.cancel_unsent(&room_id, &transaction_id).await?;
            print_json(&json!({ "transaction_id": transaction_id, "cancelled": true }));
        }
    }
    Ok(())
}
