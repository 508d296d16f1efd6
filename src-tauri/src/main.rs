//! Parley desktop: the Tauri shell around `parley-core`.
//!
//! This binary is glue. It opens the profile, builds one hardened window
//! ([`hardening`]), exposes a handful of typed commands ([`commands`]) and forwards
//! engine events to the UI. Everything Matrix lives in `parley-core`; the webview never
//! sees a token or a key.
//!
//! Smoke-test mode (`PARLEY_SMOKE_EXIT_AFTER_LOAD=1` or `--smoke`): when the UI calls
//! `ui_ready`, the app prints `PARLEY_UI_READY` on stdout and exits 0 after
//! `PARLEY_SMOKE_EXIT_DELAY_MS` milliseconds (default 1000).
//!
//! A `matrix:` or `https://matrix.to` argument opens that room once signed in
//! ([`open_link`]); a second launch on the same profile hands it to the running app and
//! exits ([`single_instance`]).
//!
//! `--version` prints the name and version and exits without opening anything (for
//! installers, IT inventory and the package test).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
// matrix-sdk's futures are deeply nested; laying out the commands' async bodies needs more.
#![recursion_limit = "256"]

mod audit_sink;
mod commands;
mod error;
mod forward;
mod hardening;
mod notify;
mod open_link;
mod single_instance;
mod tray;
mod updates;
mod validate;
mod window_state;

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};
use tracing_subscriber::EnvFilter;

/// Default delay between `PARLEY_UI_READY` and exit in smoke-test mode.
const SMOKE_EXIT_DELAY: Duration = Duration::from_secs(1);

/// `--version`: prints the version and touches nothing else (no profile, keyring, display).
fn version_asked() -> bool {
    let asked = std::env::args_os().skip(1).any(|a| a == "--version" || a == "-V");
    if asked {
        let _ = writeln!(std::io::stdout(), "Parley {}", env!("CARGO_PKG_VERSION"));
    }
    asked
}

fn main() -> ExitCode {
    if version_asked() {
        return ExitCode::SUCCESS;
    }
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("PARLEY_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    // The first line of every log: where a start's time goes is read from the timestamps.
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Parley starting");

    let state = commands::AppState::new(smoke_mode());
    let update_plan = updates::current_plan();
    let mut context = tauri::generate_context!();
    updates::configure(&mut context, updates::RELEASE_PUBLIC_KEY.unwrap_or_default());
    let instance =
        single_instance::plugin(&context.config().identifier, &parley_core::Profile::default_dir());
    let result = tauri::Builder::default()
        // First: a second launch must hand over its link and exit before anything else starts.
        .plugin(instance)
        .plugin(window_state::plugin())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(state)
        .manage(open_link::PendingLink::from_args(std::env::args_os().skip(1)))
        .manage(updates::Updates::new(&update_plan))
        .invoke_handler(tauri::generate_handler![
            commands::ui_ready,
            commands::session_restore,
            commands::login,
            commands::rooms,
            commands::messages,
            commands::send_text,
            commands::dlp_scan,
            commands::trust::invites,
            commands::trust::answer_invite,
            commands::trust::external_members,
            commands::trust::ignore_user,
            commands::trust::report_message,
            commands::trust::report_room,
            commands::trust::login_defaults,
            commands::sign_in::login_options,
            commands::sign_in::login_browser,
            commands::sign_in::login_cancel,
            commands::logout,
            commands::identity::identity_warnings,
            commands::identity::acknowledge_identity,
            commands::links::link_inspect,
            commands::links::link_open,
            commands::links::link_copy,
            commands::links::link_in_app,
            commands::links::pending_link,
            commands::privacy::mark_read,
            commands::privacy::typing,
            commands::privacy::privacy_overview,
            commands::activity::activity,
            commands::files::file_accept,
            commands::files::file_open,
            commands::verification::verify_request,
            commands::verification::verify_accept,
            commands::verification::verify_confirm,
            commands::verification::verify_cancel,
            commands::verification::devices,
            commands::recovery::recovery_enable,
            commands::recovery::recovery_restore,
            commands::notices::notices_list,
            commands::notices::notices_mark_read,
            commands::notices::notify_settings,
            commands::notices::notify_set_room_level,
            commands::notices::notify_set_dnd,
            commands::compose::message_reply,
            commands::compose::message_edit,
            commands::compose::message_react,
            commands::compose::message_redact,
            commands::compose::unsent_list,
            commands::compose::unsent_retry,
            commands::compose::unsent_cancel,
            commands::about::about,
            commands::about::update_check,
            commands::about::update_install,
            commands::rooms::create_dm,
            commands::rooms::create_room,
            commands::rooms::invite_user,
            commands::rooms::room_members,
            commands::rooms::room_details,
            commands::rooms::room_update,
            commands::rooms::leave_room,
            commands::rooms::display_name,
            commands::rooms::set_display_name,
        ])
        .setup(move |app| start(app.handle(), update_plan))
        .run(context);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(%err, "Parley could not start");
            eprintln!("Parley could not start: {err}");
            ExitCode::FAILURE
        }
    }
}

/// The app's start once every plugin is set up.
fn start<R: Runtime>(
    app: &AppHandle<R>,
    update_plan: updates::Plan,
) -> Result<(), Box<dyn std::error::Error>> {
    // After the plugins, so a second launch has already handed over and exited (two engines
    // on one store must never meet); before the window, so opening the session overlaps the
    // webview's start (docs/benchmarks.md).
    app.state::<commands::AppState>().restore_early();
    hardening::build_main_window(app)?;
    tray::start(app);
    exit_on_terminate(app);
    updates::start(app, update_plan);
    Ok(())
}

/// Brings the main window forward (a tray click, a pop-up click, a second launch). Best
/// effort: a window manager may refuse focus.
pub(crate) fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(hardening::MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// SIGTERM (the session ending, `kill`) quits like "Quit" does, so exit handlers run: the
/// window state is saved and the single-instance name released.
fn exit_on_terminate<R: Runtime>(app: &AppHandle<R>) {
    #[cfg(unix)]
    {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            match signal(SignalKind::terminate()) {
                Ok(mut terminate) => {
                    if terminate.recv().await.is_some() {
                        tracing::info!("SIGTERM: quitting");
                        app.exit(0);
                    }
                }
                Err(err) => tracing::warn!(%err, "SIGTERM cannot be handled; it will end Parley abruptly"),
            }
        });
    }
    #[cfg(not(unix))]
    let _ = app;
}

/// `Some(delay)` when the app runs as a smoke test.
fn smoke_mode() -> Option<Duration> {
    let by_env = std::env::var_os("PARLEY_SMOKE_EXIT_AFTER_LOAD").is_some_and(|v| v == "1");
    let by_arg = std::env::args_os().skip(1).any(|a| a == "--smoke");
    (by_env || by_arg).then(|| {
        std::env::var("PARLEY_SMOKE_EXIT_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(SMOKE_EXIT_DELAY, Duration::from_millis)
    })
}

/// Smoke test: the UI mounted and reached Rust through IPC. Announce it and exit.
pub(crate) fn smoke_ready<R: Runtime>(app: AppHandle<R>, delay: Duration) {
    let mut out = std::io::stdout().lock();
    // If stdout is gone the test harness is gone too; nothing useful to do with the error.
    let _ = writeln!(out, "PARLEY_UI_READY").and_then(|()| out.flush());
    drop(out);
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        app.exit(0);
    });
}
