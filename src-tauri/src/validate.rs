//! The checks every command argument from the webview passes before it reaches the engine.
//!
//! The webview is untrusted (DESIGN.md §3), so each id, text and index it sends is checked
//! for shape and size here; the engine then parses ids properly. This module depends on
//! `std` only, so the IPC fuzz target (`fuzz/fuzz_targets/ipc_args.rs`) compiles this very
//! file without Tauri. A failed check is an [`Invalid`] carrying the one sentence the
//! person sees; the commands turn it into `UiError` (`invalid_input`).

use std::fmt;

/// Longest message body accepted from the UI, in bytes (Matrix events are at most 64 KiB).
pub const MAX_BODY_BYTES: usize = 32 * 1024;
/// Longest event id accepted from the UI, in bytes (the Matrix spec's limit).
pub const MAX_EVENT_ID_BYTES: usize = 255;
/// Longest room id accepted from the UI, in bytes (the Matrix spec's limit).
pub const MAX_ROOM_ID_BYTES: usize = 255;
/// Longest user id accepted from the UI, in bytes (the Matrix spec's limit).
pub const MAX_USER_ID_BYTES: usize = 255;
/// Longest reaction key accepted (an emoji sequence, or a short word).
pub const MAX_REACTION_BYTES: usize = 64;
/// Longest deletion reason accepted.
pub const MAX_REASON_BYTES: usize = 512;
/// Longest report reason accepted, in bytes (the engine also counts its 1000 characters).
pub const MAX_REPORT_REASON_BYTES: usize = 4000;
/// Longest transaction id accepted (matrix-sdk makes them about 30 characters).
pub const MAX_TRANSACTION_ID_BYTES: usize = 255;
/// Longest flow id accepted from the UI (matrix-sdk's are event ids or short random strings).
pub const MAX_FLOW_ID_BYTES: usize = 255;
/// No message carries more links than this (`parley_guard::link::MAX_LINKS_PER_MESSAGE`).
pub const MAX_LINK_INDEX: usize = 1024;
/// Most ids one `notices_mark_read` call takes.
pub const MAX_NOTICE_IDS: usize = 10_000;
/// Longest room name or topic accepted from the UI, in bytes (the engine counts characters).
pub const MAX_ROOM_TEXT_BYTES: usize = 4096;
/// Most people one new room invites.
pub const MAX_INVITES: usize = 50;
/// Longest recovery key (or passphrase) accepted from the UI, in bytes.
pub const MAX_RECOVERY_KEY_BYTES: usize = 1024;

/// An argument that failed its check: a stable code (the UI words it in its language) and
/// the plain English sentence shown to the person. Neither repeats the argument itself
/// (which may be a secret or a message body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    /// Which check failed, e.g. `invalid_room`.
    pub code: &'static str,
    /// The sentence for the person.
    pub sentence: &'static str,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.sentence)
    }
}

impl std::error::Error for Invalid {}

fn check(ok: bool, code: &'static str, sentence: &'static str) -> Result<(), Invalid> {
    if ok { Ok(()) } else { Err(Invalid { code, sentence }) }
}

/// A room id: the `!` sigil, a sane length, no control characters.
pub fn room_id(room_id: &str) -> Result<(), Invalid> {
    // Room version 12 ids carry no server name, so only the sigil is checked here;
    // the engine parses the id properly.
    let ok = room_id.len() > 1
        && room_id.len() <= MAX_ROOM_ID_BYTES
        && room_id.starts_with('!')
        && !room_id.chars().any(char::is_control);
    check(ok, "invalid_room", "That is not a valid room.")
}

/// Whether `event_id` looks like an event id: the sigil, a sane length, no control
/// characters (the engine parses it properly).
pub fn is_event_id(event_id: &str) -> bool {
    event_id.len() > 1
        && event_id.len() <= MAX_EVENT_ID_BYTES
        && event_id.starts_with('$')
        && !event_id.chars().any(char::is_control)
}

/// The message a reply, edit, reaction or deletion is about.
pub fn event_id(event_id: &str) -> Result<(), Invalid> {
    check(is_event_id(event_id), "invalid_message", "That is not a valid message.")
}

/// A message body to send: not blank, not longer than [`MAX_BODY_BYTES`].
pub fn body(body: &str) -> Result<(), Invalid> {
    check(!body.trim().is_empty(), "empty_message", "The message is empty.")?;
    body_length(body)
}

/// A draft to scan or send is no longer than [`MAX_BODY_BYTES`].
pub fn body_length(body: &str) -> Result<(), Invalid> {
    check(body.len() <= MAX_BODY_BYTES, "message_too_long", "The message is too long to send.")
}

/// The checks shared by replies and edits: a room, a message in it, and a sendable text.
pub fn text_on(room: &str, event: &str, text: &str) -> Result<(), Invalid> {
    room_id(room)?;
    event_id(event)?;
    body(text)
}

/// A reaction key: not blank, short, no control characters.
pub fn reaction(key: &str) -> Result<(), Invalid> {
    let ok = !key.trim().is_empty() && key.len() <= MAX_REACTION_BYTES && !key.chars().any(char::is_control);
    check(ok, "invalid_reaction", "That reaction cannot be sent.")
}

/// The optional reason given for deleting a message.
pub fn redaction_reason(reason: Option<&str>) -> Result<(), Invalid> {
    check(reason.is_none_or(|r| r.len() <= MAX_REASON_BYTES), "reason_too_long", "The reason is too long.")
}

/// The optional reason given for reporting a message or a room.
pub fn report_reason(reason: Option<&str>) -> Result<(), Invalid> {
    let ok = reason.is_none_or(|r| {
        r.len() <= MAX_REPORT_REASON_BYTES && !r.chars().any(|c| c.is_control() && c != '\n')
    });
    check(ok, "invalid_report_reason", "The reason is too long or holds characters that cannot be sent.")
}

/// A waiting message's transaction id.
pub fn transaction_id(transaction_id: &str) -> Result<(), Invalid> {
    let ok = !transaction_id.is_empty()
        && transaction_id.len() <= MAX_TRANSACTION_ID_BYTES
        && !transaction_id.chars().any(char::is_control);
    check(ok, "unknown_unsent", "That message is no longer waiting to be sent.")
}

/// A file offer: its room and its event.
pub fn offer(room: &str, event: &str) -> Result<(), Invalid> {
    room_id(room)?;
    check(is_event_id(event), "invalid_file_offer", "That is not a valid file offer.")
}

/// A link: its room, its event and its index in the message.
pub fn link(room: &str, event: &str, index: usize) -> Result<(), Invalid> {
    room_id(room)?;
    check(is_event_id(event) && index < MAX_LINK_INDEX, "invalid_link", "That is not a valid link.")
}

/// A full user id whose identity change is accepted: `@`, a `:` before the server name.
pub fn user_id(user_id: &str) -> Result<(), Invalid> {
    let ok = user_id.len() > 1
        && user_id.len() <= MAX_USER_ID_BYTES
        && user_id.starts_with('@')
        && user_id.contains(':')
        && !user_id.chars().any(char::is_control);
    check(ok, "invalid_user", "That is not a valid user.")
}

/// A name (a room's, or the person's display name) or a room's topic, before the engine
/// checks its characters and length.
pub fn room_text(text: &str) -> Result<(), Invalid> {
    check(text.len() <= MAX_ROOM_TEXT_BYTES, "room_text_too_long", "That is too long for a name or a topic.")
}

/// The people a new room invites.
pub fn invitees(users: &[String]) -> Result<(), Invalid> {
    check(users.len() <= MAX_INVITES, "too_many_invites", "That is too many people to invite at once.")?;
    users.iter().try_for_each(|user| user_id(user))
}

/// The user to verify or whose devices to list (the engine parses it properly).
pub fn user_to_verify(user_id: &str) -> Result<(), Invalid> {
    let ok = user_id.starts_with('@')
        && user_id.len() <= MAX_USER_ID_BYTES
        && !user_id.chars().any(char::is_control);
    check(ok, "invalid_user", "That is not a valid user.")
}

/// A verification flow id.
pub fn flow_id(flow_id: &str) -> Result<(), Invalid> {
    let ok =
        !flow_id.is_empty() && flow_id.len() <= MAX_FLOW_ID_BYTES && !flow_id.chars().any(char::is_control);
    check(ok, "invalid_verification", "That is not a verification in progress.")
}

/// The notification ids to mark read (`None`: all of them).
pub fn notice_ids(ids: Option<&[u64]>) -> Result<(), Invalid> {
    check(
        ids.is_none_or(|ids| ids.len() <= MAX_NOTICE_IDS),
        "too_many_notices",
        "Too many notifications at once.",
    )
}

/// The sign-in form: each field filled in (the server and user name count once trimmed).
pub fn login(homeserver: &str, user: &str, password: &str) -> Result<(), Invalid> {
    let ok = !homeserver.trim().is_empty() && !user.trim().is_empty() && !password.is_empty();
    check(ok, "login_incomplete", "Enter the server address, your user name and your password.")
}

/// A homeserver address as typed.
pub fn homeserver(homeserver: &str) -> Result<(), Invalid> {
    let ok = !homeserver.trim().is_empty()
        && homeserver.len() <= 2048
        && !homeserver.chars().any(char::is_control);
    check(ok, "homeserver_missing", "Enter the server address.")
}

/// An identity provider id as the homeserver listed it.
pub fn identity_provider(id: &str) -> Result<(), Invalid> {
    let ok = !id.is_empty() && id.len() <= 255 && !id.chars().any(|c| c.is_control() || c.is_whitespace());
    check(ok, "invalid_identity_provider", "Choose one of the sign-in services the homeserver lists.")
}

/// A recovery key (or passphrase) as typed or pasted.
pub fn recovery_key(key: &str) -> Result<(), Invalid> {
    let ok = !key.trim().is_empty() && key.len() <= MAX_RECOVERY_KEY_BYTES;
    check(ok, "recovery_key_missing", "Enter the recovery key you saved when you set up recovery.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_ids() {
        for (id, ok) in [
            ("!abc:example.org", true),
            ("!abc:127.0.0.1:8008", true),
            ("", false),
            ("#alias:example.org", false),
            ("!v12StyleIdWithoutServer", true),
            ("!", false),
            ("!a\n:example.org", false),
        ] {
            assert_eq!(room_id(id).is_ok(), ok, "{id:?}");
        }
        let long = format!("!{}:example.org", "a".repeat(300));
        assert!(room_id(&long).is_err());
    }

    #[test]
    fn user_ids() {
        for (id, ok) in [
            ("@bob:example.org", true),
            ("bob", false),
            ("@", false),
            ("@bob\n:example.org", false),
            ("!room:example.org", false),
        ] {
            assert_eq!(user_id(id).is_ok(), ok, "{id:?}");
        }
        assert!(user_id(&format!("@{}:example.org", "a".repeat(300))).is_err());
    }

    #[test]
    fn link_arguments() {
        assert!(link("!r:example.org", "$e", 0).is_ok());
        assert!(link("!r:example.org", "e", 0).is_err());
        assert!(link("!r:example.org", "$e\n", 0).is_err());
        assert!(link("!r:example.org", "$e", MAX_LINK_INDEX).is_err());
        assert!(link("r", "$e", 0).is_err());
    }

    #[test]
    fn sentences_name_the_failed_check() {
        let sentence = |result: Result<(), Invalid>| result.map_err(|e| e.sentence);
        assert_eq!(sentence(room_id("r")), Err("That is not a valid room."));
        assert_eq!(sentence(text_on("!r", "e", "hi")), Err("That is not a valid message."));
        assert_eq!(sentence(text_on("!r", "$e", " ")), Err("The message is empty."));
        assert_eq!(sentence(body(&"a".repeat(MAX_BODY_BYTES + 1))), Err("The message is too long to send."));
        assert_eq!(sentence(offer("!r", "e")), Err("That is not a valid file offer."));
        assert_eq!(
            sentence(login(" ", "bob", "pw")),
            Err("Enter the server address, your user name and your password.")
        );
        assert_eq!(
            sentence(redaction_reason(Some(&"a".repeat(MAX_REASON_BYTES + 1)))),
            Err("The reason is too long.")
        );
    }
}
