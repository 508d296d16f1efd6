//! The link guard on any text: `LINK` or `LINK\nTEXT` (the link as written and the anchor
//! text shown for it); the whole input is also searched for links as a message body.
//!
//! Beyond "no panic": a verdict has a reason unless it is `confirm` and is the most severe
//! reason's; an unknown sender or link text never make a verdict weaker; a link that can be
//! opened has a URL; a link that cannot be copied is blocked; reasons carry no invisible
//! characters; extracted links are real
//! spans of the text, at most `MAX_LINKS_PER_MESSAGE` of them.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use parley_guard::link::{
    Analyser, Analysis, LinkPolicy, MAX_LINKS_PER_MESSAGE, Sender, Severity, Verdict, find_in_html,
    find_in_text,
};

static GUARD: LazyLock<Analyser> = LazyLock::new(|| Analyser::new(LinkPolicy::default()));

/// Controls, bidi controls and zero-width characters.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn check(link: &str, analysis: &Analysis) {
    let strongest = analysis.reasons.first().map(|r| r.severity);
    let expected = match strongest {
        None => Verdict::Confirm,
        Some(Severity::Warn) => Verdict::Warn,
        Some(Severity::Block) => Verdict::Block,
    };
    assert_eq!(analysis.verdict, expected, "{link:?}: verdict is not the strongest reason's");
    assert!(
        analysis.reasons.windows(2).all(|w| w[0].severity >= w[1].severity),
        "{link:?}: reasons not sorted most severe first"
    );
    for reason in &analysis.reasons {
        // Reasons name domains in ASCII only, so the dialog's own words carry no tricks.
        assert!(!reason.message.is_empty(), "{link:?}: a reason without a sentence");
        assert!(!reason.message.chars().any(invisible), "{link:?}: {:?}", reason.message);
    }
    if analysis.verdict != Verdict::Block && !analysis.in_app {
        assert!(analysis.url.is_some(), "{link:?}: openable without a URL");
    }
    if !analysis.copy_allowed {
        assert_eq!(analysis.verdict, Verdict::Block, "{link:?}: not copyable but not blocked");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let (link, text) = match input.split_once('\n') {
        Some((link, text)) => (link, Some(text)),
        None => (input, None),
    };
    let known = GUARD.analyse(link, text, Sender::Known);
    check(link, &known);
    let unknown = GUARD.analyse(link, text, Sender::Unknown);
    check(link, &unknown);
    assert!(unknown.verdict >= known.verdict, "{link:?}: an unknown sender weakened the verdict");
    if text.is_some() {
        let alone = GUARD.analyse(link, None, Sender::Known);
        assert!(known.verdict >= alone.verdict, "{link:?}: link text weakened the verdict");
    }

    let found = find_in_text(input);
    assert!(found.len() <= MAX_LINKS_PER_MESSAGE);
    for link in found {
        let span = link.span.expect("plain-text links have spans");
        assert_eq!(input.get(span), Some(link.url.as_str()), "extracted link is not its span");
    }
    assert!(find_in_html(input).len() <= MAX_LINKS_PER_MESSAGE);
});
