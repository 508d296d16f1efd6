//! Shared by the corpus tests.

use std::path::PathBuf;

/// A file under the repository's `tests/corpus/`.
///
/// Uses the `CARGO_MANIFEST_DIR` cargo sets when it *runs* the test, not the one baked in
/// at build time: with a target directory shared between checkouts (CI clones reuse
/// `~/.cache/parley/target`), a test binary built in another checkout can be reused here,
/// and must read this checkout's files, not a deleted clone's.
pub fn corpus(relative: &str) -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from);
    manifest.join("../../tests/corpus").join(relative)
}
