//! `parleyctl policy check|explain`: the real binary against a policy folder
//! chosen with `PARLEY_POLICY_DIR` (DESIGN.md §5). No services needed.

use std::{os::unix::fs::PermissionsExt, path::Path, process::Command};

fn parleyctl(policy_dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_parleyctl"))
        .env("PARLEY_POLICY_DIR", policy_dir)
        .args(args)
        .output()
        .expect("run parleyctl");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn policy_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let managed = dir.path().join("managed");
    std::fs::create_dir(&managed).expect("mkdir");
    std::fs::set_permissions(&managed, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    for (name, text) in files {
        std::fs::write(managed.join(name), text).expect("write");
        std::fs::set_permissions(managed.join(name), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    dir
}

fn running_as_root(dir: &Path) -> bool {
    std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(dir).expect("stat")) == 0
}

#[test]
fn explain_json_reports_level_source_and_lock_from_the_policy_dir() {
    let dir = policy_dir(&[("10.json", r#"{"DlpMode": "block", "Nonsense": 1}"#)]);
    if !running_as_root(dir.path()) {
        return; // Policy files must belong to root; CI runs as root.
    }
    let (code, stdout) = parleyctl(dir.path(), &["policy", "explain", "--json"]);
    assert_eq!(code, 0);
    let out: serde_json::Value = serde_json::from_str(&stdout).expect("one JSON object");
    let dlp =
        out["policies"].as_array().expect("list").iter().find(|p| p["key"] == "DlpMode").expect("DlpMode");
    assert_eq!(dlp["value"], "block");
    assert_eq!(dlp["level"], "mandatory");
    assert_eq!(dlp["locked"], true);
    assert!(dlp["source"].as_str().unwrap_or_default().ends_with("managed/10.json"));
    assert_eq!(out["errors"][0]["key"], "Nonsense");
}

#[test]
fn check_prints_one_line_per_problem_naming_file_and_key_and_exits_1() {
    let dir = policy_dir(&[]);
    let file = dir.path().join("draft.json");
    std::fs::write(&file, r#"{"RequireEncryption": "no", "MaxIncomingFileSizeMb": 0}"#).expect("write");
    let (code, stdout) = parleyctl(dir.path(), &["policy", "check", file.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(
        lines[0].contains("draft.json")
            && lines[0].contains("RequireEncryption")
            && lines[0].contains("wrong-type")
    );
    assert!(lines[1].contains("MaxIncomingFileSizeMb") && lines[1].contains("out-of-range"));

    std::fs::write(&file, r#"{"RequireEncryption": true}"#).expect("write");
    let (code, stdout) = parleyctl(dir.path(), &["policy", "check", file.to_str().expect("utf-8 path")]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn check_without_files_checks_the_machine_policy() {
    let dir = policy_dir(&[("bad.json", "{")]);
    let (code, stdout) = parleyctl(dir.path(), &["policy", "check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("bad.json"), "{stdout}");
}
