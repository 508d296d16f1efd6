//! The About page: this version, and where updating stands (issue 14).

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use crate::error::UiError;
use crate::updates::{self, Plan, UpdateStatus, Updates};

/// What the About page shows.
#[derive(Debug, Clone, Serialize)]
pub struct About {
    /// This build's version.
    pub version: &'static str,
    /// Where updating stands.
    pub update: UpdateStatus,
}

/// This version and the update state.
#[tauri::command]
#[allow(clippy::needless_pass_by_value, reason = "Tauri passes command arguments by value")]
pub fn about(updates: State<'_, Updates>) -> About {
    About { version: env!("CARGO_PKG_VERSION"), update: updates.status() }
}

/// Checks for an update now; installs it only when policy says `install`.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn update_check<R: Runtime>(app: AppHandle<R>) -> Result<UpdateStatus, UiError> {
    let (feed, install) = allowed()?;
    Ok(updates::run(&app, &feed, install).await)
}

/// Installs the update on offer (the person chose to; policy `notify` or `install`).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn update_install<R: Runtime>(app: AppHandle<R>) -> Result<UpdateStatus, UiError> {
    let (feed, _) = allowed()?;
    Ok(updates::run(&app, &feed, true).await)
}

/// The feed, if this machine's policy and this build allow updates at all.
fn allowed() -> Result<(url::Url, bool), UiError> {
    match updates::current_plan() {
        Plan::Off => Err(UiError::new("updates_off", "Your organisation turned Parley's updates off.")),
        Plan::Unavailable(reason) => Err(UiError::new("updates_unavailable", reason)),
        Plan::Use { feed, install } => Ok((feed, install)),
    }
}
