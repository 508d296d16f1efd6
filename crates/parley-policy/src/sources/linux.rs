//! Linux: JSON files in `/etc/parley/policies/{managed,recommended}/*.json`.
//!
//! Files must be owned by root and not writable by others (DESIGN.md §4);
//! `PARLEY_POLICY_DIR` replaces the root folder for tests.

use std::path::{Path, PathBuf};

use crate::{
    document::{Loaded, PolicyDocument, PolicyLevel, Scope},
    error::ReadError,
    formats::{self, Parsed},
    problem::{Problem, ProblemCode},
};

/// The default policy root.
pub const DEFAULT_ROOT: &str = "/etc/parley/policies";
/// The environment variable that replaces [`DEFAULT_ROOT`].
pub const ROOT_ENV: &str = "PARLEY_POLICY_DIR";
/// At most this many files are read from one folder; the rest are reported and ignored.
pub const MAX_FILES_PER_DIR: usize = 256;

/// The Linux policy folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinuxSource {
    /// The root holding `managed/` and `recommended/`.
    pub root: PathBuf,
    /// The uid policy files must belong to: 0 (root), except in tests.
    pub expected_owner: u32,
}

impl LinuxSource {
    /// `$PARLEY_POLICY_DIR` or `/etc/parley/policies`, files owned by root.
    pub fn from_env() -> Self {
        let root = std::env::var_os(ROOT_ENV)
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from(DEFAULT_ROOT), PathBuf::from);
        Self { root, expected_owner: 0 }
    }

    /// A source at `root` whose files must belong to root.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), expected_owner: 0 }
    }

    /// Reads both folders. A missing folder is not a problem (no policy).
    pub fn load(&self) -> Loaded {
        let mut loaded = Loaded::default();
        for (folder, level) in
            [("managed", PolicyLevel::Mandatory), ("recommended", PolicyLevel::Recommended)]
        {
            loaded.extend(self.load_folder(&self.root.join(folder), level));
        }
        loaded
    }

    fn load_folder(&self, dir: &Path, level: PolicyLevel) -> Loaded {
        let mut loaded = Loaded::default();
        let source = dir.display().to_string();
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return loaded,
            Err(e) => {
                loaded.problems.push(ReadError::Io(e).into_problem(source));
                return loaded;
            }
        };
        // A folder others can write to lets them add or swap files: refuse all of it.
        if let Err(e) = self.check_owner_and_mode(dir) {
            loaded.problems.push(Problem::source(source, e.code(), format!("folder {e}")));
            return loaded;
        }
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
            .collect();
        // Name order decides conflicts within one level: the last file wins.
        paths.sort();
        if paths.len() > MAX_FILES_PER_DIR {
            loaded.problems.push(Problem::source(
                source,
                ProblemCode::TooManyFiles,
                format!("more than {MAX_FILES_PER_DIR} policy files; the rest were ignored"),
            ));
            paths.truncate(MAX_FILES_PER_DIR);
        }
        for path in paths {
            let source = path.display().to_string();
            match self.read_file(&path) {
                Ok(parsed) => loaded.documents.push(document(source, level, parsed, &mut loaded.problems)),
                Err(e) => loaded.problems.push(e.into_problem(source)),
            }
        }
        loaded
    }

    /// Reads one policy file after checking its owner and permissions.
    pub fn read_file(&self, path: &Path) -> Result<Parsed, ReadError> {
        self.check_owner_and_mode(path)?;
        formats::parse_json(&formats::read_capped(path)?)
    }

    /// Refuses paths not owned by [`Self::expected_owner`] or writable by others.
    #[cfg(unix)]
    pub fn check_owner_and_mode(&self, path: &Path) -> Result<(), ReadError> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path)?;
        if meta.uid() != self.expected_owner {
            return Err(ReadError::InsecureOwner { uid: meta.uid(), expected: self.expected_owner });
        }
        if meta.mode() & 0o002 != 0 {
            return Err(ReadError::WritableByOthers { mode: meta.mode() & 0o7777 });
        }
        Ok(())
    }

    /// Ownership is a Unix notion; elsewhere this source is only used for tests.
    #[cfg(not(unix))]
    pub fn check_owner_and_mode(&self, _path: &Path) -> Result<(), ReadError> {
        Ok(())
    }
}

/// A document from a parsed file, reporting repeated keys.
pub(crate) fn document(
    source: String,
    level: PolicyLevel,
    parsed: Parsed,
    problems: &mut Vec<Problem>,
) -> PolicyDocument {
    for key in parsed.duplicates {
        problems.push(Problem::key(
            &source,
            key,
            ProblemCode::DuplicateKey,
            "appears more than once in this file; the last one counts",
        ));
    }
    PolicyDocument { source, scope: Scope::Machine, level, entries: parsed.entries }
}
