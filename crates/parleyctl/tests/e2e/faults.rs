//! The send queue and sync under a homeserver that dies: nothing lost, nothing doubled,
//! order kept.

use std::{process::Stdio, time::Duration};

use crate::support::{Ctl, DmPair, PrivateHomeserver};

const COUNT: usize = 200;

fn bodies(prefix: &str) -> Vec<String> {
    (1..=COUNT).map(|i| format!("{prefix} {i:03}")).collect()
}

/// The bodies in `ctl`'s history of the room that start with `prefix`, oldest first.
pub(crate) fn received(ctl: &Ctl, room_id: &str, prefix: &str) -> Vec<String> {
    let history = ctl.ok(&["history", room_id, "--json", "--limit", "700"]);
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

#[test]
fn a_homeserver_killed_during_a_burst_of_500_loses_and_doubles_nothing() {
    let server = PrivateHomeserver::start();
    let pair = DmPair::on(&server.homeserver());
    let sent: Vec<String> = (1..=500).map(|i| format!("burst {i:03}")).collect();

    pair.a.ok(&send_args(&pair.room_id, &sent, true));
    let flusher = pair
        .a
        .command(&["flush", "--timeout", "400"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("flush");
    // Part-way through the burst (this Synapse stores ~40 messages a second).
    std::thread::sleep(Duration::from_secs(4));
    server.kill();
    std::thread::sleep(Duration::from_secs(3));
    server.restart();
    let out = flusher.wait_with_output().expect("flush");
    assert!(
        out.status.success(),
        "the same process delivers the rest: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    assert_eq!(received(&pair.b, &pair.room_id, "burst"), sent, "each of 500 exactly once, in order");
}

#[test]
fn a_homeserver_killed_during_sync_loses_and_doubles_nothing() {
    let server = PrivateHomeserver::start();
    let pair = DmPair::on(&server.homeserver());
    let before: Vec<String> = (1..=5).map(|i| format!("around the outage {i}")).collect();
    let after: Vec<String> = (6..=10).map(|i| format!("around the outage {i}")).collect();

    let listener = pair.a.listen(10, Duration::from_mins(4));
    crate::support::let_listener_start();
    for text in &before {
        pair.b.ok(&["send", &pair.room_id, text]);
    }
    // The listener is in the middle of a long-polling sync when the homeserver dies.
    server.kill();
    std::thread::sleep(Duration::from_secs(5));
    server.restart();
    for text in &after {
        pair.b.ok(&["send", &pair.room_id, text]);
    }
    let got: Vec<String> = crate::support::messages_from(listener)
        .iter()
        .filter_map(|m| m["body"].as_str().map(ToOwned::to_owned))
        .collect();
    assert_eq!(got, [before, after].concat(), "each exactly once, in order, in the same process");
}
