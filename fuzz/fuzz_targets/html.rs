//! The HTML sanitiser on any text.
//!
//! Beyond "no panic": the output re-sanitises to itself (the engine re-sanitises to find a
//! link again when it is opened); every tag in it is on the Matrix allowlist and carries
//! only that tag's allowed attributes; every `href` is `#link-N` with `N` an index into
//! the links; no output is larger than the input allows.

#![no_main]

use libfuzzer_sys::fuzz_target;
use parley_guard::html::{MAX_HTML_BYTES, sanitize};

const TAGS: &[&str] = &[
    "font",
    "del",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "p",
    "a",
    "ul",
    "ol",
    "sup",
    "sub",
    "li",
    "b",
    "i",
    "u",
    "strong",
    "em",
    "s",
    "strike",
    "code",
    "hr",
    "br",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "pre",
    "span",
    "img",
    "details",
    "summary",
];

fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    let allowed: &[&str] = match tag {
        "font" => &["color", "data-mx-bg-color", "data-mx-color"],
        "span" => &["data-mx-bg-color", "data-mx-color", "data-mx-spoiler"],
        "a" => &["href"],
        "img" => &["width", "height", "alt", "title"],
        "ol" => &["start"],
        "code" => &["class"],
        "details" => &["open"],
        _ => &[],
    };
    allowed.contains(&attribute)
}

/// Walks the serialised output: text escapes `<`, so each `<` opens a tag; attribute
/// values are double-quoted with `"` escaped. Checks each tag and attribute.
fn check_markup(html: &str, links: usize) {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        if closing {
            rest = &rest[1..];
        }
        let name_end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let tag = &rest[..name_end];
        assert!(TAGS.contains(&tag), "tag {tag:?} in {html:?}");
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start_matches(' ');
            if let Some(after) = rest.strip_prefix('>') {
                rest = after;
                break;
            }
            assert!(!closing, "attributes on a closing tag in {html:?}");
            let name_end = rest.find(['=', ' ', '>']).expect("unterminated tag");
            let attribute = &rest[..name_end];
            assert!(attribute_allowed(tag, attribute), "<{tag} {attribute}> in {html:?}");
            rest = &rest[name_end..];
            if let Some(after) = rest.strip_prefix("=\"") {
                let end = after.find('"').expect("unterminated attribute value");
                let value = &after[..end];
                if attribute == "href" {
                    let index: usize = value
                        .strip_prefix("#link-")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| panic!("href {value:?} in {html:?}"));
                    assert!(index < links, "#link-{index} of {links} links");
                }
                rest = &after[end + 1..];
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let once = sanitize(input);
    if input.len() > MAX_HTML_BYTES {
        assert!(once.html.is_empty());
    }
    check_markup(&once.html, once.links.len());
    let twice = sanitize(&once.html);
    assert_eq!(twice.html, once.html, "not idempotent for {input:?}");
    assert_eq!(twice.links.len(), once.links.len());
});
