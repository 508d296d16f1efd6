//! The built-in domain lists: well-known sites (targets for look-alikes) and URL shorteners.
//!
//! Both are plain text files under `data/`, compiled in so the guard needs no file or
//! network at run time. The well-known list is indexed by its UTS #39 skeleton, so a host
//! that *renders* like `paypal.com` is found in one lookup whatever characters it uses.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use unicode_security::skeleton;

const WELL_KNOWN: &str = include_str!("../../data/well_known_domains.txt");
const SHORTENERS: &str = include_str!("../../data/url_shorteners.txt");

fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

static WELL_KNOWN_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| entries(WELL_KNOWN).collect());

/// Skeleton of a well-known domain → the domain.
static WELL_KNOWN_BY_SKELETON: LazyLock<HashMap<String, &'static str>> =
    LazyLock::new(|| entries(WELL_KNOWN).map(|domain| (skeleton_of(domain), domain)).collect());

/// Skeleton of a well-known domain's name without its public suffix (`paypal` for
/// `paypal.com`) → the domain; names shorter than [`MIN_BRAND_LEN`] are left out because
/// short names collide with ordinary words.
static WELL_KNOWN_BRANDS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    entries(WELL_KNOWN)
        .filter_map(|domain| {
            let brand = brand_of(domain)?;
            (brand.chars().count() >= MIN_BRAND_LEN).then(|| (skeleton_of(brand), domain))
        })
        .collect()
});

static SHORTENER_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| entries(SHORTENERS).collect());

/// Shortest brand name compared across top-level domains.
const MIN_BRAND_LEN: usize = 5;

/// The UTS #39 skeleton of `text`, lower-cased first (hosts are case-insensitive).
pub fn skeleton_of(text: &str) -> String {
    skeleton(&text.to_lowercase()).collect()
}

/// `paypal` for `paypal.com`, `bbc` for `bbc.co.uk`; `None` when `domain` is only a suffix.
pub fn brand_of(domain: &str) -> Option<&str> {
    let suffix = psl::suffix_str(domain)?;
    let name = domain.strip_suffix(suffix)?.strip_suffix('.')?;
    Some(name.rsplit('.').next().unwrap_or(name))
}

/// Whether `domain` (ASCII, lower case) is on the well-known list.
pub fn is_well_known(domain: &str) -> bool {
    WELL_KNOWN_SET.contains(domain)
}

/// The well-known domain whose skeleton equals `skeleton`, if any.
pub fn well_known_by_skeleton(skeleton: &str) -> Option<&'static str> {
    WELL_KNOWN_BY_SKELETON.get(skeleton).copied()
}

/// The well-known domain whose brand name has this skeleton, if any.
pub fn well_known_by_brand_skeleton(skeleton: &str) -> Option<&'static str> {
    WELL_KNOWN_BRANDS.get(skeleton).copied()
}

/// Whether `domain` (a registrable domain, ASCII) is a known URL shortener.
pub fn is_shortener(domain: &str) -> bool {
    SHORTENER_SET.contains(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_clean() {
        for list in [WELL_KNOWN, SHORTENERS] {
            for entry in entries(list) {
                assert!(
                    entry
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'),
                    "{entry:?} is not a lower-case ASCII domain"
                );
                assert_eq!(psl::domain_str(entry), Some(entry), "{entry} is not a registrable domain");
            }
        }
        assert!(WELL_KNOWN_SET.is_disjoint(&SHORTENER_SET));
    }

    #[test]
    fn brands() {
        assert_eq!(brand_of("paypal.com"), Some("paypal"));
        assert_eq!(brand_of("bbc.co.uk"), Some("bbc"));
        assert_eq!(brand_of("com"), None);
    }
}
