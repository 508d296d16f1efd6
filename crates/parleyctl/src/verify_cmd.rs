//! `parleyctl verify …`, `devices`, `recovery …`: accountability (issue 4).
//!
//! - `verify request USER_ID [--confirm] --json` asks `USER_ID` (or this account's other
//!   devices, for the own user id) to verify by emoji; `verify accept [--confirm] --json`
//!   takes the first incoming request. Each prints the 7 emoji names and the result as its
//!   last line; with `--confirm` it answers "they match", without it "they don't match".
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
        /// Answer "they match" when the emoji appear (without it: "they don't match").
        #[arg(long)]
        confirm: bool,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Accept the first incoming verification request and compare emoji.
    Accept {
        /// Answer "they match" when the emoji appear (without it: "they don't match").
        #[arg(long)]
        confirm: bool,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
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
    let (target, confirm) = match command {
        VerifyCommand::Request { user_id, confirm, json: _ } => (Some(user_id), confirm),
        VerifyCommand::Accept { confirm, json: _ } => (None, confirm),
    };
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
    let outcome = loop {
        let event = match tokio::time::timeout_at(deadline, events.recv()).await {
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
                engine.confirm_verification(&flow_id, confirm).await?;
            }
            VerificationState::Done => break Ok(None),
            VerificationState::Cancelled { reason, mismatch } => {
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
