//! Property tests for the link guard (issue 5): it never panics on any input, a signal
//! never makes a verdict weaker, and link extraction only returns real spans of the text.

use parley_guard::link::{Analyser, LONG_URL, LinkPolicy, Sender, Verdict, find_in_html, find_in_text};
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

/// A link taken apart, so that one deceptive signal at a time can be added to it.
#[derive(Debug, Clone)]
struct Parts {
    /// `https://`, `http://`, a scheme that is never opened, or nothing (a bare `example.org/…`).
    scheme: &'static str,
    userinfo: &'static str,
    host: String,
    port: Option<u16>,
    path: String,
    text: Option<String>,
    sender: Sender,
}

impl Parts {
    fn link(&self) -> String {
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        format!("{}{}{}{port}{}", self.scheme, self.userinfo, self.host, self.path)
    }

    fn verdict(&self, guard: &Analyser) -> Verdict {
        guard.analyse(&self.link(), self.text.as_deref(), self.sender).verdict
    }
}

/// Ordinary hosts a link starts from: no signal of their own (`matrix.to` opens in the app).
const PLAIN_HOSTS: &[&str] = &[
    "example.org",
    "www.example.com",
    "matrix.org",
    "github.com",
    "docs.rs",
    "chat.sub.example.net",
    "example.co.uk",
    "matrix.to",
];

/// One deceptive or risky signal, added to a link that may already carry others.
#[derive(Debug, Clone)]
enum Signal {
    /// `user@` or `site.example@` before the host.
    Userinfo(&'static str),
    /// Link text naming another site.
    Text(&'static str),
    UnknownSender,
    Port(u16),
    /// `https` becomes `http`.
    Http,
    /// The path grows past `LONG_URL`.
    Long,
    Invisible(char),
    Control(char),
    /// A scheme Parley never opens (the rest of the link unchanged).
    Scheme(&'static str),
    /// A well-known site as a subdomain of the host (`paypal.com.example.org`).
    WellKnownSubdomain(&'static str),
    /// A label mixing alphabets (or its punycode) as a subdomain of the host.
    MixedScriptLabel(&'static str),
    /// The host replaced with an IP address (plain or obfuscated).
    Ip(&'static str),
    /// The host replaced with a URL shortener.
    Shortener(&'static str),
    /// The host replaced with a look-alike of a well-known domain.
    Lookalike(&'static str),
}

fn signal() -> impl Strategy<Value = Signal> {
    use prop::sample::select;
    prop_oneof![
        select(&["alice@", "alice:secret@", "paypal.com@", "www.github.com@", "%70aypal.com@"][..])
            .prop_map(Signal::Userinfo),
        select(
            &[
                "paypal.com",
                "https://www.github.com/login",
                "apple.com",
                "www.bank.example",
                "http://192.0.2.1/"
            ][..]
        )
        .prop_map(Signal::Text),
        Just(Signal::UnknownSender),
        any::<u16>().prop_map(Signal::Port),
        Just(Signal::Http),
        Just(Signal::Long),
        select(&['\u{200B}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{00AD}'][..]).prop_map(Signal::Invisible),
        select(&['\t', '\n', '\r', '\u{0}', '\u{7F}', '\u{85}'][..]).prop_map(Signal::Control),
        select(
            &[
                "javascript://",
                "JavaScript://",
                "vbscript://",
                "file://",
                "data://",
                "blob:https://",
                "ssh://",
                "ftp://"
            ][..]
        )
        .prop_map(Signal::Scheme),
        select(&["paypal.com.", "login.apple.com.", "accounts.google.com."][..])
            .prop_map(Signal::WellKnownSubdomain),
        select(&["lоgin.", "xn--lgin-c1e.", "раypal.", "gοogle-login."][..])
            .prop_map(Signal::MixedScriptLabel),
        select(
            &[
                "192.0.2.1",
                "2130706433",
                "0x7f.0.0.1",
                "0177.0.0.1",
                "127.1",
                "[::ffff:127.0.0.1]",
                "[2001:db8::1]"
            ][..]
        )
        .prop_map(Signal::Ip),
        select(&["bit.ly", "tinyurl.com", "is.gd", "t.co"][..]).prop_map(Signal::Shortener),
        select(&["аpple.com", "xn--pple-43d.com", "gооgle.com", "xn--paypl-g9d.com", "githuƅ.com"][..])
            .prop_map(Signal::Lookalike),
    ]
}

fn plain_link() -> impl Strategy<Value = Parts> {
    use prop::sample::select;
    (
        select(&["https://", "http://", ""][..]),
        select(PLAIN_HOSTS),
        prop::option::of(select(&[443u16, 8448][..])),
        select(&["", "/", "/a/b?c=d#e", "/#/#room:example.org"][..]),
        0..3u8,
        any::<bool>(),
    )
        .prop_map(|(scheme, host, port, path, text, known)| Parts {
            scheme,
            userinfo: "",
            host: host.to_owned(),
            // `example.org:8448` alone is a link with the scheme `example.org:` (WHATWG).
            port: port.filter(|_| !scheme.is_empty()),
            path: path.to_owned(),
            // No text, text that is not a link, or text naming the link's own site.
            text: match text {
                0 => None,
                1 => Some("click here".to_owned()),
                _ => Some(host.to_owned()),
            },
            sender: if known { Sender::Known } else { Sender::Unknown },
        })
}

/// A link policy whose domain lists may name any of the plain hosts.
fn link_policy() -> impl Strategy<Value = LinkPolicy> {
    let listed = || prop::collection::vec(prop::sample::select(PLAIN_HOSTS).prop_map(str::to_owned), 0..3);
    (listed(), listed(), any::<bool>()).prop_map(|(blocked_domains, trusted_domains, copy_only)| LinkPolicy {
        blocked_domains,
        trusted_domains,
        unknown_senders_copy_only: copy_only,
        ..LinkPolicy::default()
    })
}

/// Adds `signal` to `parts`; `None` when it does not apply. A new host drops the old
/// one's own signals (a blocked domain above all), so the host is only ever replaced once,
/// and never when it is blocked: that would be removing a signal, not adding one.
fn add(parts: &Parts, signal: &Signal, policy: &LinkPolicy) -> Option<Parts> {
    let mut next = parts.clone();
    let replaceable = PLAIN_HOSTS.contains(&parts.host.as_str())
        && !policy.blocked_domains.iter().any(|d| parts.host == *d || parts.host.ends_with(&format!(".{d}")));
    match signal {
        Signal::Userinfo(info) if parts.userinfo.is_empty() => next.userinfo = info,
        // Only over no text, plain words or the link's own site: replacing text that names
        // another site would remove the mismatch signal, not add one.
        Signal::Text(text) if parts.text.as_deref().is_none_or(|t| t == "click here" || t == parts.host) => {
            next.text = Some((*text).to_owned());
        }
        Signal::UnknownSender => next.sender = Sender::Unknown,
        Signal::Port(port) if parts.port.is_none() && !parts.scheme.is_empty() => next.port = Some(*port),
        Signal::Http if parts.scheme == "https://" => next.scheme = "http://",
        Signal::Long => next.path = format!("{}/{}", parts.path, "a".repeat(LONG_URL)),
        Signal::Invisible(c) | Signal::Control(c) => next.path = format!("{}/x{c}y", parts.path),
        Signal::Scheme(scheme) if parts.scheme.ends_with("//") => next.scheme = scheme,
        Signal::WellKnownSubdomain(prefix) | Signal::MixedScriptLabel(prefix) => {
            next.host = format!("{prefix}{}", parts.host);
        }
        Signal::Ip(host) | Signal::Shortener(host) | Signal::Lookalike(host) if replaceable => {
            (*host).clone_into(&mut next.host);
        }
        _ => return None,
    }
    Some(next)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Issue 17: a link verdict never gets weaker when a signal is added. Each step adds one
    /// signal to the link of the step before, and the verdict may only stay or rise.
    #[test]
    fn adding_a_signal_never_weakens_the_verdict(
        start in plain_link(),
        signals in prop::collection::vec(signal(), 1..6),
        policy in link_policy(),
    ) {
        let guard = Analyser::new(policy.clone());
        let mut parts = start;
        let mut verdict = parts.verdict(&guard);
        for signal in &signals {
            let Some(next) = add(&parts, signal, &policy) else { continue };
            let after = next.verdict(&guard);
            prop_assert!(
                after >= verdict,
                "{signal:?} took {:?} (text {:?}, {:?}) from {verdict:?} to {after:?}: {:?} (text {:?}, {:?})",
                parts.link(), parts.text, parts.sender, next.link(), next.text, next.sender
            );
            (parts, verdict) = (next, after);
        }
    }
}
