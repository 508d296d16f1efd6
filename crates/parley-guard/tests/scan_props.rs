//! Property tests for the scanner clients: no answer a server can send makes them panic,
//! read without bound, or say "clean" unless the server positively said so.

use std::io::{self, Cursor, Read, Write};

use parley_guard::scan::{
    MAX_REPLY, ScanVerdict, ScannerAddress, clamd_instream, icap_respmod, parse_clamd_reply, parse_icap_reply,
};
use proptest::prelude::*;

/// A server that ignores what it is sent and answers `answer`, then closes.
struct Canned {
    answer: Cursor<Vec<u8>>,
    read: usize,
}

impl Read for Canned {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.answer.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

impl Write for Canned {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn signature_is_printable(verdict: &ScanVerdict) -> bool {
    match verdict {
        ScanVerdict::Infected { signature } => {
            !signature.is_empty()
                && signature.len() <= 203
                && signature.bytes().all(|b| (b' '..=b'~').contains(&b))
        }
        ScanVerdict::Failed { reason } => reason.len() < 400 && !reason.contains(['\r', '\n', '\0']),
        ScanVerdict::Clean => true,
    }
}

/// clamd-shaped answers: near misses of the real ones.
fn clamd_like() -> impl Strategy<Value = Vec<u8>> {
    let body = prop::sample::select(vec![
        "stream: OK",
        "stream: ok",
        "stream:OK",
        "stream: OK ",
        "stream: Eicar-Signature FOUND",
        "stream:  FOUND",
        "INSTREAM size limit exceeded. ERROR",
        "PONG",
        "",
    ]);
    let noise = "[ -~\\x00\\n\\r\\x7f-\\u{ff}]{0,4}";
    (noise, body, noise, prop::sample::select(vec!["\0", "\n", "", "\0\0"]))
        .prop_map(|(a, body, b, end)| format!("{a}{body}{b}{end}").into_bytes())
}

/// ICAP-shaped answers: a status line, headers (threat headers among them), an
/// encapsulated HTTP head.
fn icap_like() -> impl Strategy<Value = Vec<u8>> {
    let version = prop::sample::select(vec!["ICAP/1.0", "ICAP/1.1", "ICAP/2.0", "HTTP/1.1", "icap/1.0"]);
    let code = prop::sample::select(vec!["204", "200", "100", "206", "403", "500", "2040", "20"]);
    let header = prop::sample::select(vec![
        "X-Infection-Found: Type=0; Resolution=2; Threat=Eicar;",
        "X-Infection-Found: Type=0;",
        "X-Violations-Found: 1\r\n\tfile\r\n\tW32.Bad\r\n\t0\r\n\t2",
        "X-Violations-Found: 0",
        "X-Virus-ID: Bad",
        "ISTag: \"x\"",
        "Encapsulated: null-body=0",
        "Encapsulated: res-hdr=0, res-body=30",
        "Encapsulated: res-hdr=7, res-body=30",
        "\tcontinued",
        "no colon",
        "Server: C-ICAP",
    ]);
    let http = prop::sample::select(vec![
        "",
        "HTTP/1.1 200 OK\r\n\r\n",
        "HTTP/1.0 403 Forbidden\r\n\r\n",
        "HTTP/1.1 2",
        "garbage\r\n\r\n",
    ]);
    (
        version,
        code,
        prop::collection::vec(header, 0..4),
        prop::sample::select(vec!["\r\n\r\n", "\r\n", "\n\n"]),
        http,
    )
        .prop_map(|(v, c, headers, end, http)| {
            let mut out = format!("{v} {c} Reason");
            for h in headers {
                out.push_str("\r\n");
                out.push_str(h);
            }
            out.push_str(end);
            out.push_str(http);
            out.into_bytes()
        })
}

fn has_threat_header(reply: &[u8]) -> bool {
    let text = String::from_utf8_lossy(reply).to_ascii_lowercase();
    text.contains("x-infection-found")
        || text.contains("x-virus-id")
        || text.contains("x-violations-found: 1")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn clamd_is_clean_only_for_stream_ok(reply in prop_oneof![any::<Vec<u8>>(), clamd_like()]) {
        let verdict = parse_clamd_reply(&reply);
        if verdict == ScanVerdict::Clean {
            prop_assert!(matches!(reply.as_slice(), b"stream: OK" | b"stream: OK\0" | b"stream: OK\n"), "{reply:?}");
        }
        prop_assert!(signature_is_printable(&verdict), "{verdict:?}");
    }

    #[test]
    fn clamd_instream_is_clean_only_for_a_terminated_stream_ok(reply in prop_oneof![any::<Vec<u8>>(), clamd_like()]) {
        let mut server = Canned { answer: Cursor::new(reply.clone()), read: 0 };
        let result = clamd_instream(&mut server, &mut &b"content"[..]);
        if let Ok(ScanVerdict::Clean) = result {
            prop_assert!(reply.starts_with(b"stream: OK\0"), "{reply:?}");
        }
        if let Ok(verdict) = &result {
            prop_assert!(signature_is_printable(verdict), "{verdict:?}");
        }
    }

    #[test]
    fn icap_is_clean_only_for_204_without_threats(reply in prop_oneof![any::<Vec<u8>>(), icap_like()]) {
        let verdict = parse_icap_reply(&reply);
        if verdict == ScanVerdict::Clean {
            prop_assert!(reply.starts_with(b"ICAP/1.") && reply.get(8..13) == Some(b" 204 "), "{reply:?}");
            prop_assert!(!has_threat_header(&reply), "{reply:?}");
        }
        prop_assert!(signature_is_printable(&verdict), "{verdict:?}");
    }

    #[test]
    fn icap_respmod_never_reads_more_than_the_cap(reply in icap_like(), padding in 0usize..200_000) {
        let mut answer = reply.clone();
        answer.extend(std::iter::repeat_n(b'a', padding));
        let mut server = Canned { answer: Cursor::new(answer), read: 0 };
        let result = icap_respmod(&mut server, "127.0.0.1:1344", "avscan", &mut &b"content"[..], 7);
        prop_assert!(server.read <= MAX_REPLY);
        if let Ok(ScanVerdict::Clean) = result {
            prop_assert!(reply.starts_with(b"ICAP/1.") && reply.get(8..13) == Some(b" 204 "), "{reply:?}");
        }
    }

    #[test]
    fn addresses_never_panic_and_round_trip(text in "\\PC{0,40}|(unix:|tcp:|icap://)[ -~]{0,30}") {
        if let Ok(address) = text.parse::<ScannerAddress>() {
            let again: ScannerAddress = address.to_string().parse().expect("Display output parses");
            prop_assert_eq!(again, address);
        }
    }
}
