//! Linux JSON files: layout, ownership and permission checks.

use std::os::unix::fs::PermissionsExt;

use parley_policy::{DlpMode, Level, PolicyKey, ProblemCode, resolve, sources::linux::LinuxSource};

use crate::support::{corpus, linux_root, put, source};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(corpus(&format!("linux/{name}"))).expect("fixture")
}

#[test]
fn managed_and_recommended_folders_are_read_in_name_order() {
    let root = linux_root();
    put(&root.path().join("managed"), "10-base.json", &fixture("10-base.json"));
    put(&root.path().join("managed"), "20-override.json", &fixture("20-override.json"));
    put(&root.path().join("recommended"), "r.json", br#"{"MaxIncomingFileSizeMb": 10, "AllowCalls": true}"#);
    put(&root.path().join("managed"), "notes.txt", b"not a policy file");
    let resolved = resolve(&source(root.path()).load(), &Vec::new());
    let p = &resolved.policy;
    assert_eq!(p.dlp_mode, DlpMode::Block);
    assert_eq!(p.max_incoming_file_size_mb, 50, "managed beats recommended");
    assert!(p.allow_calls);
    assert_eq!(p.allowed_link_schemes, ["https"]);
    assert_eq!(p.blocked_link_domains, ["evil.example"]);
    assert_eq!(resolved.explain(PolicyKey::AllowCalls).level, Level::Recommended);
    // 10-base sets DlpMode to warn, 20-override to block: reported as a conflict.
    assert_eq!(resolved.problems.len(), 1, "{:?}", resolved.problems);
    assert_eq!(resolved.problems[0].code, ProblemCode::Conflict);
}

#[test]
fn a_missing_root_means_no_policy_and_no_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let loaded = LinuxSource::at(dir.path().join("absent")).load();
    assert!(loaded.documents.is_empty() && loaded.problems.is_empty());
}

#[test]
fn files_writable_by_others_are_refused() {
    let root = linux_root();
    let path = put(&root.path().join("managed"), "loose.json", br#"{"DlpMode": "off"}"#);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o646)).expect("chmod o+w");
    let resolved = resolve(&source(root.path()).load(), &Vec::new());
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Warn);
    assert_eq!(resolved.problems.len(), 1);
    assert_eq!(resolved.problems[0].code, ProblemCode::InsecurePermissions);
    assert!(resolved.problems[0].to_string().contains("loose.json"));
}

#[test]
fn a_folder_writable_by_others_is_refused_whole() {
    let root = linux_root();
    let managed = root.path().join("managed");
    put(&managed, "ok.json", br#"{"DlpMode": "off"}"#);
    std::fs::set_permissions(&managed, std::fs::Permissions::from_mode(0o777)).expect("chmod folder");
    let resolved = resolve(&source(root.path()).load(), &Vec::new());
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Warn);
    assert_eq!(resolved.problems[0].code, ProblemCode::InsecurePermissions);
}

#[test]
fn files_not_owned_by_the_expected_owner_are_refused() {
    let root = linux_root();
    let path = put(&root.path().join("managed"), "theirs.json", br#"{"DlpMode": "off"}"#);
    let me = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&path).expect("stat"));
    let ours = LinuxSource { root: root.path().to_owned(), expected_owner: me };
    assert!(ours.load().problems.is_empty(), "owned by the expected owner: accepted");

    // As root (CI), hand the file to another uid; otherwise expect a different owner.
    let other_owner = if std::os::unix::fs::chown(&path, Some(4242), None).is_ok() {
        ours
    } else {
        LinuxSource { root: root.path().to_owned(), expected_owner: me + 1 }
    };
    let resolved = resolve(&other_owner.load(), &Vec::new());
    assert_eq!(resolved.policy.dlp_mode, DlpMode::Warn);
    assert_eq!(resolved.problems.len(), 1);
    assert_eq!(resolved.problems[0].code, ProblemCode::InsecureOwner);
}

#[test]
fn an_injected_expected_owner_is_enforced() {
    let root = linux_root();
    put(&root.path().join("managed"), "p.json", br#"{"DlpMode": "off"}"#);
    let source = LinuxSource { root: root.path().to_owned(), expected_owner: 4242 };
    let loaded = source.load();
    assert!(loaded.documents.is_empty());
    assert!(
        loaded.problems.iter().all(|p| p.code == ProblemCode::InsecureOwner) && !loaded.problems.is_empty()
    );
}

#[test]
fn a_fifo_named_like_a_policy_file_is_refused_without_blocking() {
    let root = linux_root();
    let fifo = root.path().join("managed/fifo.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // No mkfifo on this machine: nothing to test.
    }
    let loaded = source(root.path()).load();
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].code, ProblemCode::NotAFile);
}
