//! The Activity page: the account's audit log in plain words, and whether it verifies.

use serde::Serialize;
use tauri::State;

use super::AppState;
use crate::error::UiError;

/// Entries shown at most (newest first).
const MAX_ENTRIES: usize = 500;

/// One line of the Activity page.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityItem {
    seq: u64,
    time: String,
    kind: String,
    decision: String,
    /// The entry in plain words.
    text: String,
}

/// The Activity page's data.
#[derive(Debug, Clone, Serialize)]
pub struct ActivityView {
    /// Whether the log's hash chain (and its end, against the keyring) verifies.
    intact: bool,
    /// One sentence about the log's state.
    status: String,
    /// Newest first.
    entries: Vec<ActivityItem>,
}

/// The signed-in account's audit log.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub fn activity(state: State<'_, AppState>) -> Result<ActivityView, UiError> {
    let engine = state.engine()?;
    let Some(log) = engine.audit_log() else {
        return Ok(ActivityView {
            intact: true,
            status: "The audit log is off (AuditLog policy), or could not be opened.".to_owned(),
            entries: Vec::new(),
        });
    };
    let (intact, status) = match log.verify() {
        Ok(v) => (true, format!("The log is intact: {} entries, none changed or removed.", v.entries)),
        Err(broken) => (false, format!("The log was tampered with: {broken}")),
    };
    let entries = parley_core::audit::read_entries(log.dir())
        .map_err(|e| UiError::new("audit_unreadable", format!("The audit log cannot be read: {e}.")))?
        .into_iter()
        .rev()
        .take(MAX_ENTRIES)
        .map(|e| ActivityItem {
            text: parley_core::audit::describe(&e),
            seq: e.seq,
            time: e.time,
            kind: e.kind,
            decision: e.decision,
        })
        .collect();
    Ok(ActivityView { intact, status, entries })
}
