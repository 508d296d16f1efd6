//! `parleyctl dlp scan`: outgoing data-loss prevention on standard input (DESIGN.md §5).
//!
//! Glue over `parley_guard::dlp`. Prints kinds and byte offsets, never the matched text.
//! Exit codes: 0 analysed (findings or not), 2 bad usage or unreadable input.

use std::{
    io::{Read, Write},
    process::ExitCode,
};

use clap::Subcommand;
use parley_guard::dlp::Scanner;
use serde_json::json;

/// Largest input `dlp scan` reads, in bytes (far above any message or file name).
const MAX_INPUT: u64 = 16 * 1024 * 1024;

/// The `dlp` subcommands.
#[derive(Subcommand)]
pub enum DlpCommand {
    /// Scan UTF-8 text on standard input for sensitive data (cards, IBANs, ids, keys, secrets).
    Scan {
        /// Print one JSON object: {"findings":[{"kind":…,"start":…,"end":…}]} (byte offsets).
        #[arg(long)]
        json: bool,
        /// An organisation pattern, `name=regex` (as in the `DlpCustomPatterns` policy); repeatable.
        #[arg(long = "pattern", value_name = "NAME=REGEX")]
        patterns: Vec<String>,
    },
}

/// Runs a `dlp` subcommand.
pub fn run(command: DlpCommand) -> ExitCode {
    let DlpCommand::Scan { json, patterns } = command;
    let scanner = match Scanner::builder().custom_patterns(patterns).build() {
        Ok(scanner) => scanner,
        Err(e) => return usage(&e.to_string()),
    };
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().lock().take(MAX_INPUT + 1).read_to_end(&mut bytes) {
        return usage(&format!("could not read standard input: {e}"));
    }
    if bytes.len() as u64 > MAX_INPUT {
        return usage(&format!("the input is larger than {} MiB", MAX_INPUT / 1024 / 1024));
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return usage("the input is not valid UTF-8 text");
    };
    let findings = scanner.scan(&text);
    let mut out = std::io::stdout().lock();
    let written = if json {
        writeln!(out, "{}", json!({ "findings": findings }))
    } else {
        findings
            .iter()
            .try_for_each(|f| writeln!(out, "{}\t{}..{}\t{}", f.kind, f.start, f.end, f.kind.label()))
    };
    // A closed stdout (e.g. `| head`) is not an error worth a message.
    let _ = written.and_then(|()| out.flush());
    ExitCode::SUCCESS
}

fn usage(sentence: &str) -> ExitCode {
    eprintln!("parleyctl: {sentence}");
    ExitCode::from(2)
}
