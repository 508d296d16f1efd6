//! Helpers for the scanner unit tests: an in-memory connection that records what the
//! client writes and plays back a scripted answer, and the check that odd replies fail.

use std::io::{self, ErrorKind, Read, Write};

use super::ScanVerdict;

/// Asserts that `parse` turns each of `replies` into [`ScanVerdict::Failed`] (never clean,
/// never infected) with a short reason, however long the reply.
pub(super) fn assert_all_failed(parse: fn(&[u8]) -> ScanVerdict, replies: &[&[u8]]) {
    for reply in replies {
        let verdict = parse(reply);
        let shown = String::from_utf8_lossy(&reply[..reply.len().min(60)]);
        let ScanVerdict::Failed { reason } = verdict else { panic!("{shown:?} -> {verdict:?}") };
        assert!(reason.len() < 300, "{shown:?} -> {reason}");
    }
}

/// Records writes; answers with scripted bytes, each part released once the client has
/// written a given number of bytes (reading before that is an error, as it would hang on
/// a real server).
pub(super) struct FakeStream {
    pub(super) written: Vec<u8>,
    /// (bytes the client must have written, answer bytes), in order.
    script: Vec<(usize, Vec<u8>)>,
    released: Vec<u8>,
    fail_after: Option<(usize, ErrorKind)>,
    read_step: usize,
}

impl FakeStream {
    /// A server that has `answer` ready from the start.
    pub(super) fn answering(answer: &[u8]) -> Self {
        Self::silent().then_after(0, answer)
    }

    /// A server that says nothing until a [`FakeStream::then_after`] part is due.
    pub(super) fn silent() -> Self {
        Self {
            written: Vec::new(),
            script: Vec::new(),
            released: Vec::new(),
            fail_after: None,
            read_step: usize::MAX,
        }
    }

    /// A server that says `answer` once the client has written `after` bytes.
    pub(super) fn then_after(mut self, after: usize, answer: &[u8]) -> Self {
        self.script.push((after, answer.to_vec()));
        self
    }

    /// Writes fail with `kind` once `limit` bytes were accepted.
    pub(super) fn failing_after(mut self, limit: usize, kind: ErrorKind) -> Self {
        self.fail_after = Some((limit, kind));
        self
    }

    /// Each read returns at most `step` bytes.
    pub(super) fn trickling(mut self, step: usize) -> Self {
        self.read_step = step;
        self
    }
}

impl Write for FakeStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut n = buf.len();
        if let Some((limit, kind)) = self.fail_after {
            if self.written.len() >= limit {
                return Err(io::Error::from(kind));
            }
            n = n.min(limit - self.written.len());
        }
        self.written.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for FakeStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.script.first().is_some_and(|(after, _)| self.written.len() >= *after) {
            let (_, part) = self.script.remove(0);
            self.released.extend(part);
        }
        if self.released.is_empty() {
            if self.script.is_empty() {
                return Ok(0);
            }
            return Err(io::Error::new(
                ErrorKind::WouldBlock,
                format!("client reads after writing {} bytes; the server waits for more", self.written.len()),
            ));
        }
        let n = buf.len().min(self.read_step).min(self.released.len());
        buf[..n].copy_from_slice(&self.released[..n]);
        self.released.drain(..n);
        Ok(n)
    }
}
