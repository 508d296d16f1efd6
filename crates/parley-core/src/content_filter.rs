//! The organisation's incoming content filter in the engine (`IncomingContentFilter`,
//! `IncomingContentFilterAction`). Every incoming message view passes [`Screen::screen`]
//! before anyone sees it: the timeline, the event stream (and so notifications), search.
//! A match is hidden behind a notice (`filtered`, the person may show it anyway) or, under
//! `remove`, not shown at all. Each filtered message is audited once per run, by id.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex, PoisonError, RwLock},
};

use parley_guard::filter::ContentFilter;
use parley_policy::{IncomingContentFilterAction, Policy};

use crate::{
    audit::{AuditEvent, AuditLog},
    views::MessageView,
};

/// The filter in force, shared by the engine and every timeline watcher; replaced whole
/// when the policy changes.
#[derive(Clone)]
pub(crate) struct Screen {
    current: Arc<RwLock<Arc<Compiled>>>,
    audit: Option<Arc<AuditLog>>,
    recorded: Arc<Mutex<HashSet<String>>>,
}

struct Compiled {
    filter: ContentFilter,
    action: IncomingContentFilterAction,
}

impl Compiled {
    fn from_policy(policy: &Policy) -> Self {
        let (filter, errors) = ContentFilter::new(&policy.incoming_content_filter);
        for error in errors {
            tracing::warn!(%error, "IncomingContentFilter: pattern ignored");
        }
        Self { filter, action: policy.incoming_content_filter_action }
    }
}

impl Screen {
    pub(crate) fn new(policy: &Policy, audit: Option<Arc<AuditLog>>) -> Self {
        Self {
            current: Arc::new(RwLock::new(Arc::new(Compiled::from_policy(policy)))),
            audit,
            recorded: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// Applies a new policy's filter from the next message on.
    pub(crate) fn set_policy(&self, policy: &Policy) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(Compiled::from_policy(policy));
    }

    /// The view to show: `view` itself, marked `filtered` when it matches and the action
    /// is `hide`, or `None` when it matches and the action is `remove`. The signed-in
    /// user's own messages are never filtered (the filter is for what comes in).
    pub(crate) fn screen(&self, mut view: MessageView) -> Option<MessageView> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner).clone();
        if view.own || current.filter.is_empty() || !current.filter.matches(&view.body) {
            return Some(view);
        }
        let removed = current.action == IncomingContentFilterAction::Remove;
        self.record(&view, if removed { "removed" } else { "hidden" });
        if removed {
            return None;
        }
        view.filtered = true;
        Some(view)
    }

    fn record(&self, view: &MessageView, decision: &'static str) {
        let (Some(log), Some(event_id)) = (&self.audit, &view.event_id) else { return };
        if self.recorded.lock().unwrap_or_else(PoisonError::into_inner).insert(event_id.clone()) {
            log.record(
                &AuditEvent::new("content_filter", decision)
                    .with("room_id", view.room_id.clone())
                    .with("event_id", event_id.clone())
                    .with("sender", view.sender.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(patterns: &[&str], action: IncomingContentFilterAction) -> Policy {
        let mut policy = Policy::default();
        policy.incoming_content_filter = patterns.iter().map(|p| (*p).to_owned()).collect();
        policy.incoming_content_filter_action = action;
        policy
    }

    fn incoming(body: &str) -> MessageView {
        MessageView { body: body.to_owned(), event_id: Some("$e".into()), ..MessageView::default() }
    }

    #[test]
    fn a_match_is_hidden_or_removed_as_the_policy_says_and_own_messages_pass() {
        let hide = Screen::new(&policy(&["(?i)gift card"], IncomingContentFilterAction::Hide), None);
        assert!(hide.screen(incoming("Buy a GIFT CARD now")).is_some_and(|v| v.filtered));
        assert!(hide.screen(incoming("lunch?")).is_some_and(|v| !v.filtered));
        let own = MessageView { own: true, ..incoming("gift card for you") };
        assert!(hide.screen(own).is_some_and(|v| !v.filtered));

        hide.set_policy(&policy(&["(?i)gift card"], IncomingContentFilterAction::Remove));
        assert!(hide.screen(incoming("Buy a GIFT CARD now")).is_none());
        assert!(hide.screen(incoming("lunch?")).is_some());
    }
}
