//! Merging sources into the effective policy (DESIGN.md §4).
//!
//! Precedence, strongest first: machine mandatory → user mandatory → machine
//! recommended → user recommended → the user's own settings → built-in hardened
//! defaults. Fail-safe rules:
//! - a key with a bad value takes the hardened default *at that level*, so neither a
//!   weaker source nor the user's own (possibly looser) setting can take its place;
//! - unknown keys are reported and ignored;
//! - when two sources of one level set a key differently, the last one read (name
//!   order for files) wins and the conflict is reported.

use serde_json::{Value, json};

use crate::{
    document::{Loaded, PolicyLevel, Scope},
    formats::Entries,
    problem::{Problem, ProblemCode},
    schema::{KEYS, Policy, PolicyKey},
};

/// Where an effective value comes from, as `explain` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// A mandatory policy: locked.
    Mandatory,
    /// A recommended policy.
    Recommended,
    /// The user's own setting.
    User,
    /// The built-in hardened default.
    Default,
}

/// The source of the user's own settings, in reports.
pub const USER_SETTINGS_SOURCE: &str = "user settings";
/// The source of built-in defaults, in reports.
pub const DEFAULT_SOURCE: &str = "built-in hardened default";

/// One key's effective value and where it comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Explained {
    /// The key.
    pub key: PolicyKey,
    /// The effective value as JSON.
    pub value: Value,
    /// The level that decided it.
    pub level: Level,
    /// Machine or user, for policy levels.
    pub scope: Option<Scope>,
    /// The file, registry key or other source that decided it.
    pub source: String,
    /// Whether the user may change it (mandatory policy: locked).
    pub locked: bool,
}

/// The effective policy with its explanation and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The values in force.
    pub policy: Policy,
    /// One entry per key, in schema order.
    pub entries: Vec<Explained>,
    /// Problems in the sources (each ignored part is named here).
    pub problems: Vec<Problem>,
}

impl Resolved {
    /// How `key` was decided.
    pub fn explain(&self, key: PolicyKey) -> &Explained {
        // `resolve` pushes exactly one entry per key in `KEYS` order, which is the
        // enum's order, so the discriminant indexes it.
        &self.entries[key as usize]
    }

    /// Whether the settings UI must show `key` as "Set by your organisation".
    pub fn is_locked(&self, key: PolicyKey) -> bool {
        self.explain(key).locked
    }

    /// The `parleyctl policy explain --json` document (DESIGN.md §5).
    pub fn to_json(&self) -> Value {
        json!({ "policies": self.entries, "errors": self.problems })
    }
}

struct Candidate {
    rank: usize,
    value: Value,
    valid: bool,
    source: String,
    scope: Scope,
    level: PolicyLevel,
}

/// Merges `loaded` policy documents and the user's own `settings` into the effective policy.
pub fn resolve(loaded: &Loaded, settings: &Entries) -> Resolved {
    let defaults = Policy::hardened_default();
    let mut problems = loaded.problems.clone();
    let mut best: Vec<Option<Candidate>> = KEYS.iter().map(|_| None).collect();

    let mut documents: Vec<_> = loaded.documents.iter().collect();
    // Stable: within one rank, documents keep the order they were read in.
    documents.sort_by_key(|d| d.rank());
    for doc in documents {
        for (name, value) in &doc.entries {
            let Some(key) = known_key(name, &doc.source, &mut problems) else { continue };
            let (value, valid) = match key.spec().kind.validate(value) {
                Ok(value) => (value, true),
                Err(invalid) => {
                    problems.push(Problem::key(
                        &doc.source,
                        name,
                        invalid.code,
                        format!("{}; the hardened default is kept", invalid.reason),
                    ));
                    (defaults.get(key), false)
                }
            };
            let slot = &mut best[key as usize];
            if let Some(existing) = slot.as_ref() {
                if existing.rank < doc.rank() {
                    continue;
                }
                if existing.value != value || existing.valid != valid {
                    problems.push(Problem::key(
                        &doc.source,
                        name,
                        ProblemCode::Conflict,
                        format!(
                            "also set by {} at the same level; {} wins (last in name order)",
                            existing.source, doc.source
                        ),
                    ));
                }
            }
            *slot = Some(Candidate {
                rank: doc.rank(),
                value,
                valid,
                source: doc.source.clone(),
                scope: doc.scope,
                level: doc.level,
            });
        }
    }

    let user = user_values(settings, &mut problems);

    let mut policy = defaults.clone();
    let mut entries = Vec::with_capacity(KEYS.len());
    for (spec, (candidate, user_value)) in KEYS.iter().zip(best.into_iter().zip(user)) {
        let key = spec.key;
        let explained = match (candidate, user_value) {
            (Some(c), _) => Explained {
                key,
                value: c.value,
                level: match c.level {
                    PolicyLevel::Mandatory => Level::Mandatory,
                    PolicyLevel::Recommended => Level::Recommended,
                },
                scope: Some(c.scope),
                source: if c.valid {
                    c.source
                } else {
                    format!("{} (invalid value; {DEFAULT_SOURCE})", c.source)
                },
                locked: c.level == PolicyLevel::Mandatory,
            },
            (None, Some(value)) => Explained {
                key,
                value,
                level: Level::User,
                scope: None,
                source: USER_SETTINGS_SOURCE.into(),
                locked: false,
            },
            (None, None) => Explained {
                key,
                value: defaults.get(key),
                level: Level::Default,
                scope: None,
                source: DEFAULT_SOURCE.into(),
                locked: false,
            },
        };
        if let Err(e) = policy.set(key, explained.value.clone()) {
            // Unreachable while `Kind` and the field types agree (tested in `schema`);
            // if they ever disagree, the default stays and the problem is visible.
            problems.push(Problem::key(
                &explained.source,
                key.name(),
                ProblemCode::InvalidValue,
                e.to_string(),
            ));
        }
        entries.push(explained);
    }
    Resolved { policy, entries, problems }
}

/// The user's own settings that pass validation, indexed by key.
fn user_values(settings: &Entries, problems: &mut Vec<Problem>) -> Vec<Option<Value>> {
    let mut user: Vec<Option<Value>> = KEYS.iter().map(|_| None).collect();
    for (name, value) in settings {
        let Some(key) = known_key(name, USER_SETTINGS_SOURCE, problems) else { continue };
        match key.spec().kind.validate(value) {
            Ok(value) => user[key as usize] = Some(value),
            Err(invalid) => problems.push(Problem::key(
                USER_SETTINGS_SOURCE,
                name,
                invalid.code,
                format!("{}; the hardened default is kept", invalid.reason),
            )),
        }
    }
    user
}

fn known_key(name: &str, source: &str, problems: &mut Vec<Problem>) -> Option<PolicyKey> {
    let key = PolicyKey::from_name(name);
    if key.is_none() {
        let hint = PolicyKey::from_name_ignore_case(name)
            .map(|k| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        problems.push(Problem::key(
            source,
            name,
            ProblemCode::UnknownKey,
            format!("is not a Parley policy key{hint}; ignored"),
        ));
    }
    key
}
