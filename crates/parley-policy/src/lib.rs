#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

/// The policy values in force for one account (DESIGN.md §4).
///
/// Only the keys the engine already enforces are here; the full schema, its
/// sources (Linux JSON, Windows registry, macOS profiles) and locking grow from
/// this type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
// Each field is an independent on/off policy key (DESIGN.md §4); an enum or state
// machine would obscure the one-to-one mapping to policy keys.
#[allow(clippy::struct_excessive_bools)]
pub struct Policy {
    /// `RequireEncryption`: refuse to send into rooms that are not end-to-end encrypted.
    pub require_encryption: bool,
    /// `SendReadReceipts`: send public read receipts (otherwise only private ones).
    pub send_read_receipts: bool,
    /// `SendTypingNotifications`: tell others when the user is typing.
    pub send_typing_notifications: bool,
    /// `SharePresence`: publish online/offline presence.
    pub share_presence: bool,
    /// `DlpMode`: what happens when an outgoing message holds sensitive data.
    pub dlp_mode: DlpMode,
    /// `DlpCustomPatterns`: organisation patterns, each `name=regex`.
    pub dlp_custom_patterns: Vec<String>,
}

/// `DlpMode`: how outgoing data-loss prevention reacts to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DlpMode {
    /// No scanning.
    Off,
    /// Show the findings; the user confirms or edits before sending.
    #[default]
    Warn,
    /// Messages with findings cannot be sent.
    Block,
}

impl Policy {
    /// The built-in hardened defaults, in force when no policy says otherwise.
    pub const fn hardened_default() -> Self {
        Self {
            require_encryption: true,
            send_read_receipts: false,
            send_typing_notifications: false,
            share_presence: false,
            dlp_mode: DlpMode::Warn,
            dlp_custom_patterns: Vec::new(),
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Self::hardened_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_share_nothing_and_require_encryption() {
        let p = Policy::default();
        assert!(p.require_encryption);
        assert!(!p.send_read_receipts && !p.send_typing_notifications && !p.share_presence);
    }
}
