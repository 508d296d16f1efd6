//! macOS: managed preferences for the bundle id `org.parley.desktop`.
//!
//! Configuration profiles (`.mobileconfig`) installed by MDM land as forced managed
//! preferences: `/Library/Managed Preferences/org.parley.desktop.plist` for the machine
//! and `/Library/Managed Preferences/USER/org.parley.desktop.plist` for one user;
//! both are mandatory. `/Library/Preferences/org.parley.desktop.plist` (root-owned)
//! holds recommended values. The files are plists (XML or binary), read with the
//! `plist` crate; [`MacSource::root`] lets tests use a fake file-system root.

use std::path::PathBuf;

use crate::{
    document::{Loaded, PolicyDocument, PolicyLevel, Scope},
    formats,
    sources::linux::document,
};

/// The bundle id whose managed preferences are Parley's policy.
pub const BUNDLE_ID: &str = "org.parley.desktop";

/// The macOS managed-preferences locations under a root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacSource {
    /// `/` on a real Mac; a temporary folder in tests.
    pub root: PathBuf,
    /// The signed-in user's short name, for per-user managed preferences.
    pub user: Option<String>,
}

impl MacSource {
    /// The real locations for the current user (`$USER`).
    pub fn system() -> Self {
        Self { root: PathBuf::from("/"), user: std::env::var("USER").ok().filter(|u| is_safe_user(u)) }
    }

    /// The files read, strongest first, with their scope and level.
    pub fn locations(&self) -> Vec<(PathBuf, Scope, PolicyLevel)> {
        let managed = self.root.join("Library/Managed Preferences");
        let file = format!("{BUNDLE_ID}.plist");
        let mut out = vec![(managed.join(&file), Scope::Machine, PolicyLevel::Mandatory)];
        if let Some(user) = self.user.as_deref().filter(|u| is_safe_user(u)) {
            out.push((managed.join(user).join(&file), Scope::User, PolicyLevel::Mandatory));
        }
        out.push((
            self.root.join("Library/Preferences").join(&file),
            Scope::Machine,
            PolicyLevel::Recommended,
        ));
        out
    }

    /// The folders to watch for changes.
    pub fn watch_paths(&self) -> Vec<PathBuf> {
        vec![self.root.join("Library/Managed Preferences"), self.root.join("Library/Preferences")]
    }

    /// Reads every location that exists.
    pub fn load(&self) -> Loaded {
        let mut loaded = Loaded::default();
        for (path, scope, level) in self.locations() {
            if !path.exists() {
                continue;
            }
            let source = path.display().to_string();
            match formats::read_capped(&path).and_then(|bytes| formats::parse_plist(&bytes)) {
                Ok(parsed) => {
                    let doc = document(source, level, parsed, &mut loaded.problems);
                    loaded.documents.push(PolicyDocument { scope, ..doc });
                }
                Err(e) => loaded.problems.push(e.into_problem(source)),
            }
        }
        loaded
    }
}

/// A user name that cannot climb out of the managed-preferences folder.
fn is_safe_user(user: &str) -> bool {
    !user.is_empty() && user != "." && user != ".." && !user.contains(['/', '\0'])
}
