//! A room shown from the local cache catches up with what arrived while Parley was closed.
//!
//! `listen --room` shows the room list and the room the way the app does: from the cache
//! first, then as the engine reports changes. Messages sent while the reader was closed are
//! older than its sync, so they are history, never announced as news; the engine must still
//! tell a front end to reload the room and the list, and report history that becomes
//! readable, or the room stays empty or undecryptable (and the list's unread count stale)
//! until the next launch.

use std::{
    io::{BufRead, BufReader},
    process::Stdio,
};

use serde_json::Value;

use crate::support::{Ctl, DmPair, Homeserver};

#[test]
fn a_room_shown_from_the_cache_catches_up_with_what_arrived_while_closed() {
    let hs = Homeserver::from_env();
    let pair = DmPair::on(&hs);
    let room = pair.room_id.as_str();
    pair.a.ok(&["send", room, "before the break"]);
    let cached = pair.b.ok(&["history", room, "--json"]);
    assert!(cached.contains("before the break"), "{cached}");

    // While B is closed, C joins and writes: her room key reaches B in the same catch-up
    // as her messages, so they can arrive undecryptable and become readable afterwards.
    let carol = hs.new_user("carol");
    let dir = tempfile::tempdir().expect("tmp");
    let c = Ctl::new(&dir.path().join("carol"));
    c.login(&hs, &carol);
    pair.a.ok(&["invite", room, &carol.id]);
    c.ok(&["join", room]);
    pair.a.ok(&["send", room, "carol is here"]);
    let later = ["while you were out: one", "while you were out: two", "while you were out: three"];
    for body in later {
        c.ok(&["send", room, body]);
    }

    let mut listen = pair
        .b
        .command(&["listen", "--json", "--room", room, "--timeout", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("listen");
    let lines = BufReader::new(listen.stdout.take().expect("stdout")).lines();
    let mut shown = Shown::of(room);
    for line in lines {
        let line = line.expect("a line of listen");
        shown.apply(&serde_json::from_str(&line).expect("a JSON line"));
        if later.iter().chain(["carol is here"].iter()).all(|body| shown.readable(body))
            && shown.unread() > shown.first_unread
        {
            break;
        }
    }
    let _ = listen.kill();
    let out = listen.wait_with_output().expect("listen");

    let first = shown.first_page.as_ref().expect("listen printed the room's page from the cache");
    assert!(
        first.iter().any(|m| m["body"] == "before the break")
            && !first.iter().any(|m| m["body"] == "carol is here"),
        "the first page is the local cache, before the catch-up: {first:?}"
    );
    assert!(
        shown.unread() > shown.first_unread,
        "the room list never showed the new messages as unread (still {}): {:?}",
        shown.first_unread,
        shown.rooms
    );
    for body in later {
        assert!(
            shown.readable(body),
            "{body:?} never reached the shown room, readable: {:?}\nstderr: {}",
            shown.messages,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// What a front end shows with one room open, updated as the app's is (ui/src/lib/session).
struct Shown {
    room: String,
    first_page: Option<Vec<Value>>,
    messages: Vec<Value>,
    rooms: Vec<Value>,
    /// The room's unread count in the first room list (from the local cache).
    first_unread: u64,
}

impl Shown {
    fn of(room: &str) -> Self {
        Self {
            room: room.to_owned(),
            first_page: None,
            messages: Vec::new(),
            rooms: Vec::new(),
            first_unread: 0,
        }
    }

    fn apply(&mut self, line: &Value) {
        if let Some(rooms) = line["rooms"].as_array() {
            let first = self.rooms.is_empty();
            self.rooms.clone_from(rooms);
            if first {
                self.first_unread = self.unread();
            }
            return;
        }
        if let Some(page) = line["page"].as_array() {
            self.first_page.get_or_insert_with(|| page.clone());
            self.messages.clone_from(page);
            return;
        }
        if line["room_id"] != self.room.as_str() {
            return;
        }
        let same = |m: &&mut Value| m["event_id"] == line["event_id"];
        match line["kind"].as_str() {
            // A message arriving again with the same event id replaces it (it became readable).
            Some("message" | "undecryptable") => match self.messages.iter_mut().find(same) {
                Some(shown) => shown.clone_from(line),
                None => self.messages.push(line.clone()),
            },
            Some("edited") => {
                if let Some(shown) = self.messages.iter_mut().find(same) {
                    shown.clone_from(line);
                }
            }
            _ => {}
        }
    }

    /// The room's unread count in the room list shown.
    fn unread(&self) -> u64 {
        self.rooms
            .iter()
            .find(|r| r["room_id"] == self.room.as_str())
            .and_then(|r| r["unread"].as_u64())
            .unwrap_or(0)
    }

    /// Whether the message with this body is shown decrypted.
    fn readable(&self, body: &str) -> bool {
        self.messages.iter().any(|m| m["body"] == body && m["encrypted"] == true && m["utd_reason"].is_null())
    }
}
