//! Emoji verification commands. The steps arrive as `verification` engine events; these
//! commands start a flow, accept one, answer the emoji, or cancel. Devices are listed with
//! their verification state.

use parley_core::DeviceView;
use tauri::State;

use super::AppState;
use crate::error::UiError;

/// Longest flow id accepted from the UI (matrix-sdk's are event ids or short random strings).
const MAX_FLOW_ID_BYTES: usize = 255;
/// Longest user id (the Matrix spec's limit).
const MAX_USER_ID_BYTES: usize = 255;

fn validate_flow(flow_id: &str) -> Result<(), UiError> {
    let ok =
        !flow_id.is_empty() && flow_id.len() <= MAX_FLOW_ID_BYTES && !flow_id.chars().any(char::is_control);
    if ok { Ok(()) } else { Err(UiError::invalid_input("That is not a verification in progress.")) }
}

fn validate_user(user_id: &str) -> Result<(), UiError> {
    let ok = user_id.starts_with('@')
        && user_id.len() <= MAX_USER_ID_BYTES
        && !user_id.chars().any(char::is_control);
    if ok { Ok(()) } else { Err(UiError::invalid_input("That is not a valid user.")) }
}

/// Asks `user_id` to verify by emoji; returns the flow id.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_request(state: State<'_, AppState>, user_id: String) -> Result<String, UiError> {
    validate_user(&user_id)?;
    Ok(state.engine()?.request_verification(&user_id).await?)
}

/// Accepts an incoming request.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_accept(state: State<'_, AppState>, flow_id: String) -> Result<(), UiError> {
    validate_flow(&flow_id)?;
    Ok(state.engine()?.accept_verification(&flow_id).await?)
}

/// The person's answer to the emoji: they match, or they don't (which cancels, audited).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_confirm(
    state: State<'_, AppState>,
    flow_id: String,
    matches: bool,
) -> Result<(), UiError> {
    validate_flow(&flow_id)?;
    Ok(state.engine()?.confirm_verification(&flow_id, matches).await?)
}

/// Cancels a flow.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_cancel(state: State<'_, AppState>, flow_id: String) -> Result<(), UiError> {
    validate_flow(&flow_id)?;
    Ok(state.engine()?.cancel_verification(&flow_id).await?)
}

/// Devices of `user_id` (default: this account) with their verification state.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn devices(
    state: State<'_, AppState>,
    user_id: Option<String>,
) -> Result<Vec<DeviceView>, UiError> {
    if let Some(user_id) = &user_id {
        validate_user(user_id)?;
    }
    Ok(state.engine()?.devices(user_id.as_deref()).await?)
}
