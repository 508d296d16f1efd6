//! The person's notification choices: do-not-disturb and a level per room, never below
//! the organisation's `NotificationFloor`.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use parley_policy::NotificationFloor;
use serde::{Deserialize, Serialize};

use super::notice::NoticeKind;

/// How loud a room is on the desktop. The centre records everything whatever the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomLevel {
    /// No pop-ups except security events.
    Muted,
    /// Pop-ups for mentions, replies and reactions to me, and security events.
    Mentions,
    /// Pop-ups for everything.
    All,
}

impl RoomLevel {
    /// The quietest level `floor` allows.
    pub fn floor(floor: NotificationFloor) -> Self {
        match floor {
            NotificationFloor::All => Self::All,
            NotificationFloor::Mentions => Self::Mentions,
            NotificationFloor::Muted => Self::Muted,
        }
    }

    /// Parses `all`, `mentions` or `muted`.
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }

    /// The name used in files, commands and the UI.
    pub fn name(self) -> &'static str {
        match self {
            Self::Muted => "muted",
            Self::Mentions => "mentions",
            Self::All => "all",
        }
    }
}

/// What the person chose, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Hide every pop-up (the centre still records and counts).
    #[serde(default)]
    pub do_not_disturb: bool,
    /// Rooms set to something other than `all`.
    #[serde(default)]
    pub rooms: BTreeMap<String, RoomLevel>,
}

impl Settings {
    /// Reads the settings at `path`; missing or unreadable means the defaults (every room
    /// at `all`, the loudest, so a damaged file never silences anything).
    pub fn load(path: &PathBuf) -> Self {
        std::fs::read(path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
    }

    /// Writes the settings to `path` (0600).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        crate::profile::write_json_private(path, self)
    }

    /// The level in force for a room: the person's choice, raised to the floor.
    pub fn level(&self, room_id: Option<&str>, floor: NotificationFloor) -> RoomLevel {
        let chosen = room_id.and_then(|r| self.rooms.get(r)).copied().unwrap_or(RoomLevel::All);
        chosen.max(RoomLevel::floor(floor))
    }

    /// Whether a notice of `kind` in a room at `level` pops up.
    pub fn pops_up(&self, kind: NoticeKind, level: RoomLevel) -> bool {
        if self.do_not_disturb {
            return false;
        }
        kind.is_security()
            || match level {
                RoomLevel::All => true,
                RoomLevel::Mentions => kind.is_personal(),
                RoomLevel::Muted => false,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_raises_a_quieter_choice_and_security_always_pops_up() {
        let mut s = Settings::default();
        s.rooms.insert("!a".into(), RoomLevel::Muted);
        assert_eq!(s.level(Some("!a"), NotificationFloor::Muted), RoomLevel::Muted);
        assert_eq!(s.level(Some("!a"), NotificationFloor::Mentions), RoomLevel::Mentions);
        assert_eq!(s.level(Some("!b"), NotificationFloor::Muted), RoomLevel::All);
        assert!(!s.pops_up(NoticeKind::Message, RoomLevel::Muted));
        assert!(!s.pops_up(NoticeKind::Message, RoomLevel::Mentions));
        assert!(s.pops_up(NoticeKind::Mention, RoomLevel::Mentions));
        assert!(s.pops_up(NoticeKind::NewSignIn, RoomLevel::Muted));
        s.do_not_disturb = true;
        assert!(!s.pops_up(NoticeKind::NewSignIn, RoomLevel::All), "do-not-disturb hides every pop-up");
    }

    #[test]
    fn a_damaged_file_means_the_loudest_defaults() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("s.json");
        std::fs::write(&path, "{not json").expect("write");
        assert_eq!(Settings::load(&path), Settings::default());
        let mut s = Settings::default();
        s.rooms.insert("!a".into(), RoomLevel::Mentions);
        s.save(&path).expect("save");
        assert_eq!(Settings::load(&path), s);
    }
}
