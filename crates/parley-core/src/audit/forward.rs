//! Forwarding audit entries to the system log (`AuditLogForwarding`), so central log
//! collection (journald, rsyslog, a SIEM agent) picks them up.
//!
//! Linux and other Unix: one datagram per entry to the local syslog socket (`/dev/log`,
//! served by journald or rsyslog), facility `authpriv`, severity `notice`, the entry's JSON
//! as the message. `PARLEY_SYSLOG_SOCKET` names another socket (tests, containers).
//! Windows (Event Log) and macOS (unified log) forwarding is not built yet: there the
//! forwarder reports itself unavailable and the local log is still written.

use std::path::PathBuf;

/// Default local syslog socket.
#[cfg(unix)]
const DEV_LOG: &str = "/dev/log";
/// `<PRI>` for facility authpriv (10) and severity notice (5): 10 * 8 + 5.
const PRIORITY: u8 = 85;

/// Sends audit entries to the system log.
#[derive(Debug)]
pub struct Forwarder {
    socket: PathBuf,
}

impl Forwarder {
    /// The forwarder for this platform, if it has one.
    pub fn system() -> Option<Self> {
        #[cfg(unix)]
        {
            let socket = std::env::var_os("PARLEY_SYSLOG_SOCKET")
                .map_or_else(|| PathBuf::from(DEV_LOG), PathBuf::from);
            Some(Self { socket })
        }
        #[cfg(not(unix))]
        {
            tracing::warn!(
                "forwarding the audit log to the system log is not available on this platform yet"
            );
            None
        }
    }

    /// A forwarder to a given socket.
    pub fn to_socket(socket: PathBuf) -> Self {
        Self { socket }
    }

    /// Sends one entry line. Errors are returned for the caller to log.
    pub fn send(&self, line: &str) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            let socket = std::os::unix::net::UnixDatagram::unbound()?;
            let message = format!("<{PRIORITY}>parley[{}]: {line}", std::process::id());
            socket.send_to(message.as_bytes(), &self.socket).map(|_| ())
        }
        #[cfg(not(unix))]
        {
            let _ = line;
            Err(std::io::Error::other("no system log forwarding on this platform"))
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::audit::{AuditEvent, AuditLog};

    #[test]
    fn entries_reach_the_syslog_socket_as_authpriv_notice() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("log.sock");
        let receiver = std::os::unix::net::UnixDatagram::bind(&path).expect("bind");
        receiver.set_read_timeout(Some(std::time::Duration::from_secs(5))).expect("timeout");
        let log = AuditLog::open(dir.path().join("audit"), None)
            .expect("open")
            .forwarding_to(Some(Forwarder::to_socket(path)));
        log.record(&AuditEvent::new("login", "signed_in").with("device_id", "DEV"));
        let mut buf = [0u8; 4096];
        let n = receiver.recv(&mut buf).expect("a datagram");
        let message = std::str::from_utf8(&buf[..n]).expect("utf-8");
        assert!(message.starts_with("<85>parley["), "{message}");
        let json = message.split_once("]: ").expect("tag").1;
        let entry: serde_json::Value = serde_json::from_str(json).expect("the entry as JSON");
        assert_eq!((entry["kind"].as_str(), entry["seq"].as_u64()), (Some("login"), Some(1)));
    }
}
