//! The loopback listener that receives the browser's answer to a sign-in (RFC 8252 §7.3).
//!
//! It listens on 127.0.0.1 only, on a port the system picks, and takes exactly one answer:
//! a `GET /callback` whose `Host` names this listener and whose `state` is the one Parley
//! sent out. Anything else gets a short refusal and changes nothing, so another program on
//! the machine cannot end or steer the sign-in; after the answer the port is closed. It
//! gives up after a deadline, or after [`MAX_REFUSED`] wrong requests.

use std::{
    collections::HashMap,
    net::{Ipv4Addr, SocketAddr},
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    time::Instant,
};
use tracing::warn;
use url::Url;

use crate::error::{CoreError, Result};

/// The path the browser is sent back to.
pub const CALLBACK_PATH: &str = "/callback";
/// Wrong requests refused before the listener gives up (someone is probing it).
pub const MAX_REFUSED: usize = 16;
/// Longest request head read.
const MAX_HEAD: usize = 8 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// A bound listener, waiting to be given the expected state.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    addr: SocketAddr,
}

/// The browser's answer: the query of the callback, with `state` checked.
#[derive(Debug)]
pub struct Callback {
    /// The raw query string (for OAuth 2.0, handed to matrix-sdk as it came).
    pub query: String,
    /// The query, decoded.
    pub params: HashMap<String, String>,
}

impl Loopback {
    /// Listens on 127.0.0.1 on a free port.
    pub async fn bind() -> Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(|e| CoreError::internal(format!("no loopback port for the sign-in answer: {e}")))?;
        let addr = listener.local_addr().map_err(CoreError::internal)?;
        Ok(Self { listener, addr })
    }

    /// The address the listener is bound to.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/callback`.
    pub fn redirect_url(&self) -> Result<Url> {
        Url::parse(&format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.addr.port()))
            .map_err(CoreError::internal)
    }

    /// Waits until `timeout` for the one answer carrying `state`.
    pub async fn wait(self, state: &str, timeout: Duration) -> Result<Callback> {
        let deadline = Instant::now() + timeout;
        let host = format!("127.0.0.1:{}", self.addr.port());
        let mut refused = 0;
        loop {
            let accepted = tokio::time::timeout_at(deadline, self.listener.accept()).await;
            let Ok(accepted) = accepted else {
                return Err(CoreError::SignInTimedOut { minutes: timeout.as_secs().div_ceil(60).max(1) });
            };
            let Ok((mut stream, _)) = accepted else { continue };
            match answer(&mut stream, &host, state).await {
                Ok(callback) => {
                    reply(&mut stream, "200 OK", "You are signed in to Parley. You can close this tab.")
                        .await;
                    return callback;
                }
                Err(why) => {
                    refused += 1;
                    warn!(why, "refused a request to the sign-in listener");
                    reply(
                        &mut stream,
                        "400 Bad Request",
                        "Parley did not expect this request; nothing happened.",
                    )
                    .await;
                    if refused >= MAX_REFUSED {
                        return Err(CoreError::SignInFailed {
                            reason: "other programs kept sending wrong answers to Parley's sign-in listener"
                                .to_owned(),
                        });
                    }
                }
            }
        }
    }
}

/// Reads and checks one request. `Err` names why it is not the answer (for the log);
/// `Ok(Err(_))` is the answer, and it says the sign-in failed.
async fn answer(stream: &mut TcpStream, host: &str, state: &str) -> Result<Result<Callback>, &'static str> {
    let head = read_head(stream).await?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let (method, target) = (request_line.next(), request_line.next().unwrap_or_default());
    if method != Some("GET") {
        return Err("not a GET");
    }
    // A page elsewhere can make the browser send requests here, but it cannot make them
    // carry this Host unless it is served from this very address (DNS rebinding).
    let host_ok = lines
        .filter_map(|line| line.split_once(':'))
        .any(|(name, value)| name.trim().eq_ignore_ascii_case("host") && value.trim() == host);
    if !host_ok {
        return Err("wrong Host");
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != CALLBACK_PATH {
        return Err("wrong path");
    }
    let params: HashMap<String, String> =
        url::form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    if !params.get("state").is_some_and(|got| same(got, state)) {
        return Err("wrong state");
    }
    if let Some(error) = params.get("error") {
        let reason = params.get("error_description").unwrap_or(error);
        let reason: String = reason.chars().filter(|c| !c.is_control()).take(200).collect();
        return Ok(Err(CoreError::SignInFailed {
            reason: format!("the sign-in service answered \"{reason}\""),
        }));
    }
    Ok(Ok(Callback { query: query.to_owned(), params }))
}

async fn read_head(stream: &mut TcpStream) -> Result<String, &'static str> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 1024];
    let read = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.map_err(|_| "read failed")?;
            if n == 0 {
                return Err("closed early");
            }
            head.extend_from_slice(&buf[..n]);
            if head.len() > MAX_HEAD {
                return Err("request too long");
            }
        }
        Ok(())
    };
    tokio::time::timeout(READ_TIMEOUT, read).await.map_err(|_| "too slow")??;
    String::from_utf8(head).map_err(|_| "not text")
}

async fn reply(stream: &mut TcpStream, status: &str, text: &str) {
    let body = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Parley</title></head>\
         <body><p>{text}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may have gone; the answer was already taken.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A fresh random `state` value.
pub fn new_state() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().fold(String::with_capacity(48), |mut hex, b| {
        use std::fmt::Write as _;
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(addr: SocketAddr, target: &str, host: &str) -> std::io::Result<String> {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes()).await?;
        let mut out = String::new();
        stream.read_to_string(&mut out).await?;
        Ok(out)
    }

    fn host(addr: SocketAddr) -> String {
        format!("127.0.0.1:{}", addr.port())
    }

    #[tokio::test]
    async fn listens_on_loopback_only_and_takes_exactly_one_answer() {
        let lo = Loopback::bind().await.expect("bind");
        let addr = lo.local_addr();
        assert_eq!(addr.ip(), std::net::IpAddr::from(Ipv4Addr::LOCALHOST));
        assert_eq!(
            lo.redirect_url().expect("url").as_str(),
            format!("http://127.0.0.1:{}/callback", addr.port())
        );
        let waiting = tokio::spawn(lo.wait("s3cret", Duration::from_secs(10)));
        let page = get(addr, "/callback?state=s3cret&loginToken=abc", &host(addr)).await.expect("answer");
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        let callback = waiting.await.expect("join").expect("callback");
        assert_eq!(callback.params.get("loginToken").map(String::as_str), Some("abc"));
        assert!(
            get(addr, "/callback?state=s3cret&loginToken=again", &host(addr)).await.is_err(),
            "a second answer"
        );
    }

    #[tokio::test]
    async fn wrong_state_host_path_or_method_are_refused_and_the_wait_goes_on() {
        let lo = Loopback::bind().await.expect("bind");
        let addr = lo.local_addr();
        let waiting = tokio::spawn(lo.wait("s3cret", Duration::from_secs(10)));
        for (target, h) in [
            ("/callback?state=guess&loginToken=evil", host(addr)),
            ("/callback?loginToken=evil", host(addr)),
            ("/callback?state=s3cret&loginToken=evil", "attacker.example:80".to_owned()),
            ("/other?state=s3cret&loginToken=evil", host(addr)),
        ] {
            let page = get(addr, target, &h).await.expect("refusal");
            assert!(page.starts_with("HTTP/1.1 400"), "{target} {h}: {page}");
        }
        let mut post = TcpStream::connect(addr).await.expect("connect");
        post.write_all(
            format!("POST /callback?state=s3cret HTTP/1.1\r\nHost: {}\r\n\r\n", host(addr)).as_bytes(),
        )
        .await
        .expect("write");
        let mut page = String::new();
        post.read_to_string(&mut page).await.expect("read");
        assert!(page.starts_with("HTTP/1.1 400"), "{page}");
        assert!(!waiting.is_finished(), "a wrong request ended the wait");
        get(addr, "/callback?state=s3cret&loginToken=good", &host(addr)).await.expect("answer");
        let callback = waiting.await.expect("join").expect("callback");
        assert_eq!(callback.params.get("loginToken").map(String::as_str), Some("good"));
    }

    #[tokio::test]
    async fn an_error_answer_fails_the_sign_in_in_words() {
        let lo = Loopback::bind().await.expect("bind");
        let addr = lo.local_addr();
        let waiting = tokio::spawn(lo.wait("s", Duration::from_secs(10)));
        get(addr, "/callback?state=s&error=access_denied&error_description=User+cancelled", &host(addr))
            .await
            .expect("answer");
        let err = waiting.await.expect("join").expect_err("an error");
        assert!(err.to_string().contains("User cancelled"), "{err}");
    }

    #[tokio::test]
    async fn gives_up_cleanly_at_the_deadline_and_closes_the_port() {
        let lo = Loopback::bind().await.expect("bind");
        let addr = lo.local_addr();
        let err = lo.wait("s", Duration::from_millis(200)).await.expect_err("timeout");
        assert_eq!(err.code(), "sign_in_timed_out");
        assert!(TcpStream::connect(addr).await.is_err(), "the port is still open");
    }

    #[tokio::test]
    async fn too_many_wrong_requests_end_the_wait() {
        let lo = Loopback::bind().await.expect("bind");
        let addr = lo.local_addr();
        let waiting = tokio::spawn(lo.wait("s", Duration::from_secs(30)));
        for _ in 0..MAX_REFUSED {
            get(addr, "/callback?state=x", &host(addr)).await.expect("refusal");
        }
        let err = waiting.await.expect("join").expect_err("gave up");
        assert_eq!(err.code(), "sign_in_failed");
    }

    #[test]
    fn states_are_long_and_fresh() {
        let (a, b) = (new_state(), new_state());
        assert_eq!(a.len(), 48);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()) && !same(&a, &b) && !same("a", "ab"));
    }
}
