//! Engine events and notification-centre entries to the UI, in batches.
//!
//! Every Tauri event is a script evaluated in the webview. One per engine event made a flood
//! of 1,000 messages 2,000 evaluations (message and notice), which stalled the page for
//! seconds; now events wait at most [`BATCH_WINDOW`] and travel together, so a flood costs a
//! few dozen evaluations a second and the UI renders each batch once.

use std::time::Duration;

use parley_core::{
    EngineEvent,
    notify::{Notice, NoticeView},
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast::{Receiver, error::RecvError};
use tokio::time::Instant;

use crate::hardening::MAIN_WINDOW;

/// Tauri event carrying a batch (array) of `EngineEvent`s.
pub const ENGINE_EVENTS: &str = "engine-events";
/// Tauri event carrying a batch (array) of new or updated centre entries.
pub const NOTICES_EVENT: &str = "notices";
/// Tauri event asking the UI to reload the whole centre (the forwarder fell behind).
pub const NOTICES_RELOAD_EVENT: &str = "notices-reload";

/// Longest an event waits for company before it is sent.
const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// Largest batch: sent at once when reached.
const MAX_BATCH: usize = 256;

/// Forwards until the engine's streams close.
pub async fn run<R: Runtime>(
    app: AppHandle<R>,
    mut events: Receiver<EngineEvent>,
    mut notices: Receiver<Notice>,
) {
    let mut batch = Batch::default();
    loop {
        let deadline = batch.due.unwrap_or_else(|| Instant::now() + Duration::from_hours(1));
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => batch.push_event(event),
                Err(RecvError::Lagged(skipped)) => {
                    tracing::warn!(skipped, "UI fell behind the engine; asking it to reload");
                    batch.push_event(EngineEvent::RoomsChanged);
                }
                Err(RecvError::Closed) => break,
            },
            notice = notices.recv() => match notice {
                Ok(notice) => batch.push_notice(NoticeView::from(notice)),
                Err(RecvError::Lagged(_)) => batch.reload_notices = true,
                Err(RecvError::Closed) => break,
            },
            () = tokio::time::sleep_until(deadline), if batch.due.is_some() => batch.send(&app),
        }
        if batch.len() >= MAX_BATCH {
            batch.send(&app);
        }
    }
    batch.send(&app);
}

#[derive(Default)]
struct Batch {
    events: Vec<EngineEvent>,
    notices: Vec<NoticeView>,
    reload_notices: bool,
    /// When the oldest waiting item must go.
    due: Option<Instant>,
}

impl Batch {
    fn len(&self) -> usize {
        self.events.len() + self.notices.len()
    }

    fn push_event(&mut self, event: EngineEvent) {
        self.events.push(event);
        self.due.get_or_insert_with(|| Instant::now() + BATCH_WINDOW);
    }

    fn push_notice(&mut self, notice: NoticeView) {
        self.notices.push(notice);
        self.due.get_or_insert_with(|| Instant::now() + BATCH_WINDOW);
    }

    fn send<R: Runtime>(&mut self, app: &AppHandle<R>) {
        if !self.events.is_empty() {
            emit(app, ENGINE_EVENTS, &std::mem::take(&mut self.events));
        }
        let centre_changed = !self.notices.is_empty() || self.reload_notices;
        if !self.notices.is_empty() {
            emit(app, NOTICES_EVENT, &std::mem::take(&mut self.notices));
        }
        if std::mem::take(&mut self.reload_notices) {
            emit(app, NOTICES_RELOAD_EVENT, &());
        }
        if centre_changed {
            crate::tray::refresh(app);
        }
        self.due = None;
    }
}

/// Sends `payload` as event `name` to the main window; a failure is logged, never raised.
pub(crate) fn emit<R: Runtime, T: Serialize + Clone>(app: &AppHandle<R>, name: &str, payload: &T) {
    if let Err(err) = app.emit_to(MAIN_WINDOW, name, payload) {
        tracing::warn!(%err, event = name, "could not deliver events to the UI");
    }
}
