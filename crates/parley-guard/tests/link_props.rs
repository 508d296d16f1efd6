//! Property tests for the link guard (issue 5): it never panics on any input, a signal
//! never makes a verdict weaker, and link extraction only returns real spans of the text.

use parley_guard::link::{Analyser, LinkPolicy, Sender, Verdict, find_in_html, find_in_text};
use proptest::prelude::*;

/// URL-shaped strings that reach the deep paths: schemes, user info, IDN hosts mixing
/// scripts and look-alikes, ports, paths with invisible characters.
fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "https://",
        "http://",
        "HTTPS://",
        "javascript:",
        "mailto:",
        "",
        " file://",
        "matrix:",
    ]);
    let user = prop::option::of("[a-z.]{1,8}@");
    let host = r"[a-z0-9.\-аеорсухіјӏαοςßþ·ー一ノ0-9\u{0301}\u{0307}\u{200B}\u{202E}\u{2215}\u{FF0F}]{0,24}";
    let port = prop::option::of(0u32..70000);
    let path = r"[/a-z0-9?#=&%.\u{202E}\u{00AD} ]{0,30}";
    (scheme, user, host, port, path).prop_map(|(s, u, h, p, path)| {
        format!("{s}{}{h}{}{path}", u.unwrap_or_default(), p.map(|p| format!(":{p}")).unwrap_or_default())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_any_string(link in any::<String>(), text in prop::option::of(any::<String>())) {
        let guard = Analyser::new(LinkPolicy::default());
        let analysis = guard.analyse(&link, text.as_deref(), Sender::Known);
        // A verdict without a reason is only ever `confirm`.
        prop_assert_eq!(analysis.reasons.is_empty(), analysis.verdict == Verdict::Confirm);
    }

    #[test]
    fn never_panics_on_url_shaped_input(
        link in url_like(),
        text in prop::option::of(url_like()),
        copy_only in any::<bool>(),
    ) {
        let guard = Analyser::new(LinkPolicy { unknown_senders_copy_only: copy_only, ..LinkPolicy::default() });
        let known = guard.analyse(&link, text.as_deref(), Sender::Known);
        let unknown = guard.analyse(&link, text.as_deref(), Sender::Unknown);
        // Adding a signal (an unknown sender) never weakens the verdict.
        prop_assert!(unknown.verdict >= known.verdict, "{link:?}: {:?} < {:?}", unknown.verdict, known.verdict);
        // Link text never makes a link look safer than the link alone.
        let alone = guard.analyse(&link, None, Sender::Known);
        prop_assert!(known.verdict >= alone.verdict, "{link:?} with text {text:?}");
        // What can be opened is what was analysed: a URL exists for every non-block verdict.
        if known.verdict != Verdict::Block && !known.in_app {
            prop_assert!(known.url.is_some());
        }
    }

    #[test]
    fn extraction_returns_real_spans(text in any::<String>(), url in url_like()) {
        let body = format!("{text} {url} {text}");
        for link in find_in_text(&body) {
            let span = link.span.expect("plain links have spans");
            prop_assert_eq!(&body[span], link.url.as_str());
        }
        let _ = find_in_html(&format!("<p>{text}<a href=\"{url}\">{text}</a></p>"));
    }
}
