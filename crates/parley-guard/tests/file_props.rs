//! Property tests for the file guard: `safe_name` is idempotent and its output is always
//! safe to save, and inspection never panics and always explains its verdict.

use parley_guard::file::{FileRules, MAX_NAME_BYTES, Severity, Verdict, inspect_bytes, safe_name};
use proptest::prelude::*;

/// Names built from the pieces attacks use: separators, dots, spaces, bidi and zero-width
/// characters, controls, device names, decoy and dangerous extensions.
fn hostile_name() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "/", "\\", "..", ".", " ", "   ", "\u{3000}", "\u{202E}", "\u{200B}", "\u{FEFF}", "\u{2066}", "\0",
        "\n", "\t", "\u{7F}", "\u{85}", "\u{2028}", "CON", "nul", "COM1", "lpt9", "CONIN$", "AUX", ":", "*",
        "?", "<", "|", "\"", "invoice", "photo", "é", "日本", ".pdf", ".exe", ".jpg", ".scr", ".tar", ".gz",
        ".html", "gpj", "$", "¹",
    ]);
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

/// Any string, or a long one (to reach the length cap).
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), hostile_name(), "[a-zé. ]{150,400}", "[a-z]{1,300}\\.[a-z]{1,60}"]
}

fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end().to_ascii_lowercase();
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"].contains(&stem.as_str())
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.chars().count() == 4
            && stem.chars().last().is_some_and(|c| c.is_ascii_digit() || "¹²³".contains(c)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn safe_names_are_safe_and_stable(declared in any_name()) {
        let safe = safe_name(&declared);
        let name = safe.name.as_str();
        let again = safe_name(name);
        prop_assert_eq!(again.name.as_str(), name, "not idempotent for {:?}", declared);
        prop_assert!(!name.is_empty());
        prop_assert!(name.len() <= MAX_NAME_BYTES, "{} bytes", name.len());
        prop_assert!(!name.contains(['/', '\\', '\0', ':', '<', '>', '"', '|', '?', '*']), "{:?}", name);
        prop_assert!(!name.chars().any(|c| c.is_control() || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')), "{:?}", name);
        prop_assert!(!name.starts_with('.') && !name.ends_with('.') && !name.ends_with(' '), "{:?}", name);
        prop_assert!(!is_windows_device(name), "{:?} is a device name", name);
        prop_assert_eq!(safe.changed, name != declared);
        // A cleaned name explains itself.
        prop_assert!(!safe.changed || !safe.reasons.is_empty(), "{:?} changed silently", declared);
    }

    #[test]
    fn inspection_never_panics_and_explains(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        prefix in prop::sample::select(vec![&b""[..], b"PK\x03\x04", b"PK\x05\x06", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", b"MZ", b"\x7fELF", b"#!", b"<svg", b"%PDF-", b"\xCA\xFE\xBA\xBE"]),
        suffix in prop::sample::select(vec![&b""[..], b"PK\x05\x06\0\0\0\0\x01\0\x01\0\x30\0\0\0\0\0\0\0\0\0", b"PK\x06\x07"]),
        name in hostile_name(),
        mime in prop::option::of(prop::sample::select(vec!["image/png", "application/pdf", "text/plain", "application/zip", "application/octet-stream", "x/☃"])),
    ) {
        let content = [prefix, &bytes[..], suffix].concat();
        let report = inspect_bytes(&content, &name, mime, &FileRules::default());
        let max = report.reasons.iter().map(|r| r.severity).max();
        let expected = match max {
            None | Some(Severity::Info) => Verdict::Allow,
            Some(Severity::Warn) => Verdict::Warn,
            Some(Severity::Block) => Verdict::Block,
        };
        prop_assert_eq!(report.verdict, expected);
        prop_assert_eq!(report.safe_name, safe_name(&name).name);
        if let Some(entries) = &report.archive_entries {
            prop_assert!(entries.len() <= parley_guard::file::MAX_ARCHIVE_ENTRIES);
        }
        // Executable content is never allowed, whatever the name.
        if report.detected_type.as_ref().is_some_and(|t| t.executable) {
            prop_assert_eq!(report.verdict, Verdict::Block);
        }
    }
}
