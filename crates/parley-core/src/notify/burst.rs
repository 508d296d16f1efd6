//! Coalescing: a flood must not drown the desktop, while the centre still keeps every event.
//!
//! Per room, the first notice after a quiet spell pops up at once and opens a window;
//! whatever arrives inside the window is held and shown as one "N new messages" pop-up when
//! it closes, which opens the next window, twice as long (up to a minute) while the room
//! stays busy. Across rooms, at most [`MAX_POPS_PER_WINDOW`]
//! pop-ups show per window; the rest wait for the next summary. Time is passed in, so
//! the rules are tested without clocks.

use std::collections::{BTreeMap, VecDeque};

use super::notice::{Notice, NoticeKind};

/// Pop-ups shown across all rooms within one window before the rest are folded.
pub const MAX_POPS_PER_WINDOW: usize = 4;

/// What to show on the desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pop {
    /// One notice on its own.
    One(Notice),
    /// Several notices of one room (or of several rooms, `room_id: None`) at once.
    Burst {
        /// The room they share, if they do.
        room_id: Option<String>,
        /// Its name.
        room_name: Option<String>,
        /// How many.
        count: usize,
        /// Their kind, when they all have the same.
        kind: Option<NoticeKind>,
        /// The newest, to jump to.
        newest: Notice,
    },
}

#[derive(Default)]
struct Held {
    count: usize,
    kind: Option<NoticeKind>,
    mixed: bool,
    newest: Option<Notice>,
}

impl Held {
    fn add(&mut self, notice: Notice) {
        self.count += 1;
        if self.kind.is_some_and(|k| k != notice.kind) {
            self.mixed = true;
        }
        self.kind.get_or_insert(notice.kind);
        self.newest = Some(notice);
    }

    fn take(&mut self, same_room: bool) -> Option<Pop> {
        let held = std::mem::take(self);
        let newest = held.newest?;
        Some(if held.count == 1 {
            Pop::One(newest)
        } else {
            Pop::Burst {
                room_id: newest.room_id.clone().filter(|_| same_room),
                room_name: newest.room_name.clone().filter(|_| same_room),
                count: held.count,
                kind: held.kind.filter(|_| !held.mixed),
                newest,
            }
        })
    }
}

struct Window {
    closes_at: u64,
    /// Grows while the room stays busy, so a long flood shows fewer and fewer pop-ups.
    length_ms: u64,
    held: Held,
}

/// The longest a busy room's window grows to.
const MAX_WINDOW_MS: u64 = 60_000;

/// The coalescing state.
pub struct Bursts {
    window_ms: u64,
    rooms: BTreeMap<String, Window>,
    /// Pop-ups that found the global budget spent.
    overflow: Held,
    recent: VecDeque<u64>,
}

impl Bursts {
    /// Coalescing with windows of `window_ms`.
    pub fn new(window_ms: u64) -> Self {
        Self { window_ms, rooms: BTreeMap::new(), overflow: Held::default(), recent: VecDeque::new() }
    }

    /// Takes a notice that should pop up; returns what to show now: the summaries of windows
    /// that closed before it came, then the notice itself if it opens a window.
    pub fn offer(&mut self, notice: Notice, now_ms: u64) -> Vec<Pop> {
        // A notice can come before the timer that closes windows has fired: settle closed
        // windows first, or opening a new one would replace (and lose) what the old one held.
        let mut shown = self.due(now_ms);
        let room = notice.room_id.clone().unwrap_or_default();
        if let Some(window) = self.rooms.get_mut(&room) {
            window.held.add(notice);
            return shown;
        }
        let window =
            Window { closes_at: now_ms + self.window_ms, length_ms: self.window_ms, held: Held::default() };
        self.rooms.insert(room, window);
        shown.extend(self.budgeted(Pop::One(notice), now_ms));
        shown
    }

    /// The summaries whose windows have closed by `now_ms`.
    pub fn due(&mut self, now_ms: u64) -> Vec<Pop> {
        let mut pops = Vec::new();
        let mut quiet = Vec::new();
        for (room, window) in &mut self.rooms {
            if now_ms < window.closes_at {
                continue;
            }
            match window.held.take(true) {
                Some(pop) => {
                    window.length_ms = (window.length_ms * 2).min(MAX_WINDOW_MS);
                    window.closes_at = now_ms + window.length_ms;
                    pops.push(pop);
                }
                None => quiet.push(room.clone()),
            }
        }
        for room in quiet {
            self.rooms.remove(&room);
        }
        let mut shown: Vec<Pop> = pops.into_iter().filter_map(|pop| self.budgeted(pop, now_ms)).collect();
        if self.has_budget(now_ms) {
            shown.extend(self.overflow.take(false));
        }
        shown
    }

    /// When [`Bursts::due`] next has something to do, if ever.
    pub fn next_due(&self) -> Option<u64> {
        let rooms = self.rooms.values().map(|w| w.closes_at).min();
        let overflow =
            (self.overflow.count > 0).then(|| self.recent.front().map_or(0, |first| first + self.window_ms));
        rooms.into_iter().chain(overflow).min()
    }

    fn has_budget(&mut self, now_ms: u64) -> bool {
        while self.recent.front().is_some_and(|&t| t + self.window_ms <= now_ms) {
            self.recent.pop_front();
        }
        self.recent.len() < MAX_POPS_PER_WINDOW
    }

    fn budgeted(&mut self, pop: Pop, now_ms: u64) -> Option<Pop> {
        if self.has_budget(now_ms) {
            self.recent.push_back(now_ms);
            return Some(pop);
        }
        match pop {
            Pop::One(notice) => self.overflow.add(notice),
            Pop::Burst { count, newest, kind, .. } => {
                // Fold the whole burst in, keeping its count.
                self.overflow.count += count - 1;
                if kind.is_none() {
                    self.overflow.mixed = true;
                }
                self.overflow.add(newest);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(room: &str, kind: NoticeKind) -> Notice {
        let event: crate::EngineEvent = crate::EngineEvent::SendFailed { room_id: room.into() };
        let mut n = super::super::notice::classify(&event, 0).expect("a notice");
        n.kind = kind;
        n
    }

    /// Feeds `n` messages spread evenly over `span_ms` and drains at the end.
    fn flood(bursts: &mut Bursts, room: &str, n: u64, span_ms: u64) -> Vec<Pop> {
        let mut pops = Vec::new();
        for i in 0..n {
            let now = i * span_ms / n;
            pops.extend(bursts.offer(notice(room, NoticeKind::Message), now));
        }
        let mut now = span_ms;
        while let Some(at) = bursts.next_due() {
            now = now.max(at);
            pops.extend(bursts.due(now));
        }
        pops
    }

    fn counted(pops: &[Pop]) -> usize {
        pops.iter().map(|p| if let Pop::Burst { count, .. } = p { *count } else { 1 }).sum()
    }

    #[test]
    fn a_lone_notice_pops_up_at_once_and_the_room_goes_quiet_after() {
        let mut b = Bursts::new(5_000);
        assert!(matches!(b.offer(notice("!a", NoticeKind::Message), 0).as_slice(), [Pop::One(_)]));
        assert_eq!(b.due(5_000), Vec::new());
        assert_eq!(b.next_due(), None, "nothing held, nothing pending");
        assert!(matches!(b.offer(notice("!a", NoticeKind::Message), 6_000).as_slice(), [Pop::One(_)]));
    }

    #[test]
    fn a_flood_of_a_thousand_in_ten_seconds_is_a_handful_of_pop_ups_that_count_every_message() {
        let mut b = Bursts::new(5_000);
        let pops = flood(&mut b, "!a", 1_000, 10_000);
        assert!(pops.len() <= 4, "{} pop-ups", pops.len());
        assert_eq!(counted(&pops), 1_000, "every message is counted in some pop-up");
        assert!(
            pops.iter()
                .skip(1)
                .all(|p| matches!(p, Pop::Burst { kind: Some(NoticeKind::Message), room_id: Some(_), .. }))
        );
    }

    #[test]
    fn a_notice_that_comes_before_the_closing_timer_loses_nothing_held() {
        // The notifier's timer and its events race: a notice can arrive after a window closed
        // and before `due` ran for it.
        let mut b = Bursts::new(5_000);
        let mut pops = b.offer(notice("!a", NoticeKind::Message), 0);
        for at in [1_000, 2_000, 3_000] {
            pops.extend(b.offer(notice("!a", NoticeKind::Message), at));
        }
        let late = b.offer(notice("!a", NoticeKind::Message), 6_000);
        assert!(matches!(late.as_slice(), [Pop::Burst { count: 3, .. }]), "{late:?}");
        pops.extend(late);
        while let Some(at) = b.next_due() {
            pops.extend(b.due(at));
        }
        assert_eq!(counted(&pops), 5, "{pops:?}");
    }

    #[test]
    fn a_long_flood_gets_ever_fewer_pop_ups() {
        let mut b = Bursts::new(5_000);
        // 1,000 messages over 50 s (what this machine's Synapse delivers): pop-ups at 0, 5,
        // 15 and 35 s, and the rest when the room goes quiet.
        let pops = flood(&mut b, "!a", 1_000, 50_000);
        assert!(pops.len() <= 5, "{} pop-ups", pops.len());
        assert_eq!(counted(&pops), 1_000);
    }

    #[test]
    fn many_rooms_at_once_share_one_budget() {
        let mut b = Bursts::new(5_000);
        let mut pops = Vec::new();
        for room in 0..50 {
            pops.extend(b.offer(notice(&format!("!r{room}"), NoticeKind::Message), 10));
        }
        assert_eq!(pops.len(), MAX_POPS_PER_WINDOW);
        while let Some(at) = b.next_due() {
            pops.extend(b.due(at));
        }
        assert_eq!(counted(&pops), 50);
        assert!(pops.len() <= MAX_POPS_PER_WINDOW + 1, "{pops:?}");
        assert!(matches!(pops.last(), Some(Pop::Burst { room_id: None, count: 46, .. })));
    }

    #[test]
    fn mixed_kinds_in_a_burst_have_no_single_kind() {
        let mut b = Bursts::new(1_000);
        b.offer(notice("!a", NoticeKind::Message), 0);
        b.offer(notice("!a", NoticeKind::Message), 10);
        b.offer(notice("!a", NoticeKind::Reaction), 20);
        assert!(matches!(b.due(1_000).as_slice(), [Pop::Burst { count: 2, kind: None, .. }]));
    }
}
