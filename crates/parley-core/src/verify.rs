//! Emoji (SAS) verification of other people and of this account's other devices.
//!
//! Every flow, outgoing or incoming, is driven by one task that follows matrix-sdk's
//! request and SAS state streams and reports each step as an [`EngineEvent::Verification`]:
//! `requested` → `emoji` (compare these 7) → `confirmed` (waiting for the other side) →
//! `done`, or `cancelled` at any point. The person's answer comes back through
//! [`Engine::confirm_verification`]; "they don't match" cancels the flow on both sides
//! and is audited.

use std::{collections::HashMap, time::Duration};

use futures_util::StreamExt;
use matrix_sdk::{
    Client,
    encryption::verification::{
        CancelInfo, SasState, SasVerification, Verification, VerificationRequest, VerificationRequestState,
    },
    ruma::{
        UserId,
        events::{
            key::verification::{
                VerificationMethod, cancel::CancelCode, request::ToDeviceKeyVerificationRequestEvent,
            },
            room::message::{MessageType, OriginalSyncRoomMessageEvent},
        },
    },
};
use serde::Serialize;
use tracing::{info, warn};

use crate::{
    audit::AuditEvent,
    engine::Engine,
    error::{CoreError, Result},
    views::EngineEvent,
};

/// How long a verification may wait for the other side at any one step.
const STEP_TIMEOUT: Duration = Duration::from_mins(5);

/// One of the seven emoji both sides compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SasEmoji {
    /// The emoji itself.
    pub symbol: String,
    /// Its name in the Matrix specification's table ("Dog", "Rocket", …).
    pub name: String,
}

/// Where a verification stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum VerificationState {
    /// Waiting: for the person to accept an incoming request, or for the other side.
    Requested,
    /// Compare these emoji with the other screen.
    Emoji {
        /// The seven emoji, in order.
        emoji: Vec<SasEmoji>,
    },
    /// This side confirmed; waiting for the other side.
    Confirmed,
    /// Verified.
    Done,
    /// Ended without verifying.
    Cancelled {
        /// Why, as a stable code (one of [`CANCEL_REASONS`]), for the UI's own words.
        code: &'static str,
        /// One sentence for the person.
        reason: String,
        /// The emoji did not match (someone may be intercepting).
        mismatch: bool,
    },
}

/// Every way a verification ends without verifying, with the sentence the person reads; the
/// UI words the same codes in every language (`verification.ftl`, `verification-ended-CODE`).
pub const CANCEL_REASONS: &[(&str, &str)] = &[
    (
        "mismatched_sas",
        "The emoji did not match, so nothing was verified. Someone may be intercepting: check with them in person.",
    ),
    (
        "key_mismatch",
        "The keys did not match, so nothing was verified. Someone may be interfering: check with them in person.",
    ),
    ("timeout", "The verification timed out."),
    ("no_answer", "The verification timed out waiting for the other side."),
    ("cancelled_by_you", "You cancelled the verification."),
    ("cancelled_by_them", "The other side cancelled the verification."),
    ("answered_elsewhere", "Another of your devices answered this verification."),
    ("out_of_step", OUT_OF_STEP),
    ("not_saved", "The emoji matched, but the verification could not be saved on the homeserver; try again."),
];

/// What a verification that ended for an unlisted reason says.
const OUT_OF_STEP: &str = "The verification went out of step and was stopped; try again.";

/// The state for a verification that ended for `code` (one of [`CANCEL_REASONS`]).
fn cancelled(code: &'static str) -> VerificationState {
    let reason = CANCEL_REASONS.iter().find(|(c, _)| *c == code).map_or(OUT_OF_STEP, |(_, r)| r);
    VerificationState::Cancelled { code, reason: reason.to_owned(), mismatch: code == "mismatched_sas" }
}

/// A live flow: the request, and its SAS once one started.
#[derive(Clone)]
pub(crate) struct Flow {
    request: VerificationRequest,
    sas: Option<SasVerification>,
}

/// Flows by flow id, for the person's answers.
pub(crate) type Flows = std::sync::Mutex<HashMap<String, Flow>>;

impl Engine {
    /// Asks `user_id` to verify by emoji: another person (in a direct chat with them), or
    /// this account itself (its other devices). Returns the flow id; the steps follow as
    /// [`EngineEvent::Verification`] events.
    pub async fn request_verification(&self, user_id: &str) -> Result<String> {
        let user = <&UserId>::try_from(user_id.trim())
            .map_err(|_| CoreError::InvalidId { kind: "user ID", input: user_id.to_owned() })?;
        let encryption = self.inner.client.encryption();
        // Their identity must be current: a stale one would verify a key they no longer use.
        encryption
            .request_user_identity(user)
            .await
            .map_err(|e| CoreError::Server { detail: e.to_string() })?;
        let identity = encryption
            .get_user_identity(user)
            .await
            .map_err(CoreError::internal)?
            .ok_or_else(|| CoreError::UnknownIdentity { user_id: user.to_string() })?;
        let request = identity
            .request_verification_with_methods(vec![VerificationMethod::SasV1])
            .await
            .map_err(|e| CoreError::Server { detail: e.to_string() })?;
        let flow_id = request.flow_id().to_owned();
        info!(%flow_id, "verification requested");
        self.track(request);
        Ok(flow_id)
    }

    /// Accepts an incoming request (emoji only).
    pub async fn accept_verification(&self, flow_id: &str) -> Result<()> {
        let flow = self.flow(flow_id)?;
        flow.request
            .accept_with_methods(vec![VerificationMethod::SasV1])
            .await
            .map_err(|e| CoreError::Server { detail: e.to_string() })
    }

    /// The person's answer to the emoji: `true` confirms ("they match"), `false` cancels the
    /// flow as a mismatch on both sides ("they don't match").
    pub async fn confirm_verification(&self, flow_id: &str, matches: bool) -> Result<()> {
        let sas = self.flow(flow_id)?.sas.ok_or(CoreError::VerificationNotReady)?;
        let result = if matches { sas.confirm().await } else { sas.mismatch().await };
        result.map_err(|e| CoreError::Server { detail: e.to_string() })
    }

    /// Cancels a flow (the other side sees it cancelled).
    pub async fn cancel_verification(&self, flow_id: &str) -> Result<()> {
        let flow = self.flow(flow_id)?;
        let result = match flow.sas {
            Some(sas) => sas.cancel().await,
            None => flow.request.cancel().await,
        };
        result.map_err(|e| CoreError::Server { detail: e.to_string() })
    }

    fn flow(&self, flow_id: &str) -> Result<Flow> {
        self.inner
            .verifications
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(flow_id)
            .cloned()
            .ok_or(CoreError::UnknownVerification)
    }

    /// Remembers a flow and drives it to its end.
    fn track(&self, request: VerificationRequest) {
        let flow_id = request.flow_id().to_owned();
        let mut flows = self.inner.verifications.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if flows.contains_key(&flow_id) {
            return;
        }
        flows.insert(flow_id, Flow { request: request.clone(), sas: None });
        drop(flows);
        self.spawn(drive(self.clone(), request));
    }

    fn remember_sas(&self, flow_id: &str, sas: &SasVerification) {
        if let Some(flow) = self
            .inner
            .verifications
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get_mut(flow_id)
        {
            flow.sas = Some(sas.clone());
        }
    }

    fn announce(&self, request: &VerificationRequest, state: VerificationState) {
        self.emit(EngineEvent::Verification {
            flow_id: request.flow_id().to_owned(),
            user_id: request.other_user_id().to_string(),
            incoming: !request.we_started(),
            self_verification: request.is_self_verification(),
            state,
        });
    }
}

/// Listens for incoming requests: in a room (another person) and to-device (our own devices).
pub(crate) fn watch_incoming_requests(engine: &Engine) {
    let client = &engine.inner.client;
    let room_engine = engine.clone();
    client.add_event_handler(move |event: OriginalSyncRoomMessageEvent, client: Client| {
        let engine = room_engine.clone();
        async move {
            if !matches!(event.content.msgtype, MessageType::VerificationRequest(_))
                || Some(event.sender.as_ref()) == client.user_id()
            {
                return;
            }
            if let Some(request) =
                client.encryption().get_verification_request(&event.sender, &event.event_id).await
            {
                engine.track(request);
            }
        }
    });
    let device_engine = engine.clone();
    client.add_event_handler(move |event: ToDeviceKeyVerificationRequestEvent, client: Client| {
        let engine = device_engine.clone();
        async move {
            let flow_id = &event.content.transaction_id;
            if let Some(request) = client.encryption().get_verification_request(&event.sender, flow_id).await
            {
                engine.track(request);
            }
        }
    });
}

/// Follows one request until it ends, announcing each step.
async fn drive(engine: Engine, request: VerificationRequest) {
    engine.announce(&request, VerificationState::Requested);
    let mut changes = request.changes();
    let mut state = request.state();
    loop {
        match state {
            VerificationRequestState::Ready { .. } if request.we_started() => {
                // The requester starts the emoji flow once the other side is ready.
                match request.start_sas().await {
                    Ok(Some(sas)) => {
                        return engine.with_crypto_flush(drive_sas(&engine, &request, sas)).await;
                    }
                    Ok(None) => warn!("the other side offers no emoji verification"),
                    Err(e) => warn!(error = %e, "could not start emoji verification"),
                }
            }
            VerificationRequestState::Transitioned { verification: Verification::SasV1(sas), .. } => {
                return engine.with_crypto_flush(drive_sas(&engine, &request, sas)).await;
            }
            VerificationRequestState::Cancelled(info) => return finish_cancelled(&engine, &request, &info),
            VerificationRequestState::Done => return,
            _ => {}
        }
        state = match tokio::time::timeout(STEP_TIMEOUT, changes.next()).await {
            Ok(Some(next)) => next,
            Ok(None) => return,
            Err(_) => {
                let _ = request.cancel().await;
                return engine.announce(&request, timed_out());
            }
        };
    }
}

async fn drive_sas(engine: &Engine, request: &VerificationRequest, sas: SasVerification) {
    engine.remember_sas(request.flow_id(), &sas);
    if !sas.we_started()
        && let Err(e) = sas.accept().await
    {
        warn!(error = %e, "could not accept the emoji verification");
    }
    let mut changes = sas.changes();
    let mut state = sas.state();
    loop {
        match state {
            SasState::KeysExchanged { emojis: Some(short), .. } => {
                let emoji = short
                    .emojis
                    .iter()
                    .map(|e| SasEmoji { symbol: e.symbol.to_owned(), name: e.description.to_owned() })
                    .collect();
                engine.announce(request, VerificationState::Emoji { emoji });
            }
            SasState::KeysExchanged { emojis: None, .. } => {
                // Numbers only: Parley shows emoji, so this is not a flow it can finish.
                let _ = sas.cancel().await;
            }
            SasState::Confirmed => engine.announce(request, VerificationState::Confirmed),
            SasState::Done { .. } => {
                if !request.is_self_verification() {
                    if !identity_signed(engine, request.other_user_id()).await {
                        return engine.announce(request, cancelled("not_saved"));
                    }
                    start_verified_sessions(engine, request.other_user_id()).await;
                }
                engine.audit(
                    AuditEvent::new("verification", "verified")
                        .with("user_id", request.other_user_id().to_string())
                        .with("device_id", sas.other_device().device_id().to_string()),
                );
                return engine.announce(request, VerificationState::Done);
            }
            SasState::Cancelled(info) => return finish_cancelled(engine, request, &info),
            _ => {}
        }
        state = match tokio::time::timeout(STEP_TIMEOUT, changes.next()).await {
            Ok(Some(next)) => next,
            Ok(None) => return,
            Err(_) => {
                let _ = sas.cancel().await;
                return engine.announce(request, timed_out());
            }
        };
    }
}

/// How long the signature on a newly verified identity may take to reach the homeserver.
const SIGNATURE_TIMEOUT: Duration = Duration::from_secs(30);

/// Waits until the homeserver holds our signature on `user_id`'s identity, which is what
/// makes them verified for our other devices and for matrix-sdk's sender checks (the
/// device's local trust alone is not). The wait also keeps sync running long enough to
/// send our closing `done` event, which the other side needs to finish.
async fn identity_signed(engine: &Engine, user_id: &UserId) -> bool {
    let encryption = engine.inner.client.encryption();
    let deadline = tokio::time::Instant::now() + SIGNATURE_TIMEOUT;
    while tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let _ = encryption.request_user_identity(user_id).await;
        if matches!(encryption.get_user_identity(user_id).await, Ok(Some(identity)) if identity.is_verified())
        {
            return true;
        }
    }
    false
}

/// Starts new room keys in every room shared with a person just verified. matrix-sdk
/// records a sender's trust per room key when the key arrives and never upgrades a key
/// recorded as "unverified", so without a new key the other side would keep showing
/// "unverified" on messages sent after the verification.
async fn start_verified_sessions(engine: &Engine, user_id: &UserId) {
    for room in engine.inner.client.joined_rooms() {
        let shared = room.get_member_no_sync(user_id).await.ok().flatten().is_some();
        if shared && let Err(e) = room.discard_room_key().await {
            warn!(error = %e, "could not start a new room key after verification");
        }
    }
}

fn finish_cancelled(engine: &Engine, request: &VerificationRequest, info: &CancelInfo) {
    let mismatch = matches!(info.cancel_code(), CancelCode::MismatchedSas);
    let decision = if mismatch { "mismatch" } else { "cancelled" };
    engine.audit(
        AuditEvent::new("verification", decision)
            .with("user_id", request.other_user_id().to_string())
            .with("code", info.cancel_code().as_str().to_owned())
            .with("by_us", info.cancelled_by_us()),
    );
    let code = match info.cancel_code() {
        CancelCode::MismatchedSas => "mismatched_sas",
        CancelCode::KeyMismatch => "key_mismatch",
        CancelCode::Timeout => "timeout",
        CancelCode::User if info.cancelled_by_us() => "cancelled_by_you",
        CancelCode::User => "cancelled_by_them",
        CancelCode::Accepted => "answered_elsewhere",
        _ => "out_of_step",
    };
    engine.announce(request, cancelled(code));
}

fn timed_out() -> VerificationState {
    cancelled("no_answer")
}

#[cfg(test)]
mod cancel_reason_tests {
    use super::*;

    /// The app words every way a verification ends from `verification.ftl`; its English must
    /// be Rust's sentence, so a reworded sentence is reworded there too.
    #[test]
    fn every_cancel_reason_is_in_the_english_catalogue() {
        let catalogue = include_str!("../../../ui/src/locales/en/verification.ftl");
        for (code, sentence) in CANCEL_REASONS {
            let id = if *code == "mismatched_sas" {
                "verification-mismatch".to_owned()
            } else {
                format!("verification-ended-{code}")
            };
            assert!(
                catalogue.lines().any(|line| line == format!("{id} = {sentence}")),
                "{id} = {sentence:?} is not in verification.ftl"
            );
        }
        assert_eq!(
            cancelled("no_such_code"),
            VerificationState::Cancelled {
                code: "no_such_code",
                reason: OUT_OF_STEP.to_owned(),
                mismatch: false
            }
        );
    }
}
