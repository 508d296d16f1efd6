//! Live managed policy: while the engine runs, a change IT pushes is applied at once,
//! recorded in the audit log and announced ([`EngineEvent::PolicyChanged`]), which the
//! notifier turns into a "your organisation changed Parley's settings" notice.

use std::sync::{Arc, Weak};

use parley_policy::{PolicyUpdate, PolicyWatcher, WatchConfig};
use tracing::{info, warn};

use crate::{Engine, EngineEvent, audit::AuditEvent, engine::Inner};

impl Engine {
    /// Follows this machine's policy locations (see [`Engine::watch_policy_with`]).
    pub fn watch_policy(&self) {
        self.watch_policy_with(WatchConfig::machine());
    }

    /// Follows the policy `config` reads until the engine is dropped. Idempotent.
    pub fn watch_policy_with(&self, config: WatchConfig) {
        let mut slot = self.inner.policy_watcher.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.is_some() {
            return;
        }
        let (watcher, updates) = match PolicyWatcher::start(config) {
            Ok(started) => started,
            Err(e) => {
                warn!(error = %e, "managed policy cannot be watched; changes apply at the next start");
                return;
            }
        };
        // The watcher lives in the engine, so dropping the engine stops it, which closes
        // `updates` and ends this thread; the thread holds only a weak reference.
        let engine: Weak<Inner> = Arc::downgrade(&self.inner);
        let spawned = std::thread::Builder::new().name("parley-policy-apply".into()).spawn(move || {
            while let Ok(update) = updates.recv() {
                let Some(inner) = engine.upgrade() else { return };
                Engine { inner }.apply_policy_update(update);
            }
        });
        match spawned {
            Ok(_) => *slot = Some(watcher),
            Err(e) => warn!(error = %e, "no thread to apply policy changes; they apply at the next start"),
        }
    }

    fn apply_policy_update(&self, update: PolicyUpdate) {
        self.set_policy(update.resolved.policy);
        if update.changes.is_empty() {
            return;
        }
        let keys: Vec<String> = update.changes.iter().map(|c| c.key.name().to_owned()).collect();
        info!(keys = ?keys, "managed policy changed");
        self.audit(AuditEvent::new("policy", "changed").with("keys", keys.clone()));
        self.emit(EngineEvent::PolicyChanged { keys });
    }
}
