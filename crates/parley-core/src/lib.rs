#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// matrix-sdk-ui futures are deeply nested; the default limit is too low for their layout.
#![recursion_limit = "256"]

pub mod audit;
mod compose;
mod content_filter;
mod crypto_flush;
mod devices;
mod dlp;
mod encryption_check;
mod engine;
pub mod error;
mod export;
mod external;
mod files;
mod homeserver;
mod identity;
mod links;
mod live;
pub mod matrix_link;
mod moderation;
pub mod notify;
mod outbox;
mod policy_watch;
mod privacy;
mod profile;
mod profile_lock;
mod requests;
mod rooms;
pub mod secrets;
mod session_health;
pub mod sign_in;
mod store_key;
mod store_repair;
mod trust;
mod verify;
mod views;

pub use devices::DeviceView;
pub use dlp::DlpReport;
pub use engine::{Engine, LoginRequest, SendOptions};
pub use error::{CoreError, ErrorArg, Result};
pub use export::ExportSummary;
pub use external::ExternalMembers;
pub use files::{FileOffer, FileOutcome, FileState, ScanReport, default_download_dir, scan_path};
pub use identity::IdentityWarning;
pub use links::LinkDialog;
pub use moderation::MAX_REPORT_REASON_CHARS;
pub use parley_guard::dlp::{Finding as DlpFinding, Kind as DlpKind};
pub use parley_guard::file::{DetectedType, Verdict as FileVerdict};
pub use parley_guard::link::{
    Analysis as LinkAnalysis, ReasonCode as LinkReasonCode, Verdict as LinkVerdict,
};
pub use parley_guard::scan::ScanVerdict;
pub use parley_policy::{DlpMode, Policy};
pub use privacy::{PrivacySetting, privacy_overview};
pub use profile::{KeySource, Profile, ProfileMeta};
pub use requests::{InviteView, RequestAnswer};
pub use rooms::{
    MAX_ROOM_NAME_CHARS, MAX_ROOM_TOPIC_CHARS, MemberView, NewRoom, RoomDetails, RoomPermissions,
};
pub use sign_in::{IdentityProvider, SignInOptions, SsoRequest, sign_in_options};
pub use verify::{SasEmoji, VerificationState};
pub use views::{
    AccountInfo, EngineEvent, MessageView, ReactionCount, ReplyTo, RoomSummary, SendReceipt, SendWait,
    Shield, TextSegment, UnsentMessage,
};
