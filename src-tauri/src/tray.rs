//! The tray entry: the unread count of the notification centre, "Show Parley" and "Quit".
//!
//! Optional by nature. Without a tray host (a bare X server, some desktops) or without
//! libayatana-appindicator3 the app runs exactly as before; why is logged once. On Linux the
//! indicator shows the title next to the icon and ignores tooltips; elsewhere the tooltip
//! carries the count, so both are set.

use std::sync::atomic::{AtomicUsize, Ordering};

use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

/// The one tray entry.
const TRAY_ID: &str = "parley";
const SHOW: &str = "show";
const QUIT: &str = "quit";

/// The count last shown, so an unchanged count costs nothing. `usize::MAX`: none yet.
static SHOWN: AtomicUsize = AtomicUsize::new(usize::MAX);

/// What the tray says for `unread` centre entries.
pub fn label(unread: usize) -> String {
    match unread {
        0 => "Parley".to_owned(),
        1 => "Parley: 1 unread notification".to_owned(),
        n => format!("Parley: {n} unread notifications"),
    }
}

/// Adds the tray entry; on failure logs why, once, and the app carries on without it.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    // libappindicator-sys panics when no indicator library can be loaded; a missing tray
    // must not take the app down, so that panic is caught and reported like an error.
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(())) => tracing::info!("tray entry added"),
        Ok(Err(err)) => tracing::warn!(%err, "no tray entry: the tray is not available"),
        Err(_) => tracing::warn!("no tray entry: no tray library (libayatana-appindicator3) could be loaded"),
    }
}

fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let show = MenuItem::with_id(app, SHOW, "Show Parley", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, QUIT, "Quit", true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&show, &quit])?;
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .menu(&menu)
        .tooltip(label(0))
        .title(label(0))
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id.as_ref() {
            SHOW => crate::show_main_window(app),
            QUIT => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    SHOWN.store(0, Ordering::Relaxed);
    Ok(())
}

/// Shows `unread` in the tray, if there is one and the count changed.
pub fn show_unread<R: Runtime>(app: &AppHandle<R>, unread: usize) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else { return };
    if SHOWN.swap(unread, Ordering::Relaxed) == unread {
        return;
    }
    let text = label(unread);
    if let Err(err) = tray.set_tooltip(Some(&text)).and_then(|()| tray.set_title(Some(&text))) {
        tracing::debug!(%err, "the tray did not take the new count");
    }
}

/// Reads the centre's unread count (0 when signed out) and shows it.
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let unread = app.state::<crate::commands::AppState>().unread_notices();
    show_unread(app, unread);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(label(0), "Parley");
        assert_eq!(label(1), "Parley: 1 unread notification");
        assert_eq!(label(2), "Parley: 2 unread notifications");
        assert_eq!(label(12_345), "Parley: 12345 unread notifications");
    }
}
