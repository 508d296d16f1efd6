//! Initial-sync benchmark helper (tests/bench/engine.sh): opens a signed-in profile,
//! starts sync and reports how long until the room list is `Running` (what
//! `parleyctl rooms` waits for: the first batch of the growing room list) and until the
//! engine knows `--expect` joined rooms (the whole list). Prints one JSON object.
//!
//! `cargo run -p parleyctl --example bench_sync -- PROFILE_DIR --expect 200`

#![recursion_limit = "256"]

use std::{
    path::PathBuf,
    process::ExitCode,
    time::{Duration, Instant},
};

use parley_core::{CoreError, Engine, Profile};
use serde_json::json;

const TIMEOUT: Duration = Duration::from_mins(10);
const POLL: Duration = Duration::from_millis(50);

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(flag), Some(expect)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: bench_sync PROFILE_DIR --expect N");
        return ExitCode::from(2);
    };
    let Ok(expect) = expect.parse::<usize>() else {
        eprintln!("usage: bench_sync PROFILE_DIR --expect N");
        return ExitCode::from(2);
    };
    if flag != "--expect" {
        eprintln!("usage: bench_sync PROFILE_DIR --expect N");
        return ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("bench_sync: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(PathBuf::from(dir), expect)) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_sync: {e}");
            ExitCode::from(1)
        }
    }
}

async fn run(dir: PathBuf, expect: usize) -> Result<serde_json::Value, CoreError> {
    let started = Instant::now();
    let profile = Profile::open(dir)?;
    let engine = Engine::restore(&profile).await?.ok_or(CoreError::NotLoggedIn)?;
    let restored = started.elapsed();
    let cached_rooms = engine.rooms().await.len();
    engine.start_and_settle(TIMEOUT).await?;
    let running = started.elapsed();
    let rooms_at_running = engine.rooms().await.len();
    let all = tokio::time::timeout(TIMEOUT, async {
        loop {
            let n = engine.rooms().await.len();
            if n >= expect {
                return n;
            }
            tokio::time::sleep(POLL).await;
        }
    })
    .await;
    let all_rooms = started.elapsed();
    let rooms = match all {
        Ok(n) => n,
        Err(_) => engine.rooms().await.len(),
    };
    engine.shutdown(Duration::from_secs(5)).await;
    Ok(json!({
        "cached_rooms": cached_rooms,
        "restore_s": restored.as_secs_f64(),
        "running_s": running.as_secs_f64(),
        "rooms_at_running": rooms_at_running,
        "all_rooms_s": all.is_ok().then_some(all_rooms.as_secs_f64()),
        "rooms": rooms,
        "expected": expect,
    }))
}
