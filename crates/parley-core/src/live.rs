//! Sync and the live event stream.
//!
//! One `SyncService` (simplified sliding sync) per engine, never classic `/v3/sync`
//! (DESIGN.md §7: mixing them on one store breaks the to-device token). A joined room
//! gets a matrix-sdk-ui `Timeline` once sync brings it news or it is looked at (not before:
//! each holds the room's recent events in memory); watchers turn its changes into
//! [`EngineEvent`]s, and a crypto watcher asks timelines to decrypt again whenever
//! identities or devices change, because with `CrossSignedOrLegacy` the first message
//! from a brand-new contact is undecryptable until their identity is known.

use std::{
    collections::{BTreeSet, HashMap, HashSet},
    sync::Arc,
};

use futures_util::{StreamExt, pin_mut};
use matrix_sdk::{
    Room, RoomState,
    ruma::{
        EventId, MilliSecondsSinceUnixEpoch, OwnedEventId, OwnedRoomId, OwnedUserId, UserId,
        events::room::message::MessageType,
    },
};
use matrix_sdk_base::{RoomInfoNotableUpdateReasons, crypto::types::events::UtdCause};
use matrix_sdk_ui::{
    room_list_service::{RoomListLoadingState, State as RoomListState},
    sync_service::{State as SyncState, SyncService},
    timeline::{
        AnyOtherStateEventContentChange, EncryptedMessage, EventSendState, EventTimelineItem,
        MembershipChange, RoomExt, Timeline, TimelineDetails, TimelineItem, TimelineItemContent,
    },
};
use tokio::sync::broadcast;
use tracing::{debug, warn};

use crate::{
    engine::{Engine, server_error},
    error::{CoreError, Result},
    views::{EngineEvent, MessageView, ReactionCount, ReplyTo, TextSegment},
};

/// Events per room in each sync response of the room list (see `start_sync`).
const ROOM_LIST_TIMELINE_LIMIT: u32 = 20;

impl Engine {
    /// Starts syncing (idempotent). Events flow to [`Engine::subscribe`] from here on;
    /// messages already in the local cache when sync starts are history, not events.
    pub async fn start_sync(&self) -> Result<()> {
        let client = self.inner.client.clone();
        let mut first_start = false;
        let sync = self
            .inner
            .sync
            .get_or_try_init(|| async {
                first_start = true;
                SyncService::builder(client.clone())
                    .with_offline_mode()
                    // matrix-sdk-ui's default sends only each room's newest event per sync;
                    // anything between is a gap the timeline back-fills later, but the crypto
                    // layer never sees it (an in-room emoji verification then breaks) and no
                    // announcement is made for it. 20 covers ordinary bursts.
                    .with_room_list_timeline_limit(ROOM_LIST_TIMELINE_LIMIT)
                    .build()
                    .await
            })
            .await
            .map_err(server_error)?;
        if first_start {
            let started_at = MilliSecondsSinceUnixEpoch::now();
            // Subscribe before starting so no update slips between the two.
            let updates = client.subscribe_to_all_room_updates();
            // No timeline is opened for the rooms themselves: a matrix-sdk `Timeline` keeps
            // the room's recent events in memory twice (event cache and items), ~40 MB for
            // 200 rooms (docs/benchmarks.md, memory). One is opened when a room has news
            // (`watch_rooms`) or is looked at.
            for room in client.invited_rooms() {
                self.announce_invite(&room).await;
            }
            self.spawn(watch_rooms(self.clone(), updates, started_at));
            self.spawn(watch_room_list_changes(self.clone()));
            self.spawn(watch_sync_state(sync.state(), self.inner.events.clone()));
            self.spawn(retry_on_crypto_changes(self.clone()));
            self.spawn(crate::identity::watch_identity_changes(self.clone()));
            self.spawn(crate::outbox::keep_sending(self.clone()));
            self.spawn(crate::session_health::watch_session(self.clone()));
            self.spawn(crate::devices::watch_own_sign_ins(self.clone()));
            self.spawn(crate::files::auto_accept(self.clone()));
            crate::verify::watch_incoming_requests(self);
            self.apply_presence().await;
        }
        sync.start().await;
        // Messages queued by an earlier run (`send --no-wait`) go out now.
        client.send_queue().respawn_tasks_for_rooms_with_unsent_requests().await;
        Ok(())
    }

    /// Starts syncing without waiting for it: the rooms and messages already in the local
    /// cache can be shown meanwhile (the desktop app's start). The task ends with the engine;
    /// a failure to start is logged and reported as the sync state `error`.
    pub fn start_sync_in_background(&self) {
        let engine = self.clone();
        let task = tokio::spawn(async move {
            let started = std::time::Instant::now();
            match engine.start_sync().await {
                Ok(()) => debug!(ms = started.elapsed().as_millis(), "sync started"),
                Err(err) => {
                    warn!(%err, "sync could not start");
                    let _ = engine.inner.events.send(EngineEvent::SyncState { state: "error".to_owned() });
                }
            }
        });
        // Signing out meanwhile stops it (`Engine::logout`): sync must not start after that.
        if let Ok(mut starting) = self.inner.starting.lock() {
            *starting = Some(task.abort_handle());
        }
        if let Ok(mut tasks) = self.inner.tasks.lock() {
            tasks.push(task);
        }
    }

    /// Starts syncing and waits until the first sync has loaded the room list and this
    /// device's keys and cross-signing are published, so others can encrypt to it and
    /// it can encrypt to them. Used before one-shot actions and after sign-in.
    pub async fn start_and_settle(&self, timeout: std::time::Duration) -> Result<()> {
        self.start_sync().await?;
        let ready = async {
            let sync = self.inner.sync.get().ok_or_else(|| CoreError::internal("sync did not start"))?;
            // `Running` comes only after real responses from the server; the room list's
            // own "loaded" state can be satisfied from the local cache alone.
            let mut state = sync.room_list_service().state();
            while !matches!(state.get(), RoomListState::Running) {
                if state.next().await.is_none() {
                    return Err(CoreError::internal("the room list stopped syncing"));
                }
            }
            // `Running` arrives after the first batch of the growing room list (100 rooms);
            // wait until every room the server counts is known, so one-shot commands see all.
            let rooms = sync.room_list_service().all_rooms().await.map_err(server_error)?;
            let loading = rooms.loading_state();
            // Bounded: if the server's count includes rooms the client never lists (a room
            // left meanwhile), carry on with what is known rather than fail the command.
            let complete = async {
                loop {
                    let known = self
                        .inner
                        .client
                        .rooms()
                        .iter()
                        .filter(|r| matches!(r.state(), RoomState::Joined | RoomState::Invited))
                        .count();
                    match loading.get() {
                        RoomListLoadingState::Loaded { maximum_number_of_rooms: Some(total) }
                            if known >= usize::try_from(total).unwrap_or(usize::MAX) =>
                        {
                            break;
                        }
                        RoomListLoadingState::Loaded { maximum_number_of_rooms: None } => break,
                        _ => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
                    }
                }
            };
            if tokio::time::timeout(std::time::Duration::from_secs(15), complete).await.is_err() {
                warn!("the room list did not reach the server's room count; continuing with what is known");
            }
            let encryption = self.inner.client.encryption();
            encryption.wait_for_e2ee_initialization_tasks().await;
            let own_user = self.inner.client.user_id().map(ToOwned::to_owned);
            loop {
                let holds_keys = encryption.cross_signing_status().await.is_some_and(|s| s.is_complete());
                if holds_keys {
                    let device_signed = matches!(encryption.get_own_device().await, Ok(Some(d)) if d.is_cross_signed_by_owner());
                    // Locally the device counts as signed as soon as the signature is made; others
                    // only see it once its upload reached the server. A command that exited in
                    // between left a device nobody could trust, so wait for the server too.
                    if device_signed && self.own_device_signed_on_server().await {
                        return Ok(());
                    }
                } else if let Some(user) = &own_user
                    && matches!(encryption.get_user_identity(user).await, Ok(Some(_)))
                {
                    // A new device of an account whose identity was made elsewhere: it cannot
                    // sign itself, and stays unverified until verified from another device or
                    // restored with the recovery key (`devices.rs`, `verify.rs`).
                    return Ok(());
                }
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            }
        };
        tokio::select! {
            ready = tokio::time::timeout(timeout, ready) => ready.map_err(|_| CoreError::Timeout)?,
            signed_out = self.until_signed_out() => Err(signed_out),
        }
    }

    /// Whether the homeserver has this device's keys signed by the account's self-signing
    /// key (a signature other than the device's own), as other users will fetch them.
    async fn own_device_signed_on_server(&self) -> bool {
        use matrix_sdk::ruma::api::client::keys::get_keys;
        let client = &self.inner.client;
        let (Some(user), Some(device)) = (client.user_id(), client.device_id()) else { return false };
        let mut request = get_keys::v3::Request::new();
        request.device_keys.insert(user.to_owned(), vec![device.to_owned()]);
        let Ok(response) = client.send(request).await else { return false };
        let Some(keys) = response.device_keys.get(user).and_then(|devices| devices.get(device)) else {
            return false;
        };
        let Ok(keys) = serde_json::from_str::<serde_json::Value>(keys.json().get()) else { return false };
        let own_signature = format!("ed25519:{device}");
        keys["signatures"][user.as_str()]
            .as_object()
            .is_some_and(|sigs| sigs.keys().any(|k| *k != own_signature))
    }

    /// Waits (up to `timeout`) for queued messages to reach the homeserver, then stops
    /// syncing. Front ends call this before exiting so a queued message is not left
    /// waiting for the next start.
    pub async fn shutdown(&self, timeout: std::time::Duration) {
        if let Err(e) = self.flush(timeout).await {
            warn!(error = %e, "stopping with messages still queued; they will be sent on the next start");
        }
        self.stop_sync().await;
    }

    /// Stops syncing; the engine can be started again.
    pub async fn stop_sync(&self) {
        if let Some(sync) = self.inner.sync.get() {
            sync.stop().await;
        }
    }

    /// The live timeline of a joined room, created on first use.
    pub(crate) async fn timeline(&self, room: &Room) -> Result<Arc<Timeline>> {
        self.ensure_timeline(room, MilliSecondsSinceUnixEpoch::now()).await
    }

    /// Gets or creates the room's timeline and its watcher. Items older than
    /// `announce_since` are history and never announced (nor notified).
    async fn ensure_timeline(
        &self,
        room: &Room,
        announce_since: MilliSecondsSinceUnixEpoch,
    ) -> Result<Arc<Timeline>> {
        let mut timelines = self.inner.timelines.lock().await;
        if let Some(timeline) = timelines.get(room.room_id()) {
            return Ok(timeline.clone());
        }
        let timeline = Arc::new(room.timeline().await.map_err(server_error)?);
        timelines.insert(room.room_id().to_owned(), timeline.clone());
        drop(timelines);
        let direct = room.is_direct().await.unwrap_or(false);
        let announcer = Announcer::new(room, announce_since, direct, self.inner.screen.clone());
        self.spawn(watch_timeline(timeline.clone(), announcer, self.inner.events.clone()));
        Ok(timeline)
    }

    async fn announce_invite(&self, room: &Room) {
        if !self.inner.announced_invites.lock().await.insert(room.room_id().to_owned()) {
            return;
        }
        // `InvitesFromUnknown=block` declines it here, before anyone is told.
        let Some(invite) = self.screen_invite(room).await else { return };
        self.emit(EngineEvent::Invite {
            room_id: invite.room_id,
            inviter: invite.inviter,
            room_name: invite.room_name,
            from_unknown: invite.from_unknown,
        });
    }

    pub(crate) fn emit(&self, event: EngineEvent) {
        // No receiver is fine: events are also in the store; the stream is for live use.
        let _ = self.inner.events.send(event);
    }

    pub(crate) fn spawn(&self, task: impl std::future::Future<Output = ()> + Send + 'static) {
        let handle = tokio::spawn(task);
        if let Ok(mut tasks) = self.inner.tasks.lock() {
            tasks.push(handle);
        }
    }
}

/// Decides which timeline items are news, so each is announced once.
struct Announcer {
    room_id: OwnedRoomId,
    since: MilliSecondsSinceUnixEpoch,
    own_user: OwnedUserId,
    /// Whether the room is a direct chat (membership changes are news only there).
    direct: bool,
    announced: HashSet<OwnedEventId>,
    reported_utd: HashSet<OwnedEventId>,
    /// Reactions to own messages already announced: (message, who, key).
    reactions: HashSet<(OwnedEventId, OwnedUserId, String)>,
    /// What each message looked like when last seen, to report edits and deletions.
    seen: HashMap<OwnedEventId, Seen>,
    /// The newest remote event seen, to tell history arriving at the timeline's newest end
    /// (a catch-up) from history paginated in at its start.
    newest: Option<MilliSecondsSinceUnixEpoch>,
    /// Whether history reached the newest end since last asked (`take_history_grew`).
    history_grew: bool,
    /// The organisation's incoming content filter.
    screen: crate::content_filter::Screen,
}

/// A message's state as far as edits and deletions go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Readable; the hash of its text.
    Text(u64),
    /// Deleted.
    Redacted,
    /// Anything else (not decryptable yet).
    Other,
}

impl Announcer {
    fn new(
        room: &Room,
        since: MilliSecondsSinceUnixEpoch,
        direct: bool,
        screen: crate::content_filter::Screen,
    ) -> Self {
        Self {
            room_id: room.room_id().to_owned(),
            since,
            own_user: room.own_user_id().to_owned(),
            direct,
            announced: HashSet::new(),
            reported_utd: HashSet::new(),
            reactions: HashSet::new(),
            seen: HashMap::new(),
            newest: None,
            history_grew: false,
            screen,
        }
    }

    /// Whether messages from before sync started reached the timeline's newest end since the
    /// last call. They are not announced, so a front end that showed the room from the local
    /// cache would never see them (nor their decryption) without being told to reload.
    fn take_history_grew(&mut self) -> bool {
        std::mem::take(&mut self.history_grew)
    }

    fn first_sight(&mut self, at: MilliSecondsSinceUnixEpoch) {
        if self.is_history(at) && self.newest.is_none_or(|newest| at > newest) {
            self.history_grew = true;
        }
        self.newest = self.newest.max(Some(at));
    }

    fn is_history(&self, at: MilliSecondsSinceUnixEpoch) -> bool {
        at < self.since
    }

    /// Appends to `out` what `item` newly tells: a message, a call, a change in a direct
    /// chat or to encryption, or new reactions to one of our own messages.
    fn consider(&mut self, item: &EventTimelineItem, out: &mut Vec<EngineEvent>) {
        if !item.is_remote_event() {
            return;
        }
        if let Some(event_id) = item.event_id() {
            self.edits_and_deletions(event_id, item, out);
        }
        if item.is_own() {
            if let Some(event_id) = item.event_id() {
                self.reactions_to_own(event_id, item, out);
            }
            return;
        }
        if self.is_history(item.timestamp()) {
            return;
        }
        let Some(event_id) = item.event_id() else { return };
        // Every change rescans the timeline: decide from the ids before building a view.
        let undecryptable = item.content().is_unable_to_decrypt();
        if self.announced.contains(event_id) || (undecryptable && self.reported_utd.contains(event_id)) {
            return;
        }
        let event_id = event_id.to_owned();
        let room_id = self.room_id.to_string();
        let timestamp_ms: u64 = item.timestamp().0.into();
        let event = match item.content() {
            TimelineItemContent::CallInvite | TimelineItemContent::RtcNotification { .. } => {
                EngineEvent::CallInvite {
                    room_id,
                    event_id: event_id.to_string(),
                    caller: item.sender().to_string(),
                    caller_name: sender_name(item),
                }
            }
            TimelineItemContent::MembershipChange(membership) => {
                if !self.direct || membership.user_id() == self.own_user {
                    return;
                }
                let Some(change) = membership.change().and_then(membership_word) else { return };
                EngineEvent::Membership {
                    room_id,
                    event_id: event_id.to_string(),
                    user_id: membership.user_id().to_string(),
                    change,
                    timestamp_ms,
                }
            }
            TimelineItemContent::OtherState(state)
                if matches!(state.content(), AnyOtherStateEventContentChange::RoomEncryption(_)) =>
            {
                EngineEvent::EncryptionChanged {
                    room_id,
                    event_id: event_id.to_string(),
                    sender: item.sender().to_string(),
                    timestamp_ms,
                }
            }
            _ => {
                let Some(view) = message_view(&self.room_id, &self.own_user, item) else { return };
                if view.utd_reason.is_some() {
                    self.reported_utd.insert(event_id);
                    out.push(EngineEvent::Undecryptable(view));
                    return;
                }
                // Removed by the organisation's filter: not news, not shown.
                let Some(view) = self.screen.screen(view) else {
                    self.announced.insert(event_id);
                    return;
                };
                EngineEvent::Message(view)
            }
        };
        self.announced.insert(event_id);
        out.push(event);
    }

    /// Reports an edit or a deletion of a message seen before (history included: front
    /// ends show history too). The first sight of a message records it, and reports an edit
    /// or deletion of an older message made since sync started: a room's timeline is opened
    /// when sync brings it news (`watch_rooms`), and the news may be just that.
    fn edits_and_deletions(
        &mut self,
        event_id: &EventId,
        item: &EventTimelineItem,
        out: &mut Vec<EngineEvent>,
    ) {
        let content = item.content();
        let now = if content.is_redacted() {
            Seen::Redacted
        } else if let Some(message) = content.as_message() {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            std::hash::Hash::hash(message.body(), &mut hasher);
            Seen::Text(std::hash::Hasher::finish(&hasher))
        } else {
            Seen::Other
        };
        let Some(before) = self.seen.insert(event_id.to_owned(), now) else {
            self.first_sight(item.timestamp());
            // A message from since sync started is announced as itself, edited or not.
            if self.is_history(item.timestamp()) {
                self.changed_since_start(event_id, item, now, out);
            }
            return;
        };
        match (before, now) {
            (Seen::Text(old), Seen::Text(new)) if old != new => {
                self.push_edited(item, out);
            }
            // History that became readable (its room key came after it): no message is
            // announced for it, and the front ends still show it as undecryptable.
            (Seen::Other, Seen::Text(_)) if self.is_history(item.timestamp()) => {
                self.push_edited(item, out);
            }
            (Seen::Text(_) | Seen::Other, Seen::Redacted) => self.push_redacted(event_id, out),
            _ => {}
        }
    }

    /// An edited message as the filter lets it through (a filtered one is not news).
    fn push_edited(&self, item: &EventTimelineItem, out: &mut Vec<EngineEvent>) {
        if let Some(view) =
            message_view(&self.room_id, &self.own_user, item).and_then(|v| self.screen.screen(v))
        {
            out.push(EngineEvent::Edited(view));
        }
    }

    fn push_redacted(&self, event_id: &EventId, out: &mut Vec<EngineEvent>) {
        out.push(EngineEvent::Redacted { room_id: self.room_id.to_string(), event_id: event_id.to_string() });
    }

    /// At the first sight of an older message: its edit or deletion, if made since sync started.
    fn changed_since_start(
        &self,
        event_id: &EventId,
        item: &EventTimelineItem,
        now: Seen,
        out: &mut Vec<EngineEvent>,
    ) {
        let at = |raw: Option<&matrix_sdk::ruma::serde::Raw<_>>, path: &[&str]| {
            let json: serde_json::Value = raw?.deserialize_as().ok()?;
            let ms = path.iter().fold(&json, |value, key| &value[key]).as_u64()?;
            Some(MilliSecondsSinceUnixEpoch(matrix_sdk::ruma::UInt::try_from(ms).ok()?))
        };
        match now {
            Seen::Text(_)
                if at(item.latest_edit_json(), &["origin_server_ts"])
                    .is_some_and(|t| !self.is_history(t)) =>
            {
                self.push_edited(item, out);
            }
            // A deleted event keeps the deletion that removed it in `unsigned.redacted_because`.
            Seen::Redacted
                if at(item.original_json(), &["unsigned", "redacted_because", "origin_server_ts"])
                    .is_some_and(|t| !self.is_history(t)) =>
            {
                self.push_redacted(event_id, out);
            }
            _ => {}
        }
    }

    fn reactions_to_own(&mut self, event_id: &EventId, item: &EventTimelineItem, out: &mut Vec<EngineEvent>) {
        let Some(reactions) = item.content().reactions() else { return };
        for (key, by_sender) in reactions.iter() {
            for (sender, info) in by_sender {
                if *sender == self.own_user || self.is_history(info.timestamp) {
                    continue;
                }
                if self.reactions.insert((event_id.to_owned(), sender.clone(), key.clone())) {
                    out.push(EngineEvent::Reaction {
                        room_id: self.room_id.to_string(),
                        event_id: event_id.to_string(),
                        sender: sender.to_string(),
                        // The timeline keeps no profile per reaction; the id is exact.
                        sender_name: sender.to_string(),
                        key: key.clone(),
                        timestamp_ms: info.timestamp.0.into(),
                    });
                }
            }
        }
    }
}

/// A membership change in words, or `None` for changes that are not news (profile-only).
fn membership_word(change: MembershipChange) -> Option<&'static str> {
    use MembershipChange as M;
    Some(match change {
        M::Joined | M::InvitationAccepted | M::KnockAccepted => "joined",
        M::Left | M::InvitationRejected | M::KnockRetracted => "left",
        M::Invited => "invited",
        M::InvitationRevoked => "invitation_revoked",
        M::Kicked => "removed",
        M::Banned | M::KickedAndBanned => "banned",
        M::Unbanned => "unbanned",
        M::Knocked => "asked_to_join",
        M::KnockDenied => "request_denied",
        M::None | M::Error | M::NotImplemented => return None,
    })
}

async fn watch_timeline(
    timeline: Arc<Timeline>,
    mut announcer: Announcer,
    events: broadcast::Sender<EngineEvent>,
) {
    let (items, stream) = timeline.subscribe().await;
    // Only the items a change touches are looked at: rescanning the whole timeline on every
    // change made a burst of N messages cost N² item visits.
    let announce = |touched: &mut dyn Iterator<Item = &Arc<TimelineItem>>, announcer: &mut Announcer| {
        let mut news = Vec::new();
        for item in touched {
            if let Some(event) = item.as_event() {
                announcer.consider(event, &mut news);
            }
        }
        let fresh_utd = news.iter().any(|e| matches!(e, EngineEvent::Undecryptable(_)));
        for event in news {
            let _ = events.send(event);
        }
        fresh_utd
    };
    if announce(&mut items.iter(), &mut announcer) {
        tokio::spawn(retry_soon(timeline.clone()));
    }
    // What the timeline held when opened is what its first reader gets.
    announcer.take_history_grew();
    pin_mut!(stream);
    while let Some(diffs) = stream.next().await {
        let (mut cleared, mut fresh_utd) = (false, false);
        for diff in &diffs {
            use eyeball_im::VectorDiff as D;
            fresh_utd |= match diff {
                D::Append { values } | D::Reset { values } => announce(&mut values.iter(), &mut announcer),
                D::PushBack { value }
                | D::PushFront { value }
                | D::Insert { value, .. }
                | D::Set { value, .. } => announce(&mut std::iter::once(value), &mut announcer),
                D::Clear | D::PopFront | D::PopBack | D::Remove { .. } | D::Truncate { .. } => false,
            };
            cleared |= matches!(diff, D::Clear | D::Reset { .. });
        }
        if announcer.take_history_grew() {
            let _ = events.send(EngineEvent::TimelineChanged { room_id: announcer.room_id.to_string() });
            // Undecryptable history is not reported, so nothing else would retry it soon.
            fresh_utd = true;
        }
        if fresh_utd {
            tokio::spawn(retry_soon(timeline.clone()));
        }
        if cleared {
            fill_gap(&timeline, &announcer).await;
        }
    }
    debug!(room_id = %announcer.room_id, "timeline stream ended");
}

/// Delays after which a newly undecryptable message is retried.
const UTD_QUICK_RETRIES: [std::time::Duration; 2] =
    [std::time::Duration::from_secs(1), std::time::Duration::from_secs(3)];

/// Retries a timeline's undecryptable items shortly after one appeared. The sender's
/// device keys often arrive in the same sync as their first room key but are processed
/// before the item reaches the timeline, so the retry made on their arrival came too early,
/// and the next chance was the slow tick (`UTD_RETRY_TICK`).
async fn retry_soon(timeline: Arc<Timeline>) {
    for delay in UTD_QUICK_RETRIES {
        tokio::time::sleep(delay).await;
        if !retry_utd(&timeline).await {
            return;
        }
    }
}

/// Events per request when filling a gap.
const GAP_PAGE: u16 = 50;
/// Most requests spent filling one gap (5,000 events).
const MAX_GAP_PAGES: usize = 100;

/// After a sync with more events than the room list asks for, matrix-sdk's event cache
/// leaves a gap and the timeline restarts from the newest events: whatever fell into the
/// gap would never be announced (nor notified). Paginates back until the timeline reaches
/// an event announced before, or history, or the room's start; the new items then arrive
/// through the timeline's stream and are announced like any others.
async fn fill_gap(timeline: &Timeline, announcer: &Announcer) {
    // What the timeline restarted with was just announced: only an event from before the gap
    // shows that the gap is filled.
    let after_gap: HashSet<OwnedEventId> = timeline
        .items()
        .await
        .iter()
        .filter_map(|item| item.as_event()?.event_id().map(ToOwned::to_owned))
        .collect();
    for _ in 0..MAX_GAP_PAGES {
        let reached_known = timeline.items().await.iter().filter_map(|item| item.as_event()).any(|item| {
            announcer.is_history(item.timestamp())
                || item.event_id().is_some_and(|id| {
                    !after_gap.contains(id)
                        && (announcer.announced.contains(id) || announcer.reported_utd.contains(id))
                })
        });
        if reached_known {
            return;
        }
        match timeline.paginate_backwards(GAP_PAGE).await {
            Ok(true) => return,
            Ok(false) => {}
            Err(e) => {
                warn!(room_id = %announcer.room_id, error = %e, "could not fill a gap in the timeline; events in it may not be announced");
                return;
            }
        }
    }
    warn!(room_id = %announcer.room_id, "a timeline gap was larger than Parley fills; older events in it are not announced");
}

async fn watch_rooms(
    engine: Engine,
    mut updates: broadcast::Receiver<matrix_sdk::sync::RoomUpdates>,
    started_at: MilliSecondsSinceUnixEpoch,
) {
    let mut known_rooms: HashSet<OwnedRoomId> =
        engine.inner.client.joined_rooms().iter().map(|room| room.room_id().to_owned()).collect();
    loop {
        let update = match updates.recv().await {
            Ok(update) => update,
            Err(broadcast::error::RecvError::Lagged(skipped)) => {
                // What the skipped updates brought is unknown: every room is watched from
                // here on, and what came since sync started and was not yet announced is.
                warn!(skipped, "room updates lagged; rescanning rooms");
                for room in engine.inner.client.joined_rooms() {
                    let _ = engine.ensure_timeline(&room, started_at).await;
                }
                continue;
            }
            Err(broadcast::error::RecvError::Closed) => return,
        };
        let mut changed = !update.left.is_empty();
        for (room_id, joined) in &update.joined {
            let Some(room) = engine.inner.client.get_room(room_id).filter(|r| r.state() == RoomState::Joined)
            else {
                continue;
            };
            // A room new to us (first sign-in, an invite accepted) changes the room list.
            changed |= known_rooms.insert(room_id.clone());
            if engine.inner.timelines.lock().await.contains_key(room_id) || !has_news(joined, started_at) {
                continue;
            }
            // Only what happened since sync started is news: a room's history (the catch-up
            // of the first sync, a new room's past) is not announced.
            if let Err(e) = engine.ensure_timeline(&room, started_at).await {
                warn!(%room_id, error = %e, "could not open the timeline of a room with news");
            }
        }
        for room_id in update.invited.keys() {
            if let Some(room) = engine.inner.client.get_room(room_id) {
                changed = true;
                engine.announce_invite(&room).await;
            }
        }
        if changed {
            engine.emit(EngineEvent::RoomsChanged);
        }
    }
}

/// Changes to a room that show in the room list: its name, unread counts and place.
const LIST_CHANGES: RoomInfoNotableUpdateReasons = RoomInfoNotableUpdateReasons::READ_RECEIPT
    .union(RoomInfoNotableUpdateReasons::UNREAD_MARKER)
    .union(RoomInfoNotableUpdateReasons::RECENCY_STAMP)
    .union(RoomInfoNotableUpdateReasons::DISPLAY_NAME);

/// How long a burst of room changes is gathered into one `RoomsChanged`: the list reorders
/// by recency, and while a catch-up lasts it should not move under the pointer more often
/// (the front end refreshes it once a second for new messages too).
const LIST_CHANGES_GATHER: std::time::Duration = std::time::Duration::from_secs(1);

/// Reports room changes that show in the room list as `RoomsChanged`. matrix-sdk's event cache
/// counts unread messages after the sync that brought them, so nothing else would tell front
/// ends; and history (the catch-up after being closed) is announced by no message event.
async fn watch_room_list_changes(engine: Engine) {
    use broadcast::error::{RecvError, TryRecvError};
    let mut updates = engine.inner.client.room_info_notable_update_receiver();
    loop {
        match updates.recv().await {
            Ok(update) if !update.reasons.intersects(LIST_CHANGES) => continue,
            Ok(_) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => return,
        }
        // A catch-up changes hundreds of rooms in a few seconds: one report for the burst.
        tokio::time::sleep(LIST_CHANGES_GATHER).await;
        while matches!(updates.try_recv(), Ok(_) | Err(TryRecvError::Lagged(_))) {}
        engine.emit(EngineEvent::RoomsChanged);
    }
}

/// Whether a sync update brings events from since sync started (an event whose time cannot
/// be read counts as news): only then is the room's timeline opened to announce them.
fn has_news(update: &matrix_sdk::sync::JoinedRoomUpdate, started_at: MilliSecondsSinceUnixEpoch) -> bool {
    update.timeline.events.iter().any(|event| event.timestamp().is_none_or(|at| at >= started_at))
}

async fn watch_sync_state(mut state: eyeball::Subscriber<SyncState>, events: broadcast::Sender<EngineEvent>) {
    while let Some(next) = state.next().await {
        let name = match next {
            SyncState::Idle => "idle",
            SyncState::Running => "running",
            SyncState::Terminated => "terminated",
            SyncState::Error(_) => "error",
            SyncState::Offline => "offline",
        };
        let _ = events.send(EngineEvent::SyncState { state: name.to_owned() });
    }
}

/// Asks every live timeline to decrypt its undecryptable items again whenever
/// identities or devices change (see the module docs).
/// How often undecryptable messages are retried even without a crypto change.
const UTD_RETRY_TICK: std::time::Duration = std::time::Duration::from_secs(10);

async fn retry_on_crypto_changes(engine: Engine) {
    let encryption = engine.inner.client.encryption();
    let (Ok(identities), Ok(devices)) =
        (encryption.user_identities_stream().await, encryption.devices_stream().await)
    else {
        warn!("crypto change streams unavailable; undecryptable messages will wait for new keys");
        return;
    };
    // Also retry on a slow tick: a crypto change can land before the undecryptable item is
    // in its timeline (e.g. right after start-up), and then no later change would retry it.
    let ticks = futures_util::stream::unfold((), |()| async {
        tokio::time::sleep(UTD_RETRY_TICK).await;
        Some(((), ()))
    });
    let changes = futures_util::stream::select(
        futures_util::stream::select(identities.map(|_| ()), devices.map(|_| ())),
        ticks,
    );
    pin_mut!(changes);
    while changes.next().await.is_some() {
        engine.retry_undecryptable().await;
    }
}

/// How long one-shot readers wait for keys that are on their way.
const DECRYPTION_GRACE: std::time::Duration = std::time::Duration::from_secs(8);

/// Retries the timeline's undecryptable items for a few seconds while keys may still be
/// arriving: a fresh process can meet a message in its first sync before the sender's
/// devices are loaded, and the 10 s retry tick is too slow for a one-shot command.
pub(crate) async fn await_decryption(timeline: &Timeline) {
    let deadline = tokio::time::Instant::now() + DECRYPTION_GRACE;
    while tokio::time::Instant::now() < deadline && retry_utd(timeline).await {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

impl Engine {
    /// Waits (a few seconds at most) until the loaded messages of a room that can be
    /// decrypted are, for one-shot readers (`parleyctl history`).
    pub async fn await_decryption(&self, room_id: &str) -> Result<()> {
        let room = self.joined_room(room_id)?;
        let timeline = self.timeline(&room).await?;
        await_decryption(&timeline).await;
        Ok(())
    }

    /// Asks every live timeline to decrypt its undecryptable items again (new keys arrived).
    pub(crate) async fn retry_undecryptable(&self) {
        let timelines: Vec<_> = self.inner.timelines.lock().await.values().cloned().collect();
        for timeline in timelines {
            retry_utd(&timeline).await;
        }
    }
}

/// Asks a timeline to decrypt its undecryptable items again; `false` when it has none.
async fn retry_utd(timeline: &Timeline) -> bool {
    let sessions = utd_sessions(&timeline.items().await);
    if sessions.is_empty() {
        return false;
    }
    debug!(count = sessions.len(), "retrying decryption");
    timeline.retry_decryption(sessions).await;
    true
}

fn utd_sessions(items: &imbl::Vector<Arc<TimelineItem>>) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item.as_event()?.content().as_unable_to_decrypt()? {
            EncryptedMessage::MegolmV1AesSha2 { session_id, .. } => Some(session_id.clone()),
            _ => None,
        })
        .collect()
}

/// The last `limit` messages loaded in a timeline before the event `before` (None: the
/// newest), oldest first; None when `before` is not loaded. Only those are converted: a room
/// scrolled far back holds thousands of items, and a page is asked for on every room switch.
pub(crate) async fn message_views_before(
    timeline: &Timeline,
    before: Option<&str>,
    limit: usize,
) -> Option<Vec<MessageView>> {
    let room_id = timeline.room().room_id().to_owned();
    let own = timeline.room().own_user_id().to_owned();
    let items = timeline.items().await;
    let events: Vec<Option<&EventTimelineItem>> = items.iter().map(|item| item.as_event()).collect();
    let end = match before {
        None => events.len(),
        Some(before) => events.iter().position(|e| event_id_of(*e) == Some(before))?,
    };
    let first = first_copies(events[..end].iter().map(|e| event_id_of(*e)));
    let mut views: Vec<MessageView> = (0..end)
        .rev()
        .filter(|&i| first[i])
        .filter_map(|i| message_view(&room_id, &own, events[i]?))
        .take(limit)
        .collect();
    views.reverse();
    Some(views)
}

fn event_id_of(event: Option<&EventTimelineItem>) -> Option<&str> {
    event.and_then(EventTimelineItem::event_id).map(matrix_sdk::ruma::EventId::as_str)
}

/// Whether each item is the first copy of its event. matrix-sdk's event cache can hold one
/// event twice after it was rebuilt (the sync's copy and a back-pagination's copy of the same
/// event, matrix-rust-sdk#4746), and a message shown twice reads as a message sent twice, so
/// later copies are left out. Local echoes have no event ID yet and are all kept.
fn first_copies<'a>(ids: impl Iterator<Item = Option<&'a str>>) -> Vec<bool> {
    let mut seen = HashSet::new();
    ids.map(|id| id.is_none_or(|id| seen.insert(id))).collect()
}

fn message_view(room_id: &OwnedRoomId, own: &UserId, item: &EventTimelineItem) -> Option<MessageView> {
    let content = item.content();
    let mut view = MessageView {
        room_id: room_id.to_string(),
        event_id: item.event_id().map(ToString::to_string),
        sender: item.sender().to_string(),
        sender_name: sender_name(item),
        timestamp_ms: item.timestamp().0.into(),
        own: item.is_own(),
        shield: shield(item),
        mentions_me: item.is_highlighted(),
        ..MessageView::default()
    };
    if let Some(message) = content.as_message() {
        // A verification request travels as a message whose body is fallback text for
        // clients without verification; Parley shows the verification itself instead.
        if matches!(message.msgtype(), MessageType::VerificationRequest(_)) {
            return None;
        }
        message.body().clone_into(&mut view.body);
        view.edited = message.is_edited();
        view.file = crate::files::file_offer(message.msgtype());
        if view.file.is_some() {
            // A file's body is its name (or caption): shown as plain text, never linkified.
            view.segments = vec![TextSegment { text: view.body.clone(), link: None }];
        } else {
            let (links, html) = crate::links::message_content(message.body(), Some(message.msgtype()));
            view.segments = crate::links::segments(message.body(), &links);
            view.html = html;
        }
    } else if let Some(utd) = content.as_unable_to_decrypt() {
        let (code, reason) = utd_reason(utd);
        view.utd_code = Some(code);
        view.utd_reason = Some(reason.to_owned());
    } else if content.is_redacted() {
        view.redacted = true;
    } else {
        return None;
    }
    view.encrypted = view.utd_reason.is_some() || item.encryption_info().is_some();
    if let Some(reply) = content.in_reply_to() {
        let embedded = match &reply.event {
            TimelineDetails::Ready(embedded) => Some(embedded),
            _ => None,
        };
        view.reply_to_me = embedded.is_some_and(|e| e.sender == own);
        view.reply_to = Some(ReplyTo {
            event_id: reply.event_id.to_string(),
            sender: embedded.map(|e| e.sender.to_string()),
            text: embedded.and_then(|e| e.content.as_message()).map(|m| preview(m.body())),
        });
    }
    if let Some(reactions) = content.reactions() {
        view.reactions = reactions
            .iter()
            .map(|(key, senders)| ReactionCount {
                key: key.clone(),
                count: senders.len(),
                own: senders.contains_key(own),
            })
            .collect();
    }
    if !item.is_remote_event() {
        view.transaction_id = item.transaction_id().map(ToString::to_string);
        view.send_state = match item.send_state() {
            Some(EventSendState::SendingFailed { is_recoverable: false, .. }) => Some("failed"),
            Some(EventSendState::Sent { .. }) => None,
            _ => Some("sending"),
        };
    }
    Some(view)
}

/// Most characters of a replied-to message quoted in a reply.
const REPLY_PREVIEW_CHARS: usize = 200;

/// The start of a message's text for quoting: one line of at most [`REPLY_PREVIEW_CHARS`].
fn preview(body: &str) -> String {
    let line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or_default().trim();
    let mut text: String = line.chars().take(REPLY_PREVIEW_CHARS).collect();
    if line.chars().count() > REPLY_PREVIEW_CHARS || body.trim().lines().count() > 1 {
        text.push('…');
    }
    text
}

/// The strict authenticity shield: anything short of a verified sender on a device they
/// signed gets one.
fn shield(item: &EventTimelineItem) -> Option<crate::views::Shield> {
    use matrix_sdk_ui::timeline::TimelineEventShieldState as State;
    let (level, code) = match item.get_shield(true) {
        State::None => return None,
        State::Red { code } => ("red", code),
        State::Grey { code } => ("grey", code),
    };
    let (code, message) = shield_words(code);
    Some(crate::views::Shield { level, code, message })
}

/// A shield's stable code and its sentence (the UI translates by the code).
fn shield_words(code: matrix_sdk_ui::timeline::TimelineEventShieldStateCode) -> (&'static str, &'static str) {
    use matrix_sdk_ui::timeline::TimelineEventShieldStateCode as Code;
    match code {
        Code::AuthenticityNotGuaranteed => (
            "authenticity_not_guaranteed",
            "The authenticity of this message cannot be guaranteed on this device.",
        ),
        Code::UnknownDevice => ("unknown_device", "Sent from a device Parley does not know."),
        Code::UnsignedDevice => ("unsigned_device", "Sent from a device its owner has not verified."),
        Code::UnverifiedIdentity => ("unverified_identity", "Sent by someone you have not verified."),
        Code::VerificationViolation => {
            ("verification_violation", "The sender's identity changed since you verified them.")
        }
        Code::MismatchedSender => {
            ("mismatched_sender", "The sender does not own the device that encrypted this.")
        }
        Code::SentInClear => ("sent_in_clear", "Sent without encryption in an encrypted room."),
    }
}

/// The sender's display name, or their user id.
pub(crate) fn sender_name(item: &EventTimelineItem) -> String {
    match item.sender_profile() {
        TimelineDetails::Ready(profile) => profile.display_name.clone(),
        _ => None,
    }
    .unwrap_or_else(|| item.sender().to_string())
}

/// Why a message is unreadable, in words the user can act on, with a stable code the UI
/// translates by (`MessageView::utd_code`).
fn utd_reason(message: &EncryptedMessage) -> (&'static str, &'static str) {
    utd_words(match message {
        EncryptedMessage::MegolmV1AesSha2 { cause, .. } => *cause,
        _ => UtdCause::Unknown,
    })
}

fn utd_words(cause: UtdCause) -> (&'static str, &'static str) {
    match cause {
        UtdCause::SentBeforeWeJoined => {
            ("sent_before_joined", "This message was sent before you joined the room.")
        }
        UtdCause::VerificationViolation => (
            "verification_violation",
            "The sender's verified identity changed, so this message is not trusted.",
        ),
        UtdCause::UnsignedDevice | UtdCause::UnknownDevice => (
            "unverified_device",
            "The sender's device is not verified by its owner, so this message was not decrypted.",
        ),
        UtdCause::HistoricalMessageAndBackupIsDisabled | UtdCause::HistoricalMessageAndDeviceIsUnverified => {
            ("historical", "This is an older message and its key is not available on this device.")
        }
        UtdCause::WithheldForUnverifiedOrInsecureDevice => (
            "withheld_unverified",
            "The sender did not share the key with this device because it is not verified.",
        ),
        UtdCause::WithheldBySender => {
            ("withheld_by_sender", "The sender chose not to share the key for this message.")
        }
        UtdCause::Unknown => (
            "key_not_arrived",
            "The key for this message has not arrived yet; Parley will decrypt it when it does.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_held_twice_is_shown_once_and_local_echoes_all_stay() {
        let ids = [Some("$a"), Some("$b"), Some("$a"), None, None];
        assert_eq!(first_copies(ids.into_iter()), [true, true, false, true, true]);
    }

    /// The UI translates shields and unreadable-message reasons by code; its English catalogue
    /// must say exactly what Rust says, or English readers would see other words than the log.
    #[test]
    fn the_english_catalogue_says_what_rust_says_for_every_shield_and_unreadable_reason() {
        use matrix_sdk_ui::timeline::TimelineEventShieldStateCode as Code;
        let catalogue = include_str!("../../../ui/src/locales/en/timeline.ftl");
        let sentences: Vec<&str> =
            catalogue.lines().filter_map(|l| l.split_once(" = ").map(|(_, v)| v)).collect();
        let shields = [
            Code::AuthenticityNotGuaranteed,
            Code::UnknownDevice,
            Code::UnsignedDevice,
            Code::UnverifiedIdentity,
            Code::VerificationViolation,
            Code::MismatchedSender,
            Code::SentInClear,
        ]
        .map(shield_words);
        let reasons = [
            UtdCause::SentBeforeWeJoined,
            UtdCause::VerificationViolation,
            UtdCause::UnsignedDevice,
            UtdCause::UnknownDevice,
            UtdCause::HistoricalMessageAndBackupIsDisabled,
            UtdCause::HistoricalMessageAndDeviceIsUnverified,
            UtdCause::WithheldForUnverifiedOrInsecureDevice,
            UtdCause::WithheldBySender,
            UtdCause::Unknown,
        ]
        .map(utd_words);
        for (code, sentence) in shields.iter().chain(&reasons) {
            assert!(
                sentences.contains(sentence),
                "{code}: {sentence:?} is not in ui/src/locales/en/timeline.ftl"
            );
        }
    }
}
