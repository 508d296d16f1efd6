//! Build script: generates Tauri's context and the permission manifest for the app's
//! own commands, so `capabilities/*.json` can grant exactly these and nothing else.

/// Every `#[tauri::command]` the app registers. Keep in step with `commands::handler()`.
const COMMANDS: &[&str] = &[
    "ui_ready",
    "session_restore",
    "login",
    "rooms",
    "messages",
    "send_text",
    "dlp_scan",
    "invites",
    "answer_invite",
    "external_members",
    "ignore_user",
    "report_message",
    "report_room",
    "login_defaults",
    "login_options",
    "login_browser",
    "login_cancel",
    "logout",
    "identity_warnings",
    "acknowledge_identity",
    "link_inspect",
    "link_open",
    "link_copy",
    "mark_read",
    "typing",
    "privacy_overview",
    "activity",
    "file_accept",
    "file_open",
    "verify_request",
    "verify_accept",
    "verify_confirm",
    "verify_cancel",
    "devices",
    "recovery_enable",
    "recovery_restore",
    "notices_list",
    "notices_mark_read",
    "notify_settings",
    "notify_set_room_level",
    "notify_set_dnd",
    "message_reply",
    "message_edit",
    "message_react",
    "message_redact",
    "unsent_list",
    "unsent_retry",
    "unsent_cancel",
    "about",
    "update_check",
    "update_install",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|err| panic!("tauri-build failed: {err:#}"));
}
