//! Recovery commands: set up secret storage and key backup (the key is shown once and not
//! kept), and restore this device from a recovery key.

use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Sets up recovery and returns the recovery key, for the UI to show once.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn recovery_enable(state: State<'_, AppState>) -> Result<String, UiError> {
    let key = state.engine()?.enable_recovery().await?;
    Ok(key.as_str().to_owned())
}

/// Restores this device from the recovery key the person typed or pasted.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn recovery_restore(state: State<'_, AppState>, recovery_key: String) -> Result<(), UiError> {
    let recovery_key = zeroize::Zeroizing::new(recovery_key);
    validate::recovery_key(&recovery_key)?;
    Ok(state.engine()?.recover(&recovery_key).await?)
}
