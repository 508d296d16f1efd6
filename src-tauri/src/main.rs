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
mod updates;
mod validate;

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use tauri::{AppHandle, Runtime};
use tracing_subscriber::EnvFilter;

/// Default delay between `PARLEY_UI_READY` and exit in smoke-test mode.
const SMOKE_EXIT_DELAY: Duration = Duration::from_secs(1);

fn main() -> ExitCode {
    if std::env::args_os().skip(1).any(|a| a == "--version" || a == "-V") {
        // Nothing else is touched: no profile, no keyring, no display.
        let _ = writeln!(std::io::stdout(), "Parley {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_env("PARLEY_LOG").unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();

    let state = commands::AppState::new(smoke_mode());
    // Before the window: opening the session overlaps the webview's start (docs/benchmarks.md).
    state.restore_early();
    let update_plan = updates::current_plan();
    let mut context = tauri::generate_context!();
    updates::configure(&mut context, updates::RELEASE_PUBLIC_KEY.unwrap_or_default());
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(state)
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
        ])
        .setup(move |app| {
            hardening::build_main_window(app)?;
            updates::start(app.handle(), update_plan);
            Ok(())
        })
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
