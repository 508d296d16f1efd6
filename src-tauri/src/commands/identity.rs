//! Identity-change commands: what the room banner shows and its "Accept new identity" button.

use parley_core::IdentityWarning;
use tauri::State;

use super::{AppState, validate_room_id};
use crate::error::UiError;

/// Longest user id accepted from the UI, in bytes (the Matrix spec's limit).
const MAX_USER_ID_BYTES: usize = 255;

fn validate_user_id(user_id: &str) -> Result<(), UiError> {
    let ok = user_id.len() > 1
        && user_id.len() <= MAX_USER_ID_BYTES
        && user_id.starts_with('@')
        && user_id.contains(':')
        && !user_id.chars().any(char::is_control);
    if ok { Ok(()) } else { Err(UiError::invalid_input("That is not a valid user.")) }
}

/// The members of a room whose identity changed and is not accepted yet (sending to the
/// room is held while this is not empty).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn identity_warnings(
    state: State<'_, AppState>,
    room_id: String,
) -> Result<Vec<IdentityWarning>, UiError> {
    validate_room_id(&room_id)?;
    Ok(state.engine()?.identity_warnings(&room_id).await?)
}

/// Accepts a contact's new identity (the banner's button), releasing the hold on sending.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn acknowledge_identity(state: State<'_, AppState>, user_id: String) -> Result<(), UiError> {
    validate_user_id(&user_id)?;
    Ok(state.engine()?.acknowledge_identity(&user_id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_ids() {
        for (id, ok) in [
            ("@bob:example.org", true),
            ("bob", false),
            ("@", false),
            ("@bob\n:example.org", false),
            ("!room:example.org", false),
        ] {
            assert_eq!(validate_user_id(id).is_ok(), ok, "{id:?}");
        }
        assert!(validate_user_id(&format!("@{}:example.org", "a".repeat(300))).is_err());
    }
}
