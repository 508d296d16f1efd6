//! File commands: accept an offer (quarantine, checks, scan, release) and open a released
//! file after the "did they really send this?" prompt. The UI never gets a path to act on:
//! it names the offer by room and event, and Rust decides.

use parley_core::FileOutcome;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Accepts a file offer: downloads it into quarantine, checks and scans it, and releases it
/// into the Downloads folder, or keeps it and says why (`FileOutcome::message`).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn file_accept(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
) -> Result<FileOutcome, UiError> {
    validate::offer(&room_id, &event_id)?;
    Ok(state.engine()?.accept_file(Some(&room_id), &event_id, None).await?)
}

/// Opens a released file with the system's program for it, after the person confirmed the
/// prompt. Files kept in quarantine are refused by the engine.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn file_open(state: State<'_, AppState>, room_id: String, event_id: String) -> Result<(), UiError> {
    validate::offer(&room_id, &event_id)?;
    let path = state.engine()?.file_to_open(&event_id)?;
    super::open_with_system(path.into(), "Your system has no program to open this kind of file.").await
}
