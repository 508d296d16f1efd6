//! Why a link was flagged: a stable code, a severity and one plain sentence.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::reason_codes::reason_codes;

/// How much a reason weighs on the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The user may open the link after ticking "I understand".
    Warn,
    /// The link cannot be opened from Parley.
    Block,
}

reason_codes! {
    /// The code as it appears in JSON (`scheme_blocked`, …).
    fn as_str(self) -> &'static str;
    /// How much this signal weighs on its own.
    fn severity(self) -> Severity;

    /// The scheme is not allowed (`javascript:`, `file:`, custom app schemes, …).
    SchemeBlocked = "scheme_blocked", Block;
    /// The text is not a URL at all.
    Unparseable = "unparseable", Block;
    /// Longer than anyone would read before clicking.
    TooLong = "too_long", Warn;
    /// Bidi controls, zero-width or other invisible characters.
    InvisibleCharacters = "invisible_characters", Block;
    /// Control characters (tabs, newlines, NUL) inside the link.
    ControlCharacters = "control_characters", Block;
    /// A character that looks like `/` inside the host.
    LookalikeSlash = "lookalike_slash", Block;
    /// `user:password@` or `name@` before the host.
    Credentials = "credentials", Warn;
    /// The part before `@` is itself a domain name (`paypal.com@evil.example`).
    DeceptiveCredentials = "deceptive_credentials", Block;
    /// The host is an IP address.
    IpHost = "ip_host", Warn;
    /// The host is an IP address written to hide that it is one.
    IpHostObfuscated = "ip_host_obfuscated", Block;
    /// A port other than the scheme's default.
    NonDefaultPort = "non_default_port", Warn;
    /// Plain `http`: anyone on the network can read or change the page.
    InsecureHttp = "insecure_http", Warn;
    /// A URL shortener hides the real destination.
    Shortener = "shortener", Warn;
    /// The link text names a different site than the link opens.
    TextMismatch = "text_mismatch", Warn;
    /// A well-known domain appears as a subdomain of another site.
    WellKnownSubdomain = "well_known_subdomain", Warn;
    /// The domain renders like a well-known domain but is not it.
    LookalikeDomain = "lookalike_domain", Block;
    /// Letters from different alphabets in one name.
    MixedScripts = "mixed_scripts", Warn;
    /// A name entirely in another alphabet that looks Latin.
    WholeScriptConfusable = "whole_script_confusable", Warn;
    /// Characters outside the identifier profile (symbols, archaic letters).
    UnusualCharacters = "unusual_characters", Warn;
    /// Leftover combining accents.
    CombiningMarks = "combining_marks", Warn;
    /// `ß` or `ς` outside the TLDs that use them.
    DeviationCharacters = "deviation_characters", Warn;
    /// The organisation blocks this domain (`BlockedLinkDomains`).
    BlockedDomain = "blocked_domain", Block;
    /// The sender is not known and policy makes their links copy-only.
    UnknownSenderCopyOnly = "unknown_sender", Block;
    /// The sender is not known and policy asks for a warning.
    UnknownSenderWarn = "unknown_sender_warn", Warn;
}

/// One signal against a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable identifier.
    pub code: ReasonCode,
    /// `warn` or `block`.
    pub severity: Severity,
    /// One plain sentence for the user; names domains in their ASCII form only, so the
    /// message itself cannot carry a homograph or a bidi trick.
    pub message: String,
    /// What the sentence names (sites, a scheme, a port), so the UI can say it in another
    /// language with the same details; ASCII only, like the message. Empty for most codes.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<&'static str, String>,
}

impl Reason {
    /// A reason with its code's severity.
    pub fn new(code: ReasonCode, message: impl Into<String>) -> Self {
        Self { code, severity: code.severity(), message: message.into(), args: BTreeMap::new() }
    }

    /// Names a detail of the sentence (`site`, `target`, `scheme`, `port`, …).
    #[must_use]
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.insert(name, value.into());
        self
    }
}
