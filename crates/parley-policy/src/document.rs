//! The intermediate model every source produces: documents of `(key, value)` entries.

use crate::{formats::Entries, problem::Problem};

/// Whose policy a document is: the whole machine's or one user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Machine-wide (Linux `/etc`, Windows `HKLM`, macOS machine-level managed preferences).
    Machine,
    /// One user (Windows `HKCU`, macOS per-user managed preferences).
    User,
}

/// How strongly a document's values apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyLevel {
    /// Enforced and locked in the UI.
    Mandatory,
    /// A default the organisation recommends; not locked.
    Recommended,
}

/// One policy source: a file, a registry key, or a managed-preferences domain.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDocument {
    /// Where it came from (a path or a registry key), for reports.
    pub source: String,
    /// Machine or user.
    pub scope: Scope,
    /// Mandatory or recommended.
    pub level: PolicyLevel,
    /// The entries as written (keys not yet checked).
    pub entries: Entries,
}

impl PolicyDocument {
    /// The precedence rank of this document: 0 is strongest (DESIGN.md §4).
    pub(crate) fn rank(&self) -> usize {
        match (self.level, self.scope) {
            (PolicyLevel::Mandatory, Scope::Machine) => 0,
            (PolicyLevel::Mandatory, Scope::User) => 1,
            (PolicyLevel::Recommended, Scope::Machine) => 2,
            (PolicyLevel::Recommended, Scope::User) => 3,
        }
    }
}

/// What reading the policy sources produced: documents, and the problems met on the way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    /// Documents in the order read (name order within one folder).
    pub documents: Vec<PolicyDocument>,
    /// Sources that could not be used, and why.
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// Appends another source's results.
    pub fn extend(&mut self, other: Self) {
        self.documents.extend(other.documents);
        self.problems.extend(other.problems);
    }
}
