//! Where a parsed Matrix link leads for this account: one of its joined rooms (and an event
//! in it), or a plain refusal. Nothing here touches the network: aliases are matched against
//! the joined rooms' own aliases, so following a link tells no server anything, and a room
//! the account is not in is never joined.

use matrix_sdk::ruma::{EventId, RoomAliasId};
use matrix_sdk::{Room, RoomState};
use parley_guard::link::{Analysis, Verdict};
use serde::Serialize;

use super::{MatrixLinkError, MatrixTarget};
use crate::Engine;
use crate::error::{CoreError, Result};

/// A room to show, and the event to scroll to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenTarget {
    /// A joined room.
    pub room_id: String,
    /// The event the link names, if any (it may not be loaded; the room opens anyway).
    pub event_id: Option<String>,
}

impl Engine {
    /// The joined room (and event) a Matrix link leads to; [`CoreError::NotInRoom`] or
    /// [`CoreError::NoConversation`] otherwise.
    pub fn open_matrix_target(&self, target: &MatrixTarget) -> Result<OpenTarget> {
        let joined = self.inner.client.joined_rooms();
        let (room, event) = match target {
            MatrixTarget::Room { room, event } => {
                let found = self.inner.client.get_room(room).filter(|r| r.state() == RoomState::Joined);
                (found, event.as_deref())
            }
            MatrixTarget::Alias { alias, event } => {
                (joined.into_iter().find(|r| has_alias(r, alias)), event.as_deref())
            }
            MatrixTarget::User { user } => {
                let direct = joined
                    .into_iter()
                    .filter(|r| r.direct_targets().iter().any(|t| t.as_user_id() == Some(user.as_ref())));
                // The most recently active conversation with them, as the room list orders it.
                let newest = direct.max_by_key(|r| r.recency_stamp().map_or(0, u64::from));
                let room = newest.ok_or_else(|| CoreError::NoConversation { user_id: user.to_string() })?;
                (Some(room), None)
            }
        };
        let room = room.ok_or_else(|| CoreError::NotInRoom { name: target.name().to_owned() })?;
        Ok(OpenTarget { room_id: room.room_id().to_string(), event_id: event.map(EventId::to_string) })
    }

    /// For link `index` of a message: `Some(target)` when it is a Matrix link to open inside
    /// the app, `None` when it is any other link (the dialog handles it). Links the guard
    /// blocks are left to the dialog too, so its reasons are shown.
    pub async fn message_link_in_app(
        &self,
        room_id: &str,
        event_id: &str,
        index: usize,
    ) -> Result<Option<OpenTarget>> {
        let analysis = self.inspect_link(room_id, event_id, index).await?.analysis;
        let Some(target) = in_app_target(&analysis)? else { return Ok(None) };
        self.audit(
            crate::audit::AuditEvent::new("link", "opened_in_app")
                .with("room_id", room_id)
                .with("event_id", event_id),
        );
        self.open_matrix_target(&target).map(Some)
    }
}

/// The Matrix target of a link the guard analysed: `None` for links the app does not open
/// itself; an error for Matrix-looking links that are not well-formed.
fn in_app_target(analysis: &Analysis) -> Result<Option<MatrixTarget>> {
    if !analysis.in_app || analysis.verdict == Verdict::Block {
        return Ok(None);
    }
    let url = analysis.url.as_deref().ok_or(CoreError::UnknownLink)?;
    match super::parse(url) {
        Ok(target) => Ok(Some(target)),
        // The guard saw matrix.to or `matrix:` (e.g. with a port): say it is malformed.
        Err(MatrixLinkError::NotMatrix) => Err(MatrixLinkError::Malformed.into()),
        Err(err) => Err(err.into()),
    }
}

fn has_alias(room: &Room, alias: &RoomAliasId) -> bool {
    room.canonical_alias().as_deref() == Some(alias) || room.alt_aliases().iter().any(|a| a == alias)
}

#[cfg(test)]
mod tests {
    use parley_guard::link::{Analyser, Sender};

    use super::*;

    fn analysed(link: &str) -> Analysis {
        Analyser::default().analyse(link, None, Sender::Known)
    }

    #[test]
    fn message_links_open_in_app_only_when_well_formed_and_not_blocked() {
        assert!(matches!(
            in_app_target(&analysed("https://matrix.to/#/@alice:example.org")),
            Ok(Some(MatrixTarget::User { .. }))
        ));
        assert!(matches!(in_app_target(&analysed("matrix:r/team:example.org")), Ok(Some(_))));
        // Other links: the dialog's business.
        assert!(matches!(in_app_target(&analysed("https://example.org/")), Ok(None)));
        assert!(matches!(in_app_target(&analysed("https://matrix.to.evil.com/#/@a:b.c")), Ok(None)));
        // matrix.to, but not a form Parley reads: refused with the sentence.
        for link in ["https://matrix.to:8443/#/@alice:example.org", "https://matrix.to/#/nonsense"] {
            assert!(
                matches!(
                    in_app_target(&analysed(link)),
                    Err(CoreError::MatrixLink(MatrixLinkError::Malformed))
                ),
                "{link}"
            );
        }
    }
}
