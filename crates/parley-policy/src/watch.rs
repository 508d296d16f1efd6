//! Live reload: watch the policy locations and deliver each new effective policy.
//!
//! A [`PolicyWatcher`] runs one thread. File-system events (the `notify` crate) wake
//! it early; it also re-reads every [`WatchConfig::poll`] interval, which covers the
//! Windows registry, folders created after start, and any missed event. When the
//! result differs from the last one, a [`PolicyUpdate`] goes out on the channel.

use std::{
    path::PathBuf,
    sync::mpsc::{self, Receiver, RecvTimeoutError, Sender},
    thread::JoinHandle,
    time::Duration,
};

use notify::{RecursiveMode, Watcher};
use serde_json::Value;

use crate::{
    error::PolicyError,
    resolve::{Level, Resolved},
    schema::PolicyKey,
};

/// How the watcher reads policy and how often it looks.
pub struct WatchConfig {
    /// Folders to watch (they need not exist yet).
    pub paths: Vec<PathBuf>,
    /// Re-read at least this often.
    pub poll: Duration,
    /// Events within this window are handled as one change.
    pub debounce: Duration,
    /// Reads the effective policy.
    pub load: Box<dyn Fn() -> Resolved + Send>,
}

impl WatchConfig {
    /// This machine's policy locations and [`crate::load_effective`].
    pub fn machine() -> Self {
        Self {
            paths: crate::sources::watch_paths(),
            poll: Duration::from_secs(30),
            debounce: Duration::from_millis(200),
            load: Box::new(crate::load_effective),
        }
    }
}

/// One key whose effective value or source changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PolicyChange {
    /// The key.
    pub key: PolicyKey,
    /// The value before.
    pub old: Value,
    /// The value now.
    pub new: Value,
    /// The level that decides it now.
    pub level: Level,
    /// The source that decides it now.
    pub source: String,
}

/// A new effective policy and what changed since the previous one.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyUpdate {
    /// The effective policy now.
    pub resolved: Resolved,
    /// Keys whose value, level or source changed (empty when only problems changed).
    pub changes: Vec<PolicyChange>,
}

/// The keys that differ between two resolutions.
pub fn diff(old: &Resolved, new: &Resolved) -> Vec<PolicyChange> {
    old.entries
        .iter()
        .zip(&new.entries)
        .filter(|(a, b)| a.value != b.value || a.level != b.level || a.source != b.source)
        .map(|(a, b)| PolicyChange {
            key: b.key,
            old: a.value.clone(),
            new: b.value.clone(),
            level: b.level,
            source: b.source.clone(),
        })
        .collect()
}

enum Signal {
    Changed,
    Stop,
}

/// Watches policy and sends a [`PolicyUpdate`] whenever the effective policy changes.
/// Dropping it stops the thread.
pub struct PolicyWatcher {
    signals: Sender<Signal>,
    thread: Option<JoinHandle<()>>,
    current: Resolved,
}

impl PolicyWatcher {
    /// Reads the policy once and starts watching. The receiver gets only *changes*;
    /// [`PolicyWatcher::current`] is the policy at start.
    ///
    /// Consumers should record each update's `changes` in the audit log and raise a
    /// "policy changed" notification.
    // The engine's consumer (`parley-core`'s `Engine::watch_policy`) applies each update,
    // audits the changed keys and announces them.
    pub fn start(config: WatchConfig) -> Result<(Self, Receiver<PolicyUpdate>), PolicyError> {
        let (signals, signal_rx) = mpsc::channel();
        let (updates, update_rx) = mpsc::channel();
        let event_tx = signals.clone();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok() {
                // The receiver is gone only after the thread stopped; nothing to do then.
                let _ = event_tx.send(Signal::Changed);
            }
        })?;
        let current = (config.load)();
        let mut last = current.clone();
        let mut active = Vec::new();
        watch_existing(&mut watcher, &config.paths, &mut active);
        let thread = std::thread::Builder::new()
            .name("parley-policy-watch".into())
            .spawn(move || {
                loop {
                    match signal_rx.recv_timeout(config.poll) {
                        Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                        Ok(Signal::Changed) => {
                            // Editors write files in several steps: wait for the burst to end.
                            std::thread::sleep(config.debounce);
                            while let Ok(signal) = signal_rx.try_recv() {
                                if matches!(signal, Signal::Stop) {
                                    return;
                                }
                            }
                        }
                        Err(RecvTimeoutError::Timeout) => {}
                    }
                    watch_existing(&mut watcher, &config.paths, &mut active);
                    let next = (config.load)();
                    if next != last {
                        let changes = diff(&last, &next);
                        last = next.clone();
                        if updates.send(PolicyUpdate { resolved: next, changes }).is_err() {
                            return;
                        }
                    }
                }
            })
            .map_err(PolicyError::Thread)?;
        Ok((Self { signals, thread: Some(thread), current }, update_rx))
    }

    /// The effective policy when the watcher started.
    pub fn current(&self) -> &Resolved {
        &self.current
    }

    /// Asks for an immediate re-read (the "Reload" button).
    pub fn reload(&self) {
        let _ = self.signals.send(Signal::Changed);
    }
}

impl Drop for PolicyWatcher {
    fn drop(&mut self) {
        let _ = self.signals.send(Signal::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Starts watching each path that exists now and is not watched yet; a path that
/// does not exist yet is picked up by a later poll.
fn watch_existing(watcher: &mut notify::RecommendedWatcher, paths: &[PathBuf], active: &mut Vec<PathBuf>) {
    for path in paths {
        if !active.contains(path) && path.is_dir() && watcher.watch(path, RecursiveMode::Recursive).is_ok() {
            active.push(path.clone());
        }
    }
    // A watched folder that was deleted is forgotten, so it is watched again when it comes back.
    active.retain(|p| {
        let exists = p.is_dir();
        if !exists {
            let _ = watcher.unwatch(p);
        }
        exists
    });
}
