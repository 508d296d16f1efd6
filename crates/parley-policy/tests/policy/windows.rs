//! Windows registry mapping, tested from `.reg` exports.

use parley_policy::{
    DlpMode, Level, NotificationContent, PolicyKey, ProblemCode, Scope, resolve,
    sources::windows::{POLICY_KEY_PATH, RegValue, parse_reg_export},
};

use crate::support::{corpus, loaded};

fn fixture() -> Vec<u8> {
    std::fs::read(corpus("windows/machine-and-user.reg")).expect("fixture")
}

fn resolve_reg(bytes: &[u8]) -> parley_policy::Resolved {
    let export = parse_reg_export(bytes).expect("fixture parses");
    let (documents, problems) = export.documents();
    assert!(problems.is_empty(), "{problems:?}");
    resolve(&loaded(documents), &Vec::new())
}

#[test]
fn hklm_hkcu_recommended_and_lists_map_to_their_levels() {
    let resolved = resolve_reg(&fixture());
    let p = &resolved.policy;
    assert!(p.require_encryption);
    assert_eq!(p.max_incoming_file_size_mb, 25);
    assert_eq!(p.homeserver_url.as_deref(), Some("https://matrix.example.org"));
    // Value names are case-insensitive like the registry; HKLM beats HKCU.
    assert_eq!(p.dlp_mode, DlpMode::Block);
    assert_eq!(resolved.explain(PolicyKey::DlpMode).scope, Some(Scope::Machine));
    // HKCU mandatory (DWORD 1 = true) beats HKLM\Recommended.
    assert!(p.share_presence);
    assert_eq!(resolved.explain(PolicyKey::SharePresence).scope, Some(Scope::User));
    // Lists come from numbered values, in numeric order.
    assert_eq!(p.allowed_link_schemes, ["https", "mailto"]);
    assert_eq!(p.trusted_link_domains, ["intranet.example.org"]);
    // HKLM\Recommended beats HKCU\Recommended; not locked.
    assert_eq!(p.notification_content, NotificationContent::Hidden);
    let e = resolved.explain(PolicyKey::NotificationContent);
    assert_eq!((e.level, e.locked), (Level::Recommended, false));
    assert!(e.source.ends_with(r"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Parley\Recommended"), "{}", e.source);
    assert_eq!(p.auto_update, parley_policy::AutoUpdate::Install);
    // Keys outside SOFTWARE\Policies\Parley are not policy.
    assert!(resolved.problems.is_empty(), "{:?}", resolved.problems);
}

#[test]
fn utf16_exports_as_regedit_writes_them_parse_the_same() {
    let text = String::from_utf8(fixture()).expect("fixture is UTF-8");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.replace('\n', "\r\n").encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(resolve_reg(&utf16).policy, resolve_reg(&fixture()).policy);
}

#[test]
fn value_types_are_decoded() {
    let text = format!(
        "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\{POLICY_KEY_PATH}]\n\
         \"Q\"=hex(b):19,00,00,00,00,00,00,00\n\"E\"=hex(2):61,00,62,00,00,00\n\"B\"=hex:01,02\n\"D\"=-\n@=\"default\"\n"
    );
    let export = parse_reg_export(text.as_bytes()).expect("parses");
    let key = export.local_machine.path(POLICY_KEY_PATH).expect("key");
    assert_eq!(
        key.values,
        [
            ("Q".to_owned(), RegValue::Qword(25)),
            ("E".to_owned(), RegValue::Sz("ab".into())),
            ("B".to_owned(), RegValue::Other("REG_BINARY".into())),
            (String::new(), RegValue::Sz("default".into())),
        ]
    );
}

#[test]
fn a_dword_for_a_string_key_is_a_wrong_type_and_keeps_the_default() {
    let text = format!(
        "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\{POLICY_KEY_PATH}]\n\"DlpMode\"=dword:00000000\n"
    );
    let (documents, _) = parse_reg_export(text.as_bytes()).expect("parses").documents();
    let resolved = resolve(&loaded(documents), &vec![("DlpMode".to_owned(), serde_json::json!("off"))]);
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Warn);
    assert_eq!(resolved.problems[0].code, ProblemCode::WrongType);
}

#[test]
fn the_generated_reg_file_sets_every_hardened_default_without_problems() {
    let resolved = resolve_reg(parley_policy::generate::reg_example().as_bytes());
    assert_eq!(resolved.policy, parley_policy::Policy::hardened_default());
    let locked = resolved.entries.iter().filter(|e| e.locked).count();
    let unset = resolved.entries.iter().filter(|e| e.value.is_null()).count();
    assert_eq!(locked + unset, PolicyKey::ALL.len(), "every key with a default is locked");
}
