//! Thin Tauri commands: validate the arguments, call `parley-core`, map the error.
//!
//! No logic lives here; whatever the UI may ask for is listed in `build.rs` and granted in
//! `capabilities/main.json`. Tokens and keys stay inside the engine: only `AccountInfo`,
//! `RoomSummary` and `MessageView` (plain display data) are returned.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use parley_core::{AccountInfo, DlpMode, Engine, LoginRequest, MessageView, Profile, RoomSummary};
use tauri::{AppHandle, Runtime, State};

use crate::error::UiError;
use crate::validate;
use parley_core::notify::Notifier;

pub mod about;
pub mod activity;
pub mod compose;
pub mod files;
pub mod identity;
pub mod links;
pub mod notices;
pub mod privacy;
pub mod recovery;
pub mod rooms;
pub mod sign_in;
pub mod trust;
pub mod verification;

/// How many timeline items `messages` returns.
const MESSAGE_PAGE: usize = 100;
/// Most older messages one `messages` call with `before` returns (the UI asks for pages of 500).
const MAX_OLDER_PAGE: usize = 1000;

/// Managed state: the profile and, once signed in, the engine.
pub struct AppState {
    /// The opened profile, or why it could not be opened (shown on the login screen).
    profile: Result<Profile, UiError>,
    /// The signed-in engine. Cloned out before any `.await`; the lock is never held across one.
    engine: Mutex<Option<Engine>>,
    /// The signed-in engine's notifier (notification centre and pop-ups).
    notifier: Mutex<Option<Notifier>>,
    /// The task forwarding engine events to the UI, aborted on sign-out.
    forwarder: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// Smoke-test mode: `ui_ready` prints a marker and exits.
    smoke: Option<Duration>,
    ui_ready_seen: AtomicBool,
    /// Serialises sign-in, restore and sign-out, so two calls can never open two engines
    /// on one profile. Held across `.await` (it is an async mutex).
    session_lock: tokio::sync::Mutex<()>,
    /// Stops the browser sign-in in progress (`login_cancel`), if any.
    sign_in_cancel: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    /// The saved session being opened since the app started (`restore_early`), until
    /// `session_restore` takes it.
    early_restore: Mutex<Option<EarlyRestore>>,
}

/// Opening the saved session: `Engine::restore` in a task of its own.
type EarlyRestore = tauri::async_runtime::JoinHandle<parley_core::Result<Option<Engine>>>;

impl AppState {
    /// Opens the profile at `Profile::default_dir()` (which honours `PARLEY_PROFILE`).
    pub fn new(smoke: Option<Duration>) -> Self {
        let profile = Profile::open(Profile::default_dir()).map_err(|err| {
            tracing::error!(code = err.code(), "profile could not be opened");
            UiError::from(err)
        });
        Self {
            profile,
            engine: Mutex::new(None),
            notifier: Mutex::new(None),
            forwarder: Mutex::new(None),
            smoke,
            ui_ready_seen: AtomicBool::new(false),
            session_lock: tokio::sync::Mutex::new(()),
            sign_in_cancel: Mutex::new(None),
            early_restore: Mutex::new(None),
        }
    }

    /// Starts opening the saved session (keyring, store, session) at once, while the window
    /// and its webview start, which takes longer; `session_restore` then finds it done or
    /// nearly. Nothing is shown or synced until the UI asks.
    pub fn restore_early(&self) {
        let Ok(profile) = self.profile.clone() else { return };
        let task = tauri::async_runtime::spawn(async move { Engine::restore(&profile).await });
        *lock(&self.early_restore) = Some(task);
    }

    fn profile(&self) -> Result<&Profile, UiError> {
        self.profile.as_ref().map_err(Clone::clone)
    }

    fn engine(&self) -> Result<Engine, UiError> {
        lock(&self.engine).clone().ok_or_else(UiError::not_logged_in)
    }

    fn notifier(&self) -> Result<Notifier, UiError> {
        lock(&self.notifier).clone().ok_or_else(UiError::not_logged_in)
    }

    /// The notification centre's unread count; 0 when signed out.
    pub fn unread_notices(&self) -> usize {
        lock(&self.notifier).as_ref().map_or(0, Notifier::unread)
    }
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it (the data is an
/// `Option` that every writer replaces whole, so it is never half-updated).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Subscribes to the engine, starts sync, forwards events to the main window (in batches,
/// `forward.rs`) and stores the engine as the signed-in one.
fn activate<R: Runtime>(app: &AppHandle<R>, state: &AppState, engine: Engine) -> AccountInfo {
    // Subscribe (and start the notifier) before sync starts so no event is missed.
    let events = engine.subscribe();
    let notifier = crate::notify::start(app, &engine);
    let notices = notifier.subscribe();
    engine.watch_policy();
    // Not awaited: the room list and messages come from the local cache while sync starts
    // (building the sync service, a timeline per room, the first requests), so a slow or
    // unreachable homeserver never holds up the start.
    engine.start_sync_in_background();
    let task = tauri::async_runtime::spawn(crate::forward::run(app.clone(), events, notices));
    let account = engine.account();
    if let Some(old) = lock(&state.forwarder).replace(task) {
        old.abort();
    }
    crate::audit_sink::attach(Some(engine.clone()));
    *lock(&state.notifier) = Some(notifier);
    *lock(&state.engine) = Some(engine);
    crate::tray::refresh(app);
    account
}

/// Hands a URL or file to the OS opener (`xdg-open`, `open`, `ShellExecute`), off the async
/// workers because it starts a program. `nothing_answered` is the sentence when it fails.
async fn open_with_system(target: std::ffi::OsString, nothing_answered: &'static str) -> Result<(), UiError> {
    tauri::async_runtime::spawn_blocking(move || opener::open(&target))
        .await
        .map_err(|_| UiError::new("open_failed", "Parley could not hand this to your system."))?
        .map_err(|err| {
            tracing::warn!(%err, "OS opener failed");
            UiError::new("open_failed", nothing_answered)
        })
}

/// The UI has mounted. In smoke-test mode, prints `PARLEY_UI_READY` and exits shortly after.
#[tauri::command]
#[allow(clippy::needless_pass_by_value, reason = "Tauri passes command arguments by value")]
pub fn ui_ready<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) {
    let first = !state.ui_ready_seen.swap(true, Ordering::SeqCst);
    tracing::info!(first, "UI ready");
    if let (true, Some(delay)) = (first, state.smoke) {
        crate::smoke_ready(app, delay);
    }
}

/// Restores the saved session, if any; `None` means the login screen is needed.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn session_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<AccountInfo>, UiError> {
    let _session = state.session_lock.lock().await;
    if let Some(engine) = lock(&state.engine).clone() {
        return Ok(Some(engine.account()));
    }
    let early = lock(&state.early_restore).take();
    let restored = match early {
        Some(task) => task
            .await
            .map_err(|_| UiError::new("internal", "Parley could not open your saved session; restart it."))?,
        // Taken by an earlier call (which failed, e.g. a locked keyring): try again now.
        None => Engine::restore(state.profile()?).await,
    };
    match restored? {
        Some(engine) => Ok(Some(activate(&app, &state, engine))),
        None => Ok(None),
    }
}

/// Signs in with a password. The password goes straight to the engine and is never logged.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn login<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    homeserver: String,
    user: String,
    password: String,
) -> Result<AccountInfo, UiError> {
    let _session = state.session_lock.lock().await;
    if lock(&state.engine).is_some() {
        return Err(UiError::new("already_logged_in", "You are already signed in."));
    }
    validate::login(&homeserver, &user, &password)?;
    let homeserver = homeserver.trim().to_owned();
    let user = user.trim().to_owned();
    let profile = state.profile()?;
    let engine = Engine::login(profile, LoginRequest { homeserver, user, password }).await?;
    Ok(activate(&app, &state, engine))
}

/// The rooms of the signed-in account.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn rooms(state: State<'_, AppState>) -> Result<Vec<RoomSummary>, UiError> {
    Ok(state.engine()?.rooms().await)
}

/// The latest messages of one room, oldest first; with `before` (an event id) up to `limit`
/// messages just before that one instead (scrolling up through the history).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn messages(
    state: State<'_, AppState>,
    room_id: String,
    before: Option<String>,
    limit: Option<usize>,
) -> Result<Vec<MessageView>, UiError> {
    validate::room_id(&room_id)?;
    let engine = state.engine()?;
    match before {
        Some(before) => {
            validate::event_id(&before)?;
            let limit = limit.unwrap_or(MESSAGE_PAGE).clamp(1, MAX_OLDER_PAGE);
            Ok(engine.messages_before(&room_id, &before, limit).await?)
        }
        None => Ok(engine.messages(&room_id, MESSAGE_PAGE).await?),
    }
}

/// Sends a text message and waits for the server to accept it (so refusals reach the user).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
///
/// `sensitive_data_confirmed`: the person saw what `dlp_scan` found and chose "Send anyway";
/// the engine honours it only in `DlpMode` `warn`. `external_confirmed`: the person saw
/// that people from outside the organisation are in the room and chose to send to them.
pub async fn send_text(
    state: State<'_, AppState>,
    room_id: String,
    body: String,
    sensitive_data_confirmed: Option<bool>,
    external_confirmed: Option<bool>,
) -> Result<(), UiError> {
    validate::room_id(&room_id)?;
    validate::body(&body)?;
    let options = compose::options(sensitive_data_confirmed, external_confirmed);
    state.engine()?.send_text_with(&room_id, &body, options).await?;
    Ok(())
}

/// One DLP finding for the composer, with offsets in UTF-16 code units (JavaScript string
/// indices) so the UI can highlight `body.slice(start, end)` directly.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DlpFindingView {
    /// Stable kind id (`payment_card`, …).
    pub kind: String,
    /// The kind for people ("a payment card number").
    pub label: String,
    /// First UTF-16 code unit.
    pub start: usize,
    /// One past the last UTF-16 code unit.
    pub end: usize,
}

/// What outgoing DLP finds in a draft, and the policy's mode (`off`, `warn`, `block`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DlpScanView {
    /// `off`, `warn` or `block`.
    pub mode: DlpMode,
    /// The kinds found, as one phrase.
    pub summary: String,
    /// The same kinds by id, in the phrase's order, for the UI to name in its language.
    pub kinds: Vec<String>,
    /// Each finding, in order.
    pub findings: Vec<DlpFindingView>,
}

/// Scans a draft before it is sent, so the composer can show what would leave. Nothing is
/// logged but kinds and counts (by the engine, when a send is decided).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn dlp_scan(state: State<'_, AppState>, body: String) -> Result<DlpScanView, UiError> {
    validate::body_length(&body)?;
    let report = state.engine()?.scan_outgoing(&body);
    let utf16 = |byte: usize| body.get(..byte).map_or(0, |prefix| prefix.encode_utf16().count());
    let findings = report
        .findings
        .iter()
        .map(|f| DlpFindingView {
            kind: f.kind.id(),
            label: f.kind.label(),
            start: utf16(f.start),
            end: utf16(f.end),
        })
        .collect();
    Ok(DlpScanView { mode: report.mode, summary: report.summary, kinds: report.kinds, findings })
}

/// Signs out: the server session ends and the local secrets are removed by the engine.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn logout<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Result<(), UiError> {
    let _session = state.session_lock.lock().await;
    let engine = state.engine()?;
    engine.logout(state.profile()?).await?;
    if let Some(task) = lock(&state.forwarder).take() {
        task.abort();
    }
    crate::audit_sink::attach(None);
    *lock(&state.notifier) = None;
    *lock(&state.engine) = None;
    crate::tray::show_unread(&app, 0);
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The command list lives in four places that Rust cannot tie together: the handler
    /// (`main.rs`), the permission manifest (`build.rs`), the capability grants and the
    /// isolation hook's allowlist. A command missing from the last makes its `invoke`
    /// hang without an error, so they are compared here.
    #[test]
    fn command_lists_agree() {
        use std::collections::BTreeSet;
        fn quoted(text: &str) -> BTreeSet<String> {
            text.split('"').skip(1).step_by(2).map(str::to_owned).collect()
        }
        let build = include_str!("../build.rs");
        let manifest = quoted(
            build[build.find("const COMMANDS").expect("COMMANDS in build.rs")..]
                .split("];")
                .next()
                .expect("list end"),
        );
        let main = include_str!("main.rs");
        let handler: BTreeSet<String> = main[main.find("generate_handler![").expect("handler")..]
            .split(']')
            .next()
            .expect("handler end")
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter_map(|path| path.rsplit("::").next().filter(|n| !n.is_empty() && !n.contains('!')))
            .map(str::to_owned)
            .collect();
        let isolation = include_str!("../../ui/isolation/index.js");
        let isolation: BTreeSet<String> = quoted(
            isolation[isolation.find("new Set([").expect("the allowlist")..]
                .split("]);")
                .next()
                .expect("list end"),
        )
        .into_iter()
        .filter(|c| !c.contains('|'))
        .collect();
        let capabilities: BTreeSet<String> = quoted(include_str!("../capabilities/main.json"))
            .into_iter()
            .filter_map(|p| p.strip_prefix("allow-").map(|c| c.replace('-', "_")))
            .collect();
        assert_eq!(handler, manifest, "main.rs handler vs build.rs COMMANDS");
        assert_eq!(isolation, manifest, "ui/isolation/index.js allowlist vs build.rs COMMANDS");
        assert_eq!(capabilities, manifest, "capabilities/main.json vs build.rs COMMANDS");
    }
}
