//! Audit entries in plain words, for the desktop's Activity page.

use serde_json::Value;

use super::Entry;

/// One sentence saying what an entry records.
pub fn describe(entry: &Entry) -> String {
    let field = |key: &str| entry.rest.get(key).map(text).unwrap_or_default();
    match (entry.kind.as_str(), entry.decision.as_str()) {
        ("login", _) => match field("method").as_str() {
            "sso" => format!("Signed in on this device ({}) with single sign-on.", field("device_id")),
            "oauth" => format!("Signed in on this device ({}) with OAuth 2.0.", field("device_id")),
            _ => format!("Signed in on this device ({}).", field("device_id")),
        },
        ("logout", _) => "Signed out; the local data and keys were wiped.".to_owned(),
        ("session", "ended_by_server") => "The homeserver ended this device's session.".to_owned(),
        ("session", "local_data_wiped") => {
            "Wiped this device's messages and keys after the session ended.".to_owned()
        }
        ("session", "local_data_kept") => {
            "Kept this device's messages and keys after the session ended, as your organisation set."
                .to_owned()
        }
        ("session", _) => {
            format!("The local data of an ended session could not be wiped ({}).", field("code"))
        }
        ("link", "opened") => format!("Opened a link to {} after confirmation.", field("domain")),
        ("link", "copied") => format!("Copied a link to {}.", field("domain")),
        ("link", _) => format!("Refused to open a link to {} ({}).", field("domain"), field("codes")),
        ("dlp", "blocked") => format!("Blocked a message containing {}.", field("kinds")),
        ("dlp", "held_for_confirmation") => {
            format!("Held a message containing {} for confirmation.", field("kinds"))
        }
        ("dlp", "sent_after_confirmation") => {
            format!("Sent a message containing {} after you confirmed.", field("kinds"))
        }
        ("unencrypted_room", _) => "Refused to send into a room that is not end-to-end encrypted.".to_owned(),
        ("identity_change", "new_identity_accepted") => {
            format!("Accepted the new identity of {}.", field("user_id"))
        }
        ("identity_change", _) => {
            format!("Withdrew the verification of {} after their identity changed.", field("user_id"))
        }
        ("update", "installed") => {
            format!(
                "Installed Parley {}, signed by Parley's release key; it runs after a restart.",
                field("version")
            )
        }
        ("update", _) => format!(
            "Refused an update to Parley {}: it is not signed by Parley's release key for that version.",
            field("version")
        ),
        ("permission", _) => format!("Refused the app's request for {}.", field("permission")),
        ("export", _) => format!("Exported {} messages of a room as a record.", field("messages")),
        ("file", "accepted") => "Accepted a file offer; it went into quarantine to be checked.".to_owned(),
        ("file", "released") => "Released a file after a clean antivirus scan.".to_owned(),
        ("file", "released_unscanned") => "Released a file without an antivirus scan.".to_owned(),
        ("file", "opened") => "Opened a released file after you confirmed who sent it.".to_owned(),
        ("file", "refused_too_large") => "Refused a file larger than your organisation allows.".to_owned(),
        ("file", "download_failed") => {
            format!("A file could not be downloaded ({}); nothing was kept.", field("code"))
        }
        ("file", "quarantined_infected") => {
            format!("Kept a file in quarantine: the antivirus found {}.", field("signature"))
        }
        ("file", decision) if decision.starts_with("quarantined_") => format!(
            "Kept a file in quarantine ({}).",
            [decision.trim_start_matches("quarantined_").to_owned(), field("reasons")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(": ")
        ),
        ("verification", "verified") => format!("Verified {} by comparing emoji.", field("user_id")),
        ("verification", "mismatch") => {
            format!("The emoji did not match when verifying {}; nothing was verified.", field("user_id"))
        }
        ("verification", _) => {
            format!("A verification with {} was cancelled ({}).", field("user_id"), field("code"))
        }
        ("recovery", "enabled") => "Set up recovery: secret storage and key backup.".to_owned(),
        ("recovery", "restored") => "Restored this device with the recovery key.".to_owned(),
        ("recovery", _) => "A recovery key was tried and did not fit.".to_owned(),
        ("sign_in", _) => format!("A new device ({}) signed in to this account.", field("device_id")),
        ("policy", "changed") => format!("The organisation changed its policy ({}).", field("keys")),
        ("policy", _) => {
            format!("The organisation's policy has problems ({}); safe defaults apply.", field("codes"))
        }
        (kind, decision) => format!("{kind}: {decision}."),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            map.iter().map(|(k, v)| format!("{} × {k}", text(v))).collect::<Vec<_>>().join(", ")
        }
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_as_sentences() {
        let entry: Entry = serde_json::from_value(serde_json::json!({
            "seq": 3, "time": "2026-11-26T10:00:00Z", "kind": "dlp", "decision": "held_for_confirmation",
            "kinds": {"payment_card": 1}, "prev": "00"
        }))
        .expect("entry");
        assert_eq!(describe(&entry), "Held a message containing 1 × payment_card for confirmation.");
    }

    #[test]
    fn file_decisions_read_as_sentences() {
        let entry = |decision: &str, extra: serde_json::Value| -> Entry {
            let mut value = serde_json::json!({
                "seq": 1, "time": "2026-11-26T10:00:00Z", "kind": "file", "decision": decision, "prev": "00"
            });
            value.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
            serde_json::from_value(value).expect("entry")
        };
        assert_eq!(
            describe(&entry(
                "quarantined_infected",
                serde_json::json!({"scan": "infected", "signature": "Eicar-Signature"})
            )),
            "Kept a file in quarantine: the antivirus found Eicar-Signature."
        );
        assert_eq!(
            describe(&entry("quarantined_blocked", serde_json::json!({"reasons": ["dangerous_extension"]}))),
            "Kept a file in quarantine (blocked: dangerous_extension)."
        );
    }

    #[test]
    fn update_decisions_read_as_sentences() {
        let entry = |decision: &str| -> Entry {
            serde_json::from_value(serde_json::json!({
                "seq": 1, "time": "2026-12-07T10:00:00Z", "kind": "update", "decision": decision,
                "version": "0.2.0", "reason": "bad_signature", "prev": "00"
            }))
            .expect("entry")
        };
        assert_eq!(
            describe(&entry("refused")),
            "Refused an update to Parley 0.2.0: it is not signed by Parley's release key for that version."
        );
        assert_eq!(
            describe(&entry("installed")),
            "Installed Parley 0.2.0, signed by Parley's release key; it runs after a restart."
        );
    }
}
