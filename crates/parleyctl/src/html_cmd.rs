//! `parleyctl html sanitize`: the message-HTML sanitiser the app uses (DESIGN.md §5).
//!
//! Standard input → standard output. With `--jsonl`, each input line is a JSON string (one
//! document) and each output line is `{"html":…,"links":[{"url":…,"text":…}]}`: the form the
//! XSS corpus tests feed to real browsers. Exit codes: 0 done, 2 bad usage or input.

use std::{
    io::{BufRead, Read, Write},
    process::ExitCode,
};

use clap::Subcommand;
use parley_guard::html::{MAX_HTML_BYTES, Sanitized, sanitize};
use serde_json::json;

/// The `html` subcommands.
#[derive(Subcommand, Clone, Copy)]
pub enum HtmlCommand {
    /// Sanitise HTML read from standard input, as Parley does before rendering a message.
    Sanitize {
        /// Read one JSON string per line and print one JSON object per line.
        #[arg(long)]
        jsonl: bool,
    },
}

/// Runs an `html` subcommand.
pub fn run(command: HtmlCommand) -> ExitCode {
    let HtmlCommand::Sanitize { jsonl } = command;
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    if jsonl {
        for (n, line) in stdin.lock().lines().enumerate() {
            let Ok(line) = line else { return usage("standard input is not valid UTF-8 text") };
            if line.trim().is_empty() {
                continue;
            }
            let Ok(document) = serde_json::from_str::<String>(&line) else {
                return usage(&format!("line {} is not a JSON string", n + 1));
            };
            if writeln!(out, "{}", as_json(&sanitize(&document))).is_err() {
                break;
            }
        }
        return ExitCode::SUCCESS;
    }
    let mut bytes = Vec::new();
    if let Err(e) = stdin.lock().take(MAX_HTML_BYTES as u64 + 1).read_to_end(&mut bytes) {
        return usage(&format!("could not read standard input: {e}"));
    }
    if bytes.len() > MAX_HTML_BYTES {
        return usage(&format!("the input is larger than {} KiB", MAX_HTML_BYTES / 1024));
    }
    let Ok(text) = String::from_utf8(bytes) else { return usage("the input is not valid UTF-8 text") };
    let _ = out.write_all(sanitize(&text).html.as_bytes()).and_then(|()| out.flush());
    ExitCode::SUCCESS
}

fn as_json(clean: &Sanitized) -> serde_json::Value {
    let links: Vec<_> = clean.links.iter().map(|l| json!({"url": l.url, "text": l.text})).collect();
    json!({"html": clean.html, "links": links})
}

fn usage(sentence: &str) -> ExitCode {
    eprintln!("parleyctl: {sentence}");
    ExitCode::from(2)
}
