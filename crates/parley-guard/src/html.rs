//! HTML sanitising for message bodies (`formatted_body`), in Rust, before the webview sees
//! anything.
//!
//! The webview renders what strangers wrote, so it only ever receives the output of
//! [`sanitize`]: the Matrix spec's allowed tags and attributes (client-server API,
//! "m.room.message msgtypes": `font`, `del`, `h1`–`h6`, `blockquote`, `p`, `a`, `ul`, `ol`,
//! `sup`, `sub`, `li`, `b`, `i`, `u`, `strong`, `em`, `s`, `code`, `hr`, `br`, `div`,
//! `table`…, `pre`, `span`, `img`, `details`, `summary`), with:
//!
//! - no event handlers, no `style`, no forms, frames, objects, embeds, scripts, SVG or
//!   `MathML`, no `base`/`meta`/`link` (everything not listed is removed; the contents of
//!   `script`, `style` and the like are dropped, other unknown tags keep their text);
//! - `data-mx-color`/`data-mx-bg-color`/`color` only as `#rrggbb`, `class` on `code` only
//!   as `language-…`, numbers only where numbers belong;
//! - links rewritten to `#link-N`: the webview gets an index into [`Sanitized::links`],
//!   never a URL it could follow (the link guard decides what opening it means);
//! - images without a source: the webview never loads media by itself (`MediaAutoDisplay`
//!   defaults to `never`; images show as click-to-load placeholders once the app's media
//!   protocol exists), so a zero-click image exploit has nothing to fetch.
//!
//! ```
//! let clean = parley_guard::html::sanitize(r#"<p onclick="x()">Hi <a href="https://example.org">there</a><script>x()</script></p>"#);
//! assert_eq!(clean.html, r##"<p>Hi <a href="#link-0">there</a></p>"##);
//! assert_eq!(clean.links[0].url, "https://example.org");
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

use ammonia::{Builder, UrlRelative};
use regex::Regex;

use crate::link::FoundLink;

/// Inputs longer than this, or whose sanitised output is, are not rendered as HTML at all
/// (the plain body is shown).
pub const MAX_HTML_BYTES: usize = 256 * 1024;
/// Output nested deeper than this is not rendered as HTML either: browsers flatten deep
/// trees differently on each parse (a mutation-XSS class), and no message needs it.
pub const MAX_DEPTH: usize = 64;

/// Sanitised HTML and the links it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sanitized {
    /// Safe to insert into the webview as markup.
    pub html: String,
    /// `#link-N` in `html` is `links[N]`: the original `href` and the anchor's text.
    pub links: Vec<FoundLink>,
}

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

/// Tags removed together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "mx-reply",
];

static COLOR: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a literal pattern, covered by the tests
    Regex::new(r"^#[0-9a-fA-F]{6}$").unwrap()
});
static LANGUAGE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a literal pattern, covered by the tests
    Regex::new(r"^language-[a-zA-Z0-9_+-]{1,32}$").unwrap()
});
static LINK_REF: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a literal pattern, covered by the tests
    // Only an anchor's own `href`, never the same characters in text (text keeps `"`
    // unescaped; attribute values are always double-quoted with `"` escaped).
    Regex::new(r##"(<a(?:\s+[^\s"'>/=]+="[^"]*")*\s+)href="#link-([0-9]+)""##).unwrap()
});

/// Sanitises a message's HTML body. Deterministic: the same input gives the same output
/// (the engine re-sanitises to find a link again when the user opens it).
pub fn sanitize(html: &str) -> Sanitized {
    if html.len() > MAX_HTML_BYTES {
        return Sanitized { html: String::new(), links: Vec::new() };
    }
    let hrefs = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut cleaned = builder(Some(Arc::clone(&hrefs))).clean(html).to_string();
    // The cleaned tree can serialise to markup that parses into another tree (the parser's
    // own repairs, such as anchors nested through a misplaced table, do not survive a round
    // trip), and the webview renders what it parses: clean again until the markup reads back
    // as itself, so links and their text are taken from what is shown. Escaping grows text
    // (`<` becomes `&lt;`), so output over the input limit, which would not sanitise to
    // itself, falls back to the plain body too.
    for pass in 0..=MAX_PASSES {
        if pass == MAX_PASSES || cleaned.len() > MAX_HTML_BYTES || depth(&cleaned) > MAX_DEPTH {
            return Sanitized { html: String::new(), links: Vec::new() };
        }
        let again = builder(None).clean(&cleaned).to_string();
        if again == cleaned {
            break;
        }
        cleaned = again;
    }
    let hrefs = std::mem::take(&mut *hrefs.lock().unwrap_or_else(std::sync::PoisonError::into_inner));

    // Anchors ammonia dropped leave gaps: number the surviving ones 0, 1, 2… in order. Each
    // anchor gets a number of its own, even when the parser's repairs cloned one anchor into
    // several (formatting elements are reopened across blocks): every copy is checked with
    // its own text (found by the `html` fuzz target).
    let mut order: Vec<usize> = Vec::new();
    let html = LINK_REF
        .replace_all(&cleaned, |caps: &regex::Captures<'_>| {
            order.push(caps[2].parse().unwrap_or(usize::MAX));
            format!("{}href=\"#link-{}\"", &caps[1], order.len() - 1)
        })
        .into_owned();
    let texts: Vec<Option<String>> = crate::link::find_in_html(&html)
        .into_iter()
        .filter(|l| l.url.starts_with("#link-"))
        .map(|l| l.text)
        .collect();
    let links = order
        .into_iter()
        .enumerate()
        .map(|(i, old)| FoundLink {
            url: hrefs.get(old).cloned().unwrap_or_default(),
            text: texts.get(i).cloned().flatten(),
            span: None,
        })
        .collect();
    Sanitized { html, links }
}

/// The deepest element nesting in serialised output (an over-estimate is safe: it only
/// makes a message fall back to its plain body).
fn depth(html: &str) -> usize {
    let (mut level, mut deepest) = (0usize, 0usize);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if let Some(closing) = rest.strip_prefix('/') {
            level = level.saturating_sub(1);
            rest = closing;
        } else if !["br", "hr", "img"].iter().any(|void| rest.starts_with(void)) {
            level += 1;
            deepest = deepest.max(level);
        }
    }
    deepest
}

/// Cleaning passes after the first that may still change the markup before it is refused.
const MAX_PASSES: usize = 3;

/// The sanitiser. `hrefs` collects each anchor's target and rewrites it to `#link-N`; `None`
/// (a repeated pass over markup already rewritten) keeps `#link-N` as it is.
fn builder(hrefs: Option<Arc<Mutex<Vec<String>>>>) -> Builder<'static> {
    let attributes: HashMap<&str, HashSet<&str>> = [
        ("font", &["color", "data-mx-bg-color", "data-mx-color"][..]),
        ("span", &["data-mx-bg-color", "data-mx-color", "data-mx-spoiler"][..]),
        ("a", &["href"][..]),
        ("img", &["width", "height", "alt", "title"][..]),
        ("ol", &["start"][..]),
        ("code", &["class"][..]),
        ("details", &["open"][..]),
    ]
    .into_iter()
    .map(|(tag, attrs)| (tag, attrs.iter().copied().collect()))
    .collect();
    let mut builder = Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect())
        .tag_attributes(attributes)
        // ammonia keeps `lang` and `title` on every tag unless told otherwise.
        .generic_attributes(HashSet::new())
        .link_rel(None)
        .url_relative(UrlRelative::PassThrough)
        // Schemes an anchor may keep; others lose their href (the anchor's text stays). What
        // survives is rewritten to `#link-N` and still goes through the link guard.
        .url_schemes(["https", "http", "mailto", "matrix", "ftp", "magnet"].into_iter().collect())
        .strip_comments(true)
        .attribute_filter(move |element, attribute, value| {
            filter(hrefs.as_deref(), element, attribute, value)
        });
    builder
}

fn filter<'v>(
    hrefs: Option<&Mutex<Vec<String>>>,
    element: &str,
    attribute: &str,
    value: &'v str,
) -> Option<std::borrow::Cow<'v, str>> {
    match (element, attribute) {
        ("a", "href") => {
            let Some(hrefs) = hrefs else { return Some(value.into()) };
            let mut hrefs = hrefs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            hrefs.push(value.to_owned());
            Some(format!("#link-{}", hrefs.len() - 1).into())
        }
        (_, "color" | "data-mx-color" | "data-mx-bg-color") => COLOR.is_match(value).then_some(value.into()),
        ("code", "class") => LANGUAGE.is_match(value).then_some(value.into()),
        (_, "width" | "height" | "start") => {
            (value.len() <= 5 && value.bytes().all(|b| b.is_ascii_digit())).then_some(value.into())
        }
        (_, "data-mx-spoiler" | "alt" | "title" | "open") => {
            Some(value.chars().take(256).collect::<String>().into())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Re-parsing the cleaned markup can clone an anchor (the parser reopens formatting
    /// elements cut by a misplaced table): each copy gets its own number and is checked with
    /// its own text, so no displayed anchor text escapes the link guard (found by the `html`
    /// fuzz target; before, the copies shared one number and only the first text was checked).
    #[test]
    fn a_cloned_anchor_is_a_link_of_its_own_with_its_text() {
        let clean = sanitize(
            r#"<a href="https://x.example"><b>X<table><a href="https://y.example">Y</table>Z</b></a>W"#,
        );
        let pairs: Vec<_> = clean.links.iter().map(|l| (l.url.as_str(), l.text.as_deref())).collect();
        assert_eq!(
            pairs,
            [
                ("https://x.example", Some("X")),
                ("https://y.example", Some("Y")),
                ("https://y.example", Some("Z"))
            ],
            "{}",
            clean.html
        );
        assert_eq!(sanitize(&clean.html).html, clean.html, "re-sanitises to itself");
    }

    /// Text that looks like a rewritten link is text: it must not shift the numbering that
    /// pairs each anchor with its target (found by the `html` fuzz target).
    #[test]
    fn link_like_text_does_not_renumber_links() {
        let clean = sanitize(
            r#"<p>see href="&#35;link-7" and <a href="https://a.example">A</a> <a href="https://b.example">B</a></p>"#,
        );
        assert_eq!(
            clean.html,
            r##"<p>see href="#link-7" and <a href="#link-0">A</a> <a href="#link-1">B</a></p>"##
        );
        let pairs: Vec<_> = clean.links.iter().map(|l| (l.url.as_str(), l.text.as_deref())).collect();
        assert_eq!(pairs, [("https://a.example", Some("A")), ("https://b.example", Some("B"))]);
        assert_eq!(sanitize(&clean.html).html, clean.html, "re-sanitises to itself");
    }

    #[test]
    fn keeps_the_matrix_subset() {
        let input = r##"<font color="#ff0000" data-mx-bg-color="#00ff00">red</font><code class="language-rust">x</code><ol start="3"><li>a</li></ol><span data-mx-spoiler="why">s</span>"##;
        assert_eq!(sanitize(input).html, input);
    }

    #[test]
    fn removes_every_active_thing() {
        for (input, output) in [
            (r#"<img src="mxc://example.org/a" onerror="x()" alt="cat">"#, r#"<img alt="cat">"#),
            (r#"<p style="background:url(http://evil/)">t</p>"#, "<p>t</p>"),
            (r#"<font color="red;x:expression(1)">t</font>"#, "<font>t</font>"),
            (r#"<code class="x language-js">t</code>"#, "<code>t</code>"),
            ("<svg><script>x()</script></svg>ok", "ok"),
            ("<math><mtext><img src=x onerror=x()></mtext></math>ok", "ok"),
            (
                r#"<base href="http://evil/"><meta http-equiv="refresh" content="0"><link rel="stylesheet" href="x">ok"#,
                "ok",
            ),
            (r#"<form action="http://evil/"><input name="a"><button>b</button></form>"#, "b"),
            ("<iframe srcdoc='<script>x()</script>'></iframe>ok", "ok"),
            ("<!-- comment --><b>b</b>", "<b>b</b>"),
        ] {
            assert_eq!(sanitize(input).html, output, "{input}");
        }
    }

    #[test]
    fn links_become_indexes_in_order_with_their_text() {
        let clean = sanitize(
            r#"<a href="https://a.example/">A</a> <svg><a href="https://dropped.example/">x</a></svg> <a href="javascript:x()">J</a> <a href="magnet:?xt=1">B</a>"#,
        );
        assert_eq!(clean.html, r##"<a href="#link-0">A</a>  <a>J</a> <a href="#link-1">B</a>"##);
        let urls: Vec<&str> = clean.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(urls, ["https://a.example/", "magnet:?xt=1"]);
        assert_eq!(clean.links[1].text.as_deref(), Some("B"));
    }

    #[test]
    fn deep_nesting_falls_back_to_the_plain_body() {
        let deep = "<div>".repeat(MAX_DEPTH + 1) + "x";
        assert_eq!(sanitize(&deep).html, "");
        let fine = "<div>".repeat(10) + "x";
        assert!(sanitize(&fine).html.contains('x'));
    }

    #[test]
    fn output_sanitises_to_itself() {
        let input = r#"<p>a<b>b<i>c</p>d<a href="https://x.example">e</a><table><tr><td>f</td></tr></table><img alt="g">"#;
        let once = sanitize(input).html;
        let twice = sanitize(&once);
        // Links are renumbered the same way; the markup is stable.
        assert_eq!(twice.html, once);
    }
}
