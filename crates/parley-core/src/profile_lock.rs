//! One process at a time per profile.
//!
//! Two processes on one profile (the app and a `parleyctl` command, or two commands) would
//! each keep their own copy of the account's encryption state and overwrite each other's
//! in the store: one-time keys handed out twice, ratchets that no longer agree, messages
//! nobody can decrypt. matrix-sdk's own cross-process lock is off (`engine::build_client`):
//! it renewed a lease every 50 ms and, with one holder name in every process, excluded
//! nothing. This lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows),
//! so it is released when the process ends, however it ends.

use std::{fs::File, path::Path};

use crate::error::{CoreError, Result};

/// Held while an engine (or a wipe) uses a profile; released on drop.
#[derive(Debug)]
pub(crate) struct ProfileLock {
    _file: File,
}

impl ProfileLock {
    /// Takes the profile's lock, or says plainly that another process holds it.
    pub(crate) fn acquire(dir: &Path) -> Result<Self> {
        let file = lock_file(dir).map_err(|e| CoreError::profile(dir, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(CoreError::ProfileInUse),
            Err(std::fs::TryLockError::Error(e)) => Err(CoreError::profile(dir, e)),
        }
    }
}

/// What the lock is taken on: the profile folder itself where the platform can open one, so
/// nothing is left in the folder (a signed-out profile is empty but for its audit log).
#[cfg(unix)]
fn lock_file(dir: &Path) -> std::io::Result<File> {
    File::open(dir)
}

#[cfg(not(unix))]
fn lock_file(dir: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(".lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lock excludes a second holder (`flock` locks of two opens exclude each other even
    /// within one process) until the first is dropped.
    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = ProfileLock::acquire(dir.path()).expect("first");
        assert!(matches!(ProfileLock::acquire(dir.path()), Err(CoreError::ProfileInUse)));
        drop(first);
        ProfileLock::acquire(dir.path()).expect("free again");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0, "nothing left in the folder");
    }
}
