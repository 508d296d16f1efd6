//! Incoming files are offers until the person accepts one; an accepted file goes through
//! quarantine before it reaches them (DESIGN.md §1):
//!
//! 1. download, streamed and stopped at `MaxIncomingFileSizeMb`, into the account's
//!    quarantine folder (0700, inside the profile, never the Downloads folder);
//! 2. decrypt (matrix-sdk's attachment decryptor checks the sender's hash);
//! 3. check name, type and archive contents (`parley_guard::file`);
//! 4. scan with the organisation's antivirus (`FileScannerAddress`, `parley_guard::scan`);
//! 5. release into the chosen folder under the safe name, never overwriting, with the
//!    mark-of-the-web, or keep it in quarantine and say why.
//!
//! Every decision is audited by event id, `mxc://` URI, hash and reason codes: never the
//! file's name or content.

mod download;
mod release;
mod scanner;

use std::path::{Path, PathBuf};

use matrix_sdk::ruma::{
    EventId, OwnedEventId, OwnedMxcUri,
    events::room::{MediaSource, message::MessageType},
};
use matrix_sdk_ui::timeline::{EventTimelineItem, Timeline};
use parley_guard::{
    file::{DetectedType, FileReport, FileRules, Reason, Verdict},
    scan::{ScanVerdict, ScannerAddress},
};
use parley_policy::Policy;
use serde::Serialize;
use tracing::{info, instrument, warn};

use crate::{
    engine::Engine,
    error::{CoreError, Result},
    views::SendReceipt,
};

/// The quarantine folder inside a profile.
const QUARANTINE_DIR: &str = "quarantine";
/// How far back `accept_file` pages through a room looking for the offer.
const OFFER_SEARCH_ROUNDS: usize = 8;

/// An incoming file as the timeline shows it: an offer, nothing fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileOffer {
    /// `file`, `image`, `video` or `audio`.
    pub kind: &'static str,
    /// The name exactly as the sender declared it (may hold deceptive characters; show
    /// `safe_name` as the name and this only as "sent as").
    pub name: String,
    /// The name it would be saved under.
    pub safe_name: String,
    /// Reason codes about the name alone (`double_extension`, `invisible_characters`, …).
    pub name_flags: Vec<&'static str>,
    /// The MIME type the sender declared.
    pub mime: Option<String>,
    /// The size the sender declared, in bytes.
    pub size: Option<u64>,
    /// Whether the file itself is end-to-end encrypted.
    pub encrypted: bool,
}

/// Where an accepted file ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileState {
    /// In the chosen folder, marked as downloaded.
    Released,
    /// Still in quarantine: blocked, infected, or not scanned where a scan is required.
    Quarantined,
}

/// What the antivirus said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanReport {
    /// The scanner asked (`FileScannerAddress`).
    pub scanner: String,
    /// Its answer; a scanner that could not be asked is `failed`, never `clean`.
    #[serde(flatten)]
    pub verdict: ScanVerdict,
}

/// The result of accepting a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileOutcome {
    /// The message that offered the file.
    pub event_id: String,
    /// Who sent it.
    pub sender: String,
    /// Whether Parley has verified the sender's identity (shown when opening).
    pub sender_verified: bool,
    /// Released or kept in quarantine.
    pub state: FileState,
    /// The file guard's verdict on name, type and contents.
    pub verdict: Verdict,
    /// The name it was (or would be) saved under.
    pub safe_name: String,
    /// The type found from the content.
    pub detected_type: Option<DetectedType>,
    /// Everything the file guard flagged.
    pub reasons: Vec<Reason>,
    /// The antivirus result; `None` when no scanner is configured.
    pub scan: Option<ScanReport>,
    /// Where the released file is.
    pub path: Option<PathBuf>,
    /// SHA-256 of the content, hex (for checking with the sender or IT).
    pub sha256: String,
    /// Things the person must know about a released file ("not scanned").
    pub warnings: Vec<String>,
    /// One sentence saying what happened.
    pub message: String,
}

/// The offer carried by a message, if it is a file, image, video or audio message.
pub(crate) fn file_offer(msgtype: &MessageType) -> Option<FileOffer> {
    let (kind, name, source, mime, size) = media_parts(msgtype)?;
    let safe = parley_guard::file::safe_name(name);
    Some(FileOffer {
        kind,
        name: name.to_owned(),
        safe_name: safe.name,
        name_flags: safe.reasons.iter().map(|r| r.code.as_str()).collect(),
        mime: mime.map(ToOwned::to_owned),
        size,
        encrypted: matches!(source, MediaSource::Encrypted(_)),
    })
}

type MediaParts<'a> = (&'static str, &'a str, &'a MediaSource, Option<&'a str>, Option<u64>);

fn media_parts(msgtype: &MessageType) -> Option<MediaParts<'_>> {
    // The four media content types share these fields but no trait.
    macro_rules! parts {
        ($kind:literal, $content:expr) => {{
            let info = $content.info.as_deref();
            let mime = info.and_then(|i| i.mimetype.as_deref());
            ($kind, $content.filename(), &$content.source, mime, info.and_then(|i| i.size).map(u64::from))
        }};
    }
    Some(match msgtype {
        MessageType::File(c) => parts!("file", c),
        MessageType::Image(c) => parts!("image", c),
        MessageType::Video(c) => parts!("video", c),
        MessageType::Audio(c) => parts!("audio", c),
        _ => return None,
    })
}

/// Runs the scanner named by a `FileScannerAddress` string on a file (for
/// `parleyctl file inspect --scanner`). Blocking. A scanner that cannot be reached or
/// answers something unexpected is reported as `failed`.
pub fn scan_path(address: &str, path: &Path) -> ScanReport {
    let verdict = match address.parse::<ScannerAddress>() {
        Ok(parsed) => scanner::scan_file(&parsed, path)
            .unwrap_or_else(|e| ScanVerdict::Failed { reason: e.to_string() }),
        Err(e) => ScanVerdict::Failed { reason: e.to_string() },
    };
    ScanReport { scanner: address.to_owned(), verdict }
}

/// Released, or kept with the reason and its audit code.
#[derive(Debug, PartialEq, Eq)]
enum Decision {
    Release { warnings: Vec<String> },
    Hold { code: &'static str, why: String },
}

/// The release rule. Fail closed: anything short of "checks passed" plus either a clean
/// scan or (without `FileScanRequired`) a visible "not scanned" warning keeps the file.
fn decide(report: &FileReport, scan: Option<&ScanVerdict>, scan_required: bool) -> Decision {
    if report.verdict == Verdict::Block {
        let first = report.reasons.iter().find(|r| r.severity == parley_guard::file::Severity::Block);
        let why = first.map_or_else(
            || "it is a dangerous kind of file".to_owned(),
            |r| r.message.trim_end_matches('.').to_owned(),
        );
        return Decision::Hold {
            code: "blocked",
            why: format!("Parley blocked this file and it cannot be opened from Parley: {why}."),
        };
    }
    let mut warnings: Vec<String> = report
        .reasons
        .iter()
        .filter(|r| r.severity == parley_guard::file::Severity::Warn)
        .map(|r| r.message.clone())
        .collect();
    match scan {
        Some(ScanVerdict::Clean) => {}
        Some(ScanVerdict::Infected { signature }) => {
            return Decision::Hold {
                code: "infected",
                why: format!("The antivirus found {signature} in this file, so it stays in quarantine."),
            };
        }
        Some(ScanVerdict::Failed { reason }) if scan_required => {
            return Decision::Hold {
                code: "scan_failed",
                why: format!(
                    "The file could not be scanned ({}) and your organisation requires a scan, so it stays in quarantine.",
                    reason.trim_end_matches('.')
                ),
            };
        }
        Some(ScanVerdict::Failed { reason }) => warnings.push(format!(
            "Not scanned: the antivirus could not check this file ({}). Be careful opening it.",
            reason.trim_end_matches('.')
        )),
        None if scan_required => {
            return Decision::Hold {
                code: "no_scanner",
                why: "Your organisation requires every file to be scanned, but no antivirus scanner is set up, so the file stays in quarantine."
                    .into(),
            };
        }
        None => warnings.push("Not scanned: no antivirus scanner is set up. Be careful opening it.".into()),
    }
    Decision::Release { warnings }
}

/// The account's quarantine folder, created owner-only.
pub(crate) fn quarantine_dir(profile_dir: &Path) -> Result<PathBuf> {
    let dir = profile_dir.join(QUARANTINE_DIR);
    std::fs::create_dir_all(&dir).map_err(|e| CoreError::profile(&dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| CoreError::profile(&dir, e))?;
    }
    Ok(dir)
}

/// Removes downloads a killed process left half-written in the account's quarantine
/// folder (they were never checked, so nothing may ever use them). Returns how many.
pub(crate) fn remove_unfinished_downloads(profile_dir: &Path) -> usize {
    download::remove_unfinished(&profile_dir.join(QUARANTINE_DIR))
}

/// The folder released files go to: `PARLEY_DOWNLOAD_DIR`, else the user's Downloads.
pub fn default_download_dir() -> Option<PathBuf> {
    std::env::var_os("PARLEY_DOWNLOAD_DIR").map(PathBuf::from).or_else(dirs::download_dir)
}

/// A file in quarantine with its checks done.
struct Checked {
    path: PathBuf,
    sha256: String,
    report: FileReport,
    scan: Option<ScanReport>,
}

/// Everything `accept_file` needs to know about the offer, taken from its event.
struct Accepted {
    room_id: String,
    event_id: OwnedEventId,
    sender: matrix_sdk::ruma::OwnedUserId,
    offer: FileOffer,
    mxc: OwnedMxcUri,
    encrypted: Option<matrix_sdk::ruma::events::room::EncryptedFile>,
}

impl Engine {
    /// Accepts the file offered by `event_id` (searched in `room_id`, or in every joined
    /// room): downloads it into quarantine, checks it, scans it and releases it into
    /// `destination` (default: [`default_download_dir`]) or keeps it in quarantine.
    ///
    /// `Ok` means the checks ran to a decision ([`FileOutcome::state`] says which);
    /// `Err` means no decision could be made (too large, not found, download failed) and
    /// nothing was kept.
    #[instrument(skip(self, destination))]
    pub async fn accept_file(
        &self,
        room_id: Option<&str>,
        event_id: &str,
        destination: Option<&Path>,
    ) -> Result<FileOutcome> {
        let event_id = <&EventId>::try_from(event_id)
            .map_err(|_| CoreError::InvalidId { kind: "event ID", input: event_id.to_owned() })?
            .to_owned();
        let accepted = Box::pin(self.find_offer(room_id, &event_id)).await?;
        let policy = self.policy();
        let audit = |decision: &str| {
            crate::audit::AuditEvent::new("file", decision.to_owned())
                .with("room_id", accepted.room_id.clone())
                .with("event_id", accepted.event_id.to_string())
                .with("mxc", accepted.mxc.to_string())
        };
        let limit_mb = policy.max_incoming_file_size_mb;
        let limit_bytes = u64::from(limit_mb) * 1024 * 1024;
        if accepted.offer.size.is_some_and(|size| size > limit_bytes) {
            self.audit(audit("refused_too_large").with("declared_size", accepted.offer.size));
            return Err(CoreError::FileTooLarge { limit_mb });
        }
        let destination = match destination {
            Some(folder) => folder.to_owned(),
            None => default_download_dir().ok_or(CoreError::NoDownloadFolder)?,
        };
        let quarantine = quarantine_dir(self.profile_dir())?;
        self.audit(audit("accepted"));
        let fetched = self.fetch_into_quarantine(&accepted, &quarantine, limit_bytes, limit_mb).await;
        let (path, sha256) = match fetched {
            Ok(done) => done,
            Err(e) => {
                self.audit(audit("download_failed").with("code", e.code()));
                return Err(e);
            }
        };
        let (report, scan) =
            check_file(path.clone(), accepted.offer.name.clone(), accepted.offer.mime.clone(), &policy)
                .await?;
        let decision = decide(&report, scan.as_ref().map(|s| &s.verdict), policy.file_scan_required);
        let record = audit("");
        let outcome = self
            .conclude(&accepted, decision, Checked { path, sha256, report, scan }, &destination, record)
            .await?;
        self.inner
            .accepted_files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(outcome.event_id.clone(), outcome.clone());
        self.emit(crate::views::EngineEvent::FileChecked {
            room_id: accepted.room_id.clone(),
            outcome: outcome.clone(),
        });
        Ok(outcome)
    }

    /// Carries out the decision (release or keep), audits it and describes it.
    async fn conclude(
        &self,
        accepted: &Accepted,
        decision: Decision,
        checked: Checked,
        destination: &Path,
        record: crate::audit::AuditEvent,
    ) -> Result<FileOutcome> {
        let Checked { path, sha256, report, scan } = checked;
        let reason_codes: Vec<&str> = report.reasons.iter().map(|r| r.code.as_str()).collect();
        let (scan_result, signature) = match scan.as_ref().map(|s| &s.verdict) {
            None => (None, None),
            Some(ScanVerdict::Clean) => (Some("clean"), None),
            Some(ScanVerdict::Infected { signature }) => (Some("infected"), Some(signature.clone())),
            Some(ScanVerdict::Failed { .. }) => (Some("failed"), None),
        };
        let record = record
            .with("sha256", sha256.clone())
            .with("verdict", serde_json::to_value(report.verdict).unwrap_or_default())
            .with("reasons", reason_codes)
            .with("scan", scan_result)
            .with("signature", signature);
        let sender_verified = self
            .inner
            .client
            .encryption()
            .get_user_identity(&accepted.sender)
            .await
            .ok()
            .flatten()
            .is_some_and(|identity| identity.is_verified());
        let mut outcome = FileOutcome {
            event_id: accepted.event_id.to_string(),
            sender: accepted.sender.to_string(),
            sender_verified,
            state: FileState::Quarantined,
            verdict: report.verdict,
            safe_name: report.safe_name.clone(),
            detected_type: report.detected_type.clone(),
            reasons: report.reasons.clone(),
            scan,
            path: None,
            sha256,
            warnings: Vec::new(),
            message: String::new(),
        };
        match decision {
            Decision::Hold { code, why } => {
                info!(code, "file kept in quarantine");
                self.audit(record.clone().decided(format!("quarantined_{code}")));
                outcome.message = why;
            }
            Decision::Release { warnings } => {
                let origin = release::Origin { mxc: accepted.mxc.to_string(), referrer: permalink(accepted) };
                let safe_name = report.safe_name.clone();
                let destination = destination.to_owned();
                let released = tokio::task::spawn_blocking(move || {
                    release::release(&path, &destination, &safe_name, &origin)
                })
                .await
                .map_err(CoreError::internal)?;
                match released {
                    Ok(released) => {
                        let unscanned = outcome.scan.as_ref().is_none_or(|s| s.verdict != ScanVerdict::Clean);
                        self.audit(record.decided(if unscanned { "released_unscanned" } else { "released" }));
                        outcome.message = if unscanned {
                            format!("Saved {} without an antivirus scan.", report.safe_name)
                        } else {
                            format!("Saved {} after a clean antivirus scan.", report.safe_name)
                        };
                        outcome.state = FileState::Released;
                        outcome.path = Some(released);
                        outcome.warnings = warnings;
                    }
                    Err(e) => {
                        warn!(error = %e, "release failed; the file stays in quarantine");
                        self.audit(record.decided("quarantined_release_failed"));
                        outcome.message = e.to_string();
                    }
                }
            }
        }
        Ok(outcome)
    }

    /// The released file of `event_id`, for opening after the person confirmed that the
    /// sender really sent it. Files kept in quarantine can never be opened from Parley.
    pub fn file_to_open(&self, event_id: &str) -> Result<PathBuf> {
        let accepted = self.inner.accepted_files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let outcome = accepted.get(event_id).ok_or(CoreError::UnknownFile)?;
        let path = match (&outcome.state, &outcome.path) {
            (FileState::Released, Some(path)) if path.is_file() => path.clone(),
            (FileState::Released, _) => {
                return Err(CoreError::FileUnreadable { detail: "it was moved or deleted".into() });
            }
            (FileState::Quarantined, _) => return Err(CoreError::FileQuarantined),
        };
        drop(accepted);
        self.audit(crate::audit::AuditEvent::new("file", "opened").with("event_id", event_id.to_owned()));
        Ok(path)
    }

    async fn find_offer(&self, room_id: Option<&str>, event_id: &EventId) -> Result<Accepted> {
        let rooms = match room_id {
            Some(room_id) => vec![self.joined_room(room_id)?],
            None => self.inner.client.joined_rooms(),
        };
        for room in rooms {
            let timeline = self.timeline(&room).await?;
            if let Some(mut item) = find_item(&timeline, event_id).await? {
                // A fresh process can meet the offer before its key: give the key a moment.
                if item.content().is_unable_to_decrypt() {
                    crate::live::await_decryption(&timeline).await;
                    item = timeline.item_by_event_id(event_id).await.unwrap_or(item);
                }
                let content = item.content().as_message().ok_or(CoreError::NotAFile)?;
                let offer = file_offer(content.msgtype()).ok_or(CoreError::NotAFile)?;
                let (_, _, source, _, _) = media_parts(content.msgtype()).ok_or(CoreError::NotAFile)?;
                let (mxc, encrypted) = match source {
                    MediaSource::Plain(mxc) => (mxc.clone(), None),
                    MediaSource::Encrypted(file) => (file.url.clone(), Some((**file).clone())),
                };
                return Ok(Accepted {
                    room_id: room.room_id().to_string(),
                    event_id: event_id.to_owned(),
                    sender: item.sender().to_owned(),
                    offer,
                    mxc,
                    encrypted,
                });
            }
        }
        Err(CoreError::UnknownFile)
    }

    async fn fetch_into_quarantine(
        &self,
        accepted: &Accepted,
        quarantine: &Path,
        limit_bytes: u64,
        limit_mb: u32,
    ) -> Result<(PathBuf, String)> {
        let client = &self.inner.client;
        let token = client.access_token().ok_or(CoreError::NotLoggedIn)?;
        let homeserver = client.homeserver();
        let fetch = download::Fetch {
            http: &self.inner.media_http,
            homeserver: &homeserver,
            access_token: &token,
            limit_bytes,
            limit_mb,
        };
        let name = download::random_name();
        let plain = quarantine.join(&name);
        // Written under a suffix and renamed when complete, so a process killed half-way
        // leaves nothing that looks like a checked file (and the next start removes it).
        let partial = quarantine.join(format!("{name}.partial"));
        let sha = if let Some(info) = accepted.encrypted.clone() {
            let ciphertext = quarantine.join(format!("{name}.encrypted"));
            download::stream_to_file(&fetch, &accepted.mxc, &ciphertext).await.map_err(file_error)?;
            let (from, to) = (ciphertext.clone(), partial.clone());
            let decrypted = tokio::task::spawn_blocking(move || download::decrypt_file(&from, &info, &to))
                .await
                .map_err(CoreError::internal)?;
            let _ = tokio::fs::remove_file(&ciphertext).await;
            decrypted.map_err(file_error)?
        } else {
            download::stream_to_file(&fetch, &accepted.mxc, &partial).await.map_err(file_error)?;
            let hash_path = partial.clone();
            let hashed = tokio::task::spawn_blocking(move || download::hash_file(&hash_path))
                .await
                .map_err(CoreError::internal)?;
            if hashed.is_err() {
                let _ = tokio::fs::remove_file(&partial).await;
            }
            hashed.map_err(file_error)?
        };
        if let Err(e) = tokio::fs::rename(&partial, &plain).await {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(CoreError::profile(&plain, e));
        }
        Ok((plain, hex::encode(sha)))
    }

    /// Sends a file into a room, encrypted like every message. The same size limit as for
    /// incoming files applies, and outgoing DLP checks the file's name.
    #[instrument(skip(self, path))]
    pub async fn send_file(
        &self,
        room_id: &str,
        path: &Path,
        options: crate::SendOptions,
    ) -> Result<SendReceipt> {
        let room = self.joined_room(room_id)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| CoreError::FileUnreadable { detail: "it has no file name".into() })?;
        self.check_outgoing("file name", &name, options.sensitive_data_confirmed)?;
        let policy = self.policy();
        let limit_mb = policy.max_incoming_file_size_mb;
        let size =
            std::fs::metadata(path).map_err(|e| CoreError::FileUnreadable { detail: e.to_string() })?.len();
        if size > u64::from(limit_mb) * 1024 * 1024 {
            return Err(CoreError::FileTooLarge { limit_mb });
        }
        if policy.require_encryption && !crate::encryption_check::confirm_encrypted(&room).await? {
            self.audit(
                crate::audit::AuditEvent::new("unencrypted_room", "send_refused").with("room_id", room_id),
            );
            return Err(CoreError::UnencryptedRoom);
        }
        self.hold_for_identity_changes(&room).await?;
        self.check_external(&room, options.external_members_confirmed).await?;
        let data =
            tokio::fs::read(path).await.map_err(|e| CoreError::FileUnreadable { detail: e.to_string() })?;
        let mime = declared_mime(&data);
        // Declare the size so receivers can refuse a file over their limit before fetching it.
        let info = matrix_sdk::attachment::BaseFileInfo { size: matrix_sdk::ruma::UInt::new(size) };
        let config = matrix_sdk::attachment::AttachmentConfig::new()
            .info(matrix_sdk::attachment::AttachmentInfo::File(info));
        let response = room
            .send_attachment(name, &mime, data, config)
            .await
            .map_err(|e| CoreError::SendFailed { detail: e.to_string() })?;
        Ok(SendReceipt { transaction_id: String::new(), event_id: Some(response.event_id.to_string()) })
    }
}

/// The MIME type to declare for an outgoing file, from its content (never from its name,
/// which the person may have got wrong).
fn declared_mime(data: &[u8]) -> mime::Mime {
    parley_guard::file::detect(data)
        .and_then(|t| t.mime.parse().ok())
        .unwrap_or(mime::APPLICATION_OCTET_STREAM)
}

/// Looks for the event among the loaded items, then pages back a little.
async fn find_item(timeline: &Timeline, event_id: &EventId) -> Result<Option<EventTimelineItem>> {
    for _ in 0..OFFER_SEARCH_ROUNDS {
        if let Some(item) = timeline.item_by_event_id(event_id).await {
            return Ok(Some(item));
        }
        let hit_start =
            timeline.paginate_backwards(50).await.map_err(|e| CoreError::Server { detail: e.to_string() })?;
        if hit_start {
            return Ok(timeline.item_by_event_id(event_id).await);
        }
    }
    Ok(None)
}

fn permalink(accepted: &Accepted) -> String {
    format!("https://matrix.to/#/{}/{}", accepted.room_id, accepted.event_id)
}

/// With `AutoAcceptFiles`, accepts every file offered to this account as it arrives (the
/// checks and the quarantine apply exactly as for a click). Offers from before this run, and
/// the account's own files, are left alone.
pub(crate) async fn auto_accept(engine: Engine) {
    let mut events = engine.subscribe();
    loop {
        let view = match events.recv().await {
            Ok(crate::views::EngineEvent::Message(view)) => view,
            Ok(_) => continue,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(skipped)) => {
                warn!(skipped, "file offers may have been missed by auto-accept");
                continue;
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        };
        let (Some(_), Some(event_id), false) = (&view.file, &view.event_id, view.own) else { continue };
        if !engine.policy().auto_accept_files {
            continue;
        }
        // The outcome goes out as a `FileChecked` event; a failure is audited inside.
        if let Err(e) = engine.accept_file(Some(&view.room_id), event_id, None).await {
            warn!(code = e.code(), "automatic accept failed");
        }
    }
}

/// Name/type/archive checks and the scan, off the async runtime (both read the file).
async fn check_file(
    path: PathBuf,
    name: String,
    mime: Option<String>,
    policy: &Policy,
) -> Result<(FileReport, Option<ScanReport>)> {
    let rules = FileRules::from_policy(policy);
    let scanner = policy.file_scanner_address.clone();
    tokio::task::spawn_blocking(move || {
        let report = parley_guard::file::inspect_path(&path, &name, mime.as_deref(), &rules)
            .map_err(|e| CoreError::FileUnreadable { detail: e.to_string() })?;
        let scan = scanner.map(|address| scan_path(&address, &path));
        Ok((report, scan))
    })
    .await
    .map_err(CoreError::internal)?
}

fn file_error(e: download::DownloadError) -> CoreError {
    match e {
        download::DownloadError::TooLarge { limit_mb } => CoreError::FileTooLarge { limit_mb },
        other => CoreError::FileDownload { detail: other.to_string() },
    }
}

#[cfg(test)]
mod tests;
