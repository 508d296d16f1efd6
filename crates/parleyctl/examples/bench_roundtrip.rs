//! Round-trip benchmark (tests/bench/engine.sh): two engines in one process, A and B,
//! both signed in beforehand with `parleyctl login`, in an encrypted direct chat that
//! B has joined. Measures, with real end-to-end encryption:
//!
//! - sequential: A sends `--count` messages one at a time (`SendWait::Ack`); the time
//!   from calling `send_text` until B's engine emits `EngineEvent::Message` with that
//!   body (p50, p99, mean, max);
//! - burst: A queues `--burst` messages (`SendWait::Queued`) back to back; the time
//!   until B has received all of them.
//!
//! Prints one JSON object. A measurement, not a test.
//!
//! `cargo run --release -p parleyctl --example bench_roundtrip -- PROFILE_A PROFILE_B ROOM_ID [--count N] [--burst N] [--warmup N]`

#![recursion_limit = "256"]

use std::{
    collections::HashMap,
    path::PathBuf,
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use parley_core::{CoreError, Engine, EngineEvent, Profile, SendWait};
use serde_json::json;
use tokio::sync::{broadcast::error::RecvError, mpsc};

const SETTLE: Duration = Duration::from_mins(2);
/// Longest wait for one sequential message before it counts as lost.
const PER_MESSAGE: Duration = Duration::from_mins(1);
/// Longest wait for the whole burst.
const BURST_TIMEOUT: Duration = Duration::from_mins(10);

struct Args {
    profile_a: PathBuf,
    profile_b: PathBuf,
    room_id: String,
    count: usize,
    burst: usize,
    warmup: usize,
}

fn parse_args() -> Option<Args> {
    let mut positional = Vec::new();
    let (mut count, mut burst, mut warmup) = (1000, 1000, 5);
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--count" => count = it.next()?.parse().ok()?,
            "--burst" => burst = it.next()?.parse().ok()?,
            "--warmup" => warmup = it.next()?.parse().ok()?,
            _ => positional.push(arg),
        }
    }
    let [a, b, room]: [String; 3] = positional.try_into().ok()?;
    Some(Args { profile_a: a.into(), profile_b: b.into(), room_id: room, count, burst, warmup })
}

fn main() -> ExitCode {
    let Some(args) = parse_args() else {
        eprintln!("usage: bench_roundtrip PROFILE_A PROFILE_B ROOM_ID [--count N] [--burst N] [--warmup N]");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bench_roundtrip: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_roundtrip: {e}");
            ExitCode::from(1)
        }
    }
}

async fn open(dir: PathBuf) -> Result<Engine, CoreError> {
    let profile = Profile::open(dir)?;
    Engine::restore(&profile).await?.ok_or(CoreError::NotLoggedIn)
}

/// Nearest-rank percentile of sorted milliseconds.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// B's arrivals, stamped by a task that does nothing else, so the stamp is when the
/// engine emitted the event, not when the sender loop got round to looking.
fn stamp_arrivals(b: &Engine) -> (mpsc::UnboundedReceiver<(String, Instant)>, Arc<AtomicU64>) {
    let (tx, arrivals) = mpsc::unbounded_channel::<(String, Instant)>();
    let mut events = b.subscribe();
    let lagged = Arc::new(AtomicU64::new(0));
    let lagged_in_task = lagged.clone();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(EngineEvent::Message(m)) => {
                    if tx.send((m.body, Instant::now())).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(RecvError::Lagged(n)) => {
                    lagged_in_task.fetch_add(n, Ordering::Relaxed);
                }
                Err(RecvError::Closed) => return,
            }
        }
    });
    (arrivals, lagged)
}

async fn run(args: Args) -> Result<serde_json::Value, CoreError> {
    let a = open(args.profile_a).await?;
    let b = open(args.profile_b).await?;
    let (mut arrivals, lagged) = stamp_arrivals(&b);
    let settle_started = Instant::now();
    tokio::try_join!(a.start_and_settle(SETTLE), b.start_and_settle(SETTLE))?;
    let settle_ms = ms(settle_started.elapsed());
    let run_id = std::process::id();

    // Sequential round trips; the first `warmup` (Olm session, room key share) are reported apart.
    let mut latencies = Vec::with_capacity(args.count);
    let mut acks = Vec::with_capacity(args.count);
    let mut warmup = Vec::new();
    let mut lost = 0usize;
    for i in 0..args.warmup + args.count {
        let body = format!("bench {run_id} seq {i}");
        let started = Instant::now();
        a.send_text(&args.room_id, &body, SendWait::Ack).await?;
        let acked = started.elapsed();
        let arrived = tokio::time::timeout(PER_MESSAGE, async {
            while let Some((got, at)) = arrivals.recv().await {
                if got == body {
                    return Some(at);
                }
            }
            None
        })
        .await
        .ok()
        .flatten();
        let Some(at) = arrived else {
            lost += 1;
            continue;
        };
        let latency = ms(at.duration_since(started));
        if i < args.warmup {
            warmup.push(latency);
        } else {
            latencies.push(latency);
            acks.push(ms(acked));
        }
    }
    latencies.sort_by(f64::total_cmp);
    acks.sort_by(f64::total_cmp);

    // Burst: queue everything, then wait for B to have all of it.
    let prefix = format!("bench {run_id} burst ");
    let started = Instant::now();
    for i in 0..args.burst {
        a.send_text(&args.room_id, &format!("{prefix}{i}"), SendWait::Queued).await?;
    }
    let queued = started.elapsed();
    let mut seen = HashMap::new();
    let burst_done = tokio::time::timeout(BURST_TIMEOUT, async {
        while seen.len() < args.burst {
            match arrivals.recv().await {
                Some((got, at)) if got.starts_with(&prefix) => {
                    seen.insert(got, at);
                }
                Some(_) => {}
                None => break,
            }
        }
    })
    .await
    .is_ok();
    let burst_ms = seen.values().max().map(|last| ms(last.duration_since(started)));

    let n = latencies.len();
    #[allow(clippy::cast_precision_loss)]
    let mean = if n == 0 { f64::NAN } else { latencies.iter().sum::<f64>() / n as f64 };
    let report = json!({
        "settle_ms": settle_ms,
        "warmup_ms": warmup,
        "count": args.count,
        "received": n,
        "lost": lost,
        "p50_ms": percentile(&latencies, 0.50),
        "p90_ms": percentile(&latencies, 0.90),
        "p99_ms": percentile(&latencies, 0.99),
        "mean_ms": mean,
        "max_ms": latencies.last().copied(),
        "ack_p50_ms": percentile(&acks, 0.50),
        "ack_p99_ms": percentile(&acks, 0.99),
        "burst": args.burst,
        "burst_received": seen.len(),
        "burst_complete": burst_done && seen.len() == args.burst,
        "burst_queue_ms": ms(queued),
        "burst_ms": burst_ms,
        "events_lagged": lagged.load(Ordering::Relaxed),
    });
    a.shutdown(Duration::from_secs(20)).await;
    b.shutdown(Duration::from_secs(5)).await;
    Ok(report)
}
