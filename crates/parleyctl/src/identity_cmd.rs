//! `parleyctl identity …`: act on cryptographic identities (issue 3).
//!
//! - `identity accept USER_ID` accepts a contact's new identity after a change, which
//!   releases the hold on sending to rooms they are in.
//! - `identity reset --password-stdin` replaces this account's own cross-signing identity
//!   (what someone who lost every device does); contacts then see an identity change.

use clap::Subcommand;
use parley_core::{CoreError, Profile};
use serde_json::json;

use crate::{SHUTDOWN_TIMEOUT, print_json, read_password, synced};

/// `parleyctl identity` subcommands.
#[derive(Subcommand)]
pub(crate) enum IdentityCommand {
    /// Accept a contact's new identity after it changed, so sending to them resumes.
    Accept {
        /// The contact's user id, e.g. `@bob:example.org`.
        user_id: String,
    },
    /// List the members of a room whose identity changed and is not accepted yet.
    Warnings {
        /// The room id.
        room_id: String,
    },
    /// Replace this account's cross-signing identity with a new one; everyone you talk
    /// to will be warned that your identity changed.
    Reset {
        /// Read the account password (for the homeserver's confirmation) from standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

/// Runs one `identity` subcommand.
pub(crate) async fn run(profile: &Profile, command: IdentityCommand) -> Result<(), CoreError> {
    match command {
        IdentityCommand::Accept { user_id } => {
            let engine = synced(profile).await?;
            engine.acknowledge_identity(&user_id).await?;
            print_json(&json!({ "user_id": user_id.trim(), "accepted": true }));
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        IdentityCommand::Warnings { room_id } => {
            let engine = synced(profile).await?;
            for warning in engine.identity_warnings(&room_id).await? {
                print_json(&serde_json::to_value(&warning).map_err(crate::internal)?);
            }
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
        IdentityCommand::Reset { password_stdin: _ } => {
            let password = read_password()?;
            let engine = synced(profile).await?;
            engine.reset_identity(&password).await?;
            print_json(&json!({ "user_id": engine.account().user_id, "reset": true }));
            engine.shutdown(SHUTDOWN_TIMEOUT).await;
        }
    }
    Ok(())
}
