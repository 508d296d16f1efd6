//! Why a scan could not give a verdict.

/// A scan that did not end in an answer from the scanner, or a scanner address that is
/// not usable. Each one means "not known to be clean": the file is not released on it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScanError {
    /// The `FileScannerAddress` policy value (or a host or service passed to the ICAP
    /// client) is not valid; the text says why in one sentence.
    #[error("{0}")]
    BadAddress(String),
    /// Talking to the scanner failed (connection refused, reset, timed out …).
    #[error("could not talk to the scanner: {0}")]
    Io(#[from] std::io::Error),
    /// Reading the file to scan failed; the scanner was not at fault.
    #[error("could not read the file to scan: {0}")]
    Content(#[source] std::io::Error),
    /// The file ended before, or went on after, the length given to the ICAP client.
    #[error("the file to scan is not {declared} bytes long as declared")]
    ContentLength {
        /// The length that was announced to the server.
        declared: u64,
    },
    /// The scanner answered something that does not follow its protocol.
    #[error("the scanner's answer could not be understood: {0}")]
    Protocol(String),
    /// The file is larger than the scanner accepts: clamd said so (`StreamMaxLength`), or
    /// it hung up in the middle of the file without answering, which is what it does then.
    #[error("the file is larger than the scanner accepts")]
    SizeLimit,
}
