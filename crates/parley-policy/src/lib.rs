#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod document;
pub mod error;
pub mod formats;
pub mod generate;
pub mod kind;
pub mod problem;
pub mod resolve;
pub mod schema;
pub mod sources;
pub mod watch;

use std::path::Path;

pub use document::{Loaded, PolicyDocument, PolicyLevel, Scope};
pub use error::{PolicyError, ReadError};
pub use formats::{Entries, MAX_DEPTH, MAX_FILE_SIZE};
pub use kind::{Kind, StrFormat, describe};
pub use problem::{Problem, ProblemCode};
pub use resolve::{Explained, Level, Resolved, resolve};
pub use schema::{
    AutoUpdate, BUILTIN_BLOCKED_EXTENSIONS, DlpMode, IncomingContentFilterAction, InvitesFromUnknown, KEYS,
    KeySharing, KeySpec, LoginMethod, MediaAutoDisplay, NotificationContent, NotificationFloor, Policy,
    PolicyKey, UnknownSenderLinks,
};
pub use sources::load_machine;
pub use watch::{PolicyChange, PolicyUpdate, PolicyWatcher, WatchConfig};

/// This machine's effective policy (no user settings): what the engine enforces.
pub fn load_effective() -> Resolved {
    resolve(&load_machine(), &Entries::new())
}

/// This machine's effective policy over the user's own `settings`.
pub fn load_effective_with(settings: &Entries) -> Resolved {
    resolve(&load_machine(), settings)
}

/// Reads one policy file of any supported format, chosen by extension: `.json`
/// (Linux), `.reg` (a Windows registry export), `.plist` (macOS preferences) or
/// `.mobileconfig` (a macOS configuration profile). The file's own owner is not
/// checked: this is for validating drafts before they are deployed.
pub fn load_file(path: &Path) -> Loaded {
    let source = path.display().to_string();
    let mut loaded = Loaded::default();
    let bytes = match formats::read_capped(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            loaded.problems.push(e.into_problem(source));
            return loaded;
        }
    };
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let as_doc = |parsed, loaded: &mut Loaded| {
        let doc =
            sources::linux::document(source.clone(), PolicyLevel::Mandatory, parsed, &mut loaded.problems);
        loaded.documents.push(doc);
    };
    match extension.as_str() {
        "reg" => match sources::windows::parse_reg_export(&bytes) {
            Ok(export) => {
                // Name the file as well as the registry key it would write.
                let (docs, problems) = export.documents();
                loaded.documents.extend(
                    docs.into_iter()
                        .map(|d| PolicyDocument { source: format!("{source} [{}]", d.source), ..d }),
                );
                loaded.problems.extend(
                    problems.into_iter().map(|p| Problem { source: format!("{source} [{}]", p.source), ..p }),
                );
            }
            Err(e) => loaded.problems.push(e.into_problem(source)),
        },
        "plist" => match formats::parse_plist(&bytes) {
            Ok(parsed) => as_doc(parsed, &mut loaded),
            Err(e) => loaded.problems.push(e.into_problem(source)),
        },
        "mobileconfig" => match formats::parse_mobileconfig(&bytes, sources::macos::BUNDLE_ID) {
            Ok(payloads) if payloads.is_empty() => loaded.problems.push(Problem::source(
                source,
                ProblemCode::NotAnObject,
                format!("profile has no payload of type {}", sources::macos::BUNDLE_ID),
            )),
            Ok(payloads) => payloads.into_iter().for_each(|p| as_doc(p, &mut loaded)),
            Err(e) => loaded.problems.push(e.into_problem(source)),
        },
        _ => match formats::parse_json(&bytes) {
            Ok(parsed) => as_doc(parsed, &mut loaded),
            Err(e) => loaded.problems.push(e.into_problem(source)),
        },
    }
    loaded
}

/// `parleyctl policy check FILE…`: every problem in the given files, each file on its own.
pub fn check_files(paths: &[impl AsRef<Path>]) -> Vec<Problem> {
    paths.iter().flat_map(|p| resolve(&load_file(p.as_ref()), &Entries::new()).problems).collect()
}
