//! The policy schema: every key, written once (DESIGN.md §4).
//!
//! [`policy_keys!`] turns the table at the bottom of this file into the [`Policy`]
//! struct, its hardened defaults, the [`PolicyKey`] enum and the [`KEYS`] table that
//! validation, locking, `explain`, the templates (JSON Schema, ADMX/ADML,
//! `.mobileconfig`) and `docs/admin/policy.md` are all derived from.

use serde_json::Value;

use crate::kind::{EnumVariant, Item, Kind, StrFormat};

/// Everything the generators and validators know about one key.
#[derive(Debug, Clone, Copy)]
pub struct KeySpec {
    /// The key.
    pub key: PolicyKey,
    /// The key's name as written in policy files (`RequireEncryption`).
    pub name: &'static str,
    /// What the key does (from its doc comment).
    pub doc: &'static str,
    /// The value's type and constraints.
    pub kind: Kind,
    /// The hardened default in words (`true`, `none (the user types one)`, …).
    pub default_text: &'static str,
}

impl KeySpec {
    /// The first line of the doc comment: a one-sentence summary.
    pub fn summary(&self) -> &'static str {
        self.doc.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
    }

    /// The doc comment as one paragraph.
    pub fn description(&self) -> String {
        self.doc.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// Declares an enumerated policy value once: the Rust enum, its serde names and
/// the variant list the validator and templates use.
macro_rules! policy_enum {
    (
        $(#[doc = $doc:literal])*
        $name:ident default $default:ident {
            $( $(#[doc = $vdoc:literal])+ $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[doc = $vdoc])+ #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            /// Every allowed value, as written in policy files.
            pub const VARIANTS: &'static [EnumVariant] =
                &[$( EnumVariant { value: $text, doc: concat!($($vdoc),+) } ),+];

            /// The value as written in policy files.
            pub const fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $text, )+ }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::$default
            }
        }
    };
}

policy_enum! {
    /// `DlpMode`: how outgoing data-loss prevention reacts to a finding.
    DlpMode default Warn {
        /// No scanning.
        Off = "off",
        /// Show the findings; the user confirms or edits before sending.
        Warn = "warn",
        /// Messages with findings cannot be sent.
        Block = "block",
    }
}

policy_enum! {
    /// `LinksFromUnknownSenders`: what links from people the user does not know can do.
    UnknownSenderLinks default CopyOnly {
        /// The link can only be copied, never opened from Parley.
        CopyOnly = "copy-only",
        /// The link can be opened after a warning.
        Warn = "warn",
    }
}

policy_enum! {
    /// `MediaAutoDisplay`: when images and media are decoded without a click.
    MediaAutoDisplay default Never {
        /// Only after the user asks.
        Never = "never",
        /// Automatically from verified or known senders.
        KnownSenders = "known-senders",
        /// Always (not recommended: zero-click exploits).
        Always = "always",
    }
}

policy_enum! {
    /// `NotificationContent`: what desktop notifications show.
    NotificationContent default Sender {
        /// Only that something arrived.
        Hidden = "hidden",
        /// The sender and room, not the message.
        Sender = "sender",
        /// The sender and the message text.
        Full = "full",
    }
}

policy_enum! {
    /// `NotificationFloor`: the least a person may ask to be told about a room.
    NotificationFloor default Mentions {
        /// Every event pops up; rooms cannot be quietened.
        All = "all",
        /// Rooms can be quietened down to mentions, replies and reactions.
        Mentions = "mentions",
        /// Rooms can be muted (the notification centre still records everything).
        Muted = "muted",
    }
}

policy_enum! {
    /// `KeySharing`: which devices receive room keys.
    KeySharing default IdentityBased {
        /// Devices of cross-signed identities.
        IdentityBased = "identity-based",
        /// Only devices the user verified.
        TrustedDevicesOnly = "trusted-devices-only",
    }
}

policy_enum! {
    /// `IncomingContentFilterAction`: what happens to an incoming message that matches `IncomingContentFilter`.
    IncomingContentFilterAction default Hide {
        /// Hidden behind a notice; the person may show it anyway.
        Hide = "hide",
        /// Not shown at all (the audit log records it).
        Remove = "remove",
    }
}

policy_enum! {
    /// `InvitesFromUnknown`: what happens to invitations from people the user does not know.
    InvitesFromUnknown default Requests {
        /// They go to the Requests inbox, rendered inert.
        Requests = "requests",
        /// They are declined silently.
        Block = "block",
    }
}

policy_enum! {
    /// `AutoUpdate`: how Parley updates itself.
    AutoUpdate default Notify {
        /// Never look for updates.
        Off = "off",
        /// Tell the user an update is available.
        Notify = "notify",
        /// Download, verify and install updates.
        Install = "install",
    }
}

policy_enum! {
    /// One entry of `LoginMethods`.
    LoginMethod default Password {
        /// User name and password.
        Password = "password",
        /// Single sign-on through the homeserver.
        Sso = "sso",
        /// OAuth 2.0 (next-generation Matrix authentication).
        Oauth = "oauth",
    }
}

/// File extensions blocked by default (`BlockedFileExtensions`): executables, scripts,
/// installers, shortcuts, disk images, macro-enabled documents and SVG, on any desktop OS.
///
/// Derived from Chromium's Safe Browsing download file types (every type it rates
/// `dangerous` or `allow_on_user_gesture` on any platform) plus Parley's additions; the
/// source of truth with the provenance of each entry is
/// `crates/parley-guard/data/dangerous_file_types.txt`, and a parley-guard test keeps this
/// copy equal to its `block` rows.
pub const BUILTIN_BLOCKED_EXTENSIONS: &[&str] = &[
    "accda",
    "accdb",
    "accde",
    "accdr",
    "action",
    "ad",
    "ade",
    "adp",
    "apk",
    "app",
    "appimage",
    "appinstaller",
    "applescript",
    "application",
    "appref-ms",
    "appx",
    "appxbundle",
    "as",
    "asp",
    "asx",
    "bas",
    "bash",
    "bat",
    "cab",
    "caction",
    "cdr",
    "cer",
    "cfg",
    "chi",
    "chm",
    "class",
    "cmd",
    "com",
    "command",
    "configprofile",
    "cpgz",
    "cpi",
    "cpl",
    "crt",
    "crx",
    "csh",
    "dart",
    "dc42",
    "deb",
    "definition",
    "der",
    "desktop",
    "dex",
    "diagcab",
    "diskcopy42",
    "dll",
    "dmg",
    "dmgpart",
    "docm",
    "dotm",
    "drv",
    "dvdr",
    "dylib",
    "efi",
    "exe",
    "fileloc",
    "flatpak",
    "flatpakref",
    "flatpakrepo",
    "fon",
    "fxp",
    "gadget",
    "grp",
    "hlp",
    "hta",
    "htt",
    "img",
    "imgpart",
    "inetloc",
    "inf",
    "ini",
    "ins",
    "internetconnect",
    "inx",
    "iqy",
    "iso",
    "isp",
    "isu",
    "jar",
    "jnlp",
    "job",
    "js",
    "jse",
    "ksh",
    "library-ms",
    "lnk",
    "local",
    "mad",
    "maf",
    "mag",
    "mam",
    "manifest",
    "maq",
    "mar",
    "mas",
    "mat",
    "mau",
    "mav",
    "maw",
    "mda",
    "mdb",
    "mde",
    "mdt",
    "mdw",
    "mdz",
    "mht",
    "mhtml",
    "mmc",
    "mobileconfig",
    "mof",
    "mpkg",
    "msc",
    "msh",
    "msh1",
    "msh1xml",
    "msh2",
    "msh2xml",
    "mshxml",
    "msi",
    "msix",
    "msixbundle",
    "msp",
    "mst",
    "msu",
    "ndif",
    "networkconnect",
    "ocx",
    "ops",
    "osas",
    "osax",
    "out",
    "oxt",
    "paf",
    "partial",
    "pax",
    "pcd",
    "pet",
    "pif",
    "pkg",
    "pl",
    "plg",
    "potm",
    "ppam",
    "ppsm",
    "pptm",
    "prf",
    "prg",
    "ps1",
    "ps1xml",
    "ps2",
    "ps2xml",
    "psc1",
    "psc2",
    "psd1",
    "psm1",
    "pst",
    "pup",
    "py",
    "pyc",
    "pyd",
    "pyo",
    "pyw",
    "rb",
    "reg",
    "rgs",
    "rpm",
    "run",
    "scf",
    "scpt",
    "scptd",
    "scr",
    "sct",
    "search-ms",
    "searchconnector-ms",
    "seplugin",
    "service",
    "settingcontent-ms",
    "sh",
    "shar",
    "shb",
    "shs",
    "sldm",
    "slk",
    "slp",
    "smi",
    "snap",
    "sparsebundle",
    "sparseimage",
    "spl",
    "svg",
    "svgz",
    "swf",
    "sys",
    "tcsh",
    "terminal",
    "theme",
    "themepack",
    "toast",
    "u3p",
    "udif",
    "url",
    "vb",
    "vbe",
    "vbs",
    "vbscript",
    "vhd",
    "vhdx",
    "vsdm",
    "vsmacros",
    "vssm",
    "vstm",
    "vsw",
    "vxd",
    "webloc",
    "website",
    "wflow",
    "workflow",
    "ws",
    "wsb",
    "wsc",
    "wsf",
    "wsh",
    "xbap",
    "xip",
    "xla",
    "xlam",
    "xll",
    "xlm",
    "xlsm",
    "xltm",
    "xnk",
    "xrm-ms",
];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

macro_rules! policy_keys {
    (
        $(
            $(#[doc = $doc:literal])+
            $key:ident $field:ident : $ty:ty = $default:expr,
                kind $kind:expr, default_text $dtext:literal;
        )+
    ) => {
        /// The policy values in force for one account (DESIGN.md §4): one field per key.
        ///
        /// Build it with [`Policy::hardened_default`] or get the effective one from
        /// [`crate::resolve`] / [`crate::load_effective`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        // Each field is an independent policy key (DESIGN.md §4); grouping the bools
        // into enums would obscure the one-to-one mapping to keys.
        #[allow(clippy::struct_excessive_bools)]
        pub struct Policy {
            $( $(#[doc = $doc])+ pub $field: $ty, )+
        }

        /// The name of a policy key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum PolicyKey {
            $( $(#[doc = $doc])+ $key, )+
        }

        /// Every key, in schema order.
        pub static KEYS: &[KeySpec] = &[
            $( KeySpec {
                key: PolicyKey::$key,
                name: stringify!($key),
                doc: concat!($($doc, "\n"),+),
                kind: $kind,
                default_text: $dtext,
            }, )+
        ];

        impl PolicyKey {
            /// Every key, in schema order.
            pub const ALL: &'static [PolicyKey] = &[$( Self::$key ),+];

            /// The key's name as written in policy files.
            pub const fn name(self) -> &'static str {
                match self { $( Self::$key => stringify!($key), )+ }
            }
        }

        impl Policy {
            /// The built-in hardened defaults, in force when no policy says otherwise.
            ///
            /// This is the only place Parley's defaults are written down.
            pub fn hardened_default() -> Self {
                Self { $( $field: $default, )+ }
            }

            /// Sets `key` from a value already checked by [`Kind::validate`].
            pub(crate) fn set(&mut self, key: PolicyKey, value: Value) -> Result<(), serde_json::Error> {
                match key { $( PolicyKey::$key => self.$field = serde_json::from_value(value)?, )+ }
                Ok(())
            }

            /// The value of `key` as JSON (as it would be written in a policy file).
            pub fn get(&self, key: PolicyKey) -> Value {
                // Serialising these field types (bools, numbers, strings, lists, unit enums)
                // cannot fail; Null would only mark a bug, never loosen anything.
                match key { $( PolicyKey::$key => serde_json::to_value(&self.$field).unwrap_or(Value::Null), )+ }
            }
        }
    };
}

policy_keys! {
    /// The homeserver Parley signs in to; the user cannot choose another when set.
    HomeserverUrl homeserver_url: Option<String> = None,
        kind Kind::Str(StrFormat::HttpUrl), default_text "none (the user types one)";
    /// Homeservers the user may sign in to. Empty: any.
    AllowedHomeservers allowed_homeservers: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::HttpUrl)), default_text "empty (any)";
    /// Server names counted as the organisation; members from elsewhere are external.
    /// Empty: the homeserver's own server name.
    OrganizationDomains organization_domains: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::ServerName)), default_text "empty (the homeserver's own)";
    /// Every link opens only after a confirmation dialog that shows the real destination.
    LinksRequireConfirmation links_require_confirmation: bool = true,
        kind Kind::Bool, default_text "true";
    /// URL schemes links may use; others are blocked. `javascript`, `vbscript`, `data`,
    /// `file` and `blob` can never be allowed.
    AllowedLinkSchemes allowed_link_schemes: Vec<String> = strings(&["https", "http", "mailto"]),
        kind Kind::List(Item::Str(StrFormat::Scheme)), default_text "`https`, `http`, `mailto`";
    /// Domains whose links are blocked (subdomains included).
    BlockedLinkDomains blocked_link_domains: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::Domain)), default_text "empty";
    /// Domains whose links are not flagged as deceptive (subdomains included); they still need confirmation.
    TrustedLinkDomains trusted_link_domains: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::Domain)), default_text "empty";
    /// What links from unknown senders can do.
    LinksFromUnknownSenders links_from_unknown_senders: UnknownSenderLinks = UnknownSenderLinks::CopyOnly,
        kind Kind::Enum(UnknownSenderLinks::VARIANTS), default_text "`copy-only`";
    /// Fetch and show previews of links (reveals the reader to the linked site).
    UrlPreviews url_previews: bool = false,
        kind Kind::Bool, default_text "false";
    /// Download incoming files without asking (they are still quarantined and scanned).
    AutoAcceptFiles auto_accept_files: bool = false,
        kind Kind::Bool, default_text "false";
    /// Largest incoming file accepted, in megabytes.
    MaxIncomingFileSizeMb max_incoming_file_size_mb: u32 = 100,
        kind Kind::Int { min: 1, max: 65_536 }, default_text "100";
    /// File extensions that are never released from quarantine.
    BlockedFileExtensions blocked_file_extensions: Vec<String> = strings(BUILTIN_BLOCKED_EXTENSIONS),
        kind Kind::List(Item::Str(StrFormat::FileExtension)), default_text "the built-in dangerous list";
    /// If set, only these file extensions are released from quarantine. Empty: no allow-list.
    AllowedFileExtensions allowed_file_extensions: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::FileExtension)), default_text "empty (no allow-list)";
    /// The organisation's antivirus scanner (clamd or ICAP).
    FileScannerAddress file_scanner_address: Option<String> = None,
        kind Kind::Str(StrFormat::ScannerAddress), default_text "none";
    /// Files are released only after a clean scan: no scanner, no release.
    FileScanRequired file_scan_required: bool = false,
        kind Kind::Bool, default_text "false";
    /// When images and media are decoded without the user asking.
    MediaAutoDisplay media_auto_display: MediaAutoDisplay = MediaAutoDisplay::Never,
        kind Kind::Enum(MediaAutoDisplay::VARIANTS), default_text "`never`";
    /// Send public read receipts (otherwise only private ones).
    SendReadReceipts send_read_receipts: bool = false,
        kind Kind::Bool, default_text "false";
    /// Tell others when the user is typing.
    SendTypingNotifications send_typing_notifications: bool = false,
        kind Kind::Bool, default_text "false";
    /// Publish online/offline presence.
    SharePresence share_presence: bool = false,
        kind Kind::Bool, default_text "false";
    /// Allow voice and video calls (calls never auto-answer).
    AllowCalls allow_calls: bool = false,
        kind Kind::Bool, default_text "false";
    /// Allow Parley to use the camera and microphone.
    AllowCameraMicrophone allow_camera_microphone: bool = false,
        kind Kind::Bool, default_text "false";
    /// Allow sharing the screen in calls.
    AllowScreenSharing allow_screen_sharing: bool = false,
        kind Kind::Bool, default_text "false";
    /// Allow sending the device's location.
    AllowLocationSharing allow_location_sharing: bool = false,
        kind Kind::Bool, default_text "false";
    /// Allow room widgets (embedded web apps).
    AllowWidgets allow_widgets: bool = false,
        kind Kind::Bool, default_text "false";
    /// What desktop notifications show.
    NotificationContent notification_content: NotificationContent = NotificationContent::Sender,
        kind Kind::Enum(NotificationContent::VARIANTS), default_text "`sender`";
    /// How far people may quieten a room's desktop pop-ups (security events always show).
    NotificationFloor notification_floor: NotificationFloor = NotificationFloor::Mentions,
        kind Kind::Enum(NotificationFloor::VARIANTS), default_text "`mentions`";
    /// Refuse to send into rooms that are not end-to-end encrypted.
    RequireEncryption require_encryption: bool = true,
        kind Kind::Bool, default_text "true";
    /// Which devices receive room keys.
    KeySharing key_sharing: KeySharing = KeySharing::IdentityBased,
        kind Kind::Enum(KeySharing::VARIANTS), default_text "`identity-based`";
    /// What happens to invitations from unknown users.
    InvitesFromUnknown invites_from_unknown: InvitesFromUnknown = InvitesFromUnknown::Requests,
        kind Kind::Enum(InvitesFromUnknown::VARIANTS), default_text "`requests`";
    /// Rooms with members from outside the organisation carry a banner and a confirm-before-first-send.
    WarnExternalMembers warn_external_members: bool = true,
        kind Kind::Bool, default_text "true";
    /// What happens when an outgoing message holds sensitive data.
    DlpMode dlp_mode: DlpMode = DlpMode::Warn,
        kind Kind::Enum(DlpMode::VARIANTS), default_text "`warn`";
    /// Organisation patterns for outgoing data-loss prevention, each `name=regex`.
    DlpCustomPatterns dlp_custom_patterns: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::NamedPattern)), default_text "empty";
    /// Keep the tamper-evident local audit log of security decisions.
    AuditLog audit_log: bool = true,
        kind Kind::Bool, default_text "true";
    /// Also send each audit entry to the system log (syslog/journald on Linux), for central collection.
    AuditLogForwarding audit_log_forwarding: bool = false,
        kind Kind::Bool, default_text "false";
    /// How Parley updates itself.
    AutoUpdate auto_update: AutoUpdate = AutoUpdate::Notify,
        kind Kind::Enum(AutoUpdate::VARIANTS), default_text "`notify`";
    /// The organisation's own update feed (an https:// URL of a Tauri update manifest), instead of the release's. Updates from it must still be signed by Parley's release key.
    UpdateUrl update_url: Option<String> = None,
        kind Kind::Str(StrFormat::HttpsUrl), default_text "none (the release's own feed)";
    /// Sign-in methods offered to the user. Empty: what the homeserver offers.
    LoginMethods login_methods: Vec<LoginMethod> = Vec::new(),
        kind Kind::List(Item::Enum(LoginMethod::VARIANTS)), default_text "empty (what the homeserver offers)";
    /// Keep this device's local store and keys when the homeserver ends its session (password changed, account disabled, signed out by an administrator); off: they are wiped.
    KeepDataWhenSignedOutByServer keep_data_when_signed_out_by_server: bool = false,
        kind Kind::Bool, default_text "false";
    /// Incoming messages matching any of these regular expressions are hidden behind a warning.
    IncomingContentFilter incoming_content_filter: Vec<String> = Vec::new(),
        kind Kind::List(Item::Str(StrFormat::Pattern)), default_text "empty";
    /// What happens to an incoming message that matches `IncomingContentFilter`.
    IncomingContentFilterAction incoming_content_filter_action: IncomingContentFilterAction = IncomingContentFilterAction::Hide,
        kind Kind::Enum(IncomingContentFilterAction::VARIANTS), default_text "`hide`";
}

impl PolicyKey {
    /// The key's schema entry.
    pub fn spec(self) -> &'static KeySpec {
        // `KEYS` lists every key in the order of the enum, written by the same macro arm,
        // so the discriminant is a valid index (checked by `keys_table_matches_enum`).
        &KEYS[self as usize]
    }

    /// Looks a key up by its exact name.
    pub fn from_name(name: &str) -> Option<Self> {
        KEYS.iter().find(|k| k.name == name).map(|k| k.key)
    }

    /// Looks a key up ignoring ASCII case (the Windows registry is case-insensitive).
    pub fn from_name_ignore_case(name: &str) -> Option<Self> {
        KEYS.iter().find(|k| k.name.eq_ignore_ascii_case(name)).map(|k| k.key)
    }
}

impl serde::Serialize for PolicyKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl std::fmt::Display for PolicyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
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
    fn keys_table_matches_enum() {
        assert_eq!(KEYS.len(), PolicyKey::ALL.len());
        for (i, key) in PolicyKey::ALL.iter().enumerate() {
            assert_eq!(*key as usize, i);
            assert_eq!(key.spec().key, *key);
            assert_eq!(key.spec().name, key.name());
        }
    }

    #[test]
    fn every_default_passes_its_own_validation_and_round_trips() {
        let defaults = Policy::hardened_default();
        for spec in KEYS {
            let value = defaults.get(spec.key);
            if value.is_null() {
                continue; // "none": the key is unset by default.
            }
            let checked = spec.kind.validate(&value);
            assert!(checked.is_ok(), "{}: default {value} fails validation: {checked:?}", spec.name);
            let mut p = Policy::hardened_default();
            assert!(p.set(spec.key, value).is_ok(), "{}", spec.name);
            assert_eq!(p, defaults, "{}", spec.name);
        }
    }

    #[test]
    fn every_enum_variant_in_the_schema_deserialises_into_its_field() {
        for spec in KEYS {
            let values: Vec<Value> = match spec.kind {
                Kind::Enum(variants) => variants.iter().map(|v| Value::from(v.value)).collect(),
                Kind::List(Item::Enum(variants)) => {
                    vec![Value::from(variants.iter().map(|v| v.value).collect::<Vec<_>>())]
                }
                _ => continue,
            };
            for value in values {
                let mut p = Policy::hardened_default();
                assert!(p.set(spec.key, value.clone()).is_ok(), "{}: {value}", spec.name);
                assert_eq!(p.get(spec.key), value, "{}", spec.name);
            }
        }
    }

    #[test]
    fn defaults_share_nothing_and_require_encryption() {
        let p = Policy::default();
        assert!(p.require_encryption && p.links_require_confirmation && p.warn_external_members);
        assert!(!p.send_read_receipts && !p.send_typing_notifications && !p.share_presence);
        assert!(!p.allow_calls && !p.allow_camera_microphone && !p.url_previews && !p.auto_accept_files);
        assert!(p.blocked_file_extensions.iter().any(|e| e == "exe"));
    }
}
