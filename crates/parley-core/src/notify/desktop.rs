//! Pop-ups through the operating system's notification service (`notify-rust`: the
//! freedesktop notification daemon on Linux, Notification Center on macOS, toasts on
//! Windows).

use std::sync::Arc;

use super::{PopupSink, PopupText};

/// Called with the room and event of a pop-up the person clicked.
pub type ClickHandler = Arc<dyn Fn(Option<String>, Option<String>) + Send + Sync>;

/// Shows pop-ups on the desktop; clicking one calls `on_click` (where the platform reports
/// clicks: Linux and the BSDs).
#[derive(Clone, Default)]
pub struct DesktopPopups {
    on_click: Option<ClickHandler>,
}

impl DesktopPopups {
    /// Pop-ups whose clicks go to `on_click`.
    pub fn with_click_handler(on_click: ClickHandler) -> Self {
        Self { on_click: Some(on_click) }
    }
}

impl PopupSink for DesktopPopups {
    fn show(&self, popup: PopupText) {
        let on_click = self.on_click.clone();
        // The notification service is a blocking D-Bus (or OS) call, and waiting for a
        // click blocks until the pop-up closes: one short-lived thread per pop-up, of
        // which coalescing allows only a handful at a time.
        let spawned = std::thread::Builder::new().name("parley-popup".into()).spawn(move || {
            let mut notification = notify_rust::Notification::new();
            notification.appname("Parley").summary(&popup.summary).body(&popup.body);
            if on_click.is_some() {
                notification.action("default", "Open");
            }
            match notification.show() {
                Ok(handle) => wait_for_click(handle, &popup, on_click),
                Err(err) => tracing::warn!(%err, "the desktop notification could not be shown"),
            }
        });
        if let Err(err) = spawned {
            tracing::warn!(%err, "no thread for a desktop notification");
        }
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn wait_for_click(
    handle: notify_rust::NotificationHandle,
    popup: &PopupText,
    on_click: Option<ClickHandler>,
) {
    let Some(on_click) = on_click else { return };
    handle.wait_for_action(|action| {
        if action == "default" {
            on_click(popup.room_id.clone(), popup.event_id.clone());
        }
    });
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn wait_for_click(
    _handle: notify_rust::NotificationHandle,
    _popup: &PopupText,
    _on_click: Option<ClickHandler>,
) {
    // macOS and Windows bring the app forward themselves when a notification is clicked.
}
