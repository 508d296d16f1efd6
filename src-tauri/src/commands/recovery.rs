//! Recovery commands: set up secret storage and key backup (the key is shown once and not
//! kept), and restore this device from a recovery key.

use tauri::State;

use super::AppState;
use crate::error::UiError;

/// Longest recovery key (or passphrase) accepted from the UI, in bytes.
const MAX_RECOVERY_KEY_BYTES: usize = 1024;

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
    if recovery_key.trim().is_empty() || recovery_key.len() > MAX_RECOVERY_KEY_BYTES {
        return Err(UiError::invalid_input("Enter the recovery key you saved when you set up recovery."));
    }
    Ok(state.engine()?.recover(&recovery_key).await?)
}
