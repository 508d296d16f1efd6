//! The one error shape that crosses to the UI.

use std::collections::BTreeMap;

use parley_core::ErrorArg;
use serde::Serialize;

/// `{ code, message, args }`: the UI branches on `code` and shows the sentence for `code`
/// in its language, filled in from `args`, or `message` (English) when it has none.
///
/// `message` is one plain sentence for a person; it never carries tokens, keys,
/// passwords or message bodies (core's `CoreError` guarantees that for its errors), and
/// `args` holds only values `message` already shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct UiError {
    /// Stable machine-readable code, e.g. `not_logged_in` or one of `CoreError::code()`.
    pub code: String,
    /// User-facing sentence.
    pub message: String,
    /// The values in `message`, by name (`CoreError::args`); absent when there are none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, ErrorArg>,
}

impl UiError {
    /// Builds an error raised by the desktop shell itself.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into(), args: BTreeMap::new() }
    }

    /// No account is signed in (or the session was signed out meanwhile).
    pub fn not_logged_in() -> Self {
        Self::new("not_logged_in", "You are not signed in.")
    }

    /// A command argument failed validation before reaching the engine.
    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new("invalid_input", message)
    }
}

impl From<crate::validate::Invalid> for UiError {
    fn from(invalid: crate::validate::Invalid) -> Self {
        Self::new(invalid.code, invalid.sentence)
    }
}

impl From<parley_core::CoreError> for UiError {
    fn from(err: parley_core::CoreError) -> Self {
        let args = err.args().into_iter().map(|(name, value)| (name.to_owned(), value)).collect();
        Self { code: err.code().to_owned(), message: err.to_string(), args }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use parley_core::CoreError;

    use super::*;
    use crate::validate;

    /// Each refusal of a command argument, as `validate` makes it.
    fn refused_arguments() -> Vec<UiError> {
        let long = "a".repeat(validate::MAX_BODY_BYTES + 1);
        let invalid = [
            validate::room_id("r"),
            validate::event_id("e"),
            validate::body(" "),
            validate::body_length(&long),
            validate::reaction(""),
            validate::redaction_reason(Some(&long)),
            validate::report_reason(Some("\u{7}")),
            validate::transaction_id(""),
            validate::offer("!r", "e"),
            validate::link("!r", "e", 0),
            validate::user_id("bob"),
            validate::room_text(&long),
            validate::invitees(&vec!["@a:b".to_owned(); validate::MAX_INVITES + 1]),
            validate::flow_id(""),
            validate::notice_ids(Some(&vec![0; validate::MAX_NOTICE_IDS + 1])),
            validate::login("", "", ""),
            validate::homeserver(""),
            validate::identity_provider(""),
            validate::recovery_key(""),
        ];
        invalid.into_iter().map(|result| UiError::from(result.expect_err("each sample is refused"))).collect()
    }

    /// One of each engine error (variants with words that differ by case, once per wording).
    fn engine_errors() -> Vec<CoreError> {
        let text = |s: &str| s.to_owned();
        vec![
            CoreError::KeyringUnavailable { detail: text("no secret service") },
            CoreError::StoreKeyMissing,
            CoreError::PassphraseRequired,
            CoreError::StoreLocked,
            CoreError::ProfileInUse,
            CoreError::WrongCredentials,
            CoreError::HomeserverUnreachable { url: text("https://matrix.example.org/") },
            CoreError::NotMatrix { url: text("https://example.org/") },
            CoreError::InvalidHomeserver { input: text("ht!tp") },
            CoreError::InvalidId { kind: "user ID", input: text("bob") },
            CoreError::InvalidId { kind: "room ID", input: text("room") },
            CoreError::InvalidId { kind: "event ID", input: text("event") },
            CoreError::NotLoggedIn,
            CoreError::SignedOut,
            CoreError::AlreadyLoggedIn { user_id: text("@alice:example.org") },
            CoreError::Profile {
                path: PathBuf::from("/home/alice/.parley"),
                detail: text("permission denied"),
            },
            CoreError::UnknownRoom { room_id: text("!abc:example.org") },
            CoreError::UnencryptedRoom,
            CoreError::SensitiveDataBlocked {
                kinds: text("a payment card number"),
                kind_ids: vec![text("payment_card")],
            },
            CoreError::SensitiveDataUnconfirmed {
                kinds: text(
                    "a payment card number, a bank account number (IBAN) and data your organisation protects (project-x)",
                ),
                kind_ids: vec![text("payment_card"), text("iban"), text("custom:project-x")],
            },
            CoreError::IdentityChanged { users: vec![] },
            CoreError::IdentityChanged { users: vec![text("@bob:example.org")] },
            CoreError::IdentityChanged {
                users: vec![text("@bob:example.org"), text("@carol:example.org"), text("@dave:example.org")],
            },
            CoreError::UnknownIdentity { user_id: text("@bob:example.org") },
            CoreError::Server { detail: text("M_FORBIDDEN") },
            CoreError::SendFailed { detail: text("the connection was reset") },
            CoreError::UnknownMessage { event_id: text("$event") },
            CoreError::NotEditable,
            CoreError::UnknownUnsent,
            CoreError::Unsent { count: 1 },
            CoreError::Unsent { count: 3 },
            CoreError::Timeout,
            CoreError::UnknownLink,
            CoreError::MatrixLink(parley_core::matrix_link::MatrixLinkError::NotMatrix),
            CoreError::MatrixLink(parley_core::matrix_link::MatrixLinkError::TooLong),
            CoreError::MatrixLink(parley_core::matrix_link::MatrixLinkError::Malformed),
            CoreError::NotInRoom { name: text("#team:example.org") },
            CoreError::NoConversation { user_id: text("@bob:example.org") },
            CoreError::LinkBlocked { reason: text("Links of this kind are blocked by your organisation.") },
            CoreError::LinkNotAcknowledged,
            CoreError::NotAFile,
            CoreError::UnknownFile,
            CoreError::FileTooLarge { limit_mb: 100 },
            CoreError::NoDownloadFolder,
            CoreError::FileDownload { detail: text("The file could not be downloaded.") },
            CoreError::FileQuarantined,
            CoreError::FileUnreadable { detail: text("No such file or directory (os error 2)") },
            CoreError::UnknownVerification,
            CoreError::VerificationNotReady,
            CoreError::WrongRecoveryKey,
            CoreError::EmptyInput { what: text("room name") },
            CoreError::BelowNotificationFloor { floor: text("mentions") },
            CoreError::BelowNotificationFloor { floor: text("all") },
            CoreError::ExternalConfirmationNeeded { servers: text("other.example, partner.example") },
            CoreError::NotInvited { room_id: text("!abc:example.org") },
            CoreError::CannotIgnoreSelf,
            CoreError::HiddenCharacters { what: "room name" },
            CoreError::HiddenCharacters { what: "room topic" },
            CoreError::HiddenCharacters { what: "display name" },
            CoreError::TooLong { what: "room name", limit: 255 },
            CoreError::TooLong { what: "room topic", limit: 1000 },
            CoreError::TooLong { what: "display name", limit: 255 },
            CoreError::TooLong { what: "invitation list", limit: 50 },
            CoreError::TooLong { what: "report reason", limit: 1000 },
            CoreError::HomeserverNotAllowed {
                input: text("https://other.example"),
                allowed: text("https://matrix.example.org"),
            },
            CoreError::LoginMethodNotAllowed {
                method: "with a password",
                allowed: text("with single sign-on"),
            },
            CoreError::LoginMethodUnavailable { method: "with single sign-on" },
            CoreError::LoginMethodUnavailable { method: "with OAuth 2.0" },
            CoreError::SignInTimedOut { minutes: 5 },
            CoreError::SignInCancelled,
            CoreError::SignInFailed { reason: text("the browser sent no answer") },
            CoreError::Internal { detail: text("the sync task stopped") },
        ]
    }

    /// One of each error the UI can be sent, built the way the app builds them.
    fn samples() -> Vec<UiError> {
        let shell = [
            UiError::not_logged_in(),
            UiError::new("updates_off", "Your organisation turned Parley's updates off."),
        ];
        refused_arguments()
            .into_iter()
            .chain(engine_errors().into_iter().map(UiError::from))
            .chain(shell)
            .collect()
    }

    /// The UI's English catalogue (`ui/src/locales/en/errors.ftl`) must say what Rust says:
    /// `ui/src/lib/i18n/rust-errors.json` holds each sample's code, args and sentence, and a
    /// vitest test formats the catalogue with them. Rewrite it with `PARLEY_WRITE_FIXTURES=1`.
    #[test]
    fn ui_catalogue_fixture_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/i18n/rust-errors.json");
        let json = serde_json::to_string_pretty(&samples()).expect("serialisable") + "\n";
        if std::env::var_os("PARLEY_WRITE_FIXTURES").is_some() {
            std::fs::write(path, &json).expect("fixture written");
        }
        let stored = std::fs::read_to_string(path).unwrap_or_default();
        assert!(stored == json, "{path} is out of date: run this test with PARLEY_WRITE_FIXTURES=1");
    }

    #[test]
    fn args_hold_what_the_sentence_shows() {
        let err = UiError::from(CoreError::TooLong { what: "room name", limit: 255 });
        assert_eq!(err.message, "The room name is too long: at most 255 characters.");
        assert_eq!(err.args.get("what"), Some(&ErrorArg::Text("room_name".to_owned())));
        assert_eq!(err.args.get("limit"), Some(&ErrorArg::Number(255)));
        let json = serde_json::to_value(UiError::from(CoreError::WrongCredentials)).expect("json");
        assert_eq!(
            json,
            serde_json::json!({ "code": "wrong_credentials", "message": "The user name or password is wrong." })
        );
        assert_eq!(UiError::from(validate::room_id("r").expect_err("refused")).code, "invalid_room");
    }
}
