//! Turning what the user typed into a verified homeserver URL, with errors that
//! tell "nothing there" apart from "not Matrix".

use std::time::Duration;

use matrix_sdk::{Client, HttpError, config::RequestConfig};
use url::Url;

use crate::error::{CoreError, Result};

/// How long to wait for a homeserver to answer while checking it.
const PROBE_TIMEOUT: Duration = Duration::from_secs(15);

/// Resolves `input` (a URL, or a server name to discover) to a homeserver base URL
/// and checks that a Matrix homeserver answers there.
pub async fn resolve(input: &str) -> Result<Url> {
    let input = input.trim();
    if input.is_empty() || input.chars().any(char::is_whitespace) {
        return Err(CoreError::InvalidHomeserver { input: input.to_owned() });
    }
    let url = if input.contains("://") {
        let url = Url::parse(input).map_err(|_| CoreError::InvalidHomeserver { input: input.to_owned() })?;
        if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
            return Err(CoreError::InvalidHomeserver { input: input.to_owned() });
        }
        url
    } else {
        discover(input).await?
    };
    probe(&url).await?;
    Ok(url)
}

/// `AllowedHomeservers`: refuses `input` before anything is contacted unless it names an
/// allowed homeserver (its URL, or its host for discovery). Empty `allowed`: any.
pub(crate) fn check_allowed(input: &str, allowed: &[String]) -> Result<()> {
    if allowed.is_empty() {
        return Ok(());
    }
    let input = input.trim();
    let permitted = if input.contains("://") {
        Url::parse(input).is_ok_and(|url| is_allowed(&url, allowed))
    } else {
        allowed
            .iter()
            .filter_map(|a| Url::parse(a).ok())
            .any(|a| host_and_port(&a).eq_ignore_ascii_case(input))
    };
    if permitted { Ok(()) } else { Err(not_allowed(input, allowed)) }
}

/// `AllowedHomeservers` again after discovery: a server name's well-known answer may
/// point anywhere, and only an allowed homeserver may receive the password.
pub(crate) fn check_resolved(url: &Url, allowed: &[String]) -> Result<()> {
    if allowed.is_empty() || is_allowed(url, allowed) {
        Ok(())
    } else {
        Err(not_allowed(url.as_str().trim_end_matches('/'), allowed))
    }
}

/// Same scheme, host and port as one of `allowed` (paths are not compared: a homeserver
/// is its origin).
fn is_allowed(url: &Url, allowed: &[String]) -> bool {
    allowed.iter().filter_map(|a| Url::parse(a).ok()).any(|a| {
        a.scheme() == url.scheme()
            && a.host_str().map(str::to_ascii_lowercase) == url.host_str().map(str::to_ascii_lowercase)
            && a.port_or_known_default() == url.port_or_known_default()
    })
}

fn host_and_port(url: &Url) -> String {
    match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    }
}

fn not_allowed(input: &str, allowed: &[String]) -> CoreError {
    let allowed = allowed.iter().map(|a| a.trim_end_matches('/')).collect::<Vec<_>>().join(", ");
    CoreError::HomeserverNotAllowed { input: input.to_owned(), allowed }
}

/// Well-known discovery for a bare server name such as `example.org`.
async fn discover(server_name: &str) -> Result<Url> {
    let client = Client::builder()
        .server_name_or_homeserver_url(server_name)
        .request_config(probe_config())
        .build()
        .await
        .map_err(|e| match e {
            matrix_sdk::ClientBuildError::InvalidServerName | matrix_sdk::ClientBuildError::Url(_) => {
                CoreError::InvalidHomeserver { input: server_name.to_owned() }
            }
            _ => CoreError::HomeserverUnreachable { url: server_name.to_owned() },
        })?;
    Ok(client.homeserver())
}

/// Asks `/_matrix/client/versions`; only a well-formed answer counts as Matrix.
async fn probe(url: &Url) -> Result<()> {
    let client = Client::builder()
        .homeserver_url(url.as_str())
        .request_config(probe_config())
        .build()
        .await
        .map_err(|_| CoreError::InvalidHomeserver { input: url.to_string() })?;
    match client.fetch_server_versions(Some(probe_config())).await {
        Ok(_) => Ok(()),
        Err(err) => Err(classify(url, &err)),
    }
}

fn classify(url: &Url, err: &HttpError) -> CoreError {
    let shown = url.as_str().trim_end_matches('/').to_owned();
    match err {
        HttpError::Reqwest(e) if e.is_connect() || e.is_timeout() || e.is_request() => {
            CoreError::HomeserverUnreachable { url: shown }
        }
        HttpError::Cached(inner) => classify(url, inner),
        _ => CoreError::NotMatrix { url: shown },
    }
}

fn probe_config() -> RequestConfig {
    RequestConfig::new().retry_limit(1).timeout(PROBE_TIMEOUT)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_allowed_homeservers_pass_before_and_after_discovery() {
        let allowed = ["https://matrix.example.org".to_owned(), "http://127.0.0.1:8008/".to_owned()];
        assert!(check_allowed("https://matrix.example.org/", &allowed).is_ok());
        assert!(check_allowed("https://MATRIX.example.org:443", &allowed).is_ok());
        assert!(check_allowed("http://127.0.0.1:8008", &allowed).is_ok());
        assert!(check_allowed("matrix.example.org", &allowed).is_ok());
        assert!(check_allowed("127.0.0.1:8008", &allowed).is_ok());
        for refused in [
            "http://matrix.example.org",
            "https://evil.example",
            "https://matrix.example.org:8448",
            "evil.example",
            "http://127.0.0.1:8009",
        ] {
            let err = check_allowed(refused, &allowed).expect_err(refused);
            assert_eq!(
                err.to_string(),
                format!(
                    "Your organisation allows signing in only to https://matrix.example.org, http://127.0.0.1:8008; {refused} is not one of them."
                )
            );
        }
        assert!(check_allowed("https://anything.example", &[]).is_ok());
        let discovered = Url::parse("https://elsewhere.example/").expect("url");
        assert!(check_resolved(&discovered, &allowed).is_err());
        assert!(check_resolved(&Url::parse("https://matrix.example.org").expect("url"), &allowed).is_ok());
    }

    use super::*;

    #[tokio::test]
    async fn rejects_non_http_schemes_and_garbage() {
        for input in ["", "ftp://example.org", "javascript:alert(1)", "http://", "two words"] {
            let err = resolve(input).await.expect_err(input);
            assert_eq!(err.code(), "invalid_homeserver", "{input}: {err}");
        }
    }

    #[tokio::test]
    async fn nothing_listening_is_unreachable() {
        // Port 9 (discard) on loopback: nothing listens there in tests.
        let err = resolve("http://127.0.0.1:9").await.expect_err("nothing listens");
        assert_eq!(err.code(), "homeserver_unreachable", "{err}");
        assert_eq!(
            err.to_string(),
            "Could not reach the homeserver at http://127.0.0.1:9. Check the address and your network connection."
        );
    }
}
