//! The fail-safe rules of DESIGN.md §4, one test each.

use parley_policy::{DlpMode, Level, PolicyKey, PolicyLevel, ProblemCode, Scope, resolve};
use serde_json::json;

use crate::support::{doc, linux_root, loaded, loose_user_settings, put, source};

#[test]
fn a_bad_mandatory_value_keeps_the_hardened_default_not_the_users_looser_value() {
    let resolved = resolve(
        &loaded(vec![doc(
            "managed.json",
            Scope::Machine,
            PolicyLevel::Mandatory,
            &[("RequireEncryption", json!("no")), ("SharePresence", json!(2))],
        )]),
        &loose_user_settings(),
    );
    assert!(resolved.policy.require_encryption && !resolved.policy.share_presence);
    let e = resolved.explain(PolicyKey::RequireEncryption);
    assert!(e.locked && e.level == Level::Mandatory && e.source.contains("invalid value"), "{e:?}");
    let reported: Vec<_> = resolved.problems.iter().map(|p| (p.key.as_deref(), p.code)).collect();
    assert_eq!(
        reported,
        [
            (Some("RequireEncryption"), ProblemCode::WrongType),
            (Some("SharePresence"), ProblemCode::WrongType)
        ]
    );
}

#[test]
fn a_bad_recommended_value_keeps_the_hardened_default_too() {
    let resolved = resolve(
        &loaded(vec![doc("rec.json", Scope::User, PolicyLevel::Recommended, &[("DlpMode", json!("none"))])]),
        &loose_user_settings(),
    );
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Warn);
    assert_eq!(resolved.problems.len(), 1);
    assert_eq!(resolved.problems[0].code, ProblemCode::InvalidValue);
}

#[test]
fn a_bad_value_does_not_override_a_stronger_valid_one() {
    let resolved = resolve(
        &loaded(vec![
            doc("user.json", Scope::User, PolicyLevel::Mandatory, &[("DlpMode", json!(7))]),
            doc("machine.json", Scope::Machine, PolicyLevel::Mandatory, &[("DlpMode", json!("block"))]),
        ]),
        &Vec::new(),
    );
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Block);
    assert_eq!(resolved.explain(PolicyKey::DlpMode).source, "machine.json");
    assert_eq!(resolved.problems.len(), 1, "the bad value is still reported");
}

#[test]
fn a_bad_user_setting_keeps_the_default_and_is_reported() {
    let resolved = resolve(&loaded(Vec::new()), &vec![("RequireEncryption".to_owned(), json!("off"))]);
    assert!(resolved.policy.require_encryption);
    assert_eq!(resolved.problems[0].source, "user settings");
}

#[test]
fn unknown_keys_are_reported_and_the_rest_applies() {
    let resolved = resolve(
        &loaded(vec![doc(
            "m.json",
            Scope::Machine,
            PolicyLevel::Mandatory,
            &[("ShareEverything", json!(true)), ("urlpreviews", json!(true)), ("DlpMode", json!("block"))],
        )]),
        &Vec::new(),
    );
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Block);
    assert!(!resolved.policy.url_previews);
    let unknown: Vec<_> = resolved.problems.iter().filter(|p| p.code == ProblemCode::UnknownKey).collect();
    assert_eq!(unknown.len(), 2);
    assert!(unknown[1].message.contains("did you mean UrlPreviews"), "{}", unknown[1].message);
}

#[test]
fn conflicting_files_of_one_level_resolve_to_the_last_in_name_order_and_are_reported() {
    let root = linux_root();
    let managed = root.path().join("managed");
    // Written in the opposite order to their names: name order must decide, not write order.
    put(&managed, "20-second.json", br#"{"DlpMode": "off", "UrlPreviews": false}"#);
    put(&managed, "10-first.json", br#"{"DlpMode": "block", "UrlPreviews": false}"#);
    let resolved = resolve(&source(root.path()).load(), &Vec::new());
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Off);
    assert!(resolved.explain(PolicyKey::DlpMode).source.ends_with("20-second.json"));
    let conflicts: Vec<_> = resolved.problems.iter().filter(|p| p.code == ProblemCode::Conflict).collect();
    assert_eq!(conflicts.len(), 1, "equal values are no conflict: {conflicts:?}");
    let line = conflicts[0].to_string();
    assert!(
        line.contains("10-first.json") && line.contains("20-second.json") && line.contains("DlpMode"),
        "{line}"
    );
}

#[test]
fn a_file_that_does_not_parse_is_ignored_whole_and_reported() {
    let root = linux_root();
    let managed = root.path().join("managed");
    put(&managed, "10-broken.json", br#"{"RequireEncryption": false, "DlpMode": "block""#);
    put(&managed, "20-good.json", br#"{"UrlPreviews": false}"#);
    put(&root.path().join("recommended"), "x.json", br#"{"NotificationContent": "hidden"}"#);
    let resolved = resolve(&source(root.path()).load(), &Vec::new());
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Warn, "nothing from the broken file applies");
    assert!(resolved.is_locked(PolicyKey::UrlPreviews));
    assert_eq!(resolved.policy.notification_content, parley_policy::NotificationContent::Hidden);
    assert_eq!(resolved.problems.len(), 1);
    assert_eq!(resolved.problems[0].code, ProblemCode::Syntax);
    assert!(resolved.problems[0].source.ends_with("10-broken.json"));
}
