//! Matrix links handed to the app from outside: on the command line (the desktop file's
//! `x-scheme-handler/matrix`, a browser, a terminal) or forwarded by a second launch
//! (`single_instance.rs`).
//!
//! The link waits here until the UI is signed in and asks for it (`pending_link`); Rust then
//! opens the room if the account is in it and otherwise says so. Nothing is ever joined.

use std::sync::Mutex;

use parley_core::matrix_link::{self, MatrixLinkError, MatrixTarget};
use tauri::{AppHandle, Manager, Runtime};

/// Tauri event telling the main window that a link is waiting (no payload: the UI asks).
pub const MATRIX_LINK_EVENT: &str = "matrix-link";

/// The latest Matrix link handed to the app and not yet taken by the UI, or why it could
/// not be read (so the person hears why nothing opened).
#[derive(Default)]
pub struct PendingLink(Mutex<Option<Result<MatrixTarget, MatrixLinkError>>>);

impl PendingLink {
    /// The link among `args` (program name excluded), if any.
    pub fn from_args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(args: I) -> Self {
        Self(Mutex::new(link_in_args(args)))
    }

    /// Takes the waiting link.
    pub fn take(&self) -> Option<Result<MatrixTarget, MatrixLinkError>> {
        crate::commands::lock(&self.0).take()
    }

    fn replace(&self, link: Result<MatrixTarget, MatrixLinkError>) {
        *crate::commands::lock(&self.0) = Some(link);
    }
}

/// The first argument that is meant as a Matrix link (well-formed or not); other arguments
/// (`--smoke`, options added by a launcher) are ignored.
fn link_in_args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(
    args: I,
) -> Option<Result<MatrixTarget, MatrixLinkError>> {
    args.into_iter().find_map(|arg| {
        // Not UTF-8: cannot be a valid link; if it claims to be one, say it is malformed.
        let text = arg.as_ref().to_string_lossy();
        match matrix_link::parse(&text) {
            Err(MatrixLinkError::NotMatrix) => None,
            parsed => Some(parsed),
        }
    })
}

/// A second launch passed `args`: bring the window forward and hand over its link, if any.
pub fn forwarded<R: Runtime>(app: &AppHandle<R>, args: &[String]) {
    crate::show_main_window(app);
    if let Some(link) = link_in_args(args.iter().skip(1)) {
        tracing::info!(valid = link.is_ok(), "a Matrix link was forwarded by a second launch");
        app.state::<PendingLink>().replace(link);
        crate::forward::emit(app, MATRIX_LINK_EVENT, &());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_found_among_other_arguments() {
        let found = link_in_args(["--smoke", "matrix:u/alice:example.org"]);
        assert!(matches!(found, Some(Ok(MatrixTarget::User { .. }))));
        let found = link_in_args(["https://matrix.to/#/!r:example.org/$e", "matrix:u/alice:example.org"]);
        assert!(matches!(found, Some(Ok(MatrixTarget::Room { event: Some(_), .. }))));
        assert!(link_in_args(["--smoke", "https://example.org/"]).is_none());
        assert!(link_in_args(Vec::<String>::new()).is_none());
    }

    #[test]
    fn a_malformed_link_is_kept_so_the_person_hears_why() {
        assert_eq!(link_in_args(["matrix:u/nobody"]), Some(Err(MatrixLinkError::Malformed)));
        let pending = PendingLink::from_args(["matrix:r/x"]);
        assert_eq!(pending.take(), Some(Err(MatrixLinkError::Malformed)));
        assert_eq!(pending.take(), None, "a link is taken once");
    }

    /// Installed, the app is the handler of `matrix:` links and is handed the link itself.
    #[test]
    fn the_desktop_file_hands_matrix_links_to_the_app() {
        let desktop = include_str!("../../packaging/linux/parley.desktop");
        assert!(desktop.lines().any(|l| l == "MimeType=x-scheme-handler/matrix;"));
        assert!(desktop.lines().any(|l| l == "Exec={{exec}} %u"));
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json is JSON");
        for format in ["deb", "rpm"] {
            assert_eq!(
                conf["bundle"]["linux"][format]["desktopTemplate"],
                "../packaging/linux/parley.desktop"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_are_not_links() {
        use std::os::unix::ffi::OsStrExt;
        let raw = std::ffi::OsStr::from_bytes(b"matrix:u/al\xFFice:example.org");
        assert_eq!(link_in_args([raw]), Some(Err(MatrixLinkError::Malformed)));
        assert!(link_in_args([std::ffi::OsStr::from_bytes(b"\xFF\xFE")]).is_none());
    }
}
