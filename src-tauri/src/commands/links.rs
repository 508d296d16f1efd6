//! Link commands: the confirmation dialog and opening through the OS.
//!
//! The UI names a link by room, event and index; the engine re-reads the event, applies
//! the link guard and returns the URL only if the dialog's outcome allows it. Opening goes
//! to the OS opener (`xdg-open`, `open`, `ShellExecute`) from here; the webview itself can
//! never navigate (`hardening.rs`).

use parley_core::LinkDialog;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// What the link dialog shows: verdict, destination (ASCII and Unicode), reasons.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn link_inspect(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    index: usize,
) -> Result<LinkDialog, UiError> {
    validate::link(&room_id, &event_id, index)?;
    Ok(state.engine()?.inspect_link(&room_id, &event_id, index).await?)
}

/// Opens a link in the user's browser (or mail program) after the dialog: refused for
/// blocked links, and for warned ones unless `acknowledged` ("I understand" was ticked).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn link_open(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    index: usize,
    acknowledged: bool,
) -> Result<(), UiError> {
    validate::link(&room_id, &event_id, index)?;
    let url = state.engine()?.link_to_open(&room_id, &event_id, index, acknowledged).await?;
    super::open_with_system(
        url.into(),
        "Your system could not open the link: no browser or mail program answered.",
    )
    .await
}

/// The dialog's Copy: returns the URL to put on the clipboard (recorded in the audit log),
/// or an error for links that must never be copied.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn link_copy(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    index: usize,
) -> Result<String, UiError> {
    validate::link(&room_id, &event_id, index)?;
    Ok(state.engine()?.link_to_copy(&room_id, &event_id, index).await?)
}
