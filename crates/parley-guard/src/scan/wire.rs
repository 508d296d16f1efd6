//! Plumbing shared by both protocols: reading the file in chunks, bounded reads of the
//! scanner's answer, and telling a hang-up from other write errors.

use std::io::{self, ErrorKind, Read};

use super::ScanError;

/// The largest answer read from a scanner; a longer one is a protocol error, so a hostile
/// server cannot make the client buffer without limit.
pub const MAX_REPLY: usize = 64 * 1024;

/// The largest chunk of the file sent in one piece (clamd's INSTREAM and ICAP chunks).
pub const CHUNK_SIZE: usize = 64 * 1024;

/// Fills `buf` from `content` until it is full or the file ends; returns the bytes read.
pub(super) fn read_chunk<R: Read>(content: &mut R, buf: &mut [u8]) -> Result<usize, ScanError> {
    let mut filled = 0;
    while filled < buf.len() {
        match content.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(ScanError::Content(e)),
        }
    }
    Ok(filled)
}

/// Whether a failed write means the scanner closed the connection, in which case it may
/// have said why before doing so.
pub(super) fn is_hang_up(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::BrokenPipe | ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted)
}

/// Why sending the request stopped.
pub(super) enum SendError {
    /// Writing to the scanner failed.
    Stream(io::Error),
    /// Anything else (reading the file, a length mismatch): the scan is abandoned.
    Other(ScanError),
}

impl From<ScanError> for SendError {
    fn from(e: ScanError) -> Self {
        SendError::Other(e)
    }
}

impl From<io::Error> for SendError {
    fn from(e: io::Error) -> Self {
        SendError::Stream(e)
    }
}

/// The scanner's answer as it arrives: bytes read so far, never more than [`MAX_REPLY`].
#[derive(Default)]
pub(super) struct Reply {
    pub(super) buf: Vec<u8>,
    eof: bool,
}

impl Reply {
    /// Reads until `pattern` occurs at or after `from`; returns the index just past it, or
    /// `None` if the connection ended first.
    pub(super) fn read_until<S: Read>(
        &mut self,
        stream: &mut S,
        from: usize,
        pattern: &[u8],
    ) -> Result<Option<usize>, ScanError> {
        let mut searched = from;
        loop {
            if let Some(at) = find(self.buf.get(searched..).unwrap_or_default(), pattern) {
                return Ok(Some(searched + at + pattern.len()));
            }
            // A match may straddle what is here and what comes next.
            searched = self.buf.len().saturating_sub(pattern.len() - 1).max(from);
            if self.eof {
                return Ok(None);
            }
            self.fill(stream)?;
        }
    }

    /// Reads until at least `len` bytes are here or the connection ended.
    pub(super) fn read_at_least<S: Read>(&mut self, stream: &mut S, len: usize) -> Result<(), ScanError> {
        while self.buf.len() < len && !self.eof {
            self.fill(stream)?;
        }
        Ok(())
    }

    fn fill<S: Read>(&mut self, stream: &mut S) -> Result<(), ScanError> {
        if self.buf.len() >= MAX_REPLY {
            return Err(ScanError::Protocol(format!("the answer is longer than {} KiB", MAX_REPLY / 1024)));
        }
        let mut block = [0u8; 4096];
        let want = block.len().min(MAX_REPLY - self.buf.len());
        loop {
            match stream.read(&mut block[..want]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&block[..n]);
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(ScanError::Io(e)),
            }
        }
    }
}

/// The first index of `needle` in `haystack`.
pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Server-supplied text made safe to show and log: printable ASCII only (anything else
/// becomes `?`), at most 200 characters.
pub(super) fn printable(text: &[u8]) -> String {
    const MAX: usize = 200;
    let mut out: String = text
        .iter()
        .take(MAX)
        .map(|&b| if (b' '..=b'~').contains(&b) { char::from(b) } else { '?' })
        .collect();
    if text.len() > MAX {
        out.push_str("...");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out its data a few bytes per read.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn read_until_finds_patterns_split_across_reads() {
        let data = b"ICAP/1.0 100 Continue\r\n\r\nICAP/1.0 204 No Content\r\n\r\n";
        for step in 1..8 {
            let mut reply = Reply::default();
            let mut stream = Trickle(data, step);
            let first = reply.read_until(&mut stream, 0, b"\r\n\r\n").expect("reads from memory");
            assert_eq!(first, Some(25), "step {step}");
            let second = reply.read_until(&mut stream, 25, b"\r\n\r\n").expect("reads from memory");
            assert_eq!(second, Some(data.len()), "step {step}");
            assert_eq!(
                reply.read_until(&mut stream, data.len(), b"\r\n\r\n").expect("reads from memory"),
                None
            );
        }
    }

    #[test]
    fn answers_are_capped() {
        let endless = io::repeat(b'a');
        let mut reply = Reply::default();
        let err = reply
            .read_until(&mut endless.take(10 * MAX_REPLY as u64), 0, b"\0")
            .expect_err("an endless answer is refused");
        assert!(matches!(err, ScanError::Protocol(_)), "{err}");
        assert_eq!(reply.buf.len(), MAX_REPLY);
    }

    #[test]
    fn printable_strips_control_characters_and_truncates() {
        assert_eq!(printable(b"Eicar\x1b[31m\r\n\xe2\x80\xae"), "Eicar?[31m?????");
        assert_eq!(printable(&[b'x'; 300]).len(), 203);
    }
}
