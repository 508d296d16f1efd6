//! IPC argument decoding: any bytes, as the JSON arguments object the webview sends with
//! `invoke`, decoded the way Tauri decodes each command's arguments (camelCase members,
//! missing optional ones as `None`, unknown ones ignored) into every command's argument
//! shape, then checked by the app's own validators (`src-tauri/src/validate.rs`, compiled
//! here as is; the app's commands call the same functions before reaching the engine).
//!
//! Beyond "no panic": whatever a validator accepts meets the rules restated here
//! independently (sigils, byte limits, no control characters, non-blank text, index
//! bounds), and a refusal is one plain sentence that never echoes the argument.

#![no_main]

#[path = "../../src-tauri/src/validate.rs"]
#[allow(dead_code, reason = "the app's module, included whole; not every item is needed here")]
mod validate;

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use validate::Invalid;

// One struct per argument shape (`src-tauri/src/commands*.rs`), named after a command that takes it.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Login {
    homeserver: String,
    user: String,
    password: String,
}

/// `messages`, `external_members`, `mark_read`, `typing`, `identity_warnings`, `notify_set_room_level`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Room {
    room_id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SendText {
    room_id: String,
    body: String,
    #[allow(dead_code, reason = "decoded as Tauri would; not validated")]
    sensitive_data_confirmed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DlpScan {
    body: String,
}

/// `message_reply`, `message_edit`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TextOn {
    room_id: String,
    event_id: String,
    body: String,
    #[allow(dead_code, reason = "decoded as Tauri would; not validated")]
    sensitive_data_confirmed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct React {
    room_id: String,
    event_id: String,
    key: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Redact {
    room_id: String,
    event_id: String,
    reason: Option<String>,
}

/// `unsent_retry`, `unsent_cancel`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Unsent {
    room_id: String,
    transaction_id: String,
}

/// `file_accept`, `file_open`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Offer {
    room_id: String,
    event_id: String,
}

/// `link_inspect`, `link_copy`, and `link_open` (which adds `acknowledged`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Link {
    room_id: String,
    event_id: String,
    index: usize,
    #[allow(dead_code, reason = "decoded as Tauri would; not validated")]
    acknowledged: Option<bool>,
}

/// `acknowledge_identity`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Identity {
    user_id: String,
}

/// `verify_request`, and `devices` (where it is optional).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Devices {
    user_id: Option<String>,
}

/// `verify_accept`, `verify_cancel`, and `verify_confirm` (which adds `matches`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Flow {
    flow_id: String,
    #[allow(dead_code, reason = "decoded as Tauri would; not validated")]
    matches: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MarkRead {
    ids: Option<Vec<u64>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recovery {
    recovery_key: String,
}

fn decode<T: DeserializeOwned>(args: &Value) -> Option<T> {
    T::deserialize(args).ok()
}

fn no_controls(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

fn room_ok(s: &str) -> bool {
    s.starts_with('!') && (2..=255).contains(&s.len()) && no_controls(s)
}

fn event_ok(s: &str) -> bool {
    s.starts_with('$') && (2..=255).contains(&s.len()) && no_controls(s)
}

fn body_ok(s: &str) -> bool {
    !s.trim().is_empty() && s.len() <= 32 * 1024
}

/// Runs a validator: when it accepts, the restated `rule` must hold. A refusal is a fixed
/// sentence (`&'static str`, so it cannot carry the argument back).
fn expect(result: Result<(), Invalid>, rule: bool, what: &str) {
    match result {
        Ok(()) => assert!(rule, "{what}: accepted against the rule"),
        Err(Invalid { sentence, .. }) => {
            assert!(sentence.ends_with('.') && sentence.starts_with(char::is_uppercase), "{sentence:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(args) = serde_json::from_slice::<Value>(data) else { return };

    if let Some(a) = decode::<Login>(&args) {
        let rule = !a.homeserver.trim().is_empty() && !a.user.trim().is_empty() && !a.password.is_empty();
        expect(validate::login(&a.homeserver, &a.user, &a.password), rule, "login");
    }
    if let Some(a) = decode::<Room>(&args) {
        expect(validate::room_id(&a.room_id), room_ok(&a.room_id), "messages");
    }
    if let Some(a) = decode::<SendText>(&args) {
        let result = validate::room_id(&a.room_id).and_then(|()| validate::body(&a.body));
        expect(result, room_ok(&a.room_id) && body_ok(&a.body), "send_text");
    }
    if let Some(a) = decode::<DlpScan>(&args) {
        expect(validate::body_length(&a.body), a.body.len() <= 32 * 1024, "dlp_scan");
    }
    if let Some(a) = decode::<TextOn>(&args) {
        let rule = room_ok(&a.room_id) && event_ok(&a.event_id) && body_ok(&a.body);
        expect(validate::text_on(&a.room_id, &a.event_id, &a.body), rule, "message_reply");
    }
    if let Some(a) = decode::<React>(&args) {
        let result = validate::room_id(&a.room_id)
            .and_then(|()| validate::event_id(&a.event_id))
            .and_then(|()| validate::reaction(&a.key));
        let rule = room_ok(&a.room_id)
            && event_ok(&a.event_id)
            && !a.key.trim().is_empty()
            && a.key.len() <= 64
            && no_controls(&a.key);
        expect(result, rule, "message_react");
    }
    if let Some(a) = decode::<Redact>(&args) {
        let result = validate::room_id(&a.room_id)
            .and_then(|()| validate::event_id(&a.event_id))
            .and_then(|()| validate::redaction_reason(a.reason.as_deref()));
        let rule =
            room_ok(&a.room_id) && event_ok(&a.event_id) && a.reason.as_ref().is_none_or(|r| r.len() <= 512);
        expect(result, rule, "message_redact");
        // `report_message` takes the same shape, with a longer reason that may hold line breaks.
        let reported = validate::room_id(&a.room_id)
            .and_then(|()| validate::event_id(&a.event_id))
            .and_then(|()| validate::report_reason(a.reason.as_deref()));
        let rule = room_ok(&a.room_id)
            && event_ok(&a.event_id)
            && a.reason.as_ref().is_none_or(|r| r.len() <= 4000 && r.chars().all(|c| c == '\n' || !c.is_control()));
        expect(reported, rule, "report_message");
    }
    if let Some(a) = decode::<Unsent>(&args) {
        let result = validate::room_id(&a.room_id).and_then(|()| validate::transaction_id(&a.transaction_id));
        let rule = room_ok(&a.room_id)
            && (1..=255).contains(&a.transaction_id.len())
            && no_controls(&a.transaction_id);
        expect(result, rule, "unsent_retry");
    }
    if let Some(a) = decode::<Offer>(&args) {
        let rule = room_ok(&a.room_id) && event_ok(&a.event_id);
        expect(validate::offer(&a.room_id, &a.event_id), rule, "file_accept");
    }
    if let Some(a) = decode::<Link>(&args) {
        let rule = room_ok(&a.room_id) && event_ok(&a.event_id) && a.index < 1024;
        expect(validate::link(&a.room_id, &a.event_id, a.index), rule, "link_open");
    }
    if let Some(a) = decode::<Identity>(&args) {
        let u = &a.user_id;
        let rule = u.starts_with('@') && u.contains(':') && (2..=255).contains(&u.len()) && no_controls(u);
        expect(validate::user_id(u), rule, "acknowledge_identity");
    }
    if let Some(Devices { user_id: Some(u) }) = decode::<Devices>(&args) {
        let rule = u.starts_with('@') && u.len() <= 255 && no_controls(&u);
        expect(validate::user_to_verify(&u), rule, "devices");
    }
    if let Some(a) = decode::<Flow>(&args) {
        let f = &a.flow_id;
        expect(validate::flow_id(f), (1..=255).contains(&f.len()) && no_controls(f), "verify_confirm");
    }
    if let Some(a) = decode::<MarkRead>(&args) {
        let rule = a.ids.as_ref().is_none_or(|ids| ids.len() <= 10_000);
        expect(validate::notice_ids(a.ids.as_deref()), rule, "notices_mark_read");
    }
    if let Some(a) = decode::<Recovery>(&args) {
        let k = &a.recovery_key;
        expect(validate::recovery_key(k), !k.trim().is_empty() && k.len() <= 1024, "recovery_restore");
    }
});
