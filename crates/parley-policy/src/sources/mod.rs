//! Where policy comes from on each platform.
//!
//! The data handling of every platform is compiled and tested everywhere (from
//! fixtures); only the thin OS calls (the Windows registry) are behind `cfg`.

pub mod linux;
pub mod macos;
pub mod windows;

use std::path::PathBuf;

use crate::document::Loaded;

/// Reads this machine's policy from the platform's locations.
pub fn load_machine() -> Loaded {
    #[cfg(windows)]
    {
        windows::load_registry()
    }
    #[cfg(target_os = "macos")]
    {
        macos::MacSource::system().load()
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        linux::LinuxSource::from_env().load()
    }
}

/// The folders to watch for live reload on this platform (empty on Windows, where
/// the registry is polled).
pub fn watch_paths() -> Vec<PathBuf> {
    #[cfg(windows)]
    {
        Vec::new()
    }
    #[cfg(target_os = "macos")]
    {
        macos::MacSource::system().watch_paths()
    }
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        vec![linux::LinuxSource::from_env().root]
    }
}
