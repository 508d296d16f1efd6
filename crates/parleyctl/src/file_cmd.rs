//! `parleyctl file inspect`: what Parley's file guard says about a file on disk
//! (DESIGN.md §5), under this machine's effective policy, with an optional antivirus scan.
//! Exit codes: 0 inspected (the verdict is in the output), 1 the file could not be read,
//! 2 bad usage.

use std::{
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Subcommand;
use parley_core::{CoreError, FileState, Profile};
use parley_guard::file::{FileRules, inspect_path};
use serde_json::json;

/// The `file` subcommands.
#[derive(Subcommand)]
pub enum FileCommand {
    /// Check a file's name, type and archive contents, and scan it: verdict, safe name,
    /// detected type, reasons and the scan result.
    Inspect {
        /// The file to inspect (read only; nothing is moved or changed).
        path: PathBuf,
        /// The name the sender declared (default: the file's own name).
        #[arg(long)]
        name: Option<String>,
        /// The MIME type the sender declared.
        #[arg(long)]
        mime: Option<String>,
        /// Scanner to ask: `unix:PATH`, `tcp:HOST:PORT` or `icap://HOST:PORT/SERVICE`
        /// (default: the `FileScannerAddress` policy; none set means no scan).
        #[arg(long, value_name = "ADDRESS")]
        scanner: Option<String>,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `file` subcommand.
pub fn run(command: FileCommand) -> ExitCode {
    let FileCommand::Inspect { path, name, mime, scanner, json: _ } = command;
    let policy = parley_policy::load_effective().policy;
    let declared = name
        .unwrap_or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    let report = match inspect_path(&path, &declared, mime.as_deref(), &FileRules::from_policy(&policy)) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("parleyctl: {} could not be inspected: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    let scan = scanner.or(policy.file_scanner_address).map(|address| parley_core::scan_path(&address, &path));
    let mut out = match serde_json::to_value(&report) {
        Ok(value) => value,
        Err(e) => {
            eprintln!("parleyctl: could not print the report: {e}");
            return ExitCode::from(1);
        }
    };
    out["scan"] = json!(scan);
    println!("{out}");
    ExitCode::SUCCESS
}

/// `accept-file`: prints the outcome as JSON; returns the reason when the file was kept in
/// quarantine (the caller exits 3 with it).
pub async fn accept(
    profile: &Profile,
    event_id: &str,
    room: Option<&str>,
    to: Option<&Path>,
) -> Result<Option<String>, CoreError> {
    let engine = crate::synced(profile).await?;
    let outcome = engine.accept_file(room, event_id, to).await;
    engine.shutdown(crate::SHUTDOWN_TIMEOUT).await;
    let outcome = outcome?;
    crate::print_json(&crate::to_json(&outcome)?);
    Ok((outcome.state == FileState::Quarantined).then_some(outcome.message))
}
