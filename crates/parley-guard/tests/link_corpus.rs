//! The link-guard corpus (`tests/corpus/links/cases.jsonl`, issue 5): Chromium's and
//! Mozilla's IDN spoof tests re-expressed as data, popular real domains that must stay a
//! plain `confirm`, and Parley's own deceptive and risky cases.
//!
//! - `benign` cases must be `confirm` with no reasons (a false positive fails the test);
//! - `deceptive` cases must be `warn` or `block` (a miss fails the test), and exactly
//!   `expect` when the case names it;
//! - `risky` cases must be exactly `expect`.
//!
//! `codes`, when present, must all be among the reasons. A case with `parley_expect` is
//! one where Parley is deliberately stricter than the source (`parley_why` says why). Prints the detection and
//! false-positive rates per source, which `docs/links.md` records.

mod common;

use std::collections::BTreeMap;

use parley_guard::link::{Analyser, LinkPolicy, Sender, Verdict};
use serde::Deserialize;

#[derive(Deserialize)]
struct Case {
    url: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    sender: Option<String>,
    kind: String,
    #[serde(default)]
    expect: Option<Verdict>,
    #[serde(default)]
    codes: Vec<String>,
    source: String,
    #[serde(default)]
    note: String,
    /// Where Parley deliberately decides differently from the case's source (stricter),
    /// the verdict Parley must give; `parley_why` says why. Rates still count the case
    /// against the source's judgement.
    #[serde(default)]
    parley_expect: Option<Verdict>,
    #[serde(default)]
    parley_why: Option<String>,
}

#[derive(Default)]
struct Tally {
    deceptive: usize,
    caught: usize,
    benign: usize,
    false_positives: usize,
    risky: usize,
}

#[test]
fn corpus() {
    let path = common::corpus("links/cases.jsonl");
    let data =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let path = path.display();
    let guard = Analyser::new(LinkPolicy::default());
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut disagreements = 0;

    for (line, json) in data.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let case: Case =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}:{}: not a case: {e}", line + 1));
        let sender = match case.sender.as_deref() {
            None | Some("known") => Sender::Known,
            Some("unknown") => Sender::Unknown,
            Some(other) => panic!("{path}:{}: unknown sender {other}", line + 1),
        };
        let analysis = guard.analyse(&case.url, case.text.as_deref(), sender);
        let codes: Vec<&str> = analysis.reasons.iter().map(|r| r.code.as_str()).collect();
        let tally = tallies.entry(case.source.clone()).or_default();
        let ok_kind = match case.kind.as_str() {
            "benign" => {
                tally.benign += 1;
                let ok = analysis.verdict == Verdict::Confirm;
                tally.false_positives += usize::from(!ok);
                ok
            }
            "deceptive" => {
                tally.deceptive += 1;
                let ok = analysis.verdict != Verdict::Confirm;
                tally.caught += usize::from(ok);
                ok
            }
            "risky" => {
                tally.risky += 1;
                assert!(case.expect.is_some(), "{path}:{}: a risky case needs `expect`", line + 1);
                true
            }
            other => panic!("{path}:{}: unknown kind {other}", line + 1),
        };
        let (ok_kind, ok_expect) = match case.parley_expect {
            Some(own) => {
                assert!(case.parley_why.is_some(), "{path}:{}: parley_expect needs parley_why", line + 1);
                disagreements += 1;
                (true, own == analysis.verdict)
            }
            None => (ok_kind, case.expect.is_none_or(|e| e == analysis.verdict)),
        };
        let missing: Vec<&String> = case.codes.iter().filter(|c| !codes.contains(&c.as_str())).collect();
        if !(ok_kind && ok_expect && missing.is_empty()) {
            failures.push(format!(
                "line {}: {} {:?} ({}; {}): got {:?} {codes:?}, expected {}{}{}",
                line + 1,
                case.source,
                case.url.chars().take(120).collect::<String>(),
                case.kind,
                case.note,
                analysis.verdict,
                case.expect.map_or(String::new(), |e| format!("{e:?}")),
                if missing.is_empty() { String::new() } else { format!(" missing codes {missing:?}") },
                case.text.as_deref().map_or(String::new(), |t| format!(" (text {t:?})")),
            ));
        }
    }

    println!("source      deceptive caught  detection  benign  false-pos  fp-rate  risky");
    let mut total = Tally::default();
    for (source, t) in &tallies {
        print_row(source, t);
        total.deceptive += t.deceptive;
        total.caught += t.caught;
        total.benign += t.benign;
        total.false_positives += t.false_positives;
        total.risky += t.risky;
    }
    print_row("all", &total);
    println!("deliberate disagreements with the source (counted above against Parley): {disagreements}");
    assert!(total.deceptive >= 200 && total.benign >= 300, "the corpus shrank");
    assert!(failures.is_empty(), "{} of the corpus cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// One line of the rates table.
fn print_row(label: &str, t: &Tally) {
    println!(
        "{label:<11} {:>9} {:>6}  {:>8}  {:>6}  {:>9}  {:>7}  {:>5}",
        t.deceptive,
        t.caught,
        rate(t.caught, t.deceptive),
        t.benign,
        t.false_positives,
        rate(t.false_positives, t.benign),
        t.risky
    );
}

#[allow(clippy::cast_precision_loss, reason = "corpus counts are far below 2^52")]
fn rate(part: usize, whole: usize) -> String {
    if whole == 0 { "-".to_owned() } else { format!("{:.1}%", 100.0 * part as f64 / whole as f64) }
}
