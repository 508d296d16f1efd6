//! Emoji verification commands. The steps arrive as `verification` engine events; these
//! commands start a flow, accept one, answer the emoji, or cancel. Devices are listed with
//! their verification state.

use parley_core::DeviceView;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Asks `user_id` to verify by emoji; returns the flow id.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_request(state: State<'_, AppState>, user_id: String) -> Result<String, UiError> {
    validate::user_to_verify(&user_id)?;
    Ok(state.engine()?.request_verification(&user_id).await?)
}

/// Accepts an incoming request.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_accept(state: State<'_, AppState>, flow_id: String) -> Result<(), UiError> {
    validate::flow_id(&flow_id)?;
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
    validate::flow_id(&flow_id)?;
    Ok(state.engine()?.confirm_verification(&flow_id, matches).await?)
}

/// Cancels a flow.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn verify_cancel(state: State<'_, AppState>, flow_id: String) -> Result<(), UiError> {
    validate::flow_id(&flow_id)?;
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
        validate::user_to_verify(user_id)?;
    }
    Ok(state.engine()?.devices(user_id.as_deref()).await?)
}
