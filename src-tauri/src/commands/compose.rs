//! Replies, edits, reactions, deletions and the send queue's waiting messages. The engine
//! applies the same gates as for a new message (DLP, encryption, identity hold).

use parley_core::{SendOptions, SendWait, UnsentMessage};
use tauri::State;

use super::{AppState, MAX_BODY_BYTES, is_event_id, validate_room_id};
use crate::error::UiError;

/// Longest reaction key accepted (an emoji sequence, or a short word).
const MAX_REACTION_BYTES: usize = 64;
/// Longest deletion reason accepted.
const MAX_REASON_BYTES: usize = 512;
/// Longest transaction id accepted (matrix-sdk makes them about 30 characters).
const MAX_TRANSACTION_ID_BYTES: usize = 255;

fn validate_event_id(event_id: &str) -> Result<(), UiError> {
    if is_event_id(event_id) { Ok(()) } else { Err(UiError::invalid_input("That is not a valid message.")) }
}

/// The checks shared by replies and edits: a room, a message in it, and a sendable text.
fn validate_text_on(room_id: &str, event_id: &str, body: &str) -> Result<(), UiError> {
    validate_room_id(room_id)?;
    validate_event_id(event_id)?;
    if body.trim().is_empty() {
        return Err(UiError::invalid_input("The message is empty."));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(UiError::invalid_input("The message is too long to send."));
    }
    Ok(())
}

fn validate_transaction_id(transaction_id: &str) -> Result<(), UiError> {
    let ok = !transaction_id.is_empty()
        && transaction_id.len() <= MAX_TRANSACTION_ID_BYTES
        && !transaction_id.chars().any(char::is_control);
    if ok { Ok(()) } else { Err(UiError::invalid_input("That message is no longer waiting to be sent.")) }
}

fn options(sensitive_data_confirmed: Option<bool>) -> SendOptions {
    SendOptions::new(SendWait::Ack).sensitive_data_confirmed(sensitive_data_confirmed == Some(true))
}

/// Replies to a message and waits for the homeserver (so refusals reach the person).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn message_reply(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    body: String,
    sensitive_data_confirmed: Option<bool>,
) -> Result<(), UiError> {
    validate_text_on(&room_id, &event_id, &body)?;
    state.engine()?.reply(&room_id, &event_id, &body, options(sensitive_data_confirmed)).await?;
    Ok(())
}

/// Replaces the text of one of the person's own messages.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn message_edit(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    body: String,
    sensitive_data_confirmed: Option<bool>,
) -> Result<(), UiError> {
    validate_text_on(&room_id, &event_id, &body)?;
    state.engine()?.edit(&room_id, &event_id, &body, options(sensitive_data_confirmed)).await?;
    Ok(())
}

/// Gives a reaction, or takes it back; returns whether it is now given.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn message_react(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    key: String,
) -> Result<bool, UiError> {
    validate_room_id(&room_id)?;
    validate_event_id(&event_id)?;
    if key.trim().is_empty() || key.len() > MAX_REACTION_BYTES || key.chars().any(char::is_control) {
        return Err(UiError::invalid_input("That reaction cannot be sent."));
    }
    Ok(state.engine()?.react(&room_id, &event_id, &key).await?)
}

/// Deletes a message for everyone.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn message_redact(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    reason: Option<String>,
) -> Result<(), UiError> {
    validate_room_id(&room_id)?;
    validate_event_id(&event_id)?;
    if reason.as_ref().is_some_and(|r| r.len() > MAX_REASON_BYTES) {
        return Err(UiError::invalid_input("The reason is too long."));
    }
    let reason = reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    Ok(state.engine()?.redact(&room_id, &event_id, reason).await?)
}

/// What waits in the send queue (failed messages say why).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn unsent_list(state: State<'_, AppState>) -> Result<Vec<UnsentMessage>, UiError> {
    Ok(state.engine()?.unsent().await)
}

/// Tries a failed message once more.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn unsent_retry(
    state: State<'_, AppState>,
    room_id: String,
    transaction_id: String,
) -> Result<(), UiError> {
    validate_room_id(&room_id)?;
    validate_transaction_id(&transaction_id)?;
    Ok(state.engine()?.retry_unsent(&room_id, &transaction_id).await?)
}

/// Takes a message out of the send queue for good.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn unsent_cancel(
    state: State<'_, AppState>,
    room_id: String,
    transaction_id: String,
) -> Result<(), UiError> {
    validate_room_id(&room_id)?;
    validate_transaction_id(&transaction_id)?;
    Ok(state.engine()?.cancel_unsent(&room_id, &transaction_id).await?)
}
