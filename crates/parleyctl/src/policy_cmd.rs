//! `parleyctl policy …`: check, explain and generate managed policy (DESIGN.md §5).
//!
//! Glue over `parley-policy`; none of these commands needs a profile or a network.

use std::{io::Write, path::PathBuf, process::ExitCode};

use clap::Subcommand;
use parley_policy::{Problem, Resolved};

/// The `policy` subcommands.
#[derive(Subcommand)]
pub enum PolicyCommand {
    /// Validate policy files (.json, .reg, .plist, .mobileconfig); without FILE, this
    /// machine's own policy. One line per problem; exit 1 if there is any.
    Check {
        /// Files to check.
        files: Vec<PathBuf>,
    },
    /// Show every key's effective value, its level and its source, and every problem.
    Explain {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write the templates and docs generated from the schema under DIR (the repository root).
    Generate {
        /// The repository root.
        dir: PathBuf,
    },
}

/// Runs a `policy` subcommand.
pub fn run(command: PolicyCommand) -> ExitCode {
    match command {
        PolicyCommand::Check { files } => {
            let problems: Vec<Problem> = if files.is_empty() {
                parley_policy::load_effective().problems
            } else {
                parley_policy::check_files(&files)
            };
            for problem in &problems {
                out(&problem.to_string());
            }
            if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        PolicyCommand::Explain { json } => {
            let resolved = parley_policy::load_effective();
            if json {
                out(&resolved.to_json().to_string());
            } else {
                print_explain(&resolved);
            }
            ExitCode::SUCCESS
        }
        PolicyCommand::Generate { dir } => match parley_policy::generate::write_all(&dir) {
            Ok(paths) => {
                for path in paths {
                    out(&path.display().to_string());
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("parleyctl: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn print_explain(resolved: &Resolved) {
    for entry in &resolved.entries {
        let level = serde_json::to_value(entry.level).unwrap_or_default();
        out(&format!(
            "{} = {}\t[{}{}] {}",
            entry.key,
            entry.value,
            level.as_str().unwrap_or("?"),
            if entry.locked { ", locked" } else { "" },
            entry.source
        ));
    }
    for problem in &resolved.problems {
        out(&format!("problem: {problem}"));
    }
}

/// Prints one line; a closed stdout (e.g. `| head`) is not worth a message.
fn out(line: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{line}");
}
