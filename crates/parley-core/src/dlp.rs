//! Outgoing data-loss prevention in the send path (issue 12).
//!
//! Every outgoing text is scanned on this machine, before encryption, with
//! [`parley_guard::dlp`]. What happens next is the `DlpMode` policy: `off` sends, `warn`
//! refuses unless the caller says the person saw the findings and confirmed, `block`
//! refuses. Decisions are recorded by kind and count, never by content.

use std::collections::BTreeMap;

use parley_guard::dlp::{Finding, Scanner};
use parley_policy::{DlpMode, Policy};
use serde::Serialize;

use crate::error::{CoreError, Result};

/// The DLP settings in force: the mode and the compiled scanner (organisation patterns
/// are compiled once, when the policy is applied).
#[derive(Debug, Clone)]
pub(crate) struct OutgoingDlp {
    mode: DlpMode,
    scanner: Scanner,
}

/// What a scan of outgoing text found, and what the policy will do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DlpReport {
    /// The `DlpMode` in force: `off`, `warn` or `block`.
    pub mode: DlpMode,
    /// What was found (kind and UTF-8 byte offsets; no copy of the text). Empty when `off`.
    pub findings: Vec<Finding>,
    /// One phrase naming the kinds found, for people ("a payment card number").
    pub summary: String,
    /// The ids of the kinds `summary` names, in its order (`payment_card`, `custom:NAME`), so
    /// the UI can name them in its own language.
    pub kinds: Vec<String>,
}

impl DlpReport {
    /// Whether sending needs the person's confirmation (`warn` with findings).
    pub fn needs_confirmation(&self) -> bool {
        self.mode == DlpMode::Warn && !self.findings.is_empty()
    }

    /// Whether sending is refused whatever the person says (`block` with findings).
    pub fn blocked(&self) -> bool {
        self.mode == DlpMode::Block && !self.findings.is_empty()
    }
}

impl OutgoingDlp {
    /// Compiles the policy's patterns. A bad organisation pattern is skipped and reported
    /// (the built-in detectors stay on: fail safe).
    pub(crate) fn from_policy(policy: &Policy) -> Self {
        let (scanner, errors) = Scanner::from_policy(policy);
        for error in errors {
            tracing::warn!(%error, "DlpCustomPatterns: pattern ignored");
        }
        Self { mode: policy.dlp_mode, scanner }
    }

    /// Scans `text` under the mode in force.
    pub(crate) fn scan(&self, text: &str) -> DlpReport {
        let findings = if self.mode == DlpMode::Off { Vec::new() } else { self.scanner.scan(text) };
        let summary = parley_guard::dlp::describe(&findings);
        let kinds = parley_guard::dlp::distinct_kinds(&findings).iter().map(|k| k.id()).collect();
        DlpReport { mode: self.mode, findings, summary, kinds }
    }

    /// Decides whether `text` may leave. `what` names the outgoing item for the audit
    /// record ("message", "file name"); `confirmed` is the person's "send anyway". The
    /// decision goes to `audit` by kinds and counts only, never the text or the values.
    pub(crate) fn gate(
        &self,
        what: &'static str,
        text: &str,
        confirmed: bool,
        audit: Option<&crate::audit::AuditLog>,
    ) -> Result<()> {
        let report = self.scan(text);
        if report.findings.is_empty() {
            return Ok(());
        }
        let counts: BTreeMap<String, usize> = parley_guard::dlp::summarize(&report.findings);
        let decision = if report.blocked() {
            "blocked"
        } else if confirmed {
            "sent_after_confirmation"
        } else {
            "held_for_confirmation"
        };
        if let Some(log) = audit {
            log.record(
                &crate::audit::AuditEvent::new("dlp", decision)
                    .with("item", what)
                    .with("mode", serde_json::to_value(report.mode).unwrap_or_default())
                    .with("kinds", serde_json::to_value(&counts).unwrap_or_default()),
            );
        }
        if report.blocked() {
            Err(CoreError::SensitiveDataBlocked { kinds: report.summary, kind_ids: report.kinds })
        } else if report.needs_confirmation() && !confirmed {
            Err(CoreError::SensitiveDataUnconfirmed { kinds: report.summary, kind_ids: report.kinds })
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dlp(mode: DlpMode) -> OutgoingDlp {
        let mut policy = Policy::hardened_default();
        policy.dlp_mode = mode;
        OutgoingDlp::from_policy(&policy)
    }

    const CARD: &str = "pay with 4111 1111 1111 1111";

    #[test]
    fn warn_needs_confirmation() {
        let err = dlp(DlpMode::Warn).gate("message", CARD, false, None);
        assert!(matches!(err, Err(CoreError::SensitiveDataUnconfirmed { .. })), "{err:?}");
        assert!(dlp(DlpMode::Warn).gate("message", CARD, true, None).is_ok());
        assert!(dlp(DlpMode::Warn).gate("message", "hello", false, None).is_ok());
    }

    #[test]
    fn block_refuses_even_when_confirmed_and_names_the_kind_not_the_content() {
        let err = dlp(DlpMode::Block).gate("message", CARD, true, None).err();
        let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(matches!(err, Some(CoreError::SensitiveDataBlocked { .. })), "{err:?}");
        assert!(text.contains("payment card number") && !text.contains("4111"), "{text}");
    }

    #[test]
    fn off_scans_nothing() {
        assert!(dlp(DlpMode::Off).gate("message", CARD, false, None).is_ok());
        assert!(dlp(DlpMode::Off).scan(CARD).findings.is_empty());
    }
}
