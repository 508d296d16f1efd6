//! `parleyctl link check`: what Parley's link dialog would say about a link (DESIGN.md §5).
//!
//! Glue over `parley_guard::link`, under this machine's effective policy (so IT can try
//! `BlockedLinkDomains` and friends before deploying them). Exit codes: 0 analysed (the
//! verdict is in the output), 2 bad usage.

use std::{io::Write, process::ExitCode};

use clap::{Subcommand, ValueEnum};
use parley_guard::link::{Analyser, LinkPolicy, Sender};

/// The `link` subcommands.
#[derive(Subcommand)]
pub enum LinkCommand {
    /// Analyse one link: verdict (confirm, warn, block), destination and reasons.
    Check {
        /// The link exactly as written in the message.
        url: String,
        /// The link's visible text, when it differs from the link (HTML anchors).
        #[arg(long)]
        text: Option<String>,
        /// Whether the sender is known (verified, in the organisation, or an accepted DM partner).
        #[arg(long, value_enum, default_value = "known")]
        sender: SenderArg,
        /// Print one JSON object with the verdict, display, host, registrable domain and reasons.
        #[arg(long)]
        json: bool,
    },
    /// What the app's link dialog shows for a link in a received message (needs `--profile`):
    /// the same analysis, with the sender's standing (known or unknown) worked out by the engine.
    Inspect {
        /// The room id.
        room_id: String,
        /// The message's event id.
        event_id: String,
        /// Which link of the message (0 = first), as in `history --json` segments.
        #[arg(long, default_value_t = 0)]
        index: usize,
        /// Print JSON (the default and only format for this command).
        #[arg(long)]
        json: bool,
    },
}

/// `--sender`.
#[derive(Clone, Copy, ValueEnum)]
pub enum SenderArg {
    /// Verified, in the organisation, or an accepted DM partner.
    Known,
    /// Anyone else.
    Unknown,
}

/// Runs `link check` (which needs no profile); `link inspect` goes through the engine.
pub fn run_check(url: &str, text: Option<&str>, sender: SenderArg, json: bool) -> ExitCode {
    let resolved = parley_policy::load_effective();
    for problem in &resolved.problems {
        eprintln!("parleyctl: policy: {problem}");
    }
    let sender = match sender {
        SenderArg::Known => Sender::Known,
        SenderArg::Unknown => Sender::Unknown,
    };
    let analysis = Analyser::new(LinkPolicy::from_policy(&resolved.policy)).analyse(url, text, sender);
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_string(&analysis).map_err(std::io::Error::other).and_then(|s| writeln!(out, "{s}"))
    } else {
        let verdict = serde_json::to_value(analysis.verdict).unwrap_or_default();
        writeln!(out, "{}\t{}", verdict.as_str().unwrap_or("block"), analysis.display).and_then(|()| {
            analysis.reasons.iter().try_for_each(|r| writeln!(out, "  {}: {}", r.code.as_str(), r.message))
        })
    };
    // A closed stdout (e.g. `| head`) is not an error worth a message.
    let _ = written.and_then(|()| out.flush());
    ExitCode::SUCCESS
}
