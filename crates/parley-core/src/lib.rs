#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// matrix-sdk-ui futures are deeply nested; the default limit is too low for their layout.
#![recursion_limit = "256"]

mod encryption_check;
mod engine;
pub mod error;
mod homeserver;
mod live;
mod profile;
pub mod secrets;
mod views;

pub use engine::{Engine, LoginRequest};
pub use error::{CoreError, Result};
pub use profile::{KeySource, Profile, ProfileMeta};
pub use views::{AccountInfo, EngineEvent, MessageView, RoomSummary, SendReceipt, SendWait};
