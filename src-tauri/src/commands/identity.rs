//! Identity-change commands: what the room banner shows and its "Accept new identity" button.

use parley_core::IdentityWarning;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// The members of a room whose identity changed and is not accepted yet (sending to the
/// room is held while this is not empty).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn identity_warnings(
    state: State<'_, AppState>,
    room_id: String,
) -> Result<Vec<IdentityWarning>, UiError> {
    validate::room_id(&room_id)?;
    Ok(state.engine()?.identity_warnings(&room_id).await?)
}

/// Accepts a contact's new identity (the banner's button), releasing the hold on sending.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn acknowledge_identity(state: State<'_, AppState>, user_id: String) -> Result<(), UiError> {
    validate::user_id(&user_id)?;
    Ok(state.engine()?.acknowledge_identity(&user_id).await?)
}
