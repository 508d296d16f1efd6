//! Privacy commands: what the room view and the composer report, and the overview page.
//! The engine decides what is actually sent (private receipts, no typing, no presence).

use parley_core::PrivacySetting;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// The user viewed the room: mark it read (a private receipt unless policy says otherwise).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn mark_read(state: State<'_, AppState>, room_id: String) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    state.engine()?.mark_read(&room_id).await?;
    Ok(())
}

/// The user typed in the composer; nothing is sent unless policy allows typing notifications.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn typing(state: State<'_, AppState>, room_id: String) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    state.engine()?.typing(&room_id).await?;
    Ok(())
}

/// The "Privacy & security" overview: each kind of sharing, its state, and whether the
/// organisation locked it. Works signed out too (it reads the machine's policy).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn privacy_overview() -> Vec<PrivacySetting> {
    parley_core::privacy_overview(&parley_policy::load_effective())
}
