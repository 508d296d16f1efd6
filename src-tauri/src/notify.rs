//! Desktop notifications for engine events (the first slice of the notifier: missed calls).
//!
//! Parley never answers calls, and offers none while `AllowCalls` is off, so every call
//! invite becomes a "Missed call" notification. `NotificationContent` decides what leaves
//! the app: `hidden` names nobody; `sender` and `full` name the caller. The caller's name
//! is chosen by a stranger, so it is stripped of markup and invisible characters before
//! the notification daemon sees it.

use parley_core::{EngineEvent, Policy};
use parley_policy::NotificationContent;

/// Longest caller name shown, in characters.
const MAX_NAME: usize = 64;

/// Shows the desktop notification an engine event calls for, if any. Never blocks.
pub fn on_event(event: &EngineEvent, policy: &Policy) {
    if let Some((summary, body)) = notification_for(event, policy.notification_content) {
        std::thread::spawn(move || {
            let shown =
                notify_rust::Notification::new().appname("Parley").summary(&summary).body(&body).show();
            if let Err(err) = shown {
                tracing::warn!(%err, "the desktop notification could not be shown");
            }
        });
    }
}

/// The notification (summary, body) for an event under `content`, or `None`.
fn notification_for(event: &EngineEvent, content: NotificationContent) -> Option<(String, String)> {
    match event {
        EngineEvent::CallInvite { caller_name, .. } => Some((
            "Missed call".to_owned(),
            match content {
                NotificationContent::Hidden => "Someone called you. Parley does not take calls.".to_owned(),
                _ => format!("{} called you. Parley does not take calls.", plain(caller_name)),
            },
        )),
        _ => None,
    }
}

/// `name` without markup, control, bidi or zero-width characters, and shortened.
fn plain(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | '&' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'))
        .take(MAX_NAME)
        .collect();
    if cleaned.trim().is_empty() { "Someone".to_owned() } else { cleaned }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str) -> EngineEvent {
        EngineEvent::CallInvite {
            room_id: "!r:example.org".into(),
            event_id: "$e".into(),
            caller: "@bob:example.org".into(),
            caller_name: name.into(),
        }
    }

    #[test]
    fn missed_calls_respect_notification_content() {
        let (summary, body) =
            notification_for(&call("Bob"), NotificationContent::Sender).expect("a notification");
        assert_eq!(
            (summary.as_str(), body.as_str()),
            ("Missed call", "Bob called you. Parley does not take calls.")
        );
        let (_, hidden) =
            notification_for(&call("Bob"), NotificationContent::Hidden).expect("a notification");
        assert!(!hidden.contains("Bob"));
        assert!(notification_for(&EngineEvent::RoomsChanged, NotificationContent::Full).is_none());
    }

    #[test]
    fn caller_names_cannot_inject_markup() {
        let (_, body) = notification_for(&call("<b>Bob</b>\u{202E}x"), NotificationContent::Full)
            .expect("a notification");
        assert_eq!(body, "bBob/bx called you. Parley does not take calls.");
        let (_, body) =
            notification_for(&call("\u{200B}"), NotificationContent::Full).expect("a notification");
        assert!(body.starts_with("Someone called you"));
    }
}
