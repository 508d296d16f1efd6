//! One running Parley per profile.
//!
//! Two engines on one profile would fight over its stores and sync twice. The first launch
//! owns a name on the session D-Bus derived from the profile folder; a second launch with the
//! same profile hands its arguments (a Matrix link, `open_link.rs`) to the first and exits 0
//! before opening anything. Another profile (`PARLEY_PROFILE`) gets another name, so two
//! accounts can still run side by side. Without a session bus the plugin launches normally
//! (logged): nothing better can be done there.

use std::path::Path;

use tauri::Runtime;
use tauri::plugin::TauriPlugin;

/// The plugin; register it before every other plugin so a second launch exits early.
pub fn plugin<R: Runtime>(identifier: &str, profile_dir: &Path) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(dbus_id(identifier, profile_dir))
        .callback(|app, args, _cwd| crate::open_link::forwarded(app, &args))
        .build()
}

/// `<identifier>.p<hash of the profile folder>`: a valid D-Bus well-known name (elements
/// must not start with a digit), the same for every launch on one profile. FNV-1a rather
/// than `DefaultHasher`, whose output may change between Rust releases (an older and a newer
/// Parley on one profile must still meet).
fn dbus_id(identifier: &str, profile_dir: &Path) -> String {
    let dir = profile_dir.canonicalize().unwrap_or_else(|_| profile_dir.to_owned());
    let hash = dir
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{identifier}.p{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_per_profile() {
        let a = dbus_id("org.parley.desktop", Path::new("/nonexistent/a"));
        assert_eq!(a, dbus_id("org.parley.desktop", Path::new("/nonexistent/a")));
        assert_ne!(a, dbus_id("org.parley.desktop", Path::new("/nonexistent/b")));
        // A D-Bus name element: letters, digits, `_`, not starting with a digit.
        let last = a.rsplit('.').next().unwrap_or_default();
        assert!(last.starts_with('p') && last.len() == 17 && last.chars().all(|c| c.is_ascii_alphanumeric()));
        // The same folder written two ways is one profile.
        let here = std::env::current_dir().expect("a working directory");
        assert_eq!(dbus_id("x", &here), dbus_id("x", &here.join(".")));
    }
}
