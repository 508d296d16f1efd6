//! The `FileScannerAddress` policy value: where the organisation's scanner listens.

use std::fmt;
use std::net::Ipv6Addr;
use std::path::PathBuf;
use std::str::FromStr;

use super::ScanError;

/// The ICAP port of RFC 3507, used when `icap://` names none.
pub const DEFAULT_ICAP_PORT: u16 = 1344;

/// Where the scanner listens, parsed from the policy string `FileScannerAddress`:
/// `unix:PATH` | `tcp:HOST:PORT` (both clamd) | `icap://HOST[:PORT]/SERVICE`.
///
/// Schemes are case-insensitive and surrounding whitespace is ignored. IPv6 hosts are
/// written in brackets (`tcp:[::1]:3310`) and stored without them. `Display` writes the
/// canonical form, which parses back to the same value.
///
/// ```
/// use parley_guard::scan::ScannerAddress;
///
/// let icap: ScannerAddress = "icap://av.example.org/avscan".parse().unwrap();
/// assert_eq!(icap, ScannerAddress::Icap { host: "av.example.org".into(), port: 1344, service: "avscan".into() });
/// assert_eq!(icap.authority().as_deref(), Some("av.example.org:1344"));
/// assert_eq!("tcp:[::1]:3310".parse::<ScannerAddress>().unwrap().to_string(), "tcp:[::1]:3310");
/// assert!("clamd.example.org".parse::<ScannerAddress>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ScannerAddress {
    /// clamd on a local socket, e.g. `unix:/run/clamav/clamd.ctl`. The path is absolute.
    Unix(PathBuf),
    /// clamd over TCP, e.g. `tcp:127.0.0.1:3310`.
    Tcp {
        /// A host name or IP address (IPv6 without brackets).
        host: String,
        /// The TCP port.
        port: u16,
    },
    /// An ICAP server (RFC 3507), e.g. `icap://av.example.org:1344/avscan`.
    Icap {
        /// A host name or IP address (IPv6 without brackets).
        host: String,
        /// The TCP port ([`DEFAULT_ICAP_PORT`] when the address names none).
        port: u16,
        /// The service path after the `/`, possibly with a query (`avscan`,
        /// `virus_scan?allow204=on`).
        service: String,
    },
}

impl ScannerAddress {
    /// `HOST:PORT` (`[IPv6]:PORT`) for TCP and ICAP addresses, as it goes into a URI; `None`
    /// for a unix socket. For ICAP this is the `host` argument of [`super::icap_respmod`].
    pub fn authority(&self) -> Option<String> {
        match self {
            ScannerAddress::Unix(_) => None,
            ScannerAddress::Tcp { host, port } | ScannerAddress::Icap { host, port, .. } => {
                Some(format!("{}:{port}", bracketed(host)))
            }
        }
    }
}

impl fmt::Display for ScannerAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScannerAddress::Unix(path) => write!(f, "unix:{}", path.display()),
            ScannerAddress::Tcp { host, port } => write!(f, "tcp:{}:{port}", bracketed(host)),
            ScannerAddress::Icap { host, port, service } if *port == DEFAULT_ICAP_PORT => {
                write!(f, "icap://{}/{service}", bracketed(host))
            }
            ScannerAddress::Icap { host, port, service } => {
                write!(f, "icap://{}:{port}/{service}", bracketed(host))
            }
        }
    }
}

impl FromStr for ScannerAddress {
    type Err = ScanError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if let Some(path) = strip_scheme(s, "unix:") {
            if path.is_empty() {
                return Err(bad("unix: needs the path of clamd's socket, e.g. unix:/run/clamav/clamd.ctl"));
            }
            if !path.starts_with('/') {
                return Err(bad("the clamd socket path must be absolute, e.g. unix:/run/clamav/clamd.ctl"));
            }
            if path.chars().any(char::is_control) {
                return Err(bad("the clamd socket path contains control characters"));
            }
            Ok(ScannerAddress::Unix(PathBuf::from(path)))
        } else if let Some(rest) = strip_scheme(s, "tcp:") {
            let (host, port) = host_port(rest, None)?;
            Ok(ScannerAddress::Tcp { host, port })
        } else if let Some(rest) = strip_scheme(s, "icap://") {
            let Some((authority, service)) = rest.split_once('/') else {
                return Err(bad(
                    "an icap:// address needs a service, e.g. icap://av.example.org:1344/avscan",
                ));
            };
            check_service(service)?;
            let (host, port) = host_port(authority, Some(DEFAULT_ICAP_PORT))?;
            Ok(ScannerAddress::Icap { host, port, service: service.to_owned() })
        } else if strip_scheme(s, "icaps://").is_some() {
            Err(bad("icaps:// (ICAP over TLS) is not supported; use icap://"))
        } else {
            Err(bad("the scanner address must be unix:PATH, tcp:HOST:PORT or icap://HOST[:PORT]/SERVICE"))
        }
    }
}

fn bad(sentence: &str) -> ScanError {
    ScanError::BadAddress(sentence.to_owned())
}

fn strip_scheme<'a>(s: &'a str, scheme: &str) -> Option<&'a str> {
    let head = s.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme).then(|| &s[scheme.len()..])
}

fn bracketed(host: &str) -> String {
    if host.contains(':') { format!("[{host}]") } else { host.to_owned() }
}

/// Splits `HOST:PORT` / `[IPv6]:PORT`; the port may be left out only when there is a default.
fn host_port(s: &str, default_port: Option<u16>) -> Result<(String, u16), ScanError> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let Some((v6, after)) = rest.split_once(']') else {
            return Err(bad("an IPv6 address in brackets is missing its closing ]"));
        };
        if v6.parse::<Ipv6Addr>().is_err() {
            return Err(bad("the address in brackets is not an IPv6 address"));
        }
        let port = match after {
            "" => None,
            _ => match after.strip_prefix(':') {
                Some(port) => Some(port),
                None => return Err(bad("only :PORT may follow an IPv6 address in brackets")),
            },
        };
        (v6.to_owned(), port)
    } else {
        match s.rsplit_once(':') {
            Some((host, _)) if host.contains(':') => {
                return Err(bad("IPv6 addresses must be written in brackets, e.g. tcp:[::1]:3310"));
            }
            Some((host, port)) => (check_host(host)?, Some(port)),
            None => (check_host(s)?, None),
        }
    };
    let port = match (port, default_port) {
        (Some(port), _) => parse_port(port)?,
        (None, Some(default)) => default,
        (None, None) => return Err(bad("the scanner address needs a port, e.g. tcp:127.0.0.1:3310")),
    };
    Ok((host, port))
}

fn check_host(host: &str) -> Result<String, ScanError> {
    if host.is_empty() {
        return Err(bad("the scanner address has no host name"));
    }
    let ok = host.len() <= 253
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if !ok {
        return Err(bad("the scanner host must be a host name or an IP address"));
    }
    Ok(host.to_owned())
}

fn parse_port(port: &str) -> Result<u16, ScanError> {
    match port.parse::<u16>() {
        Ok(number) if number != 0 && port.bytes().all(|b| b.is_ascii_digit()) => Ok(number),
        _ => Err(bad("the scanner port must be a number from 1 to 65535")),
    }
}

/// The service path goes verbatim into the request line, so it may hold only visible ASCII
/// (no spaces, no line breaks that would let it add headers).
pub(super) fn check_service(service: &str) -> Result<(), ScanError> {
    if service.is_empty() {
        return Err(bad("an icap:// address needs a service, e.g. icap://av.example.org:1344/avscan"));
    }
    if !service.bytes().all(|b| b.is_ascii_graphic() && b != b'#') {
        return Err(bad("the ICAP service may contain only visible ASCII characters without spaces"));
    }
    Ok(())
}

/// The authority goes verbatim into the request line and `Host:` header.
pub(super) fn check_authority(authority: &str) -> Result<(), ScanError> {
    if authority.is_empty() {
        return Err(bad("the ICAP server's host is empty"));
    }
    if !authority
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':' | b'[' | b']'))
    {
        return Err(bad("the ICAP server's host must be HOST or HOST:PORT"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ScannerAddress, String> {
        s.parse::<ScannerAddress>().map_err(|e| e.to_string())
    }

    #[test]
    fn good_addresses_parse_and_round_trip() {
        let cases: &[(&str, ScannerAddress, &str)] = &[
            (
                "unix:/run/clamav/clamd.ctl",
                ScannerAddress::Unix("/run/clamav/clamd.ctl".into()),
                "unix:/run/clamav/clamd.ctl",
            ),
            ("  UNIX:/tmp/x.sock\n", ScannerAddress::Unix("/tmp/x.sock".into()), "unix:/tmp/x.sock"),
            (
                "tcp:127.0.0.1:3310",
                ScannerAddress::Tcp { host: "127.0.0.1".into(), port: 3310 },
                "tcp:127.0.0.1:3310",
            ),
            (
                "tcp:clamd.corp.example:65535",
                ScannerAddress::Tcp { host: "clamd.corp.example".into(), port: 65535 },
                "tcp:clamd.corp.example:65535",
            ),
            ("tcp:[::1]:3310", ScannerAddress::Tcp { host: "::1".into(), port: 3310 }, "tcp:[::1]:3310"),
            (
                "icap://av.example.org/avscan",
                ScannerAddress::Icap { host: "av.example.org".into(), port: 1344, service: "avscan".into() },
                "icap://av.example.org/avscan",
            ),
            (
                "ICAP://10.0.0.5:11344/virus_scan?allow204=on",
                ScannerAddress::Icap {
                    host: "10.0.0.5".into(),
                    port: 11344,
                    service: "virus_scan?allow204=on".into(),
                },
                "icap://10.0.0.5:11344/virus_scan?allow204=on",
            ),
            (
                "icap://[2001:db8::1]/srv/av",
                ScannerAddress::Icap { host: "2001:db8::1".into(), port: 1344, service: "srv/av".into() },
                "icap://[2001:db8::1]/srv/av",
            ),
            (
                "icap://h:1344/s",
                ScannerAddress::Icap { host: "h".into(), port: 1344, service: "s".into() },
                "icap://h/s",
            ),
        ];
        for (input, want, canonical) in cases {
            let got = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(&got, want, "{input:?}");
            assert_eq!(got.to_string(), *canonical, "{input:?}");
            assert_eq!(parse(canonical).as_ref(), Ok(want), "round trip of {canonical:?}");
        }
    }

    #[test]
    fn bad_addresses_are_refused_with_a_sentence() {
        let cases = [
            "",
            "clamd.example.org:3310",
            "http://av.example.org/avscan",
            "icaps://av.example.org/avscan",
            "unix:",
            "unix:clamd.sock",
            "unix:/tmp/a\nb",
            "tcp:",
            "tcp:host",
            "tcp::3310",
            "tcp:host:0",
            "tcp:host:65536",
            "tcp:host:+80",
            "tcp:host:port",
            "tcp:::1:3310",
            "tcp:[::1]3310",
            "tcp:[::1",
            "tcp:[not-v6]:1",
            "tcp:ho st:1",
            "tcp:host/x:1",
            "icap://av.example.org",
            "icap://av.example.org/",
            "icap:///avscan",
            "icap://av.example.org:99999/avscan",
            "icap://av.example.org/av scan",
            "icap://av.example.org/av\r\nX-Injected: 1",
            "icap://av.example.org/avscan#frag",
            "icap://user@av.example.org/avscan",
        ];
        for input in cases {
            let err = parse(input).expect_err(input);
            assert!(!err.is_empty() && !err.contains('\n'), "{input:?}: {err:?}");
        }
    }

    #[test]
    fn authority_is_what_the_icap_uri_needs() {
        assert_eq!(parse("unix:/x").map(|a| a.authority()), Ok(None));
        assert_eq!(parse("tcp:h:1").map(|a| a.authority()), Ok(Some("h:1".into())));
        assert_eq!(parse("icap://[::1]/s").map(|a| a.authority()), Ok(Some("[::1]:1344".into())));
    }
}
