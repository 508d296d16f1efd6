//! Outgoing DLP on any text, with the built-in detectors and, when the first line is
//! `#patterns NAME=REGEX;NAME=REGEX…`, the organisation's own patterns (compiled leniently,
//! as `DlpCustomPatterns` are).
//!
//! Beyond "no panic": findings lie inside the text on character boundaries, are sorted by
//! position, never overlap another of the same kind, and each validated kind holds up
//! (a card passes Luhn, an IBAN mod-97, an HKID its check digit).

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use parley_guard::dlp::{Kind, Scanner, describe, hkid_valid, iban_mod97, luhn_valid, summarize};

static BUILT_IN: LazyLock<Scanner> =
    LazyLock::new(|| Scanner::builder().build().expect("built-in detectors"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let custom;
    let scanner = match text.strip_prefix("#patterns ").and_then(|rest| rest.split_once('\n')) {
        Some((patterns, _)) => {
            custom = Scanner::builder().custom_patterns(patterns.split(';')).build_lenient().0;
            &custom
        }
        None => &*BUILT_IN,
    };
    let findings = scanner.scan(text);
    for (i, f) in findings.iter().enumerate() {
        assert!(f.start < f.end && f.end <= text.len(), "{f:?}");
        let found = text.get(f.start..f.end).expect("finding on char boundaries");
        let digits: String = found.chars().filter(char::is_ascii_digit).collect();
        match &f.kind {
            Kind::PaymentCard => assert!(luhn_valid(&digits), "card {found:?} fails Luhn"),
            Kind::Iban => {
                let compact: String =
                    found.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
                assert!(iban_mod97(&compact), "IBAN {found:?} fails mod-97");
            }
            Kind::Hkid => assert!(hkid_valid(found), "HKID {found:?} fails its check digit"),
            _ => {}
        }
        if let Some(next) = findings.get(i + 1) {
            assert!(next.start >= f.start, "findings not sorted");
        }
        for other in &findings[i + 1..] {
            if other.kind == f.kind {
                assert!(other.start >= f.end || other.end <= f.start, "{f:?} overlaps {other:?}");
            }
        }
    }
    let _ = (summarize(&findings), describe(&findings));
});
