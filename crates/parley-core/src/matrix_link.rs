//! `matrix:` URIs and `https://matrix.to` links, parsed into what they point at.
//!
//! Such links open inside Parley (a room, an event in it, a conversation with a person),
//! never in a browser, and they never join anything. Parsing is strict and pure: a link is
//! either exactly one of the forms below, with valid Matrix identifiers, or it is refused
//! with one plain sentence. Everything ambiguous is refused rather than guessed at:
//!
//! - `matrix:r/alias:server`, `matrix:roomid/id`, `matrix:u/user:server`, each room form
//!   optionally followed by `/e/event` ([the spec's URI scheme]); an authority (`matrix://…`)
//!   is reserved by the spec and refused;
//! - `https://matrix.to/#/#alias:server`, `…/#/!room:server`, `…/#/@user:server`, room forms
//!   optionally followed by `/$event`; the prefix must be exactly that (scheme and host in any
//!   case), so other hosts (`matrix.to.evil.com`), user info (`matrix.to@evil.com`), ports and
//!   paths never match;
//! - a query (`?via=…&action=…`) is allowed; `via` must name valid servers, other keys are
//!   ignored (Parley never joins, so `action=join` changes nothing);
//! - the raw link must be printable ASCII (non-ASCII belongs percent-encoded) and at most
//!   [`MAX_LINK_LEN`] bytes; decoded identifiers must not contain control, bidi or invisible
//!   characters, which could make the plain sentence naming them lie about what they are.
//!
//! [the spec's URI scheme]: https://spec.matrix.org/v1.11/appendices/#matrix-uri-scheme

use matrix_sdk::ruma::{
    EventId, OwnedEventId, OwnedRoomAliasId, OwnedRoomId, OwnedUserId, RoomAliasId, RoomId, ServerName,
    UserId,
};

mod open;

pub use open::OpenTarget;

/// Longest link accepted, in bytes. Identifiers are at most 255 bytes each; this leaves
/// room for percent-encoding and a few `via` servers, and refuses anything absurd early.
pub const MAX_LINK_LEN: usize = 2048;

/// The spec's limit for user IDs, room aliases and other identifiers, in bytes.
const MAX_ID_LEN: usize = 255;
/// The sigils of Matrix identifiers (`+` was groups').
const SIGILS: &str = "@#!$+";

/// What a Matrix link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatrixTarget {
    /// A room named by one of its aliases, and optionally one of its events.
    Alias {
        /// `#alias:server`.
        alias: OwnedRoomAliasId,
        /// `$event`, if the link names one.
        event: Option<OwnedEventId>,
    },
    /// A room named by its ID, and optionally one of its events.
    Room {
        /// `!room:server`.
        room: OwnedRoomId,
        /// `$event`, if the link names one.
        event: Option<OwnedEventId>,
    },
    /// A person.
    User {
        /// `@user:server`.
        user: OwnedUserId,
    },
}

/// Why a link is not one Parley opens inside the app; `Display` is one plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatrixLinkError {
    /// Neither a `matrix:` URI nor an `https://matrix.to/#/` link.
    #[error("This is not a Matrix link.")]
    NotMatrix,
    /// Longer than [`MAX_LINK_LEN`].
    #[error("This Matrix link is too long to be real.")]
    TooLong,
    /// The right prefix, but not a room, event or person Parley can name.
    #[error("This Matrix link does not point to a valid room, message or person.")]
    Malformed,
}

impl MatrixLinkError {
    /// A stable id for the problem (the UI words it in its own language).
    pub fn id(&self) -> &'static str {
        match self {
            Self::NotMatrix => "not_matrix",
            Self::TooLong => "too_long",
            Self::Malformed => "malformed",
        }
    }
}

impl MatrixTarget {
    /// The room or person, as shown to people (`#alias:server`, `!room:server`, `@user:server`).
    pub fn name(&self) -> &str {
        match self {
            Self::Alias { alias, .. } => alias.as_str(),
            Self::Room { room, .. } => room.as_str(),
            Self::User { user } => user.as_str(),
        }
    }
}

/// Parses `input` (surrounding whitespace ignored) as a Matrix link; see the module docs.
pub fn parse(input: &str) -> Result<MatrixTarget, MatrixLinkError> {
    let input = input.trim();
    if input.len() > MAX_LINK_LEN {
        return Err(MatrixLinkError::TooLong);
    }
    let matrix_to = strip_prefix_ignore_case(input, "https://matrix.to/#/");
    let matrix_uri = strip_prefix_ignore_case(input, "matrix:");
    if matrix_to.is_none() && matrix_uri.is_none() {
        return Err(MatrixLinkError::NotMatrix);
    }
    if !input.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(MatrixLinkError::Malformed);
    }
    let parsed = match (matrix_to, matrix_uri) {
        (Some(rest), _) => parse_matrix_to(rest),
        (None, Some(rest)) => parse_matrix_uri(rest),
        (None, None) => None,
    };
    parsed.ok_or(MatrixLinkError::Malformed)
}

/// `rest` after `https://matrix.to/#/`: `id[/event][?query]`, sigils included.
fn parse_matrix_to(rest: &str) -> Option<MatrixTarget> {
    let (path, query) = split_query(rest)?;
    check_query(query)?;
    let segments = path.split('/').map(decode).collect::<Option<Vec<_>>>()?;
    let (id, event) = match segments.as_slice() {
        [id] => (id.as_str(), None),
        [id, event] => (id.as_str(), Some(event_id(event)?)),
        _ => return None,
    };
    match id.chars().next()? {
        '#' => Some(MatrixTarget::Alias { alias: alias_id(id)?, event }),
        '!' => Some(MatrixTarget::Room { room: room_id(id)?, event }),
        '@' if event.is_none() => Some(MatrixTarget::User { user: user_id(id)? }),
        _ => None,
    }
}

/// `rest` after `matrix:`: `kind/id[/e/event][?query][#fragment]`, sigils left out.
fn parse_matrix_uri(rest: &str) -> Option<MatrixTarget> {
    // The fragment is the client's business per the spec; nothing Parley uses.
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (path, query) = split_query(rest)?;
    check_query(query)?;
    let segments: Vec<&str> = path.split('/').collect();
    let (kind, id, event) = match segments.as_slice() {
        [kind, id] => (*kind, decode(id)?, None),
        [kind, id, "e", event] => (*kind, decode(id)?, Some(event_id(&format!("${}", decode(event)?))?)),
        _ => return None,
    };
    match kind {
        "r" => Some(MatrixTarget::Alias { alias: alias_id(&format!("#{id}"))?, event }),
        "roomid" => Some(MatrixTarget::Room { room: room_id(&format!("!{id}"))?, event }),
        "u" if event.is_none() => Some(MatrixTarget::User { user: user_id(&format!("@{id}"))? }),
        _ => None,
    }
}

/// Splits at the first `?`; a second `?` is refused.
fn split_query(rest: &str) -> Option<(&str, Option<&str>)> {
    match rest.split_once('?') {
        Some((_, query)) if query.contains('?') => None,
        Some((path, query)) => Some((path, Some(query))),
        None => Some((rest, None)),
    }
}

/// Every `via` must be a valid server name; other keys are allowed and ignored.
fn check_query(query: Option<&str>) -> Option<()> {
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode(key)? == "via" {
            let server = decode(value)?;
            <&ServerName>::try_from(server.as_str()).ok()?;
        }
    }
    Some(())
}

fn alias_id(text: &str) -> Option<OwnedRoomAliasId> {
    plausible(text).and_then(|t| <&RoomAliasId>::try_from(t).ok()).map(ToOwned::to_owned)
}

fn room_id(text: &str) -> Option<OwnedRoomId> {
    plausible(text).and_then(|t| <&RoomId>::try_from(t).ok()).map(ToOwned::to_owned)
}

fn user_id(text: &str) -> Option<OwnedUserId> {
    plausible(text).and_then(|t| <&UserId>::try_from(t).ok()).map(ToOwned::to_owned)
}

fn event_id(text: &str) -> Option<OwnedEventId> {
    plausible(text).and_then(|t| <&EventId>::try_from(t).ok()).map(ToOwned::to_owned)
}

/// What ruma leaves to the client (it accepts historical IDs): the spec's 255-byte limit, and
/// no second sigil (`matrix:u/@alice:…` and `@@alice:…` are mistakes or tricks, not people).
fn plausible(text: &str) -> Option<&str> {
    let second = text.chars().nth(1)?;
    (text.len() <= MAX_ID_LEN && !SIGILS.contains(second)).then_some(text)
}

/// Strict percent-decoding: a `%` must start a valid escape, the result must be UTF-8 and
/// free of control, bidi and invisible characters. `None` otherwise.
fn decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            // Two hex digits exactly (`from_str_radix` alone would take "+1").
            let hex = tail.get(..2).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            bytes.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    let decoded = String::from_utf8(bytes).ok()?;
    let clean = !decoded.is_empty()
        && !decoded
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || parley_guard::chars::is_invisible(c));
    clean.then_some(decoded)
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests;
