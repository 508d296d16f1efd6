//! The persistent send queue as Parley uses it: messages wait on disk until the
//! homeserver has them, across outages, crashes and restarts.
//!
//! matrix-sdk's queue stops a room's sending task at the first error and leaves
//! it to the application to start it again. A transient failure (server down,
//! network gone) is the normal case for a queue, so [`keep_sending`] restarts it
//! with a backoff; a permanent failure leaves the message "wedged" and visible.
//! Delivery stays exactly-once because a retried request reuses its transaction
//! id, which the homeserver deduplicates.

use std::time::Duration;

use tokio::sync::broadcast::error::RecvError;
use tracing::{debug, info};

use matrix_sdk::{
    Room,
    ruma::TransactionId,
    send_queue::{LocalEcho, LocalEchoContent},
};

use crate::{
    engine::Engine,
    error::{CoreError, Result},
    views::UnsentMessage,
};

const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(100);

impl Engine {
    /// How many messages are queued but not yet accepted by the homeserver
    /// (including ones that failed permanently and wait for the user).
    pub async fn unsent_count(&self) -> usize {
        // `flush` polls this: count the queued items without describing each one.
        self.inner
            .client
            .send_queue()
            .local_echoes()
            .await
            .map_or(0, |rooms| rooms.values().map(Vec::len).sum())
    }

    /// Everything in the send queue, room by room, oldest first.
    pub async fn unsent(&self) -> Vec<UnsentMessage> {
        // Only rooms with something queued are read from the store.
        let Ok(rooms) = self.inner.client.send_queue().local_echoes().await else { return Vec::new() };
        rooms
            .into_iter()
            .flat_map(|(room_id, echoes)| {
                echoes.into_iter().map(move |echo| unsent_message(room_id.as_str(), &echo))
            })
            .collect()
    }

    /// Whether `transaction_id` is still waiting in the room's send queue.
    pub(crate) async fn is_unsent(&self, room: &Room, transaction_id: &TransactionId) -> bool {
        // Unknown (the store failed): keep waiting rather than report a send that may not
        // have happened.
        !matches!(pending(room, transaction_id.as_str()).await, Ok(None))
    }

    /// Tries a message that failed for good once more (the person fixed the cause, e.g.
    /// verified the devices the homeserver complained about).
    pub async fn retry_unsent(&self, room_id: &str, transaction_id: &str) -> Result<()> {
        match self.queued(room_id, transaction_id).await? {
            LocalEchoContent::Event { send_handle, .. } => {
                send_handle.unwedge().await.map_err(|e| CoreError::SendFailed { detail: e.to_string() })?;
                // A failure also paused the queue; start it again.
                self.inner.client.send_queue().set_enabled(true).await;
                Ok(())
            }
            // Reactions and deletions wait on their message; retrying that one retries them.
            LocalEchoContent::React { .. } | LocalEchoContent::Redaction { .. } => Ok(()),
        }
    }

    /// Takes a message out of the send queue; it is never sent.
    pub async fn cancel_unsent(&self, room_id: &str, transaction_id: &str) -> Result<()> {
        let aborted = match self.queued(room_id, transaction_id).await? {
            LocalEchoContent::Event { send_handle, .. } => send_handle.abort().await,
            LocalEchoContent::React { send_handle, .. } => send_handle.abort().await,
            LocalEchoContent::Redaction { send_handle, .. } => send_handle.abort().await,
        }
        .map_err(|e| CoreError::SendFailed { detail: e.to_string() })?;
        if !aborted {
            // It went out meanwhile: too late to cancel.
            return Err(CoreError::UnknownUnsent);
        }
        self.audit(
            crate::audit::AuditEvent::new("message", "send_cancelled")
                .with("room_id", room_id)
                .with("transaction_id", transaction_id),
        );
        Ok(())
    }

    async fn queued(&self, room_id: &str, transaction_id: &str) -> Result<LocalEchoContent> {
        let room = self.joined_room(room_id)?;
        pending(&room, transaction_id).await?.ok_or(CoreError::UnknownUnsent)
    }

    /// Waits until every queued message has reached the homeserver.
    ///
    /// Fails with [`CoreError::Unsent`] if some are still waiting after `timeout`.
    pub async fn flush(&self, timeout: Duration) -> Result<()> {
        // Whatever stopped the queue before (an outage, an earlier run), try now.
        self.inner.client.send_queue().set_enabled(true).await;
        let drained = async {
            while self.unsent_count().await > 0 {
                tokio::time::sleep(POLL).await;
            }
        };
        if tokio::time::timeout(timeout, drained).await.is_ok() {
            return Ok(());
        }
        Err(CoreError::Unsent { count: self.unsent_count().await })
    }
}

/// Restarts the send queue after transient failures, backing off while they repeat.
pub(crate) async fn keep_sending(engine: Engine) {
    let client = engine.inner.client.clone();
    let mut errors = client.send_queue().subscribe_errors();
    let mut delay = FIRST_RETRY;
    loop {
        match errors.recv().await {
            Ok(error) if error.is_recoverable => {
                debug!(room_id = %error.room_id, ?delay, "send failed for now; retrying later");
                tokio::time::sleep(delay).await;
                // Errors from the same outage arrived meanwhile: one retry answers them all.
                let repeated = drain(&mut errors);
                delay = if repeated { (delay * 2).min(MAX_RETRY) } else { FIRST_RETRY };
                client.send_queue().set_enabled(true).await;
            }
            Ok(error) => {
                info!(room_id = %error.room_id, "a message could not be sent and needs the user");
                engine.emit(crate::EngineEvent::SendFailed { room_id: error.room_id.to_string() });
            }
            Err(RecvError::Lagged(_)) => client.send_queue().set_enabled(true).await,
            Err(RecvError::Closed) => return,
        }
    }
}

fn drain(errors: &mut tokio::sync::broadcast::Receiver<matrix_sdk::send_queue::SendQueueRoomError>) -> bool {
    let mut any = false;
    while let Ok(_) | Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) = errors.try_recv() {
        any = true;
    }
    any
}

/// The queued item `transaction_id` of `room`, if it is still waiting.
async fn pending(room: &Room, transaction_id: &str) -> Result<Option<LocalEchoContent>> {
    let (echoes, _) =
        room.send_queue().subscribe().await.map_err(|e| CoreError::SendFailed { detail: e.to_string() })?;
    Ok(echoes.into_iter().find(|e| e.transaction_id.as_str() == transaction_id).map(|e| e.content))
}

fn unsent_message(room_id: &str, echo: &LocalEcho) -> UnsentMessage {
    let (kind, error) = match &echo.content {
        LocalEchoContent::Event { serialized_event, send_error, .. } => {
            let (raw, event_type) = serialized_event.raw();
            let replaces = raw
                .get_field::<serde_json::Value>("m.relates_to")
                .ok()
                .flatten()
                .is_some_and(|relation| relation["rel_type"] == "m.replace");
            let kind = match event_type {
                "m.reaction" => "reaction",
                _ if replaces => "edit",
                _ => "message",
            };
            (kind, send_error.as_ref().map(wedge_sentence))
        }
        LocalEchoContent::React { .. } => ("reaction", None),
        LocalEchoContent::Redaction { send_error, .. } => {
            ("redaction", send_error.as_ref().map(wedge_sentence))
        }
    };
    UnsentMessage {
        room_id: room_id.to_owned(),
        transaction_id: echo.transaction_id.to_string(),
        kind,
        failed: error.is_some(),
        error,
    }
}

/// Why the homeserver (or the crypto layer) refused a message for good, in plain words.
fn wedge_sentence(error: &matrix_sdk::QueueWedgeError) -> String {
    use matrix_sdk::QueueWedgeError as W;
    match error {
        W::InsecureDevices { .. } => "Some people in the room use devices that are not verified.".to_owned(),
        W::IdentityViolations { .. } => {
            "The identity of someone in the room changed since you verified them.".to_owned()
        }
        W::CrossVerificationRequired => "This device must be verified before it can send.".to_owned(),
        W::MissingMediaContent | W::InvalidMimeType { .. } => "The attachment could not be read.".to_owned(),
        W::GenericApiError { msg } => {
            format!("The homeserver refused it: {}", msg.lines().next().unwrap_or_default())
        }
    }
}
