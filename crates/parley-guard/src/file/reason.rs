//! Why a file was flagged: a stable code, a severity and one plain sentence.

use serde::Serialize;

use crate::reason_codes::reason_codes;

/// How much a reason weighs on the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing (the name was tidied, an archive could not be listed); the file is
    /// still allowed.
    Info,
    /// The user may open the file after acknowledging the reason.
    Warn,
    /// The file is never released from quarantine.
    Block,
}

reason_codes! {
    /// The code as it appears in JSON (`dangerous_extension`, …).
    fn as_str(self) -> &'static str;
    /// How much this signal usually weighs; a few reasons carry another severity
    /// when policy or the danger list says so (see [`Reason::severity`]).
    fn severity(self) -> Severity;

    /// The name was empty (or nothing was left after cleaning); the file is called `file`.
    EmptyName = "empty_name", Info;
    /// Bidi controls, zero-width or other invisible characters in the name (removed).
    InvisibleCharacters = "invisible_characters", Warn;
    /// NUL, tabs, line breaks or other control characters in the name (removed).
    ControlCharacters = "control_characters", Warn;
    /// `/`, `\` or `..` in the name: an attempt to write outside the download folder.
    PathSeparators = "path_separators", Warn;
    /// `< > : " | ? *`, which Windows forbids (`:` also opens hidden data streams).
    ReservedCharacters = "reserved_characters", Info;
    /// A Windows device name (`CON`, `NUL`, `COM1`, `LPT9`, …), renamed with a leading `_`.
    ReservedName = "reserved_name", Info;
    /// Dots or spaces at the start or end of the name, which Windows drops silently.
    TrailingDotsSpaces = "trailing_dots_spaces", Info;
    /// A leading dot, which hides the file on macOS and Linux.
    LeadingDots = "leading_dots", Info;
    /// A long run of spaces, used to push the real extension out of sight.
    WhitespacePadding = "whitespace_padding", Warn;
    /// Longer than 200 bytes; shortened, keeping the extension.
    NameTooLong = "name_too_long", Info;
    /// A harmless-looking extension followed by a risky one (`invoice.pdf.exe`).
    DoubleExtension = "double_extension", Warn;
    /// The extension is on the danger list (programs, scripts, installers, shortcuts, disk
    /// images, …); `warn` when the organisation's list lets it through.
    DangerousExtension = "dangerous_extension", Block;
    /// The organisation blocks this extension (`BlockedFileExtensions`).
    BlockedByPolicy = "blocked_by_policy", Block;
    /// The organisation only allows some extensions (`AllowedFileExtensions`), not this one.
    NotOnAllowList = "not_on_allow_list", Block;
    /// An HTML page or SVG drawing: runs script when opened in a browser; `block` for the
    /// types the danger list blocks (SVG).
    HtmlOrSvg = "html_or_svg", Warn;
    /// A document format that runs macros, or a document whose content holds macros.
    MacroDocument = "macro_document", Block;
    /// The content is a program, script or shortcut, but the name or declared type says
    /// otherwise.
    ExecutableDisguised = "executable_disguised", Block;
    /// The content is of another kind than the extension says.
    TypeMismatch = "type_mismatch", Warn;
    /// The content (or name) is of another kind than the sender's declared MIME type.
    DeclaredMimeMismatch = "declared_mime_mismatch", Warn;
    /// A zip holds a file that would be blocked on its own.
    ArchiveDangerousEntry = "archive_dangerous_entry", Block;
    /// A zip holds a file whose name is deceptive or risky.
    ArchiveSuspiciousEntry = "archive_suspicious_entry", Warn;
    /// A zip entry would be written outside the folder it is extracted to (`../`, absolute
    /// paths, symbolic links).
    ArchivePathTraversal = "archive_path_traversal", Block;
    /// A zip holds another archive, which Parley does not open.
    ArchiveNested = "archive_nested", Warn;
    /// A zip that is encrypted, corrupt or too large to list completely.
    ArchiveUnreadable = "archive_unreadable", Warn;
    /// An archive format Parley cannot list (7z, rar, tar, …); only the antivirus sees inside.
    ArchiveNotInspected = "archive_not_inspected", Info;
    /// A zip hidden after the content of another file type (a polyglot).
    AppendedArchive = "appended_archive", Warn;
}

/// One signal against a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Stable identifier.
    pub code: ReasonCode,
    /// `info`, `warn` or `block`; usually the code's own severity.
    pub severity: Severity,
    /// One plain sentence for the user. Never contains the file name itself, so it cannot
    /// carry a bidi or look-alike trick; extensions appear in ASCII only.
    pub message: String,
    /// Where the signal came from, for admins and the audit log (the source list, the
    /// offending archive entries, the detected type); escaped, never raw input.
    pub detail: Option<String>,
}

impl Reason {
    /// A reason with its code's severity and no detail.
    pub fn new(code: ReasonCode, message: impl Into<String>) -> Self {
        Self { code, severity: code.severity(), message: message.into(), detail: None }
    }

    /// The same reason with `detail`.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The same reason with another severity (policy or the danger list decided).
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_order() {
        assert!(Severity::Info < Severity::Warn && Severity::Warn < Severity::Block);
        assert_eq!(ReasonCode::ExecutableDisguised.severity(), Severity::Block);
        assert_eq!(ReasonCode::TypeMismatch.severity(), Severity::Warn);
        let reason = Reason::new(ReasonCode::HtmlOrSvg, "x").with_severity(Severity::Block);
        assert_eq!(reason.severity, Severity::Block);
    }
}
