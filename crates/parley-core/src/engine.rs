//! The engine: one signed-in account, its encrypted store, and its sync.

use std::{collections::HashMap, sync::Arc, time::Duration};

use matrix_sdk::cross_process_lock::CrossProcessLockConfig;
use matrix_sdk::{
    Client, Room, RoomState,
    config::RequestConfig,
    encryption::{BackupDownloadStrategy, EncryptionSettings},
    ruma::{OwnedRoomId, OwnedUserId, RoomId, UserId, api::error::ErrorKind},
};
use matrix_sdk_base::crypto::{CollectStrategy, DecryptionSettings, TrustRequirement};
use matrix_sdk_ui::{sync_service::SyncService, timeline::Timeline};
use parley_policy::Policy;
use tokio::sync::{Mutex, OnceCell, broadcast};
use tracing::{debug, info, instrument, warn};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::{
    error::{CoreError, Result},
    profile::{Profile, ProfileMeta},
    secrets::MasterKey,
    views::{AccountInfo, EngineEvent, MessageView, RoomSummary, SendWait},
};

/// Requests to the homeserver give up after this long.
const REQUEST_TIMEOUT: Duration = Duration::from_mins(1);
/// Retries of one request on transient failures before it fails (the send queue and
/// sync then retry on their own schedule).
const REQUEST_RETRIES: usize = 2;
/// Upper bound on back-pagination requests for one `messages` call.
const MAX_PAGINATION_ROUNDS: usize = 8;
/// Capacity of the event stream; slow listeners skip ahead, the store keeps everything.
// Large enough that a flood (1,000 messages in seconds) never makes the notifier lag: a
// lagging receiver loses events, and the notification centre must not.
const EVENT_CHANNEL_CAPACITY: usize = 16_384;

/// How [`Engine::send_text_with`] sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct SendOptions {
    /// When to return.
    pub wait: SendWait,
    /// The person saw what outgoing DLP found in this message and chose to send it anyway
    /// (honoured in `DlpMode` `warn`; `block` refuses regardless).
    pub sensitive_data_confirmed: bool,
    /// The person saw that people from outside the organisation are in the room and chose
    /// to send to them (`WarnExternalMembers`).
    pub external_members_confirmed: bool,
}

impl Default for SendOptions {
    fn default() -> Self {
        Self { wait: SendWait::Ack, sensitive_data_confirmed: false, external_members_confirmed: false }
    }
}

impl SendOptions {
    /// Options that wait as `wait` says, with nothing confirmed.
    pub fn new(wait: SendWait) -> Self {
        Self { wait, ..Self::default() }
    }

    /// Marks the DLP findings as seen and confirmed by the person.
    #[must_use]
    pub fn sensitive_data_confirmed(mut self, confirmed: bool) -> Self {
        self.sensitive_data_confirmed = confirmed;
        self
    }

    /// Marks the outside members of the room as seen and confirmed by the person.
    #[must_use]
    pub fn external_members_confirmed(mut self, confirmed: bool) -> Self {
        self.external_members_confirmed = confirmed;
        self
    }
}

/// What a user types to sign in. The password is wiped from memory on drop.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct LoginRequest {
    /// A homeserver URL (`https://matrix.example.org`) or a server name to discover.
    pub homeserver: String,
    /// A user name (`alice`) or full user id (`@alice:example.org`).
    pub user: String,
    /// The password.
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("homeserver", &self.homeserver)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// A signed-in account. Cheap to clone; all clones share one client and one sync.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) client: Client,
    pub(crate) account: AccountInfo,
    /// The policy in force; replaced whole by [`Engine::set_policy`].
    pub(crate) policy: std::sync::RwLock<Arc<Policy>>,
    /// Outgoing DLP compiled from `policy` (kept in step by [`Engine::set_policy`]).
    pub(crate) dlp: std::sync::RwLock<Arc<crate::dlp::OutgoingDlp>>,
    /// The incoming content filter compiled from `policy` (kept in step by [`Engine::set_policy`]).
    pub(crate) screen: crate::content_filter::Screen,
    pub(crate) events: broadcast::Sender<EngineEvent>,
    pub(crate) sync: OnceCell<SyncService>,
    pub(crate) timelines: Mutex<HashMap<OwnedRoomId, Arc<Timeline>>>,
    pub(crate) tasks: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
    pub(crate) announced_invites: Mutex<std::collections::HashSet<OwnedRoomId>>,
    /// Users whose identity was fetched from the homeserver this run (`identity.rs`).
    pub(crate) fresh_identities: std::sync::Mutex<std::collections::HashSet<matrix_sdk::ruma::OwnedUserId>>,
    /// Until when identity refreshes skip the network after a failed request (offline).
    pub(crate) offline_until: std::sync::Mutex<Option<std::time::Instant>>,
    /// This account's audit log; `None` when the `AuditLog` policy is off or it cannot be opened.
    pub(crate) audit: Option<Arc<crate::audit::AuditLog>>,
    /// The profile folder (the quarantine lives inside it).
    pub(crate) profile_dir: std::path::PathBuf,
    /// This process's hold on the profile; given up at sign-out (`Engine::logout`), since
    /// clones of the engine may outlive it in a front end that signs in again.
    pub(crate) profile_lock: std::sync::Mutex<Option<crate::profile_lock::ProfileLock>>,
    /// HTTP client for streamed media downloads (`files.rs`), sharing no cache with the SDK.
    pub(crate) media_http: reqwest::Client,
    /// What became of each file accepted this run, by event id (for opening).
    pub(crate) accepted_files: std::sync::Mutex<HashMap<String, crate::files::FileOutcome>>,
    /// Emoji verifications in progress, by flow id (`verify.rs`).
    pub(crate) verifications: crate::verify::Flows,
    /// Sends queued crypto requests while a verification runs (`crypto_flush.rs`).
    pub(crate) crypto_flush: crate::crypto_flush::Connection,
    /// Set once the homeserver ended this device's session (`session_health.rs`).
    pub(crate) signed_out: tokio::sync::watch::Sender<bool>,
    /// The managed-policy watcher, once [`Engine::watch_policy`] started it.
    pub(crate) policy_watcher: std::sync::Mutex<Option<parley_policy::PolicyWatcher>>,
    /// Sync being started in the background (`Engine::start_sync_in_background`).
    pub(crate) starting: std::sync::Mutex<Option<tokio::task::AbortHandle>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Ok(tasks) = self.tasks.get_mut() {
            for task in tasks.drain(..) {
                task.abort();
            }
        }
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("account", &self.inner.account).finish_non_exhaustive()
    }
}

impl Engine {
    /// Signs in with a password and saves the session in `profile`.
    ///
    /// On any failure nothing is left behind: no store, no keyring entry.
    #[instrument(skip_all)]
    pub async fn login(profile: &Profile, request: LoginRequest) -> Result<Self> {
        let homeserver = request.homeserver.clone();
        crate::sign_in::sign_in(
            profile,
            &homeserver,
            parley_policy::LoginMethod::Password,
            |client| async move {
                client
                    .matrix_auth()
                    .login_username(request.user.trim(), &request.password)
                    .initial_device_display_name("Parley")
                    // Short-lived access tokens where the homeserver offers them; each refresh is
                    // sealed into the profile at once (`keep_refreshed_session`).
                    .request_refresh_token()
                    .send()
                    .await
                    .map_err(|e| login_error(&e))?;
                crate::sign_in::StoredSession::current(&client)
                    .ok_or_else(|| CoreError::internal("no session after login"))
            },
        )
        .await
    }

    /// Opens the saved session of `profile`; `Ok(None)` when nobody is signed in.
    #[instrument(skip_all)]
    pub async fn restore(profile: &Profile) -> Result<Option<Self>> {
        let lock = crate::profile_lock::ProfileLock::acquire(profile.dir())?;
        let Some(meta) = profile.meta()? else { return Ok(None) };
        let started = std::time::Instant::now();
        let key = Profile::load_key(&meta)?;
        let key_ms = started.elapsed().as_millis();
        let sealed = profile.open_session(&key)?;
        let session: crate::sign_in::StoredSession =
            serde_json::from_slice(&sealed).map_err(|_| CoreError::StoreLocked)?;
        // A profile from before `store_key`: once, on this start.
        let (store, rewrap_key) = (profile.store_dir(), key.clone());
        tokio::task::spawn_blocking(move || crate::store_key::rewrap_with_key(&store, &rewrap_key))
            .await
            .map_err(CoreError::internal)?;
        let (client, repaired) = match build_client(profile, &meta.homeserver, &key).await {
            Err(CoreError::StoreLocked) => (rebuild_caches(profile, &meta, &key).await?, true),
            built => (built?, false),
        };
        let store_ms = started.elapsed().as_millis();
        session.restore(&client).await?;
        // Where the start's time goes (docs/benchmarks.md, desktop start-up).
        debug!(
            key_ms,
            store_ms,
            total_ms = started.elapsed().as_millis(),
            "session restored from the local store"
        );
        keep_refreshed_session(&client, profile, &meta)?;
        let start = if repaired { Start::Repaired } else { Start::Restored };
        Ok(Some(Self::new(client, &meta, profile, lock, start, parley_policy::load_effective())))
    }

    /// An engine for a signed-in client under `resolved`, the machine's effective policy
    /// (DESIGN.md §4: the hardened defaults unless IT set something; unreadable sources fail
    /// safe inside `parley-policy`), read once by the caller for everything it decided.
    pub(crate) fn new(
        client: Client,
        meta: &ProfileMeta,
        profile: &Profile,
        lock: crate::profile_lock::ProfileLock,
        start: Start,
        resolved: parley_policy::Resolved,
    ) -> Self {
        let policy = resolved.policy;
        let audit = open_audit(profile, meta, &policy);
        // Problems in the organisation's policy are recorded each time they are met (the
        // policy in force at sign-in is recorded with the login).
        if let Some(log) = audit.as_ref().filter(|_| !resolved.problems.is_empty()) {
            let codes: Vec<&str> = resolved.problems.iter().map(|p| p.code.as_str()).collect();
            log.record(&crate::audit::AuditEvent::new("policy", "problems_found").with("codes", codes));
        }
        if let (Some(log), Start::Repaired) = (&audit, start) {
            log.record(&crate::audit::AuditEvent::new("store", "cache_rebuilt"));
        }
        if let (Some(log), Start::SignedIn(method)) = (&audit, start) {
            log.record(
                &crate::audit::AuditEvent::new("login", "signed_in")
                    .with("user_id", meta.user_id.clone())
                    .with("device_id", meta.device_id.clone())
                    .with("method", method.as_str())
                    .with("policy_locked_keys", resolved.entries.iter().filter(|e| e.locked).count()),
            );
        }
        let removed = crate::files::remove_unfinished_downloads(profile.dir());
        if let (Some(log), true) = (&audit, removed > 0) {
            log.record(&crate::audit::AuditEvent::new("file", "unfinished_removed").with("count", removed));
        }
        let (events, _) = broadcast::channel(EVENT_CHANNEL_CAPACITY);
        Self {
            inner: Arc::new(Inner {
                client,
                account: AccountInfo {
                    user_id: meta.user_id.clone(),
                    device_id: meta.device_id.clone(),
                    homeserver: meta.homeserver.clone(),
                },
                dlp: std::sync::RwLock::new(Arc::new(crate::dlp::OutgoingDlp::from_policy(&policy))),
                screen: crate::content_filter::Screen::new(&policy, audit.clone()),
                policy: std::sync::RwLock::new(Arc::new(policy)),
                events,
                sync: OnceCell::new(),
                timelines: Mutex::new(HashMap::new()),
                tasks: std::sync::Mutex::new(Vec::new()),
                announced_invites: Mutex::new(std::collections::HashSet::new()),
                fresh_identities: std::sync::Mutex::new(std::collections::HashSet::new()),
                offline_until: std::sync::Mutex::new(None),
                audit,
                profile_dir: profile.dir().to_owned(),
                profile_lock: std::sync::Mutex::new(Some(lock)),
                media_http: media_http_client(),
                accepted_files: std::sync::Mutex::new(HashMap::new()),
                verifications: std::sync::Mutex::new(HashMap::new()),
                crypto_flush: tokio::sync::Mutex::new(None),
                policy_watcher: std::sync::Mutex::new(None),
                starting: std::sync::Mutex::new(None),
                signed_out: tokio::sync::watch::Sender::new(false),
            }),
        }
    }

    /// The profile folder this engine was opened from.
    pub(crate) fn profile_dir(&self) -> &std::path::Path {
        &self.inner.profile_dir
    }

    /// Records a security decision in this account's audit log (no-op when `AuditLog`
    /// policy is off or the log could not be opened). Pass ids and codes, never content.
    pub fn audit(&self, event: impl std::borrow::Borrow<crate::audit::AuditEvent>) {
        if let Some(log) = &self.inner.audit {
            log.record(event.borrow());
        }
    }

    /// This account's audit log, when it is being written.
    pub fn audit_log(&self) -> Option<&crate::audit::AuditLog> {
        self.inner.audit.as_deref()
    }

    /// The folder of this account's audit log, when it is being written.
    pub fn audit_dir(&self) -> Option<&std::path::Path> {
        self.inner.audit.as_deref().map(crate::audit::AuditLog::dir)
    }

    /// Who is signed in.
    pub fn account(&self) -> AccountInfo {
        self.inner.account.clone()
    }

    /// The underlying matrix-sdk client, for tests and tools inside the workspace.
    #[doc(hidden)]
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// Subscribes to the engine's event stream.
    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.inner.events.subscribe()
    }

    /// Joined rooms, most recently active first (pending invitations: `invites`).
    pub async fn rooms(&self) -> Vec<RoomSummary> {
        let mut rooms = Vec::new();
        for room in self.inner.client.joined_rooms() {
            let name =
                room.display_name().await.map_or_else(|_| room.room_id().to_string(), |n| n.to_string());
            let targets = room.direct_targets();
            let dm_user_id = match targets.len() {
                1 => targets.iter().next().and_then(|t| t.as_user_id()).map(ToString::to_string),
                _ => None,
            };
            rooms.push((
                room.recency_stamp().map_or(0, u64::from),
                RoomSummary {
                    room_id: room.room_id().to_string(),
                    name,
                    encrypted: room.encryption_state().is_encrypted(),
                    is_dm: room.is_direct().await.unwrap_or(false),
                    dm_user_id,
                    unread: room.num_unread_messages(),
                    mentions: room.num_unread_mentions(),
                },
            ));
        }
        rooms.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.cmp(&b.1.name)));
        rooms.into_iter().map(|(_, r)| r).collect()
    }

    /// The newest `limit` messages of a room (fetching older ones from the server if needed).
    pub async fn messages(&self, room_id: &str, limit: usize) -> Result<Vec<MessageView>> {
        let room = self.joined_room(room_id)?;
        let timeline = self.timeline(&room).await?;
        let newest = || crate::live::message_views_before(&timeline, None, limit);
        let mut views = newest().await.unwrap_or_default();
        // The first pagination calls may only widen the timeline's window over events it
        // already holds (matrix-sdk-ui's lazy pagination) without reaching the server, so
        // keep going until there are enough messages or the room's start is reached.
        let wanted = u16::try_from(limit).unwrap_or(u16::MAX);
        for _ in 0..MAX_PAGINATION_ROUNDS {
            if views.len() >= limit {
                break;
            }
            let hit_start = match timeline.paginate_backwards(wanted).await {
                Ok(hit_start) => hit_start,
                // Offline (or the server failing): what the local cache holds is still the
                // room's history, so show it rather than nothing.
                Err(e) if !views.is_empty() => {
                    warn!(error = %e, "could not load older messages; showing the cached ones");
                    break;
                }
                Err(e) => return Err(CoreError::Server { detail: e.to_string() }),
            };
            views = newest().await.unwrap_or_default();
            if hit_start {
                break;
            }
        }
        Ok(views.into_iter().filter_map(|view| self.inner.screen.screen(view)).collect())
    }

    /// Up to `limit` messages of a room just before the message `before`, oldest first,
    /// fetching older ones from the server as needed (scrolling up through the history).
    /// Empty when `before` is the room's first message; an error when `before` is not among
    /// the loaded messages (the caller pages from what `messages` gave it).
    pub async fn messages_before(
        &self,
        room_id: &str,
        before: &str,
        limit: usize,
    ) -> Result<Vec<MessageView>> {
        let room = self.joined_room(room_id)?;
        let timeline = self.timeline(&room).await?;
        let page = || async {
            crate::live::message_views_before(&timeline, Some(before), limit)
                .await
                .ok_or_else(|| CoreError::UnknownMessage { event_id: before.to_owned() })
        };
        let mut views = page().await?;
        let wanted = u16::try_from(limit).unwrap_or(u16::MAX);
        for _ in 0..MAX_PAGINATION_ROUNDS {
            if views.len() >= limit {
                break;
            }
            let hit_start = timeline
                .paginate_backwards(wanted)
                .await
                .map_err(|e| CoreError::Server { detail: e.to_string() })?;
            views = page().await?;
            if hit_start {
                break;
            }
        }
        Ok(views.into_iter().filter_map(|view| self.inner.screen.screen(view)).collect())
    }

    /// Creates an end-to-end encrypted direct chat with `user_id` and invites them.
    #[instrument(skip(self))]
    pub async fn create_dm(&self, user_id: &str) -> Result<String> {
        let user = parse_user_id(user_id)?;
        // matrix-sdk's create_dm puts m.room.encryption in the initial state, so the room
        // is encrypted from its first event; we check rather than trust that.
        let room = self.inner.client.create_dm(&user).await.map_err(server_error)?;
        if !crate::encryption_check::confirm_encrypted(&room).await? {
            return Err(CoreError::internal("the new direct chat is not encrypted"));
        }
        Ok(room.room_id().to_string())
    }

    /// Invites `user_id` into a joined room. Nothing of the room's past is shared with them
    /// (history sharing on invite is off), so they read only what is sent after they join.
    #[instrument(skip(self))]
    pub async fn invite(&self, room_id: &str, user_id: &str) -> Result<()> {
        let room = self.joined_room(room_id)?;
        let user = parse_user_id(user_id)?;
        room.invite_user_by_id(&user).await.map_err(server_error)?;
        Ok(())
    }

    /// Accepts an invitation.
    #[instrument(skip(self))]
    pub async fn join(&self, room_id: &str) -> Result<()> {
        let id = parse_room_id(room_id)?;
        self.inner.client.join_room_by_id(&id).await.map_err(server_error)?;
        Ok(())
    }

    /// Applies a policy: the caller (desktop app, `parleyctl`) resolves it from the
    /// machine's sources; until then the engine runs on the hardened defaults.
    pub fn set_policy(&self, policy: Policy) {
        let dlp = Arc::new(crate::dlp::OutgoingDlp::from_policy(&policy));
        *self.inner.dlp.write().unwrap_or_else(std::sync::PoisonError::into_inner) = dlp;
        self.inner.screen.set_policy(&policy);
        *self.inner.policy.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(policy);
    }

    /// The policy in force.
    pub fn policy(&self) -> Arc<Policy> {
        // A poisoned lock still holds a whole `Arc` (writers replace it in one assignment).
        self.inner.policy.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn outgoing_dlp(&self) -> Arc<crate::dlp::OutgoingDlp> {
        self.inner.dlp.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Scans outgoing text (a message, an edit, a reply, a file name) the way sending will,
    /// so the UI can show the findings before the person sends.
    pub fn scan_outgoing(&self, text: &str) -> crate::dlp::DlpReport {
        self.outgoing_dlp().scan(text)
    }

    /// The DLP decision for outgoing text, as every send path applies it: `Ok` when it may
    /// leave; otherwise [`CoreError::SensitiveDataBlocked`] or
    /// [`CoreError::SensitiveDataUnconfirmed`] (naming the kinds found, never the content).
    /// `what` names the item in the audit record ("message", "file name").
    pub fn check_outgoing(&self, what: &'static str, text: &str, confirmed: bool) -> Result<()> {
        self.outgoing_dlp().gate(what, text, confirmed, self.inner.audit.as_deref())
    }

    /// Signs out on the server (best effort) and wipes the profile: store, session, keyring entry.
    #[instrument(skip_all)]
    pub async fn logout(self, profile: &Profile) -> Result<()> {
        self.audit(
            crate::audit::AuditEvent::new("logout", "signed_out")
                .with("user_id", self.inner.account.user_id.clone())
                .with("device_id", self.inner.account.device_id.clone()),
        );
        if let Some(starting) = self.inner.starting.lock().ok().and_then(|mut s| s.take()) {
            starting.abort();
        }
        if let Some(sync) = self.inner.sync.get() {
            sync.stop().await;
        }
        if let Err(e) = self.inner.client.matrix_auth().logout().await {
            warn!(error = %e, "server-side logout failed; wiping the local profile anyway");
        }
        let lock = self.inner.profile_lock.lock().ok().and_then(|mut held| held.take());
        drop(self);
        let wiped = profile.wipe();
        drop(lock);
        wiped
    }

    /// Wipes a profile without contacting the server (e.g. its key is lost); refused while
    /// another process has it open.
    pub fn forget(profile: &Profile) -> Result<()> {
        let _lock = crate::profile_lock::ProfileLock::acquire(profile.dir())?;
        profile.wipe()
    }

    pub(crate) fn joined_room(&self, room_id: &str) -> Result<Room> {
        let id = parse_room_id(room_id)?;
        match self.inner.client.get_room(&id) {
            Some(room) if room.state() == RoomState::Joined => Ok(room),
            _ => Err(CoreError::UnknownRoom { room_id: room_id.to_owned() }),
        }
    }
}

/// How an engine came to be: a fresh sign-in and a repaired store are recorded in the
/// audit log, a plain restore is not.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// A fresh sign-in, and how.
    SignedIn(parley_policy::LoginMethod),
    Restored,
    /// Restored after the caches were rebuilt (`store_repair`).
    Repaired,
}

/// The store did not open: rebuild the databases that only cache the homeserver's data
/// and try once more. When that fails too, the store is put back untouched.
async fn rebuild_caches(profile: &Profile, meta: &ProfileMeta, key: &MasterKey) -> Result<Client> {
    // The key store is the one database that cannot be rebuilt: when it does not open, no
    // file is touched at all (moving the caches aside and back raced with the failed
    // client's connections still closing, and once lost two of them under load).
    crate::store_repair::forget_room_list_position(&profile.store_dir(), key, &meta.user_id).await?;
    let aside = crate::store_repair::set_aside(&profile.store_dir()).map_err(|e| {
        warn!(error = %e, "could not set the damaged caches aside");
        CoreError::StoreLocked
    })?;
    match build_client(profile, &meta.homeserver, key).await {
        Ok(client) => {
            warn!(kept_in = %aside.folder().display(), "the local caches were damaged and are rebuilt from the homeserver");
            Ok(client)
        }
        Err(err) => {
            aside.put_back();
            Err(err)
        }
    }
}

/// Opens the account's audit log (anchored in the keyring for keyring profiles), unless
/// the `AuditLog` policy is off. A log that cannot be opened is reported, not fatal.
fn open_audit(profile: &Profile, meta: &ProfileMeta, policy: &Policy) -> Option<Arc<crate::audit::AuditLog>> {
    if !policy.audit_log {
        return None;
    }
    let forwarder = if policy.audit_log_forwarding { crate::audit::Forwarder::system() } else { None };
    let anchor: Option<Box<dyn crate::audit::AnchorStore>> =
        (meta.key_source == crate::profile::KeySource::Keyring).then(|| {
            Box::new(crate::audit::KeyringAnchor::for_account(&meta.user_id))
                as Box<dyn crate::audit::AnchorStore>
        });
    match crate::audit::AuditLog::open(crate::audit::account_dir(profile.dir(), &meta.user_id), anchor) {
        Ok(log) => Some(Arc::new(log.forwarding_to(forwarder))),
        Err(err) => {
            tracing::error!(%err, "the audit log cannot be opened; security decisions will not be recorded");
            None
        }
    }
}

/// Seals the session into the profile whenever matrix-sdk refreshes its tokens, before the
/// new ones are used: refresh tokens are single-use, so a refresh that reached only memory
/// would sign the profile out at its next start.
pub(crate) fn keep_refreshed_session(client: &Client, profile: &Profile, meta: &ProfileMeta) -> Result<()> {
    let (profile, meta) = (profile.clone(), meta.clone());
    let save = Box::new(move |client: Client| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let session = crate::sign_in::StoredSession::current(&client)
            .ok_or("no session to save after a token refresh")?;
        let key = Profile::load_key(&meta)?;
        let sealed = zeroize::Zeroizing::new(serde_json::to_vec(&session)?);
        profile.seal_session(&key, &sealed)?;
        info!("session tokens refreshed and saved");
        Ok(())
    });
    // Only one process uses a profile at a time, so the tokens in memory are the current ones.
    let reload = Box::new(|client: Client| -> Result<_, Box<dyn std::error::Error + Send + Sync>> {
        client.session_tokens().ok_or_else(|| "no session tokens".into())
    });
    client.set_session_callbacks(reload, save).map_err(CoreError::internal)
}

pub(crate) fn parse_user_id(user_id: &str) -> Result<OwnedUserId> {
    <&UserId>::try_from(user_id.trim())
        .map(ToOwned::to_owned)
        .map_err(|_| CoreError::InvalidId { kind: "user ID", input: user_id.to_owned() })
}

pub(crate) fn parse_room_id(room_id: &str) -> Result<OwnedRoomId> {
    <&RoomId>::try_from(room_id.trim())
        .map(ToOwned::to_owned)
        .map_err(|_| CoreError::InvalidId { kind: "room ID", input: room_id.to_owned() })
}

/// The HTTP client for media downloads: rustls only, no redirects to other hosts (the
/// access token must not follow), and a connect timeout; no overall timeout because a
/// large file may take long.
fn media_http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(30))
        .read_timeout(REQUEST_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_default()
}

pub(crate) async fn build_client(profile: &Profile, homeserver: &str, key: &MasterKey) -> Result<Client> {
    Client::builder()
        .homeserver_url(homeserver)
        .sqlite_store_with_config_and_cache_path(
            crate::store_key::store_config(&profile.store_dir(), key),
            None::<std::path::PathBuf>,
        )
        // matrix-sdk's default cross-process lock renews a lease in the crypto database every
        // 50 ms for as long as a client runs: ~60 writes a second and 1–2 % of a core while
        // idle (docs/benchmarks.md, issue 16). It excluded nothing here: every process used
        // the same holder name ("main"), which the lock treats as one holder. One process per
        // profile is enforced by the profile lock instead (`profile_lock.rs`).
        .cross_process_store_config(CrossProcessLockConfig::SingleProcess)
        .with_encryption_settings(EncryptionSettings {
            auto_enable_cross_signing: true,
            backup_download_strategy: BackupDownloadStrategy::AfterDecryptionFailure,
            auto_enable_backups: false,
        })
        // Room keys go only to users with a cross-signed identity (DESIGN.md §1).
        .with_room_key_recipient_strategy(CollectStrategy::IdentityBasedStrategy)
        // No room history handed to people when they are invited (MSC4268, on by default in
        // matrix-sdk 0.18): what was said before someone joined stays with those who were there.
        // Automatic room-key forwarding is compiled out instead (the workspace does not enable
        // matrix-sdk's `automatic-room-key-forwarding` feature). Tested: `engine::tests` (forwarding)
        // and the e2e `conversation` suite (a later member cannot read earlier messages).
        .with_enable_share_history_on_invite(false)
        .with_decryption_settings(DecryptionSettings {
            sender_device_trust_requirement: TrustRequirement::CrossSignedOrLegacy,
        })
        // A bounded retry: with the SDK default (unlimited) a request to an unreachable
        // homeserver never returns, and offline work (queueing a message) would hang.
        .request_config(RequestConfig::new().timeout(REQUEST_TIMEOUT).retry_limit(REQUEST_RETRIES))
        .handle_refresh_tokens()
        .build()
        .await
        .map_err(|e| match e {
            matrix_sdk::ClientBuildError::SqliteStore(_) => CoreError::StoreLocked,
            other => CoreError::internal(other),
        })
}

pub(crate) fn login_error(err: &matrix_sdk::Error) -> CoreError {
    match err.client_api_error_kind() {
        Some(ErrorKind::Forbidden | ErrorKind::InvalidUsername | ErrorKind::UserDeactivated) => {
            CoreError::WrongCredentials
        }
        _ => server_error(err),
    }
}

pub(crate) fn server_error(err: impl std::fmt::Display) -> CoreError {
    let text = err.to_string();
    CoreError::Server { detail: text.lines().next().unwrap_or_default().trim_end_matches('.').to_owned() }
}

#[cfg(test)]
mod tests {
    use matrix_sdk::ruma::{device_id, user_id};

    /// Room keys are never sent on request, nor asked for: a device that lacks a key gets
    /// it from the key backup with the recovery key, or not at all. matrix-sdk decides this
    /// at compile time (`automatic-room-key-forwarding`); a dependency that turns the
    /// feature back on fails this test.
    #[tokio::test]
    async fn room_keys_are_neither_forwarded_nor_requested() {
        let machine = matrix_sdk_base::crypto::OlmMachine::new(
            user_id!("@alice:example.org"),
            device_id!("PARLEYTEST"),
        )
        .await;
        assert!(!machine.is_room_key_forwarding_enabled());
        assert!(!machine.are_room_key_requests_enabled());
    }
}
