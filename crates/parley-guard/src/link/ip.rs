//! IP-literal hosts, and whether they were written to hide that they are one.
//!
//! The WHATWG parser accepts `2130706433`, `0x7f.1`, `0177.0.0.1` and `[::ffff:7f00:1]` and
//! turns them all into an address; only the text as written tells an honest `127.0.0.1`
//! from an obfuscated one.

use std::net::Ipv6Addr;

use url::Host;

/// How a link's host names a machine by address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpHost {
    /// An address written the usual way (`192.0.2.1`, `[2001:db8::1]`).
    Plain,
    /// An address in a notation meant to hide it: decimal, hex, octal, shortened dotted
    /// forms, or an IPv4 address inside IPv6.
    Obfuscated,
}

/// Classifies `host` (parsed) against `written` (the host as the sender typed it).
pub fn classify(host: &Host<&str>, written: &str) -> Option<IpHost> {
    match host {
        Host::Domain(_) => None,
        Host::Ipv4(_) => Some(if is_plain_dotted_quad(written) { IpHost::Plain } else { IpHost::Obfuscated }),
        Host::Ipv6(addr) => Some(if embeds_ipv4(*addr) { IpHost::Obfuscated } else { IpHost::Plain }),
    }
}

/// `a.b.c.d` with four decimal parts of 1–3 digits, no leading zeros, each ≤ 255.
fn is_plain_dotted_quad(written: &str) -> bool {
    let parts: Vec<&str> = written.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && !(part.len() > 1 && part.starts_with('0'))
                && part.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

/// IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`) addresses.
fn embeds_ipv4(addr: Ipv6Addr) -> bool {
    let s = addr.segments();
    s[..5].iter().all(|&x| x == 0) && (s[5] == 0xffff || (s[5] == 0 && (s[6] != 0 || s[7] > 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(url: &str) -> Option<IpHost> {
        let parsed = url::Url::parse(url).expect("test URL parses");
        let written =
            crate::link::raw::host_of_authority(crate::link::raw::authority(url).expect("authority"));
        classify(&parsed.host().expect("host"), written)
    }

    #[test]
    fn notations() {
        assert_eq!(class("http://127.0.0.1/"), Some(IpHost::Plain));
        assert_eq!(class("http://93.184.216.34:80/"), Some(IpHost::Plain));
        assert_eq!(class("http://[2001:db8::1]/"), Some(IpHost::Plain));
        assert_eq!(class("http://[::1]/"), Some(IpHost::Plain));
        for obfuscated in [
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.0x0.0x0.0x1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://127.0.0.01/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
        ] {
            assert_eq!(class(obfuscated), Some(IpHost::Obfuscated), "{obfuscated}");
        }
        assert_eq!(class("https://example.com/"), None);
    }
}
