//! Finding links in message bodies, plain and HTML, on the Rust side.
//!
//! The webview never receives a URL to open: the engine finds every link here, registers
//! it, and hands the UI an opaque id with the text to show.
//!
//! Plain text: links are what a careful linkifier would make clickable, `http(s)://`,
//! `mailto:`, `matrix:` and `www.` prefixes, with trailing punctuation and unbalanced
//! closing brackets left out. Any other scheme in plain text stays text (it is not
//! clickable, so it cannot be clicked by mistake). HTML: every `<a href>` whatever its
//! scheme (that is where `javascript:` hides), with the anchor's visible text, plus plain
//! links in the text outside anchors.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer,
    TokenizerOpts,
};
use regex::Regex;

/// At most this many links are taken from one message; the rest stay plain text.
pub const MAX_LINKS_PER_MESSAGE: usize = 256;

/// A link found in a message body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    /// The link as written (an `href` value, or the matched text).
    pub url: String,
    /// The visible text of an HTML anchor; `None` for plain-text links (the text is the link).
    pub text: Option<String>,
    /// Byte range in the plain text; `None` for links found in HTML.
    pub span: Option<Range<usize>>,
}

static PLAIN_LINK: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::unwrap_used)] // a literal pattern, covered by the tests below
    Regex::new(r#"(?i)\b(?:(?:https?://|matrix:)[^\s<>"`]+|mailto:[^\s<>"`]+@[^\s<>"`]+|www\.[^\s<>"`]+\.[^\s<>"`]+)"#)
        .unwrap()
});

/// Finds the clickable links in a plain-text body.
pub fn find_in_text(text: &str) -> Vec<FoundLink> {
    PLAIN_LINK
        .find_iter(text)
        .filter_map(|m| {
            let end = m.start() + trimmed_len(m.as_str());
            (end > m.start()).then(|| FoundLink {
                url: text[m.start()..end].to_owned(),
                text: None,
                span: Some(m.start()..end),
            })
        })
        .take(MAX_LINKS_PER_MESSAGE)
        .collect()
}

/// Length of a matched link without the punctuation that ends the sentence around it.
fn trimmed_len(link: &str) -> usize {
    let mut end = link.len();
    loop {
        let Some(last) = link[..end].chars().next_back() else { return 0 };
        let unbalanced = |open: char, close: char| {
            last == close && link[..end].matches(close).count() > link[..end].matches(open).count()
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_')
            || unbalanced('(', ')')
            || unbalanced('[', ']')
            || unbalanced('{', '}')
        {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// Finds every anchor and every plain link in an HTML body (as in `formatted_body`).
pub fn find_in_html(html: &str) -> Vec<FoundLink> {
    let sink = AnchorSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let state = tokenizer.sink.state.take();
    let mut links = state.links;
    links.truncate(MAX_LINKS_PER_MESSAGE);
    links
}

#[derive(Default)]
struct AnchorState {
    links: Vec<FoundLink>,
    /// The open anchor's href and the text gathered inside it so far.
    open: Option<(String, String)>,
    /// Text outside anchors, scanned for plain links when the next tag starts.
    outside: String,
}

impl AnchorState {
    fn flush_outside(&mut self) {
        let found = find_in_text(&self.outside);
        self.links.extend(found.into_iter().map(|l| FoundLink { span: None, ..l }));
        self.outside.clear();
    }

    fn close_anchor(&mut self) {
        if let Some((url, text)) = self.open.take() {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            self.links.push(FoundLink { url, text: Some(text), span: None });
        }
    }
}

#[derive(Default)]
struct AnchorSink {
    state: RefCell<AnchorState>,
}

impl TokenSink for AnchorSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut state = self.state.borrow_mut();
        match token {
            CharacterTokens(chars) => match &mut state.open {
                Some((_, text)) => text.push_str(&chars),
                None => state.outside.push_str(&chars),
            },
            TagToken(tag) if &*tag.name == "a" => {
                state.flush_outside();
                state.close_anchor();
                if tag.kind == StartTag
                    && let Some(href) = tag.attrs.iter().find(|a| &*a.name.local == "href")
                {
                    state.open = Some((href.value.to_string(), String::new()));
                }
            }
            TagToken(tag) if tag.kind == EndTag || tag.kind == StartTag => {
                // Block-level boundaries end a run of text, so words are not glued together.
                state.flush_outside();
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }

    fn end(&self) {
        let mut state = self.state.borrow_mut();
        state.close_anchor();
        state.flush_outside();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(found: &[FoundLink]) -> Vec<&str> {
        found.iter().map(|l| l.url.as_str()).collect()
    }

    #[test]
    fn plain_text() {
        let text = "See https://example.com/a_(b). Or (www.rust-lang.org), mailto:a@example.com; javascript:alert(1) stays text.";
        let found = find_in_text(text);
        assert_eq!(urls(&found), ["https://example.com/a_(b)", "www.rust-lang.org", "mailto:a@example.com"]);
        let span = found[0].span.clone().expect("plain links have spans");
        assert_eq!(&text[span], "https://example.com/a_(b)");
        assert!(find_in_text("nothing here, not even example.com").is_empty());
    }

    #[test]
    fn html_anchors() {
        let html = r#"<p>Hi <a href="https://evil.example/login">https://www.paypal.com/</a> and
            <A HREF=" JaVaScRiPt:alert(1)">click</a> or https://plain.example/x.</p>"#;
        let found = find_in_html(html);
        assert_eq!(
            urls(&found),
            ["https://evil.example/login", " JaVaScRiPt:alert(1)", "https://plain.example/x"]
        );
        assert_eq!(found[0].text.as_deref(), Some("https://www.paypal.com/"));
        assert_eq!(found[1].text.as_deref(), Some("click"));
        assert_eq!(found[2].text, None);
    }
}
