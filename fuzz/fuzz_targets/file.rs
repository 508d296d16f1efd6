//! The file guard on any bytes: `NAME\nMIME\nCONTENT` (the declared name, the declared MIME
//! type or an empty line for none, and the file's bytes; missing parts are empty).
//!
//! Beyond "no panic": the verdict is the most severe reason's; the safe name is the one
//! `safe_name` gives, is stable (idempotent), non-empty, short and free of separators,
//! controls, invisible characters and Windows device names; a cleaned name says why;
//! executable content is always blocked; archive listings are capped.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use parley_guard::file::{
    FileRules, MAX_ARCHIVE_ENTRIES, MAX_NAME_BYTES, Severity, Verdict, detect, inspect_bytes, safe_name,
};

static RULES: LazyLock<FileRules> = LazyLock::new(FileRules::default);

fn split_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == b'\n') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &[]),
    }
}

fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end().to_ascii_lowercase();
    ["con", "prn", "aux", "nul", "conin$", "conout$", "clock$"].contains(&stem.as_str())
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.chars().count() == 4
            && stem.chars().last().is_some_and(|c| c.is_ascii_digit() || "¹²³".contains(c)))
}

fn check_name(declared: &str) {
    let safe = safe_name(declared);
    let name = safe.name.as_str();
    assert_eq!(safe_name(name).name, name, "not idempotent for {declared:?}");
    assert!(!name.is_empty() && name.len() <= MAX_NAME_BYTES, "{name:?}");
    assert!(!name.contains(['/', '\\', '\0', ':', '<', '>', '"', '|', '?', '*']), "{name:?}");
    assert!(
        !name.chars().any(|c| c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')),
        "{name:?}"
    );
    assert!(!name.starts_with('.') && !name.ends_with('.') && !name.ends_with(' '), "{name:?}");
    assert!(!is_windows_device(name), "{name:?} is a device name");
    assert_eq!(safe.changed, name != declared);
    assert!(!safe.changed || !safe.reasons.is_empty(), "{declared:?} changed silently");
}

fuzz_target!(|data: &[u8]| {
    let (name, rest) = split_line(data);
    let (mime, content) = split_line(rest);
    let name = String::from_utf8_lossy(name);
    let mime = String::from_utf8_lossy(mime);
    let mime = (!mime.is_empty()).then_some(&*mime);

    check_name(&name);
    let _ = detect(content);
    let report = inspect_bytes(content, &name, mime, &RULES);
    let expected = match report.reasons.iter().map(|r| r.severity).max() {
        None | Some(Severity::Info) => Verdict::Allow,
        Some(Severity::Warn) => Verdict::Warn,
        Some(Severity::Block) => Verdict::Block,
    };
    assert_eq!(report.verdict, expected);
    assert_eq!(report.safe_name, safe_name(&name).name);
    if let Some(entries) = &report.archive_entries {
        assert!(entries.len() <= MAX_ARCHIVE_ENTRIES);
    }
    if report.detected_type.as_ref().is_some_and(|t| t.executable) {
        assert_eq!(report.verdict, Verdict::Block, "executable content not blocked");
    }
});
