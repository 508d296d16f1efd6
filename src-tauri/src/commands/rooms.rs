//! Starting conversations and looking after a room (issue 15): new direct chats and group
//! rooms (always end-to-end encrypted), inviting, the member list, the room's settings; and
//! the person's own display name.

use parley_core::{MemberView, NewRoom, RoomDetails};
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::validate;

/// Creates an encrypted direct chat with `user_id` (and invites them); returns its room id.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn create_dm(state: State<'_, AppState>, user_id: String) -> Result<String, UiError> {
    validate::user_id(&user_id)?;
    Ok(state.engine()?.create_dm(&user_id).await?)
}

/// Creates an encrypted, invite-only group room; returns its room id.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn create_room(
    state: State<'_, AppState>,
    name: String,
    topic: Option<String>,
    invite: Vec<String>,
) -> Result<String, UiError> {
    validate::room_text(&name)?;
    validate::room_text(topic.as_deref().unwrap_or_default())?;
    validate::invitees(&invite)?;
    Ok(state.engine()?.create_room(&NewRoom { name, topic, invite }).await?)
}

/// Invites someone into a room.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn invite_user(
    state: State<'_, AppState>,
    room_id: String,
    user_id: String,
) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    validate::user_id(&user_id)?;
    Ok(state.engine()?.invite(&room_id, &user_id).await?)
}

/// The people in a room with their identity state and whether they are from outside.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn room_members(state: State<'_, AppState>, room_id: String) -> Result<Vec<MemberView>, UiError> {
    validate::room_id(&room_id)?;
    Ok(state.engine()?.room_members(&room_id).await?)
}

/// A room's settings and what the signed-in user may change.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn room_details(state: State<'_, AppState>, room_id: String) -> Result<RoomDetails, UiError> {
    validate::room_id(&room_id)?;
    Ok(state.engine()?.room_details(&room_id).await?)
}

/// Changes a room's name and topic (each only when given).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn room_update(
    state: State<'_, AppState>,
    room_id: String,
    name: Option<String>,
    topic: Option<String>,
) -> Result<RoomDetails, UiError> {
    validate::room_id(&room_id)?;
    validate::room_text(name.as_deref().unwrap_or_default())?;
    validate::room_text(topic.as_deref().unwrap_or_default())?;
    let engine = state.engine()?;
    if let Some(name) = name {
        engine.set_room_name(&room_id, &name).await?;
    }
    if let Some(topic) = topic {
        engine.set_room_topic(&room_id, &topic).await?;
    }
    Ok(engine.room_details(&room_id).await?)
}

/// The signed-in user's display name (`None`: none set).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn display_name(state: State<'_, AppState>) -> Result<Option<String>, UiError> {
    Ok(state.engine()?.display_name().await?)
}

/// Sets (or, with empty text, removes) the signed-in user's display name.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn set_display_name(state: State<'_, AppState>, name: String) -> Result<Option<String>, UiError> {
    validate::room_text(&name)?;
    let engine = state.engine()?;
    engine.set_display_name(&name).await?;
    Ok(engine.display_name().await?)
}

/// Leaves a room.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn leave_room(state: State<'_, AppState>, room_id: String) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    Ok(state.engine()?.leave_room(&room_id).await?)
}
