//! Live reload through `PolicyWatcher`.

use std::{
    path::PathBuf,
    sync::mpsc::Receiver,
    time::{Duration, Instant},
};

use parley_policy::{DlpMode, PolicyKey, PolicyUpdate, PolicyWatcher, WatchConfig, resolve};
use serde_json::json;

use crate::support::{linux_root, put, source};

fn config(root: PathBuf, poll: Duration) -> WatchConfig {
    let watched = root.clone();
    WatchConfig {
        paths: vec![watched],
        poll,
        debounce: Duration::from_millis(50),
        load: Box::new(move || {
            let parent = root.parent().map(PathBuf::from).unwrap_or_default();
            let owner_root = if root.exists() { root.clone() } else { parent };
            let mut s = source(&owner_root);
            s.root.clone_from(&root);
            resolve(&s.load(), &Vec::new())
        }),
    }
}

/// Waits for an update whose DLP mode is `mode`.
fn wait_for(updates: &Receiver<PolicyUpdate>, mode: DlpMode) -> PolicyUpdate {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let update = updates.recv_timeout(left).unwrap_or_else(|e| panic!("no update with {mode:?}: {e}"));
        if update.resolved.policy.dlp_mode == mode {
            return update;
        }
    }
}

#[test]
fn file_changes_are_applied_without_a_restart() {
    let root = linux_root();
    // Polling is off in effect (an hour): only file-system events can deliver this update.
    let (watcher, updates) =
        PolicyWatcher::start(config(root.path().to_owned(), Duration::from_hours(1))).expect("watch");
    assert_eq!(watcher.current().policy.dlp_mode, DlpMode::Warn);

    let file = put(&root.path().join("managed"), "dlp.json", br#"{"DlpMode": "block"}"#);
    let update = wait_for(&updates, DlpMode::Block);
    let change =
        update.changes.iter().find(|c| c.key == PolicyKey::DlpMode).expect("DlpMode listed as changed");
    assert_eq!((change.old.clone(), change.new.clone()), (json!("warn"), json!("block")));
    assert!(update.resolved.is_locked(PolicyKey::DlpMode));

    std::fs::remove_file(file).expect("remove policy");
    let update = wait_for(&updates, DlpMode::Warn);
    assert!(!update.resolved.is_locked(PolicyKey::DlpMode));
}

#[test]
fn a_policy_folder_created_after_start_is_picked_up() {
    let base = tempfile::tempdir().expect("temp dir");
    let root = base.path().join("policies");
    let (_watcher, updates) =
        PolicyWatcher::start(config(root.clone(), Duration::from_millis(100))).expect("watch");
    let root = linux_root_at(&root);
    put(&root.join("managed"), "dlp.json", br#"{"DlpMode": "off"}"#);
    wait_for(&updates, DlpMode::Off);
}

fn linux_root_at(path: &std::path::Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.join("managed")).expect("mkdir");
    std::fs::set_permissions(path.join("managed"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path.to_owned()
}

#[test]
fn dropping_the_watcher_stops_it() {
    let root = linux_root();
    let (watcher, updates) =
        PolicyWatcher::start(config(root.path().to_owned(), Duration::from_millis(50))).expect("watch");
    drop(watcher);
    assert!(
        updates.recv_timeout(Duration::from_secs(5)).is_err(),
        "channel closes when the watcher is dropped"
    );
}
