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

use crate::{
    engine::Engine,
    error::{CoreError, Result},
};

const FIRST_RETRY: Duration = Duration::from_secs(1);
const MAX_RETRY: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(100);

impl Engine {
    /// How many messages are queued but not yet accepted by the homeserver
    /// (including ones that failed permanently and wait for the user).
    pub async fn unsent_count(&self) -> usize {
        let mut count = 0;
        for room in self.inner.client.joined_rooms() {
            if let Ok((echoes, _)) = room.send_queue().subscribe().await {
                count += echoes.len();
            }
        }
        count
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
