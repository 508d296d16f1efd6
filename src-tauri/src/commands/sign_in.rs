//! Signing in through the organisation's identity provider: which ways a homeserver offers,
//! and single sign-on or OAuth 2.0 in the system browser (never this app's webview).

use parley_core::{
    AccountInfo, CoreError, Engine, SignInOptions, SsoRequest, sign_in::BROWSER_SIGN_IN_TIMEOUT,
};
use tauri::{AppHandle, Runtime, State};

use super::{AppState, activate, lock};
use crate::{error::UiError, validate};

/// The ways to sign in to `homeserver` that it offers and the organisation allows.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn login_options(homeserver: String) -> Result<SignInOptions, UiError> {
    validate::homeserver(&homeserver)?;
    Ok(parley_core::sign_in_options(homeserver.trim()).await?)
}

/// Signs in through the system browser: `method` is `sso` (with `identity_provider`, if the
/// homeserver lists several) or `oauth`.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn login_browser<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    homeserver: String,
    method: String,
    identity_provider: Option<String>,
) -> Result<AccountInfo, UiError> {
    let _session = state.session_lock.lock().await;
    if lock(&state.engine).is_some() {
        return Err(UiError::new("already_logged_in", "You are already signed in."));
    }
    validate::homeserver(&homeserver)?;
    if let Some(idp) = &identity_provider {
        validate::identity_provider(idp)?;
    }
    let homeserver = homeserver.trim().to_owned();
    let profile = state.profile()?;
    let open = |url: &url::Url| {
        opener::open_browser(url.as_str()).map_err(|err| CoreError::SignInFailed {
            reason: format!("your system browser could not be opened ({err})"),
        })
    };
    let engine = match method.as_str() {
        "sso" => {
            let request = SsoRequest { homeserver, identity_provider, timeout: BROWSER_SIGN_IN_TIMEOUT };
            Engine::login_sso(profile, request, &open).await?
        }
        "oauth" => Engine::login_oauth(profile, &homeserver, BROWSER_SIGN_IN_TIMEOUT, &open).await?,
        _ => return Err(UiError::new("invalid_input", "Choose how to sign in.")),
    };
    activate(&app, &state, engine).await
}
