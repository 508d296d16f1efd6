//! Link commands: the confirmation dialog and opening through the OS.
//!
//! The UI names a link by room, event and index; the engine re-reads the event, applies
//! the link guard and returns the URL only if the dialog's outcome allows it. Opening goes
//! to the OS opener (`xdg-open`, `open`, `ShellExecute`) from here; the webview itself can
//! never navigate (`hardening.rs`).

use parley_core::LinkDialog;
use parley_core::matrix_link::OpenTarget;
use tauri::State;

use super::AppState;
use crate::error::UiError;
use crate::open_link::PendingLink;
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

/// A click on link `index` of a message: if it is a Matrix link (`matrix:`, matrix.to), the
/// joined room (and event) it leads to, for the UI to show; `None` for every other link,
/// which goes through the dialog. A room the account is not in is refused, never joined.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn link_in_app(
    state: State<'_, AppState>,
    room_id: String,
    event_id: String,
    index: usize,
) -> Result<Option<OpenTarget>, UiError> {
    validate::link(&room_id, &event_id, index)?;
    Ok(state.engine()?.message_link_in_app(&room_id, &event_id, index).await?)
}

/// The Matrix link Parley was started with or handed by a second launch, once signed in:
/// where it leads, or why it cannot be opened. `None` when no link is waiting. While signed
/// out the link keeps waiting (the error is `not_logged_in`).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn pending_link(
    state: State<'_, AppState>,
    pending: State<'_, PendingLink>,
) -> Result<Option<OpenTarget>, UiError> {
    let engine = state.engine()?;
    let Some(link) = pending.take() else { return Ok(None) };
    let target = link.map_err(parley_core::CoreError::from)?;
    Ok(Some(engine.open_matrix_target(&target)?))
}

#[cfg(test)]
mod tests {
    use parley_core::LinkReasonCode as ReasonCode;

    /// The link dialog words every reason code in every language (`links.ftl`), and its code
    /// map (`linkReasons.ts`) names each one: a new code must be given its words.
    #[test]
    fn every_link_reason_code_is_in_the_catalogues() {
        let map = include_str!("../../../ui/src/lib/i18n/linkReasons.ts");
        let catalogues = [
            ("en", include_str!("../../../ui/src/locales/en/links.ftl")),
            ("zh-HK", include_str!("../../../ui/src/locales/zh-HK/links.ftl")),
        ];
        for code in ReasonCode::ALL {
            let id = format!("link-reason-{}", code.as_str());
            assert!(map.contains(&format!("{}: '{id}'", code.as_str())), "linkReasons.ts lacks {id}");
            for (language, catalogue) in catalogues {
                assert!(
                    catalogue.lines().any(|line| line.starts_with(&format!("{id} = "))),
                    "{language} links.ftl lacks {id}"
                );
            }
        }
    }
}
