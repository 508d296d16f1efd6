//! `parleyctl verify …`, `devices`, `recovery …`: accountability (issue 4).
//!
//! - `verify request USER_ID [--confirm] --json` asks `USER_ID` (or this account's other
//!   devices, for the own user id) to verify by emoji; `verify accept [--confirm] --json`
//!   takes the first incoming request. Each prints the 7 emoji names and the result as its
//!   last line; with `--confirm` it answers "they match", without it "they don't match";
//!   `--answer-after SECS` waits that long after the emoji appear, as a person comparing
//!   them would (tests use it so the other side sees the emoji before the answer lands).
//! - `devices [USER_ID] --json`: devices with their verification state.
//! - `recovery enable --json` prints the recovery key once; `recovery restore --key-stdin`.

use std::time::Duration;

use clap::Subcommand;
use parley_core::{CoreError, EngineEvent, Profile, VerificationState};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use crate::{Done, SETTLE_TIMEOUT, SHUTDOWN_TIMEOUT, print_json, signed_in, synced, to_json};

/// How long a verification may take from start to end.
const VERIFY_TIMEOUT: Duration = Duration::from_mins(3);

/// `parleyctl verify` subcommands.
#[derive(Subcommand)]
pub(crate) enum VerifyCommand {
    /// Ask someone (or, with your own user id, your other devices) to verify by emoji.
    Request {
        /// Their user id.
        user_id: String,
        #[command(flatten)]
        reply: Reply,
    },
    /// Accept the first incoming verification request and compare emoji.
    Accept {
        #[command(flatten)]
        reply: Reply,
    },
}

/// How `verify request` / `verify accept` answer when the emoji appear.
#[derive(clap::Args)]
pub(crate) struct Reply {
    /// Answer "they match" when the emoji appear (without it: "they don't match").
    #[arg(long)]
    confirm: bool,
    /// Seconds to wait after the emoji appear before answering.
    #[arg(long, value_name = "SECS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=120))]
    answer_after: u64,
    /// Print JSON (the default and only format for this command).
    #[arg(long)]
    json: bool,
}

/// `parleyctl recovery` subcommands.
#[derive(Subcommand)]
pub(crate) enum RecoveryCommand {
    /// Set up recovery (secret storage and key backup); prints the recovery key once.
    Enable {
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Restore this device from the recovery key read from standard input.
    Restore {
        /// Read the recovery key from the first line of standard input.
        #[arg(long, required = true)]
        key_stdin: bool,
    },
}

/// Runs `verify request` / `verify accept`.
pub(crate) async fn verify(profile: &Profile, command: VerifyCommand) -> Result<Done, CoreError> {
    let (target, Reply { confirm, answer_after, json: _ }) = match command {
        VerifyCommand::Request { user_id, reply } => (Some(user_id), reply),
        VerifyCommand::Accept { reply } => (None, reply),
    };
    let answer_after = Duration::from_secs(answer_after);
    let engine = signed_in(profile).await?;
    // Subscribed before sync starts, so an incoming request is never missed.
    let mut events = engine.subscribe();
    engine.start_and_settle(SETTLE_TIMEOUT).await?;
    let mut flow = match &target {
        Some(user_id) => Some(engine.request_verification(user_id).await?),
        None => None,
    };
    let deadline = tokio::time::Instant::now() + VERIFY_TIMEOUT;
    let mut emoji_names: Vec<String> = Vec::new();
    // The answer waits here until its time comes; events keep being read meanwhile, so a
    // cancellation from the other side during the wait ends the flow instead of failing it.
    let mut answer_at: Option<(String, tokio::time::Instant)> = None;
    let outcome = loop {
        let wake = answer_at.as_ref().map_or(deadline, |(_, at)| (*at).min(deadline));
        let event = match tokio::time::timeout_at(wake, events.recv()).await {
            Err(_) if wake < deadline => {
                if let Some((flow_id, _)) = answer_at.take() {
                    engine.confirm_verification(&flow_id, confirm).await?;
                }
                continue;
            }
            Err(_) | Ok(Err(RecvError::Closed)) => break Err(CoreError::Timeout),
            Ok(Err(RecvError::Lagged(_))) => continue,
            Ok(Ok(event)) => event,
        };
        let EngineEvent::Verification { flow_id, incoming, state, .. } = event else { continue };
        if flow.is_none() && incoming && state == VerificationState::Requested {
            engine.accept_verification(&flow_id).await?;
            flow = Some(flow_id.clone());
        }
        if flow.as_deref() != Some(flow_id.as_str()) {
            continue;
        }
        match state {
            VerificationState::Emoji { emoji } => {
                emoji_names = emoji.into_iter().map(|e| e.name).collect();
                answer_at = Some((flow_id, tokio::time::Instant::now() + answer_after));
            }
            VerificationState::Done => break Ok(None),
            VerificationState::Cancelled { reason, mismatch, .. } => {
                break Ok(Some((if mismatch { "mismatch" } else { "cancelled" }, reason)));
            }
            VerificationState::Requested | VerificationState::Confirmed => {}
        }
    };
    engine.shutdown(SHUTDOWN_TIMEOUT).await;
    let failed = outcome?;
    let result = failed.as_ref().map_or("verified", |(result, _)| result);
    print_json(&json!({ "emoji": emoji_names, "result": result }));
    Ok(failed.map_or(Done::Ok, |(_, reason)| Done::Failed(reason)))
}

/// Runs `devices [USER_ID]`: one JSON object per device.
pub(crate) async fn devices(profile: &Profile, user_id: Option<&str>) -> Result<(), CoreError> {
    let engine = synced(profile).await?;
    let devices = engine.devices(user_id).await;
    engine.shutdown(SHUTDOWN_TIMEOUT).await;
    for device in devices? {
        print_json(&to_json(&device)?);
    }
    Ok(())
}

/// Runs a `recovery` subcommand.
pub(crate) async fn recovery(profile: &Profile, command: RecoveryCommand) -> Result<(), CoreError> {
    let engine = synced(profile).await?;
    let result = match command {
        RecoveryCommand::Enable { json: _ } => engine.enable_recovery().await.map(|key| {
            print_json(&json!({ "recovery_key": key.as_str() }));
        }),
        RecoveryCommand::Restore { key_stdin: _ } => match crate::read_secret_line("recovery key") {
            Ok(key) => engine.recover(&key).await.map(|()| print_json(&json!({ "restored": true }))),
            Err(e) => Err(e),
        },
    };
    engine.shutdown(SHUTDOWN_TIMEOUT).await;
    result
}
