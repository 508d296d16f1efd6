//! Replies, edits, reactions, deletions and the send queue's waiting messages. The engine
//! applies the same gates as for a new message (DLP, encryption, identity hold).

use parley_core::{SendOptions, SendWait, UnsentMessage};
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Send options from what the person confirmed in the UI (absent: not confirmed).
pub(super) fn options(
    sensitive_data_confirmed: Option<bool>,
    external_confirmed: Option<bool>,
) -> SendOptions {
    SendOptions::new(SendWait::Ack)
        .sensitive_data_confirmed(sensitive_data_confirmed == Some(true))
        .external_members_confirmed(external_confirmed == Some(true))
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
    external_confirmed: Option<bool>,
) -> Result<(), UiError> {
    validate::text_on(&room_id, &event_id, &body)?;
    state
        .engine()?
        .reply(&room_id, &event_id, &body, options(sensitive_data_confirmed, external_confirmed))
        .await?;
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
    external_confirmed: Option<bool>,
) -> Result<(), UiError> {
    validate::text_on(&room_id, &event_id, &body)?;
    state
        .engine()?
        .edit(&room_id, &event_id, &body, options(sensitive_data_confirmed, external_confirmed))
        .await?;
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
    validate::room_id(&room_id)?;
    validate::event_id(&event_id)?;
    validate::reaction(&key)?;
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
    validate::room_id(&room_id)?;
    validate::event_id(&event_id)?;
    validate::redaction_reason(reason.as_deref())?;
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
    validate::room_id(&room_id)?;
    validate::transaction_id(&transaction_id)?;
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
    validate::room_id(&room_id)?;
    validate::transaction_id(&transaction_id)?;
    Ok(state.engine()?.cancel_unsent(&room_id, &transaction_id).await?)
}
