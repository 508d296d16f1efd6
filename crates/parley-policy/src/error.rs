//! Errors of policy operations that fail as a whole (reading one file, watching).

use std::path::PathBuf;

use crate::problem::ProblemCode;

/// Why a policy document could not be read; each becomes a [`crate::Problem`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// An I/O error.
    #[error("cannot be read: {0}")]
    Io(#[from] std::io::Error),
    /// Not a regular file (a folder, a FIFO, a device …).
    #[error("is not a regular file; ignored")]
    NotAFile,
    /// Owned by someone other than the expected owner.
    #[error("is owned by uid {uid}, not {expected} (root); ignored")]
    InsecureOwner {
        /// The file's owner.
        uid: u32,
        /// The required owner.
        expected: u32,
    },
    /// Writable by users other than its owner.
    #[error("is writable by other users (mode {mode:o}); ignored")]
    WritableByOthers {
        /// The file's permission bits.
        mode: u32,
    },
    /// Bigger than [`crate::MAX_FILE_SIZE`].
    #[error("is larger than 1 MiB; ignored")]
    TooLarge,
    /// Empty or only white space.
    #[error("is empty; ignored")]
    Empty,
    /// A UTF-8 byte-order mark.
    #[error("starts with a byte-order mark; save it as UTF-8 without BOM; ignored")]
    Bom,
    /// UTF-16 text.
    #[error("is UTF-16; policy files must be UTF-8; ignored")]
    Utf16,
    /// Invalid UTF-8.
    #[error("is not valid UTF-8; ignored")]
    NotUtf8,
    /// Nested deeper than [`crate::MAX_DEPTH`].
    #[error("nests deeper than {limit} levels; ignored")]
    TooDeep {
        /// The cap.
        limit: usize,
    },
    /// A syntax error.
    #[error("does not parse ({detail}); ignored")]
    Syntax {
        /// The parser's description.
        detail: String,
    },
    /// The top level is not an object.
    #[error("is {found}, not an object of policy keys; ignored")]
    NotAnObject {
        /// What it is instead.
        found: String,
    },
}

impl ReadError {
    /// The problem code this error is reported with.
    pub fn code(&self) -> ProblemCode {
        match self {
            Self::Io(_) => ProblemCode::Unreadable,
            Self::NotAFile => ProblemCode::NotAFile,
            Self::InsecureOwner { .. } => ProblemCode::InsecureOwner,
            Self::WritableByOthers { .. } => ProblemCode::InsecurePermissions,
            Self::TooLarge => ProblemCode::TooLarge,
            Self::Empty => ProblemCode::Empty,
            Self::Bom | Self::Utf16 | Self::NotUtf8 => ProblemCode::Encoding,
            Self::TooDeep { .. } => ProblemCode::TooDeep,
            Self::Syntax { .. } => ProblemCode::Syntax,
            Self::NotAnObject { .. } => ProblemCode::NotAnObject,
        }
    }

    /// This error as a problem of `source`.
    pub fn into_problem(self, source: impl Into<String>) -> crate::Problem {
        crate::Problem::source(source, self.code(), format!("file {self}"))
    }
}

/// Errors of the live-reload watcher and template generation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file-system watcher could not start.
    #[error("cannot watch the policy folders: {0}")]
    Watch(#[from] notify::Error),
    /// The watcher thread could not start.
    #[error("cannot start the policy watcher thread: {0}")]
    Thread(std::io::Error),
    /// Writing a generated template failed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}
