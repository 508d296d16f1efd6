//! People from outside the organisation (`OrganizationDomains`; by default, anyone not on
//! the signed-in user's own server) and `WarnExternalMembers`.
//!
//! A room with outside members carries a banner naming their servers, and the first
//! message sent into it — and the first after another outsider joins — needs the
//! person's confirmation. What was confirmed is kept per room in the profile
//! (`external-confirmed.json`: room id → the outside members confirmed), so the
//! question comes back exactly when someone new from outside is there. A missing or
//! damaged file means nothing was confirmed: the question is asked again, never skipped.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
};

use matrix_sdk::{Room, RoomMemberships};
use serde::Serialize;
use tracing::warn;

use crate::{
    audit::AuditEvent,
    engine::{Engine, server_error},
    error::{CoreError, Result},
};

const CONFIRMED_FILE: &str = "external-confirmed.json";

/// Who in a room is from outside the organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExternalMembers {
    /// Their servers, sorted (what the banner names).
    pub servers: Vec<String>,
    /// Their user ids (joined or invited), sorted.
    pub users: Vec<String>,
    /// Whether sending needs the person's confirmation first (`WarnExternalMembers` on and
    /// someone from outside not yet confirmed).
    pub confirmation_needed: bool,
}

type Confirmed = BTreeMap<String, BTreeSet<String>>;

impl Engine {
    /// Who in a joined room is from outside the organisation.
    pub async fn external_members(&self, room_id: &str) -> Result<ExternalMembers> {
        let room = self.joined_room(room_id)?;
        let users = self.outsiders(&room).await?;
        let confirmed = self.load_confirmed();
        let unconfirmed = confirmed.get(room_id).map_or(users.len(), |c| users.difference(c).count());
        Ok(ExternalMembers {
            servers: servers_of(&users),
            confirmation_needed: self.policy().warn_external_members && unconfirmed > 0,
            users: users.into_iter().collect(),
        })
    }

    /// The `WarnExternalMembers` gate before anything is sent into `room`: refuses while an
    /// outsider is unconfirmed, unless `confirmed` (the person saw the question and chose
    /// to send), which is remembered and audited.
    pub(crate) async fn check_external(&self, room: &Room, confirmed: bool) -> Result<()> {
        if !self.policy().warn_external_members {
            return Ok(());
        }
        let users = self.outsiders(room).await?;
        let mut all = self.load_confirmed();
        let room_id = room.room_id().to_string();
        let known = all.entry(room_id.clone()).or_default();
        let new: BTreeSet<String> = users.difference(known).cloned().collect();
        if new.is_empty() {
            return Ok(());
        }
        if !confirmed {
            return Err(CoreError::ExternalConfirmationNeeded { servers: servers_of(&new).join(", ") });
        }
        known.extend(new.iter().cloned());
        if let Err(e) = self.save_confirmed(&all) {
            // The message still goes (the person did confirm); the question comes back next time.
            warn!(error = %e, "could not remember the confirmation to send to outside members");
        }
        self.audit(
            AuditEvent::new("external", "send_confirmed")
                .with("room_id", room_id)
                .with("servers", servers_of(&new))
                .with("users", new.len()),
        );
        Ok(())
    }

    /// Active (joined or invited) members from outside the organisation. Fetches the full
    /// member list once per room and run: a lazy-loaded list could miss an outsider. With the
    /// homeserver unreachable (a message queued offline) the members this device knows are
    /// used; the full list is fetched again before the message's room key is shared.
    async fn outsiders(&self, room: &Room) -> Result<BTreeSet<String>> {
        let Some(own) = self.inner.client.user_id() else { return Err(CoreError::NotLoggedIn) };
        let members = match room.members(RoomMemberships::ACTIVE).await {
            Ok(members) => members,
            Err(e) => {
                warn!(error = %e, "member list not fetched; checking the members known on this device");
                room.members_no_sync(RoomMemberships::ACTIVE).await.map_err(server_error)?
            }
        };
        Ok(members
            .iter()
            .map(|m| m.user_id())
            .filter(|user| !self.in_organization(user, own))
            .map(ToString::to_string)
            .collect())
    }

    fn confirmed_path(&self) -> PathBuf {
        self.profile_dir().join(CONFIRMED_FILE)
    }

    fn load_confirmed(&self) -> Confirmed {
        std::fs::read(self.confirmed_path())
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    fn save_confirmed(&self, confirmed: &Confirmed) -> std::io::Result<()> {
        crate::profile::write_json_private(&self.confirmed_path(), confirmed)
    }
}

/// The servers of `users`, sorted and each once.
fn servers_of<'a>(users: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let servers: BTreeSet<&str> =
        users.into_iter().filter_map(|user| user.split_once(':').map(|(_, server)| server)).collect();
    servers.into_iter().map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::servers_of;

    #[test]
    fn servers_are_named_once_each_with_their_port() {
        let users = ["@a:remote.example", "@b:remote.example", "@c:127.0.0.1:8448"].map(String::from);
        assert_eq!(servers_of(&users), ["127.0.0.1:8448", "remote.example"]);
    }
}
