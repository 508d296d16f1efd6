//! Which ways of signing in a homeserver offers (`GET /login`, and OAuth 2.0 server
//! metadata), narrowed to what the organisation's `LoginMethods` allow.

use matrix_sdk::{
    Client,
    config::RequestConfig,
    ruma::api::client::session::get_login_types::v3::{IdentityProvider as RumaIdp, LoginType, SsoLoginType},
};
use parley_policy::LoginMethod;
use serde::Serialize;

use crate::{error::Result, homeserver};

/// An identity provider offered for single sign-on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityProvider {
    /// Its id at the homeserver (passed back to sign in with it).
    pub id: String,
    /// Its name, as the homeserver gives it (plain text: show it unlinked).
    pub name: String,
}

/// The ways to sign in to one homeserver that both it and the organisation allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[expect(clippy::struct_excessive_bools, reason = "a view for the login screen: one flag per way in")]
pub struct SignInOptions {
    /// The homeserver, as resolved.
    pub homeserver: String,
    /// User name and password.
    pub password: bool,
    /// Single sign-on through the homeserver.
    pub sso: bool,
    /// The identity providers for single sign-on (empty: the homeserver picks).
    pub identity_providers: Vec<IdentityProvider>,
    /// OAuth 2.0 (MSC3861, Matrix Authentication Service).
    pub oauth: bool,
    /// Some way the homeserver offers is not allowed by the organisation.
    pub restricted_by_policy: bool,
}

impl SignInOptions {
    /// Whether anything is left to sign in with.
    pub fn any(&self) -> bool {
        self.password || self.sso || self.oauth
    }
}

/// Asks the homeserver the person typed how to sign in to it.
pub async fn sign_in_options(input: &str) -> Result<SignInOptions> {
    let policy = parley_policy::load_effective().policy;
    homeserver::check_allowed(input, &policy.allowed_homeservers)?;
    let url = homeserver::resolve(input).await?;
    homeserver::check_resolved(&url, &policy.allowed_homeservers)?;
    let client = Client::builder()
        .homeserver_url(url.as_str())
        .request_config(RequestConfig::new().timeout(std::time::Duration::from_secs(15)).retry_limit(1))
        .build()
        .await
        .map_err(crate::error::CoreError::internal)?;
    let flows = client.matrix_auth().get_login_types().await.map_err(crate::engine::server_error)?.flows;
    // A homeserver without OAuth 2.0 answers 404 here; any failure means "not offered".
    let oauth = client.oauth().server_metadata().await.is_ok();
    Ok(narrow(url.to_string(), &flows, oauth, &policy.login_methods))
}

/// What the homeserver offers (`flows`, `oauth`) that `allowed` permits.
fn narrow(homeserver: String, flows: &[LoginType], oauth: bool, allowed: &[LoginMethod]) -> SignInOptions {
    let permits = |m: LoginMethod| allowed.is_empty() || allowed.contains(&m);
    let offers_password = flows.iter().any(|f| matches!(f, LoginType::Password(_)));
    let sso_flow = sso_flow(flows);
    let identity_providers = sso_flow
        .filter(|_| permits(LoginMethod::Sso))
        .map(|sso| sso.identity_providers.iter().map(idp).collect())
        .unwrap_or_default();
    let options = SignInOptions {
        homeserver,
        password: offers_password && permits(LoginMethod::Password),
        sso: sso_flow.is_some() && permits(LoginMethod::Sso),
        identity_providers,
        oauth: oauth && permits(LoginMethod::Oauth),
        restricted_by_policy: false,
    };
    let offered = usize::from(offers_password) + usize::from(sso_flow.is_some()) + usize::from(oauth);
    let kept = usize::from(options.password) + usize::from(options.sso) + usize::from(options.oauth);
    SignInOptions { restricted_by_policy: kept < offered, ..options }
}

/// The homeserver's single sign-on flow among `flows`, if it offers one.
pub(super) fn sso_flow(flows: &[LoginType]) -> Option<&SsoLoginType> {
    flows.iter().find_map(|f| match f {
        LoginType::Sso(sso) => Some(sso),
        _ => None,
    })
}

fn idp(p: &RumaIdp) -> IdentityProvider {
    // Names come from the homeserver's configuration: keep them short and plain.
    let name: String = p
        .name
        .chars()
        .filter(|&c| !c.is_control() && !parley_guard::chars::is_invisible(c))
        .take(64)
        .collect();
    IdentityProvider { id: p.id.clone(), name }
}

#[cfg(test)]
mod tests {
    use matrix_sdk::ruma::api::client::session::get_login_types::v3::{
        IdentityProvider as Idp, PasswordLoginType,
    };

    use super::*;

    fn flows() -> Vec<LoginType> {
        let mut sso = SsoLoginType::default();
        sso.identity_providers = vec![Idp::new("oidc-corp".into(), "Corp\u{202e} SSO".into())];
        vec![LoginType::Password(PasswordLoginType::default()), LoginType::Sso(sso)]
    }

    #[test]
    fn offers_what_the_server_has_and_the_organisation_allows() {
        let all = narrow("hs".into(), &flows(), false, &[]);
        assert!(all.password && all.sso && !all.oauth && !all.restricted_by_policy);
        assert_eq!(
            all.identity_providers,
            vec![IdentityProvider { id: "oidc-corp".into(), name: "Corp SSO".into() }]
        );

        let sso_only = narrow("hs".into(), &flows(), false, &[LoginMethod::Sso]);
        assert!(!sso_only.password && sso_only.sso && sso_only.restricted_by_policy);

        let oauth_only = narrow("hs".into(), &flows(), false, &[LoginMethod::Oauth]);
        assert!(!oauth_only.any(), "OAuth is not offered, password and SSO not allowed");
        assert!(oauth_only.identity_providers.is_empty());
    }
}
