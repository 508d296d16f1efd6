//! Releasing a checked file from quarantine: into the user's folder under its safe name,
//! never over an existing file, and carrying the platform's mark-of-the-web so the OS and
//! other tools treat it as downloaded from the internet.

use std::{
    io::ErrorKind,
    path::{Path, PathBuf},
};

/// Where a released file came from, as recorded in its mark-of-the-web. Only `mxc://`
/// URIs and permalinks: never a URL carrying an access token.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    /// The media's `mxc://` URI.
    pub mxc: String,
    /// A `https://matrix.to/#/…` permalink to the message that offered the file.
    pub referrer: String,
}

/// Why a file could not be released.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ReleaseError {
    #[error("The file could not be copied to {folder}: {detail}.")]
    Copy { folder: String, detail: String },
    #[error(
        "The file could not be marked as downloaded from the internet ({detail}), so it stays in quarantine. \
         Choose a folder on a disk that supports file attributes."
    )]
    MarkOfTheWeb { detail: String },
    #[error("There are too many files named like this one in {folder}.")]
    NoFreeName { folder: String },
}

/// How many "name (N).ext" variants are tried before giving up.
const MAX_NAME_VARIANTS: u32 = 999;

/// Copies `quarantined` into `folder` as `safe_name` (or "name (N).ext" when taken) with
/// the mark-of-the-web, then removes the quarantined copy. Nothing is overwritten, and the
/// file never appears under its final name without its mark.
pub(crate) fn release(
    quarantined: &Path,
    folder: &Path,
    safe_name: &str,
    origin: &Origin,
) -> Result<PathBuf, ReleaseError> {
    let copy_error = |e: std::io::Error| ReleaseError::Copy {
        folder: folder.display().to_string(),
        detail: e.to_string(),
    };
    std::fs::create_dir_all(folder).map_err(copy_error)?;
    // Hidden and with no usable extension while it is incomplete and unmarked.
    let staging = folder.join(format!(".parley-{}.partial", super::download::random_name()));
    copy_new(quarantined, &staging).map_err(copy_error)?;
    if let Err(e) = mark_of_the_web(&staging, origin) {
        let _ = std::fs::remove_file(&staging);
        return Err(ReleaseError::MarkOfTheWeb { detail: e.to_string() });
    }
    let released = place_without_overwriting(&staging, folder, safe_name);
    let _ = std::fs::remove_file(&staging);
    let released = released?;
    // The released copy is the one the user has now; the quarantined one is no longer needed.
    let _ = std::fs::remove_file(quarantined);
    Ok(released)
}

fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut input = std::fs::File::open(from)?;
    let mut output = std::fs::OpenOptions::new().write(true).create_new(true).open(to)?;
    std::io::copy(&mut input, &mut output)?;
    output.sync_all()
}

/// Links `staging` under the first free name. A hard link fails when the name exists,
/// which makes "never overwrite" atomic; the staging file's attributes come along.
fn place_without_overwriting(
    staging: &Path,
    folder: &Path,
    safe_name: &str,
) -> Result<PathBuf, ReleaseError> {
    let (stem, extension) = split_name(safe_name);
    for n in 0..=MAX_NAME_VARIANTS {
        let name = if n == 0 { safe_name.to_owned() } else { format!("{stem} ({n}){extension}") };
        let candidate = folder.join(&name);
        match std::fs::hard_link(staging, &candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(ReleaseError::Copy {
                    folder: folder.display().to_string(),
                    detail: e.to_string(),
                });
            }
        }
    }
    Err(ReleaseError::NoFreeName { folder: folder.display().to_string() })
}

/// "report.final.pdf" → ("report.final", ".pdf"); names without a dot keep everything.
fn split_name(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot) if dot > 0 => name.split_at(dot),
        _ => (name, ""),
    }
}

/// Linux: the freedesktop.org attributes that browsers and file managers set.
#[cfg(all(unix, not(target_os = "macos")))]
fn mark_of_the_web(path: &Path, origin: &Origin) -> std::io::Result<()> {
    xattr::set(path, "user.xdg.origin.url", origin.mxc.as_bytes())?;
    xattr::set(path, "user.xdg.referrer.url", origin.referrer.as_bytes())
}

/// macOS: the quarantine attribute Gatekeeper checks before first launch.
#[cfg(target_os = "macos")]
fn mark_of_the_web(path: &Path, origin: &Origin) -> std::io::Result<()> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let _ = origin;
    xattr::set(path, "com.apple.quarantine", apple_quarantine(now.as_secs()).as_bytes())
}

/// Windows: the `Zone.Identifier` stream SmartScreen and Office read (internet zone).
#[cfg(windows)]
fn mark_of_the_web(path: &Path, origin: &Origin) -> std::io::Result<()> {
    let mut stream = path.as_os_str().to_owned();
    stream.push(":Zone.Identifier");
    std::fs::write(PathBuf::from(stream), zone_identifier(origin))
}

/// The `Zone.Identifier` stream's content: zone 3 is the internet zone.
#[cfg_attr(not(windows), allow(dead_code))]
fn zone_identifier(origin: &Origin) -> String {
    format!("[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl={}\r\nHostUrl={}\r\n", origin.referrer, origin.mxc)
}

/// The `com.apple.quarantine` value: flags 0083 (downloaded, user approval needed),
/// the time in hex, the agent's name, and no event id (no `LaunchServices` record).
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
fn apple_quarantine(unix_seconds: u64) -> String {
    format!("0083;{unix_seconds:08x};Parley;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            mxc: "mxc://localhost/AbCd".into(),
            referrer: "https://matrix.to/#/!room:localhost/$event".into(),
        }
    }

    #[test]
    fn release_never_overwrites_and_keeps_the_extension() {
        let dir = tempfile::tempdir().expect("test file system");
        let folder = dir.path().join("Downloads");
        std::fs::create_dir(&folder).expect("test file system");
        std::fs::write(folder.join("report.pdf"), b"the user's own file").expect("test file system");
        let quarantined = dir.path().join("q1");
        std::fs::write(&quarantined, b"new").expect("test file system");

        let released = release(&quarantined, &folder, "report.pdf", &origin()).expect("test file system");

        assert_eq!(released, folder.join("report (1).pdf"));
        assert_eq!(
            std::fs::read(folder.join("report.pdf")).expect("test file system"),
            b"the user's own file"
        );
        assert_eq!(std::fs::read(&released).expect("test file system"), b"new");
        assert!(!quarantined.exists(), "the quarantined copy is removed after release");
        let leftovers: Vec<_> = std::fs::read_dir(&folder)
            .expect("test file system")
            .map(|e| e.expect("test file system").file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "no staging file left behind: {leftovers:?}");
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn released_files_carry_the_origin_attributes() {
        let dir = tempfile::tempdir().expect("test file system");
        let quarantined = dir.path().join("q2");
        std::fs::write(&quarantined, b"%PDF-1.4").expect("test file system");

        let released =
            release(&quarantined, &dir.path().join("out"), "a.pdf", &origin()).expect("test file system");

        let get = |name| {
            String::from_utf8(
                xattr::get(&released, name).expect("test file system").expect("test file system"),
            )
            .expect("test file system")
        };
        assert_eq!(get("user.xdg.origin.url"), "mxc://localhost/AbCd");
        assert_eq!(get("user.xdg.referrer.url"), "https://matrix.to/#/!room:localhost/$event");
    }

    #[test]
    fn platform_marks_have_the_documented_formats() {
        assert_eq!(
            zone_identifier(&origin()),
            "[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://matrix.to/#/!room:localhost/$event\r\nHostUrl=mxc://localhost/AbCd\r\n"
        );
        assert_eq!(apple_quarantine(0x6543_21ab), "0083;654321ab;Parley;");
    }

    #[test]
    fn names_split_before_the_last_dot() {
        assert_eq!(split_name("report.final.pdf"), ("report.final", ".pdf"));
        assert_eq!(split_name("README"), ("README", ""));
        assert_eq!(split_name(".hidden"), (".hidden", ""));
    }
}
