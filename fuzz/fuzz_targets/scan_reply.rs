//! The antivirus clients on any answer a scanner could send: clamd's `INSTREAM` and ICAP
//! `RESPMOD` (with and without preview) and `OPTIONS` read the input from a fake connection,
//! as `crates/parley-guard/tests/scan_props.rs` does; the pure reply parsers and the
//! scanner-address parser get the same bytes.
//!
//! Beyond "no panic": "clean" only for the exact positive answer (clamd `stream: OK`, ICAP
//! `ICAP/1.x 204` with no threat header); threat names are short printable ASCII and
//! failure reasons one short line; never more than `MAX_REPLY` bytes read; addresses that
//! parse print as text that parses back to them.

#![no_main]

use std::io::{self, Cursor, Read, Write};

use libfuzzer_sys::fuzz_target;
use parley_guard::scan::{
    MAX_REPLY, ScanVerdict, ScannerAddress, clamd_instream, clamd_ping, icap_options, icap_respmod,
    icap_respmod_with_preview, parse_clamd_reply, parse_icap_reply,
};

/// A server that ignores what it is sent, answers `answer`, then closes.
struct Canned<'a> {
    answer: Cursor<&'a [u8]>,
    read: usize,
}

impl<'a> Canned<'a> {
    fn new(answer: &'a [u8]) -> Self {
        Self { answer: Cursor::new(answer), read: 0 }
    }
}

impl Read for Canned<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.answer.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

impl Write for Canned<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn well_formed(verdict: &ScanVerdict) {
    match verdict {
        ScanVerdict::Infected { signature } => assert!(
            !signature.is_empty()
                && signature.len() <= 203
                && signature.bytes().all(|b| (b' '..=b'~').contains(&b)),
            "{signature:?}"
        ),
        ScanVerdict::Failed { reason } => {
            assert!(
                !reason.is_empty() && reason.len() < 400 && !reason.contains(['\r', '\n', '\0']),
                "{reason:?}"
            );
        }
        ScanVerdict::Clean => {}
    }
}

fn icap_status(reply: &[u8], code: &[u8; 4]) -> bool {
    // `ICAP/1.x NNN` then a space and a reason phrase, or the end of the line.
    reply.starts_with(b"ICAP/1.")
        && reply.get(8..12) == Some(code)
        && matches!(reply.get(12), Some(b' ' | b'\r'))
}

/// Whether any line of the answer is a threat header: `X-Infection-Found`, `X-Virus-ID`,
/// or `X-Violations-Found` other than `0` (names compared as the parser does: whole header
/// names, case-insensitively, not substrings, since a reason phrase may contain the words).
fn has_threat_header(reply: &[u8]) -> bool {
    String::from_utf8_lossy(reply).split("\r\n").any(|line| {
        // Lines starting with a space or tab continue the previous header.
        let Some((name, value)) = line.split_once(':').filter(|_| !line.starts_with([' ', '\t'])) else {
            return false;
        };
        match name.trim().to_ascii_lowercase().as_str() {
            "x-infection-found" | "x-virus-id" => true,
            "x-violations-found" => value.trim() != "0",
            _ => false,
        }
    })
}

/// The ICAP head at the start of `reply` (up to its blank line) and what follows it.
fn split_head(reply: &[u8]) -> (&[u8], &[u8]) {
    let end = reply.windows(4).position(|w| w == b"\r\n\r\n").map_or(reply.len(), |at| at + 4);
    reply.split_at(end)
}

/// `ICAP/1.x 204` without a threat header in its head; after a preview, it may follow a
/// `100 Continue` head.
fn icap_clean_answer(reply: &[u8], preview: bool) -> bool {
    let (head, rest) = split_head(reply);
    let clean_204 = |head: &[u8]| icap_status(head, b" 204") && !has_threat_header(head);
    clean_204(head) || (preview && icap_status(head, b" 100") && clean_204(split_head(rest).0))
}

const CONTENT: &[u8] = b"attachment bytes";

fuzz_target!(|reply: &[u8]| {
    let verdict = parse_clamd_reply(reply);
    well_formed(&verdict);
    if verdict.is_clean() {
        assert!(matches!(reply, b"stream: OK" | b"stream: OK\0" | b"stream: OK\n"), "{reply:?}");
    }
    let mut server = Canned::new(reply);
    if let Ok(verdict) = clamd_instream(&mut server, &mut &CONTENT[..]) {
        well_formed(&verdict);
        if verdict.is_clean() {
            assert!(reply.starts_with(b"stream: OK\0"), "{reply:?}");
        }
    }
    assert!(server.read <= MAX_REPLY);
    let _ = clamd_ping(&mut Canned::new(reply));

    let verdict = parse_icap_reply(reply);
    well_formed(&verdict);
    if verdict.is_clean() {
        assert!(icap_clean_answer(reply, false), "{reply:?}");
    }
    for preview in [None, Some(0), Some(4), Some(1024)] {
        let mut server = Canned::new(reply);
        let (host, service, len) = ("127.0.0.1:1344", "avscan", CONTENT.len() as u64);
        let result = match preview {
            None => icap_respmod(&mut server, host, service, &mut &CONTENT[..], len),
            Some(p) => icap_respmod_with_preview(&mut server, host, service, &mut &CONTENT[..], len, p),
        };
        assert!(server.read <= MAX_REPLY, "read {} bytes", server.read);
        if let Ok(verdict) = result {
            well_formed(&verdict);
            if verdict.is_clean() {
                assert!(icap_clean_answer(reply, preview.is_some()), "{reply:?} (preview {preview:?})");
            }
        }
    }
    let mut server = Canned::new(reply);
    let _ = icap_options(&mut server, "127.0.0.1:1344", "avscan");
    assert!(server.read <= MAX_REPLY);

    if let Ok(text) = std::str::from_utf8(reply) {
        if let Ok(address) = text.parse::<ScannerAddress>() {
            let again: ScannerAddress = address.to_string().parse().expect("an address prints as one");
            assert_eq!(again, address);
        }
    }
});
