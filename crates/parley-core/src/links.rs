//! Links in messages: found here, shown by the UI as text with an index, analysed and
//! gated here before the desktop shell hands them to the OS.
//!
//! The webview never holds a URL it could open. A message view carries
//! [`TextSegment`]s whose links are indexes into the message's own links; to open one the
//! UI names the room, the event and the index, and the engine finds the event again in
//! the timeline, re-extracts the link from the event itself and applies the link guard
//! with the policy in force *now* and the sender's standing *now*. A stale or forged id
//! finds nothing.

use matrix_sdk::ruma::events::room::message::{MessageFormat, MessageType};
use matrix_sdk::ruma::{EventId, OwnedEventId};
use parley_guard::link::{Analyser, Analysis, FoundLink, LinkPolicy, Sender, Verdict};
use serde::Serialize;

use crate::Engine;
use crate::error::{CoreError, Result};
use crate::views::TextSegment;

/// What the link dialog shows (and what `link_open` enforces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkDialog {
    /// The guard's analysis: verdict, destination, reasons.
    #[serde(flatten)]
    pub analysis: Analysis,
    /// Whether the sender counts as known.
    pub sender_known: bool,
    /// `LinksRequireConfirmation`: when false, a `confirm` link may open without a dialog.
    pub require_confirmation: bool,
}

/// A message's links, in the order the UI numbers them, and its sanitised HTML body to
/// render, if it has one (one sanitising pass for both). With an HTML body the links are
/// the anchors that survive sanitising (what the UI renders); otherwise the links found in
/// the plain body.
pub(crate) fn message_content(body: &str, msgtype: Option<&MessageType>) -> (Vec<FoundLink>, Option<String>) {
    match msgtype.and_then(html_body) {
        Some(html) => {
            let clean = parley_guard::html::sanitize(html);
            (clean.links, Some(clean.html).filter(|h| !h.is_empty()))
        }
        None => (parley_guard::link::find_in_text(body), None),
    }
}

/// Splits `body` into text and link segments; links found only in the HTML body follow
/// the text, each on its own.
pub(crate) fn segments(body: &str, links: &[FoundLink]) -> Vec<TextSegment> {
    let mut out = Vec::new();
    let mut pos = 0;
    for (index, link) in links.iter().enumerate() {
        match &link.span {
            Some(span) if span.start >= pos && span.end <= body.len() => {
                if span.start > pos {
                    out.push(TextSegment { text: body[pos..span.start].to_owned(), link: None });
                }
                out.push(TextSegment { text: body[span.clone()].to_owned(), link: Some(index) });
                pos = span.end;
            }
            _ => {}
        }
    }
    if pos < body.len() {
        out.push(TextSegment { text: body[pos..].to_owned(), link: None });
    }
    for (index, link) in links.iter().enumerate().filter(|(_, l)| l.span.is_none()) {
        let shown = link.text.as_deref().filter(|t| !t.is_empty()).unwrap_or(&link.url);
        out.push(TextSegment { text: " ".to_owned(), link: None });
        out.push(TextSegment { text: shown.to_owned(), link: Some(index) });
    }
    out
}

fn html_body(msgtype: &MessageType) -> Option<&str> {
    let formatted = match msgtype {
        MessageType::Text(c) => c.formatted.as_ref(),
        MessageType::Notice(c) => c.formatted.as_ref(),
        MessageType::Emote(c) => c.formatted.as_ref(),
        _ => None,
    }?;
    (formatted.format == MessageFormat::Html).then_some(formatted.body.as_str())
}

impl Engine {
    /// What the link dialog should show for link `index` of event `event_id`.
    pub async fn inspect_link(&self, room_id: &str, event_id: &str, index: usize) -> Result<LinkDialog> {
        let room = self.joined_room(room_id)?;
        let event_id: OwnedEventId = <&EventId>::try_from(event_id.trim())
            .map(ToOwned::to_owned)
            .map_err(|_| CoreError::InvalidId { kind: "event ID", input: event_id.to_owned() })?;
        let timeline = self.timeline(&room).await?;
        let item = timeline.item_by_event_id(&event_id).await.ok_or(CoreError::UnknownLink)?;
        let message = item.content().as_message().ok_or(CoreError::UnknownLink)?;
        let (links, _) = message_content(message.body(), Some(message.msgtype()));
        let link = links.get(index).ok_or(CoreError::UnknownLink)?;
        let sender_known = self.is_known_sender(&room, item.sender()).await;
        let policy = self.policy();
        let analysis = Analyser::new(LinkPolicy::from_policy(&policy)).analyse(
            &link.url,
            link.text.as_deref(),
            if sender_known { Sender::Known } else { Sender::Unknown },
        );
        Ok(LinkDialog { analysis, sender_known, require_confirmation: policy.links_require_confirmation })
    }

    /// Records that the user copied link `index` of `event_id` (the dialog's Copy), and
    /// returns the URL to copy; refused for links whose scheme must never be pasted anywhere.
    pub async fn link_to_copy(&self, room_id: &str, event_id: &str, index: usize) -> Result<String> {
        let analysis = self.inspect_link(room_id, event_id, index).await?.analysis;
        let domain =
            analysis.registrable_domain.clone().or_else(|| analysis.host.clone()).unwrap_or_default();
        let allowed = analysis.copy_allowed.then_some(analysis.url).flatten();
        self.audit(
            crate::audit::AuditEvent::new("link", if allowed.is_some() { "copied" } else { "copy_refused" })
                .with("room_id", room_id)
                .with("event_id", event_id)
                .with("domain", domain),
        );
        allowed.ok_or_else(|| CoreError::LinkBlocked {
            reason: "Links of this kind cannot be copied.".to_owned(),
        })
    }

    /// The URL to hand to the OS for link `index` of `event_id`, if the guard allows it:
    /// never for `block`, and for `warn` only once the user `acknowledged` the reasons.
    ///
    /// Every decision is recorded in the audit trail (domain and reason codes, never the
    /// full URL, which can carry tokens).
    pub async fn link_to_open(
        &self,
        room_id: &str,
        event_id: &str,
        index: usize,
        acknowledged: bool,
    ) -> Result<String> {
        let dialog = self.inspect_link(room_id, event_id, index).await?;
        let analysis = dialog.analysis;
        let codes: Vec<&str> = analysis.reasons.iter().map(|r| r.code.as_str()).collect();
        let domain =
            analysis.registrable_domain.clone().or_else(|| analysis.host.clone()).unwrap_or_default();
        let decision = match (analysis.verdict, analysis.in_app, acknowledged) {
            (Verdict::Block, ..) => Err(CoreError::LinkBlocked {
                reason: analysis.reasons.first().map_or_else(String::new, |r| r.message.clone()),
            }),
            (_, true, _) => Err(CoreError::LinkBlocked {
                reason: "Matrix links open inside Parley, not in a browser.".to_owned(),
            }),
            (Verdict::Warn, false, false) => Err(CoreError::LinkNotAcknowledged),
            _ => analysis.url.ok_or(CoreError::UnknownLink),
        };
        self.audit(
            crate::audit::AuditEvent::new("link", if decision.is_ok() { "opened" } else { "refused" })
                .with("room_id", room_id)
                .with("event_id", event_id)
                .with("domain", domain)
                .with("verdict", serde_json::to_value(analysis.verdict).unwrap_or_default())
                .with("codes", codes),
        );
        decision
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cover_the_body_and_number_links() {
        let body = "see https://a.example/x and www.b.example.";
        let (links, _) = message_content(body, None);
        let segs = segments(body, &links);
        let text: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, body);
        let linked: Vec<(&str, usize)> =
            segs.iter().filter_map(|s| Some((s.text.as_str(), s.link?))).collect();
        assert_eq!(linked, [("https://a.example/x", 0), ("www.b.example", 1)]);
    }

    #[test]
    fn html_messages_number_their_sanitised_anchors() {
        use matrix_sdk::ruma::events::room::message::TextMessageEventContent;
        let content = MessageType::Text(TextMessageEventContent::html(
            "paypal.com",
            r#"<a href="https://evil.example/">paypal.com</a>"#,
        ));
        let (links, html) = message_content("paypal.com", Some(&content));
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].url, "https://evil.example/");
        assert_eq!(links[0].text.as_deref(), Some("paypal.com"));
        assert_eq!(html.as_deref(), Some(r##"<a href="#link-0">paypal.com</a>"##));
    }
}
