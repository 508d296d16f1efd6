//! The link guard: decides how a link in a message may be opened.
//!
//! Every link the user clicks ends in a dialog that shows where it really goes; this module
//! decides what that dialog says. It parses with the WHATWG rules browsers use (`url`),
//! looks at the link as the sender wrote it (invisible characters, obfuscated IPs, slashes
//! that are not slashes), at the host (Chromium's IDN rules, look-alikes of well-known
//! domains), at the link text, and at who sent it. The result is a [`Verdict`] with one
//! [`Reason`] per signal:
//!
//! - `confirm`: nothing suspicious; a plain dialog still shows the destination.
//! - `warn`: the dialog lists the reasons and the user must tick "I understand" to open.
//! - `block`: cannot be opened from Parley; copying is allowed unless the scheme is one
//!   that should never be pasted anywhere (`javascript:`, `file:` …).
//!
//! ```
//! use parley_guard::link::{Analyser, LinkPolicy, Sender, Verdict};
//!
//! let guard = Analyser::new(LinkPolicy::default());
//! assert_eq!(guard.analyse("https://github.com/", None, Sender::Known).verdict, Verdict::Confirm);
//! let spoof = guard.analyse("https://аpple.com/", None, Sender::Known); // Cyrillic а
//! assert_eq!(spoof.verdict, Verdict::Block);
//! assert_eq!(spoof.host.as_deref(), Some("xn--pple-43d.com"));
//! assert_eq!(guard.analyse("javascript:alert(1)", None, Sender::Known).verdict, Verdict::Block);
//! ```

mod extract;
mod host;
mod ip;
mod lists;
mod raw;
mod reason;

use serde::Serialize;
use url::Url;

pub use extract::{FoundLink, MAX_LINKS_PER_MESSAGE, find_in_html, find_in_text};
pub use reason::{Reason, ReasonCode, Severity};

use ip::IpHost;

/// Links longer than this are flagged: nobody reads them before clicking.
pub const LONG_URL: usize = 2048;
/// Links longer than this are not analysed at all (and so cannot be opened).
pub const MAX_URL: usize = 32 * 1024;

/// Schemes that can never be opened, whatever the policy says: they run code or reach
/// local files.
const NEVER_ALLOWED: &[&str] = &["javascript", "vbscript", "data", "file", "blob", "about", "filesystem"];

/// Whether the sender of the message is someone the user knows (verified, inside the
/// organisation, or an accepted direct-message partner).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sender {
    /// Verified, in `OrganizationDomains`, or an accepted DM partner.
    Known,
    /// Anyone else.
    Unknown,
}

/// The decision for one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A plain confirmation dialog.
    Confirm,
    /// A dialog with reasons; the user must acknowledge them.
    Warn,
    /// Cannot be opened.
    Block,
}

/// The organisation's link settings (policy keys `AllowedLinkSchemes`, `BlockedLinkDomains`,
/// `TrustedLinkDomains`, `LinksFromUnknownSenders`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPolicy {
    /// Lower-case schemes that may be opened; [`NEVER_ALLOWED`] ones are ignored here.
    pub allowed_schemes: Vec<String>,
    /// Domains (and their subdomains) whose links are blocked.
    pub blocked_domains: Vec<String>,
    /// Domains (and their subdomains) never flagged as deceptive; still confirmed.
    pub trusted_domains: Vec<String>,
    /// Whether links from unknown senders are copy-only (`true`) or only warned about.
    pub unknown_senders_copy_only: bool,
}

impl Default for LinkPolicy {
    /// The hardened defaults of DESIGN.md §4.
    fn default() -> Self {
        Self::from_policy(&parley_policy::Policy::hardened_default())
    }
}

impl LinkPolicy {
    /// The link settings of an effective policy.
    pub fn from_policy(policy: &parley_policy::Policy) -> Self {
        let lower =
            |list: &[String]| list.iter().map(|s| s.trim().trim_end_matches('.').to_lowercase()).collect();
        Self {
            allowed_schemes: lower(&policy.allowed_link_schemes),
            blocked_domains: lower(&policy.blocked_link_domains),
            trusted_domains: lower(&policy.trusted_link_domains),
            unknown_senders_copy_only: policy.links_from_unknown_senders
                == parley_policy::UnknownSenderLinks::CopyOnly,
        }
    }
}

/// Everything the confirmation dialog needs about one link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    /// The overall decision: the most severe reason, or `confirm` when there is none.
    pub verdict: Verdict,
    /// The URL exactly as it would be opened (WHATWG-serialised, so hosts are ASCII and
    /// invisible characters percent-encoded). `None` when it did not parse.
    pub url: Option<String>,
    /// What to show: `url`, with the host in Unicode only when that is safe to read.
    pub display: String,
    /// The host in ASCII (punycode) form.
    pub host: Option<String>,
    /// The host in Unicode, when that differs from `host`; the dialog shows both.
    pub host_unicode: Option<String>,
    /// The registrable domain (eTLD+1), ASCII; the dialog shows it in bold.
    pub registrable_domain: Option<String>,
    /// Every signal found, most severe first.
    pub reasons: Vec<Reason>,
    /// Whether the user may copy the link (never for code-running or local schemes).
    pub copy_allowed: bool,
    /// A `matrix:` or matrix.to link: opened inside Parley, never by the OS.
    pub in_app: bool,
}

/// The link analyser. Cheap to clone; holds only the policy.
#[derive(Debug, Clone, Default)]
pub struct Analyser {
    policy: LinkPolicy,
}

impl Analyser {
    /// An analyser for `policy`.
    pub fn new(policy: LinkPolicy) -> Self {
        Self { policy }
    }

    /// The policy in force.
    pub fn policy(&self) -> &LinkPolicy {
        &self.policy
    }

    /// Analyses `link` as written in a message, with its visible `text` (when that differs
    /// from the link itself) and whether the `sender` is known.
    pub fn analyse(&self, link: &str, text: Option<&str>, sender: Sender) -> Analysis {
        if link.len() > MAX_URL {
            let mut analysis = unparsed(
                link,
                ReasonCode::TooLong,
                "The link is far too long to check, so it cannot be opened.",
            );
            analysis.reasons[0].severity = Severity::Block;
            analysis.verdict = Verdict::Block;
            return analysis;
        }
        let mut reasons = Vec::new();
        check_written(link, &mut reasons);
        let Some(url) = parse(link) else {
            let mut analysis = unparsed(link, ReasonCode::Unparseable, "This is not a valid web address.");
            analysis.reasons.extend(reasons);
            return finish(analysis);
        };

        let scheme = url.scheme().to_owned();
        let in_app = is_matrix_link(&url);
        let scheme_ok = in_app || self.scheme_allowed(&scheme);
        if !scheme_ok {
            reasons.push(scheme_blocked(&scheme));
        }

        let host_ascii = host_of(&url);
        if scheme == "mailto" && host_ascii.is_none() {
            reasons.push(Reason::new(ReasonCode::Unparseable, "This is not a valid e-mail address."));
        }
        let info = host_ascii.as_deref().map(|h| check_host(h, &url, link, &mut reasons));
        let registrable = info.as_ref().and_then(|i| i.registrable.clone());

        if scheme == "http" && !in_app {
            reasons.push(Reason::new(
                ReasonCode::InsecureHttp,
                "The page is not encrypted (http): others on the network can read or change it.",
            ));
        }
        if url.port().is_some() {
            reasons.push(
                Reason::new(
                    ReasonCode::NonDefaultPort,
                    format!(
                        "The link uses an unusual port ({}), which ordinary websites do not need.",
                        url.port().unwrap_or_default()
                    ),
                )
                .with("port", url.port().unwrap_or_default().to_string()),
            );
        }
        check_credentials(&url, &mut reasons);
        if link.chars().count() > LONG_URL {
            reasons.push(Reason::new(
                ReasonCode::TooLong,
                "The link is very long, which can hide where it goes.",
            ));
        }
        if let (Some(host), Some(registrable)) = (host_ascii.as_deref(), registrable.as_deref()) {
            check_site(host, registrable, &mut reasons);
        }
        if let Some(text) = text {
            check_text(text, registrable.as_deref().or(host_ascii.as_deref()), &mut reasons);
        }

        let host_matches = |list: &[String]| host_ascii.as_deref().is_some_and(|h| domain_in(h, list));
        if host_matches(&self.policy.blocked_domains) {
            reasons
                .push(Reason::new(ReasonCode::BlockedDomain, "Your organisation blocks links to this site."));
        } else if host_matches(&self.policy.trusted_domains) && scheme_ok {
            // Trusted by the organisation: not deceptive, but still confirmed.
            reasons.clear();
        } else if sender == Sender::Unknown && !in_app {
            reasons.push(if self.policy.unknown_senders_copy_only {
                Reason::new(
                    ReasonCode::UnknownSenderCopyOnly,
                    "Links from people you don't know can only be copied, not opened.",
                )
            } else {
                Reason::new(ReasonCode::UnknownSenderWarn, "This link comes from someone you don't know.")
            });
        }

        let idn_suspect = reasons.iter().any(|r| is_host_spoof(r.code));
        let display = match (&info, idn_suspect) {
            (Some(info), false) if info.unicode != host_ascii.as_deref().unwrap_or_default() => {
                display_with_host(&url, &info.unicode)
            }
            _ => url.as_str().to_owned(),
        };
        finish(Analysis {
            verdict: Verdict::Confirm,
            url: Some(url.as_str().to_owned()),
            display,
            host_unicode: info.as_ref().map(|i| i.unicode.clone()).filter(|u| Some(u) != host_ascii.as_ref()),
            host: host_ascii,
            registrable_domain: registrable,
            reasons,
            copy_allowed: scheme_ok,
            in_app,
        })
    }

    fn scheme_allowed(&self, scheme: &str) -> bool {
        !NEVER_ALLOWED.contains(&scheme) && self.policy.allowed_schemes.iter().any(|s| s == scheme)
    }
}

/// Sorts the reasons (most severe first, each code once) and derives the verdict.
fn finish(mut analysis: Analysis) -> Analysis {
    let mut seen = std::collections::HashSet::new();
    analysis.reasons.retain(|r| seen.insert(r.code));
    analysis.reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
    analysis.verdict = match analysis.reasons.first().map(|r| r.severity) {
        None => Verdict::Confirm,
        Some(Severity::Warn) => Verdict::Warn,
        Some(Severity::Block) => Verdict::Block,
    };
    analysis
}

fn unparsed(link: &str, code: ReasonCode, message: &str) -> Analysis {
    Analysis {
        verdict: Verdict::Block,
        url: None,
        display: link.chars().take(200).flat_map(char::escape_default).take(400).collect(),
        host: None,
        host_unicode: None,
        registrable_domain: None,
        reasons: vec![Reason::new(code, message)],
        copy_allowed: false,
        in_app: false,
    }
}

/// Parses like a browser's address bar would for a link in a message: absolute URLs as
/// they are, `www.example.com/…` and bare `example.com` as `https://`.
fn parse(link: &str) -> Option<Url> {
    match Url::parse(link) {
        Ok(url) => Some(url),
        Err(url::ParseError::RelativeUrlWithoutBase) if !link.trim().is_empty() => {
            let candidate = Url::parse(&format!("https://{}", link.trim())).ok()?;
            candidate.host_str().is_some_and(|h| h.contains('.')).then_some(candidate)
        }
        Err(_) => None,
    }
}

/// Checks on the characters as the sender wrote them.
fn check_written(link: &str, out: &mut Vec<Reason>) {
    if link.chars().any(crate::chars::is_invisible) {
        out.push(Reason::new(
            ReasonCode::InvisibleCharacters,
            "The link contains invisible characters that can disguise where it goes.",
        ));
    }
    if raw::has_control(link.trim_matches(|c: char| c == ' ')) {
        out.push(Reason::new(
            ReasonCode::ControlCharacters,
            "The link contains control characters (such as tabs or line breaks) that hide its real form.",
        ));
    }
    if raw::authority(link).is_some_and(|a| raw::host_of_authority(a).chars().any(raw::is_lookalike_slash)) {
        out.push(Reason::new(
            ReasonCode::LookalikeSlash,
            "The address contains a character that only looks like a slash, to fake where the site name ends.",
        ));
    }
}

fn check_credentials(url: &Url, out: &mut Vec<Reason>) {
    if url.username().is_empty() && url.password().is_none() {
        return;
    }
    let user = percent_decode(url.username());
    if user.contains('.') && !user.contains(' ') {
        out.push(Reason::new(
            ReasonCode::DeceptiveCredentials,
            "The part before \"@\" looks like a site name, but the link opens the site after it.",
        ));
    } else {
        out.push(Reason::new(
            ReasonCode::Credentials,
            "The link carries a user name or password before the site name.",
        ));
    }
}

/// Site-level signals: shorteners and well-known domains used as subdomains.
fn check_site(host: &str, registrable: &str, out: &mut Vec<Reason>) {
    if lists::is_shortener(registrable) {
        out.push(
            Reason::new(
                ReasonCode::Shortener,
                format!(
                    "{registrable} is a link shortener: the real destination is hidden until you open it."
                ),
            )
            .with("site", registrable),
        );
    }
    let Some(sub) = host.strip_suffix(registrable).and_then(|s| s.strip_suffix('.')) else { return };
    let labels: Vec<&str> = sub.split('.').collect();
    for start in 0..labels.len() {
        for end in start + 2..=labels.len() {
            let candidate = labels[start..end].join(".");
            if lists::is_well_known(&candidate) && candidate != registrable {
                out.push(
                    Reason::new(
                        ReasonCode::WellKnownSubdomain,
                        format!("The address starts with {candidate}, but the site is really {registrable}."),
                    )
                    .with("shown", candidate)
                    .with("site", registrable),
                );
                return;
            }
        }
    }
}

/// A scheme Parley never opens, named in ASCII only.
fn scheme_blocked(scheme: &str) -> Reason {
    let scheme = ascii_only(scheme);
    Reason::new(
        ReasonCode::SchemeBlocked,
        format!(
            "Links of the kind \"{scheme}:\" can run programs or reach files, so Parley never opens them."
        ),
    )
    .with("scheme", scheme)
}

/// Flags link text that names another site than the link opens.
fn check_text(text: &str, target: Option<&str>, out: &mut Vec<Reason>) {
    let text = text.trim();
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return;
    }
    let Some(named) = parse(text).filter(|u| u.host_str().is_some()) else { return };
    let named_host = host_of(&named).unwrap_or_default();
    let named_site = psl::domain_str(&named_host).map_or(named_host.clone(), str::to_owned);
    if target != Some(named_site.as_str()) {
        let reason = Reason::new(
            ReasonCode::TextMismatch,
            format!(
                "The link text shows {named_site}, but the link opens {}.",
                target.unwrap_or("something else")
            ),
        )
        .with("shown", named_site);
        out.push(match target {
            Some(site) => reason.with("site", site),
            None => reason,
        });
    }
}

/// The host as the URL parser serialised it (ASCII, lower case; IPv6 in brackets), or
/// the email domain for `mailto:`.
fn host_of(url: &Url) -> Option<String> {
    if url.scheme() == "mailto" {
        let address = url.path().split('?').next()?.split(',').next()?;
        let domain = percent_decode(address.rsplit_once('@')?.1);
        // Only a host name: idna passes other ASCII (NUL, `/`, `)`) through, and this name is
        // shown in the dialog and its reasons (found by the link fuzz target).
        let hostname = |d: &String| {
            !d.is_empty() && d.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        };
        return idna::domain_to_ascii(&domain).ok().filter(hostname);
    }
    url.host_str().filter(|h| !h.is_empty()).map(|h| h.trim_end_matches('.').to_owned())
}

fn is_matrix_link(url: &Url) -> bool {
    url.scheme() == "matrix" || (url.scheme() == "https" && url.host_str() == Some("matrix.to"))
}

/// Codes that mean the host name itself is a spoof: then Unicode must not be displayed.
fn is_host_spoof(code: ReasonCode) -> bool {
    matches!(
        code,
        ReasonCode::LookalikeDomain
            | ReasonCode::MixedScripts
            | ReasonCode::WholeScriptConfusable
            | ReasonCode::UnusualCharacters
            | ReasonCode::CombiningMarks
            | ReasonCode::DeviationCharacters
            | ReasonCode::InvisibleCharacters
    )
}

/// `url` with its ASCII host replaced by `unicode` (only called when that is safe).
fn display_with_host(url: &Url, unicode: &str) -> String {
    match url.host_str() {
        Some(ascii) if url.scheme() != "mailto" => url.as_str().replacen(ascii, unicode, 1),
        _ => url.as_str().to_owned(),
    }
}

/// Whether `host` is `domain` or a subdomain of it, for any domain in `list`.
fn domain_in(host: &str, list: &[String]) -> bool {
    list.iter().any(|d| {
        !d.is_empty() && (host == d || host.strip_suffix(d.as_str()).is_some_and(|p| p.ends_with('.')))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ascii_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).take(32).collect()
}

/// Host checks for a domain, or the IP-literal checks when the host is an address.
fn check_host(host: &str, url: &Url, link: &str, out: &mut Vec<Reason>) -> host::DomainInfo {
    if let Some(parsed) = url.host().filter(|_| url.scheme() != "mailto") {
        let written = raw::authority(link).map_or(host, raw::host_of_authority);
        let ip_reason = match ip::classify(&parsed, written) {
            Some(IpHost::Plain) => Some(Reason::new(
                ReasonCode::IpHost,
                "The link names a computer by its number instead of a site name.",
            )),
            Some(IpHost::Obfuscated) => Some(
                Reason::new(
                    ReasonCode::IpHostObfuscated,
                    format!("The link hides a computer's number in an unusual form (it is really {host})."),
                )
                .with("host", host),
            ),
            None => None,
        };
        if let Some(reason) = ip_reason {
            out.push(reason);
            return host::DomainInfo { unicode: host.to_owned(), registrable: None };
        }
    }
    host::check_domain(host, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (fuzz target `link`): a mailto domain with NULs and punctuation passed
    /// `idna` and reached the dialog's host and reason sentences.
    #[test]
    fn reasons_name_their_details_for_other_languages() {
        let guard = Analyser::new(LinkPolicy::default());
        let args = |link: &str, text: Option<&str>| {
            let analysis = guard.analyse(link, text, Sender::Known);
            analysis.reasons.into_iter().map(|r| (r.code.as_str(), r.args)).collect::<Vec<_>>()
        };
        let scheme = args("javascript:alert(1)", None);
        assert_eq!(scheme[0].1.get("scheme").map(String::as_str), Some("javascript"), "{scheme:?}");
        let port = args("https://example.org:8443/", None);
        assert!(port.iter().any(|(code, a)| *code == "non_default_port" && a["port"] == "8443"), "{port:?}");
        let shown = args("https://evil.example/", Some("bank.example"));
        assert!(
            shown.iter().any(|(code, a)| *code == "text_mismatch"
                && a["shown"] == "bank.example"
                && a["site"] == "evil.example"),
            "{shown:?}"
        );
        // Plain sentences carry nothing extra.
        assert!(args("http://example.org/", None).iter().all(|(_, a)| a.is_empty()));
    }

    #[test]
    fn mailto_domain_must_be_a_host_name() {
        let guard = Analyser::new(LinkPolicy::default());
        let odd = guard.analyse("mailto:s@r\0\0tps://\0)", Some("example.com"), Sender::Known);
        assert_eq!(odd.verdict, Verdict::Block);
        assert_eq!(odd.host, None);
        assert!(odd.reasons.iter().all(|r| !r.message.contains('\0')), "{:?}", odd.reasons);
        let fine = guard.analyse("mailto:someone@example.com", None, Sender::Known);
        assert_eq!((fine.verdict, fine.host.as_deref()), (Verdict::Confirm, Some("example.com")));
    }
}
