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
    if !matches!(method.as_str(), "sso" | "oauth") {
        return Err(UiError::new("invalid_input", "Choose how to sign in."));
    }
    let (cancel, cancelled) = tokio::sync::oneshot::channel();
    *lock(&state.sign_in_cancel) = Some(cancel);
    let signing_in = async {
        if method == "sso" {
            let request = SsoRequest { homeserver, identity_provider, timeout: BROWSER_SIGN_IN_TIMEOUT };
            Engine::login_sso(profile, request, &open).await
        } else {
            Engine::login_oauth(profile, &homeserver, BROWSER_SIGN_IN_TIMEOUT, &open).await
        }
    };
    // Dropping the sign-in's future removes whatever it created (`parley_core::sign_in`).
    let outcome = tokio::select! {
        engine = signing_in => engine,
        Ok(()) = cancelled => Err(CoreError::SignInCancelled),
    };
    lock(&state.sign_in_cancel).take();
    Ok(activate(&app, &state, outcome?))
}

/// Stops the browser sign-in in progress; `false` when there is none.
#[tauri::command]
#[tracing::instrument(skip_all)]
#[allow(clippy::needless_pass_by_value, reason = "Tauri passes command arguments by value")]
pub fn login_cancel(state: State<'_, AppState>) -> bool {
    lock(&state.sign_in_cancel).take().is_some_and(|cancel| cancel.send(()).is_ok())
}
