//! Signed updates (issue 14), through `tauri-plugin-updater`.
//!
//! The feed is a Tauri update manifest (static JSON) at the release's own URL or at the
//! organisation's `UpdateUrl`. An update is taken only when:
//! - its version is greater than this one (no downgrade: the plugin's default comparison,
//!   never replaced here);
//! - the artifact carries a minisign signature by the release key compiled into this binary;
//! - that signature's trusted comment names the version the feed announces
//!   (`requireSignedVersion`), so a feed cannot pass an older, validly signed build off as new.
//!
//! A check sends nothing that identifies the person or the machine: one GET of the feed URL
//! as configured (no version, target or id is put into it), with the updater's generic
//! `User-Agent` and no cookies; the download is the same.
//!
//! `AutoUpdate`: `off` never contacts anything; `notify` checks at start-up and shows the
//! result on the About page, where the person may install; `install` downloads, verifies and
//! installs at once (the new version runs after a restart). A refused update is audited.

use std::sync::Mutex;
use std::time::Duration;

use parley_core::audit::AuditEvent;
use parley_policy::{AutoUpdate, Policy};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Error as PluginError, Update, UpdaterExt};
use url::Url;

/// The minisign public key releases are signed with: base64 of the public key file, as
/// `cargo tauri signer generate` prints it. Set at build time by the release workflow; a
/// build without it cannot update itself (its updates come from the organisation's
/// packages) and says so on the About page.
pub const RELEASE_PUBLIC_KEY: Option<&str> = option_env!("PARLEY_UPDATE_PUBKEY");

/// The release's own update feed (`PARLEY_UPDATE_URL` at build time); `UpdateUrl` replaces it.
pub const RELEASE_FEED: Option<&str> = option_env!("PARLEY_UPDATE_URL");

/// The UI event carrying each new [`UpdateStatus`].
pub const STATUS_EVENT: &str = "update-status";

/// How long one request to the feed or for the artifact may take.
const REQUEST_TIMEOUT: Duration = Duration::from_mins(5);

const NO_KEY: &str = "This build of Parley has no update key, so it does not update itself: your organisation's software packages update it.";
const NO_FEED: &str = "No update server is set for this build of Parley, so it does not update itself: your organisation's software packages update it.";
const BAD_FEED: &str =
    "The update server this build names is not an https:// address, so Parley does not use it.";

/// The updater plugin's configuration: the release key, and the checks that do not depend
/// on policy. Written into the app's context by [`configure`], replacing anything else.
pub fn plugin_config(public_key: &str) -> serde_json::Value {
    serde_json::json!({
        "pubkey": public_key,
        "endpoints": [],
        "requireSignedVersion": true,
        "allowDowngrades": false,
        "dangerousInsecureTransportProtocol": false,
        "dangerousAcceptInvalidCerts": false,
        "dangerousAcceptInvalidHostnames": false,
    })
}

/// Sets the updater plugin's configuration in `context` (see [`plugin_config`]).
pub fn configure<R: Runtime>(context: &mut tauri::Context<R>, public_key: &str) {
    context.config_mut().plugins.0.insert("updater".to_owned(), plugin_config(public_key));
}

/// What this build and the organisation's policy allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// `AutoUpdate` is `off`: nothing is ever asked.
    Off,
    /// Updates cannot be used; the sentence says why.
    Unavailable(&'static str),
    /// Look at `feed`; with `install`, install what is found without asking.
    Use {
        /// The update manifest's URL.
        feed: Url,
        /// `AutoUpdate` is `install`.
        install: bool,
    },
}

/// Decides what to do from the policy and what this build was given.
pub fn plan(policy: &Policy, release_key: Option<&str>, release_feed: Option<&str>) -> Plan {
    if policy.auto_update == AutoUpdate::Off {
        return Plan::Off;
    }
    if release_key.is_none_or(|key| key.trim().is_empty()) {
        return Plan::Unavailable(NO_KEY);
    }
    let Some(feed) = policy.update_url.as_deref().or(release_feed) else {
        return Plan::Unavailable(NO_FEED);
    };
    match Url::parse(feed) {
        Ok(feed) if feed.scheme() == "https" => {
            Plan::Use { feed, install: policy.auto_update == AutoUpdate::Install }
        }
        _ => Plan::Unavailable(BAD_FEED),
    }
}

/// Where updating stands, as the About page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpdateStatus {
    /// The organisation turned updates off.
    Off,
    /// Updates cannot be used (no key or feed in this build); `reason` is one sentence.
    Unavailable {
        /// Why, for a person.
        reason: String,
    },
    /// Nothing was asked yet.
    NotChecked,
    /// Asking the feed.
    Checking,
    /// Nothing newer is offered.
    UpToDate,
    /// `version` is offered and may be installed.
    Available {
        /// The version offered.
        version: String,
    },
    /// Downloading, verifying and installing `version`.
    Installing {
        /// The version being installed.
        version: String,
    },
    /// `version` is installed and runs after a restart.
    Installed {
        /// The version installed.
        version: String,
    },
    /// The last step failed; nothing was installed.
    Failed {
        /// Why, for a person.
        message: String,
    },
}

impl From<&Plan> for UpdateStatus {
    fn from(plan: &Plan) -> Self {
        match plan {
            Plan::Off => Self::Off,
            Plan::Unavailable(reason) => Self::Unavailable { reason: (*reason).to_owned() },
            Plan::Use { .. } => Self::NotChecked,
        }
    }
}

/// Why an update step failed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The artifact's signature is not by the release key, or names another version.
    #[error(
        "The update to Parley {version} was refused: it is not signed by Parley's release key for that version. Nothing was installed."
    )]
    Refused {
        /// The version the feed offered.
        version: String,
        /// A code for the audit log: `bad_signature` or `version_not_signed`.
        reason: &'static str,
    },
    /// The feed or the artifact could not be fetched or read.
    #[error(
        "Parley could not reach its update server, or the server's answer was unreadable. Nothing was installed."
    )]
    Unreachable,
    /// The verified package could not be installed.
    #[error("Parley {version} could not be installed; this version keeps running.")]
    InstallFailed {
        /// The version that was being installed.
        version: String,
    },
}

/// Asks `feed` for a newer release; `Ok(None)` when none is offered (an equal or lower
/// version never is).
pub async fn check<R: Runtime>(app: &AppHandle<R>, feed: &Url) -> Result<Option<Update>, UpdateError> {
    let unreachable = |err: PluginError| {
        tracing::warn!(%err, "update check failed");
        UpdateError::Unreachable
    };
    let updater = app
        .updater_builder()
        .endpoints(vec![feed.clone()])
        .map_err(unreachable)?
        .timeout(REQUEST_TIMEOUT)
        .build()
        .map_err(unreachable)?;
    updater.check().await.map_err(unreachable)
}

/// Downloads `update` and checks its signature: the bytes come back only if it holds.
pub async fn download(update: &Update) -> Result<Vec<u8>, UpdateError> {
    update.download(|_, _| {}, || {}).await.map_err(|err| {
        let reason = match err {
            PluginError::Minisign(_) | PluginError::Base64(_) | PluginError::SignatureUtf8(_) => {
                "bad_signature"
            }
            PluginError::SignedVersionMismatch { .. } | PluginError::MissingSignedVersion => {
                "version_not_signed"
            }
            err => {
                tracing::warn!(%err, "update download failed");
                return UpdateError::Unreachable;
            }
        };
        tracing::warn!(%err, version = %update.version, "update refused");
        UpdateError::Refused { version: update.version.clone(), reason }
    })
}

/// The update state kept for the About page; one check or install runs at a time.
pub struct Updates {
    status: Mutex<UpdateStatus>,
    running: tokio::sync::Mutex<()>,
}

impl Updates {
    /// Starts from what `plan` allows.
    pub fn new(plan: &Plan) -> Self {
        Self { status: Mutex::new(plan.into()), running: tokio::sync::Mutex::new(()) }
    }

    /// The current state.
    pub fn status(&self) -> UpdateStatus {
        self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

/// The plan for this machine's policy and this build.
pub fn current_plan() -> Plan {
    plan(&parley_policy::load_effective().policy, RELEASE_PUBLIC_KEY, RELEASE_FEED)
}

/// Checks `feed` and, with `install`, installs what it offers; each step is published to
/// the UI, and the final state is returned.
pub async fn run<R: Runtime>(app: &AppHandle<R>, feed: &Url, install: bool) -> UpdateStatus {
    let updates = app.state::<Updates>();
    let _one_at_a_time = updates.running.lock().await;
    publish(app, UpdateStatus::Checking);
    let outcome = match check(app, feed).await {
        Ok(None) => Ok(UpdateStatus::UpToDate),
        Ok(Some(update)) if !install => Ok(UpdateStatus::Available { version: update.version }),
        Ok(Some(update)) => {
            publish(app, UpdateStatus::Installing { version: update.version.clone() });
            download_and_install(&update).await
        }
        Err(err) => Err(err),
    };
    let status = outcome.unwrap_or_else(|err| {
        if let UpdateError::Refused { version, reason } = &err {
            crate::audit_sink::record(
                AuditEvent::new("update", "refused")
                    .with("version", version.as_str())
                    .with("reason", *reason),
            );
        }
        UpdateStatus::Failed { message: err.to_string() }
    });
    publish(app, status.clone());
    status
}

async fn download_and_install(update: &Update) -> Result<UpdateStatus, UpdateError> {
    let bytes = download(update).await?;
    // `install` verifies the bytes against the signature once more before touching anything.
    update.install(&bytes).map_err(|err| {
        tracing::warn!(%err, version = %update.version, "update could not be installed");
        UpdateError::InstallFailed { version: update.version.clone() }
    })?;
    crate::audit_sink::record(
        AuditEvent::new("update", "installed").with("version", update.version.as_str()),
    );
    Ok(UpdateStatus::Installed { version: update.version.clone() })
}

fn publish<R: Runtime>(app: &AppHandle<R>, status: UpdateStatus) {
    // Stored before it is announced, so a page that reads it on the event sees it.
    let updates = app.state::<Updates>();
    let stored = {
        let mut current = updates.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *current = status;
        current.clone()
    };
    crate::forward::emit(app, STATUS_EVENT, &stored);
}

/// At start-up: nothing when updates are off or unavailable; otherwise one check (and
/// install, if policy says so) in the background.
pub fn start<R: Runtime>(app: &AppHandle<R>, plan: Plan) {
    if let Plan::Use { feed, install } = plan {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            run(&app, &feed, install).await;
        });
    }
}

#[cfg(test)]
mod tests;
