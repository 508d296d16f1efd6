//! Runs the organisation's antivirus on a quarantined file: opens the socket named by
//! `FileScannerAddress` and hands it to the protocol code in `parley_guard::scan`.

use std::{path::Path, time::Duration};

use parley_guard::scan::{ScanError, ScanVerdict, ScannerAddress};

/// How long one read or write on the scanner connection may take. Scanning a large
/// archive can take a while; a scanner that hangs longer than this counts as down.
const SCANNER_IO_TIMEOUT: Duration = Duration::from_mins(2);
const SCANNER_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Scans `path` with the scanner at `address`. Blocking: call from `spawn_blocking`.
/// Any failure (unreachable, timeout, protocol) is returned as an error, never as clean.
pub(crate) fn scan_file(address: &ScannerAddress, path: &Path) -> Result<ScanVerdict, ScanError> {
    let mut content = std::io::BufReader::new(std::fs::File::open(path)?);
    match address {
        #[cfg(unix)]
        ScannerAddress::Unix(socket) => {
            let mut stream = std::os::unix::net::UnixStream::connect(socket)?;
            stream.set_read_timeout(Some(SCANNER_IO_TIMEOUT))?;
            stream.set_write_timeout(Some(SCANNER_IO_TIMEOUT))?;
            parley_guard::scan::clamd_instream(&mut stream, &mut content)
        }
        #[cfg(not(unix))]
        ScannerAddress::Unix(_) => {
            Err(ScanError::Io(std::io::Error::other("unix sockets are not available on this system")))
        }
        ScannerAddress::Tcp { host, port } => {
            let mut stream = connect_tcp(host, *port)?;
            parley_guard::scan::clamd_instream(&mut stream, &mut content)
        }
        ScannerAddress::Icap { host, port, service } => {
            let len = std::fs::metadata(path)?.len();
            let mut stream = connect_tcp(host, *port)?;
            parley_guard::scan::icap_respmod(&mut stream, host, service, &mut content, len)
        }
    }
}

fn connect_tcp(host: &str, port: u16) -> std::io::Result<std::net::TcpStream> {
    use std::net::ToSocketAddrs;
    let mut last =
        std::io::Error::new(std::io::ErrorKind::NotFound, "the scanner's host name did not resolve");
    for addr in (host, port).to_socket_addrs()? {
        match std::net::TcpStream::connect_timeout(&addr, SCANNER_CONNECT_TIMEOUT) {
            Ok(stream) => {
                stream.set_read_timeout(Some(SCANNER_IO_TIMEOUT))?;
                stream.set_write_timeout(Some(SCANNER_IO_TIMEOUT))?;
                return Ok(stream);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}
