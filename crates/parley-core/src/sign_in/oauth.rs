//! OAuth 2.0 sign-in (MSC3861: homeservers behind the Matrix Authentication Service).
//! Parley registers itself as a native client with a loopback redirect (RFC 8252), sends
//! the system browser to the authorization server and finishes with the code that comes
//! back to the loopback listener (PKCE and `state` are matrix-sdk's).

use matrix_sdk::{
    authentication::oauth::registration::{ApplicationType, ClientMetadata, Localized, OAuthGrantType},
    ruma::serde::Raw,
    utils::UrlOrQuery,
};
use parley_policy::LoginMethod;
use tracing::instrument;
use url::Url;

use super::{OpenInBrowser, StoredSession, loopback, sign_in};
use crate::{
    engine::{Engine, server_error},
    error::{CoreError, Result},
    profile::Profile,
};

/// The page authorization servers show as Parley's home (required client metadata).
pub const CLIENT_URI: &str = "https://parley.im/";

fn metadata(redirect: &Url) -> Result<Raw<ClientMetadata>> {
    let client_uri = Url::parse(CLIENT_URI).map_err(CoreError::internal)?;
    let mut metadata = ClientMetadata::new(
        ApplicationType::Native,
        vec![OAuthGrantType::AuthorizationCode { redirect_uris: vec![redirect.clone()] }],
        Localized::new(client_uri, std::iter::empty()),
    );
    metadata.client_name = Some(Localized::new("Parley".to_owned(), std::iter::empty()));
    Raw::new(&metadata).map_err(CoreError::internal)
}

impl Engine {
    /// Signs in with OAuth 2.0 at a homeserver that delegates authentication (MSC3861):
    /// `open` is given the authorization address for the system browser. Saves the session
    /// in `profile`.
    #[instrument(skip_all)]
    pub async fn login_oauth(
        profile: &Profile,
        homeserver: &str,
        timeout: std::time::Duration,
        open: OpenInBrowser<'_>,
    ) -> Result<Self> {
        sign_in(profile, homeserver, LoginMethod::Oauth, |client| async move {
            let oauth = client.oauth();
            if oauth.server_metadata().await.is_err() {
                return Err(CoreError::LoginMethodUnavailable { method: super::words(LoginMethod::Oauth) });
            }
            let listener = loopback::Loopback::bind().await?;
            let redirect = listener.redirect_url()?;
            let data = oauth
                .login(redirect.clone(), None, Some(metadata(&redirect)?.into()), None)
                .build()
                .await
                .map_err(server_error)?;
            let waited = async {
                open(&data.url)?;
                listener.wait(data.state.secret(), timeout).await
            }
            .await;
            let callback = match waited {
                Ok(callback) => callback,
                Err(err) => {
                    oauth.abort_login(&data.state).await;
                    return Err(err);
                }
            };
            oauth.finish_login(UrlOrQuery::Query(callback.query)).await.map_err(|e| {
                CoreError::SignInFailed {
                    reason: format!(
                        "the authorization server's answer was not accepted ({})",
                        first_line(&e)
                    ),
                }
            })?;
            StoredSession::current(&client).ok_or_else(|| CoreError::internal("no session after sign-in"))
        })
        .await
    }
}

fn first_line(err: &impl std::fmt::Display) -> String {
    err.to_string().lines().next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registers_as_a_native_client_with_only_the_loopback_redirect() {
        let redirect = Url::parse("http://127.0.0.1:4711/callback").expect("url");
        let json: serde_json::Value = metadata(&redirect).expect("metadata").deserialize_as().expect("json");
        assert_eq!(json["application_type"], "native");
        assert_eq!(json["redirect_uris"], serde_json::json!(["http://127.0.0.1:4711/callback"]));
        assert_eq!(json["client_name"], "Parley");
        assert!(json["grant_types"].as_array().is_some_and(|g| g.iter().any(|t| t == "authorization_code")));
    }
}
