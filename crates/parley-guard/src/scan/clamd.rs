//! The clamd protocol of `ClamAV`: `zPING` and `zINSTREAM` (clamd(8), "INSTREAM").
//!
//! Commands are sent with the `z` prefix, so every answer ends in a NUL byte. INSTREAM
//! sends the file as chunks of `<u32 big-endian length><data>` ended by a zero-length
//! chunk; clamd answers `stream: OK`, `stream: NAME FOUND` or `... ERROR`, then closes the
//! connection. When the stream goes over clamd's `StreamMaxLength` it answers
//! `INSTREAM size limit exceeded. ERROR` and closes at once, so the client's next write
//! fails: that is turned into reading the answer, never into "clean".

use std::io::{Read, Write};

use super::wire::{CHUNK_SIZE, Reply, SendError, is_hang_up, printable, read_chunk};
use super::{ScanError, ScanVerdict, UNNAMED_THREAT};

/// Asks clamd whether it is alive (`zPING`, answer `PONG`).
pub fn clamd_ping<S: Read + Write>(stream: &mut S) -> Result<(), ScanError> {
    stream.write_all(b"zPING\0")?;
    stream.flush()?;
    let reply = read_answer(stream)?;
    if reply == b"PONG" {
        Ok(())
    } else {
        Err(ScanError::Protocol(format!("clamd answered \"{}\" to PING", printable(&reply))))
    }
}

/// Scans `content` with clamd's INSTREAM command over `stream` (a connected unix or TCP
/// socket, with timeouts set by the caller; it cannot be reused afterwards).
///
/// `Ok` carries clamd's verdict: [`ScanVerdict::Clean`] only for `stream: OK` after the
/// whole file was sent, [`ScanVerdict::Infected`] for `... FOUND`, and
/// [`ScanVerdict::Failed`] for clamd's own errors and answers that are not understood.
/// A file over clamd's `StreamMaxLength` is [`ScanError::SizeLimit`]; failing to read
/// `content` is [`ScanError::Content`].
pub fn clamd_instream<S: Read + Write, R: Read>(
    stream: &mut S,
    content: &mut R,
) -> Result<ScanVerdict, ScanError> {
    match send_instream(stream, content) {
        Ok(()) => {}
        Err(SendError::Other(e)) => return Err(e),
        Err(SendError::Stream(e)) if is_hang_up(&e) => return after_hang_up(stream),
        Err(SendError::Stream(e)) => return Err(ScanError::Io(e)),
    }
    let reply = read_answer(stream)?;
    match classify(&reply) {
        Answer::SizeLimit => Err(ScanError::SizeLimit),
        answer => Ok(answer.into_verdict()),
    }
}

/// What a clamd answer means, for fuzzing and tests: `stream: OK` (optionally ended by one
/// NUL or newline) is [`ScanVerdict::Clean`]; `stream: NAME FOUND` is
/// [`ScanVerdict::Infected`]; everything else — errors, the size limit, garbage, nothing —
/// is [`ScanVerdict::Failed`]. Never panics.
///
/// ```
/// use parley_guard::scan::{ScanVerdict, parse_clamd_reply};
///
/// assert_eq!(parse_clamd_reply(b"stream: OK\0"), ScanVerdict::Clean);
/// assert_eq!(
///     parse_clamd_reply(b"stream: Eicar-Signature FOUND\0"),
///     ScanVerdict::Infected { signature: "Eicar-Signature".into() },
/// );
/// assert!(matches!(parse_clamd_reply(b"stream: OK FOR NOW"), ScanVerdict::Failed { .. }));
/// ```
pub fn parse_clamd_reply(reply: &[u8]) -> ScanVerdict {
    let reply = reply.strip_suffix(b"\0").or_else(|| reply.strip_suffix(b"\n")).unwrap_or(reply);
    classify(reply).into_verdict()
}

fn send_instream<S: Write, R: Read>(stream: &mut S, content: &mut R) -> Result<(), SendError> {
    stream.write_all(b"zINSTREAM\0")?;
    let mut buf = vec![0u8; 4 + CHUNK_SIZE];
    loop {
        let n = read_chunk(content, &mut buf[4..])?;
        if n == 0 {
            break;
        }
        // n <= CHUNK_SIZE, which fits in a u32.
        let len = u32::try_from(n).map_err(|_| ScanError::Protocol("chunk too large".into()))?;
        buf[..4].copy_from_slice(&len.to_be_bytes());
        stream.write_all(&buf[..4 + n])?;
    }
    stream.write_all(&0u32.to_be_bytes())?;
    stream.flush()?;
    Ok(())
}

/// clamd hung up before it had the whole file: what it said, if anything, decides.
fn after_hang_up<S: Read>(stream: &mut S) -> Result<ScanVerdict, ScanError> {
    let Ok(reply) = read_answer(stream) else {
        // No (complete) answer: clamd drops streams over StreamMaxLength like this.
        return Err(ScanError::SizeLimit);
    };
    match classify(&reply) {
        Answer::SizeLimit => Err(ScanError::SizeLimit),
        Answer::Clean => {
            Err(ScanError::Protocol("clamd said the file was clean before it had received all of it".into()))
        }
        answer => Ok(answer.into_verdict()),
    }
}

/// Reads one NUL-terminated answer (without the NUL).
fn read_answer<S: Read>(stream: &mut S) -> Result<Vec<u8>, ScanError> {
    let mut reply = Reply::default();
    match reply.read_until(stream, 0, b"\0")? {
        Some(end) => {
            reply.buf.truncate(end - 1);
            Ok(reply.buf)
        }
        None if reply.buf.is_empty() => {
            Err(ScanError::Protocol("clamd closed the connection without answering".into()))
        }
        None => Err(ScanError::Protocol(format!("clamd's answer \"{}\" was cut off", printable(&reply.buf)))),
    }
}

enum Answer {
    Clean,
    Found(String),
    SizeLimit,
    Error(String),
    Unknown(String),
}

impl Answer {
    fn into_verdict(self) -> ScanVerdict {
        match self {
            Answer::Clean => ScanVerdict::Clean,
            Answer::Found(signature) => ScanVerdict::Infected { signature },
            Answer::SizeLimit => ScanVerdict::Failed { reason: ScanError::SizeLimit.to_string() },
            Answer::Error(message) => {
                ScanVerdict::Failed { reason: format!("clamd reported an error: {message}") }
            }
            Answer::Unknown(text) => ScanVerdict::Failed {
                reason: format!("clamd gave an answer Parley does not understand: \"{text}\""),
            },
        }
    }
}

/// Classifies an answer without its terminator.
fn classify(reply: &[u8]) -> Answer {
    if reply == b"stream: OK" {
        return Answer::Clean;
    }
    if reply.is_empty() {
        return Answer::Unknown(String::new());
    }
    if reply.contains(&0) {
        return Answer::Unknown(printable(reply));
    }
    if let Some(name) = reply.strip_prefix(b"stream: ").and_then(|r| r.strip_suffix(b" FOUND")) {
        let name = printable(name.trim_ascii());
        return Answer::Found(if name.is_empty() { UNNAMED_THREAT.to_owned() } else { name });
    }
    if reply.ends_with(b" ERROR") {
        if reply.windows(19).any(|w| w.eq_ignore_ascii_case(b"size limit exceeded")) {
            return Answer::SizeLimit;
        }
        let message = reply.strip_suffix(b" ERROR").unwrap_or(reply);
        return Answer::Error(printable(message.trim_ascii()));
    }
    Answer::Unknown(printable(reply))
}

#[cfg(test)]
mod tests {
    use std::io::{self, Cursor, ErrorKind};

    use super::super::testing::{FakeStream, assert_all_failed};
    use super::*;

    #[test]
    fn replies_parse() {
        let infected = |s: &str| ScanVerdict::Infected { signature: s.into() };
        let cases: &[(&[u8], ScanVerdict)] = &[
            (b"stream: OK\0", ScanVerdict::Clean),
            (b"stream: OK\n", ScanVerdict::Clean),
            (b"stream: OK", ScanVerdict::Clean),
            (b"stream: Eicar-Signature FOUND\0", infected("Eicar-Signature")),
            (b"stream: Win.Test.EICAR_HDB-1 FOUND", infected("Win.Test.EICAR_HDB-1")),
            (
                b"stream: Eicar-Signature(44d88612fea8a8f36de82e1278abb02f:68) FOUND\0",
                infected("Eicar-Signature(44d88612fea8a8f36de82e1278abb02f:68)"),
            ),
            (b"stream: Evil\x1b[2J\r\n\xe2\x80\xaeName FOUND\0", infected("Evil?[2J?????Name")),
            (b"stream:  FOUND\0", infected(UNNAMED_THREAT)),
            (b"stream: OK FOUND\0", infected("OK")),
        ];
        for (reply, want) in cases {
            assert_eq!(&parse_clamd_reply(reply), want, "{:?}", String::from_utf8_lossy(reply));
        }
    }

    #[test]
    fn anything_else_is_failed_never_clean() {
        let huge = vec![b'x'; 100_000];
        let cases: &[&[u8]] = &[
            b"",
            b"\0",
            b"\n",
            b"INSTREAM size limit exceeded. ERROR\0",
            b"Can't allocate memory ERROR\0",
            b"UNKNOWN COMMAND\0",
            b"stream: ok\0",
            b"stream: OK \0",
            b" stream: OK\0",
            b"stream: OK\0\0",
            b"stream: OK\0garbage",
            b"stream: OK\r\n",
            b"1: stream: OK\0",
            b"PONG\0",
            b"stream: FOUND\0",
            b"\xff\xfe\0",
            &huge,
        ];
        assert_all_failed(parse_clamd_reply, cases);
    }

    #[test]
    fn instream_frames_chunks_of_at_most_64_kib() {
        let content: Vec<u8> = (0..150_000u32).map(|i| (i % 251) as u8).collect();
        let mut stream = FakeStream::answering(b"stream: OK\0");
        let verdict = clamd_instream(&mut stream, &mut Cursor::new(&content)).expect("a clean answer");
        assert_eq!(verdict, ScanVerdict::Clean);

        let written = &stream.written;
        assert!(written.starts_with(b"zINSTREAM\0"));
        let mut rest = &written[10..];
        let mut body = Vec::new();
        let mut sizes = Vec::new();
        loop {
            let len = u32::from_be_bytes(rest[..4].try_into().expect("a 4-byte length")) as usize;
            rest = &rest[4..];
            if len == 0 {
                break;
            }
            sizes.push(len);
            body.extend_from_slice(&rest[..len]);
            rest = &rest[len..];
        }
        assert!(rest.is_empty(), "bytes after the terminating chunk");
        assert_eq!(body, content);
        assert_eq!(sizes, [65536, 65536, 150_000 - 2 * 65536]);
    }

    #[test]
    fn empty_content_is_just_the_terminator() {
        let mut stream = FakeStream::answering(b"stream: OK\0");
        clamd_instream(&mut stream, &mut io::empty()).expect("a clean answer");
        assert_eq!(stream.written, b"zINSTREAM\0\0\0\0\0");
    }

    #[test]
    fn instream_maps_answers() {
        let run = |answer: &[u8]| clamd_instream(&mut FakeStream::answering(answer), &mut &b"data"[..]);
        assert!(matches!(run(b"stream: Eicar-Signature FOUND\0"), Ok(ScanVerdict::Infected { .. })));
        assert!(matches!(run(b"INSTREAM size limit exceeded. ERROR\0"), Err(ScanError::SizeLimit)));
        assert!(matches!(run(b"Error processing command. ERROR\0"), Ok(ScanVerdict::Failed { .. })));
        assert!(matches!(run(b"banana\0"), Ok(ScanVerdict::Failed { .. })));
        // Without the NUL clamd's answer may have been cut short: not trusted.
        assert!(matches!(run(b"stream: OK"), Err(ScanError::Protocol(_))));
        assert!(matches!(run(b""), Err(ScanError::Protocol(_))));
        assert!(matches!(run(&vec![b'x'; 200_000]), Err(ScanError::Protocol(_))));
    }

    #[test]
    fn hang_up_mid_stream_reads_the_answer_or_is_a_size_limit() {
        let big = vec![7u8; 300_000];
        for kind in [ErrorKind::BrokenPipe, ErrorKind::ConnectionReset] {
            let mut stream =
                FakeStream::answering(b"INSTREAM size limit exceeded. ERROR\0").failing_after(100_000, kind);
            assert!(matches!(clamd_instream(&mut stream, &mut &big[..]), Err(ScanError::SizeLimit)));

            let mut stream = FakeStream::answering(b"").failing_after(100_000, kind);
            assert!(matches!(clamd_instream(&mut stream, &mut &big[..]), Err(ScanError::SizeLimit)));

            let mut stream = FakeStream::answering(b"stream: OK\0").failing_after(100_000, kind);
            assert!(matches!(clamd_instream(&mut stream, &mut &big[..]), Err(ScanError::Protocol(_))));

            let mut stream = FakeStream::answering(b"stream: X FOUND\0").failing_after(100_000, kind);
            assert!(matches!(clamd_instream(&mut stream, &mut &big[..]), Ok(ScanVerdict::Infected { .. })));
        }
        let mut stream = FakeStream::answering(b"stream: OK\0").failing_after(10, ErrorKind::TimedOut);
        assert!(matches!(clamd_instream(&mut stream, &mut &big[..]), Err(ScanError::Io(_))));
    }

    #[test]
    fn content_read_errors_are_not_scanner_errors() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let mut stream = FakeStream::answering(b"stream: OK\0");
        assert!(matches!(clamd_instream(&mut stream, &mut Broken), Err(ScanError::Content(_))));
    }

    #[test]
    fn ping() {
        let mut stream = FakeStream::answering(b"PONG\0");
        clamd_ping(&mut stream).expect("PONG is accepted");
        assert_eq!(stream.written, b"zPING\0");
        assert!(matches!(clamd_ping(&mut FakeStream::answering(b"PANG\0")), Err(ScanError::Protocol(_))));
        assert!(matches!(clamd_ping(&mut FakeStream::answering(b"PONG")), Err(ScanError::Protocol(_))));
    }
}
