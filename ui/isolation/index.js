// Tauri isolation pattern: every IPC message from the UI passes through this sandboxed
// frame before Tauri encrypts it for Rust. Only Parley's own commands pass the hook; anything
// else is refused here: it goes on as a command that does not exist, with nothing of what it
// carried, so Rust runs nothing and answers with an error, and the caller's promise rejects
// instead of waiting forever. Rust validates again regardless.
"use strict";
(function () {
  const allowed = new Set([
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
    "link_in_app",
    "pending_link",
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
    "create_dm",
    "create_room",
    "invite_user",
    "room_members",
    "room_details",
    "room_update",
    "leave_room",
    "display_name",
    "set_display_name",
    "plugin:event|listen",
    "plugin:event|unlisten",
  ]);
  // Not a command of Parley's, Tauri's or any plugin's.
  const REFUSED = "parley_refused_by_isolation";
  window.__TAURI_ISOLATION_HOOK__ = function (payload) {
    if (!payload || typeof payload !== "object") {
      return undefined; // nothing anyone could be waiting for
    }
    if (typeof payload.cmd !== "string" || !allowed.has(payload.cmd)) {
      return { cmd: REFUSED, callback: payload.callback, error: payload.error, payload: {}, options: {} };
    }
    return payload;
  };
})();
