//! Fetching an accepted file into quarantine: streamed, size-capped while it streams,
//! and decrypted by matrix-sdk's attachment decryptor (which checks the sender's hash).
//!
//! The download goes straight to the homeserver's authenticated media endpoint rather than
//! through `Client::media()`: that API buffers the whole file in memory and keeps a copy
//! in the SDK's media cache, and the quarantine must be the only copy.

use std::{
    io::{BufReader, BufWriter, Read, Write},
    path::Path,
};

use matrix_sdk::ruma::{MxcUri, events::room::EncryptedFile};
use matrix_sdk_base::crypto::AttachmentDecryptor;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// Why a download did not produce a file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DownloadError {
    #[error("The file is larger than the {limit_mb} MB your organisation allows.")]
    TooLarge { limit_mb: u32 },
    #[error("The homeserver no longer has this file.")]
    NotFound,
    #[error("The file could not be downloaded: {detail}.")]
    Transport { detail: String },
    #[error(
        "The file arrived damaged or altered on the way (its checksum does not match), so it was discarded."
    )]
    Tampered,
    #[error("The file could not be written to the quarantine folder: {detail}.")]
    Disk { detail: String },
    #[error("The file's encryption details are not usable ({detail}).")]
    BadEncryption { detail: String },
}

/// The homeserver, token and limit one download needs.
pub(crate) struct Fetch<'a> {
    pub http: &'a reqwest::Client,
    pub homeserver: &'a url::Url,
    /// Sent as a header, never in a URL (URLs end up in logs and file attributes).
    pub access_token: &'a str,
    pub limit_bytes: u64,
    pub limit_mb: u32,
}

/// Streams the media at `mxc` into `target` (created new), stopping as soon as more than
/// `limit_bytes` have arrived. Returns the number of bytes written.
pub(crate) async fn stream_to_file(
    fetch: &Fetch<'_>,
    mxc: &MxcUri,
    target: &Path,
) -> Result<u64, DownloadError> {
    let (server, media_id) = mxc.parts().map_err(|_| DownloadError::NotFound)?;
    let mut response = None;
    // Authenticated media (Matrix 1.11) first; older servers only know the legacy path.
    for prefix in ["_matrix/client/v1/media/download", "_matrix/media/v3/download"] {
        let url = fetch
            .homeserver
            .join(&format!("{prefix}/{server}/{media_id}"))
            .map_err(|e| DownloadError::Transport { detail: e.to_string() })?;
        let attempt = fetch
            .http
            .get(url)
            .bearer_auth(fetch.access_token)
            .send()
            .await
            .map_err(|e| DownloadError::Transport { detail: describe(e) })?;
        let status = attempt.status();
        if status.is_success() {
            response = Some(attempt);
            break;
        }
        // 404 with M_UNRECOGNIZED (old server) or 405: try the legacy endpoint.
        if status == reqwest::StatusCode::NOT_FOUND || status == reqwest::StatusCode::METHOD_NOT_ALLOWED {
            continue;
        }
        return Err(DownloadError::Transport { detail: format!("the homeserver answered {status}") });
    }
    let mut response = response.ok_or(DownloadError::NotFound)?;
    if response.content_length().is_some_and(|len| len > fetch.limit_bytes) {
        return Err(DownloadError::TooLarge { limit_mb: fetch.limit_mb });
    }
    let mut file =
        tokio::fs::OpenOptions::new().write(true).create_new(true).open(target).await.map_err(disk)?;
    let written = write_body(&mut response, &mut file, fetch).await;
    if written.is_err() {
        // Whatever stopped it (the limit, a dropped connection, a full disk), no part of
        // the file stays behind.
        drop(file);
        let _ = tokio::fs::remove_file(target).await;
    }
    written
}

async fn write_body(
    response: &mut reqwest::Response,
    file: &mut tokio::fs::File,
    fetch: &Fetch<'_>,
) -> Result<u64, DownloadError> {
    let mut written: u64 = 0;
    while let Some(chunk) =
        response.chunk().await.map_err(|e| DownloadError::Transport { detail: describe(e) })?
    {
        written += chunk.len() as u64;
        // Stop at the limit, not after: a server (or sender) that lied about the size
        // gets no further than the limit onto this disk.
        if written > fetch.limit_bytes {
            return Err(DownloadError::TooLarge { limit_mb: fetch.limit_mb });
        }
        file.write_all(&chunk).await.map_err(disk)?;
    }
    file.flush().await.map_err(disk)?;
    file.sync_all().await.map_err(disk)?;
    Ok(written)
}

/// Suffixes of files still being written into quarantine. A process killed mid-download
/// leaves one behind; [`remove_unfinished`] clears them when the account is next opened.
pub(crate) const UNFINISHED_SUFFIXES: [&str; 2] = [".partial", ".encrypted"];

/// Removes what a killed process left half-written in `quarantine` (never a finished file,
/// which has no suffix). Returns how many were removed.
pub(crate) fn remove_unfinished(quarantine: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(quarantine) else { return 0 };
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            UNFINISHED_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Decrypts `encrypted` into `plain` (created new) and returns the SHA-256 of the
/// plaintext. The decryptor fails at the end when the ciphertext hash does not match.
pub(crate) fn decrypt_file(
    encrypted: &Path,
    info: &EncryptedFile,
    plain: &Path,
) -> Result<[u8; 32], DownloadError> {
    let mut input = BufReader::new(std::fs::File::open(encrypted).map_err(disk)?);
    let mut decryptor = AttachmentDecryptor::new(&mut input, info.clone().into())
        .map_err(|e| DownloadError::BadEncryption { detail: e.to_string() })?;
    let output = std::fs::OpenOptions::new().write(true).create_new(true).open(plain).map_err(disk)?;
    let result = copy_hashing(&mut decryptor, output);
    if result.is_err() {
        let _ = std::fs::remove_file(plain);
    }
    result
}

/// SHA-256 of a file already in plaintext (unencrypted rooms).
pub(crate) fn hash_file(path: &Path) -> Result<[u8; 32], DownloadError> {
    let mut input = BufReader::new(std::fs::File::open(path).map_err(disk)?);
    copy_hashing(&mut input, std::io::sink())
}

fn copy_hashing(input: &mut impl Read, output: impl Write) -> Result<[u8; 32], DownloadError> {
    let mut output = BufWriter::new(output);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // The decryptor reports a hash mismatch as an I/O error at the end.
            Err(_) => return Err(DownloadError::Tampered),
        };
        hasher.update(&buf[..n]);
        output.write_all(&buf[..n]).map_err(disk)?;
    }
    output.flush().map_err(disk)?;
    Ok(hasher.finalize().into())
}

/// A fresh, unguessable file name (quarantine entries, staging copies).
pub(crate) fn random_name() -> String {
    use rand::RngCore;
    let mut id = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut id);
    hex::encode(id)
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(disk)`
fn disk(e: std::io::Error) -> DownloadError {
    DownloadError::Disk { detail: e.to_string() }
}

/// The error without the request URL (which `reqwest` includes in `Display`).
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        "the homeserver did not answer in time".into()
    } else if e.is_connect() {
        "the homeserver could not be reached".into()
    } else {
        e.without_url().to_string()
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// A one-request HTTP server that answers with `body_len` bytes, chunked (so without a
    /// Content-Length to refuse early), and hands back the request head it received.
    async fn serve_once(body_len: usize) -> (url::Url, tokio::task::JoinHandle<String>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("test set-up");
        let url = url::Url::parse(&format!("http://{}/", listener.local_addr().expect("test set-up")))
            .expect("test set-up");
        let task = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("test set-up");
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                socket.read_exact(&mut byte).await.expect("test set-up");
                head.push(byte[0]);
            }
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").await;
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < body_len {
                let n = chunk.len().min(body_len - sent);
                let framed = [format!("{n:x}\r\n").as_bytes(), &chunk[..n], b"\r\n"].concat();
                // The client hangs up at its limit; that is the point.
                if socket.write_all(&framed).await.is_err() {
                    break;
                }
                sent += n;
            }
            let _ = socket.write_all(b"0\r\n\r\n").await;
            String::from_utf8_lossy(&head).into_owned()
        });
        (url, task)
    }

    fn fetch<'a>(http: &'a reqwest::Client, homeserver: &'a url::Url) -> Fetch<'a> {
        Fetch { http, homeserver, access_token: "secret-token", limit_bytes: 1024 * 1024, limit_mb: 1 }
    }

    #[tokio::test]
    async fn a_download_stops_at_the_limit_and_leaves_nothing() {
        let (homeserver, server) = serve_once(3 * 1024 * 1024).await;
        let http = reqwest::Client::new();
        let dir = tempfile::tempdir().expect("test set-up");
        let target = dir.path().join("q");
        let mxc = <&MxcUri>::from("mxc://localhost/media");

        let result = stream_to_file(&fetch(&http, &homeserver), mxc, &target).await;

        assert!(matches!(result, Err(DownloadError::TooLarge { limit_mb: 1 })), "{result:?}");
        assert!(!target.exists(), "a partial file over the limit is removed");
        let _ = server.await;
    }

    #[tokio::test]
    async fn the_token_travels_in_a_header_never_in_the_url() {
        let (homeserver, server) = serve_once(10).await;
        let http = reqwest::Client::new();
        let dir = tempfile::tempdir().expect("test set-up");
        let target = dir.path().join("q");
        let mxc = <&MxcUri>::from("mxc://localhost/media");

        let written = stream_to_file(&fetch(&http, &homeserver), mxc, &target).await.expect("test set-up");

        assert_eq!(written, 10);
        let head = server.await.expect("test set-up");
        let request_line = head.lines().next().expect("test set-up");
        assert_eq!(request_line, "GET /_matrix/client/v1/media/download/localhost/media HTTP/1.1");
        assert!(head.to_ascii_lowercase().contains("authorization: bearer secret-token"), "{head}");
    }
}
