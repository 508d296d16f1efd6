//! Ignoring people and reporting abuse to the homeserver's administrators. Each is a
//! decision the organisation may need to see later, so each is audited (ids only: a
//! report's reason is the person's own words and stays out of the log).

use matrix_sdk::ruma::UserId;
use tracing::instrument;

use crate::{
    audit::AuditEvent,
    compose::parse_event_id,
    engine::{Engine, server_error},
    error::{CoreError, Result},
};

/// The longest report reason accepted (the homeserver's administrators read it).
pub const MAX_REPORT_REASON_CHARS: usize = 1000;

impl Engine {
    /// Ignores `user_id`: the homeserver stops sending their messages and invitations to
    /// every device of this account.
    #[instrument(skip(self))]
    pub async fn ignore_user(&self, user_id: &str) -> Result<()> {
        let user = parse_user_id(user_id)?;
        if self.inner.client.user_id() == Some(user) {
            return Err(CoreError::CannotIgnoreSelf);
        }
        self.inner.client.account().ignore_user(user).await.map_err(server_error)?;
        self.audit(AuditEvent::new("user", "ignored").with("user_id", user.as_str()));
        Ok(())
    }

    /// Stops ignoring `user_id`.
    #[instrument(skip(self))]
    pub async fn unignore_user(&self, user_id: &str) -> Result<()> {
        let user = parse_user_id(user_id)?;
        self.inner.client.account().unignore_user(user).await.map_err(server_error)?;
        self.audit(AuditEvent::new("user", "unignored").with("user_id", user.as_str()));
        Ok(())
    }

    /// Whether `user_id` is ignored by this account.
    pub async fn is_ignored(&self, user_id: &str) -> Result<bool> {
        Ok(self.inner.client.is_user_ignored(parse_user_id(user_id)?).await)
    }

    /// Reports one message to the homeserver's administrators.
    #[instrument(skip(self, reason))]
    pub async fn report_message(&self, room_id: &str, event_id: &str, reason: Option<&str>) -> Result<()> {
        let room = self.joined_room(room_id)?;
        let reason = checked_reason(reason)?;
        room.report_content(parse_event_id(event_id)?, reason).await.map_err(server_error)?;
        self.audit(AuditEvent::new("report", "message").with("room_id", room_id).with("event_id", event_id));
        Ok(())
    }

    /// Reports a whole room to the homeserver's administrators.
    #[instrument(skip(self, reason))]
    pub async fn report_room(&self, room_id: &str, reason: Option<&str>) -> Result<()> {
        let room = self.joined_room(room_id)?;
        let reason = checked_reason(reason)?.unwrap_or_default();
        room.report_room(reason).await.map_err(server_error)?;
        self.audit(AuditEvent::new("report", "room").with("room_id", room_id));
        Ok(())
    }
}

fn parse_user_id(user_id: &str) -> Result<&UserId> {
    <&UserId>::try_from(user_id.trim())
        .map_err(|_| CoreError::InvalidId { kind: "user ID", input: user_id.to_owned() })
}

fn checked_reason(reason: Option<&str>) -> Result<Option<String>> {
    let Some(reason) = reason.map(str::trim).filter(|r| !r.is_empty()) else { return Ok(None) };
    if reason.chars().count() > MAX_REPORT_REASON_CHARS {
        return Err(CoreError::TooLong { what: "report reason", limit: MAX_REPORT_REASON_CHARS });
    }
    Ok(Some(reason.to_owned()))
}
