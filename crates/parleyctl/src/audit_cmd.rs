//! `parleyctl audit verify|show`: check and read the tamper-evident audit log (issue 13).
//!
//! Without PATH both use the signed-in account of `--profile`: its log folder, and for
//! `verify` the anchor in the keyring too, so entries cut off the end are caught. With
//! PATH (a log folder, e.g. a copy collected by IT) the chain is checked but the end cannot
//! be. Exit codes: 0 intact, 1 broken (the first broken entry is named), 2 bad usage.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use clap::Subcommand;
use parley_core::{
    Profile,
    audit::{AnchorStore, KeyringAnchor, account_dir, read_entries, verify},
};
use serde_json::json;

/// The `audit` subcommands.
#[derive(Subcommand)]
pub enum AuditCommand {
    /// Check the log's hash chain (and, for the profile's own log, its end against the keyring).
    Verify {
        /// A log folder; default: the signed-in account's log in `--profile`.
        path: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print the log's entries, oldest first.
    Show {
        /// A log folder; default: the signed-in account's log in `--profile`.
        path: Option<PathBuf>,
        /// Print JSON lines (the entries as stored).
        #[arg(long)]
        json: bool,
    },
}

/// Runs an `audit` subcommand.
pub fn run(profile: &Path, command: AuditCommand) -> ExitCode {
    match command {
        AuditCommand::Verify { path, json } => run_verify(profile, path, json),
        AuditCommand::Show { path, json } => run_show(profile, path, json),
    }
}

/// The log folder and, for the profile's own log, its keyring anchor.
fn locate(profile: &Path, path: Option<PathBuf>) -> Result<(PathBuf, Option<KeyringAnchor>), String> {
    if let Some(path) = path {
        if !path.is_dir() {
            return Err(format!("{} is not an audit log folder", path.display()));
        }
        return Ok((path, None));
    }
    let profile = Profile::open(profile).map_err(|e| e.to_string())?;
    let meta = profile
        .meta()
        .map_err(|e| e.to_string())?
        .ok_or("no account is signed in with this profile: give the log folder as PATH")?;
    let anchor = (meta.key_source == parley_core::KeySource::Keyring)
        .then(|| KeyringAnchor::for_account(&meta.user_id));
    Ok((account_dir(profile.dir(), &meta.user_id), anchor))
}

fn run_verify(profile: &Path, path: Option<PathBuf>, json: bool) -> ExitCode {
    let (dir, anchor_store) = match locate(profile, path) {
        Ok(found) => found,
        Err(sentence) => return usage(&sentence),
    };
    let anchor = anchor_store.as_ref().and_then(AnchorStore::load);
    if anchor_store.is_some() && anchor.is_none() && dir.exists() {
        // A keyring profile's log always has an anchor once written: its absence is tampering
        // or a locked keyring, and either way the end cannot be trusted.
        return broken(
            json,
            0,
            None,
            "The keyring holds no anchor for this audit log, so its end cannot be checked.",
        );
    }
    match verify(&dir, anchor.as_ref()) {
        Ok(verified) => {
            let mut out = std::io::stdout().lock();
            let _ = if json {
                writeln!(
                    out,
                    "{}",
                    json!({"intact": true, "entries": verified.entries, "files": verified.files, "end_checked": verified.anchored})
                )
            } else {
                writeln!(
                    out,
                    "audit log intact: {} entries in {} file(s); {}",
                    verified.entries,
                    verified.files,
                    if verified.anchored {
                        "its end matches the keyring"
                    } else {
                        "its end was not checked (no keyring anchor for this folder)"
                    }
                )
            };
            ExitCode::SUCCESS
        }
        Err(err) => broken(json, err.entry, err.location.as_deref(), &err.reason),
    }
}

fn broken(json: bool, entry: u64, location: Option<&str>, reason: &str) -> ExitCode {
    if json {
        println!("{}", json!({"intact": false, "entry": entry, "location": location, "reason": reason}));
    }
    eprintln!(
        "parleyctl: the audit log is broken: {reason}{}",
        location.map(|l| format!(" ({l})")).unwrap_or_default()
    );
    ExitCode::from(1)
}

fn run_show(profile: &Path, path: Option<PathBuf>, json: bool) -> ExitCode {
    let (dir, _) = match locate(profile, path) {
        Ok(found) => found,
        Err(sentence) => return usage(&sentence),
    };
    let entries = match read_entries(&dir) {
        Ok(entries) => entries,
        Err(e) => return usage(&format!("the audit log cannot be read: {e}")),
    };
    let mut out = std::io::stdout().lock();
    for entry in entries {
        let written = if json {
            writeln!(out, "{}", serde_json::to_string(&entry).unwrap_or_default())
        } else {
            writeln!(out, "{}\t{}\t{}\t{}", entry.seq, entry.time, entry.kind, entry.decision)
        };
        if written.is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}

fn usage(sentence: &str) -> ExitCode {
    eprintln!("parleyctl: {sentence}");
    ExitCode::from(2)
}
