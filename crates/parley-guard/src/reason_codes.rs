//! The one table shape behind `link::ReasonCode` and `file::ReasonCode`.
//!
//! Each guard lists its codes once, with a documentation line, the stable string and the
//! usual severity; [`reason_codes!`] turns that list into the public enum, `ALL`,
//! `as_str()` and `severity()`. The guards keep their own `Severity` types (links have no
//! `Info`), which the caller names.

/// Defines `pub enum ReasonCode` in the calling module, from a list of
/// `Variant = "stable_code", SeverityVariant;` lines with their doc comments.
///
/// The list is preceded by the documentation and signature of the two methods, so each
/// guard documents them in its own words and names its own severity type:
///
/// ```text
/// reason_codes! {
///     /// The code as it appears in JSON (`scheme_blocked`, …).
///     fn as_str(self) -> &'static str;
///     /// How much this signal weighs on its own.
///     fn severity(self) -> Severity;
///
///     /// The scheme is not allowed.
///     SchemeBlocked = "scheme_blocked", Block;
/// }
/// ```
macro_rules! reason_codes {
    (
        $(#[doc = $as_str_doc:literal])*
        fn as_str(self) -> &'static str;
        $(#[doc = $severity_doc:literal])*
        fn severity(self) -> $severity_type:ident;

        $($(#[doc = $doc:literal])* $variant:ident = $code:literal, $severity:ident;)*
    ) => {
        /// A stable identifier for each signal; tests, the audit log and admins rely on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize)]
        #[non_exhaustive]
        pub enum ReasonCode {
            $($(#[doc = $doc])* #[serde(rename = $code)] $variant,)*
        }

        impl ReasonCode {
            /// Every code, in declaration order.
            pub const ALL: &[ReasonCode] = &[$(ReasonCode::$variant),*];

            $(#[doc = $as_str_doc])*
            pub fn as_str(self) -> &'static str {
                match self { $(ReasonCode::$variant => $code,)* }
            }

            $(#[doc = $severity_doc])*
            pub fn severity(self) -> $severity_type {
                match self { $(ReasonCode::$variant => $severity_type::$severity,)* }
            }
        }
    };
}

pub(crate) use reason_codes;

#[cfg(test)]
mod tests {
    /// Checks one guard's codes: unique, snake case, and serialised as `as_str()` says.
    fn assert_codes_are_unique_snake_case<C: serde::Serialize>(
        all: &[C],
        as_str: impl Fn(&C) -> &'static str,
    ) {
        let mut seen = std::collections::HashSet::new();
        for code in all {
            let s = as_str(code);
            assert!(seen.insert(s), "{s} twice");
            assert!(s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{s}");
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::Value::from(s)), "{s}");
        }
    }

    #[test]
    fn link_codes_are_unique_snake_case() {
        use crate::link::ReasonCode;
        assert_codes_are_unique_snake_case(ReasonCode::ALL, |c| c.as_str());
    }

    #[test]
    fn file_codes_are_unique_snake_case() {
        use crate::file::ReasonCode;
        assert_codes_are_unique_snake_case(ReasonCode::ALL, |c| c.as_str());
    }
}
