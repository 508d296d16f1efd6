//! Antivirus scanner clients: clamd (`INSTREAM`) and ICAP (`RESPMOD`), as protocol code
//! only.
//!
//! Accepted files are scanned by the organisation's scanner (policy keys
//! `FileScannerAddress` and `FileScanRequired`) before they leave quarantine. This module
//! opens no connections: the caller parses the address ([`ScannerAddress`]), connects
//! (`UnixStream` or `TcpStream`, with read and write timeouts) and hands the stream in,
//! so the protocol code is tested against in-memory streams as well as real servers.
//!
//! Only a positive "clean" from the scanner is [`ScanVerdict::Clean`]; every other
//! answer is [`ScanVerdict::Infected`] or [`ScanVerdict::Failed`], and every error a
//! [`ScanError`] (turn it into a verdict with `ScanVerdict::from`). What the server sends
//! is read up to [`MAX_REPLY`] bytes and its text is reduced to printable ASCII before it
//! appears in a verdict.
//!
//! ```
//! use parley_guard::scan::{ScanVerdict, clamd_instream};
//! # use std::io::{Cursor, Read, Write};
//! # struct Clamd(Cursor<Vec<u8>>);
//! # impl Read for Clamd { fn read(&mut self, b: &mut [u8]) -> std::io::Result<usize> { self.0.read(b) } }
//! # impl Write for Clamd {
//! #     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { Ok(b.len()) }
//! #     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
//! # }
//! # let mut stream = Clamd(Cursor::new(b"stream: OK\0".to_vec()));
//! // let mut stream = UnixStream::connect("/run/clamav/clamd.ctl")?; (plus timeouts)
//! let verdict = clamd_instream(&mut stream, &mut &b"hello"[..]).unwrap_or_else(ScanVerdict::from);
//! assert_eq!(serde_json::to_string(&verdict).unwrap(), r#"{"result":"clean"}"#);
//! ```

mod address;
mod clamd;
mod error;
mod icap;
#[cfg(test)]
mod testing;
mod wire;

use serde::{Deserialize, Serialize};

pub use address::{DEFAULT_ICAP_PORT, ScannerAddress};
pub use clamd::{clamd_instream, clamd_ping, parse_clamd_reply};
pub use error::ScanError;
pub use icap::{IcapOptions, icap_options, icap_respmod, icap_respmod_with_preview, parse_icap_reply};
pub use wire::{CHUNK_SIZE, MAX_REPLY};

/// The signature name used when a scanner reports a threat without naming it.
pub const UNNAMED_THREAT: &str = "unnamed threat";

/// What the scanner said about one file. Serialised as
/// `{"result":"clean"}`, `{"result":"infected","signature":"…"}` or
/// `{"result":"failed","reason":"…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ScanVerdict {
    /// The scanner positively said the whole file is clean.
    Clean,
    /// The scanner found something; the file must not be released.
    Infected {
        /// The scanner's name for it (printable ASCII), or [`UNNAMED_THREAT`].
        signature: String,
    },
    /// No verdict: the scanner reported an error, answered something not understood, or
    /// could not be reached. The file is not known to be clean.
    Failed {
        /// One plain sentence.
        reason: String,
    },
}

impl ScanVerdict {
    /// Whether this is a positive "clean".
    pub fn is_clean(&self) -> bool {
        matches!(self, ScanVerdict::Clean)
    }
}

impl From<ScanError> for ScanVerdict {
    /// An error is a failed scan, with the error's sentence as the reason.
    fn from(error: ScanError) -> Self {
        ScanVerdict::Failed { reason: error.to_string() }
    }
}
