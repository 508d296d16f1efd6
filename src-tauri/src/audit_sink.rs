//! Where the shell's own security decisions go (e.g. a permission request the webview
//! made): the signed-in account's audit log, or, before anyone signs in, a small buffer
//! that is written to the log at sign-in.

use std::sync::Mutex;

use parley_core::Engine;
use parley_core::audit::AuditEvent;

/// Decisions kept while nobody is signed in; older ones are dropped past this many (each
/// still went to the application log).
const PENDING_MAX: usize = 64;

struct Sink {
    engine: Option<Engine>,
    pending: Vec<AuditEvent>,
}

static SINK: Mutex<Sink> = Mutex::new(Sink { engine: None, pending: Vec::new() });

fn sink() -> std::sync::MutexGuard<'static, Sink> {
    SINK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The signed-in engine (or `None` after sign-out); buffered decisions are written now.
pub fn attach(engine: Option<Engine>) {
    let mut sink = sink();
    if let Some(engine) = &engine {
        for event in sink.pending.drain(..) {
            engine.audit(event);
        }
    }
    sink.engine = engine;
}

/// Records a decision of the shell.
pub fn record(event: AuditEvent) {
    let mut sink = sink();
    if let Some(engine) = &sink.engine {
        engine.audit(event);
    } else {
        if sink.pending.len() >= PENDING_MAX {
            sink.pending.remove(0);
        }
        sink.pending.push(event);
    }
}
