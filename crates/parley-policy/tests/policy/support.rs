//! Shared helpers.

use std::{
    os::unix::fs::PermissionsExt,
    path::{Path, PathBuf},
};

use parley_policy::{Loaded, PolicyDocument, PolicyLevel, Scope};
use serde_json::Value;

/// The repository root, from the `CARGO_MANIFEST_DIR` cargo sets when it runs the test
/// (not the build-time one: a binary reused from another checkout through the shared
/// target directory must read this checkout's files).
pub fn repo_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).to_owned(), PathBuf::from)
        .join("../..")
}

/// A path under `tests/corpus/policy/`.
pub fn corpus(relative: &str) -> PathBuf {
    repo_root().join("tests/corpus/policy").join(relative)
}

/// A temporary Linux policy root with `managed/` and `recommended/` (mode 0755).
pub fn linux_root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["managed", "recommended"] {
        let path = dir.path().join(sub);
        std::fs::create_dir(&path).expect("create level folder");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod folder");
    }
    dir
}

/// A Linux source at `root` whose files must belong to whoever owns `root`
/// (root in CI; the developer elsewhere).
pub fn source(root: &Path) -> parley_policy::sources::linux::LinuxSource {
    use std::os::unix::fs::MetadataExt;
    let owner = std::fs::metadata(root).expect("stat root").uid();
    parley_policy::sources::linux::LinuxSource { root: root.to_owned(), expected_owner: owner }
}

/// Writes `bytes` to `dir/name` with mode 0644.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write policy file");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod file");
    path
}

/// A document with the given entries.
pub fn doc(source: &str, scope: Scope, level: PolicyLevel, entries: &[(&str, Value)]) -> PolicyDocument {
    PolicyDocument {
        source: source.into(),
        scope,
        level,
        entries: entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
    }
}

/// Documents without load problems.
pub fn loaded(documents: Vec<PolicyDocument>) -> Loaded {
    Loaded { documents, problems: Vec::new() }
}

/// The loosest valid value of every key: what a user trying to undo the hardening would set.
pub fn loose_user_settings() -> Vec<(String, Value)> {
    use serde_json::json;
    [
        ("LinksRequireConfirmation", json!(false)),
        ("AllowedLinkSchemes", json!(["https", "http", "mailto", "ftp", "ssh"])),
        ("LinksFromUnknownSenders", json!("warn")),
        ("UrlPreviews", json!(true)),
        ("AutoAcceptFiles", json!(true)),
        ("MaxIncomingFileSizeMb", json!(65536)),
        ("BlockedFileExtensions", json!([])),
        ("MediaAutoDisplay", json!("always")),
        ("SendReadReceipts", json!(true)),
        ("SendTypingNotifications", json!(true)),
        ("SharePresence", json!(true)),
        ("AllowCalls", json!(true)),
        ("AllowCameraMicrophone", json!(true)),
        ("AllowScreenSharing", json!(true)),
        ("AllowLocationSharing", json!(true)),
        ("AllowWidgets", json!(true)),
        ("NotificationContent", json!("full")),
        ("RequireEncryption", json!(false)),
        ("WarnExternalMembers", json!(false)),
        ("DlpMode", json!("off")),
        ("AuditLog", json!(false)),
        ("AutoUpdate", json!("off")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}
