//! macOS managed preferences and configuration profiles, tested from plist fixtures.

use std::path::Path;

use parley_policy::{
    DlpMode, Level, NotificationContent, PolicyKey, Scope, resolve,
    sources::macos::{BUNDLE_ID, MacSource},
};

use crate::support::corpus;

fn install(root: &Path, relative: &str, fixture: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::copy(corpus(&format!("macos/{fixture}")), path).expect("copy fixture");
}

fn fake_mac() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("temp dir");
    install(root.path(), &format!("Library/Managed Preferences/{BUNDLE_ID}.plist"), "machine.plist");
    install(root.path(), &format!("Library/Managed Preferences/alice/{BUNDLE_ID}.plist"), "user.plist");
    install(root.path(), &format!("Library/Preferences/{BUNDLE_ID}.plist"), "recommended.plist");
    root
}

#[test]
fn forced_machine_and_user_preferences_are_mandatory_and_preferences_recommended() {
    let root = fake_mac();
    let source = MacSource { root: root.path().to_owned(), user: Some("alice".into()) };
    let resolved = resolve(&source.load(), &Vec::new());
    let p = &resolved.policy;
    assert_eq!(p.dlp_mode, DlpMode::Block, "machine beats user");
    assert_eq!(p.max_incoming_file_size_mb, 25);
    assert_eq!(p.allowed_link_schemes, ["https"]);
    assert!(p.share_presence, "user mandatory beats recommended");
    let e = resolved.explain(PolicyKey::SharePresence);
    assert_eq!((e.level, e.scope, e.locked), (Level::Mandatory, Some(Scope::User), true));
    assert_eq!(p.notification_content, NotificationContent::Hidden);
    assert!(!resolved.is_locked(PolicyKey::NotificationContent));
    assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);
}

#[test]
fn another_users_preferences_do_not_apply() {
    let root = fake_mac();
    let source = MacSource { root: root.path().to_owned(), user: Some("bob".into()) };
    assert!(!resolve(&source.load(), &Vec::new()).policy.share_presence);
    let escape =
        MacSource { root: root.path().to_owned(), user: Some("../Managed Preferences/alice".into()) };
    assert_eq!(escape.locations().len(), 2, "a user name with a slash is not used");
}

#[test]
fn binary_plists_are_read_too() {
    let root = fake_mac();
    let path = root.path().join(format!("Library/Managed Preferences/{BUNDLE_ID}.plist"));
    let value = plist::Value::from_file(&path).expect("fixture parses");
    value.to_file_binary(&path).expect("write binary plist");
    assert!(std::fs::read(&path).expect("read").starts_with(b"bplist00"));
    let source = MacSource { root: root.path().to_owned(), user: None };
    assert_eq!(resolve(&source.load(), &Vec::new()).policy.dlp_mode, DlpMode::Block);
}
