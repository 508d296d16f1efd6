//! The notifier: every incoming event becomes an entry in the notification centre (the
//! record: nothing is dropped) and, within the person's and the organisation's limits, a
//! desktop pop-up — coalesced per room so a flood cannot drown the desktop.
//!
//! One code path serves the desktop app and `parleyctl listen --notify`: both start a
//! [`Notifier`] on an engine with a [`PopupSink`] ([`DesktopPopups`] shows them through
//! `notify-rust` on Linux, macOS and Windows).

mod burst;
mod centre;
mod desktop;
mod notice;
mod popup;
mod settings;

use std::{
    path::PathBuf,
    sync::{Arc, Mutex, MutexGuard, PoisonError},
    time::Duration,
};

use serde::Serialize;
use tokio::sync::broadcast::{self, error::RecvError};
use tracing::warn;

pub use burst::{MAX_POPS_PER_WINDOW, Pop};
pub use centre::{Centre, Recorded, centre_path};
pub use desktop::{ClickHandler, DesktopPopups};
pub use notice::{Notice, NoticeKind, classify};
pub use popup::{PopupText, plain, text};
pub use settings::{RoomLevel, Settings};

use crate::{CoreError, Engine, EngineEvent, Result};

/// How long a room's burst collects before its summary pops up.
const BURST_WINDOW: Duration = Duration::from_secs(5);

/// Where pop-ups go.
pub trait PopupSink: Send + Sync + 'static {
    /// Shows one pop-up. Must not block.
    fn show(&self, popup: PopupText);
}

/// The centre as the front ends list it.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeList {
    /// Every entry, newest first.
    pub notices: Vec<NoticeView>,
    /// How many are unread.
    pub unread: usize,
}

/// A centre entry with its sentence, for display.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// The entry.
    #[serde(flatten)]
    pub notice: Notice,
    /// What happened, in one line (names, never message text).
    pub text: String,
}

impl From<Notice> for NoticeView {
    fn from(notice: Notice) -> Self {
        // The sentence of a `sender` pop-up: names, never text (the body is dropped first).
        let notice = Notice { body: None, ..notice };
        let text = popup::one(&notice, parley_policy::NotificationContent::Sender).summary;
        Self { notice, text }
    }
}

/// The notification choices in force.
#[derive(Debug, Clone, Serialize)]
pub struct NotifySettingsView {
    /// Pop-ups hidden.
    pub do_not_disturb: bool,
    /// The quietest level the organisation allows for a room.
    pub floor: RoomLevel,
    /// Rooms not at `all`, with the level in force.
    pub rooms: Vec<(String, RoomLevel)>,
}

struct State {
    centre: Centre,
    bursts: burst::Bursts,
    settings: Settings,
    settings_path: Option<PathBuf>,
}

struct Shared {
    engine: Engine,
    state: Mutex<State>,
    sink: Arc<dyn PopupSink>,
    notices: broadcast::Sender<Notice>,
}

/// A running notifier. Cheap to clone; stops with the engine.
#[derive(Clone)]
pub struct Notifier {
    shared: Arc<Shared>,
}

impl Notifier {
    /// Starts notifying for `engine`. Call it before [`Engine::start_sync`] so that no
    /// event slips past. The centre is read from the profile; if it cannot be, it lives
    /// in memory for this run and the reason is logged.
    pub fn start(engine: &Engine, sink: Arc<dyn PopupSink>) -> Self {
        let events = engine.subscribe();
        let account = engine.account();
        let path = centre_path(&engine.inner.profile_dir, &account.user_id);
        let centre = Centre::open(path.clone()).unwrap_or_else(|e| {
            warn!(error = %e, "the notification centre could not be opened; keeping it in memory");
            Centre::in_memory()
        });
        let settings_path = path.with_extension("settings.json");
        let state = State {
            centre,
            bursts: burst::Bursts::new(millis(BURST_WINDOW)),
            settings: Settings::load(&settings_path),
            settings_path: Some(settings_path),
        };
        let (notices, _) = broadcast::channel(4096);
        let notifier = Self {
            shared: Arc::new(Shared { engine: engine.clone(), state: Mutex::new(state), sink, notices }),
        };
        engine.spawn(notifier.clone().run(events));
        notifier
    }

    /// New and updated centre entries as they are recorded.
    pub fn subscribe(&self) -> broadcast::Receiver<Notice> {
        self.shared.notices.subscribe()
    }

    /// The whole centre, newest first.
    pub fn list(&self) -> NoticeList {
        let state = self.state();
        NoticeList {
            notices: state.centre.entries().iter().rev().cloned().map(NoticeView::from).collect(),
            unread: state.centre.unread(),
        }
    }

    /// How many centre entries are unread (the tray shows it), without copying the list.
    pub fn unread(&self) -> usize {
        self.state().centre.unread()
    }

    /// Marks entries read (`None`: all); returns how many changed.
    pub fn mark_read(&self, ids: Option<&[u64]>) -> usize {
        self.state().centre.mark_read(ids)
    }

    /// The choices in force.
    pub fn settings(&self) -> NotifySettingsView {
        let floor = self.floor();
        let state = self.state();
        NotifySettingsView {
            do_not_disturb: state.settings.do_not_disturb,
            floor: RoomLevel::floor(floor),
            rooms: state
                .settings
                .rooms
                .keys()
                .map(|r| (r.clone(), state.settings.level(Some(r), floor)))
                .collect(),
        }
    }

    /// Sets how loud a joined room is. Refused below the organisation's floor.
    pub fn set_room_level(&self, room_id: &str, level: RoomLevel) -> Result<()> {
        self.shared.engine.joined_room(room_id)?;
        let floor = RoomLevel::floor(self.floor());
        if level < floor {
            return Err(CoreError::BelowNotificationFloor { floor: floor.name().to_owned() });
        }
        self.update_settings(|s| {
            if level == RoomLevel::All {
                s.rooms.remove(room_id);
            } else {
                s.rooms.insert(room_id.to_owned(), level);
            }
        })
    }

    /// Turns do-not-disturb on or off.
    pub fn set_do_not_disturb(&self, on: bool) -> Result<()> {
        self.update_settings(|s| s.do_not_disturb = on)
    }

    fn update_settings(&self, change: impl FnOnce(&mut Settings)) -> Result<()> {
        let mut state = self.state();
        let mut next = state.settings.clone();
        change(&mut next);
        if let Some(path) = &state.settings_path {
            next.save(path)
                .map_err(|e| CoreError::internal(format!("notification settings not saved: {e}")))?;
        }
        state.settings = next;
        Ok(())
    }

    fn floor(&self) -> parley_policy::NotificationFloor {
        self.shared.engine.policy().notification_floor
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // Every writer leaves the state whole, so a poisoned lock's data is usable.
        self.shared.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn run(self, mut events: broadcast::Receiver<EngineEvent>) {
        loop {
            let next_due = self.state().bursts.next_due();
            let wait = next_due
                .map_or(Duration::from_hours(1), |at| Duration::from_millis(at.saturating_sub(now_ms())));
            tokio::select! {
                event = events.recv() => match event {
                    Ok(event) => self.handle(&event),
                    Err(RecvError::Lagged(skipped)) => {
                        // Cannot happen at the engine's channel size short of a stalled process;
                        // say so loudly, since entries were lost.
                        warn!(skipped, "the notifier fell behind; some events were not recorded");
                    }
                    Err(RecvError::Closed) => return,
                },
                () = tokio::time::sleep(wait) => {
                    let pops = self.state().bursts.due(now_ms());
                    self.show(&pops);
                }
            }
        }
    }

    fn handle(&self, event: &EngineEvent) {
        let now = now_ms();
        let Some(mut notice) = classify(event, now) else { return };
        if notice.room_name.is_none()
            && let Some(room_id) = &notice.room_id
        {
            notice.room_name = self.shared.engine.room_display_name(room_id).map(|n| plain(&n));
        }
        let floor = self.floor();
        let (recorded, pops) = {
            let mut state = self.state();
            let recorded = state.centre.record(notice);
            let pops = match &recorded {
                Recorded::New(notice) => {
                    let level = state.settings.level(notice.room_id.as_deref(), floor);
                    if state.settings.pops_up(notice.kind, level) {
                        state.bursts.offer(notice.clone(), now)
                    } else {
                        Vec::new()
                    }
                }
                Recorded::Updated(_) | Recorded::Same => Vec::new(),
            };
            (recorded, pops)
        };
        if let Recorded::New(notice) | Recorded::Updated(notice) = recorded {
            let _ = self.shared.notices.send(Notice { body: None, ..notice });
        }
        self.show(&pops);
    }

    fn show(&self, pops: &[Pop]) {
        let content = self.shared.engine.policy().notification_content;
        for pop in pops {
            self.shared.sink.show(text(pop, content));
        }
    }
}

impl Engine {
    /// A room's name as the room list shows it, if the room is known.
    pub(crate) fn room_display_name(&self, room_id: &str) -> Option<String> {
        let room_id = matrix_sdk::ruma::RoomId::parse(room_id).ok()?;
        self.inner.client.get_room(&room_id)?.cached_display_name().map(|n| n.to_string())
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, millis)
}
