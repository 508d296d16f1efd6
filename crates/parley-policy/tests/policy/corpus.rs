//! The corpus of broken policy files (`tests/corpus/policy/broken/`): every case is
//! reported with its expected code, loosens nothing, and does not crash.

use std::{
    collections::BTreeSet,
    panic::{AssertUnwindSafe, catch_unwind},
    path::Path,
};

use parley_policy::{MAX_DEPTH, MAX_FILE_SIZE, Policy, load_file, resolve};

use crate::support::{corpus, linux_root, put, source};

struct Case {
    name: String,
    bytes: Vec<u8>,
    code: String,
    key: Option<String>,
}

fn committed_cases() -> Vec<Case> {
    let dir = corpus("broken");
    let manifest = std::fs::read_to_string(dir.join("EXPECTED")).expect("broken/EXPECTED");
    let cases: Vec<Case> = manifest
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "bad EXPECTED line: {line}");
            Case {
                name: fields[0].to_owned(),
                bytes: std::fs::read(dir.join(fields[0])).expect("corpus file"),
                code: fields[1].to_owned(),
                key: (fields[2] != "-").then(|| fields[2].to_owned()),
            }
        })
        .collect();
    // Every file in the folder is a case: none can be added and silently skipped.
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("corpus dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED")
        .collect();
    let listed: BTreeSet<String> = cases.iter().map(|c| c.name.clone()).collect();
    assert_eq!(files, listed, "broken/ and broken/EXPECTED disagree");
    cases
}

/// Cases too big to commit.
fn generated_cases() -> Vec<Case> {
    let mut huge = br#"{"HomeserverUrl": "https://"#.to_vec();
    huge.resize(MAX_FILE_SIZE + 16, b'a');
    huge.extend_from_slice(br#".example"}"#);
    let deep = format!("{{\"AllowedLinkSchemes\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let mut huge_plist = b"<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>A</key><string>".to_vec();
    huge_plist.resize(MAX_FILE_SIZE + 1, b'a');
    huge_plist.extend_from_slice(b"</string></dict></plist>");
    let deep_plist =
        format!("<plist version=\"1.0\">{}{}</plist>", "<array>".repeat(50_000), "</array>".repeat(50_000));
    vec![
        Case { name: "generated-huge.json".into(), bytes: huge, code: "too-large".into(), key: None },
        Case {
            name: "generated-deep-100000.json".into(),
            bytes: deep.into_bytes(),
            code: "too-deep".into(),
            key: None,
        },
        Case { name: "generated-huge.plist".into(), bytes: huge_plist, code: "too-large".into(), key: None },
        Case {
            name: "generated-deep-50000.plist".into(),
            bytes: deep_plist.into_bytes(),
            code: "too-deep".into(),
            key: None,
        },
    ]
}

/// Loads one case the way Parley would meet it: `.json` from a real managed folder,
/// the other formats through `policy check`'s reader.
fn check(case: &Case, scratch: &Path) -> Result<(), String> {
    let loaded = if Path::new(&case.name).extension().is_some_and(|e| e == "json") {
        let root = linux_root();
        put(&root.path().join("managed"), &case.name, &case.bytes);
        source(root.path()).load()
    } else {
        let path = scratch.join(&case.name);
        std::fs::write(&path, &case.bytes).map_err(|e| e.to_string())?;
        load_file(&path)
    };
    let resolved = resolve(&loaded, &Vec::new());
    if resolved.policy != Policy::hardened_default() {
        return Err(format!("loosened the policy: {:?}", resolved.policy));
    }
    let found = resolved
        .problems
        .iter()
        .any(|p| p.code.as_str() == case.code && p.key == case.key && p.source.contains(&case.name));
    if !found {
        return Err(format!(
            "expected {} for key {:?}; reported: {:?}",
            case.code, case.key, resolved.problems
        ));
    }
    // Every reported line names the file.
    if let Some(p) = resolved.problems.iter().find(|p| !p.to_string().contains(&case.name)) {
        return Err(format!("problem line does not name the file: {p}"));
    }
    Ok(())
}

#[test]
fn every_broken_policy_file_is_reported_loosens_nothing_and_does_not_crash() {
    const { assert!(MAX_DEPTH < 100, "the deep cases must exceed the cap") };
    let scratch = tempfile::tempdir().expect("temp dir");
    let cases: Vec<Case> = committed_cases().into_iter().chain(generated_cases()).collect();
    assert!(cases.len() >= 55, "corpus shrank to {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = catch_unwind(AssertUnwindSafe(|| check(case, scratch.path())))
            .unwrap_or_else(|_| Err("panicked".into()));
        if let Err(why) = outcome {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
