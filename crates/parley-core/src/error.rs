//! The engine's one error type. Its `Display` is a plain sentence for the user;
//! [`CoreError::code`] is a stable identifier for programs (the UI, `parleyctl --json`).

use std::path::PathBuf;

/// Everything that can go wrong in the engine, phrased for the person using it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoreError {
    /// The OS keyring could not be reached or refused access.
    #[error(
        "The system keyring is not available ({detail}). Unlock or start your keyring, \
         or set PARLEY_STORE_PASSPHRASE to protect this profile with a passphrase instead."
    )]
    KeyringUnavailable {
        /// What the keyring backend reported.
        detail: String,
    },
    /// The profile's store key is not in the keyring any more.
    #[error(
        "This profile's storage key is missing from the system keyring, so its encrypted \
         data cannot be opened. Sign out and sign in again."
    )]
    StoreKeyMissing,
    /// The profile was created with a passphrase and none was given.
    #[error("This profile is protected by a passphrase: set PARLEY_STORE_PASSPHRASE to open it.")]
    PassphraseRequired,
    /// The key does not open the store (wrong passphrase, foreign keyring entry, damage).
    #[error(
        "The local encrypted data could not be opened (the key is wrong or the data is damaged), \
         and nothing was deleted: sign out and in again, then use your recovery key to get your \
         message history back."
    )]
    StoreLocked,
    /// Another process (the app or a `parleyctl` command) has this profile open.
    #[error(
        "This profile is open in another Parley window or parleyctl command; close that first, \
         then try again."
    )]
    ProfileInUse,
    /// The homeserver rejected the user name or password.
    #[error("The user name or password is wrong.")]
    WrongCredentials,
    /// Nothing answered at the homeserver address.
    #[error("Could not reach the homeserver at {url}. Check the address and your network connection.")]
    HomeserverUnreachable {
        /// The address that was tried.
        url: String,
    },
    /// Something answered, but it is not a Matrix homeserver.
    #[error("{url} does not look like a Matrix homeserver.")]
    NotMatrix {
        /// The address that was tried.
        url: String,
    },
    /// The homeserver address could not be parsed.
    #[error("\"{input}\" is not a valid homeserver address.")]
    InvalidHomeserver {
        /// What the user typed.
        input: String,
    },
    /// An identifier typed by the user is malformed.
    #[error("\"{input}\" is not a valid {kind}.")]
    InvalidId {
        /// What kind of identifier was expected ("user ID", "room ID").
        kind: &'static str,
        /// What the user typed.
        input: String,
    },
    /// The profile holds no session.
    #[error("No account is signed in with this profile. Sign in first.")]
    NotLoggedIn,
    /// The homeserver ended this device's session (password changed, account disabled in the
    /// directory, signed out by an administrator or from another device).
    #[error("You were signed out by your organisation. Sign in again to continue.")]
    SignedOut,
    /// The profile already holds a session.
    #[error("This profile is already signed in as {user_id}. Sign out first.")]
    AlreadyLoggedIn {
        /// Who is signed in.
        user_id: String,
    },
    /// The profile folder cannot be read or written.
    #[error("The profile folder {} cannot be used: {detail}.", path.display())]
    Profile {
        /// The folder.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// The room is not one this account knows.
    #[error("Room {room_id} is not known to this account.")]
    UnknownRoom {
        /// The room that was asked for.
        room_id: String,
    },
    /// Sending was refused because the room is not end-to-end encrypted.
    #[error("This room is not end-to-end encrypted, so Parley will not send messages into it.")]
    UnencryptedRoom,
    /// Outgoing DLP (`DlpMode` `block`) found sensitive data; nothing was sent.
    #[error(
        "This message contains {kinds}, which your organisation does not allow to be sent, so it was not sent."
    )]
    SensitiveDataBlocked {
        /// The kinds found, as a phrase ("a payment card number"); never the content.
        kinds: String,
        /// The same kinds by id (`payment_card`, `custom:NAME`), for the UI's own words.
        kind_ids: Vec<String>,
    },
    /// Outgoing DLP (`DlpMode` `warn`) found sensitive data and the sender has not confirmed.
    #[error("This message contains {kinds}; it was not sent because sending it needs your confirmation.")]
    SensitiveDataUnconfirmed {
        /// The kinds found, as a phrase ("a payment card number"); never the content.
        kinds: String,
        /// The same kinds by id (`payment_card`, `custom:NAME`), for the UI's own words.
        kind_ids: Vec<String>,
    },
    /// Sending was held because a member's identity changed and nobody accepted it yet
    /// ([`crate::Engine::acknowledge_identity`]).
    #[error("{}", crate::identity::identity_changed_sentence(users))]
    IdentityChanged {
        /// The members whose identity changed, sorted.
        users: Vec<String>,
    },
    /// There is no cryptographic identity for this user to act on.
    #[error("Parley does not know an identity for {user_id} yet.")]
    UnknownIdentity {
        /// The user asked about.
        user_id: String,
    },
    /// The homeserver refused or failed a request.
    #[error("The homeserver refused the request: {detail}.")]
    Server {
        /// What the homeserver said.
        detail: String,
    },
    /// A message could not be delivered.
    #[error("The message could not be sent: {detail}.")]
    SendFailed {
        /// Why.
        detail: String,
    },
    /// The message asked about is not in the room's loaded history.
    #[error("That message is not in this room's loaded history.")]
    UnknownMessage {
        /// The event id asked for.
        event_id: String,
    },
    /// Only one's own text messages can be edited.
    #[error("Only your own text messages can be edited.")]
    NotEditable,
    /// The queued message asked about is no longer waiting (sent or cancelled meanwhile).
    #[error("That message is no longer waiting to be sent.")]
    UnknownUnsent,
    /// Messages are still in the send queue.
    #[error("{count} message(s) are still waiting to be sent; Parley will keep trying.")]
    Unsent {
        /// How many.
        count: usize,
    },
    /// Timed out waiting for the homeserver.
    #[error("The homeserver did not answer in time.")]
    Timeout,
    /// The message or the link asked about is not in the room's loaded history.
    #[error("That link is no longer in this room's messages.")]
    UnknownLink,
    /// A Matrix link (`matrix:`, matrix.to) that Parley cannot read.
    #[error("{0}")]
    MatrixLink(#[from] crate::matrix_link::MatrixLinkError),
    /// A Matrix link names a room this account has not joined (links never join).
    #[error("You are not in {name}, so Parley cannot open it; links never make you join a room.")]
    NotInRoom {
        /// The alias or room ID from the link.
        name: String,
    },
    /// A Matrix link names a person this account has no direct conversation with.
    #[error("You have no conversation with {user_id} yet.")]
    NoConversation {
        /// The person from the link.
        user_id: String,
    },
    /// The link guard does not allow opening this link.
    #[error("Parley will not open this link: {reason}")]
    LinkBlocked {
        /// The most important reason, one sentence.
        reason: String,
    },
    /// The link carries warnings the user has not acknowledged.
    #[error("This link needs you to read its warnings and tick \"I understand\" before it opens.")]
    LinkNotAcknowledged,
    /// The message asked about is not a file offer.
    #[error("That message does not offer a file.")]
    NotAFile,
    /// The file offer is not in the rooms' recent history.
    #[error("That file offer is not in your rooms' recent messages.")]
    UnknownFile,
    /// The file is over `MaxIncomingFileSizeMb` (incoming or outgoing).
    #[error("The file is larger than the {limit_mb} MB your organisation allows, so it was not transferred.")]
    FileTooLarge {
        /// The limit in force.
        limit_mb: u32,
    },
    /// No folder to release files into.
    #[error("There is no Downloads folder to save the file in; choose a folder.")]
    NoDownloadFolder,
    /// Fetching or decrypting a file failed; nothing was kept.
    #[error("{detail}")]
    FileDownload {
        /// The sentence from the download step.
        detail: String,
    },
    /// The file was kept in quarantine; Parley does not open it.
    #[error("This file was kept in quarantine and cannot be opened from Parley.")]
    FileQuarantined,
    /// A local file could not be read.
    #[error("The file could not be read: {detail}.")]
    FileUnreadable {
        /// Why.
        detail: String,
    },
    /// The verification asked about is not one this session knows (it ended or never was).
    #[error("That verification is no longer in progress.")]
    UnknownVerification,
    /// An answer to the emoji came before there were emoji to compare.
    #[error("There are no emoji to compare yet; wait for the other side.")]
    VerificationNotReady,
    /// A recovery key that does not open this account's secret storage.
    #[error("That recovery key is not right for this account. Check it and try again.")]
    WrongRecoveryKey,
    /// Something the person had to type was empty.
    #[error("No {what} was given.")]
    EmptyInput {
        /// What was expected ("password", "recovery key").
        what: String,
    },
    /// A room's notifications were to be set quieter than the organisation allows.
    #[error("Your organisation does not allow a room's notifications to be quieter than \"{floor}\".")]
    BelowNotificationFloor {
        /// The `NotificationFloor` in force.
        floor: String,
    },
    /// People from outside the organisation are in the room and the person has not yet
    /// confirmed sending to them (`WarnExternalMembers`).
    #[error(
        "People from outside your organisation ({servers}) are in this room and will read what you send; confirm that you want to send to them."
    )]
    ExternalConfirmationNeeded {
        /// The servers of the outside members not yet confirmed.
        servers: String,
    },
    /// An invitation to answer is not (or no longer) pending.
    #[error("There is no pending invitation to room {room_id}.")]
    NotInvited {
        /// The room id given.
        room_id: String,
    },
    /// Someone tried to ignore themself.
    #[error("You cannot ignore yourself.")]
    CannotIgnoreSelf,
    /// Something typed hides characters (direction changes, zero-width, control characters).
    #[error("The {what} contains hidden or direction-changing characters; remove them and try again.")]
    HiddenCharacters {
        /// What was typed.
        what: &'static str,
    },
    /// Something typed is longer than allowed.
    #[error("The {what} is too long: at most {limit} characters.")]
    TooLong {
        /// What was typed.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The organisation allows signing in only to certain homeservers (`AllowedHomeservers`).
    #[error("Your organisation allows signing in only to {allowed}; {input} is not one of them.")]
    HomeserverNotAllowed {
        /// What the person typed (or where discovery led).
        input: String,
        /// The allowed homeservers.
        allowed: String,
    },
    /// The organisation's `LoginMethods` do not include this way of signing in.
    #[error("Your organisation does not allow signing in {method}; sign in {allowed} instead.")]
    LoginMethodNotAllowed {
        /// The refused way, in words ("with a password").
        method: &'static str,
        /// The allowed ways, in words.
        allowed: String,
    },
    /// The homeserver does not offer this way of signing in.
    #[error("This homeserver does not offer signing in {method}.")]
    LoginMethodUnavailable {
        /// The missing way, in words ("with single sign-on").
        method: &'static str,
    },
    /// The browser sign-in did not come back in time.
    #[error(
        "Signing in through the browser took too long ({minutes} min), so Parley stopped waiting. Try again."
    )]
    SignInTimedOut {
        /// How long Parley waited, in whole minutes (at least 1).
        minutes: u64,
    },
    /// The person stopped a browser sign-in before it finished.
    #[error("Signing in was cancelled; nothing was saved.")]
    SignInCancelled,
    /// The browser sign-in came back without a usable answer.
    #[error("The sign-in through the browser did not succeed: {reason}. Try again.")]
    SignInFailed {
        /// What went wrong, in words.
        reason: String,
    },
    /// A bug or an unexpected state inside the engine.
    #[error("Something went wrong inside Parley: {detail}.")]
    Internal {
        /// Diagnostic detail (never secrets or message bodies).
        detail: String,
    },
}

impl CoreError {
    /// A stable, machine-readable code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::KeyringUnavailable { .. } => "keyring_unavailable",
            Self::StoreKeyMissing => "store_key_missing",
            Self::PassphraseRequired => "passphrase_required",
            Self::StoreLocked => "store_locked",
            Self::ProfileInUse => "profile_in_use",
            Self::WrongCredentials => "wrong_credentials",
            Self::HomeserverUnreachable { .. } => "homeserver_unreachable",
            Self::NotMatrix { .. } => "not_matrix",
            Self::InvalidHomeserver { .. } => "invalid_homeserver",
            Self::InvalidId { .. } => "invalid_id",
            Self::NotLoggedIn => "not_logged_in",
            Self::SignedOut => "signed_out",
            Self::AlreadyLoggedIn { .. } => "already_logged_in",
            Self::Profile { .. } => "profile",
            Self::UnknownRoom { .. } => "unknown_room",
            Self::UnencryptedRoom => "unencrypted_room",
            Self::SensitiveDataBlocked { .. } => "dlp_blocked",
            Self::SensitiveDataUnconfirmed { .. } => "dlp_confirmation_needed",
            Self::IdentityChanged { .. } => "identity_changed",
            Self::UnknownIdentity { .. } => "unknown_identity",
            Self::Server { .. } => "server",
            Self::SendFailed { .. } => "send_failed",
            Self::Unsent { .. } => "unsent",
            Self::UnknownMessage { .. } => "unknown_message",
            Self::NotEditable => "not_editable",
            Self::UnknownUnsent => "unknown_unsent",
            Self::Timeout => "timeout",
            Self::UnknownLink => "unknown_link",
            Self::MatrixLink(_) => "matrix_link_invalid",
            Self::NotInRoom { .. } => "not_in_room",
            Self::NoConversation { .. } => "no_conversation",
            Self::LinkBlocked { .. } => "link_blocked",
            Self::LinkNotAcknowledged => "link_not_acknowledged",
            Self::NotAFile => "not_a_file",
            Self::UnknownFile => "unknown_file",
            Self::FileTooLarge { .. } => "file_too_large",
            Self::NoDownloadFolder => "no_download_folder",
            Self::FileDownload { .. } => "file_download_failed",
            Self::FileUnreadable { .. } => "file_unreadable",
            Self::FileQuarantined => "file_quarantined",
            Self::UnknownVerification => "unknown_verification",
            Self::VerificationNotReady => "verification_not_ready",
            Self::WrongRecoveryKey => "wrong_recovery_key",
            Self::EmptyInput { .. } => "empty_input",
            Self::BelowNotificationFloor { .. } => "notification_floor",
            Self::ExternalConfirmationNeeded { .. } => "external_confirmation_needed",
            Self::NotInvited { .. } => "not_invited",
            Self::CannotIgnoreSelf => "cannot_ignore_self",
            Self::TooLong { .. } => "too_long",
            Self::HiddenCharacters { .. } => "hidden_characters",
            Self::HomeserverNotAllowed { .. } => "homeserver_not_allowed",
            Self::LoginMethodNotAllowed { .. } => "login_method_not_allowed",
            Self::LoginMethodUnavailable { .. } => "login_method_unavailable",
            Self::SignInTimedOut { .. } => "sign_in_timed_out",
            Self::SignInCancelled => "sign_in_cancelled",
            Self::SignInFailed { .. } => "sign_in_failed",
            Self::Internal { .. } => "internal",
        }
    }

    /// The values in this error's sentence, by name, so the UI can word the sentence for
    /// `code()` in its own language. Never secrets or message bodies: only what the English
    /// sentence already shows (ids and addresses typed by the person, server details, limits).
    /// Words Rust chose (`"user ID"`, `"room name"`) come as ids (`user_id`, `room_name`).
    pub fn args(&self) -> Vec<(&'static str, ErrorArg)> {
        let text = |s: &str| ErrorArg::Text(s.to_owned());
        let word = |s: &str| ErrorArg::Text(word_id(s));
        let number = |n: usize| ErrorArg::Number(n as u64);
        // No wildcard: a new variant has to say what its sentence holds.
        match self {
            Self::KeyringUnavailable { detail }
            | Self::Server { detail }
            | Self::SendFailed { detail }
            | Self::FileDownload { detail }
            | Self::FileUnreadable { detail }
            | Self::Internal { detail } => vec![("detail", text(detail))],
            Self::HomeserverUnreachable { url } | Self::NotMatrix { url } => vec![("url", text(url))],
            Self::InvalidHomeserver { input } => vec![("input", text(input))],
            Self::InvalidId { kind, input } => vec![("kind", word(kind)), ("input", text(input))],
            Self::AlreadyLoggedIn { user_id } | Self::UnknownIdentity { user_id } => {
                vec![("user_id", text(user_id))]
            }
            Self::Profile { path, detail } => {
                vec![("path", text(&path.display().to_string())), ("detail", text(detail))]
            }
            Self::UnknownRoom { room_id } | Self::NotInvited { room_id } => vec![("room_id", text(room_id))],
            Self::MatrixLink(problem) => vec![("problem", ErrorArg::Text(problem.id().to_owned()))],
            Self::NotInRoom { name } => vec![("name", text(name))],
            Self::NoConversation { user_id } => vec![("user_id", text(user_id))],
            Self::SensitiveDataBlocked { kind_ids, .. } | Self::SensitiveDataUnconfirmed { kind_ids, .. } => {
                vec![("kinds", ErrorArg::List(kind_ids.clone()))]
            }
            Self::IdentityChanged { users } => {
                vec![("users", ErrorArg::List(users.clone())), ("count", number(users.len()))]
            }
            Self::Unsent { count } => vec![("count", number(*count))],
            Self::LinkBlocked { reason } | Self::SignInFailed { reason } => vec![("reason", text(reason))],
            Self::FileTooLarge { limit_mb } => vec![("limit_mb", ErrorArg::Number(u64::from(*limit_mb)))],
            Self::EmptyInput { what } => vec![("what", word(what))],
            Self::HiddenCharacters { what } => vec![("what", word(what))],
            Self::TooLong { what, limit } => vec![("what", word(what)), ("limit", number(*limit))],
            Self::BelowNotificationFloor { floor } => vec![("floor", text(floor))],
            Self::ExternalConfirmationNeeded { servers } => vec![("servers", text(servers))],
            Self::HomeserverNotAllowed { input, allowed } => {
                vec![("input", text(input)), ("allowed", text(allowed))]
            }
            Self::LoginMethodNotAllowed { method, allowed } => {
                vec![("method", word(method)), ("allowed", text(allowed))]
            }
            Self::LoginMethodUnavailable { method } => vec![("method", word(method))],
            Self::SignInTimedOut { minutes } => vec![("minutes", ErrorArg::Number(*minutes))],
            Self::StoreKeyMissing
            | Self::PassphraseRequired
            | Self::StoreLocked
            | Self::ProfileInUse
            | Self::WrongCredentials
            | Self::NotLoggedIn
            | Self::SignedOut
            | Self::UnencryptedRoom
            | Self::UnknownMessage { .. }
            | Self::NotEditable
            | Self::UnknownUnsent
            | Self::Timeout
            | Self::UnknownLink
            | Self::LinkNotAcknowledged
            | Self::NotAFile
            | Self::UnknownFile
            | Self::NoDownloadFolder
            | Self::FileQuarantined
            | Self::UnknownVerification
            | Self::VerificationNotReady
            | Self::WrongRecoveryKey
            | Self::CannotIgnoreSelf
            | Self::SignInCancelled => Vec::new(),
        }
    }

    pub(crate) fn internal(detail: impl std::fmt::Display) -> Self {
        Self::Internal { detail: detail.to_string() }
    }

    pub(crate) fn profile(path: &std::path::Path, detail: impl std::fmt::Display) -> Self {
        Self::Profile { path: path.to_owned(), detail: detail.to_string() }
    }
}

/// One value of [`CoreError::args`]: text, a whole number, or a list the UI joins in its
/// own language ("@a, @b and @c").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum ErrorArg {
    /// Text shown as is (an address, an id, a server's detail) or a word's id.
    Text(String),
    /// A count or a limit.
    Number(u64),
    /// Items of one kind: user ids, or sensitive-data kind ids.
    List(Vec<String>),
}

/// A word Rust put into a sentence ("user ID"), as an id a translation can choose by
/// (`user_id`): lower case, anything but letters and digits as `_`.
pub fn word_id(word: &str) -> String {
    word.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// Result alias for the engine.
pub type Result<T, E = CoreError> = std::result::Result<T, E>;
