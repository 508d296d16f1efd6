//! Property tests for the HTML sanitiser (issue 17): its output sanitises to itself, and
//! whatever goes in, what comes out keeps every promise `parley_guard::html` makes to the
//! webview (only the Matrix subset of tags and attributes, no event handlers or `style`,
//! no comments, images without a source, anchors pointing at `#link-N` in order, link
//! targets only with an allowed scheme, nesting within `MAX_DEPTH`).
//!
//! Inputs are arbitrary strings, generated HTML-like trees (allowed and hostile tags in
//! any case, closed or not, allowed and hostile attributes quoted three ways, entities,
//! comments, CDATA, stray end tags) with payloads of the XSS corpus as leaves, and inputs
//! near `MAX_HTML_BYTES` made of characters that grow when escaped.

mod common;

use std::sync::LazyLock;

use parley_guard::html::{MAX_DEPTH, MAX_HTML_BYTES, Sanitized, sanitize};
use proptest::prelude::*;

/// The tags `html.rs` lets through, each with the attributes it may keep.
const ALLOWED: &[(&str, &[&str])] = &[
    ("font", &["color", "data-mx-bg-color", "data-mx-color"]),
    ("del", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("blockquote", &[]),
    ("p", &[]),
    ("a", &["href"]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("sup", &[]),
    ("sub", &[]),
    ("li", &[]),
    ("b", &[]),
    ("i", &[]),
    ("u", &[]),
    ("strong", &[]),
    ("em", &[]),
    ("s", &[]),
    ("strike", &[]),
    ("code", &["class"]),
    ("hr", &[]),
    ("br", &[]),
    ("div", &[]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &[]),
    ("td", &[]),
    ("caption", &[]),
    ("pre", &[]),
    ("span", &["data-mx-bg-color", "data-mx-color", "data-mx-spoiler"]),
    ("img", &["width", "height", "alt", "title"]),
    ("details", &["open"]),
    ("summary", &[]),
];

/// Tags the sanitiser must remove (with or without their content).
const HOSTILE: &[&str] = &[
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "mtext",
    "mglyph",
    "annotation-xml",
    "foreignObject",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "title",
    "base",
    "meta",
    "link",
    "mx-reply",
    "frameset",
    "frame",
    "video",
    "audio",
    "source",
    "image",
    "marquee",
    "html",
    "body",
    "head",
    "isindex",
    "listing",
    "x-custom",
];

const ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "style",
    "onclick",
    "onerror",
    "onload",
    "OnMouseOver",
    "onfocus",
    "data-mx-color",
    "data-mx-bg-color",
    "data-mx-spoiler",
    "data-mx-emoticon",
    "data-x",
    "color",
    "class",
    "width",
    "height",
    "start",
    "alt",
    "title",
    "open",
    "id",
    "name",
    "xlink:href",
    "formaction",
    "action",
    "autofocus",
    "tabindex",
    "background",
    "poster",
    "lowsrc",
    "dynsrc",
];

const VALUES: &[&str] = &[
    "mxc://example.org/abcdef",
    "https://example.org/x?y=1#z",
    "http://evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "matrix:r/room:example.org",
    "https://matrix.to/#/#room:example.org",
    "magnet:?xt=urn:btih:0",
    "mailto:a@example.org",
    "ftp://example.org/f",
    "//evil.example/x",
    "#link-0",
    "#link-7",
    "relative/path",
    "#ff0000",
    "#FFF",
    "red",
    "red;x:expression(1)",
    "background:url(http://evil.example/)",
    "language-rust",
    "x language-js",
    "42",
    "123456",
    "-1",
    "\"><script>alert(1)</script>",
    "' onerror='alert(1)",
    "\u{a0}",
    "",
];

const ENTITIES: &[&str] = &[
    "&amp;",
    "&lt;script&gt;",
    "&#60;",
    "&#x3C;",
    "&nbsp;",
    "&notin;",
    "&quot;",
    "&",
    "&#0;",
    "&#xD800;",
    "&#x110000;",
    "&lt",
    "&gt;&lt;/p&gt;",
    "&#38;lt;",
];

const OTHER: &[&str] = &[
    "<!-- comment -->",
    "<!-->",
    "<!--x--!>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!DOCTYPE html>",
    "<?xml version=\"1.0\"?>",
    "</p>",
    "</table>",
    "</a>",
    "<",
    "</",
    "<br/>",
    "<hr>",
    "<img/src=x/onerror=alert(1)>",
];

/// The payloads of `tests/corpus/xss/payloads.jsonl`.
static PAYLOADS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let path = common::corpus("xss/payloads.jsonl");
    let data =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let case: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"));
            case["html"].as_str().unwrap_or_else(|| panic!("{l}: no html")).to_owned()
        })
        .collect()
});

fn attribute() -> impl Strategy<Value = String> {
    let name = prop::sample::select(ATTRIBUTES);
    let value = prop_oneof![3 => prop::sample::select(VALUES).prop_map(str::to_owned), 1 => "[ -~]{0,12}"];
    (name, value, 0..4u8).prop_map(|(name, value, quoting)| match quoting {
        0 => format!(" {name}=\"{}\"", value.replace('"', "&quot;")),
        1 => format!(" {name}='{}'", value.replace('\'', "&#39;")),
        2 => format!(" {name}={}", value.replace([' ', '>', '"', '\''], "")),
        _ => format!(" {name}"),
    })
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .,:;<>&\"'=/!?#-]{0,12}",
        2 => prop::sample::select(ENTITIES).prop_map(str::to_owned),
        2 => prop::sample::select(OTHER).prop_map(str::to_owned),
        2 => prop::sample::select(PAYLOADS.as_slice()).prop_map(|p| p.clone()),
        1 => (60..70usize).prop_map(|n| "<div>".repeat(n) + "deep"),
    ]
}

fn tag() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        3 => prop::sample::select(ALLOWED).prop_map(|(t, _)| t),
        2 => prop::sample::select(HOSTILE),
    ];
    (name, any::<bool>()).prop_map(|(t, upper)| if upper { t.to_uppercase() } else { t.to_owned() })
}

/// HTML-like text: elements nested in any order, closed or left open.
fn html_like() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 48, 5, |inner| {
        (tag(), prop::collection::vec(attribute(), 0..4), prop::collection::vec(inner, 0..5), 0..5u8)
            .prop_map(|(tag, attrs, children, close)| {
                let children = children.concat();
                match close {
                    0 => format!("<{tag}{}>{children}", attrs.concat()),
                    1 => format!("<{tag}{}/>{children}", attrs.concat()),
                    _ => format!("<{tag}{}>{children}</{tag}>", attrs.concat()),
                }
            })
    })
}

/// Inputs just under the size limit made of characters that grow when escaped, so the
/// output is larger than the input. (`&` and U+00A0 grow too, but serialising a quarter of a
/// megabyte of them takes minutes in a debug build.)
fn near_the_limit() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(&["<", ">", "<a href=x>y</a>", "a"][..]);
    (unit, 0.9f64..=1.0).prop_map(|(unit, fill)| {
        // Truncation (`as`) is intended: any count near the limit will do.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let count = ((MAX_HTML_BYTES / unit.len()) as f64 * fill) as usize;
        unit.repeat(count)
    })
}

/// Sanitising the output again gives the same markup, and the same links renumbered onto
/// themselves: `links[N]` of the second pass is `#link-N` with the same text.
fn assert_idempotent(input: &str, once: &Sanitized) -> Result<(), TestCaseError> {
    let twice = sanitize(&once.html);
    if twice.html != once.html {
        let shown = |s: &str| if s.len() > 2000 { format!("{} bytes", s.len()) } else { format!("{s:?}") };
        prop_assert!(false, "{} then {} from {}", shown(&once.html), shown(&twice.html), shown(input));
    }
    prop_assert_eq!(twice.links.len(), once.links.len(), "input {:?}", input);
    for (n, (second, first)) in twice.links.iter().zip(&once.links).enumerate() {
        prop_assert_eq!(&second.url, &format!("#link-{n}"), "input {:?}", input);
        prop_assert_eq!(&second.text, &first.text, "input {:?}", input);
    }
    Ok(())
}

/// `&amp;`, `&quot;`, `&lt;`, `&gt;` and `&nbsp;` undone (all an attribute's serialiser writes).
fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Reads serialised output (every `<` starts a tag; attributes are `name="value"`) and
/// checks each tag and attribute against the promises of `parley_guard::html`.
fn assert_promises(input: &str, out: &Sanitized) -> Result<(), TestCaseError> {
    let html = out.html.as_str();
    let lower = html.to_ascii_lowercase();
    for banned in ["<script", "<style", "<iframe", "<svg", "<math", "<form", "<!--"] {
        prop_assert!(!lower.contains(banned), "{banned} in {html:?} from {input:?}");
    }
    let mut anchors = Vec::new();
    let (mut level, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        if closing {
            rest = &rest[1..];
        }
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let name = &rest[..end];
        rest = &rest[end..];
        let allowed = ALLOWED.iter().find(|(t, _)| *t == name);
        prop_assert!(allowed.is_some(), "tag {name:?} in {html:?} from {input:?}");
        let (_, attrs) = allowed.copied().unwrap_or(("", &[]));
        if closing {
            prop_assert!(rest.starts_with('>'), "end tag {name} with more in {html:?}");
            level = level.saturating_sub(1);
            continue;
        }
        if !["br", "hr", "img"].contains(&name) {
            level += 1;
            deepest = deepest.max(level);
        }
        loop {
            rest = rest.trim_start_matches(' ');
            if let Some(after) = rest.strip_prefix('>') {
                rest = after;
                break;
            }
            let eq = rest.find("=\"");
            prop_assert!(eq.is_some(), "unterminated <{name} in {html:?} from {input:?}");
            let eq = eq.unwrap_or_default();
            let attr = &rest[..eq];
            rest = &rest[eq + 2..];
            let close = rest.find('"');
            prop_assert!(close.is_some(), "unterminated {attr} in {html:?}");
            let close = close.unwrap_or_default();
            let value = unescape(&rest[..close]);
            rest = &rest[close + 1..];
            prop_assert!(attrs.contains(&attr), "<{name} {attr}> in {html:?} from {input:?}");
            // Follows from the allow-list, stated for what it guards: no handler, no style, no source.
            prop_assert!(!attr.starts_with("on") && attr != "style" && attr != "src");
            let ok = match attr {
                "href" => {
                    anchors.push(value.clone());
                    true
                }
                "color" | "data-mx-color" | "data-mx-bg-color" => {
                    value.len() == 7
                        && value.starts_with('#')
                        && value[1..].bytes().all(|b| b.is_ascii_hexdigit())
                }
                "class" => value.strip_prefix("language-").is_some_and(|l| {
                    (1..=32).contains(&l.len())
                        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
                }),
                "width" | "height" | "start" => value.len() <= 5 && value.bytes().all(|b| b.is_ascii_digit()),
                _ => value.chars().count() <= 256,
            };
            prop_assert!(ok, "{attr}={value:?} in {html:?} from {input:?}");
        }
    }
    prop_assert!(deepest <= MAX_DEPTH, "nested {deepest} deep from {input:?}");
    // Anchors point at the links in order, each once: #link-0, #link-1, …
    let expected: Vec<String> = (0..out.links.len()).map(|n| format!("#link-{n}")).collect();
    prop_assert_eq!(&anchors, &expected, "from {:?}", input);
    for link in &out.links {
        if let Ok(url) = url::Url::parse(&link.url) {
            prop_assert!(
                ["https", "http", "mailto", "matrix", "ftp", "magnet"].contains(&url.scheme()),
                "link {:?} kept from {input:?}",
                link.url
            );
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn output_of_any_string_sanitises_to_itself(input in any::<String>()) {
        let once = sanitize(&input);
        assert_promises(&input, &once)?;
        assert_idempotent(&input, &once)?;
    }

    #[test]
    fn output_of_html_like_input_sanitises_to_itself(input in html_like()) {
        let once = sanitize(&input);
        assert_promises(&input, &once)?;
        assert_idempotent(&input, &once)?;
    }

    #[test]
    fn xss_payloads_nested_in_html_keep_every_promise(
        outer in html_like(),
        payload in prop::sample::select(PAYLOADS.as_slice()),
        at in any::<prop::sample::Index>(),
    ) {
        // A payload spliced anywhere into generated markup (at a character boundary).
        let cut = outer.char_indices().map(|(i, _)| i).chain([outer.len()]).collect::<Vec<_>>();
        let cut = cut[at.index(cut.len())];
        let input = format!("{}{payload}{}", &outer[..cut], &outer[cut..]);
        let once = sanitize(&input);
        assert_promises(&input, &once)?;
        assert_idempotent(&input, &once)?;
    }
}

proptest! {
    // Each case sanitises about 256 KiB twice.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn output_near_the_size_limit_sanitises_to_itself(input in near_the_limit()) {
        let once = sanitize(&input);
        assert_idempotent(&input, &once)?;
    }
}

/// Found by `output_of_html_like_input_sanitises_to_itself`: ammonia keeps `title` (and
/// `lang`) on every tag unless told otherwise; `title` belongs to `img` only.
#[test]
fn regression_title_only_on_images() {
    let out = sanitize(r#"<font title="x" lang="en">a</font><p title="y">b</p><img title="z">"#);
    assert_eq!(out.html, r#"<font>a</font><p>b</p><img title="z">"#);
}

/// Found by `output_near_the_size_limit_sanitises_to_itself`: `<` under the input limit
/// escapes to `&lt;` over it, and that output sanitised to nothing.
#[test]
fn regression_output_over_the_limit_falls_back_to_the_plain_body() {
    let out = sanitize(&"<".repeat(MAX_HTML_BYTES / 2));
    assert_eq!((out.html.as_str(), out.links.len()), ("", 0));
    let fits = sanitize(&"<".repeat(MAX_HTML_BYTES / 4 - 1));
    assert_eq!(sanitize(&fits.html).html, fits.html);
}

/// Found by `xss_payloads_nested_in_html_keep_every_promise`: the parser nests an anchor
/// in another through a misplaced table; serialised, that reads back as sibling anchors,
/// so the webview would show (and link) other text than the one the guard checked.
#[test]
fn regression_nested_anchors_are_cleaned_to_what_the_parser_reads_back() {
    let input = "<a><foreignobject><a><table><a></table>x";
    let once = sanitize(input);
    assert!(!once.html.contains("<a><a>"), "{}", once.html);
    assert_eq!(sanitize(&once.html).html, once.html);
}

/// Every tag with every attribute, each with a value its filter would accept: the allow-list
/// as a whole, which random markup reaches only now and then.
#[test]
fn every_tag_with_every_attribute_keeps_every_promise() {
    let tags = ALLOWED.iter().map(|(t, _)| *t).chain(HOSTILE.iter().copied());
    for tag in tags {
        for attr in ATTRIBUTES {
            let value = match *attr {
                "href" | "src" | "srcset" | "xlink:href" => "https://example.org/",
                "color" | "data-mx-color" | "data-mx-bg-color" => "#ff0000",
                "class" => "language-rust",
                "width" | "height" | "start" => "42",
                _ => "color:red",
            };
            let input = format!(r#"<{tag} {attr}="{value}">x</{tag}>"#);
            let out = sanitize(&input);
            if let Err(e) = assert_promises(&input, &out).and_then(|()| assert_idempotent(&input, &out)) {
                panic!("{e}");
            }
        }
    }
}
