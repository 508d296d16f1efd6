//! Plain data the engine hands to its front ends (desktop UI, `parleyctl`).
//!
//! Ids are strings so the types serialise the same everywhere; nothing here
//! carries a token, a key, or raw HTML.

use serde::Serialize;

/// Who is signed in, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountInfo {
    /// The Matrix user id, `@name:server`.
    pub user_id: String,
    /// This device's id.
    pub device_id: String,
    /// The homeserver's base URL.
    pub homeserver: String,
}

/// One room in the room list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomSummary {
    /// The room id.
    pub room_id: String,
    /// The name to show (computed from members when the room has none).
    pub name: String,
    /// Whether the room is end-to-end encrypted.
    pub encrypted: bool,
    /// Whether the room is a direct chat.
    pub is_dm: bool,
    /// For a direct chat with one other person: who (for "Verify", and their shield).
    pub dm_user_id: Option<String>,
    /// Messages after the read marker (counted on this device, so encrypted rooms count too).
    pub unread: u64,
    /// Of those, how many mention the signed-in user.
    pub mentions: u64,
}

/// One message as shown in a timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about one message, each a field the UI reads"
)]
pub struct MessageView {
    /// The room it belongs to.
    pub room_id: String,
    /// The event id; `None` while a sent message is still only local.
    pub event_id: Option<String>,
    /// The sender's user id.
    pub sender: String,
    /// The sender's display name, or their user id.
    pub sender_name: String,
    /// The plain-text body; empty when it could not be decrypted.
    pub body: String,
    /// `body` cut into text and links, in order (HTML-only links follow the text). A link
    /// is an index the UI passes back to open it; the UI never gets a URL to navigate to.
    pub segments: Vec<TextSegment>,
    /// The HTML body, sanitised in Rust (`parley_guard::html`), when the message has one:
    /// the only markup the UI ever inserts. Links in it are `#link-N` (N as in `segments`).
    pub html: Option<String>,
    /// Server timestamp in milliseconds since the Unix epoch.
    pub timestamp_ms: u64,
    /// Whether the event was end-to-end encrypted.
    pub encrypted: bool,
    /// Whether the signed-in user sent it.
    pub own: bool,
    /// Why it could not be decrypted, in plain words; `None` when readable.
    pub utd_reason: Option<String>,
    /// Why, as a stable code (`sent_before_joined`, `key_not_arrived`, …) for translations.
    pub utd_code: Option<&'static str>,
    /// The authenticity warning for this message, if any: an unverified sender, an unknown
    /// or unsigned device, a changed identity. `None`: sent by a verified identity.
    pub shield: Option<Shield>,
    /// For a file, image, video or audio message: the offer (nothing is fetched until the
    /// person accepts it).
    pub file: Option<crate::files::FileOffer>,
    /// Whether it mentions the signed-in user (the account's push rules highlight it).
    pub mentions_me: bool,
    /// Whether it replies to a message the signed-in user sent.
    pub reply_to_me: bool,
    /// The message it replies to, when it is a reply.
    pub reply_to: Option<ReplyTo>,
    /// Whether the sender edited it (`body` is the newest version).
    pub edited: bool,
    /// Whether it was deleted (redacted); `body` is then empty.
    pub redacted: bool,
    /// Hidden by the organisation's incoming content filter: show only a notice unless the
    /// person asks to see it (`IncomingContentFilter`).
    pub filtered: bool,
    /// Reactions, one entry per key, in the order they were first given.
    pub reactions: Vec<ReactionCount>,
    /// For the signed-in user's messages not yet accepted by the homeserver: the send
    /// queue's transaction id (for retry and cancel).
    pub transaction_id: Option<String>,
    /// `sending` or `failed` while the homeserver does not have it yet; `None` once sent.
    pub send_state: Option<&'static str>,
}

/// The message a reply answers, as far as this device knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplyTo {
    /// Its event id.
    pub event_id: String,
    /// Its sender, when loaded.
    pub sender: Option<String>,
    /// The start of its text (plain, at most 200 characters), when loaded and readable.
    pub text: Option<String>,
}

/// How often one reaction key was given to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReactionCount {
    /// The reaction (usually one emoji).
    pub key: String,
    /// How many people gave it.
    pub count: usize,
    /// Whether the signed-in user is one of them.
    pub own: bool,
}

/// A message waiting in the send queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnsentMessage {
    /// The room.
    pub room_id: String,
    /// The send queue's transaction id.
    pub transaction_id: String,
    /// What it is: `message`, `reaction`, `redaction`, `edit`.
    pub kind: &'static str,
    /// Whether it failed for good and waits for the person (retry or cancel); otherwise it
    /// is on its way and goes out when the homeserver can be reached.
    pub failed: bool,
    /// Why it failed, in one sentence, when it did.
    pub error: Option<String>,
}

/// A message's authenticity warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shield {
    /// `red` (act on it) or `grey` (worth knowing).
    pub level: &'static str,
    /// A stable code (`unverified_identity`, `unsigned_device`, `verification_violation`, …).
    pub code: &'static str,
    /// One sentence for the person.
    pub message: &'static str,
}

/// A run of message text, or a link within it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextSegment {
    /// The text as shown.
    pub text: String,
    /// For a link: its index among the message's links.
    pub link: Option<usize>,
}

/// Whether [`crate::Engine::send_text`] waits for the homeserver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendWait {
    /// Return once the homeserver has accepted the event.
    Ack,
    /// Return once the message is safely in the persistent send queue.
    Queued,
}

/// What a send produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SendReceipt {
    /// The transaction id the send queue gave the message.
    pub transaction_id: String,
    /// The event id, once the homeserver accepted it.
    pub event_id: Option<String>,
}

/// Everything the engine reports as it happens, in one stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EngineEvent {
    /// A message from someone else arrived (or became readable).
    Message(MessageView),
    /// A message arrived that cannot be decrypted (yet).
    Undecryptable(MessageView),
    /// A message already reported was edited: the view holds the new text. Reported for
    /// every message the engine has seen, history included, so front ends can update it;
    /// also for a message from before sync started that became readable (its key came late).
    Edited(MessageView),
    /// A message already reported was deleted.
    Redacted {
        /// The room.
        room_id: String,
        /// The deleted message.
        event_id: String,
    },
    /// A room's loaded messages changed in a way no other event describes: messages from
    /// before sync started reached its newest end (the catch-up after being offline, often
    /// after the room was already shown from the local cache). Front ends showing the room
    /// load its newest messages again; nothing here is news to notify.
    TimelineChanged {
        /// The room.
        room_id: String,
    },
    /// Someone invited this account to a room.
    Invite {
        /// The room.
        room_id: String,
        /// Who sent the invite, if known.
        inviter: Option<String>,
        /// The room's name as the inviter set it.
        room_name: String,
        /// Whether the inviter is unknown (the invitation is in the Requests inbox).
        from_unknown: bool,
    },
    /// The room list changed: rooms joined or left, a new invite, or a room's name, unread
    /// counts or place in the list.
    RoomsChanged,
    /// A contact's cryptographic identity changed and needs to be acknowledged
    /// ([`crate::Engine::acknowledge_identity`]); sending to `room_ids` is held until then.
    IdentityChanged {
        /// Whose identity changed.
        user_id: String,
        /// The joined rooms that person is in, sorted.
        room_ids: Vec<String>,
        /// Whether we had verified their previous identity.
        verification_violation: bool,
        /// Their new master key (public), base64: tells one change from the next.
        master_key: String,
    },
    /// Someone started a call. Parley never answers calls (and offers none while
    /// `AllowCalls` is off): the front ends show it as a missed call.
    CallInvite {
        /// The room.
        room_id: String,
        /// The call event.
        event_id: String,
        /// Who called.
        caller: String,
        /// Their display name, or their user id.
        caller_name: String,
    },
    /// An accepted file was checked: released, or kept in quarantine (`outcome.message`
    /// says why). Also sent for files accepted automatically (`AutoAcceptFiles`).
    FileChecked {
        /// The room the file was offered in.
        room_id: String,
        /// What became of it.
        outcome: crate::files::FileOutcome,
    },
    /// A step of an emoji verification (`verify.rs`), outgoing or incoming.
    Verification {
        /// The flow, for [`crate::Engine::accept_verification`] and friends.
        flow_id: String,
        /// The other person (this account's own id when verifying another device).
        user_id: String,
        /// Whether the other side asked.
        incoming: bool,
        /// Whether this verifies one of this account's own devices.
        self_verification: bool,
        /// Where it stands.
        #[serde(flatten)]
        state: crate::verify::VerificationState,
    },
    /// Someone reacted to a message the signed-in user sent.
    Reaction {
        /// The room.
        room_id: String,
        /// The message reacted to.
        event_id: String,
        /// Who reacted.
        sender: String,
        /// Their display name, or their user id.
        sender_name: String,
        /// The reaction (usually one emoji).
        key: String,
        /// When, in milliseconds since the Unix epoch.
        timestamp_ms: u64,
    },
    /// Someone joined, left, was invited to or removed from a direct chat.
    Membership {
        /// The room.
        room_id: String,
        /// The membership event.
        event_id: String,
        /// Whose membership changed.
        user_id: String,
        /// What happened: `joined`, `left`, `invited`, `kicked`, `banned`, …
        change: &'static str,
        /// When, in milliseconds since the Unix epoch.
        timestamp_ms: u64,
    },
    /// Someone changed a room's encryption settings.
    EncryptionChanged {
        /// The room.
        room_id: String,
        /// The state event.
        event_id: String,
        /// Who changed it.
        sender: String,
        /// When, in milliseconds since the Unix epoch.
        timestamp_ms: u64,
    },
    /// A new device signed in to this account.
    NewSignIn {
        /// The new device.
        device_id: String,
        /// The name it gave itself, if any (chosen by whoever signed in).
        display_name: Option<String>,
    },
    /// A message could not be sent and needs the person (retry or cancel).
    SendFailed {
        /// The room.
        room_id: String,
    },
    /// The effective managed policy changed (the keys that changed).
    PolicyChanged {
        /// The keys whose value or source changed.
        keys: Vec<String>,
    },
    /// The homeserver ended this device's session; sync has stopped. Sign in again.
    SignedOut {
        /// A soft logout: signing in again resumes this device (keys kept).
        soft_logout: bool,
    },
    /// The sync connection changed state (`idle`, `running`, `offline`, `error`, `terminated`).
    SyncState {
        /// The new state.
        state: String,
    },
}
