//! Problems found while reading policy: reported, never fatal.

use std::fmt;

/// What kind of problem a [`Problem`] is; stable strings for tools (`code` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// The file or registry key could not be read.
    Unreadable,
    /// The file is not a regular file.
    NotAFile,
    /// The file is not owned by the expected owner (root).
    InsecureOwner,
    /// The file or its folder is writable by other users.
    InsecurePermissions,
    /// The file is larger than the 1 MiB cap.
    TooLarge,
    /// The file is empty.
    Empty,
    /// The file is not UTF-8 (UTF-16, a byte-order mark, or invalid bytes).
    Encoding,
    /// The file does not parse.
    Syntax,
    /// The file nests deeper than the cap.
    TooDeep,
    /// The top level is not an object / dictionary.
    NotAnObject,
    /// A key is not a Parley policy key.
    UnknownKey,
    /// A key appears twice in one file.
    DuplicateKey,
    /// A value has the wrong type.
    WrongType,
    /// A number or list is outside its allowed range.
    OutOfRange,
    /// A value has the right type but is not allowed.
    InvalidValue,
    /// Two sources at the same level set different values; the last in name order wins.
    Conflict,
    /// Too many policy files in one folder; the rest were ignored.
    TooManyFiles,
}

impl ProblemCode {
    /// The kebab-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unreadable => "unreadable",
            Self::NotAFile => "not-a-file",
            Self::InsecureOwner => "insecure-owner",
            Self::InsecurePermissions => "insecure-permissions",
            Self::TooLarge => "too-large",
            Self::Empty => "empty",
            Self::Encoding => "encoding",
            Self::Syntax => "syntax",
            Self::TooDeep => "too-deep",
            Self::NotAnObject => "not-an-object",
            Self::UnknownKey => "unknown-key",
            Self::DuplicateKey => "duplicate-key",
            Self::WrongType => "wrong-type",
            Self::OutOfRange => "out-of-range",
            Self::InvalidValue => "invalid-value",
            Self::Conflict => "conflict",
            Self::TooManyFiles => "too-many-files",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in the policy sources: which source, which key, why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The file path or registry key the problem is in.
    pub source: String,
    /// The policy key concerned, when there is one.
    pub key: Option<String>,
    /// The kind of problem.
    pub code: ProblemCode,
    /// A plain sentence saying what is wrong and what happens instead.
    pub message: String,
}

impl Problem {
    /// A problem with a whole source (no key).
    pub fn source(source: impl Into<String>, code: ProblemCode, message: impl Into<String>) -> Self {
        Self { source: source.into(), key: None, code, message: message.into() }
    }

    /// A problem with one key of a source.
    pub fn key(
        source: impl Into<String>,
        key: impl Into<String>,
        code: ProblemCode,
        message: impl Into<String>,
    ) -> Self {
        Self { source: source.into(), key: Some(key.into()), code, message: message.into() }
    }
}

impl fmt::Display for Problem {
    /// `SOURCE: KEY: MESSAGE [code]`, with `-` for a missing key: one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message.replace(['\n', '\r'], " ");
        write!(f, "{}: {}: {} [{}]", self.source, self.key.as_deref().unwrap_or("-"), message, self.code)
    }
}
