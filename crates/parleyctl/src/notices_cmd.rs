//! `parleyctl notices …`: the notification centre and notification choices (issue 9).
//! `parleyctl listen --notify` runs the same notifier live.

use std::sync::Arc;

use clap::Subcommand;
use parley_core::{
    CoreError, Profile,
    notify::{DesktopPopups, Notifier, RoomLevel},
};
use serde_json::json;

use crate::{internal, print_json, signed_in};

/// `parleyctl notices` subcommands.
#[derive(Subcommand)]
pub(crate) enum NoticesCommand {
    /// Every entry of the notification centre, newest first, one JSON object per line.
    List {
        /// Only unread entries.
        #[arg(long)]
        unread: bool,
        /// Print JSON lines (the only format).
        #[arg(long)]
        json: bool,
    },
    /// Mark entries read.
    Read {
        /// The entries' ids (see `list`).
        ids: Vec<u64>,
        /// Mark every entry read.
        #[arg(long, conflicts_with = "ids")]
        all: bool,
    },
    /// How loud a room is on the desktop: `all`, `mentions` or `muted` (never below the
    /// organisation's `NotificationFloor`; the centre always records).
    Level {
        /// The room id.
        room_id: String,
        /// `all`, `mentions` or `muted`.
        level: String,
    },
    /// Do-not-disturb: hide every desktop pop-up (`on`) or show them again (`off`).
    Dnd {
        /// `on` or `off`.
        state: String,
    },
}

/// Runs one `notices` subcommand. No sync: the centre and the choices are local.
pub(crate) async fn run(profile: &Profile, command: NoticesCommand) -> Result<(), CoreError> {
    let engine = signed_in(profile).await?;
    let notifier = Notifier::start(&engine, Arc::new(DesktopPopups::default()));
    match command {
        NoticesCommand::List { unread, json: _ } => {
            for notice in notifier.list().notices.iter().filter(|n| !unread || !n.notice.read) {
                print_json(&serde_json::to_value(notice).map_err(internal)?);
            }
        }
        NoticesCommand::Read { ids, all } => {
            if !all && ids.is_empty() {
                return Err(CoreError::EmptyInput { what: "notice id (or --all)".to_owned() });
            }
            let changed = notifier.mark_read(if all { None } else { Some(&ids) });
            print_json(&json!({ "marked_read": changed, "unread": notifier.list().unread }));
        }
        NoticesCommand::Level { room_id, level } => {
            let parsed = RoomLevel::parse(&level).ok_or(CoreError::InvalidId {
                input: level.clone(),
                kind: "notification level (all, mentions or muted)",
            })?;
            notifier.set_room_level(&room_id, parsed)?;
            print_json(&json!({ "room_id": room_id, "level": parsed.name() }));
        }
        NoticesCommand::Dnd { state } => {
            let on = match state.as_str() {
                "on" => true,
                "off" => false,
                _ => {
                    return Err(CoreError::InvalidId {
                        input: state,
                        kind: "do-not-disturb state (on or off)",
                    });
                }
            };
            notifier.set_do_not_disturb(on)?;
            print_json(&json!({ "do_not_disturb": on }));
        }
    }
    Ok(())
}
