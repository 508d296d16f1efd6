//! The one error shape that crosses to the UI.

use serde::Serialize;

/// `{ code, message }`: the UI branches on `code` and shows `message` as is.
///
/// `message` is one plain sentence for a person; it never carries tokens, keys,
/// passwords or message bodies (core's `CoreError` guarantees that for its errors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct UiError {
    /// Stable machine-readable code, e.g. `not_logged_in` or one of `CoreError::code()`.
    pub code: String,
    /// User-facing sentence.
    pub message: String,
}

impl UiError {
    /// Builds an error raised by the desktop shell itself.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.to_owned(), message: message.into() }
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
        Self::invalid_input(invalid.0)
    }
}

impl From<parley_core::CoreError> for UiError {
    fn from(err: parley_core::CoreError) -> Self {
        Self { code: err.code().to_owned(), message: err.to_string() }
    }
}
