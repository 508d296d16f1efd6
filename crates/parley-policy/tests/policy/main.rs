//! parley-policy integration tests: precedence (and its properties), fail-safe rules,
//! platform formats, the broken-file corpus, generated templates and live reload.

mod corpus;
mod failsafe;
mod linux;
mod macos;
mod merge_props;
mod precedence;
mod support;
mod templates;
mod watch;
mod windows;
