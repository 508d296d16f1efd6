//! Whether a room is really end-to-end encrypted, before anything is sent into it.
//!
//! matrix-sdk decides "not encrypted" when a sliding-sync response lists a room
//! without its `m.room.encryption` state. A response computed while the room was
//! still being created (before its initial state was written) does exactly that,
//! and until the next sync the SDK — and its send queue — would treat an encrypted
//! room as a plaintext one. So the engine never trusts a cached "not encrypted":
//! it asks the homeserver, and if the room is encrypted there it waits for the
//! SDK to catch up before letting the send queue near it.

use std::time::Duration;

use matrix_sdk::{
    Room,
    ruma::{
        api::{client::state::get_state_event_for_key, error::ErrorKind},
        events::StateEventType,
    },
};

use crate::{
    engine::server_error,
    error::{CoreError, Result},
};

/// How long to wait for the SDK's view to agree with the server's.
const CATCH_UP: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(100);

/// `Ok(true)` when the room is encrypted and the SDK knows it, `Ok(false)` when the
/// homeserver confirms it is not encrypted.
pub(crate) async fn confirm_encrypted(room: &Room) -> Result<bool> {
    if room.latest_encryption_state().await.map_err(server_error)?.is_encrypted() {
        return Ok(true);
    }
    if !encrypted_on_server(room).await? {
        return Ok(false);
    }
    tracing::info!(room_id = %room.room_id(), "encryption state lagging behind the server; waiting for sync");
    let caught_up = async {
        while !room.encryption_state().is_encrypted() {
            tokio::time::sleep(POLL).await;
        }
    };
    tokio::time::timeout(CATCH_UP, caught_up).await.map(|()| true).map_err(|_| CoreError::SendFailed {
        detail: "the room's encryption settings have not finished loading; try again in a moment".into(),
    })
}

async fn encrypted_on_server(room: &Room) -> Result<bool> {
    let request = get_state_event_for_key::v3::Request::new(
        room.room_id().to_owned(),
        StateEventType::RoomEncryption,
        String::new(),
    );
    match room.client().send(request).await {
        Ok(_) => Ok(true),
        Err(e) if e.client_api_error_kind() == Some(&ErrorKind::NotFound) => Ok(false),
        Err(e) => Err(server_error(e)),
    }
}
