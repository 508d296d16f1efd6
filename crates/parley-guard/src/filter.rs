//! The organisation's incoming content filter (`IncomingContentFilter`): regular
//! expressions an incoming message's text is matched against. Used for IM hygiene
//! (known scam or malware lures); what happens to a match is the engine's business.

use regex::Regex;

use crate::dlp::{PatternProblem, organisation_regex};

/// A pattern of the policy that was not compiled (and so filters nothing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("IncomingContentFilter pattern {index} was ignored: {detail}")]
pub struct FilterPatternError {
    /// Its position in the list (from 1, as administrators count).
    pub index: usize,
    /// Why.
    pub detail: String,
}

/// The compiled filter. Empty: nothing matches.
#[derive(Debug, Clone, Default)]
pub struct ContentFilter {
    patterns: Vec<Regex>,
}

impl ContentFilter {
    /// Compiles `patterns`; a bad one is left out and reported, the others still apply.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> (Self, Vec<FilterPatternError>) {
        let mut compiled = Vec::new();
        let mut errors = Vec::new();
        for (i, pattern) in patterns.iter().enumerate() {
            match organisation_regex(pattern.as_ref()) {
                Ok(regex) => compiled.push(regex),
                Err(problem) => errors.push(FilterPatternError {
                    index: i + 1,
                    detail: match problem {
                        PatternProblem::Bad(detail) => detail,
                        PatternProblem::MatchesEmpty => "it matches every message".into(),
                    },
                }),
            }
        }
        (Self { patterns: compiled }, errors)
    }

    /// Whether `text` matches any pattern.
    pub fn matches(&self, text: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(text))
    }

    /// Whether there is nothing to match against.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_match_anywhere_in_the_text_counts_and_bad_patterns_are_reported_not_fatal() {
        let (filter, errors) =
            ContentFilter::new(&["(?i)free\\s+gift\\s+card", "(", ".*", "wire\\s+transfer"]);
        assert!(filter.matches("Claim your FREE gift  card now"));
        assert!(filter.matches("please do the wire transfer today"));
        assert!(!filter.matches("lunch at noon?"));
        let indexes: Vec<usize> = errors.iter().map(|e| e.index).collect();
        assert_eq!(indexes, [2, 3]);
        assert_eq!(errors[1].detail, "it matches every message");
    }

    #[test]
    fn an_empty_filter_matches_nothing() {
        let (filter, errors) = ContentFilter::new::<&str>(&[]);
        assert!(filter.is_empty() && errors.is_empty() && !filter.matches("anything"));
    }
}
