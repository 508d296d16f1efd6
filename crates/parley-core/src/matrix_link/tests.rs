use super::*;

fn alias(a: &str, e: Option<&str>) -> MatrixTarget {
    MatrixTarget::Alias {
        alias: alias_id(a).expect("test alias"),
        event: e.map(|e| event_id(e).expect("test event")),
    }
}

fn room(r: &str, e: Option<&str>) -> MatrixTarget {
    MatrixTarget::Room {
        room: room_id(r).expect("test room"),
        event: e.map(|e| event_id(e).expect("test event")),
    }
}

fn user(u: &str) -> MatrixTarget {
    MatrixTarget::User { user: user_id(u).expect("test user") }
}

#[test]
fn matrix_uris() {
    for (link, want) in [
        ("matrix:r/team:example.org", alias("#team:example.org", None)),
        ("matrix:r/team:example.org/e/abc123", alias("#team:example.org", Some("$abc123"))),
        ("matrix:roomid/AbCdEf:example.org", room("!AbCdEf:example.org", None)),
        ("matrix:roomid/AbCdEf:example.org?via=example.org&action=join", room("!AbCdEf:example.org", None)),
        ("matrix:roomid/AbCdEf:example.org/e/ev1", room("!AbCdEf:example.org", Some("$ev1"))),
        (
            "matrix:roomid/AbCdEf:example.org/e/ev1?via=a.example&via=b.example:8448",
            room("!AbCdEf:example.org", Some("$ev1")),
        ),
        ("matrix:u/alice:example.org", user("@alice:example.org")),
        ("matrix:u/alice:example.org?action=chat", user("@alice:example.org")),
        ("MATRIX:u/alice:example.org", user("@alice:example.org")),
        ("matrix:u/alice:example.org#fragment", user("@alice:example.org")),
        ("  matrix:u/alice:example.org\n", user("@alice:example.org")),
        ("matrix:r/team%2Dx:example.org", alias("#team-x:example.org", None)),
        ("matrix:roomid/AbC:[::1]:8448", room("!AbC:[::1]:8448", None)),
    ] {
        assert_eq!(parse(link), Ok(want), "{link}");
    }
}

#[test]
fn matrix_to_links() {
    for (link, want) in [
        ("https://matrix.to/#/#team:example.org", alias("#team:example.org", None)),
        ("https://matrix.to/#/%23team:example.org", alias("#team:example.org", None)),
        ("https://matrix.to/#/#team:example.org/$ev1", alias("#team:example.org", Some("$ev1"))),
        ("https://matrix.to/#/!AbC:example.org", room("!AbC:example.org", None)),
        ("https://matrix.to/#/!AbC:example.org/$ev1?via=example.org", room("!AbC:example.org", Some("$ev1"))),
        (
            "https://matrix.to/#/%21AbC%3Aexample.org/%24ev1?via=a.example&via=b.example",
            room("!AbC:example.org", Some("$ev1")),
        ),
        ("https://matrix.to/#/@alice:example.org", user("@alice:example.org")),
        ("https://matrix.to/#/%40alice%3Aexample.org", user("@alice:example.org")),
        ("HTTPS://Matrix.To/#/@alice:example.org", user("@alice:example.org")),
    ] {
        assert_eq!(parse(link), Ok(want), "{link}");
    }
}

#[test]
fn other_links_are_not_matrix_links() {
    for link in [
        "",
        "https://example.org/",
        "http://matrix.to/#/@alice:example.org",
        "https://matrix.to.evil.com/#/@alice:example.org",
        "https://matrix.to@evil.com/#/@alice:example.org",
        "https://evil.com@matrix.to/#/@alice:example.org",
        "https://evil.com\\@matrix.to/#/@alice:example.org",
        "https://matrix.to:443/#/@alice:example.org",
        "https://matrix.to:8443/#/@alice:example.org",
        "https://matrix.to./#/@alice:example.org",
        "https://matrix.to/path#/@alice:example.org",
        "https://matrix.to/?x=1#/@alice:example.org",
        "https://matrix.to#/@alice:example.org",
        "https://www.matrix.to/#/@alice:example.org",
        "https://xn--matrix-to.example/#/@alice:example.org",
        "//matrix.to/#/@alice:example.org",
        "matrix.to/#/@alice:example.org",
        "javascript:alert(1)//matrix:u/a:b",
        "data:text/html,matrix:u/a:b",
        "mxc://example.org/abc",
        "matrixx:u/alice:example.org",
        "@alice:example.org",
        "#team:example.org",
    ] {
        assert_eq!(parse(link), Err(MatrixLinkError::NotMatrix), "{link:?}");
    }
}

#[test]
fn malformed_matrix_links_are_refused() {
    for link in [
        "matrix:",
        "matrix:u/",
        "matrix:u/alice",
        "matrix:u/alice:",
        "matrix:u/alice:example.org/e/ev1",
        "matrix:u/alice:example.org/extra",
        "matrix:user/alice:example.org",
        "matrix:room/team:example.org",
        "matrix:r/team",
        "matrix:roomid/AbC:example.org/e/",
        "matrix:roomid/AbC:example.org/event/ev1",
        "matrix:roomid/AbC:example.org/e/ev1/e/ev2",
        "matrix://example.org/u/alice:example.org",
        "matrix:r/team:example.org?via=bad server",
        "matrix:r/team:example.org?via=",
        "matrix:r/team:example.org?via=exa%ZZmple.org",
        "matrix:r/team:example.org?x=1?y=2",
        "matrix:u/alice:exa mple.org",
        "matrix:u/%",
        "matrix:u/alice%3:example.org",
        "matrix:u/alice%+1:example.org",
        "matrix:u/alice%FF:example.org",
        "matrix:u/%40alice:example.org",
        "matrix:r/%23team:example.org",
        "https://matrix.to/#/@@alice:example.org",
        "https://matrix.to/#/!AbC:example.org/$$ev1",
        "matrix:g/group:example.org",
        "https://matrix.to/#/",
        "https://matrix.to/#/alice:example.org",
        "https://matrix.to/#/+group:example.org",
        "https://matrix.to/#/@alice:example.org/$ev1",
        "https://matrix.to/#/!AbC:example.org/$ev1/extra",
        "https://matrix.to/#/!AbC:example.org/ev1",
        "https://matrix.to/#/!AbC:example.org//$ev1",
        "https://matrix.to/#/#team:example.org?via=%3A8448",
        "https://matrix.to/#/#team:example.org?via=example.org:port",
        "https://matrix.to/#/#team:evil.example/../@alice:example.org",
    ] {
        assert_eq!(parse(link), Err(MatrixLinkError::Malformed), "{link:?}");
    }
}

#[test]
fn hidden_and_direction_changing_characters_are_refused() {
    // Raw: not printable ASCII. Encoded: decoded identifiers are checked too.
    for link in [
        "https://matrix.to/#/@alice:example.org\u{202E}gro.live",
        "https://matrix.to/#/#team\u{200B}:example.org",
        "matrix:u/ali\u{0000}ce:example.org",
        "matrix:u/alicé:example.org",
        "matrix:u/alice:example.org\u{2066}",
        "https://matrix.to/#/%23team%E2%80%AE:example.org",
        "https://matrix.to/#/%23team%E2%80%8B:example.org",
        "https://matrix.to/#/@alice%00:example.org",
        "https://matrix.to/#/@alice%0A:example.org",
        "https://matrix.to/#/@alice%20:example.org",
        "matrix:r/team%EF%BB%BF:example.org",
        "matrix:r/team%C2%AD:example.org",
    ] {
        assert_eq!(parse(link), Err(MatrixLinkError::Malformed), "{link:?}");
    }
}

#[test]
fn overlong_links_are_refused_before_parsing() {
    let long_server = format!("{}.example", "a".repeat(MAX_LINK_LEN));
    assert_eq!(parse(&format!("matrix:u/alice:{long_server}")), Err(MatrixLinkError::TooLong));
    assert_eq!(parse(&"https://matrix.to/#/".repeat(200)), Err(MatrixLinkError::TooLong));
    // Within the limit but an identifier longer than Matrix allows (255 bytes).
    let long_local = "a".repeat(300);
    assert_eq!(parse(&format!("matrix:u/{long_local}:example.org")), Err(MatrixLinkError::Malformed));
    // Many query parameters stay linear and bounded by the length limit.
    let many = format!("matrix:u/alice:example.org?{}", "via=example.org&".repeat(120));
    assert_eq!(parse(&many), Ok(user("@alice:example.org")));
}

#[test]
fn errors_are_one_plain_sentence() {
    for err in [MatrixLinkError::NotMatrix, MatrixLinkError::TooLong, MatrixLinkError::Malformed] {
        let text = err.to_string();
        assert!(text.ends_with('.') && text.matches(". ").count() == 0, "{text}");
        assert!(text.chars().next().is_some_and(char::is_uppercase), "{text}");
    }
}

#[test]
fn names_are_the_identifiers() {
    assert_eq!(
        parse("matrix:r/team:example.org").map(|t| t.name().to_owned()),
        Ok("#team:example.org".into())
    );
    assert_eq!(
        parse("https://matrix.to/#/@a:b.example").map(|t| t.name().to_owned()),
        Ok("@a:b.example".into())
    );
}
