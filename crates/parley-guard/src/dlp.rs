//! Outgoing data-loss prevention: find sensitive data in text before it is encrypted and sent.
//!
//! With end-to-end encryption no server-side filter can see what leaves, so Parley looks on
//! the user's machine. Each detector is a cheap candidate regex followed by a *validation*
//! step (a checksum, a length table, a decoded header), so numbers that merely look like a
//! card or an IBAN are not reported:
//!
//! | Kind | Candidate | Validation |
//! |---|---|---|
//! | `payment_card` | 12–19 digits, optionally grouped by spaces or hyphens | Luhn, issuer prefix and length (Visa, Mastercard, Amex, Discover, Diners, JCB, `UnionPay`, Maestro, Mir) |
//! | `iban` | two letters, two digits, up to 30 letters/digits | the country's IBAN length (ISO 13616 registry) and mod-97 = 1 |
//! | `hkid` | Hong Kong Identity Card, `A123456(3)` | check digit (weights 9…2, mod 11) |
//! | `cn_resident_id` | Chinese Resident Identity Card, 18 characters | date of birth and ISO 7064 MOD 11-2 check character |
//! | `sg_nric` | Singapore NRIC/FIN, `S1234567D` | weighted check letter (S/T and F/G tables) |
//! | `private_key` | PEM / OpenSSH / PGP `-----BEGIN … PRIVATE KEY-----` | the header names a *private* key (public keys never match) |
//! | `aws_access_key` | `AKIA…`, `ASIA…` (gitleaks rule `aws-access-token`) | exact length and alphabet |
//! | `github_token` | `ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_` (gitleaks) | exact length and alphabet |
//! | `slack_token` | `xoxb-`, `xoxp-`, `xapp-`, webhook URLs (gitleaks) | shape |
//! | `google_api_key` | `AIza` + 35 characters (gitleaks `gcp-api-key`) | exact length |
//! | `jwt` | `eyJ….eyJ….sig` (gitleaks `jwt`) | the header decodes to a JSON object with `alg` |
//! | `url_credentials` | `scheme://user:password@host` | a non-empty password |
//! | `password` | `password: …`, `pwd=…`, `passphrase: …` | a value of 4+ characters that is not a mask (`****`) |
//! | `custom:NAME` | the organisation's `DlpCustomPatterns` (`name=regex`) | none |
//!
//! Token patterns follow gitleaks' rules (MIT licence, `config/gitleaks.toml`), trimmed to
//! what can be validated locally. Findings carry a kind and UTF-8 byte offsets, never a copy
//! of the text, so they can be audited and shown without leaking.
//!
//! ```
//! use parley_guard::dlp::{Kind, Scanner};
//!
//! let scanner = Scanner::builder().build()?;
//! let findings = scanner.scan("my card is 4111 1111 1111 1111, thanks");
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].kind, Kind::PaymentCard);
//! assert_eq!((findings[0].start, findings[0].end), (11, 30));
//! assert!(scanner.scan("order 4111 1111 1111 1112").is_empty()); // fails Luhn
//! # Ok::<(), parley_guard::dlp::DlpError>(())
//! ```

use std::{collections::BTreeMap, fmt, sync::LazyLock};

use base64::Engine as _;
use regex::{Regex, RegexBuilder};
use serde::{Serialize, Serializer};

/// Compiled size limit for one organisation pattern (bytes of NFA), so a pathological
/// policy value cannot exhaust memory.
const CUSTOM_PATTERN_SIZE_LIMIT: usize = 1 << 20;
/// Lazy-DFA cache limit for one organisation pattern.
const CUSTOM_PATTERN_DFA_LIMIT: usize = 2 << 20;
/// Longest organisation pattern accepted, in bytes.
const CUSTOM_PATTERN_MAX_LEN: usize = 1024;
/// At most this many organisation patterns are compiled.
const CUSTOM_PATTERN_MAX_COUNT: usize = 64;
/// Longest value of a `password: …` phrase that is reported as one finding.
const PASSWORD_VALUE_MAX: usize = 256;

/// What kind of sensitive data a finding is.
///
/// Serialised as a stable `snake_case` string (`payment_card`, `custom:NAME`, …).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A payment card number (PAN) that passes Luhn and matches an issuer's prefix and length.
    PaymentCard,
    /// An International Bank Account Number with a valid length and mod-97 check.
    Iban,
    /// A Hong Kong Identity Card number with a valid check digit.
    Hkid,
    /// A Chinese Resident Identity Card number with a valid date and check character.
    CnResidentId,
    /// A Singapore NRIC or FIN with a valid check letter.
    SgNric,
    /// A PEM, OpenSSH or PGP private key.
    PrivateKey,
    /// An AWS access key id.
    AwsAccessKey,
    /// A GitHub token.
    GithubToken,
    /// A Slack token or incoming-webhook URL.
    SlackToken,
    /// A Google API key.
    GoogleApiKey,
    /// A JSON Web Token.
    Jwt,
    /// A URL carrying a user name and password.
    UrlCredentials,
    /// A `password: …` style phrase.
    Password,
    /// An organisation pattern from `DlpCustomPatterns`, by its name.
    Custom(String),
}

impl Kind {
    /// The stable identifier: `payment_card`, …, `custom:NAME`.
    pub fn id(&self) -> String {
        match self {
            Self::Custom(name) => format!("custom:{name}"),
            other => other.builtin_id().to_owned(),
        }
    }

    fn builtin_id(&self) -> &'static str {
        match self {
            Self::PaymentCard => "payment_card",
            Self::Iban => "iban",
            Self::Hkid => "hkid",
            Self::CnResidentId => "cn_resident_id",
            Self::SgNric => "sg_nric",
            Self::PrivateKey => "private_key",
            Self::AwsAccessKey => "aws_access_key",
            Self::GithubToken => "github_token",
            Self::SlackToken => "slack_token",
            Self::GoogleApiKey => "google_api_key",
            Self::Jwt => "jwt",
            Self::UrlCredentials => "url_credentials",
            Self::Password => "password",
            Self::Custom(_) => "custom",
        }
    }

    /// A short phrase for people: "a payment card number".
    pub fn label(&self) -> String {
        match self {
            Self::PaymentCard => "a payment card number".into(),
            Self::Iban => "a bank account number (IBAN)".into(),
            Self::Hkid => "a Hong Kong identity card number".into(),
            Self::CnResidentId => "a Chinese resident identity card number".into(),
            Self::SgNric => "a Singapore NRIC/FIN".into(),
            Self::PrivateKey => "a private key".into(),
            Self::AwsAccessKey => "an AWS access key".into(),
            Self::GithubToken => "a GitHub token".into(),
            Self::SlackToken => "a Slack token".into(),
            Self::GoogleApiKey => "a Google API key".into(),
            Self::Jwt => "an access token (JWT)".into(),
            Self::UrlCredentials => "a password inside a link".into(),
            Self::Password => "a password".into(),
            Self::Custom(name) => format!("data your organisation protects ({name})"),
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.id())
    }
}

/// One piece of sensitive data: its kind and where it is (UTF-8 byte offsets, `start..end`).
///
/// A finding never holds the text itself, so it can be logged and audited.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Finding {
    /// What was found.
    pub kind: Kind,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
}

/// Counts findings per kind, for audit records and messages ("kind and count, never content").
pub fn summarize(findings: &[Finding]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry(f.kind.id()).or_insert(0) += 1;
    }
    counts
}

/// The distinct kinds found, in the order [`describe`] names them.
pub fn distinct_kinds(findings: &[Finding]) -> Vec<&Kind> {
    let mut kinds: Vec<&Kind> = findings.iter().map(|f| &f.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// Joins the distinct kinds' labels into one phrase: "a payment card number and a password".
pub fn describe(findings: &[Finding]) -> String {
    let labels: Vec<String> = distinct_kinds(findings).iter().map(|k| k.label()).collect();
    match labels.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Why an organisation pattern (`DlpCustomPatterns`) was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DlpError {
    /// The entry is not `name=regex`, or the name is not `[a-z0-9_-]{1,40}`.
    #[error("DLP pattern #{index} is not of the form name=regex with a name of letters, digits, '-' or '_'")]
    Malformed {
        /// Position in the list, from 1.
        index: usize,
    },
    /// The regular expression does not compile or is over the size limit.
    #[error("DLP pattern \"{name}\" is not a usable regular expression: {detail}")]
    BadRegex {
        /// The pattern's name.
        name: String,
        /// The regex crate's explanation.
        detail: String,
    },
    /// The pattern matches the empty string, so it would flag every message.
    #[error("DLP pattern \"{name}\" matches empty text")]
    MatchesEmpty {
        /// The pattern's name.
        name: String,
    },
    /// More patterns than the limit.
    #[error("too many DLP patterns: at most {max} are used")]
    TooMany {
        /// The limit.
        max: usize,
    },
}

/// Builds a [`Scanner`]: the built-in detectors plus organisation patterns.
#[derive(Debug, Default, Clone)]
pub struct ScannerBuilder {
    custom: Vec<String>,
}

impl ScannerBuilder {
    /// Adds organisation patterns, each `name=regex` (the `DlpCustomPatterns` policy).
    #[must_use]
    pub fn custom_patterns<I, S>(mut self, patterns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.custom.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Compiles everything; the first bad organisation pattern is an error.
    pub fn build(self) -> Result<Scanner, DlpError> {
        let (scanner, mut errors) = self.build_lenient();
        if errors.is_empty() { Ok(scanner) } else { Err(errors.swap_remove(0)) }
    }

    /// Compiles everything, skipping (and returning) bad organisation patterns, so one bad
    /// entry never switches the built-in detectors off (fail safe).
    pub fn build_lenient(self) -> (Scanner, Vec<DlpError>) {
        let mut errors = Vec::new();
        let mut custom = Vec::new();
        if self.custom.len() > CUSTOM_PATTERN_MAX_COUNT {
            errors.push(DlpError::TooMany { max: CUSTOM_PATTERN_MAX_COUNT });
        }
        for (i, entry) in self.custom.iter().take(CUSTOM_PATTERN_MAX_COUNT).enumerate() {
            match compile_custom(i + 1, entry) {
                Ok(c) => custom.push(c),
                Err(e) => errors.push(e),
            }
        }
        (Scanner { custom }, errors)
    }
}

fn compile_custom(index: usize, entry: &str) -> Result<(String, Regex), DlpError> {
    let (name, pattern) = entry.split_once('=').ok_or(DlpError::Malformed { index })?;
    let name = name.trim();
    let name_ok = !name.is_empty()
        && name.len() <= 40
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !name_ok {
        return Err(DlpError::Malformed { index });
    }
    match organisation_regex(pattern) {
        Ok(regex) => Ok((name.to_owned(), regex)),
        Err(PatternProblem::MatchesEmpty) => Err(DlpError::MatchesEmpty { name: name.to_owned() }),
        Err(PatternProblem::Bad(detail)) => Err(DlpError::BadRegex { name: name.to_owned(), detail }),
    }
}

/// Why an organisation's regular expression was not compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternProblem {
    /// It is too long or not a valid (or too costly) regular expression; the detail says which.
    Bad(String),
    /// It matches the empty string, so it would match everything.
    MatchesEmpty,
}

/// Compiles a regular expression from the organisation's policy within fixed size limits,
/// so a pathological value cannot exhaust memory or match everything.
pub(crate) fn organisation_regex(pattern: &str) -> Result<Regex, PatternProblem> {
    if pattern.len() > CUSTOM_PATTERN_MAX_LEN {
        return Err(PatternProblem::Bad("the pattern is too long".into()));
    }
    let regex = RegexBuilder::new(pattern)
        .size_limit(CUSTOM_PATTERN_SIZE_LIMIT)
        .dfa_size_limit(CUSTOM_PATTERN_DFA_LIMIT)
        .nest_limit(64)
        .build()
        .map_err(|e| {
            PatternProblem::Bad(e.to_string().lines().last().unwrap_or_default().trim().to_owned())
        })?;
    if regex.is_match("") {
        return Err(PatternProblem::MatchesEmpty);
    }
    Ok(regex)
}

/// The outgoing-DLP scanner. Build once (patterns are compiled then), scan many times.
#[derive(Debug, Clone)]
pub struct Scanner {
    custom: Vec<(String, Regex)>,
}

impl Scanner {
    /// A builder with only the built-in detectors.
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::default()
    }

    /// The scanner for a policy's `DlpCustomPatterns`; bad patterns are skipped and returned.
    pub fn from_policy(policy: &parley_policy::Policy) -> (Self, Vec<DlpError>) {
        Self::builder().custom_patterns(policy.dlp_custom_patterns.iter().cloned()).build_lenient()
    }

    /// Finds sensitive data in `text`; findings are sorted by position.
    ///
    /// Findings of the same kind never overlap; findings of different kinds may (a password
    /// phrase whose value is a card number is both).
    pub fn scan(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let d = &*DETECTORS;
        scan_numbers(&d.numbers, text, &mut out);
        scan_private_keys(&d.private_key, text, &mut out);
        for (regex, kind) in [
            (&d.aws, Kind::AwsAccessKey),
            (&d.github, Kind::GithubToken),
            (&d.slack, Kind::SlackToken),
            (&d.google, Kind::GoogleApiKey),
        ] {
            for m in regex.find_iter(text) {
                out.push(Finding { kind: kind.clone(), start: m.start(), end: m.end() });
            }
        }
        for m in d.jwt.find_iter(text) {
            if jwt_valid(m.as_str()) {
                out.push(Finding { kind: Kind::Jwt, start: m.start(), end: m.end() });
            }
        }
        scan_url_credentials(&d.url_credentials, text, &mut out);
        scan_passwords(&d.password, text, &mut out);
        for (name, regex) in &self.custom {
            for m in regex.find_iter(text) {
                if m.start() < m.end() {
                    out.push(Finding { kind: Kind::Custom(name.clone()), start: m.start(), end: m.end() });
                }
            }
        }
        // Grouped by kind to drop overlaps within a kind, then in position order as promised
        // (the derived order is by kind first; found by fuzzing).
        out.sort();
        out.dedup_by(|later, earlier| later.kind == earlier.kind && later.start < earlier.end);
        out.sort_by_key(|f| (f.start, f.end));
        out
    }
}

/// The built-in candidate patterns, compiled once per process.
struct Detectors {
    /// Cards, IBANs and national ids in one pass (see [`scan_numbers`]).
    numbers: Regex,
    private_key: Regex,
    aws: Regex,
    github: Regex,
    slack: Regex,
    google: Regex,
    jwt: Regex,
    url_credentials: Regex,
    password: Regex,
}

// `(?-u:\b)` is an ASCII word boundary: it keeps the fast DFA engines usable on non-ASCII text.
static DETECTORS: LazyLock<Detectors> = LazyLock::new(|| {
    let re = |p: &str| {
        // Invariant: these literals are fixed and covered by the unit tests below.
        #[allow(clippy::unwrap_used)]
        Regex::new(p).unwrap()
    };
    Detectors {
        // One alternation, because every pattern without a literal prefix costs a full
        // pass of the lazy DFA; the group that matched says which validator to run.
        numbers: re(concat!(
            r"(?-u:\b)(?:[A-Z]{1,2}[0-9]{6}(?:\([0-9A]\)|[0-9A](?-u:\b)))",
            r"|(?-u:\b)(?:[STFG][0-9]{7}[A-Z](?-u:\b))",
            r"|(?-u:\b)(?:(?i:[a-z]{2})[0-9]{2}(?:[ ]?(?i:[a-z0-9])){10,32})",
            // A run of digits with single spaces or hyphens between groups (cards), which
            // may end in X (Chinese resident ids).
            r"|(?-u:\b)(?:[0-9]+(?:[ \-][0-9]+)*[Xx]?(?-u:\b))",
        )),
        private_key: re(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----"),
        aws: re(r"(?-u:\b)(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?-u:\b)"),
        github: re(
            r"(?-u:\b)(?:(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82})(?-u:\b)",
        ),
        slack: re(concat!(
            r"(?-u:\b)(?:xox[bpeoasr]-[0-9]{10,13}-[0-9A-Za-z\-]{10,}",
            r"|xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]+",
            r"|hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})"
        )),
        google: re(r"(?-u:\b)AIza[0-9A-Za-z_\-]{35}(?-u:\b)"),
        jwt: re(r"(?-u:\b)eyJ[0-9A-Za-z_\-]{10,}\.eyJ[0-9A-Za-z_\-]{10,}\.[0-9A-Za-z_\-]{10,}"),
        // Only the `scheme://user:password@` part; the host is not needed to decide.
        url_credentials: re(r"(?i)(?-u:\b)[a-z][a-z0-9+.\-]{1,20}://[^\s:/@?#]{1,256}:[^\s/@?#]{1,256}@"),
        // The keyword and its separator; the value is read by hand after it.
        password: re(
            r"(?i)(?:(?-u:\b)(?:password|passwd|passwort|pwd|passphrase|pass ?code|mot de passe)|contraseña|密碼|密码)\s{0,3}[:=：]\s{0,3}",
        ),
    }
});

/// Runs the `numbers` alternation. A letter-led candidate (IBAN, HKID, NRIC) that fails
/// validation does not hide what follows it: the search resumes one character after the
/// candidate's start ("SK12 and 4111 1111 1111 1111" is not an IBAN, but holds a card).
fn scan_numbers(regex: &Regex, text: &str, out: &mut Vec<Finding>) {
    let mut at = 0;
    while at < text.len() {
        let Some(m) = regex.find_at(text, at) else { break };
        let (start, end, s) = (m.start(), m.end(), m.as_str());
        // The first byte says which alternative matched: only the digit run starts with a
        // digit; the validators check the letter-led shapes strictly, so trying each is safe
        // (and cheaper than asking the regex for capture groups).
        let found_end = if s.starts_with(|c: char| c.is_ascii_digit()) {
            if cn_id_valid(s) {
                push(out, Kind::CnResidentId, start, end);
            }
            scan_card_run(text, start, end, out);
            // The whole run has been judged (long runs group by group); restarting inside
            // it would judge its tail alone ("…-3602-4797-5240-46").
            Some(end)
        } else if hkid_valid(s) {
            Some(push(out, Kind::Hkid, start, end))
        } else if sg_nric_valid(s) {
            Some(push(out, Kind::SgNric, start, end))
        } else {
            iban_len(s).map(|len| push(out, Kind::Iban, start, start + len))
        };
        at = found_end.unwrap_or_else(|| next_char(text, start));
    }
}

/// Records a finding and returns its end.
fn push(out: &mut Vec<Finding>, kind: Kind, start: usize, end: usize) -> usize {
    out.push(Finding { kind, start, end });
    end
}

/// The byte offset of the character after the one at `i`.
fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(text.len(), |c| i + c.len_utf8())
}

// ---- payment cards ---------------------------------------------------------------------

fn scan_card_run(text: &str, run_start: usize, run_end: usize, out: &mut Vec<Finding>) {
    let m = &text[run_start..run_end];
    // The groups of the run, as byte ranges in `text`.
    let groups: Vec<(usize, usize)> = {
        let mut g = Vec::new();
        let mut start = None;
        for (i, b) in m.bytes().enumerate() {
            match (b.is_ascii_digit(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    g.push((run_start + s, run_start + i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            g.push((run_start + s, run_end));
        }
        g
    };
    // A run short enough to be one card number is judged whole: "5501-7789-2231-9904-11"
    // is one serial number, not a card followed by "11". Only longer runs are split.
    let total: usize = groups.iter().map(|(s, e)| e - s).sum();
    if total <= 19 {
        if let (Some(first), Some(last)) = (groups.first(), groups.last()) {
            let digits: String = groups.iter().map(|&(s, e)| &text[s..e]).collect();
            if card_valid(&digits) {
                out.push(Finding { kind: Kind::PaymentCard, start: first.0, end: last.1 });
            }
        }
        return;
    }
    let mut i = 0;
    while i < groups.len() {
        // The longest run of whole groups starting at group i that is a valid card.
        let mut digits = String::new();
        let mut best = None;
        for (j, &(s, e)) in groups.iter().enumerate().skip(i) {
            digits.push_str(&text[s..e]);
            if digits.len() > 19 {
                break;
            }
            if card_valid(&digits) {
                best = Some(j);
            }
        }
        if let Some(j) = best {
            out.push(Finding { kind: Kind::PaymentCard, start: groups[i].0, end: groups[j].1 });
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

/// Luhn (ISO/IEC 7812-1) over ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b.wrapping_sub(b'0'));
        if d > 9 {
            return false;
        }
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// Whether `digits` (ASCII digits only) is a plausible PAN: issuer prefix, length, Luhn.
fn card_valid(digits: &str) -> bool {
    let len = digits.len();
    if !(12..=19).contains(&len) {
        return false;
    }
    let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok()).unwrap_or(0);
    let (p1, p2, p3, p4, p6) = (prefix(1), prefix(2), prefix(3), prefix(4), prefix(6));
    let issuer_len_ok = match () {
        // Visa
        () if p1 == 4 => matches!(len, 13 | 16 | 19),
        // American Express
        () if p2 == 34 || p2 == 37 => len == 15,
        // Mastercard (51–55 and the 2-series)
        () if (51..=55).contains(&p2) || (2221..=2720).contains(&p4) => len == 16,
        // Mir
        () if (2200..=2204).contains(&p4) => (16..=19).contains(&len),
        // Diners Club International / Carte Blanche
        () if (300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39 => (14..=19).contains(&len),
        // JCB
        () if (3528..=3589).contains(&p4) => (16..=19).contains(&len),
        // Discover (including the China UnionPay co-branded range)
        () if p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622_126..=622_925).contains(&p6) => {
            (16..=19).contains(&len)
        }
        // China UnionPay
        () if p2 == 62 || p2 == 81 => (16..=19).contains(&len),
        // Maestro
        () if matches!(p4, 5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763) => {
            (12..=19).contains(&len)
        }
        () => false,
    };
    issuer_len_ok && luhn_valid(digits)
}

// ---- IBAN ------------------------------------------------------------------------------

/// IBAN lengths by country (SWIFT IBAN registry, release 99).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BI", 27),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DJ", 27),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FK", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HN", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("LY", 25),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MN", 20),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NI", 28),
    ("NL", 18),
    ("NO", 15),
    ("OM", 23),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("RU", 33),
    ("SA", 24),
    ("SC", 31),
    ("SD", 18),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("SO", 23),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
    ("YE", 30),
];

/// For an IBAN candidate, the byte length of the valid IBAN at its start, if there is one.
fn iban_len(candidate: &str) -> Option<usize> {
    let country = candidate.get(..2)?.to_ascii_uppercase();
    let want = IBAN_LENGTHS.iter().find(|(c, _)| *c == country)?.1;
    let mut chars = String::with_capacity(want);
    let mut end = 0;
    for (i, b) in candidate.bytes().enumerate() {
        if b == b' ' {
            continue;
        }
        chars.push(char::from(b.to_ascii_uppercase()));
        end = i + 1;
        if chars.len() == want {
            break;
        }
    }
    if chars.len() != want {
        return None;
    }
    // The IBAN must end at a word's end: "DE89…3000XYZ" is not this IBAN.
    if candidate.as_bytes().get(end).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    iban_mod97(&chars).then_some(end)
}

/// ISO 13616 / ISO 7064 mod-97-10 over an upper-case IBAN without spaces.
pub fn iban_mod97(iban: &str) -> bool {
    if iban.len() < 5 || !iban.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return false;
    }
    let (head, tail) = iban.split_at(4);
    let mut rem = 0u32;
    for b in tail.bytes().chain(head.bytes()) {
        let v = if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b - b'A') + 10 };
        rem = if v >= 10 { (rem * 100 + v) % 97 } else { (rem * 10 + v) % 97 };
    }
    rem == 1
}

// ---- national identity numbers ------------------------------------------------------------

/// Hong Kong Identity Card: `X123456(C)` or `XY123456C`; weights 9..2, mod 11, 10 → `A`.
pub fn hkid_valid(candidate: &str) -> bool {
    let chars: Vec<u8> = candidate.bytes().filter(u8::is_ascii_alphanumeric).collect();
    let (body, check) = match chars.split_last() {
        Some((c, body)) if body.len() == 7 || body.len() == 8 => (body, *c),
        _ => return false,
    };
    let letters = body.len() - 6;
    if !body[..letters].iter().all(u8::is_ascii_uppercase) || !body[letters..].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    // A single-letter prefix is padded with a space, which counts as 36.
    let mut values: Vec<u32> = if body.len() == 7 { vec![36] } else { Vec::new() };
    for &b in body {
        values.push(if b.is_ascii_digit() { u32::from(b - b'0') } else { u32::from(b - b'A') + 10 });
    }
    let sum: u32 = values.iter().zip((2..=9).rev()).map(|(v, w)| v * w).sum();
    let expected = match (11 - sum % 11) % 11 {
        10 => b'A',
        d => b'0' + u8::try_from(d).unwrap_or(0),
    };
    check == expected
}

/// Chinese Resident Identity Card (GB 11643-1999): a real date of birth and an
/// ISO 7064 MOD 11-2 check character.
pub fn cn_id_valid(candidate: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let b = candidate.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| candidate[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let sum: u32 = b[..17].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let expected = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == expected
}

/// Singapore NRIC/FIN (S, T, F, G series): weights 2,7,6,5,4,3,2, offset 4 for T and G.
pub fn sg_nric_valid(candidate: &str) -> bool {
    const WEIGHTS: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
    let b = candidate.as_bytes();
    if b.len() != 9 || !b[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut sum: u32 = b[1..8].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    if matches!(b[0], b'T' | b'G') {
        sum += 4;
    }
    let table: &[u8; 11] = match b[0] {
        b'S' | b'T' => b"JZIHGFEDCBA",
        b'F' | b'G' => b"XWUTRQPNMLK",
        _ => return false,
    };
    b[8] == table[(sum % 11) as usize]
}

// ---- keys, tokens and phrases -----------------------------------------------------------

fn scan_private_keys(regex: &Regex, text: &str, out: &mut Vec<Finding>) {
    for m in regex.find_iter(text) {
        // Cover the whole block when its END line is there, so the highlight shows all of it.
        let rest = &text[m.end()..];
        let end = rest
            .find("-----END")
            .and_then(|i| rest[i + 8..].find("-----").map(|j| m.end() + i + 8 + j + 5))
            .unwrap_or(m.end());
        out.push(Finding { kind: Kind::PrivateKey, start: m.start(), end });
    }
}

fn jwt_valid(candidate: &str) -> bool {
    let Some(header) = candidate.split('.').next() else { return false };
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header.trim_end_matches('='))
    else {
        return false;
    };
    serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes)
        .is_ok_and(|h| h.contains_key("alg") || h.contains_key("typ"))
}

fn scan_url_credentials(regex: &Regex, text: &str, out: &mut Vec<Finding>) {
    for m in regex.find_iter(text) {
        let s = m.as_str();
        let Some(userinfo) = s.split_once("://").map(|(_, u)| u.trim_end_matches('@')) else { continue };
        let password = userinfo.split_once(':').map_or("", |(_, p)| p);
        // `user:@host` and `user:*****@host` hide nothing.
        if !password.is_empty() && !password.bytes().all(|b| b == b'*' || b == b'x' || b == b'X') {
            out.push(Finding { kind: Kind::UrlCredentials, start: m.start(), end: m.end() });
        }
    }
}

fn scan_passwords(regex: &Regex, text: &str, out: &mut Vec<Finding>) {
    for m in regex.find_iter(text) {
        let rest = &text[m.end()..];
        let value_len = rest
            .char_indices()
            .find(|&(i, c)| c.is_whitespace() || i >= PASSWORD_VALUE_MAX)
            .map_or(rest.len(), |(i, _)| i);
        let value = rest[..value_len].trim_end_matches(['.', ',', ';', ')', '"', '\'']);
        if password_value_plausible(value) {
            out.push(Finding { kind: Kind::Password, start: m.start(), end: m.end() + value.len() });
        }
    }
}

/// A value that could be a real password: 4+ characters, not a mask or a placeholder.
fn password_value_plausible(value: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "<password>",
        "[password]",
        "{password}",
        "redacted",
        "<redacted>",
        "[redacted]",
        "none",
        "null",
        "n/a",
    ];
    value.chars().count() >= 4
        && !value.chars().all(|c| matches!(c, '*' | '•' | '.' | 'x' | 'X' | '#' | '-' | '_'))
        && !PLACEHOLDERS.iter().any(|p| value.eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<String> {
        Scanner::builder()
            .build()
            .map(|s| s.scan(text))
            .unwrap_or_default()
            .iter()
            .map(|f| f.kind.id())
            .collect()
    }

    /// Regression (fuzz target `dlp`): findings of different kinds came out grouped by kind,
    /// not in position order.
    #[test]
    fn findings_are_in_position_order() {
        let text = "password: hunter22 then card 4111 1111 1111 1111 then AKIAIOSFODNN7EXAMPLE";
        let scanner = Scanner::builder().build().expect("built-ins compile");
        let findings = scanner.scan(text);
        assert!(findings.len() >= 2, "{findings:?}");
        assert!(findings.windows(2).all(|w| w[0].start <= w[1].start), "{findings:?}");
    }

    #[test]
    fn detectors_compile() {
        LazyLock::force(&DETECTORS);
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("4111111111111111"));
        assert!(!luhn_valid("4111111111111112"));
        assert!(!luhn_valid(""));
    }

    #[test]
    fn card_in_a_longer_digit_run_is_found_by_its_groups() {
        let text = "ref 12345 4111 1111 1111 1111 ok";
        let s = Scanner::builder().build().map(|s| s.scan(text)).unwrap_or_default();
        assert_eq!(s.len(), 1);
        assert_eq!(&text[s[0].start..s[0].end], "4111 1111 1111 1111");
    }

    #[test]
    fn iban_and_hkid_check_digits() {
        assert!(iban_mod97("GB82WEST12345698765432"));
        assert!(!iban_mod97("GB82WEST12345698765433"));
        assert!(hkid_valid("A123456(3)"));
        assert!(!hkid_valid("A123456(4)"));
        assert_eq!(kinds("IBAN GB82 WEST 1234 5698 7654 32."), ["iban"]);
    }

    #[test]
    fn custom_patterns() {
        let s = Scanner::builder().custom_patterns(["project=PRJ-[0-9]{4}"]).build();
        let found = s.map(|s| s.scan("see PRJ-1234")).unwrap_or_default();
        assert_eq!(found.first().map(|f| f.kind.id()), Some("custom:project".to_owned()));
        assert!(matches!(
            Scanner::builder().custom_patterns(["nope"]).build(),
            Err(DlpError::Malformed { index: 1 })
        ));
        assert!(matches!(
            Scanner::builder().custom_patterns(["e=a*"]).build(),
            Err(DlpError::MatchesEmpty { .. })
        ));
        assert!(matches!(
            Scanner::builder().custom_patterns(["big=(?:a{1000}){1000}"]).build(),
            Err(DlpError::BadRegex { .. })
        ));
        let (lenient, errors) = Scanner::builder().custom_patterns(["x=(", "ok=SECRET"]).build_lenient();
        assert_eq!(errors.len(), 1);
        assert_eq!(lenient.scan("SECRET 4111111111111111").len(), 2);
    }

    #[test]
    fn describe_names_kinds_once() {
        let f = |kind| Finding { kind, start: 0, end: 1 };
        let text = describe(&[f(Kind::PaymentCard), f(Kind::Password), f(Kind::PaymentCard)]);
        assert_eq!(text, "a payment card number and a password");
        assert_eq!(summarize(&[f(Kind::PaymentCard), f(Kind::PaymentCard)])["payment_card"], 2);
    }
}
