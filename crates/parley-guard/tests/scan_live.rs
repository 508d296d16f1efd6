//! The scanner clients against a real clamd and a real c-icap (tests/harness/clamd and
//! tests/harness/icap, with the harness's test signatures).
//!
//! Needs the services, so `cargo test` leaves it out (`test = false`); run it with
//! `make test-scanners`, i.e. `tests/with-scanners cargo test -p parley-guard --test scan_live`.

use std::io::{self, Cursor, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::thread;
use std::time::Duration;

use parley_guard::scan::{
    ScanError, ScanVerdict, ScannerAddress, clamd_instream, clamd_ping, icap_options, icap_respmod,
    icap_respmod_with_preview,
};

/// The body signature `Parley-Test-Signature` of the harness (tests/harness/clamd).
const PARLEY_MARKER: &[u8] = b"PARLEY-TEST-SIGNATURE-5b1e0c8a-not-a-real-virus";

const TIMEOUT: Duration = Duration::from_secs(20);

/// The EICAR test file, put together at run time so that this source file and the test
/// binary are not themselves flagged by antivirus software.
fn eicar() -> Vec<u8> {
    [r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR", "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].concat().into_bytes()
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run this suite through tests/with-scanners (make test-scanners)")
    })
}

/// A connection to a scanner, opened the way the app opens one.
enum Conn {
    Unix(UnixStream),
    Tcp(TcpStream),
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Conn::Unix(s) => s.read(buf),
            Conn::Tcp(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Conn::Unix(s) => s.write(buf),
            Conn::Tcp(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Conn::Unix(s) => s.flush(),
            Conn::Tcp(s) => s.flush(),
        }
    }
}

fn connect(address: &ScannerAddress) -> Result<Conn, ScanError> {
    Ok(match address {
        ScannerAddress::Unix(path) => {
            let s = UnixStream::connect(path)?;
            s.set_read_timeout(Some(TIMEOUT))?;
            s.set_write_timeout(Some(TIMEOUT))?;
            Conn::Unix(s)
        }
        ScannerAddress::Tcp { host, port } | ScannerAddress::Icap { host, port, .. } => {
            let s = TcpStream::connect((host.as_str(), *port))?;
            s.set_read_timeout(Some(TIMEOUT))?;
            s.set_write_timeout(Some(TIMEOUT))?;
            Conn::Tcp(s)
        }
    })
}

fn address(text: &str) -> ScannerAddress {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn clamd_unix() -> ScannerAddress {
    address(&format!("unix:{}", env("PARLEY_TEST_CLAMD_SOCKET")))
}

fn clamd_tcp() -> ScannerAddress {
    address(&format!("tcp:{}", env("PARLEY_TEST_CLAMD_TCP")))
}

fn clamd_scan(address: &ScannerAddress, content: &[u8]) -> Result<ScanVerdict, ScanError> {
    let mut conn = connect(address)?;
    clamd_instream(&mut conn, &mut Cursor::new(content))
}

fn icap() -> ScannerAddress {
    address(&env("PARLEY_TEST_ICAP"))
}

fn icap_scan(content: &[u8], preview: Option<u64>) -> Result<ScanVerdict, ScanError> {
    let address = icap();
    let ScannerAddress::Icap { service, .. } = &address else { panic!("PARLEY_TEST_ICAP is not icap://") };
    let host = address.authority().expect("icap addresses have an authority");
    let mut conn = connect(&address)?;
    let len = content.len() as u64;
    match preview {
        None => icap_respmod(&mut conn, &host, service, &mut Cursor::new(content), len),
        Some(p) => icap_respmod_with_preview(&mut conn, &host, service, &mut Cursor::new(content), len, p),
    }
}

/// Deterministic bytes that match no signature.
fn filler(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x2545_f491;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect()
}

/// A clean-looking file with the Parley marker straddling the first 64 KiB chunk boundary.
fn marked_file() -> Vec<u8> {
    let mut file = filler(200_000);
    let at = 65_536 - PARLEY_MARKER.len() / 2;
    file[at..at + PARLEY_MARKER.len()].copy_from_slice(PARLEY_MARKER);
    file
}

fn assert_infected(result: Result<ScanVerdict, ScanError>, prefix: &str, what: &str) {
    match result {
        Ok(ScanVerdict::Infected { signature }) => {
            assert!(signature.starts_with(prefix), "{what}: signature {signature:?} is not {prefix}…");
        }
        other => panic!("{what}: expected infected ({prefix}…), got {other:?}"),
    }
}

#[test]
fn clamd_answers_ping_on_both_sockets() {
    for address in [clamd_unix(), clamd_tcp()] {
        let mut conn = connect(&address).expect("connect");
        clamd_ping(&mut conn).unwrap_or_else(|e| panic!("{address}: {e}"));
    }
}

#[test]
fn clamd_clean_bytes_are_clean() {
    for address in [clamd_unix(), clamd_tcp()] {
        for content in [b"hello, world\n".to_vec(), Vec::new(), filler(300_000)] {
            let verdict = clamd_scan(&address, &content);
            assert!(
                matches!(verdict, Ok(ScanVerdict::Clean)),
                "{address}, {} bytes: {verdict:?}",
                content.len()
            );
        }
    }
}

#[test]
fn clamd_finds_eicar() {
    for address in [clamd_unix(), clamd_tcp()] {
        assert_infected(clamd_scan(&address, &eicar()), "Eicar", &address.to_string());
    }
}

#[test]
fn clamd_finds_the_parley_test_signature_across_chunks() {
    for address in [clamd_unix(), clamd_tcp()] {
        assert_infected(clamd_scan(&address, &marked_file()), "Parley-Test-Signature", &address.to_string());
    }
    // Control: without the marker the same file is clean.
    assert!(matches!(clamd_scan(&clamd_unix(), &filler(200_000)), Ok(ScanVerdict::Clean)));
}

/// clamd answers "INSTREAM size limit exceeded" and hangs up mid-stream: over a unix socket
/// the answer can be read after the failed write; over TCP the reset may discard it, which
/// is a size limit too.
#[test]
fn clamd_over_its_stream_limit_is_a_size_limit() {
    let big = filler(3_000_000);
    // Control: the main clamd (40M) reads it all and finds it clean.
    assert!(matches!(clamd_scan(&clamd_unix(), &big), Ok(ScanVerdict::Clean)));
    let small = [
        address(&format!("unix:{}", env("PARLEY_TEST_CLAMD_SMALL_SOCKET"))),
        address(&format!("tcp:{}", env("PARLEY_TEST_CLAMD_SMALL_TCP"))),
    ];
    for address in small {
        let verdict = clamd_scan(&address, &big);
        assert!(
            matches!(verdict, Err(ScanError::SizeLimit)),
            "{address} (StreamMaxLength {}): {verdict:?}",
            env("PARLEY_TEST_CLAMD_SMALL_STREAM_MAX")
        );
    }
}

#[test]
fn a_dead_socket_is_an_io_error() {
    let dir = std::env::temp_dir().join(format!("parley-scan-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("dead.sock");
    // A socket file nobody listens on any more (a crashed clamd leaves one behind).
    drop(UnixListener::bind(&path).expect("bind"));
    let stale = connect(&address(&format!("unix:{}", path.display())));
    assert!(matches!(stale, Err(ScanError::Io(_))), "{:?}", stale.err());
    let missing = connect(&address(&format!("unix:{}", dir.join("missing.sock").display())));
    assert!(matches!(missing, Err(ScanError::Io(_))), "{:?}", missing.err());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_server_that_hangs_up_or_stalls_is_not_clean() {
    // Accepts and closes at once.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let closer = thread::spawn(move || drop(listener.accept()));
    let verdict = clamd_scan(&address(&format!("tcp:127.0.0.1:{port}")), &filler(1_000_000));
    assert!(!matches!(verdict, Ok(ScanVerdict::Clean | ScanVerdict::Infected { .. })), "{verdict:?}");
    closer.join().expect("closer");

    // Accepts, reads everything and never answers: the caller's read timeout ends it.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let staller = thread::spawn(move || {
        let (mut s, _) = listener.accept().expect("accept");
        let mut sink = vec![0u8; 65_536];
        while s.read(&mut sink).is_ok_and(|n| n > 0) {}
    });
    let conn = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    conn.set_read_timeout(Some(Duration::from_millis(300))).expect("timeout");
    let mut conn = Conn::Tcp(conn);
    let verdict = clamd_instream(&mut conn, &mut Cursor::new(b"hello"));
    assert!(matches!(verdict, Err(ScanError::Io(_))), "{verdict:?}");
    drop(conn);
    staller.join().expect("staller");
}

#[test]
fn icap_options_describe_the_service() {
    let address = icap();
    let ScannerAddress::Icap { service, .. } = &address else { panic!("not icap") };
    let mut conn = connect(&address).expect("connect");
    let options =
        icap_options(&mut conn, &address.authority().expect("authority"), service).expect("options");
    assert!(options.methods.iter().any(|m| m == "RESPMOD"), "{options:?}");
    assert!(options.allow_204, "{options:?}");
    assert!(options.preview.is_some(), "{options:?}");

    let mut conn = connect(&address).expect("connect");
    let missing = icap_options(&mut conn, &address.authority().expect("authority"), "no-such-service");
    assert!(matches!(missing, Err(ScanError::Protocol(_))), "{missing:?}");
}

#[test]
fn icap_clean_bytes_are_clean() {
    for preview in [None, Some(1024)] {
        for content in [b"hello, world\n".to_vec(), Vec::new(), filler(5000), filler(3_000_000)] {
            let verdict = icap_scan(&content, preview);
            assert!(
                matches!(verdict, Ok(ScanVerdict::Clean)),
                "preview {preview:?}, {} bytes: {verdict:?}",
                content.len()
            );
        }
    }
}

#[test]
fn icap_finds_eicar_and_names_it() {
    for preview in [None, Some(1024), Some(10)] {
        assert_infected(icap_scan(&eicar(), preview), "Eicar", &format!("icap, preview {preview:?}"));
    }
}

#[test]
fn icap_finds_the_parley_test_signature_after_the_preview() {
    for preview in [None, Some(1024)] {
        assert_infected(
            icap_scan(&marked_file(), preview),
            "Parley-Test-Signature",
            &format!("icap, preview {preview:?}"),
        );
    }
}

#[test]
fn icap_unknown_service_is_failed() {
    let address = icap();
    let mut conn = connect(&address).expect("connect");
    let verdict = icap_respmod(
        &mut conn,
        &address.authority().expect("authority"),
        "no-such-service",
        &mut Cursor::new(b"hello"),
        5,
    );
    assert!(matches!(verdict, Ok(ScanVerdict::Failed { .. }) | Err(_)), "{verdict:?}");
    assert!(!matches!(verdict, Ok(ScanVerdict::Clean)));
}
