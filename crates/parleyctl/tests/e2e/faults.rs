//! The send queue under faults: nothing lost, nothing doubled, order kept.

use std::{process::Stdio, time::Duration};

use crate::support::{Ctl, DmPair, PrivateHomeserver};

const COUNT: usize = 200;

fn bodies(prefix: &str) -> Vec<String> {
    (1..=COUNT).map(|i| format!("{prefix} {i:03}")).collect()
}

/// The bodies in `ctl`'s history of the room that start with `prefix`, oldest first.
fn received(ctl: &Ctl, room_id: &str, prefix: &str) -> Vec<String> {
    let history = ctl.ok(&["history", room_id, "--json", "--limit", "400"]);
    history
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON line"))
        .filter_map(|m| m["body"].as_str().map(ToOwned::to_owned))
        .filter(|b| b.starts_with(prefix))
        .collect()
}

fn send_args<'a>(room_id: &'a str, texts: &'a [String], no_wait: bool) -> Vec<&'a str> {
    let mut args = vec!["send"];
    if no_wait {
        args.push("--no-wait");
    }
    args.push(room_id);
    args.extend(texts.iter().map(String::as_str));
    args
}

#[test]
fn messages_queued_while_the_homeserver_is_down_arrive_exactly_once_in_order() {
    let server = PrivateHomeserver::start();
    let pair = DmPair::on(&server.homeserver());
    let sent = bodies("outage");

    server.kill();
    let queued = pair.a.ok(&send_args(&pair.room_id, &sent, true));
    assert_eq!(queued.lines().count(), COUNT, "one receipt per queued message");
    // The queue is on disk: this process is gone, the server is gone.
    server.restart();
    pair.a.ok(&["flush", "--timeout", "180"]);

    assert_eq!(received(&pair.b, &pair.room_id, "outage"), sent, "each of {COUNT} exactly once, in order");
}

#[test]
fn a_sender_killed_half_way_finishes_exactly_once_in_order_after_restart() {
    let server = PrivateHomeserver::start();
    let pair = DmPair::on(&server.homeserver());
    let sent = bodies("crash");

    pair.a.ok(&send_args(&pair.room_id, &sent, true));
    // Deliver in a process we SIGKILL part-way through.
    let mut flusher = pair
        .a
        .command(&["flush", "--timeout", "180"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("flush");
    std::thread::sleep(Duration::from_millis(1500));
    flusher.kill().expect("SIGKILL the sender");
    let _ = flusher.wait();
    let before_restart = received(&pair.b, &pair.room_id, "crash").len();
    eprintln!("delivered before the kill: {before_restart} of {COUNT}");

    pair.a.ok(&["flush", "--timeout", "180"]);
    assert_eq!(received(&pair.b, &pair.room_id, "crash"), sent, "each of {COUNT} exactly once, in order");
}

#[test]
fn rooms_and_history_open_from_the_local_cache_with_the_homeserver_gone() {
    let server = PrivateHomeserver::start();
    let pair = DmPair::on(&server.homeserver());
    pair.b.ok(&["send", &pair.room_id, "said before the outage"]);
    // A's own store learns of it while the server is still up.
    assert_eq!(received(&pair.a, &pair.room_id, "said before"), ["said before the outage"]);

    server.kill();
    let rooms = pair.a.ok(&["rooms", "--json", "--offline"]);
    assert!(rooms.contains(&pair.room_id), "the DM is listed from the cache: {rooms}");
    let history = pair.a.ok(&["history", &pair.room_id, "--json", "--offline"]);
    assert!(history.contains("said before the outage"), "history is read from the cache: {history}");
}
