//! Sends the encrypted benchmark data set (issue 16, `tests/bench/peers.sh`): the events that
//! `tests/bench/seed.py --encrypted` planned, each from its sender's own device through
//! matrix-sdk, so every message, reply, edit, reaction and file offer is Megolm ciphertext
//! and every file is an encrypted upload. Plain HTTP cannot do this.
//!
//! Each sender signs in a device of its own, uploads its keys and a cross-signing identity
//! (Parley decrypts only from cross-signed devices) and keeps that device afterwards: a
//! reader that meets a room key later looks its sender up. Room keys go to every device of
//! every member known at sending time (matrix-sdk's default), so the devices measured later
//! must be signed in before this runs.
//!
//! Prints one JSON object (counts and seconds); progress on stderr. A benchmark tool, not a
//! test.
//!
//! `cargo run --release -p parley-core --example bench_seed_e2ee -- PLAN.json`

use std::{
    collections::{BTreeSet, HashMap},
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context, anyhow};
use futures_util::{StreamExt, TryStreamExt, stream};
use matrix_sdk::{
    Client, Room,
    attachment::AttachmentConfig,
    config::{RequestConfig, SyncSettings},
    ruma::{
        OwnedEventId, RoomId,
        api::client::uiaa::{AuthData, MatrixUserIdentifier, Password, UserIdentifier},
    },
};
use serde::Deserialize;
use serde_json::{Value, json};

/// The plan written by `seed.py --encrypted`.
#[derive(Deserialize)]
struct Plan {
    homeserver: String,
    password: String,
    /// The string standing for the target's event ID in a planned event's content.
    target: String,
    file_bytes: String,
    threads: usize,
    rooms: Vec<PlannedRoom>,
}

#[derive(Deserialize)]
struct PlannedRoom {
    room_id: String,
    ops: Vec<Op>,
}

/// One event: a file (`f`, its name; sent as an encrypted upload) or an event of type
/// `event_type` with `content`, exactly as the plain data set sends it, in which the plan's
/// `target` stands for the event ID of op `t`, an earlier op of the same room (the reply's,
/// edit's or reaction's target).
#[derive(Deserialize)]
struct Op {
    /// The sender's localpart.
    s: String,
    f: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    content: Option<Value>,
    t: Option<usize>,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_seed_e2ee: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<Value> {
    let path = std::env::args().nth(1).context("usage: bench_seed_e2ee PLAN.json")?;
    let plan: Plan =
        serde_json::from_slice(&std::fs::read(&path).with_context(|| format!("reading {path}"))?)
            .with_context(|| format!("{path} is not a seeding plan"))?;
    let threads = plan.threads.max(1);
    let senders: BTreeSet<&str> =
        plan.rooms.iter().flat_map(|r| r.ops.iter().map(|op| op.s.as_str())).collect();

    let started = Instant::now();
    eprintln!("bench_seed_e2ee: signing in {} senders", senders.len());
    let clients: HashMap<String, Client> = stream::iter(senders)
        .map(|user| sign_in(&plan, user))
        .buffer_unordered(threads)
        .try_collect()
        .await?;
    let signed_in = started.elapsed();

    let total: usize = plan.rooms.iter().map(|r| r.ops.len()).sum();
    eprintln!("bench_seed_e2ee: sending {total} encrypted events into {} rooms", plan.rooms.len());
    let progress = Progress { done: AtomicUsize::new(0), total, started: Instant::now() };
    let file = Arc::new(plan.file_bytes.clone().into_bytes());
    stream::iter(&plan.rooms)
        .map(|room| fill(room, &clients, &file, &plan.target, &progress))
        .buffer_unordered(threads)
        .try_collect::<()>()
        .await?;
    let sending = progress.started.elapsed();

    let files = plan.rooms.iter().flat_map(|r| &r.ops).filter(|op| op.f.is_some()).count();
    Ok(json!({
        "senders": clients.len(),
        "rooms": plan.rooms.len(),
        "events": total,
        "files": files,
        "seconds": { "sign_in": round(signed_in), "send": round(sending) },
        "events_per_s": per_second(total, sending).round(),
    }))
}

fn per_second(n: usize, d: Duration) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX)) / d.as_secs_f64().max(1e-9)
}

fn round(d: Duration) -> f64 {
    (d.as_secs_f64() * 10.0).round() / 10.0
}

/// A new device for `user`: keys uploaded, the rooms known (one sync), cross-signed.
async fn sign_in(plan: &Plan, user: &str) -> anyhow::Result<(String, Client)> {
    let client = Client::builder()
        .homeserver_url(&plan.homeserver)
        .request_config(RequestConfig::new().retry_limit(8).timeout(Duration::from_mins(2)))
        .build()
        .await?;
    client
        .matrix_auth()
        .login_username(user, &plan.password)
        .initial_device_display_name("seed-e2ee")
        .send()
        .await
        .with_context(|| format!("signing in {user}"))?;
    client
        .sync_once(SyncSettings::new().timeout(Duration::ZERO))
        .await
        .with_context(|| format!("first sync of {user}"))?;
    let encryption = client.encryption();
    if let Err(e) = encryption.bootstrap_cross_signing(None).await {
        // Synapse asks for the password again unless this is the account's first identity.
        let uiaa = e.as_uiaa_response().ok_or_else(|| anyhow!("cross-signing {user}: {e}"))?;
        let mut password = Password::new(
            UserIdentifier::Matrix(MatrixUserIdentifier::new(user.to_owned())),
            plan.password.clone(),
        );
        password.session = uiaa.session.clone();
        encryption
            .bootstrap_cross_signing(Some(AuthData::Password(password)))
            .await
            .with_context(|| format!("cross-signing {user}"))?;
    }
    Ok((user.to_owned(), client))
}

struct Progress {
    done: AtomicUsize,
    total: usize,
    started: Instant,
}

impl Progress {
    fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(2000) || n == self.total {
            let rate = per_second(n, self.started.elapsed());
            eprintln!("bench_seed_e2ee: {n}/{} events ({rate:.0}/s)", self.total);
        }
    }
}

/// Sends one room's events in order (replies, edits and reactions point at earlier ones).
async fn fill(
    planned: &PlannedRoom,
    clients: &HashMap<String, Client>,
    file: &Arc<Vec<u8>>,
    target: &str,
    progress: &Progress,
) -> anyhow::Result<()> {
    let room_id = RoomId::parse(&planned.room_id).with_context(|| format!("room id {}", planned.room_id))?;
    let mut event_ids: Vec<OwnedEventId> = Vec::with_capacity(planned.ops.len());
    for (n, op) in planned.ops.iter().enumerate() {
        let client = clients.get(&op.s).ok_or_else(|| anyhow!("{} has no device", op.s))?;
        let room = client.get_room(&room_id).ok_or_else(|| anyhow!("{} is not in {room_id}", op.s))?;
        let event_id = send(&room, op, &event_ids, file, target)
            .await
            .with_context(|| format!("event {n} from {} in {room_id}", op.s))?;
        event_ids.push(event_id);
        progress.tick();
    }
    Ok(())
}

async fn send(
    room: &Room,
    op: &Op,
    earlier: &[OwnedEventId],
    file: &Arc<Vec<u8>>,
    target: &str,
) -> anyhow::Result<OwnedEventId> {
    if let Some(name) = &op.f {
        let response = room
            .send_attachment(name, &mime::TEXT_PLAIN, file.as_ref().clone(), AttachmentConfig::new())
            .await?;
        return Ok(response.event_id);
    }
    let event_type = op.event_type.as_deref().context("neither a file nor an event type")?;
    let mut content = op.content.clone().context("no content")?;
    if let Some(t) = op.t {
        let id = earlier.get(t).ok_or_else(|| anyhow!("target {t} is not an earlier event"))?;
        fill_target(&mut content, target, id.as_str());
    }
    Ok(room.send_raw(event_type, content).await?.response.event_id)
}

/// Replaces every string `target` in `value` with `id`.
fn fill_target(value: &mut Value, target: &str, id: &str) {
    match value {
        Value::String(s) if s == target => id.clone_into(s),
        Value::Array(items) => items.iter_mut().for_each(|v| fill_target(v, target, id)),
        Value::Object(map) => map.values_mut().for_each(|v| fill_target(v, target, id)),
        _ => {}
    }
}
