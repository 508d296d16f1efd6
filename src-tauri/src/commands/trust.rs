//! Trust-boundary commands (issue 11): invitations and the Requests inbox, outside members
//! of a room, ignoring and reporting, and what the login screen may offer.

use parley_core::{ExternalMembers, InviteView, RequestAnswer};
use serde::Serialize;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Pending invitations; those from unknown people have `from_unknown` set (the Requests inbox).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn invites(state: State<'_, AppState>) -> Result<Vec<InviteView>, UiError> {
    Ok(state.engine()?.invites().await)
}

/// Answers an invitation: `accept`, `decline`, or `block` (decline and ignore the inviter).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn answer_invite(
    state: State<'_, AppState>,
    room_id: String,
    answer: String,
) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    let answer = RequestAnswer::from_word(&answer)
        .ok_or_else(|| UiError::new("invalid_input", "That is not a way to answer an invitation."))?;
    Ok(state.engine()?.answer_invite(&room_id, answer).await?)
}

/// Who in a room is from outside the organisation (the room's banner).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn external_members(
    state: State<'_, AppState>,
    room_id: String,
) -> Result<ExternalMembers, UiError> {
    validate::room_id(&room_id)?;
    Ok(state.engine()?.external_members(&room_id).await?)
}

/// Ignores someone: nothing more from them reaches this account.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn ignore_user(state: State<'_, AppState>, user_id: String) -> Result<(), UiError> {
    validate::user_id(&user_id)?;
    Ok(state.engine()?.ignore_user(&user_id).await?)
}

/// Reports one message to the homeserver's administrators.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn report_message(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    reason: Option<String>,
) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    validate::event_id(&event_id)?;
    validate::report_reason(reason.as_deref())?;
    Ok(state.engine()?.report_message(&room_id, &event_id, reason.as_deref()).await?)
}

/// Reports a whole room to the homeserver's administrators.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn report_room(
    state: State<'_, AppState>,
    room_id: String,
    reason: Option<String>,
) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    validate::report_reason(reason.as_deref())?;
    Ok(state.engine()?.report_room(&room_id, reason.as_deref()).await?)
}

/// What the login screen offers: the organisation's homeserver, and the only ones allowed.
#[derive(Debug, Clone, Serialize)]
pub struct LoginDefaults {
    /// `HomeserverUrl`: pre-filled.
    pub homeserver_url: Option<String>,
    /// `AllowedHomeservers`: the engine refuses any other (empty: any).
    pub allowed_homeservers: Vec<String>,
}

/// The login screen's defaults from the machine's policy (works signed out).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn login_defaults() -> LoginDefaults {
    let policy = parley_policy::load_effective().policy;
    LoginDefaults { homeserver_url: policy.homeserver_url, allowed_homeservers: policy.allowed_homeservers }
}
