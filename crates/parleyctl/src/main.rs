//! `parleyctl`: Parley's command-line tool for IT and tests (DESIGN.md §5).
//!
//! This file is glue: parse arguments, call `parley-core`, print JSON or one
//! plain sentence. Exit codes: 0 done, 1 the operation failed, 2 bad usage.

// matrix-sdk futures nest deeply; their layout needs a higher limit than the default.
#![recursion_limit = "256"]

mod audit_cmd;
mod dlp_cmd;
mod file_cmd;
mod html_cmd;
mod identity_cmd;
mod link_cmd;
mod message_cmd;
mod notices_cmd;
mod policy_cmd;
mod room_cmd;
mod trust_cmd;
mod verify_cmd;

use std::{
    io::{BufRead, Write},
    path::PathBuf,
    process::ExitCode,
    time::Duration,
};

use clap::{Args, Parser, Subcommand};
use parley_core::{
    CoreError, Engine, EngineEvent, LoginRequest, Profile, SendOptions, SendWait, SignInOptions, SsoRequest,
};
use serde_json::json;

/// How long one-shot commands wait for the first sync and key publication.
const SETTLE_TIMEOUT: Duration = Duration::from_mins(1);
/// How long commands wait for queued messages to go out before exiting.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Parser)]
#[command(name = "parleyctl", version, about = "Parley command-line tool and headless client")]
struct Cli {
    // clap prints this doc comment verbatim as `--help` text; backticks would show up there.
    #[allow(clippy::doc_markdown)]
    /// Profile folder (default: $PARLEY_PROFILE or the platform data dir).
    #[arg(long, global = true, value_name = "DIR")]
    profile: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The tamper-evident audit log: verify its chain, show its entries.
    Audit {
        #[command(subcommand)]
        command: audit_cmd::AuditCommand,
    },
    /// Export a room's whole history (JSON, HTML and a manifest of SHA-256 hashes).
    Export {
        /// The room id.
        room_id: String,
        /// The folder to write into (created 0700).
        #[arg(long)]
        out: PathBuf,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Outgoing data-loss prevention: scan text for cards, IBANs, ids, keys and secrets.
    Dlp {
        #[command(subcommand)]
        command: dlp_cmd::DlpCommand,
    },
    /// Files: what the file guard and the antivirus say about a file.
    File {
        #[command(subcommand)]
        command: file_cmd::FileCommand,
    },
    /// Accept a file offer: download into quarantine, check, scan, and release it into the
    /// Downloads folder (or --to) — or keep it in quarantine and say why. Exit 0 released,
    /// 3 kept in quarantine, 1 failed.
    AcceptFile {
        /// The event id of the message offering the file.
        event_id: String,
        /// The room it is in (default: search every joined room).
        #[arg(long)]
        room: Option<String>,
        /// Release into this folder instead of the Downloads folder.
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Send a file (encrypted like every message; the name goes through outgoing DLP).
    SendFile {
        /// The room id.
        room_id: String,
        /// The file to send.
        path: PathBuf,
        #[command(flatten)]
        confirm: Confirmations,
    },
    /// Message HTML: sanitise it as the app does before rendering.
    Html {
        #[command(subcommand)]
        command: html_cmd::HtmlCommand,
    },
    /// Links: what the confirmation dialog would say about a link.
    Link {
        #[command(subcommand)]
        command: link_cmd::LinkCommand,
    },
    /// Managed policy: check files, explain what is in force, generate templates.
    Policy {
        #[command(subcommand)]
        command: policy_cmd::PolicyCommand,
    },
    /// Sign in with a password read from standard input.
    Login {
        /// Homeserver URL or server name.
        #[arg(long)]
        homeserver: String,
        /// User name or full user id (password sign-in).
        #[arg(long, required_unless_present_any = ["sso", "oauth"], conflicts_with_all = ["sso", "oauth"])]
        user: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long, required_unless_present_any = ["sso", "oauth"], conflicts_with_all = ["sso", "oauth"])]
        password_stdin: bool,
        /// Sign in with single sign-on: prints `{"open_in_browser": URL}`, then waits for the
        /// browser to come back to a loopback listener on 127.0.0.1.
        #[arg(long, conflicts_with = "oauth")]
        sso: bool,
        /// The identity provider for single sign-on (see `login-options`).
        #[arg(long, requires = "sso")]
        idp: Option<String>,
        /// Sign in with OAuth 2.0 (homeservers behind the Matrix Authentication Service), like `--sso`.
        #[arg(long)]
        oauth: bool,
        /// Seconds to wait for the browser (`--sso`, `--oauth`).
        #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// How a homeserver can be signed in to: what it offers that the organisation allows.
    LoginOptions {
        /// Homeserver URL or server name.
        #[arg(long)]
        homeserver: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sign out and wipe the profile: store, session and keyring entry.
    Logout,
    /// Print who is signed in.
    Whoami,
    /// List joined rooms (invitations: `invites`, `requests`).
    Rooms {
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// From the local cache only, without waiting for the homeserver (works offline).
        #[arg(long)]
        offline: bool,
    },
    /// Group rooms: create (encrypted), members, settings, leave.
    Room {
        #[command(subcommand)]
        command: room_cmd::RoomCommand,
    },
    /// Direct chats.
    Dm {
        #[command(subcommand)]
        command: DmCommand,
    },
    /// Cryptographic identities: accept a contact's changed identity, reset your own.
    Identity {
        #[command(subcommand)]
        command: identity_cmd::IdentityCommand,
    },
    /// Verify someone (or your other devices) by comparing emoji.
    Verify {
        #[command(subcommand)]
        command: verify_cmd::VerifyCommand,
    },
    /// List devices (yours by default) with their verification state.
    Devices {
        /// Whose devices (default: your own).
        user_id: Option<String>,
        /// Print JSON lines (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Recovery: secret storage and key backup for new devices.
    Recovery {
        #[command(subcommand)]
        command: verify_cmd::RecoveryCommand,
    },
    /// The notification centre: list, mark read, room levels, do-not-disturb.
    Notices {
        #[command(subcommand)]
        command: notices_cmd::NoticesCommand,
    },
    /// Invite someone into a room.
    Invite {
        /// The room id.
        room_id: String,
        /// Their user id, e.g. `@carol:example.org`.
        user_id: String,
    },
    /// Every pending invitation, one JSON object per line (`from_unknown`: from someone
    /// you do not know, so it is also in `requests`).
    Invites {
        /// Print JSON lines (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// The Requests inbox: invitations from people you do not know. Without a
    /// subcommand, list them (JSON lines).
    Requests {
        #[command(subcommand)]
        command: Option<trust_cmd::RequestsCommand>,
        /// Print JSON lines (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Ignore someone: nothing more from them (messages, invitations) reaches this account.
    Ignore {
        /// Their user id.
        user_id: String,
    },
    /// Stop ignoring someone.
    Unignore {
        /// Their user id.
        user_id: String,
    },
    /// Report a message or a room to the homeserver's administrators.
    Report {
        #[command(subcommand)]
        command: trust_cmd::ReportCommand,
    },
    /// Who in a room is from outside the organisation, and whether sending there needs
    /// `--confirm-external` first (`WarnExternalMembers`).
    External {
        /// The room id.
        room_id: String,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
    /// Accept an invitation.
    Join {
        /// The room id.
        room_id: String,
    },
    /// Send text messages (Markdown allowed), in order, one per TEXT.
    Send {
        /// The room id.
        room_id: String,
        /// The messages.
        #[arg(required = true)]
        texts: Vec<String>,
        /// Return once the messages are safely in the on-disk queue, without waiting
        /// for (or even reaching) the homeserver; `flush` or any later run sends them.
        #[arg(long)]
        no_wait: bool,
        #[command(flatten)]
        confirm: Confirmations,
    },
    /// Reply to a message (Markdown allowed); waits for the homeserver like `send`.
    Reply {
        /// The room id.
        room_id: String,
        /// The message replied to.
        event_id: String,
        /// The reply.
        text: String,
        #[command(flatten)]
        confirm: Confirmations,
    },
    /// Replace the text of one of your messages.
    Edit {
        /// The room id.
        room_id: String,
        /// The message to edit.
        event_id: String,
        /// The new text.
        text: String,
        #[command(flatten)]
        confirm: Confirmations,
    },
    /// React to a message (or take your reaction back if you already gave it).
    React {
        /// The room id.
        room_id: String,
        /// The message.
        event_id: String,
        /// The reaction, usually one emoji.
        key: String,
    },
    /// Delete a message for everyone (a redaction).
    Redact {
        /// The room id.
        room_id: String,
        /// The message.
        event_id: String,
        /// Why (shown to others; goes through outgoing DLP).
        #[arg(long)]
        reason: Option<String>,
    },
    /// The send queue: list what waits, retry or cancel a message that failed.
    Unsent {
        #[command(subcommand)]
        command: Option<message_cmd::UnsentCommand>,
    },
    /// Deliver everything in the send queue; exits 0 once it is empty.
    Flush {
        /// Give up (exit 1) after this many seconds.
        #[arg(long, value_name = "SECS", default_value_t = 60)]
        timeout: u64,
    },
    /// Mark a room read up to its newest message, as the app does when the room is viewed
    /// (a private receipt unless the `SendReadReceipts` policy allows public ones).
    Read {
        /// The room id.
        room_id: String,
    },
    /// What the composer does on a key press: a typing notification, sent only if the
    /// `SendTypingNotifications` policy allows it.
    Typing {
        /// The room id.
        room_id: String,
    },
    /// Print the newest messages of a room, oldest first.
    #[command(alias = "messages")]
    History {
        /// The room id.
        room_id: String,
        /// How many messages.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
        /// From the local cache only, without waiting for the homeserver (works offline).
        #[arg(long)]
        offline: bool,
    },
    /// Print incoming events as they arrive, one JSON object per line.
    Listen {
        /// Print JSON lines (the only format).
        #[arg(long)]
        json: bool,
        /// Run the notifier too: record every event in the notification centre, show
        /// desktop pop-ups as the app does, and print each entry as `{"notice": …}`.
        #[arg(long)]
        notify: bool,
        /// Stop after this many seconds.
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
        /// Stop after this many messages.
        #[arg(long, value_name = "N")]
        count: Option<usize>,
        /// Also show what the app shows with this room open: the room list as `{"rooms": […]}`
        /// and the room's newest messages as `{"page": […]}`, from the local cache before
        /// sync starts, then again whenever the engine says they changed (`rooms_changed`,
        /// `timeline_changed`; e.g. the catch-up after being offline).
        #[arg(long, value_name = "ROOM_ID")]
        room: Option<String>,
    },
}

/// What the person confirmed before sending (the app asks; here they are flags).
#[derive(Args, Clone, Copy)]
pub(crate) struct Confirmations {
    /// Send even if outgoing DLP finds sensitive data (cards, IBANs, ids, keys,
    /// passwords) — the data leaves this machine. A `block` policy still refuses.
    #[arg(long)]
    send_sensitive_data: bool,
    /// Send even though people from outside the organisation are in the room
    /// (`WarnExternalMembers`; see `external ROOM`).
    #[arg(long)]
    confirm_external: bool,
}

impl Confirmations {
    /// Send options that wait as `wait` says, with these confirmations.
    pub(crate) fn options(self, wait: SendWait) -> SendOptions {
        SendOptions::new(wait)
            .sensitive_data_confirmed(self.send_sensitive_data)
            .external_members_confirmed(self.confirm_external)
    }
}

#[derive(Subcommand)]
enum DmCommand {
    /// Create an encrypted direct chat and invite the user.
    Create {
        /// The other user's id, e.g. `@bob:example.org`.
        user_id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Policy commands need no profile, runtime or logging set-up.
    if let Command::Policy { command } = cli.command {
        return policy_cmd::run(command);
    }
    if let Command::Audit { command } = cli.command {
        return audit_cmd::run(&cli.profile.unwrap_or_else(Profile::default_dir), command);
    }
    if let Command::Html { command } = cli.command {
        return html_cmd::run(command);
    }
    if let Command::Dlp { command } = cli.command {
        return dlp_cmd::run(command);
    }
    if let Command::File { command } = cli.command {
        return file_cmd::run(command);
    }
    if let Command::Link { command: link_cmd::LinkCommand::Check { url, text, sender, json } } = &cli.command
    {
        return link_cmd::run_check(url, text.as_deref(), *sender, *json);
    }
    tracing_subscriber::fmt()
        // Silent unless asked: the user gets one plain sentence, not the SDK's internals.
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARLEY_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => return fail(&format!("could not start: {e}")),
    };
    let outcome = runtime.block_on(run(cli));
    // The runtime is left running, not dropped: dropping it cancels the SDK's background
    // tasks mid-way, and one cancelled while saving to its SQLite store panics inside
    // matrix-sdk-sqlite 0.18 (`interact(..).unwrap()` on `Cancelled`), printing a panic after
    // the command's one sentence. Sync was already stopped and the send queue drained by
    // `Engine::shutdown`; a write cut short by the exit is rolled back by SQLite's journal.
    std::mem::forget(runtime);
    match outcome {
        Ok(Done::Ok) => ExitCode::SUCCESS,
        Ok(Done::Quarantined(why)) => {
            eprintln!("parleyctl: {why}");
            ExitCode::from(3)
        }
        Ok(Done::Failed(why)) => fail(&why),
        Err(e @ CoreError::SensitiveDataUnconfirmed { .. }) => {
            fail(&format!("{e} To send it anyway, repeat with --send-sensitive-data."))
        }
        Err(e @ CoreError::ExternalConfirmationNeeded { .. }) => {
            fail(&format!("{e} To send it anyway, repeat with --confirm-external."))
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(sentence: &str) -> ExitCode {
    eprintln!("parleyctl: {sentence}");
    ExitCode::from(1)
}

/// How a command that did not fail ended.
enum Done {
    Ok,
    /// `accept-file` kept the file in quarantine (exit 3), with the reason.
    Quarantined(String),
    /// The command ran to a negative end (a verification that did not verify): exit 1.
    Failed(String),
}

#[allow(clippy::too_many_lines, reason = "one short arm per subcommand; the work is in the modules")]
async fn run(cli: Cli) -> Result<Done, CoreError> {
    let profile = Profile::open(cli.profile.unwrap_or_else(Profile::default_dir))?;
    match cli.command {
        // Handled in `main` before a profile is opened.
        Command::Policy { .. }
        | Command::Dlp { .. }
        | Command::File { .. }
        | Command::Audit { .. }
        | Command::Html { .. }
        | Command::Link { command: link_cmd::LinkCommand::Check { .. } } => {}
        Command::Link { command: link_cmd::LinkCommand::Inspect { room_id, event_id, index, json: _ } } => {
            one_shot(&profile, async |e| to_json(e.inspect_link(&room_id, &event_id, index).await?)).await?;
        }
        Command::Login { homeserver, user, password_stdin: _, sso, idp, oauth, timeout, json: _ } => {
            let timeout = Duration::from_secs(timeout);
            let show = |url: &url::Url| {
                print_json(&json!({ "open_in_browser": url.as_str() }));
                Ok(())
            };
            let engine = if sso {
                let request = SsoRequest { homeserver, identity_provider: idp, timeout };
                Box::pin(until_interrupted(Engine::login_sso(&profile, request, &show))).await?
            } else if oauth {
                Box::pin(until_interrupted(Engine::login_oauth(&profile, &homeserver, timeout, &show)))
                    .await?
            } else {
                let password = read_password()?;
                Engine::login(&profile, LoginRequest { homeserver, user: user.unwrap_or_default(), password })
                    .await?
            };
            // Publish device keys and cross-signing before exiting, so others can encrypt to us.
            engine.start_and_settle(SETTLE_TIMEOUT).await?;
            let account = engine.account();
            print_json(&json!({ "user_id": account.user_id, "device_id": account.device_id }));
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        Command::LoginOptions { homeserver, json } => {
            let options = parley_core::sign_in_options(&homeserver).await?;
            if json {
                print_json(&serde_json::to_value(&options).map_err(internal)?);
            } else {
                println!("{}", login_options_text(&options));
            }
        }
        Command::Logout => match Engine::restore(&profile).await {
            Ok(Some(engine)) => engine.logout(&profile).await?,
            Ok(None) => return Err(CoreError::NotLoggedIn),
            // The key is gone or unusable: the local data is unreadable anyway, so wipe it.
            Err(CoreError::StoreKeyMissing | CoreError::StoreLocked) => Engine::forget(&profile)?,
            Err(e) => return Err(e),
        },
        Command::Whoami => {
            let engine = signed_in(&profile).await?;
            print_json(&serde_json::to_value(engine.account()).map_err(internal)?);
        }
        Command::Rooms { json, offline } => {
            let engine = if offline { cached(&profile).await? } else { synced(&profile).await? };
            for room in engine.rooms().await {
                if json {
                    print_json(&serde_json::to_value(&room).map_err(internal)?);
                } else {
                    println!("{}\t{}", room.room_id, room.name);
                }
            }
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        Command::Dm { command: DmCommand::Create { user_id, json: _ } } => {
            let engine = synced(&profile).await?;
            let room_id = engine.create_dm(&user_id).await?;
            print_json(&json!({ "room_id": room_id }));
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        Command::Room { command } => room_cmd::run(&profile, command).await?,
        Command::Identity { command } => identity_cmd::run(&profile, command).await?,
        Command::Verify { command } => return verify_cmd::verify(&profile, command).await,
        Command::Devices { user_id, json: _ } => verify_cmd::devices(&profile, user_id.as_deref()).await?,
        Command::Recovery { command } => verify_cmd::recovery(&profile, command).await?,
        Command::Invite { room_id, user_id } => {
            one_shot(&profile, async |e| {
                e.invite(&room_id, &user_id).await?;
                Ok(json!({ "room_id": room_id, "invited": user_id.trim() }))
            })
            .await?;
        }
        Command::Invites { json: _ } => trust_cmd::list_invites(&profile, trust_cmd::Invites::All).await?,
        Command::Requests { command: None, json: _ } => {
            trust_cmd::list_invites(&profile, trust_cmd::Invites::FromUnknown).await?;
        }
        Command::Requests { command: Some(command), json: _ } => trust_cmd::answer(&profile, command).await?,
        Command::Ignore { user_id } => trust_cmd::ignore(&profile, &user_id, true).await?,
        Command::Unignore { user_id } => trust_cmd::ignore(&profile, &user_id, false).await?,
        Command::Report { command } => trust_cmd::report(&profile, command).await?,
        Command::External { room_id, json: _ } => trust_cmd::external(&profile, &room_id).await?,
        Command::Join { room_id } => {
            let engine = synced(&profile).await?;
            engine.join(&room_id).await?;
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        Command::Send { room_id, texts, no_wait, confirm } => {
            send(&profile, &room_id, &texts, no_wait, confirm).await?;
        }
        Command::Reply { room_id, event_id, text, confirm } => {
            let action = message_cmd::MessageAction::Reply { text, confirm };
            message_cmd::act(&profile, &room_id, &event_id, action).await?;
        }
        Command::Edit { room_id, event_id, text, confirm } => {
            let action = message_cmd::MessageAction::Edit { text, confirm };
            message_cmd::act(&profile, &room_id, &event_id, action).await?;
        }
        Command::React { room_id, event_id, key } => {
            message_cmd::act(&profile, &room_id, &event_id, message_cmd::MessageAction::React { key })
                .await?;
        }
        Command::Redact { room_id, event_id, reason } => {
            message_cmd::act(&profile, &room_id, &event_id, message_cmd::MessageAction::Redact { reason })
                .await?;
        }
        Command::Unsent { command } => {
            message_cmd::unsent(&profile, command.unwrap_or(message_cmd::UnsentCommand::List)).await?;
        }
        Command::Flush { timeout } => {
            let engine = signed_in(&profile).await?;
            engine.start_sync().await?;
            let flushed = engine.flush(Duration::from_secs(timeout)).await;
            engine.stop_sync().await;
            flushed?;
        }
        Command::History { room_id, limit, json: _, offline } => {
            let engine = if offline { cached(&profile).await? } else { synced(&profile).await? };
            // Load the page first, then give keys on their way a moment to arrive.
            engine.messages(&room_id, limit).await?;
            if !offline {
                engine.await_decryption(&room_id).await?;
            }
            for message in engine.messages(&room_id, limit).await? {
                print_json(&serde_json::to_value(&message).map_err(internal)?);
            }
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        Command::Listen { json: _, notify, timeout, count, room } => {
            listen(&profile, notify, timeout, count, room.as_deref()).await?;
        }
        Command::Notices { command } => notices_cmd::run(&profile, command).await?,
        Command::Export { room_id, out, json: _ } => {
            one_shot(&profile, async |e| to_json(e.export_room(&room_id, &out).await?)).await?;
        }
        Command::Read { room_id } => {
            one_shot(&profile, async |e| {
                let sent = e.mark_read(&room_id).await?;
                let receipt = if e.policy().send_read_receipts { "m.read" } else { "m.read.private" };
                Ok(json!({ "room_id": room_id, "receipt": receipt, "sent": sent }))
            })
            .await?;
        }
        Command::Typing { room_id } => {
            one_shot(&profile, async |e| {
                Ok(json!({ "room_id": room_id, "sent": e.typing(&room_id).await? }))
            })
            .await?;
        }
        Command::AcceptFile { event_id, room, to, json: _ } => {
            if let Some(why) = file_cmd::accept(&profile, &event_id, room.as_deref(), to.as_deref()).await? {
                return Ok(Done::Quarantined(why));
            }
        }
        Command::SendFile { room_id, path, confirm } => {
            let options = confirm.options(SendWait::Ack);
            one_shot(&profile, async |e| to_json(e.send_file(&room_id, &path, options).await?)).await?;
        }
    }
    Ok(Done::Ok)
}

/// Runs one action on a synced engine, shuts the engine down, then prints the action's JSON.
async fn one_shot(
    profile: &Profile,
    action: impl AsyncFnOnce(&Engine) -> Result<serde_json::Value, CoreError>,
) -> Result<(), CoreError> {
    let engine = synced(profile).await?;
    let result = action(&engine).await;
    engine.shutdown(SHUTDOWN_TIMEOUT).await;
    print_json(&result?);
    Ok(())
}

fn to_json(value: impl serde::Serialize) -> Result<serde_json::Value, CoreError> {
    serde_json::to_value(value).map_err(internal)
}

/// Sends `texts` in order: queued only (works offline) or each acknowledged by the server.
async fn send(
    profile: &Profile,
    room_id: &str,
    texts: &[String],
    no_wait: bool,
    confirm: Confirmations,
) -> Result<(), CoreError> {
    // --no-wait needs no sync: it queues from the local store, so it works with the
    // homeserver unreachable.
    let engine = if no_wait { signed_in(profile).await? } else { synced(profile).await? };
    let wait = if no_wait { SendWait::Queued } else { SendWait::Ack };
    for text in texts {
        let receipt = engine.send_text_with(room_id, text, confirm.options(wait)).await?;
        print_json(&serde_json::to_value(&receipt).map_err(internal)?);
    }
    if !no_wait {
        engine.shutdown(SHUTDOWN_TIMEOUT).await;
    }
    Ok(())
}

/// Prints incoming events as JSON lines until `timeout` or `count` messages.
async fn listen(
    profile: &Profile,
    notify: bool,
    timeout: Option<u64>,
    count: Option<usize>,
    room: Option<&str>,
) -> Result<(), CoreError> {
    let engine = signed_in(profile).await?;
    let mut events = engine.subscribe();
    // Notices print from their own task, interleaved line by line with events.
    if notify {
        let notifier = parley_core::notify::Notifier::start(
            &engine,
            std::sync::Arc::new(parley_core::notify::DesktopPopups::default()),
        );
        let mut notices = notifier.subscribe();
        tokio::spawn(async move {
            while let Ok(notice) = notices.recv().await {
                print_json(&json!({ "notice": notice }));
            }
        });
    }
    engine.watch_policy();
    if let Some(room_id) = room {
        print_rooms(&engine).await?;
        print_page(&engine, room_id).await?;
    }
    engine.start_sync().await?;
    let deadline = timeout.map(|s| tokio::time::Instant::now() + Duration::from_secs(s));
    let mut messages = 0usize;
    let outcome = loop {
        if count.is_some_and(|n| messages >= n) {
            break Ok(());
        }
        let next = match deadline {
            Some(at) => match tokio::time::timeout_at(at, events.recv()).await {
                Ok(next) => next,
                Err(_) => break timed_out(count, messages),
            },
            None => events.recv().await,
        };
        match next {
            Ok(event) => {
                if matches!(event, EngineEvent::Message(_)) {
                    messages += 1;
                }
                if matches!(event, EngineEvent::SignedOut { .. }) {
                    print_json(&serde_json::to_value(&event).map_err(internal)?);
                    break Err(CoreError::SignedOut);
                }
                if !matches!(event, EngineEvent::SyncState { .. } | EngineEvent::RoomsChanged) {
                    print_json(&serde_json::to_value(&event).map_err(internal)?);
                }
                match (&event, room) {
                    (EngineEvent::RoomsChanged, Some(_)) => print_rooms(&engine).await?,
                    (EngineEvent::TimelineChanged { room_id }, Some(shown)) if room_id == shown => {
                        print_page(&engine, shown).await?;
                    }
                    _ => {}
                }
            }
            Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                eprintln!("parleyctl: {n} events were skipped because output was too slow");
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => break Ok(()),
        }
    };
    engine.shutdown(SHUTDOWN_TIMEOUT).await;
    outcome
}

/// Messages in a page of `listen --room`, as many as the app loads.
const LISTEN_PAGE: usize = 50;

/// Prints the room list as one `{"rooms": […]}` line.
async fn print_rooms(engine: &Engine) -> Result<(), CoreError> {
    print_json(&json!({ "rooms": engine.rooms().await }));
    Ok(())
}

/// Prints the room's newest messages as one `{"page": […]}` line.
async fn print_page(engine: &Engine, room_id: &str) -> Result<(), CoreError> {
    let page = engine.messages(room_id, LISTEN_PAGE).await?;
    print_json(&json!({ "page": page }));
    Ok(())
}

fn timed_out(count: Option<usize>, seen: usize) -> Result<(), CoreError> {
    match count {
        Some(n) if seen < n => Err(CoreError::Timeout),
        _ => Ok(()),
    }
}

async fn signed_in(profile: &Profile) -> Result<Engine, CoreError> {
    Engine::restore(profile).await?.ok_or(CoreError::NotLoggedIn)
}

/// A restored engine on its local cache: sync is started (it retries in the background)
/// but not waited for, as the app does when it opens without a network.
async fn cached(profile: &Profile) -> Result<Engine, CoreError> {
    let engine = signed_in(profile).await?;
    engine.start_sync().await?;
    Ok(engine)
}

/// A restored engine whose first sync has finished, so rooms and keys are current.
async fn synced(profile: &Profile) -> Result<Engine, CoreError> {
    let engine = signed_in(profile).await?;
    engine.start_and_settle(SETTLE_TIMEOUT).await?;
    Ok(engine)
}

fn read_password() -> Result<String, CoreError> {
    read_secret_line("password").map_err(|e| match e {
        CoreError::Internal { .. } => e,
        _ => CoreError::WrongCredentials,
    })
}

/// The first line of standard input (a password, a recovery key), without its line end.
fn read_secret_line(what: &str) -> Result<String, CoreError> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| CoreError::Internal {
        detail: format!("could not read the {what} from standard input: {e}"),
    })?;
    let secret = line.trim_end_matches(['\n', '\r']).to_owned();
    if secret.is_empty() {
        return Err(CoreError::EmptyInput { what: what.to_owned() });
    }
    Ok(secret)
}

/// Runs a browser sign-in until it ends or the person interrupts it (Ctrl-C, SIGTERM); an
/// interrupted sign-in's future is dropped, which removes whatever it had created.
async fn until_interrupted(
    sign_in: impl std::future::Future<Output = Result<Engine, CoreError>>,
) -> Result<Engine, CoreError> {
    // A signal that cannot be watched never fires: the sign-in then ends only by itself.
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let interrupted = async {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let terminate = async {
                match signal(SignalKind::terminate()) {
                    Ok(mut term) => {
                        term.recv().await;
                    }
                    Err(_) => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = ctrl_c => {}
                () = terminate => {}
            }
        }
        #[cfg(not(unix))]
        ctrl_c.await;
    };
    tokio::select! {
        engine = sign_in => engine,
        () = interrupted => Err(CoreError::SignInCancelled),
    }
}

/// `login-options` for people: one line per way in.
fn login_options_text(options: &SignInOptions) -> String {
    let mut lines = vec![format!("{}:", options.homeserver)];
    if options.password {
        lines.push("  password: parleyctl login --user NAME --password-stdin".to_owned());
    }
    if options.sso {
        lines.push("  single sign-on: parleyctl login --sso".to_owned());
        lines.extend(options.identity_providers.iter().map(|p| format!("    --idp {}  ({})", p.id, p.name)));
    }
    if options.oauth {
        lines.push("  OAuth 2.0: parleyctl login --oauth".to_owned());
    }
    if !options.any() {
        lines.push("  no way of signing in that your organisation allows".to_owned());
    } else if options.restricted_by_policy {
        lines.push("  (your organisation does not allow the homeserver's other ways)".to_owned());
    }
    lines.join("\n")
}

fn print_json(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    // A closed stdout (e.g. `| head`) is not an error worth a message.
    let _ = writeln!(out, "{value}").and_then(|()| out.flush());
}

fn internal(e: impl std::fmt::Display) -> CoreError {
    CoreError::Internal { detail: e.to_string() }
}
