//! File names: turn whatever the sender declared into a name that is safe to save and
//! honest to show.
//!
//! The sender chooses the name, so it is hostile input: bidi overrides that reverse the
//! extension on screen (`photo\u{202E}gpj.exe` shows as `photoexe.jpg`), zero-width and
//! control characters, `../` to escape the download folder, Windows device names that hang
//! programs (`CON`, `NUL`), trailing dots that Windows drops to reveal `.exe`, and long
//! runs of spaces that push the real extension out of sight. [`safe_name`] removes or
//! neutralises each one, reports it, and keeps the real extension last and visible.

use serde::Serialize;

use super::lists::{self, Decision, Family};
use super::reason::{Reason, ReasonCode};
use crate::chars::is_invisible;

/// Longest safe name, in bytes (most file systems allow 255; the rest is headroom for a
/// quarantine suffix or a `(2)` on collision).
pub const MAX_NAME_BYTES: usize = 200;
/// Longest extension kept when a long name is shortened.
const MAX_EXTENSION_BYTES: usize = 32;
/// A run of this many spaces or more is padding meant to hide what follows.
const PADDING_RUN: usize = 4;
/// The name used when nothing is left.
pub const FALLBACK_NAME: &str = "file";

/// A cleaned file name and why it differs from the declared one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SafeName {
    /// The name to save and show: never empty, at most [`MAX_NAME_BYTES`] bytes, no path
    /// separators, control, bidi or invisible characters, not a Windows device name, no
    /// leading dot, no trailing dot or space.
    pub name: String,
    /// Whether `name` differs from the declared name.
    pub changed: bool,
    /// One reason per problem found (also for a double extension, which is not changed).
    pub reasons: Vec<Reason>,
}

/// Cleans `declared` into a safe name; see [`SafeName`] for the guarantees.
///
/// ```
/// use parley_guard::file::{ReasonCode, safe_name};
///
/// let rtlo = safe_name("photo\u{202E}gpj.exe");
/// assert_eq!(rtlo.name, "photogpj.exe");
/// assert!(rtlo.reasons.iter().any(|r| r.code == ReasonCode::InvisibleCharacters));
/// assert_eq!(safe_name("../../etc/passwd").name, "passwd");
/// assert_eq!(safe_name("nul.txt").name, "_nul.txt");
/// let double = safe_name("invoice.pdf.exe");
/// assert!(!double.changed && double.reasons.iter().any(|r| r.code == ReasonCode::DoubleExtension));
/// ```
pub fn safe_name(declared: &str) -> SafeName {
    let mut reasons = Vec::new();

    // Characters nobody can see or type in a name.
    let mut invisible = false;
    let mut control = false;
    let visible: String = declared
        .chars()
        .filter(|&c| {
            let hidden = is_invisible(c);
            let ctrl = is_control(c);
            invisible |= hidden;
            control |= ctrl;
            !hidden && !ctrl
        })
        .collect();
    if invisible {
        reasons.push(Reason::new(
            ReasonCode::InvisibleCharacters,
            "The name contained invisible characters that can reverse or hide its real extension; they were removed.",
        ));
    }
    if control {
        reasons.push(Reason::new(
            ReasonCode::ControlCharacters,
            "The name contained control characters (such as NUL or line breaks); they were removed.",
        ));
    }

    // Only the last path component; `..` anywhere is an escape attempt too.
    let base = visible.rsplit(['/', '\\']).next().unwrap_or_default();
    let traversal = visible.split(['/', '\\']).any(|part| part.trim() == "..");
    if base.len() != visible.len() || traversal {
        reasons.push(Reason::new(
            ReasonCode::PathSeparators,
            "The name contained folder paths (such as \"../\") that could save the file somewhere else; only the file name was kept.",
        ));
    }

    let mut name: String = base.chars().map(|c| if is_reserved_char(c) { '_' } else { c }).collect();
    if name != base {
        reasons.push(Reason::new(
            ReasonCode::ReservedCharacters,
            "The name contained characters Windows does not allow (< > : \" | ? *); they were replaced with \"_\".",
        ));
    }

    let (collapsed, padded) = collapse_padding(&name);
    if padded {
        reasons.push(Reason::new(
            ReasonCode::WhitespacePadding,
            "The name contained a long run of spaces, which can push the real file type out of sight.",
        ));
        name = collapsed;
    }

    let dot_or_space = |c: char| c == '.' || c.is_whitespace();
    let rest = name.trim_start_matches(dot_or_space);
    let leading = &name[..name.len() - rest.len()];
    let trimmed = rest.trim_end_matches(dot_or_space);
    if leading.contains('.') {
        reasons.push(Reason::new(
            ReasonCode::LeadingDots,
            "The name started with a dot, which hides the file on macOS and Linux; the dot was removed.",
        ));
    }
    if leading.chars().any(char::is_whitespace) || trimmed.len() != rest.len() {
        reasons.push(Reason::new(
            ReasonCode::TrailingDotsSpaces,
            "The name had dots or spaces at its start or end, which Windows drops silently; they were removed.",
        ));
    }
    if trimmed.len() != name.len() {
        name = String::from(trimmed);
    }

    if name.is_empty() {
        reasons.push(Reason::new(
            ReasonCode::EmptyName,
            "The file had no usable name, so it is called \"file\".",
        ));
        FALLBACK_NAME.clone_into(&mut name);
    }

    if is_reserved_name(&name) {
        reasons.push(Reason::new(
            ReasonCode::ReservedName,
            "The name is reserved for a device on Windows (such as CON or NUL), so \"_\" was added in front.",
        ));
        name.insert(0, '_');
    }

    if name.len() > MAX_NAME_BYTES {
        reasons.push(Reason::new(
            ReasonCode::NameTooLong,
            "The name was too long and was shortened; its extension was kept.",
        ));
        name = shorten(&name);
    }

    if let Some(reason) = double_extension(&name) {
        reasons.push(reason);
    }

    SafeName { changed: name != declared, name, reasons }
}

/// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
pub fn is_control(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

fn is_reserved_char(c: char) -> bool {
    matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')
}

/// Whether Windows treats `name` as a device, whatever its extension (`nul.txt`,
/// `COM1.jpg`, `con .tar.gz`).
pub fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end_matches(|c: char| c.is_whitespace());
    let stem = stem.to_ascii_lowercase();
    if matches!(stem.as_str(), "con" | "prn" | "aux" | "nul" | "conin$" | "conout$" | "clock$") {
        return true;
    }
    let Some(rest) = stem.strip_prefix("com").or_else(|| stem.strip_prefix("lpt")) else { return false };
    let mut chars = rest.chars();
    matches!((chars.next(), chars.next()), (Some('0'..='9' | '¹' | '²' | '³'), None))
}

/// Collapses runs of [`PADDING_RUN`] or more whitespace characters into one space.
fn collapse_padding(name: &str) -> (String, bool) {
    let mut out = String::with_capacity(name.len());
    let mut run = String::new();
    let mut padded = false;
    for c in name.chars().chain(std::iter::once('\0')) {
        if c.is_whitespace() {
            run.push(c);
            continue;
        }
        if run.chars().count() >= PADDING_RUN {
            out.push(' ');
            padded = true;
        } else {
            out.push_str(&run);
        }
        run.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    (out, padded)
}

/// Shortens a name to [`MAX_NAME_BYTES`], keeping a sensible extension.
fn shorten(name: &str) -> String {
    let cut = |s: &str, max: usize| -> String {
        let mut end = max.min(s.len());
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s[..end].trim_end_matches(|c: char| c == '.' || c.is_whitespace()).to_owned()
    };
    if let Some((stem, ext)) = name.rsplit_once('.')
        && !ext.is_empty()
        && ext.len() <= MAX_EXTENSION_BYTES
    {
        let stem = cut(stem, MAX_NAME_BYTES - 1 - ext.len());
        if !stem.is_empty() {
            return format!("{stem}.{ext}");
        }
    }
    let whole = cut(name, MAX_NAME_BYTES);
    if whole.is_empty() { FALLBACK_NAME.to_owned() } else { whole }
}

/// The last extension of `name`, lower case (`None` without a dot).
pub fn extension_of(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_lowercase())
}

/// `invoice.pdf.exe`: a decoy extension of an everyday type, then one that runs code or is
/// otherwise risky.
fn double_extension(name: &str) -> Option<Reason> {
    let mut parts = name.rsplit('.');
    let last = parts.next()?.to_lowercase();
    let decoy = parts.next()?.trim().to_lowercase();
    parts.next()?; // a stem before the decoy
    let risky = lists::danger(&last).is_some_and(|e| matches!(e.decision, Decision::Block | Decision::Warn));
    let decoy_family = lists::family_of_extension(&decoy)?;
    if !risky
        || decoy == last
        || matches!(decoy_family, Family::Executable | Family::Script | Family::Shortcut)
    {
        return None;
    }
    Some(
        Reason::new(
            ReasonCode::DoubleExtension,
            format!(
                "The name looks like it ends in .{}, but the file is really a .{} file.",
                ascii_only(&decoy),
                ascii_only(&last)
            ),
        )
        .with_detail(format!("decoy .{}, real .{}", ascii_only(&decoy), ascii_only(&last))),
    )
}

/// Letters, digits and `-` only, at most 32: safe to put in a message.
pub fn ascii_only(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(32).collect()
}

/// `name` with every invisible or control character written as `\u{…}`, at most 300
/// characters: safe to show in a list (archive entries) without cleaning it.
pub fn escape_for_display(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().take(300) {
        if is_invisible(c) || is_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(name: &SafeName) -> Vec<&'static str> {
        name.reasons.iter().map(|r| r.code.as_str()).collect()
    }

    /// Asserts that each declared name (left) is cleaned into the expected one (right).
    fn assert_cleaned(cases: &[(&str, &str)]) {
        for &(declared, want) in cases {
            assert_eq!(safe_name(declared).name, want, "{declared:?}");
        }
    }

    #[test]
    fn clean_names_are_untouched() {
        for name in [
            "report.pdf",
            "Quarterly results 2024.xlsx",
            "日本語の資料.docx",
            "a",
            "archive.tar.gz",
            "v1.2.3.zip",
        ] {
            let safe = safe_name(name);
            assert_eq!(safe.name, name);
            assert!(!safe.changed && safe.reasons.is_empty(), "{name}: {:?}", codes(&safe));
        }
    }

    #[test]
    fn bidi_and_zero_width() {
        let safe = safe_name("photo\u{202E}gpj.exe");
        assert_eq!(safe.name, "photogpj.exe");
        assert!(safe.changed);
        assert_eq!(codes(&safe), ["invisible_characters"]);
        assert_eq!(safe_name("in\u{200B}voice\u{FEFF}.pdf").name, "invoice.pdf");
    }

    #[test]
    fn paths_and_traversal() {
        assert_cleaned(&[
            ("../../etc/passwd", "passwd"),
            ("..\\..\\x", "x"),
            ("/abs/path.txt", "path.txt"),
            ("C:\\Windows\\evil.dll", "evil.dll"),
            ("..", "file"),
            ("dir/", "file"),
        ]);
        assert_eq!(codes(&safe_name("..")), ["path_separators", "leading_dots", "empty_name"]);
    }

    #[test]
    fn windows_rules() {
        assert_cleaned(&[
            ("CON", "_CON"),
            ("nul.txt", "_nul.txt"),
            ("COM1.jpg", "_COM1.jpg"),
            ("lpt9", "_lpt9"),
            ("con .tar.gz", "_con .tar.gz"),
            ("console.txt", "console.txt"),
            ("COM10.txt", "COM10.txt"),
            ("evil.exe. . ", "evil.exe"),
            ("a:b.txt", "a_b.txt"),
            ("file.txt:evil.exe", "file.txt_evil.exe"),
        ]);
    }

    #[test]
    fn controls_and_hidden() {
        assert_cleaned(&[
            ("evil.exe\0.txt", "evil.exe.txt"),
            ("a\nb.txt", "ab.txt"),
            (".bashrc", "bashrc"),
            ("", "file"),
            ("   ", "file"),
        ]);
        assert_eq!(codes(&safe_name(".bashrc")), ["leading_dots"]);
    }

    #[test]
    fn double_extensions_and_padding() {
        assert_eq!(codes(&safe_name("invoice.pdf.exe")), ["double_extension"]);
        assert_eq!(codes(&safe_name("photo.JPG.scr")), ["double_extension"]);
        assert_eq!(codes(&safe_name("invoice.pdf.html")), ["double_extension"]);
        let padded = safe_name("invoice.pdf                          .exe");
        assert_eq!(padded.name, "invoice.pdf .exe");
        assert_eq!(codes(&padded), ["whitespace_padding", "double_extension"]);
        for fine in ["backup.tar.gz", "setup.v2.exe", "my.report.docx", "notes.txt.pdf", "a.pdf.zip"] {
            assert!(safe_name(fine).reasons.is_empty(), "{fine}");
        }
        assert_eq!(safe_name("two  spaces.txt").name, "two  spaces.txt");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "a".repeat(500));
        let safe = safe_name(&long);
        assert_eq!(safe.name.len(), MAX_NAME_BYTES);
        assert_eq!(extension_of(&safe.name).as_deref(), Some("pdf"));
        assert_eq!(codes(&safe), ["name_too_long"]);
        let multibyte = format!("{}.exe", "é".repeat(300));
        let safe = safe_name(&multibyte);
        assert!(safe.name.len() <= MAX_NAME_BYTES && extension_of(&safe.name).as_deref() == Some("exe"));
        let long_ext = format!("a.{}", "b".repeat(300));
        assert_eq!(safe_name(&long_ext).name.len(), MAX_NAME_BYTES);
        assert_eq!(safe_name(&format!("x{}.exe", ".".repeat(400))).name, "x.exe");
    }

    #[test]
    fn display_escaping() {
        assert_eq!(escape_for_display("a\u{202E}b\0"), "a\\u{202e}b\\u{0}");
        assert_eq!(ascii_only("pdf\u{202E}"), "pdf");
    }
}
