//! Sending what the crypto machine queued on its own, now rather than at the encryption
//! sync's next turn.
//!
//! matrix-sdk 0.18 answers some verification events by itself (the SAS key after an accept,
//! the `done` and the cross-signing signature upload after a MAC) by queueing requests that
//! only a sliding-sync connection with the e2ee extension sends, at the start of its next
//! request. `SyncService`'s encryption connection long-polls for 30 s, so each such step of an
//! emoji verification waited up to 30 s (about 90 s from request to verified). While an emoji
//! comparison runs (from the SAS start to its end), a second small connection — e2ee
//! extension only, no to-device events, no rooms, no long poll — is asked once a second,
//! which sends the queue at once.
//! `SlidingSync::sync_once` is public but hidden ("for testing"); with matrix-sdk pinned to
//! 0.18.0 it is stable here, and losing it would only bring the slow steps back.

use std::{future::Future, time::Duration};

use matrix_sdk::{SlidingSync, ruma::api::client::sync::sync_events::v5 as http};
use tracing::warn;

use crate::Engine;

/// The connection's id (at most 16 characters, distinct from `SyncService`'s).
const CONN_ID: &str = "parley-flush";
/// How often the queue is sent while a verification runs.
const TICK: Duration = Duration::from_secs(1);

/// The flushing connection, built on first use and kept (a new one marks every tracked user's
/// devices as outdated, which costs a key query).
pub(crate) type Connection = tokio::sync::Mutex<Option<SlidingSync>>;

impl Engine {
    /// Sends the crypto machine's queued requests now. Best effort: a failure leaves them for
    /// the encryption sync, as before.
    pub(crate) async fn flush_crypto(&self) {
        let mut connection = self.inner.crypto_flush.lock().await;
        if connection.is_none() {
            match self.flush_connection().await {
                Ok(built) => *connection = Some(built),
                Err(e) => return warn!(error = %e, "could not set up the crypto flush"),
            }
        }
        if let Some(sync) = connection.as_ref()
            && let Err(e) = sync.sync_once().await
        {
            warn!(error = %e, "crypto flush failed; retrying with a new connection");
            // E.g. the server forgot the connection's position: start afresh next time.
            *connection = None;
        }
    }

    async fn flush_connection(&self) -> matrix_sdk::Result<SlidingSync> {
        let mut e2ee = http::request::E2EE::default();
        e2ee.enabled = Some(true);
        self.inner
            .client
            .sliding_sync(CONN_ID)?
            .with_e2ee_extension(e2ee)
            .poll_timeout(Duration::ZERO)
            .network_timeout(Duration::from_secs(10))
            .build()
            .await
    }

    /// Runs `flow`, sending the crypto machine's queue every second until it ends, and once
    /// more after (its last step may have queued the `done`).
    pub(crate) async fn with_crypto_flush<F: Future>(&self, flow: F) -> F::Output {
        let engine = self.clone();
        let pump = tokio::spawn(async move {
            loop {
                engine.flush_crypto().await;
                tokio::time::sleep(TICK).await;
            }
        });
        let output = flow.await;
        pump.abort();
        self.flush_crypto().await;
        output
    }
}
