//! The notification centre and notification choices (`parley_core::notify`).

use parley_core::notify::{NoticeList, NotifySettingsView, RoomLevel};
use tauri::{AppHandle, Runtime, State};

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Every centre entry, newest first, and the unread count.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn notices_list(state: State<'_, AppState>) -> Result<NoticeList, UiError> {
    Ok(state.notifier()?.list())
}

/// Marks entries read (`ids` absent: all of them); returns how many changed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn notices_mark_read<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    ids: Option<Vec<u64>>,
) -> Result<usize, UiError> {
    validate::notice_ids(ids.as_deref())?;
    let notifier = state.notifier()?;
    let changed = notifier.mark_read(ids.as_deref());
    crate::tray::show_unread(&app, notifier.unread());
    Ok(changed)
}

/// Do-not-disturb, the organisation's floor and the rooms set quieter.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn notify_settings(state: State<'_, AppState>) -> Result<NotifySettingsView, UiError> {
    Ok(state.notifier()?.settings())
}

/// Sets how loud a room is (`all`, `mentions`, `muted`), never below the floor.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn notify_set_room_level(
    state: State<'_, AppState>,
    room_id: String,
    level: String,
) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    let level = RoomLevel::parse(&level)
        .ok_or_else(|| UiError::invalid_input("That is not a notification level."))?;
    state.notifier()?.set_room_level(&room_id, level)?;
    Ok(())
}

/// Turns do-not-disturb on or off.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn notify_set_dnd(state: State<'_, AppState>, on: bool) -> Result<(), UiError> {
    state.notifier()?.set_do_not_disturb(on)?;
    Ok(())
}
