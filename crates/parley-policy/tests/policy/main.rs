//! parley-policy integration tests: precedence, fail-safe rules, platform formats,
//! the broken-file corpus, generated templates and live reload.

mod corpus;
mod failsafe;
mod linux;
mod macos;
mod precedence;
mod support;
mod templates;
mod watch;
mod windows;
