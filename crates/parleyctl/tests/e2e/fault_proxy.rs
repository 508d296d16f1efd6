//! A fault-injecting HTTP proxy on loopback, between one client and the real homeserver.
//!
//! Every request is forwarded on a connection of its own (`Connection: close` both ways), so
//! each can be failed on its own: answered with an error status without reaching the
//! homeserver, forwarded and then left unanswered (the homeserver did the work; the client
//! sees a timeout), slowed down, or cut off mid-answer together with every open connection.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

/// What to do to a request whose path contains a given text.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Answer with this status and a Matrix error body; the homeserver never sees the request.
    Status(u16),
    /// Forward the request, read the homeserver's whole answer, and never pass it on: the
    /// client waits until it gives up, although the homeserver did the work.
    Stall,
}

struct Rule {
    path: String,
    fault: Fault,
    remaining: usize,
}

struct Shared {
    upstream: SocketAddr,
    rules: Mutex<Vec<Rule>>,
    /// (path text, bytes per second) for answers to slow down.
    throttle: Mutex<Option<(String, usize)>>,
    injected: AtomicUsize,
    forwarded: Mutex<Vec<String>>,
    /// Bumped by `sever`: connections opened under an older generation are cut.
    generation: AtomicU64,
    stopped: AtomicBool,
}

/// The proxy; it stops accepting connections when dropped.
pub struct FaultProxy {
    pub url: String,
    shared: Arc<Shared>,
}

const POLL: Duration = Duration::from_millis(100);

/// A read that ran into its `POLL` timeout: nothing arrived yet, look again.
fn no_data_yet(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)
}

impl FaultProxy {
    /// Listens on 127.0.0.1 (a free port) and forwards to the homeserver at `homeserver`
    /// (`http://127.0.0.1:PORT`).
    pub fn to(homeserver: &str) -> Self {
        let port = homeserver.rsplit(':').next().and_then(|p| p.trim_end_matches('/').parse::<u16>().ok());
        let upstream = SocketAddr::from(([127, 0, 0, 1], port.expect("homeserver URL with a port")));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let shared = Arc::new(Shared {
            upstream,
            rules: Mutex::new(Vec::new()),
            throttle: Mutex::new(None),
            injected: AtomicUsize::new(0),
            forwarded: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
            stopped: AtomicBool::new(false),
        });
        let accepting = Arc::clone(&shared);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if accepting.stopped.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                let shared = Arc::clone(&accepting);
                std::thread::spawn(move || {
                    let _ = serve(&shared, client);
                });
            }
        });
        Self { url, shared }
    }

    /// Applies `fault` to the next `times` requests whose path contains `path`.
    pub fn inject(&self, path: &str, fault: Fault, times: usize) {
        self.shared.rules.lock().expect("rules").push(Rule {
            path: path.to_owned(),
            fault,
            remaining: times,
        });
    }

    /// How many requests a fault was applied to so far.
    pub fn injected(&self) -> usize {
        self.shared.injected.load(Ordering::SeqCst)
    }

    /// The paths of requests forwarded to the homeserver that contain `path`.
    pub fn forwarded(&self, path: &str) -> usize {
        self.shared.forwarded.lock().expect("forwarded").iter().filter(|p| p.contains(path)).count()
    }

    /// Slows answers to requests whose path contains `path` to `bytes_per_second`
    /// (`None`: full speed again).
    pub fn throttle(&self, throttle: Option<(&str, usize)>) {
        *self.shared.throttle.lock().expect("throttle") = throttle.map(|(p, rate)| (p.to_owned(), rate));
    }

    /// Cuts every connection open now, mid-answer, as a homeserver that dies would.
    pub fn sever(&self) {
        self.shared.generation.fetch_add(1, Ordering::SeqCst);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::SeqCst);
        self.sever();
        // Wake the accept loop so that it sees `stopped`.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
    }
}

/// One request: its head (request line and headers, without the blank line) and body.
struct Request {
    path: String,
    head: Vec<String>,
    body: Vec<u8>,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let path = head.first().and_then(|l| l.split(' ').nth(1)).unwrap_or_default().to_owned();
    let length = head
        .iter()
        .filter_map(|h| h.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request { path, head, body }))
}

/// The head with any connection header replaced by `Connection: close`.
fn closing(head: &[String]) -> Vec<u8> {
    let mut out = String::new();
    for line in head.iter().filter(|l| {
        let name = l.split(':').next().unwrap_or_default().trim();
        !name.eq_ignore_ascii_case("connection") && !name.eq_ignore_ascii_case("keep-alive")
    }) {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    out.into_bytes()
}

fn serve(shared: &Shared, client: TcpStream) -> std::io::Result<()> {
    let generation = shared.generation.load(Ordering::SeqCst);
    let mut reader = BufReader::new(client.try_clone()?);
    let Some(request) = read_request(&mut reader)? else { return Ok(()) };
    let mut client = client;
    let fault = {
        let mut rules = shared.rules.lock().expect("rules");
        rules.iter_mut().find(|r| r.remaining > 0 && request.path.contains(&r.path)).map(|rule| {
            rule.remaining -= 1;
            rule.fault
        })
    };
    if let Some(Fault::Status(code)) = fault {
        shared.injected.fetch_add(1, Ordering::SeqCst);
        let body = r#"{"errcode":"M_UNKNOWN","error":"Fault injected by the test proxy"}"#;
        let answer = format!(
            "HTTP/1.1 {code} Injected\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        return client.write_all(answer.as_bytes());
    }
    shared.forwarded.lock().expect("forwarded").push(request.path.clone());
    let mut upstream = TcpStream::connect(shared.upstream)?;
    upstream.write_all(&closing(&request.head))?;
    upstream.write_all(&request.body)?;
    upstream.set_read_timeout(Some(POLL))?;
    let mut answer = BufReader::new(upstream);
    if let Some(Fault::Stall) = fault {
        shared.injected.fetch_add(1, Ordering::SeqCst);
        // The homeserver does the work; its answer is dropped.
        let _ = pump(shared, generation, &mut answer, &mut std::io::sink(), None);
        // Hold the client's connection until it gives up (or the test severs it).
        client.set_read_timeout(Some(POLL))?;
        let mut byte = [0u8; 1];
        while shared.generation.load(Ordering::SeqCst) == generation {
            match client.read(&mut byte) {
                Err(e) if no_data_yet(&e) => {}
                // The client gave up (or sent more, which a waiting client does not).
                _ => break,
            }
        }
        return client.shutdown(Shutdown::Both);
    }
    // The answer's head, rewritten so the client does not reuse the connection.
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        match answer.read_line(&mut line) {
            Ok(0) => return client.shutdown(Shutdown::Both),
            Ok(_) => {}
            Err(e) if no_data_yet(&e) => {
                if shared.generation.load(Ordering::SeqCst) != generation {
                    return client.shutdown(Shutdown::Both);
                }
                continue;
            }
            Err(e) => return Err(e),
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    client.write_all(&closing(&head))?;
    let rate = shared
        .throttle
        .lock()
        .expect("throttle")
        .as_ref()
        .filter(|(path, _)| request.path.contains(path.as_str()))
        .map(|(_, rate)| *rate);
    let _ = pump(shared, generation, &mut answer, &mut client, rate);
    client.shutdown(Shutdown::Both)
}

/// Copies until the end of the answer, at `rate` bytes per second if given; stops early
/// when the connection's generation is severed.
fn pump(
    shared: &Shared,
    generation: u64,
    from: &mut impl Read,
    to: &mut impl Write,
    rate: Option<usize>,
) -> std::io::Result<()> {
    let chunk = rate.map_or(64 * 1024, |r| (r / 10).max(1));
    let mut buf = vec![0u8; chunk];
    loop {
        if shared.generation.load(Ordering::SeqCst) != generation {
            return Ok(());
        }
        match from.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                to.write_all(&buf[..n])?;
                if rate.is_some() {
                    std::thread::sleep(POLL);
                }
            }
            Err(e) if no_data_yet(&e) => {}
            Err(e) => return Err(e),
        }
    }
}
