//! The desktop side of the notifier (`parley_core::notify`): pop-ups through the OS, a click
//! brings the window forward on the event, and centre entries go to the UI as they arrive.

use std::sync::Arc;

use parley_core::{
    Engine,
    notify::{DesktopPopups, Notice, NoticeView, Notifier},
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::hardening::MAIN_WINDOW;

/// Event carrying each new or updated centre entry to the UI.
pub const NOTICE_EVENT: &str = "notice";
/// Event asking the UI to reload the whole centre (it fell behind).
pub const NOTICES_RELOAD_EVENT: &str = "notices-reload";
/// Event asking the UI to show a room (and event): a pop-up was clicked.
pub const NOTICE_OPEN_EVENT: &str = "notice-open";

#[derive(Clone, Serialize)]
struct OpenTarget {
    room_id: Option<String>,
    event_id: Option<String>,
}

/// Starts the notifier for `engine`, with pop-ups whose click focuses the app on the event.
pub fn start<R: Runtime>(app: &AppHandle<R>, engine: &Engine) -> Notifier {
    let app = app.clone();
    let popups = DesktopPopups::with_click_handler(Arc::new(move |room_id, event_id| {
        if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
            // Best effort: a window manager may refuse focus; the event still opens the room.
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
        if let Err(err) = app.emit_to(MAIN_WINDOW, NOTICE_OPEN_EVENT, OpenTarget { room_id, event_id }) {
            tracing::warn!(%err, "could not tell the UI which notification was clicked");
        }
    }));
    Notifier::start(engine, Arc::new(popups))
}

/// Sends one centre entry to the UI.
pub fn emit_notice<R: Runtime>(app: &AppHandle<R>, notice: &Notice) {
    if let Err(err) = app.emit_to(MAIN_WINDOW, NOTICE_EVENT, NoticeView::from(notice.clone())) {
        tracing::warn!(%err, "could not deliver a notice to the UI");
    }
}

/// Asks the UI to reload the centre.
pub fn emit_reload<R: Runtime>(app: &AppHandle<R>) {
    if let Err(err) = app.emit_to(MAIN_WINDOW, NOTICES_RELOAD_EVENT, ()) {
        tracing::warn!(%err, "could not ask the UI to reload notices");
    }
}
