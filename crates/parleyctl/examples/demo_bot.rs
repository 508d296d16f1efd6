//! The `make demo` bot: signs in as the demo's second user (already logged in
//! with `parleyctl login`) and answers every message, so a person trying Parley
//! sees something happen. It accepts invites too. Not part of the product.
//!
//! `cargo run -p parleyctl --example demo_bot -- PROFILE_DIR`

#![recursion_limit = "256"]

use std::{path::PathBuf, process::ExitCode};

use parley_core::{Engine, EngineEvent, Profile, SendWait};

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: demo_bot PROFILE_DIR");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("demo bot: could not start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(dir)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo bot: {e}");
            ExitCode::from(1)
        }
    }
}

async fn run(dir: PathBuf) -> Result<(), parley_core::CoreError> {
    let profile = Profile::open(dir)?;
    let engine = Engine::restore(&profile).await?.ok_or(parley_core::CoreError::NotLoggedIn)?;
    let mut events = engine.subscribe();
    engine.start_sync().await?;
    eprintln!("demo bot: {} is answering messages", engine.account().user_id);
    loop {
        match events.recv().await {
            Ok(EngineEvent::Message(message)) => {
                let words = message.body.split_whitespace().count();
                let reply = format!(
                    "Got your message ({words} word{}), end-to-end encrypted. Try a link or **Markdown**.",
                    if words == 1 { "" } else { "s" }
                );
                if let Err(e) = engine.send_text(&message.room_id, &reply, SendWait::Ack).await {
                    eprintln!("demo bot: could not reply: {e}");
                }
            }
            Ok(EngineEvent::Invite { room_id, .. }) => {
                if let Err(e) = engine.join(&room_id).await {
                    eprintln!("demo bot: could not join {room_id}: {e}");
                }
            }
            Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return Ok(()),
        }
    }
}
