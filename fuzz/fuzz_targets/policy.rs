//! The policy parsers on any bytes, then the merge. The first byte picks the format:
//! `p` a macOS plist, `m` a `.mobileconfig` profile, `r` a Windows `.reg` export (each
//! followed by the file), anything else a Linux JSON policy file (the whole input).
//!
//! Beyond "no panic": a parsed JSON file has each key once; whatever the documents say,
//! a key is locked exactly when mandatory policy decided it, the user's own (loose)
//! settings never change a locked value, an invalid value keeps the hardened default, and
//! the effective policy agrees with its explanation.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use parley_policy::formats::{parse_json, parse_mobileconfig, parse_plist};
use parley_policy::sources::{macos::BUNDLE_ID, windows::parse_reg_export};
use parley_policy::{Entries, KEYS, Level, Loaded, Policy, PolicyDocument, PolicyLevel, Scope, resolve};
use serde_json::json;

/// A user who would loosen everything they can.
static LOOSE: LazyLock<Entries> = LazyLock::new(|| {
    [
        ("AutoAcceptFiles", json!(true)),
        ("RequireEncryption", json!(false)),
        ("DlpMode", json!("off")),
        ("LinksFromUnknownSenders", json!("warn")),
        ("LinksRequireConfirmation", json!(false)),
        ("AllowCalls", json!(true)),
        ("AllowCameraMicrophone", json!(true)),
        ("UrlPreviews", json!(true)),
        ("MediaAutoDisplay", json!("always")),
        ("SendReadReceipts", json!(true)),
        ("AllowedLinkSchemes", json!(["https", "http", "mailto", "ftp"])),
        ("MaxIncomingFileSizeMb", json!(4096)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
});

fn document(level: PolicyLevel, entries: Entries) -> PolicyDocument {
    PolicyDocument { source: "fuzz".into(), scope: Scope::Machine, level, entries }
}

fn check(loaded: &Loaded) {
    let strict = resolve(loaded, &Entries::new());
    let loose = resolve(loaded, &LOOSE);
    let defaults = Policy::hardened_default();
    for spec in KEYS {
        let key = spec.key;
        let (s, l) = (strict.explain(key), loose.explain(key));
        assert_eq!(s.locked, s.level == Level::Mandatory, "{key:?}");
        if s.locked {
            assert_eq!(l.value, s.value, "user settings changed locked {key:?}");
            assert!(l.locked, "{key:?} unlocked by user settings");
        }
        if s.source.contains("invalid value") {
            assert_eq!(s.value, defaults.get(key), "invalid {key:?} did not keep the default");
        }
        assert_eq!(strict.policy.get(key), s.value, "{key:?}: policy and explanation disagree");
        assert_eq!(loose.policy.get(key), l.value, "{key:?}: policy and explanation disagree");
    }
    let _ = strict.to_json().to_string();
}

fuzz_target!(|data: &[u8]| {
    let mut loaded = Loaded::default();
    match data.split_first() {
        Some((b'p', file)) => {
            if let Ok(parsed) = parse_plist(file) {
                loaded.documents.push(document(PolicyLevel::Mandatory, parsed.entries));
            }
        }
        Some((b'm', file)) => {
            if let Ok(payloads) = parse_mobileconfig(file, BUNDLE_ID) {
                for parsed in payloads {
                    loaded.documents.push(document(PolicyLevel::Mandatory, parsed.entries));
                }
            }
        }
        Some((b'r', file)) => {
            if let Ok(export) = parse_reg_export(file) {
                let (documents, problems) = export.documents();
                loaded.documents.extend(documents);
                loaded.problems.extend(problems);
            }
        }
        _ => {
            if let Ok(parsed) = parse_json(data) {
                for (i, (key, _)) in parsed.entries.iter().enumerate() {
                    assert!(!parsed.entries[..i].iter().any(|(k, _)| k == key), "{key:?} kept twice");
                }
                // The same file as recommended policy too: it must never lock anything.
                let recommended = Loaded {
                    documents: vec![document(PolicyLevel::Recommended, parsed.entries.clone())],
                    problems: Vec::new(),
                };
                check(&recommended);
                assert!(KEYS.iter().all(|spec| !resolve(&recommended, &LOOSE).is_locked(spec.key)));
                loaded.documents.push(document(PolicyLevel::Mandatory, parsed.entries));
            }
        }
    }
    check(&loaded);
});
