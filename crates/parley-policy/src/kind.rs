//! The value kinds of policy keys and their validation.
//!
//! A [`Kind`] is both the validator (every source's value goes through
//! [`Kind::validate`] before it reaches a [`crate::Policy`] field) and the description
//! the template generators turn into JSON Schema, ADMX elements and documentation.

use serde_json::Value;

use crate::problem::ProblemCode;

/// Longest string accepted in any policy value, in bytes.
pub const MAX_STRING_LEN: usize = 2048;
/// Most items accepted in any list-valued key.
pub const MAX_LIST_ITEMS: usize = 1000;
/// Compiled-size limit for regex-valued keys, so a pattern cannot exhaust memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Link schemes that are never allowed, whatever a policy says.
pub const FORBIDDEN_SCHEMES: &[&str] = &["javascript", "vbscript", "data", "file", "blob"];

/// The type of a policy key's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// `true` / `false` (registry: `REG_DWORD` 1 / 0).
    Bool,
    /// A whole number in `min..=max` (registry: `REG_DWORD`).
    Int {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// A string in the given format (registry: `REG_SZ`).
    Str(StrFormat),
    /// One of a fixed set of strings (registry: `REG_SZ`).
    Enum(&'static [EnumVariant]),
    /// A list (registry: a subkey named after the key, values `1`, `2`, … of type `REG_SZ`).
    List(Item),
}

/// The type of one list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Item {
    /// A string in the given format.
    Str(StrFormat),
    /// One of a fixed set of strings.
    Enum(&'static [EnumVariant]),
}

/// One allowed value of an enumerated key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumVariant {
    /// The value as written in policy files (kebab-case).
    pub value: &'static str,
    /// What it means, in one sentence.
    pub doc: &'static str,
}

/// What a string value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StrFormat {
    /// An `https://` or `http://` URL with a host.
    HttpUrl,
    /// An `https://` URL with a host (no plain http: what it points at must not be altered on the way).
    HttpsUrl,
    /// A Matrix server name: a host name, optionally with `:port`.
    ServerName,
    /// A host name or domain (`example.org`); subdomains match too.
    Domain,
    /// A URL scheme such as `https`; `javascript`, `vbscript`, `data`, `file`, `blob` are refused.
    Scheme,
    /// A file extension without the leading dot (`exe`, `tar.gz`).
    FileExtension,
    /// `unix:PATH`, `tcp:HOST:PORT` or `icap://HOST:PORT/SERVICE`.
    ScannerAddress,
    /// `name=regex`.
    NamedPattern,
    /// A regular expression.
    Pattern,
}

/// Why a value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The kind of problem.
    pub code: ProblemCode,
    /// A plain sentence for the administrator.
    pub reason: String,
}

impl Invalid {
    fn new(code: ProblemCode, reason: impl Into<String>) -> Self {
        Self { code, reason: reason.into() }
    }
}

/// Describes a JSON value's type for messages ("a string", "a list", …).
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

impl Kind {
    /// Checks `value` against this kind; `Ok` carries the value to apply.
    pub fn validate(&self, value: &Value) -> Result<Value, Invalid> {
        if let Some(reason) = crate::formats::invalid_reason(value) {
            return Err(Invalid::new(ProblemCode::InvalidValue, reason));
        }
        match *self {
            Self::Bool => match value {
                Value::Bool(_) => Ok(value.clone()),
                other => Err(Invalid::new(
                    ProblemCode::WrongType,
                    format!("expected true or false, found {}", describe(other)),
                )),
            },
            Self::Int { min, max } => {
                let Some(number) = value.as_number() else {
                    return Err(Invalid::new(
                        ProblemCode::WrongType,
                        format!("expected a whole number, found {}", describe(value)),
                    ));
                };
                match number.as_i64() {
                    Some(n) if (min..=max).contains(&n) => Ok(value.clone()),
                    Some(n) => Err(Invalid::new(
                        ProblemCode::OutOfRange,
                        format!("{n} is out of range; allowed: {min} to {max}"),
                    )),
                    None if number.is_f64() && number.as_f64().is_some_and(|f| f.fract() != 0.0) => {
                        Err(Invalid::new(
                            ProblemCode::WrongType,
                            format!("expected a whole number, found {number}"),
                        ))
                    }
                    None => Err(Invalid::new(
                        ProblemCode::OutOfRange,
                        format!("{number} is out of range; allowed: {min} to {max}"),
                    )),
                }
            }
            Self::Str(format) => {
                let s = expect_str(value)?;
                format.check(s)?;
                Ok(value.clone())
            }
            Self::Enum(variants) => {
                let s = expect_str(value)?;
                check_enum(variants, s)?;
                Ok(value.clone())
            }
            Self::List(item) => {
                let Value::Array(items) = value else {
                    return Err(Invalid::new(
                        ProblemCode::WrongType,
                        format!("expected a list of strings, found {}", describe(value)),
                    ));
                };
                if items.len() > MAX_LIST_ITEMS {
                    return Err(Invalid::new(
                        ProblemCode::OutOfRange,
                        format!("{} items; at most {MAX_LIST_ITEMS} are allowed", items.len()),
                    ));
                }
                for (index, entry) in items.iter().enumerate() {
                    let checked = expect_str(entry).and_then(|s| match item {
                        Item::Str(format) => format.check(s),
                        Item::Enum(variants) => check_enum(variants, s),
                    });
                    if let Err(e) = checked {
                        return Err(Invalid::new(e.code, format!("item {}: {}", index + 1, e.reason)));
                    }
                }
                Ok(value.clone())
            }
        }
    }

    /// A short name of the type for documentation ("bool", "list of URLs", …).
    pub fn type_name(&self) -> String {
        match self {
            Self::Bool => "bool".into(),
            Self::Int { min, max } => format!("integer ({min}–{max})"),
            Self::Str(f) => f.name().into(),
            Self::Enum(v) => one_of(v),
            Self::List(Item::Str(f)) => format!("list of {}", f.plural()),
            Self::List(Item::Enum(v)) => format!("list of {}", one_of(v)),
        }
    }
}

fn one_of(variants: &[EnumVariant]) -> String {
    variants.iter().map(|v| format!("`{}`", v.value)).collect::<Vec<_>>().join(" \\| ")
}

fn expect_str(value: &Value) -> Result<&str, Invalid> {
    let Value::String(s) = value else {
        return Err(Invalid::new(
            ProblemCode::WrongType,
            format!("expected a string, found {}", describe(value)),
        ));
    };
    if s.len() > MAX_STRING_LEN {
        return Err(Invalid::new(
            ProblemCode::OutOfRange,
            format!("string of {} bytes; at most {MAX_STRING_LEN} are allowed", s.len()),
        ));
    }
    Ok(s)
}

fn check_enum(variants: &[EnumVariant], s: &str) -> Result<(), Invalid> {
    if variants.iter().any(|v| v.value == s) {
        Ok(())
    } else {
        let allowed: Vec<_> = variants.iter().map(|v| v.value).collect();
        Err(Invalid::new(ProblemCode::InvalidValue, format!("\"{s}\" is not one of: {}", allowed.join(", "))))
    }
}

impl StrFormat {
    /// A short name for documentation.
    pub const fn name(self) -> &'static str {
        match self {
            Self::HttpUrl => "URL",
            Self::HttpsUrl => "https URL",
            Self::ServerName => "server name",
            Self::Domain => "domain",
            Self::Scheme => "URL scheme",
            Self::FileExtension => "file extension",
            Self::ScannerAddress => "`unix:PATH` \\| `tcp:HOST:PORT` \\| `icap://HOST:PORT/SERVICE`",
            Self::NamedPattern => "`name=regex`",
            Self::Pattern => "regular expression",
        }
    }

    const fn plural(self) -> &'static str {
        match self {
            Self::HttpUrl => "URLs",
            Self::HttpsUrl => "https URLs",
            Self::ServerName => "server names",
            Self::Domain => "domains",
            Self::Scheme => "URL schemes",
            Self::FileExtension => "file extensions",
            Self::ScannerAddress => "scanner addresses",
            Self::NamedPattern => "`name=regex`",
            Self::Pattern => "regular expressions",
        }
    }

    /// A regular expression for the JSON Schema (a coarse pre-check; [`StrFormat::check`] is authoritative).
    pub const fn schema_pattern(self) -> Option<&'static str> {
        match self {
            Self::HttpUrl => Some("^https?://[^\\s/?#]+"),
            Self::HttpsUrl => Some("^https://[^\\s/?#]+"),
            Self::ServerName => Some("^[A-Za-z0-9.\\-\\[\\]:]+$"),
            Self::Domain => Some("^[A-Za-z0-9.\\-]+$"),
            Self::Scheme => Some("^[A-Za-z][A-Za-z0-9+.\\-]*$"),
            Self::FileExtension => Some("^[A-Za-z0-9][A-Za-z0-9._\\-]*$"),
            Self::ScannerAddress => Some("^(unix:/.+|tcp:.+:[0-9]+|icap://.+)$"),
            Self::NamedPattern => Some("^[A-Za-z0-9_\\-]+=.+$"),
            Self::Pattern => None,
        }
    }

    /// Checks `s`; the reason names what was expected.
    pub fn check(self, s: &str) -> Result<(), Invalid> {
        let bad = |why: &str| Err(Invalid::new(ProblemCode::InvalidValue, format!("\"{s}\" {why}")));
        match self {
            Self::HttpUrl => match split_url(s) {
                Some((scheme, host, _)) if matches!(scheme, "https" | "http") && is_host(host, true) => {
                    Ok(())
                }
                _ => bad("is not an https:// or http:// URL with a host"),
            },
            Self::HttpsUrl => match split_url(s) {
                Some(("https", host, _)) if is_host(host, true) => Ok(()),
                _ => bad("is not an https:// URL with a host"),
            },
            Self::ServerName => {
                if is_host(s, true) {
                    Ok(())
                } else {
                    bad("is not a server name (host name with an optional :port)")
                }
            }
            Self::Domain => {
                if is_host(s, false) {
                    Ok(())
                } else {
                    bad("is not a domain name")
                }
            }
            Self::Scheme => {
                let lower = s.to_ascii_lowercase();
                if FORBIDDEN_SCHEMES.contains(&lower.as_str()) {
                    return bad("is a dangerous scheme and can never be allowed");
                }
                let mut chars = s.chars();
                let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                    && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
                if ok { Ok(()) } else { bad("is not a URL scheme (write it without \"://\")") }
            }
            Self::FileExtension => {
                let ok = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
                if ok { Ok(()) } else { bad("is not a file extension (write it without the leading dot)") }
            }
            Self::ScannerAddress => {
                let ok = if let Some(path) = s.strip_prefix("unix:") {
                    path.starts_with('/') && path.len() > 1
                } else if let Some(rest) = s.strip_prefix("tcp:") {
                    rest.rsplit_once(':').is_some_and(|(host, port)| is_host(host, false) && is_port(port))
                } else if s.starts_with("icap://") {
                    split_url(s).is_some_and(|(_, host, path)| {
                        is_host(host, true) && host.contains(':') && path.len() > 1
                    })
                } else {
                    false
                };
                if ok { Ok(()) } else { bad("is not unix:PATH, tcp:HOST:PORT or icap://HOST:PORT/SERVICE") }
            }
            Self::NamedPattern => {
                let Some((name, pattern)) = s.split_once('=') else {
                    return bad("is not name=regex");
                };
                if name.is_empty()
                    || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                {
                    return bad("has a name that is not letters, digits, '_' or '-'");
                }
                check_regex(s, pattern)
            }
            Self::Pattern => check_regex(s, s),
        }
    }
}

fn check_regex(whole: &str, pattern: &str) -> Result<(), Invalid> {
    match regex::RegexBuilder::new(pattern).size_limit(REGEX_SIZE_LIMIT).build() {
        Ok(_) => Ok(()),
        Err(e) => Err(Invalid::new(
            ProblemCode::InvalidValue,
            format!(
                "\"{whole}\" is not a valid regular expression: {}",
                e.to_string().lines().last().unwrap_or("")
            ),
        )),
    }
}

/// Splits `scheme://authority/path` into its parts (no userinfo allowed).
fn split_url(s: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = s.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    if host.contains('@') || s.chars().any(char::is_whitespace) {
        return None;
    }
    Some((scheme, host, path))
}

fn is_port(s: &str) -> bool {
    !s.is_empty() && s.len() <= 5 && s.parse::<u16>().is_ok_and(|p| p > 0)
}

/// A DNS host name (or IPv4 address), optionally with `:port` when `port_ok`.
fn is_host(s: &str, port_ok: bool) -> bool {
    let host = match s.rsplit_once(':') {
        Some((host, port)) if port_ok => {
            if !is_port(port) {
                return false;
            }
            host
        }
        Some(_) => return false,
        None => s,
    };
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_accept_and_refuse() {
        let good = [
            (StrFormat::HttpUrl, "https://matrix.example.org"),
            (StrFormat::HttpUrl, "http://localhost:8008/"),
            (StrFormat::HttpsUrl, "https://updates.example.org/parley/latest.json"),
            (StrFormat::ServerName, "example.org:8448"),
            (StrFormat::Domain, "example.org"),
            (StrFormat::Scheme, "mailto"),
            (StrFormat::FileExtension, "tar.gz"),
            (StrFormat::ScannerAddress, "unix:/run/clamav/clamd.ctl"),
            (StrFormat::ScannerAddress, "tcp:scanner.example.org:3310"),
            (StrFormat::ScannerAddress, "icap://scanner:1344/avscan"),
            (StrFormat::NamedPattern, "staff-id=S\\d{6}"),
            (StrFormat::Pattern, "(?i)casino"),
        ];
        for (format, s) in good {
            assert!(format.check(s).is_ok(), "{format:?} should accept {s}");
        }
        let bad = [
            (StrFormat::HttpUrl, "ftp://example.org"),
            (StrFormat::HttpUrl, "https://user@example.org"),
            (StrFormat::HttpUrl, "example.org"),
            (StrFormat::HttpsUrl, "http://updates.example.org/latest.json"),
            (StrFormat::HttpsUrl, "https://user@updates.example.org/latest.json"),
            (StrFormat::ServerName, "exa mple.org"),
            (StrFormat::Domain, "example.org:443"),
            (StrFormat::Scheme, "javascript"),
            (StrFormat::Scheme, "https://"),
            (StrFormat::FileExtension, ".exe"),
            (StrFormat::ScannerAddress, "unix:relative"),
            (StrFormat::ScannerAddress, "tcp:host"),
            (StrFormat::ScannerAddress, "icap://host/avscan"),
            (StrFormat::NamedPattern, "no-equals"),
            (StrFormat::NamedPattern, "x=("),
            (StrFormat::Pattern, "a{99999999}"),
        ];
        for (format, s) in bad {
            assert!(format.check(s).is_err(), "{format:?} should refuse {s}");
        }
    }

    #[test]
    fn ints_are_range_checked_and_whole() {
        let kind = Kind::Int { min: 1, max: 10 };
        assert!(kind.validate(&serde_json::json!(5)).is_ok());
        assert_eq!(kind.validate(&serde_json::json!(0)).err().map(|e| e.code), Some(ProblemCode::OutOfRange));
        assert_eq!(
            kind.validate(&serde_json::json!(2.5)).err().map(|e| e.code),
            Some(ProblemCode::WrongType)
        );
        assert_eq!(
            kind.validate(&serde_json::json!(1e300)).err().map(|e| e.code),
            Some(ProblemCode::OutOfRange)
        );
        assert_eq!(
            kind.validate(&serde_json::json!("5")).err().map(|e| e.code),
            Some(ProblemCode::WrongType)
        );
    }
}
