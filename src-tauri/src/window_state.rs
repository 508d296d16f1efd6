//! The window's size, position and maximised state, remembered between launches.
//!
//! `tauri-plugin-window-state` rather than our own: it already handles what is easy to get
//! wrong (a saved position on a monitor that is gone, the size to return to from maximised,
//! saving on close and on exit). It is limited to those three flags, so the file
//! (`<config dir>/org.parley.desktop/.window-state.json`) holds geometry and nothing else:
//! no room, no account, no content. Its commands are not granted to the webview
//! (`capabilities/main.json`), so the page can neither read nor change the file.

use tauri::Runtime;
use tauri::plugin::TauriPlugin;
use tauri_plugin_window_state::StateFlags;

/// What is remembered.
pub const REMEMBERED: StateFlags = StateFlags::SIZE.union(StateFlags::POSITION).union(StateFlags::MAXIMIZED);

/// The plugin; it restores the main window when it is created and saves it on close and exit.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new().with_state_flags(REMEMBERED).build()
}
