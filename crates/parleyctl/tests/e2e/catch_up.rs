//! A room shown from the local cache catches up with what arrived while Parley was closed.
//!
//! `listen --room` shows the room the way the app does: the newest messages from the cache
//! first, then whatever the engine reports. Messages sent while the reader was closed are
//! older than its sync, so they are history, never announced as news; the engine must still
//! tell a front end that shows the room to reload it, and report history that becomes
//! readable, or the room stays empty or undecryptable until the next launch.

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
    let mut shown = Shown::default();
    for line in lines {
        let line = line.expect("a line of listen");
        shown.apply(&serde_json::from_str(&line).expect("a JSON line"), room);
        if later.iter().chain(["carol is here"].iter()).all(|body| shown.readable(body)) {
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
    for body in later {
        assert!(
            shown.readable(body),
            "{body:?} never reached the shown room, readable: {:?}\nstderr: {}",
            shown.messages,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// What a front end shows of one room, updated as the app's timeline is (ui/src/lib/session).
#[derive(Default)]
struct Shown {
    first_page: Option<Vec<Value>>,
    messages: Vec<Value>,
}

impl Shown {
    fn apply(&mut self, line: &Value, room: &str) {
        if let Some(page) = line["page"].as_array() {
            self.first_page.get_or_insert_with(|| page.clone());
            self.messages.clone_from(page);
            return;
        }
        if line["room_id"] != room {
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

    /// Whether the message with this body is shown decrypted.
    fn readable(&self, body: &str) -> bool {
        self.messages.iter().any(|m| m["body"] == body && m["encrypted"] == true && m["utd_reason"].is_null())
    }
}
