//! Signing in: the ways a homeserver offers (password, single sign-on through the
//! organisation's identity provider, OAuth 2.0), narrowed by the organisation's
//! `LoginMethods`, and the one path that turns an authenticated client into a sealed profile.
//!
//! Browser-based ways open the system browser (never the app's webview, whose pages must not
//! see the organisation's sign-in) and take the answer on a loopback listener
//! ([`loopback`]).

pub mod loopback;
mod methods;
mod oauth;
mod sso;
mod stored;

use std::{future::Future, time::Duration};

use matrix_sdk::Client;
use parley_policy::LoginMethod;
use tracing::{info, warn};

pub(crate) use self::stored::StoredSession;
pub use self::{
    methods::{IdentityProvider, SignInOptions, sign_in_options},
    sso::SsoRequest,
};
use crate::{
    engine::{Engine, Start, build_client, keep_refreshed_session},
    error::{CoreError, Result},
    homeserver,
    profile::{Profile, ProfileMeta},
};

/// How long a browser sign-in may take before Parley stops waiting.
pub const BROWSER_SIGN_IN_TIMEOUT: Duration = Duration::from_mins(5);

/// Opens a sign-in address in the system browser (or shows it to the person).
pub type OpenInBrowser<'a> = &'a (dyn Fn(&url::Url) -> Result<()> + Send + Sync);

/// `method` in words, for sentences ("signing in {words}").
pub(crate) fn words(method: LoginMethod) -> &'static str {
    match method {
        LoginMethod::Password => "with a password",
        LoginMethod::Sso => "with single sign-on",
        LoginMethod::Oauth => "with OAuth 2.0",
    }
}

/// `LoginMethods`: refuses `method` unless the organisation allows it (empty: all).
pub(crate) fn check_method_allowed(method: LoginMethod, allowed: &[LoginMethod]) -> Result<()> {
    if allowed.is_empty() || allowed.contains(&method) {
        return Ok(());
    }
    let allowed = allowed.iter().map(|m| words(*m)).collect::<Vec<_>>().join(" or ");
    Err(CoreError::LoginMethodNotAllowed { method: words(method), allowed })
}

/// Signs in to the homeserver the person typed, by `method`, through `authenticate` (given
/// a fresh client for the profile's new store), and saves the session in `profile`.
///
/// Checks first that nobody is signed in there, that policy allows the homeserver (before
/// and after discovery) and the method. On any failure nothing is left behind: no store, no
/// keyring entry.
pub(crate) async fn sign_in<F, Fut>(
    profile: &Profile,
    homeserver_input: &str,
    method: LoginMethod,
    authenticate: F,
) -> Result<Engine>
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = Result<StoredSession>>,
{
    let lock = crate::profile_lock::ProfileLock::acquire(profile.dir())?;
    if let Some(meta) = profile.meta()? {
        return Err(CoreError::AlreadyLoggedIn { user_id: meta.user_id });
    }
    // Read once: the rules checked here are the rules the new engine starts under.
    let resolved = parley_policy::load_effective();
    let policy = &resolved.policy;
    homeserver::check_allowed(homeserver_input, &policy.allowed_homeservers)?;
    check_method_allowed(method, &policy.login_methods)?;
    let homeserver = homeserver::resolve(homeserver_input).await?;
    homeserver::check_resolved(&homeserver, &policy.allowed_homeservers)?;
    let (key, key_source, salt, profile_id) = Profile::create_key()?;
    // From here on a failure, or the caller dropping this future (a cancelled browser
    // sign-in), removes the key and every file made with it.
    let mut unfinished = Unfinished { profile, profile_id: profile_id.clone(), key_source, armed: true };
    let client = build_client(profile, homeserver.as_str(), &key).await?;
    let session = authenticate(client.clone()).await?;
    let sealed = zeroize::Zeroizing::new(serde_json::to_vec(&session).map_err(CoreError::internal)?);
    profile.seal_session(&key, &sealed)?;
    let (user_id, device_id) = session.ids();
    let meta = ProfileMeta {
        version: 1,
        profile_id,
        key_source,
        salt,
        homeserver: homeserver.to_string(),
        user_id,
        device_id,
    };
    profile.write_meta(&meta)?;
    keep_refreshed_session(&client, profile, &meta)?;
    unfinished.armed = false;
    info!(device_id = %meta.device_id, method = words(method), "signed in");
    Ok(Engine::new(client, &meta, profile, lock, Start::SignedIn(method), resolved))
}

/// A profile being created. Dropped armed (an error returned early, or the sign-in's future
/// dropped mid-way), it deletes its key and files: a half-created profile would hold a key
/// for no session.
struct Unfinished<'a> {
    profile: &'a Profile,
    profile_id: String,
    key_source: crate::profile::KeySource,
    armed: bool,
}

impl Drop for Unfinished<'_> {
    fn drop(&mut self) {
        if self.armed
            && let Err(cleanup) = self.profile.discard(&self.profile_id, self.key_source)
        {
            warn!(error = %cleanup, "could not clean up after a failed sign-in");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_methods_policy_refuses_what_it_does_not_list_in_words() {
        assert!(check_method_allowed(LoginMethod::Password, &[]).is_ok());
        assert!(check_method_allowed(LoginMethod::Sso, &[LoginMethod::Sso]).is_ok());
        let err = check_method_allowed(LoginMethod::Password, &[LoginMethod::Sso, LoginMethod::Oauth])
            .expect_err("refused");
        assert_eq!(err.code(), "login_method_not_allowed");
        assert_eq!(
            err.to_string(),
            "Your organisation does not allow signing in with a password; sign in with single sign-on or with OAuth 2.0 instead."
        );
    }
}
