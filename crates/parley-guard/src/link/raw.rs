//! Checks on the link exactly as written, before URL parsing normalises the tricks away.
//!
//! The WHATWG parser drops tabs and newlines, strips leading control characters and maps
//! some look-alike characters; a user never sees that cleaned form in the message, so what
//! the sender typed is checked here first.

/// Whether `c` looks like `/` or `\` (and so can fake a path boundary inside a host name).
pub fn is_lookalike_slash(c: char) -> bool {
    matches!(
        c,
        '\u{2044}' // FRACTION SLASH
            | '\u{2215}' // DIVISION SLASH
            | '\u{2216}' // SET MINUS
            | '\u{2571}' // BOX DRAWINGS LIGHT DIAGONAL
            | '\u{29F8}' // BIG SOLIDUS
            | '\u{29F9}' // BIG REVERSE SOLIDUS
            | '\u{FF0F}' // FULLWIDTH SOLIDUS
            | '\u{FF3C}' // FULLWIDTH REVERSE SOLIDUS
            | '\u{FE68}' // SMALL REVERSE SOLIDUS
            | '\u{0338}' // COMBINING LONG SOLIDUS OVERLAY
            | '\u{2F03}' // KANGXI RADICAL SLASH
            | '\u{3033}' // VERTICAL KANA REPEAT MARK UPPER HALF
    )
}

/// Whether the text contains an ASCII control character other than the tab and newlines
/// the URL parser removes silently (those are still reported: nobody types them in a link).
pub fn has_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != ' ')
}

/// The authority (`user@host:port`) of a link as written, if it has one.
///
/// Finds `//` after the scheme and stops at the first `/`, `\`, `?` or `#`; this mirrors
/// the WHATWG parser for special schemes closely enough to locate characters that the
/// parser would later rewrite.
pub fn authority(raw: &str) -> Option<&str> {
    let after_scheme = raw.split_once(':')?.1;
    let rest = after_scheme.trim_start_matches(['/', '\\']);
    if rest.len() == after_scheme.len() {
        return None;
    }
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// The host of an authority as written: without `user@` and `:port`.
pub fn host_of_authority(authority: &str) -> &str {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return host_port.split_once(']').map_or(host_port, |(h, _)| &host_port[..=h.len()]);
    }
    host_port.rsplit_once(':').map_or(host_port, |(h, _)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities() {
        assert_eq!(authority("https://user@example.com:8443/path?q#f"), Some("user@example.com:8443"));
        assert_eq!(authority("http://0x7f000001/"), Some("0x7f000001"));
        assert_eq!(authority("https:\\\\evil.example\\x"), Some("evil.example"));
        assert_eq!(authority("mailto:a@example.com"), None);
        assert_eq!(host_of_authority("a:b@example.com:80"), "example.com");
        assert_eq!(host_of_authority("[::ffff:127.0.0.1]:80"), "[::ffff:127.0.0.1]");
        assert_eq!(host_of_authority("google.com∕login.evil.example"), "google.com∕login.evil.example");
    }
}
