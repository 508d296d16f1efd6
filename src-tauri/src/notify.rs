//! The desktop side of the notifier (`parley_core::notify`): pop-ups through the OS, a click
//! brings the window forward on the event (centre entries reach the UI through `forward.rs`).

use std::sync::Arc;

use parley_core::{
    Engine,
    notify::{DesktopPopups, Notifier},
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};

use crate::hardening::MAIN_WINDOW;

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
        crate::show_main_window(&app);
        if let Err(err) = app.emit_to(MAIN_WINDOW, NOTICE_OPEN_EVENT, OpenTarget { room_id, event_id }) {
            tracing::warn!(%err, "could not tell the UI which notification was clicked");
        }
    }));
    Notifier::start(engine, Arc::new(popups))
}
