//! Writing into a room: messages, replies, edits, reactions and deletions.
//!
//! Everything with content passes the same gates before it is encrypted or queued
//! (outgoing DLP, `RequireEncryption`, the identity hold) and then goes through the
//! persistent send queue, so a reply or an edit survives an outage exactly like a message.

use matrix_sdk::{
    Room,
    room::{
        edit::EditedContent,
        reply::{EnforceThread, Reply},
    },
    ruma::{
        EventId, OwnedEventId,
        events::{
            AnyMessageLikeEventContent,
            reaction::ReactionEventContent,
            relation::Annotation,
            room::message::{AddMentions, RoomMessageEventContent, RoomMessageEventContentWithoutRelation},
        },
        serde::Raw,
    },
    send_queue::{LocalEchoContent, RoomSendQueueUpdate, SendQueueUpdate},
};
use matrix_sdk_ui::timeline::TimelineEventItemId;
use tokio::sync::broadcast::{self, error::RecvError};
use tracing::instrument;

use crate::{
    engine::{Engine, SendOptions, server_error},
    error::{CoreError, Result},
    views::{SendReceipt, SendWait},
};

/// How long a send waits for the homeserver's acknowledgement ([`SendWait::Ack`]).
const SEND_ACK_TIMEOUT: std::time::Duration = std::time::Duration::from_mins(1);

impl Engine {
    /// Sends a text message (Markdown allowed) through the persistent send queue.
    ///
    /// Outgoing DLP applies unconfirmed: a message with findings is refused unless `DlpMode`
    /// is `off`. Use [`Engine::send_text_with`] to send after the person confirmed.
    pub async fn send_text(&self, room_id: &str, body: &str, wait: SendWait) -> Result<SendReceipt> {
        self.send_text_with(room_id, body, SendOptions { wait, ..SendOptions::default() }).await
    }

    /// Sends a text message with explicit [`SendOptions`].
    #[instrument(skip(self, body))]
    pub async fn send_text_with(
        &self,
        room_id: &str,
        body: &str,
        options: SendOptions,
    ) -> Result<SendReceipt> {
        let room = self.gate(room_id, "message", body, options).await?;
        self.enqueue(&room, RoomMessageEventContent::text_markdown(body).into(), options.wait).await
    }

    /// Replies to `event_id` (quoting it for clients that show replies as text).
    #[instrument(skip(self, body))]
    pub async fn reply(
        &self,
        room_id: &str,
        event_id: &str,
        body: &str,
        options: SendOptions,
    ) -> Result<SendReceipt> {
        let room = self.gate(room_id, "reply", body, options).await?;
        let reply = Reply {
            event_id: parse_event_id(event_id)?,
            enforce_thread: EnforceThread::MaybeThreaded,
            add_mentions: AddMentions::Yes,
        };
        let content = room
            .make_reply_event(RoomMessageEventContentWithoutRelation::text_markdown(body), reply)
            .await
            .map_err(|e| match e {
                matrix_sdk::room::reply::ReplyError::Fetch(e) => server_error(e),
                _ => CoreError::UnknownMessage { event_id: event_id.to_owned() },
            })?;
        self.enqueue(&room, content.into(), options.wait).await
    }

    /// Replaces the text of one of the signed-in user's messages.
    #[instrument(skip(self, body))]
    pub async fn edit(
        &self,
        room_id: &str,
        event_id: &str,
        body: &str,
        options: SendOptions,
    ) -> Result<SendReceipt> {
        let room = self.gate(room_id, "edit", body, options).await?;
        let id = parse_event_id(event_id)?;
        let item = self.loaded_item(&room, &id).await?;
        if !item.is_own() || !item.is_editable() {
            return Err(CoreError::NotEditable);
        }
        let content = room
            .make_edit_event(
                &id,
                EditedContent::RoomMessage(RoomMessageEventContentWithoutRelation::text_markdown(body)),
            )
            .await
            .map_err(|_| CoreError::NotEditable)?;
        self.enqueue(&room, content, options.wait).await
    }

    /// Adds the reaction `key` to a message, or takes it back when the signed-in user had
    /// already given it. Returns whether the reaction is now given.
    #[instrument(skip(self))]
    pub async fn react(&self, room_id: &str, event_id: &str, key: &str) -> Result<bool> {
        // A reaction is free text too: the same gates apply (DLP on the key).
        let room = self.gate(room_id, "reaction", key, SendOptions::default()).await?;
        let id = parse_event_id(event_id)?;
        let item = self.loaded_item(&room, &id).await?;
        let own = room.own_user_id();
        let given =
            item.content().reactions().is_some_and(|r| r.get(key).is_some_and(|by| by.contains_key(own)));
        if given {
            let timeline = self.timeline(&room).await?;
            timeline
                .toggle_reaction(&TimelineEventItemId::EventId(id), key)
                .await
                .map_err(|e| CoreError::SendFailed { detail: e.to_string() })?;
            return Ok(false);
        }
        let content = ReactionEventContent::new(Annotation::new(id, key.to_owned()));
        self.enqueue(&room, content.into(), SendWait::Queued).await?;
        Ok(true)
    }

    /// Deletes a message (a redaction: the homeserver drops its content for everyone).
    /// Sent at once rather than queued: a deletion that waits for a reconnect is not one
    /// the person can rely on, so a failure is reported instead.
    #[instrument(skip(self, reason))]
    pub async fn redact(&self, room_id: &str, event_id: &str, reason: Option<&str>) -> Result<()> {
        let room = self.joined_room(room_id)?;
        if let Some(reason) = reason {
            self.check_outgoing("deletion reason", reason, false)?;
        }
        let id = parse_event_id(event_id)?;
        room.redact(&id, reason, None).await.map_err(server_error)?;
        self.audit(
            crate::audit::AuditEvent::new("message", "redacted")
                .with("room_id", room_id)
                .with("event_id", event_id),
        );
        Ok(())
    }

    /// The gates every outgoing text passes before it is encrypted or queued: outgoing DLP
    /// (`what` names it in the audit record), `RequireEncryption`, and the identity hold.
    async fn gate(
        &self,
        room_id: &str,
        what: &'static str,
        text: &str,
        options: SendOptions,
    ) -> Result<Room> {
        let room = self.joined_room(room_id)?;
        // Before anything is encrypted or queued: nothing with refused findings leaves.
        self.check_outgoing(what, text, options.sensitive_data_confirmed)?;
        if self.policy().require_encryption && !crate::encryption_check::confirm_encrypted(&room).await? {
            self.audit(
                crate::audit::AuditEvent::new("unencrypted_room", "send_refused").with("room_id", room_id),
            );
            return Err(CoreError::UnencryptedRoom);
        }
        // Nothing goes to a changed identity the person has not accepted (identity.rs).
        self.hold_for_identity_changes(&room).await?;
        self.check_external(&room, options.external_members_confirmed).await?;
        Ok(room)
    }

    /// Puts `content` in the room's persistent send queue (on disk when this returns) and,
    /// with [`SendWait::Ack`], waits for the homeserver to accept it.
    async fn enqueue(
        &self,
        room: &Room,
        content: AnyMessageLikeEventContent,
        wait: SendWait,
    ) -> Result<SendReceipt> {
        // The client-wide update channel costs nothing to join; the per-room `subscribe`
        // reads every pending message from the store, which made a burst quadratic.
        let mut updates = self.inner.client.send_queue().subscribe();
        let event_type = matrix_sdk::ruma::events::MessageLikeEventContent::event_type(&content).to_string();
        let raw = Raw::new(&content).map_err(CoreError::internal)?;
        room.send_queue()
            .send_raw(raw.clone(), event_type)
            .await
            .map_err(|e| CoreError::SendFailed { detail: e.to_string() })?;
        // The queue announces the local echo (with its transaction id) from inside `send_raw`;
        // ours is the one with exactly our content.
        let transaction_id = loop {
            match updates.try_recv() {
                Ok(SendQueueUpdate { room_id, update: RoomSendQueueUpdate::NewLocalEvent(echo) })
                    if room_id == room.room_id()
                        && matches!(&echo.content, LocalEchoContent::Event { serialized_event, .. }
                            if serialized_event.raw().0.json().get() == raw.json().get()) =>
                {
                    break echo.transaction_id;
                }
                Ok(_) => {}
                Err(_) => return Err(CoreError::internal("the send queue did not confirm the message")),
            }
        };
        let mut receipt = SendReceipt { transaction_id: transaction_id.to_string(), event_id: None };
        if wait == SendWait::Ack {
            let ack = acknowledged(self, room, &transaction_id, updates);
            receipt.event_id =
                tokio::time::timeout(SEND_ACK_TIMEOUT, ack).await.map_err(|_| CoreError::Timeout)??;
        }
        Ok(receipt)
    }

    /// The loaded timeline item of `event_id`, paginating a little if needed.
    async fn loaded_item(
        &self,
        room: &Room,
        event_id: &EventId,
    ) -> Result<matrix_sdk_ui::timeline::EventTimelineItem> {
        let timeline = self.timeline(room).await?;
        if let Some(item) = timeline.item_by_event_id(event_id).await {
            return Ok(item);
        }
        // Not in the live window: load the recent past once, then give up.
        self.messages(room.room_id().as_str(), 200).await?;
        timeline
            .item_by_event_id(event_id)
            .await
            .ok_or_else(|| CoreError::UnknownMessage { event_id: event_id.to_string() })
    }
}

/// Waits until the send queue reports `transaction_id` sent (`Some(event id)`), or sent
/// without us seeing the event id (`None`, after the update channel lagged), or failed.
async fn acknowledged(
    engine: &Engine,
    room: &Room,
    transaction_id: &matrix_sdk::ruma::TransactionId,
    mut updates: broadcast::Receiver<SendQueueUpdate>,
) -> Result<Option<String>> {
    loop {
        match updates.recv().await {
            Ok(SendQueueUpdate { room_id, update }) if room_id == room.room_id() => match update {
                RoomSendQueueUpdate::SentEvent { transaction_id: t, event_id } if t == transaction_id => {
                    return Ok(Some(event_id.to_string()));
                }
                RoomSendQueueUpdate::SendError { transaction_id: t, error, is_recoverable: false }
                    if t == transaction_id =>
                {
                    return Err(CoreError::SendFailed { detail: error.to_string() });
                }
                RoomSendQueueUpdate::CancelledLocalEvent { transaction_id: t } if t == transaction_id => {
                    return Err(CoreError::SendFailed { detail: "it was cancelled".into() });
                }
                _ => {}
            },
            Ok(_) => {}
            // The channel holds 32 updates; in a burst ours may have been dropped. The queue's
            // store is the truth: gone from it means the homeserver has it.
            Err(RecvError::Lagged(_)) => {
                if !engine.is_unsent(room, transaction_id).await {
                    return Ok(None);
                }
            }
            Err(RecvError::Closed) => {
                return Err(CoreError::SendFailed { detail: "the send queue stopped".into() });
            }
        }
    }
}

pub(crate) fn parse_event_id(event_id: &str) -> Result<OwnedEventId> {
    <&EventId>::try_from(event_id.trim())
        .map(ToOwned::to_owned)
        .map_err(|_| CoreError::InvalidId { kind: "event ID", input: event_id.to_owned() })
}
