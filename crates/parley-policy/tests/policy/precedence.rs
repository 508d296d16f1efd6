//! Precedence across every level (DESIGN.md §4) and the locked state.

use parley_policy::{DlpMode, Level, PolicyKey, PolicyLevel, Scope, resolve};
use serde_json::json;

use crate::support::{doc, loaded};

/// Removes the strongest source one at a time; each time the next one must decide.
#[test]
fn each_level_beats_every_weaker_one() {
    // Strongest first.
    let all = [
        doc("machine-mandatory", Scope::Machine, PolicyLevel::Mandatory, &[("DlpMode", json!("block"))]),
        doc("user-mandatory", Scope::User, PolicyLevel::Mandatory, &[("DlpMode", json!("off"))]),
        doc("machine-recommended", Scope::Machine, PolicyLevel::Recommended, &[("DlpMode", json!("warn"))]),
        doc("user-recommended", Scope::User, PolicyLevel::Recommended, &[("DlpMode", json!("off"))]),
    ];
    let settings = vec![("DlpMode".to_owned(), json!("block"))];
    let expected = [
        ("machine-mandatory", Level::Mandatory, json!("block"), true),
        ("user-mandatory", Level::Mandatory, json!("off"), true),
        ("machine-recommended", Level::Recommended, json!("warn"), false),
        ("user-recommended", Level::Recommended, json!("off"), false),
        ("user settings", Level::User, json!("block"), false),
    ];
    for (n, (source, level, value, locked)) in expected.into_iter().enumerate() {
        // Drop the n strongest sources, and hand the rest over weakest first: input order must not matter.
        let docs: Vec<_> = all.iter().skip(n).rev().cloned().collect();
        let resolved = resolve(&loaded(docs), &settings);
        let e = resolved.explain(PolicyKey::DlpMode);
        assert_eq!(
            (e.source.as_str(), e.level, &e.value, e.locked),
            (source, level, &value, locked),
            "step {n}"
        );
        assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);
    }
    let resolved = resolve(&loaded(Vec::new()), &Vec::new());
    let e = resolved.explain(PolicyKey::DlpMode);
    assert_eq!((e.level, e.locked, resolved.policy.dlp_mode), (Level::Default, false, DlpMode::Warn));
}

#[test]
fn only_mandatory_values_are_locked() {
    let resolved = resolve(
        &loaded(vec![
            doc("m", Scope::Machine, PolicyLevel::Mandatory, &[("SharePresence", json!(false))]),
            doc("u", Scope::User, PolicyLevel::Mandatory, &[("UrlPreviews", json!(false))]),
            doc("r", Scope::Machine, PolicyLevel::Recommended, &[("AllowCalls", json!(true))]),
        ]),
        &vec![("AutoAcceptFiles".to_owned(), json!(true))],
    );
    assert!(resolved.is_locked(PolicyKey::SharePresence));
    assert!(resolved.is_locked(PolicyKey::UrlPreviews));
    assert!(!resolved.is_locked(PolicyKey::AllowCalls));
    assert!(!resolved.is_locked(PolicyKey::AutoAcceptFiles));
    assert!(!resolved.is_locked(PolicyKey::RequireEncryption));
    assert!(resolved.policy.allow_calls && resolved.policy.auto_accept_files);
}

#[test]
fn explain_json_matches_the_parleyctl_contract() {
    let resolved = resolve(
        &loaded(vec![doc(
            "/etc/x.json",
            Scope::Machine,
            PolicyLevel::Mandatory,
            &[("RequireEncryption", json!(true)), ("Bogus", json!(1))],
        )]),
        &Vec::new(),
    );
    let out = resolved.to_json();
    let policies = out["policies"].as_array().expect("policies list");
    assert_eq!(policies.len(), PolicyKey::ALL.len());
    let first = policies.iter().find(|p| p["key"] == "RequireEncryption").expect("key listed");
    assert_eq!(first["value"], json!(true));
    assert_eq!(first["level"], json!("mandatory"));
    assert_eq!(first["source"], json!("/etc/x.json"));
    assert_eq!(first["locked"], json!(true));
    assert!(policies.iter().all(|p| {
        ["mandatory", "recommended", "user", "default"].contains(&p["level"].as_str().unwrap_or(""))
    }));
    assert_eq!(out["errors"][0]["code"], json!("unknown-key"));
    assert_eq!(out["errors"][0]["key"], json!("Bogus"));
}
