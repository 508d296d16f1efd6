//! ICAP (RFC 3507): the file goes to the server as the body of an HTTP response in a
//! `RESPMOD` request, the way a proxy would ask whether a download may pass.
//!
//! The server's answer decides:
//!
//! - `ICAP/1.0 204` (no modification needed) is the only clean answer;
//! - a threat header — `X-Infection-Found: …; Threat=NAME;`, `X-Virus-ID: NAME`,
//!   `X-Violations-Found: N` (the threat on its second continuation line) — is infected,
//!   whatever the status;
//! - `ICAP/1.0 200` carrying an HTTP response that is not 2xx (c-icap's `virus_scan` sends
//!   `403 Forbidden` and a "VIRUS FOUND" page) is infected, named or not;
//! - everything else — a 200 that hands back a (changed or unchanged) file, ICAP errors,
//!   malformed or missing answers — is failed. A server that answers clean files with a
//!   200 and a copy instead of a 204 therefore never yields "clean"; c-icap, Kaspersky,
//!   Symantec and `ClamAV`-based servers answer 204 when the client sends `Allow: 204`,
//!   as this client does.
//!
//! With a preview ([`icap_respmod_with_preview`]) the server may answer from the first
//! bytes alone (a 204 then means it chose not to look further, which is its policy);
//! without one ([`icap_respmod`]) it always receives the whole file first.

use std::fmt::Write as _;
use std::io::{Read, Write};

use super::address::{check_authority, check_service};
use super::wire::{CHUNK_SIZE, Reply, SendError, find, is_hang_up, printable, read_chunk};
use super::{ScanError, ScanVerdict, UNNAMED_THREAT};

/// The HTTP request the scanned "response" answers; some servers require one.
const REQ_HDR: &[u8] = b"GET /attachment HTTP/1.1\r\nHost: parley.invalid\r\n\r\n";

const END_OF_HEAD: &[u8] = b"\r\n\r\n";

/// What an ICAP service says about itself in answer to `OPTIONS`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IcapOptions {
    /// `Methods:`, e.g. `["RESPMOD", "REQMOD"]`.
    pub methods: Vec<String>,
    /// `Preview:`, the most bytes the server wants in a preview.
    pub preview: Option<u64>,
    /// Whether `Allow:` includes 204 (answering "no modification" outside a preview).
    pub allow_204: bool,
    /// `ISTag:`, which changes when the service (e.g. its signatures) changes.
    pub istag: Option<String>,
}

/// Asks an ICAP service for its options: the health check for ICAP scanners.
///
/// `host` is the server's authority as in its URI, `HOST:PORT`
/// (see [`super::ScannerAddress::authority`]); `service` the path after the `/`.
pub fn icap_options<S: Read + Write>(
    stream: &mut S,
    host: &str,
    service: &str,
) -> Result<IcapOptions, ScanError> {
    check_authority(host)?;
    check_service(service)?;
    let request = format!(
        "OPTIONS icap://{host}/{service} ICAP/1.0\r\nHost: {host}\r\nConnection: close\r\nEncapsulated: null-body=0\r\n\r\n"
    );
    stream.write_all(request.as_bytes())?;
    stream.flush()?;
    let mut reply = Reply::default();
    let end = read_head(stream, &mut reply, 0)?;
    let head = Head::parse(&reply.buf[..end])
        .map_err(|why| ScanError::Protocol(format!("the ICAP server's answer {why}")))?;
    if head.code != 200 {
        return Err(ScanError::Protocol(format!(
            "the ICAP server answered {} {} to OPTIONS",
            head.code, head.reason
        )));
    }
    let value = |name: &str| head.header(name).map(|h| h.value.as_str());
    Ok(IcapOptions {
        methods: value("Methods")
            .map(|m| m.split(',').map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default(),
        preview: value("Preview").and_then(|p| p.trim().parse().ok()),
        allow_204: value("Allow").is_some_and(|a| a.split(',').any(|v| v.trim() == "204")),
        istag: value("ISTag").map(|t| printable(t.as_bytes())),
    })
}

/// Scans `content` (exactly `content_len` bytes) with an ICAP `RESPMOD` request without a
/// preview: the server receives the whole file before it answers.
///
/// `stream` is a connected TCP socket with timeouts set by the caller; it cannot be reused
/// afterwards. `host` is the server's authority, `HOST:PORT` (see
/// [`super::ScannerAddress::authority`]), `service` the path after the `/`. See the module
/// documentation for how answers map to verdicts. A `content` that is shorter or longer
/// than `content_len` is [`ScanError::ContentLength`].
pub fn icap_respmod<S: Read + Write, R: Read>(
    stream: &mut S,
    host: &str,
    service: &str,
    content: &mut R,
    content_len: u64,
) -> Result<ScanVerdict, ScanError> {
    respmod(stream, host, service, content, content_len, None)
}

/// Like [`icap_respmod`], but first sends at most `preview` bytes (RFC 3507 §4.5; use the
/// server's [`IcapOptions::preview`]) and the rest only if the server answers
/// `100 Continue`. Files no longer than the preview go whole, marked `ieof`; with a
/// preview of 0 bytes, or an empty file, the request is sent as by [`icap_respmod`].
pub fn icap_respmod_with_preview<S: Read + Write, R: Read>(
    stream: &mut S,
    host: &str,
    service: &str,
    content: &mut R,
    content_len: u64,
    preview: u64,
) -> Result<ScanVerdict, ScanError> {
    respmod(stream, host, service, content, content_len, Some(preview))
}

/// What an ICAP answer (status line, headers and, for a 200, the start of the
/// encapsulated HTTP response) means; see the module documentation. For fuzzing and
/// tests; never panics.
///
/// ```
/// use parley_guard::scan::{ScanVerdict, parse_icap_reply};
///
/// assert_eq!(parse_icap_reply(b"ICAP/1.0 204 No Content\r\nISTag: \"x\"\r\n\r\n"), ScanVerdict::Clean);
/// let found = b"ICAP/1.0 200 OK\r\nX-Infection-Found: Type=0; Resolution=2; Threat=Eicar-Signature;\r\n\
///               Encapsulated: res-hdr=0, res-body=24\r\n\r\nHTTP/1.0 403 Forbidden\r\n\r\n";
/// assert_eq!(parse_icap_reply(found), ScanVerdict::Infected { signature: "Eicar-Signature".into() });
/// assert!(matches!(parse_icap_reply(b"ICAP/1.0 500 Server Error\r\n\r\n"), ScanVerdict::Failed { .. }));
/// ```
pub fn parse_icap_reply(reply: &[u8]) -> ScanVerdict {
    let failed = |reason: String| ScanVerdict::Failed { reason };
    let Some(end) = find(reply, END_OF_HEAD).map(|at| at + END_OF_HEAD.len()) else {
        return failed(if reply.is_empty() {
            "the ICAP server did not answer".to_owned()
        } else {
            "the ICAP server's answer was cut off".to_owned()
        });
    };
    let head = match Head::parse(&reply[..end]) {
        Ok(head) => head,
        Err(why) => return failed(format!("the ICAP server's answer {why}")),
    };
    if let Some(signature) = head.threat() {
        return ScanVerdict::Infected { signature };
    }
    match head.code {
        204 => ScanVerdict::Clean,
        200 => match head.http_status(&reply[end..]) {
            Some(code) if (200..300).contains(&code) => {
                failed("the ICAP server returned the file (changed or not) instead of a verdict".to_owned())
            }
            Some(_) => ScanVerdict::Infected { signature: UNNAMED_THREAT.to_owned() },
            None => failed("the ICAP server's answer 200 carries no HTTP response".to_owned()),
        },
        100 => failed("the ICAP server asked for more of the file after it had all of it".to_owned()),
        code => failed(format!("the ICAP server answered {code} {}", head.reason)),
    }
}

fn respmod<S: Read + Write, R: Read>(
    stream: &mut S,
    host: &str,
    service: &str,
    content: &mut R,
    content_len: u64,
    preview: Option<u64>,
) -> Result<ScanVerdict, ScanError> {
    check_authority(host)?;
    check_service(service)?;
    // A preview of nothing tells the server nothing (c-icap then passes the file unscanned).
    let preview = preview.map(|p| p.min(content_len)).filter(|&p| p > 0);
    let mut body = Body { content, declared: content_len, sent: 0, out: Vec::with_capacity(CHUNK_SIZE + 16) };
    let mut reply = Reply::default();

    let sent = (|| -> Result<(), SendError> {
        stream.write_all(&request_head(host, service, content_len, preview))?;
        match preview {
            None => body.send_rest(stream, b"0\r\n\r\n"),
            Some(n) if n == content_len => body.send_rest(stream, b"0; ieof\r\n\r\n"),
            Some(n) => {
                body.send(stream, n)?;
                stream.write_all(b"0\r\n\r\n")?;
                stream.flush()?;
                Ok(())
            }
        }
    })();
    if let Err(e) = sent {
        return after_send_error(stream, &mut reply, 0, e);
    }

    let mut start = 0;
    if preview.is_some_and(|n| n < content_len) {
        let end = read_head(stream, &mut reply, 0)?;
        if Head::parse(&reply.buf[..end]).is_ok_and(|head| head.code == 100) {
            if let Err(e) = body.send_rest(stream, b"0\r\n\r\n") {
                return after_send_error(stream, &mut reply, end, e);
            }
            start = end;
        }
    }
    let end = read_answer(stream, &mut reply, start)?;
    Ok(parse_icap_reply(&reply.buf[start..end]))
}

/// Writing failed: if the server hung up it may have answered first, and that answer
/// counts — except "clean", which it cannot know without the whole file.
fn after_send_error<S: Read>(
    stream: &mut S,
    reply: &mut Reply,
    start: usize,
    error: SendError,
) -> Result<ScanVerdict, ScanError> {
    let error = match error {
        SendError::Other(e) => return Err(e),
        SendError::Stream(e) if is_hang_up(&e) => e,
        SendError::Stream(e) => return Err(ScanError::Io(e)),
    };
    let Ok(end) = read_answer(stream, reply, start) else {
        return Err(ScanError::Io(error));
    };
    match parse_icap_reply(&reply.buf[start..end]) {
        ScanVerdict::Clean => Err(ScanError::Protocol(
            "the ICAP server said \"no modification\" before it had the whole file".into(),
        )),
        verdict => Ok(verdict),
    }
}

fn request_head(host: &str, service: &str, content_len: u64, preview: Option<u64>) -> Vec<u8> {
    let res_hdr = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {content_len}\r\n\r\n"
    );
    let mut head = format!("RESPMOD icap://{host}/{service} ICAP/1.0\r\nHost: {host}\r\nAllow: 204\r\n");
    if let Some(n) = preview {
        // Writing to a String cannot fail.
        let _ = write!(head, "Preview: {n}\r\n");
    }
    let _ = write!(
        head,
        "Connection: close\r\nEncapsulated: req-hdr=0, res-hdr={}, res-body={}\r\n\r\n",
        REQ_HDR.len(),
        REQ_HDR.len() + res_hdr.len()
    );
    let mut out = head.into_bytes();
    out.extend_from_slice(REQ_HDR);
    out.extend_from_slice(res_hdr.as_bytes());
    out
}

/// The file, sent as HTTP chunks, checked against its declared length.
struct Body<'a, R> {
    content: &'a mut R,
    declared: u64,
    sent: u64,
    out: Vec<u8>,
}

impl<R: Read> Body<'_, R> {
    /// Sends the next `len` bytes as chunks of at most [`CHUNK_SIZE`].
    fn send<S: Write>(&mut self, stream: &mut S, mut len: u64) -> Result<(), SendError> {
        let mut buf = vec![0u8; CHUNK_SIZE];
        while len > 0 {
            let want = usize::try_from(len).unwrap_or(usize::MAX).min(CHUNK_SIZE);
            let got = read_chunk(self.content, &mut buf[..want])?;
            if got == 0 {
                return Err(ScanError::ContentLength { declared: self.declared }.into());
            }
            self.out.clear();
            // Writing to a Vec cannot fail.
            let _ = write!(self.out, "{got:x}\r\n");
            self.out.extend_from_slice(&buf[..got]);
            self.out.extend_from_slice(b"\r\n");
            stream.write_all(&self.out)?;
            len -= got as u64;
            self.sent += got as u64;
        }
        Ok(())
    }

    /// Sends the rest of the file, checks it ends there, and ends the body with `last`.
    fn send_rest<S: Write>(&mut self, stream: &mut S, last: &[u8]) -> Result<(), SendError> {
        self.send(stream, self.declared - self.sent)?;
        if read_chunk(self.content, &mut [0u8; 1])? != 0 {
            return Err(ScanError::ContentLength { declared: self.declared }.into());
        }
        stream.write_all(last)?;
        stream.flush()?;
        Ok(())
    }
}

/// Reads an ICAP status line and headers starting at `start`; returns the index after them.
fn read_head<S: Read>(stream: &mut S, reply: &mut Reply, start: usize) -> Result<usize, ScanError> {
    match reply.read_until(stream, start, END_OF_HEAD)? {
        Some(end) => Ok(end),
        None if reply.buf.len() == start => {
            Err(ScanError::Protocol("the ICAP server closed the connection without answering".into()))
        }
        None => Err(ScanError::Protocol(format!(
            "the ICAP server's answer \"{}\" was cut off",
            printable(&reply.buf[start..])
        ))),
    }
}

/// Reads a whole final answer: the ICAP head and, when the verdict depends on it, the
/// encapsulated HTTP response's head (never its body). Returns the index after them.
fn read_answer<S: Read>(stream: &mut S, reply: &mut Reply, start: usize) -> Result<usize, ScanError> {
    let end = read_head(stream, reply, start)?;
    let Ok(head) = Head::parse(&reply.buf[start..end]) else { return Ok(end) };
    if head.code != 200 || head.threat().is_some() {
        return Ok(end);
    }
    let Some(offset) = head.encapsulated("res-hdr") else { return Ok(end) };
    let http = end.saturating_add(offset);
    reply.read_at_least(stream, http)?;
    Ok(reply.read_until(stream, http, END_OF_HEAD)?.unwrap_or(reply.buf.len()))
}

/// An ICAP status line and its headers.
struct Head {
    code: u16,
    reason: String,
    headers: Vec<Header>,
}

struct Header {
    name: String,
    value: String,
    /// Continuation lines (starting with a space or tab), trimmed.
    more: Vec<String>,
}

impl Head {
    /// Parses `ICAP/1.x NNN reason\r\n(header\r\n)*\r\n`; `Err` completes "the answer …".
    fn parse(head: &[u8]) -> Result<Head, &'static str> {
        let text = String::from_utf8_lossy(head.strip_suffix(END_OF_HEAD).unwrap_or(head));
        let mut lines = text.split("\r\n");
        let status = lines.next().unwrap_or_default();
        let mut parts = status.splitn(3, ' ');
        let version = parts.next().unwrap_or_default();
        let code = parts.next().unwrap_or_default();
        // Exactly `ICAP/1.` and one digit: `ICAP/1.1#` is not a version (found by fuzzing).
        if version.len() != 8
            || !version.starts_with("ICAP/1.")
            || !version.ends_with(|c: char| c.is_ascii_digit())
        {
            return Err("does not start with ICAP/1.x");
        }
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err("has no three-digit status code");
        }
        let code = code.parse().map_err(|_| "has no three-digit status code")?;
        let reason = printable(parts.next().unwrap_or_default().trim().as_bytes());
        let mut headers: Vec<Header> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                let Some(last) = headers.last_mut() else {
                    return Err("starts its headers with a continuation line");
                };
                last.more.push(line.trim().to_owned());
            } else {
                let Some((name, value)) = line.split_once(':') else {
                    return Err("has a header line without a colon");
                };
                if name.is_empty() || name.contains(|c: char| c.is_whitespace() || c.is_control()) {
                    return Err("has a malformed header name");
                }
                headers.push(Header {
                    name: name.to_owned(),
                    value: value.trim().to_owned(),
                    more: Vec::new(),
                });
            }
        }
        Ok(Head { code, reason, headers })
    }

    fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))
    }

    /// The threat the server reports, if it reports one. Every threat header counts, also
    /// a repeated one: a reply that says "0 violations" and then "1 violation" is infected.
    fn threat(&self) -> Option<String> {
        let named = |name: &str| {
            Some(if name.is_empty() { UNNAMED_THREAT.to_owned() } else { printable(name.as_bytes()) })
        };
        self.headers.iter().find_map(|h| {
            let is = |name: &str| h.name.eq_ignore_ascii_case(name);
            if is("X-Infection-Found") {
                let threat =
                    h.value.split(';').filter_map(|p| p.split_once('=')).find_map(|(key, value)| {
                        key.trim().eq_ignore_ascii_case("Threat").then(|| value.trim())
                    });
                named(threat.unwrap_or_default())
            } else if is("X-Virus-ID") || is("X-Virus-Name") {
                named(&h.value)
            } else if is("X-Violations-Found") && h.value.trim() != "0" {
                // "N" then, per violation: file name, threat, problem id, resolution.
                named(h.more.get(1).map_or("", String::as_str))
            } else {
                None
            }
        })
    }

    /// The offset of an `Encapsulated:` section (`res-hdr`, `res-body` …).
    fn encapsulated(&self, section: &str) -> Option<usize> {
        self.header("Encapsulated")?.value.split(',').find_map(|part| {
            let (name, offset) = part.split_once('=')?;
            (name.trim() == section).then(|| offset.trim().parse().ok()).flatten()
        })
    }

    /// The status code of the encapsulated HTTP response in `rest` (what follows the head).
    fn http_status(&self, rest: &[u8]) -> Option<u16> {
        let http = rest.get(self.encapsulated("res-hdr")?..)?;
        let line = &http[..find(http, b"\r\n")?];
        let line = std::str::from_utf8(line).ok()?;
        let mut parts = line.split(' ');
        if !parts.next()?.starts_with("HTTP/1.") {
            return None;
        }
        let code = parts.next()?;
        if code.len() != 3 {
            return None;
        }
        code.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, ErrorKind};

    use super::super::testing::{FakeStream, assert_all_failed};
    use super::*;

    const HOST: &str = "127.0.0.1:1344";
    const NO_CONTENT: &[u8] =
        b"ICAP/1.0 204 No Content\r\nServer: C-ICAP/0.5.10\r\nISTag: \"CI0001-x\"\r\n\r\n";
    const CONTINUE: &[u8] = b"ICAP/1.0 100 Continue\r\n\r\n";
    /// c-icap 0.5.10 `virus_scan` (Debian 12) finding EICAR, as captured.
    const C_ICAP_FOUND: &[u8] = b"ICAP/1.0 200 OK\r\n\
        Server: C-ICAP/0.5.10\r\n\
        Connection: close\r\n\
        ISTag: \"CI0001-L5CkDhq+qWNs+PZ5DxxXsAAA\"\r\n\
        X-Infection-Found: Type=0; Resolution=2; Threat=Eicar-Signature.UNOFFICIAL;\r\n\
        X-Violations-Found: 1\r\n\
        \t-\r\n\
        \tEicar-Signature.UNOFFICIAL\r\n\
        \t0\r\n\
        \t0\r\n\
        Encapsulated: res-hdr=0, res-body=161\r\n\
        \r\n\
        HTTP/1.0 403 Forbidden\r\n\
        Server: C-ICAP\r\n\
        Connection: close\r\n\
        Content-Type: text/html\r\n\
        Content-Language: en\r\n\
        Via: ICAP/1.0 vm (C-ICAP/0.5.10 Antivirus service )\r\n\
        \r\n\
        1cb\r\n<html>";

    fn content(len: usize) -> Vec<u8> {
        (0..len).map(|i| u8::try_from(i % 251).unwrap_or_default()).collect()
    }

    /// `data` as HTTP chunks of at most 64 KiB (without the last chunk).
    fn chunked(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(CHUNK_SIZE) {
            out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            out.extend_from_slice(chunk);
            out.extend_from_slice(b"\r\n");
        }
        out
    }

    fn head(len: usize, preview: Option<usize>) -> Vec<u8> {
        let res_hdr = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {len}\r\n\r\n"
        );
        let preview = preview.map(|n| format!("Preview: {n}\r\n")).unwrap_or_default();
        let mut out = format!(
            "RESPMOD icap://{HOST}/avscan ICAP/1.0\r\nHost: {HOST}\r\nAllow: 204\r\n{preview}Connection: close\r\n\
             Encapsulated: req-hdr=0, res-hdr=50, res-body={}\r\n\r\n",
            50 + res_hdr.len()
        )
        .into_bytes();
        out.extend_from_slice(REQ_HDR);
        out.extend_from_slice(res_hdr.as_bytes());
        out
    }

    fn scan(stream: &mut FakeStream, data: &[u8], preview: Option<u64>) -> Result<ScanVerdict, ScanError> {
        let len = data.len() as u64;
        match preview {
            None => icap_respmod(stream, HOST, "avscan", &mut Cursor::new(data), len),
            Some(p) => icap_respmod_with_preview(stream, HOST, "avscan", &mut Cursor::new(data), len, p),
        }
    }

    #[test]
    fn request_without_preview_is_framed_per_rfc_3507() {
        assert_eq!(REQ_HDR.len(), 50);
        let data = content(150_000);
        let mut stream = FakeStream::answering(NO_CONTENT);
        assert_eq!(scan(&mut stream, &data, None).expect("the fake server answers"), ScanVerdict::Clean);
        let mut want = head(data.len(), None);
        want.extend(chunked(&data));
        want.extend_from_slice(b"0\r\n\r\n");
        assert_eq!(String::from_utf8_lossy(&stream.written[..300]), String::from_utf8_lossy(&want[..300]));
        assert!(stream.written == want, "body framing differs");
        // The Encapsulated offsets point at the HTTP headers and the body.
        let icap_end = find(&want, END_OF_HEAD).expect("the ICAP head ends") + 4;
        assert!(want[icap_end..].starts_with(b"GET /attachment HTTP/1.1\r\n"));
        assert!(want[icap_end + 50..].starts_with(b"HTTP/1.1 200 OK\r\n"));
        assert!(want[head(data.len(), None).len()..].starts_with(b"10000\r\n"));
    }

    #[test]
    fn empty_file_is_a_last_chunk_only() {
        let mut stream = FakeStream::answering(NO_CONTENT);
        assert_eq!(scan(&mut stream, b"", None).expect("the fake server answers"), ScanVerdict::Clean);
        assert!(stream.written.ends_with(b"Content-Length: 0\r\n\r\n0\r\n\r\n"));
    }

    #[test]
    fn preview_then_continue_then_the_rest() {
        let data = content(5000);
        let mut preview_part = head(data.len(), Some(1024));
        preview_part.extend(chunked(&data[..1024]));
        preview_part.extend_from_slice(b"0\r\n\r\n");
        let mut all = preview_part.clone();
        all.extend(chunked(&data[1024..]));
        all.extend_from_slice(b"0\r\n\r\n");

        // The server speaks only when the client has sent what it must wait for.
        let mut stream = FakeStream::silent()
            .then_after(preview_part.len(), CONTINUE)
            .then_after(all.len(), C_ICAP_FOUND)
            .trickling(3);
        let verdict = scan(&mut stream, &data, Some(1024)).expect("the fake server answers");
        assert_eq!(verdict, ScanVerdict::Infected { signature: "Eicar-Signature.UNOFFICIAL".into() });
        assert!(stream.written == all, "preview framing differs");
    }

    #[test]
    fn a_204_after_the_preview_ends_the_request() {
        let data = content(5000);
        let mut preview_part = head(data.len(), Some(100));
        preview_part.extend(chunked(&data[..100]));
        preview_part.extend_from_slice(b"0\r\n\r\n");
        let mut stream = FakeStream::silent().then_after(preview_part.len(), NO_CONTENT);
        assert_eq!(scan(&mut stream, &data, Some(100)).expect("the fake server answers"), ScanVerdict::Clean);
        assert!(stream.written == preview_part);
    }

    #[test]
    fn a_file_within_the_preview_goes_whole_with_ieof() {
        let data = b"small file";
        let mut want = head(data.len(), Some(data.len()));
        want.extend(chunked(data));
        want.extend_from_slice(b"0; ieof\r\n\r\n");
        let mut stream = FakeStream::silent().then_after(want.len(), NO_CONTENT);
        assert_eq!(scan(&mut stream, data, Some(1024)).expect("the fake server answers"), ScanVerdict::Clean);
        assert_eq!(String::from_utf8_lossy(&stream.written), String::from_utf8_lossy(&want));
        // A 100 Continue when there is nothing more to send is not a verdict.
        let mut stream = FakeStream::silent().then_after(want.len(), CONTINUE);
        assert!(matches!(scan(&mut stream, data, Some(1024)), Ok(ScanVerdict::Failed { .. })));
    }

    #[test]
    fn an_empty_preview_is_no_preview() {
        for (data, preview) in [(&b""[..], 1024), (&b"abc"[..], 0)] {
            let mut want = head(data.len(), None);
            want.extend(chunked(data));
            want.extend_from_slice(b"0\r\n\r\n");
            let mut stream = FakeStream::silent().then_after(want.len(), NO_CONTENT);
            assert_eq!(
                scan(&mut stream, data, Some(preview)).expect("the fake server answers"),
                ScanVerdict::Clean
            );
            assert_eq!(String::from_utf8_lossy(&stream.written), String::from_utf8_lossy(&want));
        }
    }

    #[test]
    fn a_verdict_does_not_wait_for_what_it_does_not_need() {
        // Reading past the 204's head or the 403's HTTP head would hang on a real server.
        let mut stream = FakeStream::answering(NO_CONTENT).then_after(usize::MAX, b"more");
        assert_eq!(scan(&mut stream, b"x", None).expect("the fake server answers"), ScanVerdict::Clean);
        let blocked =
            b"ICAP/1.0 200 OK\r\nEncapsulated: res-hdr=0, res-body=24\r\n\r\nHTTP/1.0 403 Forbidden\r\n\r\n";
        let mut stream = FakeStream::answering(blocked).trickling(5).then_after(usize::MAX, b"5\r\nhello");
        assert_eq!(
            scan(&mut stream, b"x", None).expect("the fake server answers"),
            ScanVerdict::Infected { signature: UNNAMED_THREAT.into() }
        );
    }

    #[test]
    fn content_must_have_the_declared_length() {
        let mut stream = FakeStream::answering(NO_CONTENT);
        let short = icap_respmod(&mut stream, HOST, "avscan", &mut &b"12345"[..], 6);
        assert!(matches!(short, Err(ScanError::ContentLength { declared: 6 })), "{short:?}");
        let mut stream = FakeStream::answering(NO_CONTENT);
        let long = icap_respmod(&mut stream, HOST, "avscan", &mut &b"1234567"[..], 6);
        assert!(matches!(long, Err(ScanError::ContentLength { declared: 6 })), "{long:?}");
        assert!(!stream.written.ends_with(b"0\r\n\r\n"), "a short body must not be ended as if complete");
        let mut stream = FakeStream::answering(NO_CONTENT);
        let long = icap_respmod_with_preview(&mut stream, HOST, "avscan", &mut &b"1234567"[..], 6, 10);
        assert!(matches!(long, Err(ScanError::ContentLength { declared: 6 })), "{long:?}");
    }

    #[test]
    fn hosts_and_services_cannot_inject_headers() {
        for (host, service) in
            [("h\r\nX: 1", "avscan"), ("", "avscan"), (HOST, "av scan"), (HOST, "a\r\nb"), (HOST, "")]
        {
            let mut stream = FakeStream::answering(NO_CONTENT);
            let result = icap_respmod(&mut stream, host, service, &mut &b""[..], 0);
            assert!(matches!(result, Err(ScanError::BadAddress(_))), "{host:?} {service:?}");
            assert!(stream.written.is_empty());
            let result = icap_options(&mut stream, host, service);
            assert!(matches!(result, Err(ScanError::BadAddress(_))), "{host:?} {service:?}");
        }
    }

    #[test]
    fn hang_up_while_sending() {
        let data = content(300_000);
        let mut stream = FakeStream::answering(C_ICAP_FOUND).failing_after(70_000, ErrorKind::BrokenPipe);
        assert!(matches!(scan(&mut stream, &data, None), Ok(ScanVerdict::Infected { .. })));
        let mut stream = FakeStream::answering(NO_CONTENT).failing_after(70_000, ErrorKind::ConnectionReset);
        assert!(matches!(scan(&mut stream, &data, None), Err(ScanError::Protocol(_))));
        let mut stream = FakeStream::answering(b"").failing_after(70_000, ErrorKind::BrokenPipe);
        assert!(matches!(scan(&mut stream, &data, None), Err(ScanError::Io(_))));
        let mut stream = FakeStream::answering(NO_CONTENT).failing_after(70_000, ErrorKind::TimedOut);
        assert!(matches!(scan(&mut stream, &data, None), Err(ScanError::Io(_))));
    }

    #[test]
    fn missing_or_endless_answers_are_errors() {
        assert!(matches!(scan(&mut FakeStream::answering(b""), b"x", None), Err(ScanError::Protocol(_))));
        assert!(matches!(
            scan(&mut FakeStream::answering(b"ICAP/1.0 204"), b"x", None),
            Err(ScanError::Protocol(_))
        ));
        let endless = [b"ICAP/1.0 204 No Content\r\nX: ".as_slice(), &vec![b'a'; 100_000]].concat();
        assert!(matches!(
            scan(&mut FakeStream::answering(&endless), b"x", None),
            Err(ScanError::Protocol(_))
        ));
    }

    #[test]
    fn replies_parse() {
        let infected = |s: &str| ScanVerdict::Infected { signature: s.into() };
        let violations_only =
            b"ICAP/1.0 200 OK\r\nX-Violations-Found: 1\r\n\tdoc.exe\r\n\tW32.Evil.A\r\n\t7\r\n\t2\r\n\
            Encapsulated: res-hdr=0, res-body=24\r\n\r\nHTTP/1.1 403 Forbidden\r\n\r\n";
        let cases: &[(&[u8], ScanVerdict)] = &[
            (NO_CONTENT, ScanVerdict::Clean),
            (b"ICAP/1.0 204 Unmodified\r\n\r\n", ScanVerdict::Clean),
            (b"ICAP/1.0 204\r\nEncapsulated: null-body=0\r\n\r\n", ScanVerdict::Clean),
            (b"ICAP/1.0 204 No Content\r\nX-Violations-Found: 0\r\n\r\n", ScanVerdict::Clean),
            (C_ICAP_FOUND, infected("Eicar-Signature.UNOFFICIAL")),
            (violations_only, infected("W32.Evil.A")),
            (b"ICAP/1.0 200 OK\r\nX-Virus-ID: EICAR Test String\r\nEncapsulated: null-body=0\r\n\r\n", infected("EICAR Test String")),
            (b"ICAP/1.0 200 OK\r\nx-infection-found: type=0; resolution=2; threat = Bad\x07Name ;\r\n\r\n", infected("Bad?Name")),
            (b"ICAP/1.0 200 OK\r\nX-Infection-Found: Type=0; Resolution=2;\r\n\r\n", infected(UNNAMED_THREAT)),
            // A threat header wins over a 204: contradictory answers are not clean.
            (b"ICAP/1.0 204 No Content\r\nX-Infection-Found: Threat=Sneaky;\r\n\r\n", infected("Sneaky")),
            // A repeated header is read whole: the second says there is a threat (found by proptest).
            (
                b"ICAP/1.0 204 No Content\r\nX-Violations-Found: 0\r\nX-Violations-Found: 1\r\n\tf\r\n\tW32.Bad\r\n\t0\r\n\t2\r\n\r\n",
                infected("W32.Bad"),
            ),
            (
                b"ICAP/1.0 200 OK\r\nEncapsulated: res-hdr=0, res-body=24\r\n\r\nHTTP/1.0 403 Forbidden\r\n\r\n",
                infected(UNNAMED_THREAT),
            ),
            (
                b"ICAP/1.0 200 OK\r\nEncapsulated: req-hdr=0, res-hdr=4, res-body=30\r\n\r\nxxxxHTTP/1.1 451 Blocked\r\n\r\n",
                infected(UNNAMED_THREAT),
            ),
        ];
        for (reply, want) in cases {
            assert_eq!(&parse_icap_reply(reply), want, "{}", String::from_utf8_lossy(reply));
        }
    }

    #[test]
    fn anything_else_is_failed_never_clean() {
        let huge = [b"ICAP/1.0 204 No Content\r\nX: ".as_slice(), &vec![b'a'; 100_000]].concat();
        let cases: &[&[u8]] = &[
            b"",
            b"\r\n\r\n",
            b"garbage",
            b"ICAP/1.0 204 No Content",
            b"ICAP/1.0 204 No Content\r\n",
            b"ICAP/1.0 204 No Content\n\n",
            b"HTTP/1.1 204 No Content\r\n\r\n",
            b"ICAP/2.0 204 No Content\r\n\r\n",
            // Regression (fuzz target scan_reply): a version with trailing junk was read as clean.
            b"ICAP/1.1# 204 \r\n\r\n",
            b"ICAP/1.x 204 No Content\r\n\r\n",
            b"ICAP/1.00 204 No Content\r\n\r\n",
            b"ICAP/1.0 2040 No Content\r\n\r\n",
            b"ICAP/1.0  204 No Content\r\n\r\n",
            b"icap/1.0 204 No Content\r\n\r\n",
            b"ICAP/1.0 204 No Content\r\n\tfolded\r\n\r\n",
            b"ICAP/1.0 204 No Content\r\nno colon\r\n\r\n",
            b"ICAP/1.0 204 No Content\r\nBad Name: x\r\n\r\n",
            b"ICAP/1.0 100 Continue\r\n\r\n",
            b"ICAP/1.0 200 OK\r\nEncapsulated: null-body=0\r\n\r\n",
            b"ICAP/1.0 200 OK\r\n\r\n",
            b"ICAP/1.0 200 OK\r\nEncapsulated: res-hdr=0, res-body=17\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
            b"ICAP/1.0 200 OK\r\nEncapsulated: res-hdr=0, res-body=17\r\n\r\nHTTP/1.1 2",
            b"ICAP/1.0 200 OK\r\nEncapsulated: res-hdr=9999, res-body=17\r\n\r\nHTTP/1.1 403 x\r\n\r\n",
            b"ICAP/1.0 400 Bad Request\r\n\r\n",
            b"ICAP/1.0 404 ICAP Service not found\r\n\r\n",
            b"ICAP/1.0 500 Server Error\r\n\r\n",
            b"ICAP/1.0 206 Partial Content\r\n\r\n",
            b"\xff\xfe\r\n\r\n",
            &huge,
        ];
        assert_all_failed(parse_icap_reply, cases);
    }

    #[test]
    fn options() {
        let answer = b"ICAP/1.0 200 OK\r\nMethods: RESPMOD, REQMOD\r\nService: C-ICAP/0.5.10 server - Antivirus service\r\n\
            ISTag: \"CI0001-L5CkDhq+qWNs+PZ5DxxXsAAA\"\r\nTransfer-Preview: *\r\nOptions-TTL: 3600\r\nPreview: 1024\r\n\
            Allow: 204\r\nEncapsulated: null-body=0\r\n\r\n";
        let mut stream = FakeStream::answering(answer).then_after(usize::MAX, b"x");
        let options = icap_options(&mut stream, HOST, "avscan").expect("the fake server answers");
        assert_eq!(
            options,
            IcapOptions {
                methods: vec!["RESPMOD".into(), "REQMOD".into()],
                preview: Some(1024),
                allow_204: true,
                istag: Some("\"CI0001-L5CkDhq+qWNs+PZ5DxxXsAAA\"".into()),
            }
        );
        assert_eq!(
            String::from_utf8_lossy(&stream.written),
            "OPTIONS icap://127.0.0.1:1344/avscan ICAP/1.0\r\nHost: 127.0.0.1:1344\r\nConnection: close\r\n\
             Encapsulated: null-body=0\r\n\r\n"
        );
        let mut stream = FakeStream::answering(b"ICAP/1.0 404 ICAP Service not found\r\n\r\n");
        assert!(matches!(icap_options(&mut stream, HOST, "nope"), Err(ScanError::Protocol(_))));
        assert!(matches!(
            icap_options(&mut FakeStream::answering(b""), HOST, "x"),
            Err(ScanError::Protocol(_))
        ));
    }
}
