//! Single sign-on through the homeserver (`m.login.sso`): the system browser goes to the
//! homeserver's SSO redirect, the organisation's identity provider signs the person in, and
//! the homeserver sends the browser back to Parley's loopback listener with a one-time
//! `loginToken`, which Parley exchanges for a session (`m.login.token`).

use parley_policy::LoginMethod;
use tracing::instrument;

use super::{OpenInBrowser, StoredSession, loopback, sign_in};
use crate::{
    engine::{Engine, login_error, server_error},
    error::{CoreError, Result},
    profile::Profile,
};

/// Where to sign in with single sign-on.
#[derive(Debug, Clone)]
pub struct SsoRequest {
    /// A homeserver URL or a server name to discover.
    pub homeserver: String,
    /// The identity provider to use (`None`: the homeserver asks or picks).
    pub identity_provider: Option<String>,
    /// How long to wait for the browser.
    pub timeout: std::time::Duration,
}

impl Engine {
    /// Signs in with single sign-on: `open` is given the address to show in the system
    /// browser; the answer comes back to a loopback listener. Saves the session in `profile`.
    #[instrument(skip_all)]
    pub async fn login_sso(profile: &Profile, request: SsoRequest, open: OpenInBrowser<'_>) -> Result<Self> {
        sign_in(profile, &request.homeserver, LoginMethod::Sso, |client| async move {
            let flows = client.matrix_auth().get_login_types().await.map_err(server_error)?.flows;
            let Some(sso) = super::methods::sso_flow(&flows) else {
                return Err(CoreError::LoginMethodUnavailable { method: super::words(LoginMethod::Sso) });
            };
            if let Some(idp) = &request.identity_provider
                && !sso.identity_providers.iter().any(|p| &p.id == idp)
            {
                return Err(CoreError::SignInFailed {
                    reason: format!("the homeserver has no identity provider \"{idp}\""),
                });
            }
            let listener = loopback::Loopback::bind().await?;
            let state = loopback::new_state();
            let mut redirect = listener.redirect_url()?;
            redirect.query_pairs_mut().append_pair("state", &state);
            let url = client
                .matrix_auth()
                .get_sso_login_url(redirect.as_str(), request.identity_provider.as_deref())
                .await
                .map_err(server_error)?;
            let url = url::Url::parse(&url).map_err(CoreError::internal)?;
            open(&url)?;
            let callback = listener.wait(&state, request.timeout).await?;
            let token = callback.params.get("loginToken").ok_or_else(|| CoreError::SignInFailed {
                reason: "the homeserver sent the browser back without a sign-in token".to_owned(),
            })?;
            client
                .matrix_auth()
                .login_token(token)
                .initial_device_display_name("Parley")
                .request_refresh_token()
                .send()
                .await
                .map_err(|e| login_error(&e))?;
            StoredSession::current(&client).ok_or_else(|| CoreError::internal("no session after sign-in"))
        })
        .await
    }
}
