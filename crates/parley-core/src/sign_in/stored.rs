//! The session as sealed in the profile: a Matrix-native session (password or single
//! sign-on), or an OAuth 2.0 one with the client id it was registered under.

use matrix_sdk::{
    Client,
    authentication::{
        matrix::MatrixSession,
        oauth::{ClientId, OAuthSession, UserSession},
    },
    store::RoomLoadSettings,
};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};

/// What [`crate::Profile`] seals. Untagged so that profiles written before OAuth 2.0 existed
/// (a bare Matrix session) still open.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum StoredSession {
    /// Signed in through OAuth 2.0 (MSC3861).
    OAuth {
        /// The id the authorization server registered Parley under.
        oauth_client_id: String,
        /// Who, which device, and the tokens.
        #[serde(flatten)]
        user: UserSession,
    },
    /// Signed in with the Matrix login API (password, single sign-on token).
    Matrix(MatrixSession),
}

impl StoredSession {
    /// The client's current session, whichever API it came from.
    pub(crate) fn current(client: &Client) -> Option<Self> {
        if let Some(session) = client.oauth().full_session() {
            return Some(Self::OAuth {
                oauth_client_id: session.client_id.as_str().to_owned(),
                user: session.user,
            });
        }
        client.matrix_auth().session().map(Self::Matrix)
    }

    /// The user id and device id.
    pub(crate) fn ids(&self) -> (String, String) {
        let meta = match self {
            Self::OAuth { user, .. } => &user.meta,
            Self::Matrix(session) => &session.meta,
        };
        (meta.user_id.to_string(), meta.device_id.to_string())
    }

    /// Gives the session back to a client built on the profile's store.
    pub(crate) async fn restore(self, client: &Client) -> Result<()> {
        let restored = match self {
            Self::OAuth { oauth_client_id, user } => {
                let session = OAuthSession { client_id: ClientId::new(oauth_client_id), user };
                client.oauth().restore_session(session, RoomLoadSettings::default()).await
            }
            Self::Matrix(session) => {
                client.matrix_auth().restore_session(session, RoomLoadSettings::default()).await
            }
        };
        restored.map_err(|e| match e {
            matrix_sdk::Error::StateStore(_) | matrix_sdk::Error::CryptoStoreError(_) => {
                CoreError::StoreLocked
            }
            other => CoreError::internal(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_sealed_before_oauth_existed_still_opens_and_oauth_keeps_its_client_id() {
        let old = r#"{"user_id":"@a:example.org","device_id":"DEV","access_token":"t","refresh_token":"r"}"#;
        let parsed: StoredSession = serde_json::from_str(old).expect("old session");
        assert!(matches!(&parsed, StoredSession::Matrix(_)));
        assert_eq!(parsed.ids(), ("@a:example.org".to_owned(), "DEV".to_owned()));

        let oauth =
            r#"{"oauth_client_id":"01ABC","user_id":"@b:example.org","device_id":"D2","access_token":"t"}"#;
        let parsed: StoredSession = serde_json::from_str(oauth).expect("oauth session");
        let StoredSession::OAuth { oauth_client_id, user } = &parsed else { panic!("read as Matrix") };
        assert_eq!((oauth_client_id.as_str(), user.meta.device_id.as_str()), ("01ABC", "D2"));
        let again: serde_json::Value = serde_json::to_value(&parsed).expect("serialise");
        assert_eq!(again["oauth_client_id"], "01ABC");
        assert_eq!(again["user_id"], "@b:example.org");
    }
}
