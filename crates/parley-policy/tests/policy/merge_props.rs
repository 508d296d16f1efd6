//! Property tests for merging (issue 17, DESIGN.md §4): over arbitrary layers of every
//! real key (machine and user mandatory, machine and user recommended, the user's own
//! settings), with valid and bad values, a mandatory value is never loosened.
//!
//! - The strongest mandatory source that sets a key decides it, whatever every weaker layer
//!   holds: its value when valid, the hardened default when not, and locked either way.
//! - A bad value at the deciding level gives exactly the hardened default: never the
//!   user's or a weaker source's value.
//! - The user's own settings never change a key any policy sets.

use parley_policy::kind::Item;
use parley_policy::{
    Entries, KEYS, KeySpec, Kind, Level, Loaded, Policy, PolicyDocument, PolicyKey, PolicyLevel, Resolved,
    Scope, StrFormat, resolve,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Good and bad strings of each format (`Kind::validate` tells them apart).
fn strings(format: StrFormat) -> &'static [&'static str] {
    match format {
        StrFormat::HttpUrl => &[
            "https://matrix.example.org",
            "http://localhost:8008/",
            "https://evil.example",
            "ftp://example.org",
            "https://user@example.org",
            "example.org",
        ],
        StrFormat::ServerName => {
            &["example.org", "example.org:8448", "evil.example", "exa mple.org", "-x.example"]
        }
        StrFormat::Domain => &["example.org", "evil.example", "example.org:443", ""],
        StrFormat::Scheme => &["https", "http", "mailto", "ssh", "javascript", "Data", "https://"],
        StrFormat::FileExtension => &["exe", "tar.gz", "js", ".exe", ""],
        StrFormat::ScannerAddress => &[
            "unix:/run/clamav/clamd.ctl",
            "tcp:scanner.example.org:3310",
            "icap://scanner:1344/avscan",
            "unix:relative",
            "tcp:host",
        ],
        StrFormat::NamedPattern => &["staff-id=S\\d{6}", "card=\\d{16}", "no-equals", "x=("],
        StrFormat::Pattern => &["(?i)casino", "secret", "(", "[z-a]"],
        _ => &["", "x"],
    }
}

fn enum_values(variants: &'static [parley_policy::kind::EnumVariant]) -> BoxedStrategy<String> {
    prop_oneof![
        4 => prop::sample::select(variants).prop_map(|v| v.value.to_owned()),
        1 => prop::sample::select(&["", "none", "BLOCK", "Copy-Only", "on"][..]).prop_map(str::to_owned),
    ]
    .boxed()
}

/// Values for a key of `kind`: mostly well-typed (valid or out of range), sometimes junk.
fn value(kind: Kind) -> BoxedStrategy<Value> {
    let typed = match kind {
        Kind::Bool => any::<bool>().prop_map(Value::from).boxed(),
        Kind::Int { min, max } => prop_oneof![
            4 => (min..=max).prop_map(Value::from),
            1 => prop::sample::select(vec![min - 1, max + 1, -1, i64::MAX]).prop_map(Value::from),
            1 => Just(json!(2.5)),
        ]
        .boxed(),
        Kind::Str(format) => prop::sample::select(strings(format)).prop_map(Value::from).boxed(),
        Kind::Enum(variants) => enum_values(variants).prop_map(Value::from).boxed(),
        Kind::List(Item::Str(format)) => {
            prop::collection::vec(prop::sample::select(strings(format)), 0..4).prop_map(Value::from).boxed()
        }
        Kind::List(Item::Enum(variants)) => {
            prop::collection::vec(enum_values(variants), 0..4).prop_map(Value::from).boxed()
        }
        _ => Just(Value::Null).boxed(),
    };
    let junk = prop::sample::select(vec![
        Value::Null,
        json!("true"),
        json!(1),
        json!(false),
        json!([1, 2]),
        json!({ "value": true }),
        json!("x".repeat(3000)),
    ]);
    prop_oneof![6 => typed, 1 => junk].boxed()
}

/// One `(key, value)` entry over the real keys, or now and then a key Parley does not know.
fn entry() -> impl Strategy<Value = (String, Value)> {
    prop_oneof![
        12 => prop::sample::select(KEYS)
            .prop_flat_map(|spec: KeySpec| value(spec.kind).prop_map(move |v| (spec.name.to_owned(), v))),
        1 => (prop::sample::select(&["ShareEverything", "requireencryption", "DLPMode"][..]), any::<bool>())
            .prop_map(|(k, v)| (k.to_owned(), Value::from(v))),
    ]
}

fn documents() -> impl Strategy<Value = Vec<PolicyDocument>> {
    let document = (any::<bool>(), any::<bool>(), prop::collection::vec(entry(), 0..12));
    prop::collection::vec(document, 0..7).prop_map(|docs| {
        docs.into_iter()
            .enumerate()
            .map(|(n, (machine, mandatory, entries))| PolicyDocument {
                source: format!("doc-{n}"),
                scope: if machine { Scope::Machine } else { Scope::User },
                level: if mandatory { PolicyLevel::Mandatory } else { PolicyLevel::Recommended },
                entries,
            })
            .collect()
    })
}

/// DESIGN.md §4, strongest first.
fn rank(doc: &PolicyDocument) -> usize {
    match (doc.level, doc.scope) {
        (PolicyLevel::Mandatory, Scope::Machine) => 0,
        (PolicyLevel::Mandatory, Scope::User) => 1,
        (PolicyLevel::Recommended, Scope::Machine) => 2,
        (PolicyLevel::Recommended, Scope::User) => 3,
    }
}

/// The value that decides `key`: from the strongest level that sets it, the last one set
/// there (documents in the order read, entries in file order), with its document.
fn deciding<'d>(docs: &'d [PolicyDocument], key: PolicyKey) -> Option<(&'d PolicyDocument, &'d Value)> {
    let set = |doc: &'d PolicyDocument| {
        doc.entries.iter().rev().find(|(name, _)| name == key.name()).map(|(_, value)| (doc, value))
    };
    let strongest = docs.iter().filter(|d| set(d).is_some()).map(rank).min()?;
    docs.iter().rev().filter(|d| rank(d) == strongest).find_map(set)
}

fn merged(docs: &[PolicyDocument], settings: &Entries) -> Resolved {
    resolve(&Loaded { documents: docs.to_vec(), problems: Vec::new() }, settings)
}

proptest! {
    #[test]
    fn a_valid_mandatory_value_always_wins(docs in documents(), settings in prop::collection::vec(entry(), 0..12)) {
        let resolved = merged(&docs, &settings);
        let defaults = Policy::hardened_default();
        for spec in KEYS {
            let Some((doc, value)) = deciding(&docs, spec.key) else { continue };
            if doc.level != PolicyLevel::Mandatory {
                continue;
            }
            let e = resolved.explain(spec.key);
            let expected = if spec.kind.validate(value).is_ok() { value.clone() } else { defaults.get(spec.key) };
            prop_assert_eq!(&e.value, &expected, "{} set to {} by {}", spec.name, value, doc.source);
            prop_assert_eq!(&resolved.policy.get(spec.key), &expected, "{}", spec.name);
            prop_assert!(e.locked && e.level == Level::Mandatory, "{}: {:?}", spec.name, e);
            prop_assert!(e.source.starts_with(&doc.source), "{}: {} is not {}", spec.name, e.source, doc.source);
        }
    }

    #[test]
    fn a_bad_value_gives_the_hardened_default_never_a_weaker_value(
        docs in documents(),
        settings in prop::collection::vec(entry(), 0..12),
    ) {
        let resolved = merged(&docs, &settings);
        let defaults = Policy::hardened_default();
        for spec in KEYS {
            // No policy: the user decides, unless every value they set is bad.
            let bad = if let Some((_, value)) = deciding(&docs, spec.key) {
                spec.kind.validate(value).is_err()
            } else {
                let mine: Vec<&Value> = settings.iter().filter(|(k, _)| k == spec.name).map(|(_, v)| v).collect();
                !mine.is_empty() && mine.iter().all(|v| spec.kind.validate(v).is_err())
            };
            if bad {
                prop_assert_eq!(&resolved.policy.get(spec.key), &defaults.get(spec.key), "{}", spec.name);
            }
        }
    }

    #[test]
    fn user_settings_never_change_a_key_a_policy_sets(
        docs in documents(),
        settings in prop::collection::vec(entry(), 0..24),
    ) {
        let with = merged(&docs, &settings);
        let without = merged(&docs, &Vec::new());
        for spec in KEYS {
            if deciding(&docs, spec.key).is_some() {
                prop_assert_eq!(with.explain(spec.key), without.explain(spec.key), "{}", spec.name);
            }
        }
    }
}
