//! Conversation export for business records (issue 13): a room's whole decrypted history
//! as JSON and as a readable HTML page, with a manifest of SHA-256 hashes, and an audit
//! entry naming the manifest's hash.
//!
//! Message bodies leave the encrypted store here on purpose (that is what a record is), so
//! the files are written 0600 into a folder created 0700, and the export itself is audited.
//! Attachments are not exported yet: incoming files are not accepted by Parley yet.

use std::path::{Path, PathBuf};

use matrix_sdk::deserialized_responses::VerificationState;
use matrix_sdk_ui::timeline::EventTimelineItem;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::Engine;
use crate::audit::AuditEvent;
use crate::error::{CoreError, Result};

/// Back-pagination stops after this many rounds even if the room's start was not reached.
const MAX_ROUNDS: usize = 2000;
/// Events asked for per round.
const PAGE: u16 = 200;

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// The room.
    pub room_id: String,
    /// Messages written (readable or not).
    pub messages: usize,
    /// The manifest file (its hash is in the audit log).
    pub manifest: PathBuf,
    /// SHA-256 (hex) of the manifest.
    pub manifest_sha256: String,
}

/// One exported message.
#[derive(Debug, Clone, Serialize)]
struct Record {
    event_id: Option<String>,
    sender: String,
    sender_name: String,
    timestamp_ms: u64,
    time: String,
    body: Option<String>,
    undecryptable: Option<String>,
    encrypted: bool,
    /// `verified`, `unverified` or `unencrypted` (the sender's device at decryption time).
    verification: &'static str,
}

impl Engine {
    /// Exports the whole history of `room_id` into `out` (created if missing):
    /// `messages.json`, `messages.html` and `manifest.json`.
    pub async fn export_room(&self, room_id: &str, out: &Path) -> Result<ExportSummary> {
        let room = self.joined_room(room_id)?;
        let timeline = self.timeline(&room).await?;
        for _ in 0..MAX_ROUNDS {
            let at_start = timeline
                .paginate_backwards(PAGE)
                .await
                .map_err(|e| CoreError::Server { detail: e.to_string() })?;
            if at_start {
                break;
            }
        }
        crate::live::await_decryption(&timeline).await;
        let records: Vec<Record> =
            timeline.items().await.iter().filter_map(|item| record(item.as_event()?)).collect();

        create_private_dir(out)?;
        let json = serde_json::to_vec_pretty(&serde_json::json!({ "room_id": room_id, "messages": records }))
            .map_err(CoreError::internal)?;
        let html = render_html(
            room_id,
            &room.display_name().await.map(|n| n.to_string()).unwrap_or_default(),
            &records,
        );
        let mut files = serde_json::Map::new();
        for (name, bytes) in [("messages.json", json), ("messages.html", html.into_bytes())] {
            write_private(&out.join(name), &bytes)?;
            files.insert(name.to_owned(), hex::encode(Sha256::digest(&bytes)).into());
        }
        let manifest = serde_json::to_vec_pretty(&serde_json::json!({
            "room_id": room_id,
            "exported_by": self.inner.account.user_id,
            "exported_at": rfc3339(time::OffsetDateTime::now_utc()),
            "messages": records.len(),
            "sha256": files,
        }))
        .map_err(CoreError::internal)?;
        let manifest_path = out.join("manifest.json");
        write_private(&manifest_path, &manifest)?;
        let manifest_sha256 = hex::encode(Sha256::digest(&manifest));
        self.audit(
            AuditEvent::new("export", "exported")
                .with("room_id", room_id)
                .with("messages", records.len())
                .with("manifest_sha256", manifest_sha256.clone()),
        );
        Ok(ExportSummary {
            room_id: room_id.to_owned(),
            messages: records.len(),
            manifest: manifest_path,
            manifest_sha256,
        })
    }
}

fn record(item: &EventTimelineItem) -> Option<Record> {
    let content = item.content();
    let (body, undecryptable) = if let Some(message) = content.as_message() {
        (Some(message.body().to_owned()), None)
    } else if content.is_unable_to_decrypt() {
        (None, Some("This message could not be decrypted on this device.".to_owned()))
    } else {
        return None;
    };
    let timestamp_ms: u64 = item.timestamp().0.into();
    let verification = match item.encryption_info().map(|i| &i.verification_state) {
        Some(VerificationState::Verified) => "verified",
        Some(VerificationState::Unverified(_)) => "unverified",
        None if undecryptable.is_some() => "unverified",
        None => "unencrypted",
    };
    Some(Record {
        event_id: item.event_id().map(ToString::to_string),
        sender: item.sender().to_string(),
        sender_name: crate::live::sender_name(item),
        timestamp_ms,
        time: i64::try_from(timestamp_ms / 1000)
            .ok()
            .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
            .map_or_else(String::new, rfc3339),
        body,
        undecryptable,
        encrypted: undecryptable_or_encrypted(item),
        verification,
    })
}

fn undecryptable_or_encrypted(item: &EventTimelineItem) -> bool {
    item.content().is_unable_to_decrypt() || item.encryption_info().is_some()
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// A self-contained, script-free HTML page; every value is escaped.
fn render_html(room_id: &str, room_name: &str, records: &[Record]) -> String {
    let mut rows = String::new();
    for r in records {
        use std::fmt::Write as _;
        let text = r.body.as_deref().or(r.undecryptable.as_deref()).unwrap_or_default();
        let _ = writeln!(
            rows,
            "<tr><td>{}</td><td title=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(&r.time),
            escape(&r.sender),
            escape(&r.sender_name),
            escape(r.verification),
            escape(text).replace('\n', "<br>")
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{name} — Parley export</title>\
         <style>body{{font-family:sans-serif}}td{{vertical-align:top;padding:.2em .6em;border-bottom:1px solid #ccc}}</style>\
         </head><body><h1>{name}</h1><p>Room {id}, exported by Parley. {count} messages.</p>\n\
         <table><thead><tr><th>Time (UTC)</th><th>Sender</th><th>Verification</th><th>Message</th></tr></thead><tbody>\n{rows}</tbody></table></body></html>\n",
        name = escape(room_name),
        id = escape(room_id),
        count = records.len(),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(|e| export_error(dir, &e))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| export_error(dir, &e))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).and_then(|mut f| f.write_all(bytes)).map_err(|e| export_error(path, &e))
}

fn export_error(path: &Path, err: &std::io::Error) -> CoreError {
    CoreError::Internal { detail: format!("the export could not be written to {}: {err}", path.display()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything() {
        let records = vec![Record {
            event_id: Some("$e".into()),
            sender: "@m:example.org".into(),
            sender_name: "<script>x</script>".into(),
            timestamp_ms: 0,
            time: "1970-01-01T00:00:00Z".into(),
            body: Some("<img src=x onerror=alert(1)> & \"q\"".into()),
            undecryptable: None,
            encrypted: true,
            verification: "verified",
        }];
        let html = render_html("!r:example.org", "Team <b>", &records);
        assert!(!html.contains("<script>x") && !html.contains("<img") && !html.contains("<b>"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"));
    }
}
