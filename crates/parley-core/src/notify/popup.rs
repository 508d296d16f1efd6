//! The words of a desktop pop-up under `NotificationContent`.
//!
//! `sender` (the default) names who and where, never what: "New message from Alice in
//! Project X". `hidden` names nobody: "New message". `full` adds the message text.
//! Names are chosen by other people, so they are stripped of markup (notification
//! daemons render a subset of HTML) and of invisible and direction-changing characters.

use parley_policy::NotificationContent;

use super::{
    burst::Pop,
    notice::{Notice, NoticeKind},
};

/// Longest name shown, in characters.
const MAX_NAME: usize = 64;
/// Longest message text shown with `full`, in characters.
const MAX_BODY: usize = 200;

/// A pop-up ready for the desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopupText {
    /// The first line.
    pub summary: String,
    /// The rest (may be empty).
    pub body: String,
    /// The room to open when it is clicked.
    pub room_id: Option<String>,
    /// The event to show when it is clicked.
    pub event_id: Option<String>,
}

/// `text` without markup, control, bidi or zero-width characters, shortened to `max`.
fn clean(text: &str, max: usize) -> String {
    text.chars()
        .filter(|&c| {
            !c.is_control() && !matches!(c, '<' | '>' | '&') && !parley_guard::chars::is_invisible(c)
        })
        .take(max)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A name as it may appear in a pop-up or the centre.
pub fn plain(name: &str) -> String {
    clean(name, MAX_NAME)
}

/// The words for `pop` under `content`.
pub fn text(pop: &Pop, content: NotificationContent) -> PopupText {
    match pop {
        Pop::One(notice) => one(notice, content),
        Pop::Burst { room_id, room_name, count, kind, newest } => {
            let what = match kind {
                Some(NoticeKind::Message) => "new messages",
                Some(NoticeKind::Call) => "missed calls",
                Some(NoticeKind::Reaction) => "reactions to your messages",
                Some(NoticeKind::FileOffer) => "files offered",
                _ => "new notifications",
            };
            let place = match (content, room_name.as_deref().or(room_id.as_deref())) {
                (NotificationContent::Hidden, _) | (_, None) => String::new(),
                (_, Some(room)) => format!(" in {}", plain(room)),
            };
            PopupText {
                summary: format!("{count} {what}{place}"),
                body: String::new(),
                room_id: room_id.clone(),
                event_id: room_id.as_ref().and(newest.event_id.clone()),
            }
        }
    }
}

pub(super) fn one(n: &Notice, content: NotificationContent) -> PopupText {
    let hidden = content == NotificationContent::Hidden;
    let who = [n.sender_name.as_deref(), n.sender.as_deref()]
        .into_iter()
        .flatten()
        .map(plain)
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "Someone".to_owned());
    let room = n.room_name.clone().or_else(|| n.room_id.clone()).map(|r| plain(&r)).unwrap_or_default();
    let in_room = if room.is_empty() { String::new() } else { format!(" in {room}") };
    let detail = n.detail.as_deref().map(plain).unwrap_or_default();
    let (generic, named, mut body) = match n.kind {
        NoticeKind::Message => ("New message", format!("New message from {who}{in_room}"), String::new()),
        NoticeKind::Mention => ("You were mentioned", format!("{who} mentioned you{in_room}"), String::new()),
        NoticeKind::Reply => ("New reply", format!("{who} replied to you{in_room}"), String::new()),
        NoticeKind::Reaction => {
            ("New reaction", format!("{who} reacted to your message{in_room}"), String::new())
        }
        NoticeKind::Invite if n.detail.as_deref() == Some("from_unknown") => (
            "New request",
            format!("{who} (someone you don't know) invited you to {room}"),
            "It waits in Requests until you accept it.".to_owned(),
        ),
        NoticeKind::Invite => ("New invitation", format!("{who} invited you to {room}"), String::new()),
        NoticeKind::FileOffer => (
            "A file was offered",
            format!("{who} offered a file{in_room}"),
            "Nothing is downloaded until you accept it in Parley.".to_owned(),
        ),
        NoticeKind::Call => (
            "Missed call",
            format!("Missed call from {who}{in_room}"),
            "Parley does not take calls.".to_owned(),
        ),
        NoticeKind::VerificationRequest => (
            "Verification request",
            format!("{who} wants to verify with you"),
            "Open Parley to compare emoji.".to_owned(),
        ),
        NoticeKind::NewSignIn => (
            "New sign-in to your account",
            format!("New sign-in to your account ({detail})"),
            "If this was not you, change your password and sign that device out.".to_owned(),
        ),
        NoticeKind::IdentityChange => (
            "A contact's identity changed",
            format!("{who}'s identity changed"),
            "Sending to them is paused until you check it in Parley.".to_owned(),
        ),
        NoticeKind::Membership => {
            ("A direct chat changed", format!("{who} {}{in_room}", membership_phrase(&detail)), String::new())
        }
        NoticeKind::EncryptionChange => (
            "Encryption settings changed",
            format!("{who} changed the encryption settings{in_room}"),
            String::new(),
        ),
        NoticeKind::PolicyChange => (
            "Your organisation changed Parley's settings",
            "Your organisation changed Parley's settings".to_owned(),
            String::new(),
        ),
        NoticeKind::FileChecked => {
            let summary = if detail == "released" {
                "A file you accepted passed its checks"
            } else {
                "A file you accepted was kept in quarantine"
            };
            (summary, summary.to_owned(), String::new())
        }
        NoticeKind::SendFailed => (
            "A message could not be sent",
            format!("A message could not be sent{in_room}"),
            "Open Parley to retry or cancel it.".to_owned(),
        ),
    };
    if content == NotificationContent::Full
        && let Some(text) = n.body.as_deref().map(|b| clean(b, MAX_BODY)).filter(|b| !b.is_empty())
    {
        body = text;
    }
    PopupText {
        summary: if hidden { generic.to_owned() } else { named },
        body,
        room_id: n.room_id.clone(),
        event_id: n.event_id.clone(),
    }
}

fn membership_phrase(change: &str) -> &'static str {
    match change {
        "joined" => "joined",
        "left" => "left",
        "invited" => "was invited",
        "removed" => "was removed",
        "banned" => "was banned",
        _ => "changed membership",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EngineEvent;

    fn message(body: &str, name: &str) -> Notice {
        let view = super::super::notice::test_view("$e", name, body);
        let mut n = super::super::notice::classify(&EngineEvent::Message(view), 0).expect("a notice");
        n.room_name = Some("Project X".into());
        n
    }

    #[test]
    fn the_default_names_sender_and_room_but_never_the_text() {
        let n = message("the merger closes friday", "Alice");
        let sender = one(&n, NotificationContent::Sender);
        assert_eq!(sender.summary, "New message from Alice in Project X");
        assert!(!format!("{}{}", sender.summary, sender.body).contains("merger"));
        let hidden = one(&n, NotificationContent::Hidden);
        assert_eq!((hidden.summary.as_str(), hidden.body.as_str()), ("New message", ""));
        let full = one(&n, NotificationContent::Full);
        assert_eq!(full.body, "the merger closes friday");
    }

    #[test]
    fn names_cannot_inject_markup_or_reorder_text() {
        let n = message("x", "<b>Al\u{202E}ice</b>\u{200B}");
        assert_eq!(one(&n, NotificationContent::Sender).summary, "New message from bAlice/b in Project X");
        let n = message("x", "\u{200B}");
        assert!(one(&n, NotificationContent::Sender).summary.starts_with("New message from @alice:x"));
    }

    #[test]
    fn every_kind_has_words_that_name_nobody_when_hidden() {
        let base = message("secret words", "Alice");
        for kind in [
            NoticeKind::Message,
            NoticeKind::Mention,
            NoticeKind::Reply,
            NoticeKind::Reaction,
            NoticeKind::Invite,
            NoticeKind::FileOffer,
            NoticeKind::Call,
            NoticeKind::VerificationRequest,
            NoticeKind::NewSignIn,
            NoticeKind::IdentityChange,
            NoticeKind::Membership,
            NoticeKind::EncryptionChange,
            NoticeKind::PolicyChange,
            NoticeKind::FileChecked,
            NoticeKind::SendFailed,
        ] {
            let n = Notice { kind, ..base.clone() };
            let hidden = one(&n, NotificationContent::Hidden);
            let all = format!("{} {}", hidden.summary, hidden.body);
            assert!(
                !all.contains("Alice") && !all.contains("Project X") && !all.contains("secret"),
                "{kind:?}: {all}"
            );
            let sender = one(&n, NotificationContent::Sender);
            assert!(!format!("{} {}", sender.summary, sender.body).contains("secret"), "{kind:?}");
        }
    }

    #[test]
    fn bursts_count_and_name_the_room() {
        let n = message("x", "Alice");
        let pop = Pop::Burst {
            room_id: n.room_id.clone(),
            room_name: n.room_name.clone(),
            count: 5,
            kind: Some(NoticeKind::Message),
            newest: n,
        };
        assert_eq!(text(&pop, NotificationContent::Sender).summary, "5 new messages in Project X");
        assert_eq!(text(&pop, NotificationContent::Hidden).summary, "5 new messages");
    }
}
