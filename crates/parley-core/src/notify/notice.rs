//! What the notification centre records: one [`Notice`] per incoming event, classified.

use serde::{Deserialize, Serialize};

use crate::{EngineEvent, FileState, VerificationState};

/// The kinds of incoming event the notifier tells people about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A message (readable or not yet).
    Message,
    /// A message that mentions the person.
    Mention,
    /// A reply to one of the person's messages.
    Reply,
    /// A reaction to one of the person's messages.
    Reaction,
    /// An invitation to a room.
    Invite,
    /// A file offered in a room (nothing fetched).
    FileOffer,
    /// A call, never answered: shown as missed.
    Call,
    /// Someone asks to verify by emoji.
    VerificationRequest,
    /// A new device signed in to the person's account.
    NewSignIn,
    /// A contact's cryptographic identity changed.
    IdentityChange,
    /// Someone joined, left or was removed from a direct chat.
    Membership,
    /// A room's encryption settings changed.
    EncryptionChange,
    /// The organisation changed the managed policy.
    PolicyChange,
    /// An accepted file was checked: released or kept in quarantine.
    FileChecked,
    /// A message could not be sent.
    SendFailed,
}

impl NoticeKind {
    /// Kinds about the account's safety: they pop up whatever a room's level (only
    /// do-not-disturb holds them back), because missing one can cost the account.
    pub fn is_security(self) -> bool {
        matches!(
            self,
            Self::Call
                | Self::VerificationRequest
                | Self::NewSignIn
                | Self::IdentityChange
                | Self::EncryptionChange
                | Self::PolicyChange
                | Self::FileChecked
                | Self::SendFailed
                | Self::Invite
        )
    }

    /// Kinds addressed to the person: they still pop up in a room quietened to mentions.
    pub fn is_personal(self) -> bool {
        matches!(self, Self::Mention | Self::Reply | Self::Reaction)
    }
}

/// One entry of the notification centre. It holds ids, names and codes — never a message
/// body, so the record on disk leaks nothing a pop-up would not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// Its number in the centre (from 1, in arrival order).
    pub id: u64,
    /// What happened.
    pub kind: NoticeKind,
    /// The room, when there is one.
    pub room_id: Option<String>,
    /// The event to jump to, when there is one.
    pub event_id: Option<String>,
    /// Who caused it (a user id), when someone did.
    pub sender: Option<String>,
    /// Their display name as they set it (plain text, shortened).
    pub sender_name: Option<String>,
    /// The room's name (plain text, shortened).
    pub room_name: Option<String>,
    /// A detail by kind: the reaction, the membership change, the device id, the file's
    /// state, the policy keys, `undecryptable`. Never message text.
    pub detail: Option<String>,
    /// When, in milliseconds since the Unix epoch.
    pub at_ms: u64,
    /// Whether the person has seen it in the centre.
    pub read: bool,
    /// What makes two notices the same event (a message that became readable updates its
    /// entry instead of adding one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The message text, for `NotificationContent=full` pop-ups only; never stored.
    #[serde(skip)]
    pub body: Option<String>,
}

impl Notice {
    fn new(kind: NoticeKind, at_ms: u64) -> Self {
        Self {
            id: 0,
            kind,
            room_id: None,
            event_id: None,
            sender: None,
            sender_name: None,
            room_name: None,
            detail: None,
            at_ms,
            read: false,
            key: None,
            body: None,
        }
    }

    fn in_room(mut self, room_id: &str) -> Self {
        self.room_id = Some(room_id.to_owned());
        self
    }

    fn event(mut self, event_id: &str) -> Self {
        self.event_id = Some(event_id.to_owned());
        self
    }

    fn by_user(mut self, user_id: &str, name: Option<&str>) -> Self {
        self.sender = Some(user_id.to_owned());
        self.sender_name = name.map(super::popup::plain);
        self
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn keyed(mut self, key: String) -> Self {
        self.key = Some(key);
        self
    }
}

/// The centre entry for an engine event, or `None` for events that are not news
/// (sync state, the room list changing, steps of a verification after the request).
/// `now_ms` stamps events that carry no time of their own.
pub fn classify(event: &EngineEvent, now_ms: u64) -> Option<Notice> {
    let notice = match event {
        EngineEvent::Message(view) => message(view, false)?,
        EngineEvent::Undecryptable(view) => message(view, true)?,
        EngineEvent::Invite { room_id, inviter, room_name, from_unknown } => {
            let mut notice =
                Notice::new(NoticeKind::Invite, now_ms).in_room(room_id).keyed(format!("invite:{room_id}"));
            if *from_unknown {
                notice = notice.detail("from_unknown");
            }
            if let Some(inviter) = inviter {
                notice = notice.by_user(inviter, None);
            }
            notice.room_name = Some(super::popup::plain(room_name));
            notice
        }
        EngineEvent::IdentityChanged { user_id, room_ids, verification_violation, master_key } => {
            let mut notice = Notice::new(NoticeKind::IdentityChange, now_ms)
                .by_user(user_id, None)
                .keyed(format!("identity:{user_id}:{master_key}"))
                .detail(if *verification_violation {
                    "verified_identity_changed"
                } else {
                    "identity_changed"
                });
            notice.room_id = room_ids.first().cloned();
            notice
        }
        EngineEvent::CallInvite { room_id, event_id, caller, caller_name } => {
            Notice::new(NoticeKind::Call, now_ms)
                .in_room(room_id)
                .event(event_id)
                .by_user(caller, Some(caller_name))
                .keyed(format!("event:{event_id}"))
        }
        EngineEvent::FileChecked { room_id, outcome } => Notice::new(NoticeKind::FileChecked, now_ms)
            .in_room(room_id)
            .event(&outcome.event_id)
            .by_user(&outcome.sender, None)
            .detail(match outcome.state {
                FileState::Released => "released",
                FileState::Quarantined => "quarantined",
            }),
        EngineEvent::Verification {
            flow_id,
            user_id,
            incoming: true,
            state: VerificationState::Requested,
            ..
        } => Notice::new(NoticeKind::VerificationRequest, now_ms)
            .by_user(user_id, None)
            .keyed(format!("verification:{flow_id}")),
        EngineEvent::Reaction { room_id, event_id, sender, sender_name, key, timestamp_ms } => {
            Notice::new(NoticeKind::Reaction, *timestamp_ms)
                .in_room(room_id)
                .event(event_id)
                .by_user(sender, Some(sender_name))
                .detail(super::popup::plain(key))
                .keyed(format!("reaction:{event_id}:{sender}:{key}"))
        }
        EngineEvent::Membership { room_id, event_id, user_id, change, timestamp_ms } => {
            Notice::new(NoticeKind::Membership, *timestamp_ms)
                .in_room(room_id)
                .event(event_id)
                .by_user(user_id, None)
                .detail(*change)
                .keyed(format!("event:{event_id}"))
        }
        EngineEvent::EncryptionChanged { room_id, event_id, sender, timestamp_ms } => {
            Notice::new(NoticeKind::EncryptionChange, *timestamp_ms)
                .in_room(room_id)
                .event(event_id)
                .by_user(sender, None)
                .keyed(format!("event:{event_id}"))
        }
        EngineEvent::NewSignIn { device_id, .. } => Notice::new(NoticeKind::NewSignIn, now_ms)
            .detail(super::popup::plain(device_id))
            .keyed(format!("device:{device_id}")),
        EngineEvent::SendFailed { room_id } => Notice::new(NoticeKind::SendFailed, now_ms).in_room(room_id),
        EngineEvent::PolicyChanged { keys } => {
            Notice::new(NoticeKind::PolicyChange, now_ms).detail(keys.join(", "))
        }
        // An edit or a deletion changes a message already in the centre, which holds no text.
        // A sign-out takes the person to the sign-in screen, which says why (and the audit
        // log records it); the centre of a signed-out account is not shown. A changed
        // timeline is history reaching the room's view, announced as news by nothing.
        EngineEvent::Edited(_)
        | EngineEvent::TimelineChanged { .. }
        | EngineEvent::SignedOut { .. }
        | EngineEvent::Redacted { .. }
        | EngineEvent::Verification { .. }
        | EngineEvent::RoomsChanged
        | EngineEvent::SyncState { .. } => {
            return None;
        }
    };
    Some(notice)
}

/// The entry for a message from someone else: a file offer, a mention, a reply to me, or
/// a message; one not decryptable yet is recorded now and updated when it becomes readable.
fn message(view: &crate::MessageView, undecryptable: bool) -> Option<Notice> {
    if view.own {
        return None;
    }
    let kind = if view.file.is_some() {
        NoticeKind::FileOffer
    } else if view.mentions_me {
        NoticeKind::Mention
    } else if view.reply_to_me {
        NoticeKind::Reply
    } else {
        NoticeKind::Message
    };
    let event_id = view.event_id.as_deref()?;
    let mut notice = Notice::new(kind, view.timestamp_ms)
        .in_room(&view.room_id)
        .event(event_id)
        .by_user(&view.sender, Some(&view.sender_name))
        .keyed(format!("event:{event_id}"));
    if undecryptable {
        notice = notice.detail("undecryptable");
    } else {
        notice.body = Some(view.body.clone());
    }
    Some(notice)
}

/// A message from Alice for the notifier's tests.
#[cfg(test)]
pub(super) fn test_view(event_id: &str, sender_name: &str, body: &str) -> crate::MessageView {
    crate::MessageView {
        room_id: "!r:x".into(),
        event_id: Some(event_id.into()),
        sender: "@alice:x".into(),
        sender_name: sender_name.into(),
        body: body.into(),
        timestamp_ms: 1,
        encrypted: true,
        ..crate::MessageView::default()
    }
}
