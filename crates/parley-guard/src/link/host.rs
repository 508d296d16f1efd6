//! Host-name checks modelled on Chromium's IDN display policy.
//!
//! Chromium shows a host in Unicode only when no label could pass for another site; we use
//! the same rules to decide whether to *warn*, and always show both forms when they differ:
//!
//! - UTS #39 restriction level per label: single script, or Latin with Han/Kana/Hangul
//!   ("highly restrictive"), or Latin with one other recommended script that is not Greek
//!   or Cyrillic ("moderately restrictive"). Anything looser mixes alphabets.
//! - Characters outside the UTS #39 identifier profile (symbols, archaic letters).
//! - Whole-script confusables: a label entirely in another script whose skeleton is plain
//!   ASCII (`аррӏе` in Cyrillic) under a top-level domain that does not use that script.
//! - Kana and Han characters that look like Latin punctuation next to Latin letters.
//! - Combining diacritics left over after normalisation (`i̇`), deviation characters
//!   (`ß`, `ς`) outside the TLDs whose languages use them.
//! - The skeleton of the registrable domain equal to a well-known domain's (look-alike).

use std::collections::BTreeSet;

use unicode_script::{Script, UnicodeScript};
use unicode_security::mixed_script::AugmentedScriptSet;
use unicode_security::{GeneralSecurityProfile as _, RestrictionLevel};

use super::lists;
use super::reason::{Reason, ReasonCode};

/// What the host checks found out besides their reasons.
#[derive(Debug, Clone, Default)]
pub struct DomainInfo {
    /// The host in Unicode (equal to the ASCII form when it has no IDN labels).
    pub unicode: String,
    /// The registrable domain (eTLD+1) in ASCII, when the host has one.
    pub registrable: Option<String>,
}

/// Runs every host check on `ascii` (a host as the URL parser produced it) into `out`.
pub fn check_domain(ascii: &str, out: &mut Vec<Reason>) -> DomainInfo {
    let ascii = ascii.trim_end_matches('.');
    let (unicode, _) = idna::domain_to_unicode(ascii);
    let registrable = psl::domain_str(ascii).map(str::to_owned);
    let tld = ascii.rsplit('.').next().unwrap_or(ascii);

    if unicode != ascii {
        for label in unicode.split('.').filter(|label| !label.is_ascii()) {
            check_label(label, tld, out);
        }
    }
    if let Some(registrable) = &registrable {
        check_lookalike(registrable, out);
    }
    DomainInfo { unicode, registrable }
}

fn check_label(label: &str, tld: &str, out: &mut Vec<Reason>) {
    let chars: Vec<char> = label.chars().collect();
    let unusual: String = chars.iter().copied().filter(|&c| !is_allowed_char(c)).collect();
    if !unusual.is_empty() {
        out.push(
            Reason::new(
                ReasonCode::UnusualCharacters,
                format!(
                    "The address uses unusual characters ({}) that can imitate other letters.",
                    codepoints(&unusual)
                ),
            )
            .with("chars", codepoints(&unusual)),
        );
        return;
    }
    if let Some(message) = tld_specific_letter(&chars, tld) {
        let letters: String = chars.iter().copied().filter(|c| !c.is_ascii()).collect();
        out.push(Reason::new(ReasonCode::UnusualCharacters, message).with("chars", codepoints(&letters)));
    }
    if chars.iter().any(|&c| is_deviation(c) && !deviation_allowed(c, tld)) {
        out.push(Reason::new(
            ReasonCode::DeviationCharacters,
            "The address uses ß or ς, which some systems read as a different address.",
        ));
    }
    if has_repeated_mark(&chars) {
        out.push(Reason::new(
            ReasonCode::CombiningMarks,
            "The address repeats an accent mark, which can hide characters.",
        ));
    }
    if mixes_numbering_systems(&chars) {
        out.push(Reason::new(
            ReasonCode::MixedScripts,
            "The address mixes digits from different writing systems.",
        ));
    }
    let level = restriction_level(&chars);
    if level > RestrictionLevel::HighlyRestrictive {
        out.push(Reason::new(
            ReasonCode::MixedScripts,
            format!(
                "The address mixes letters from different alphabets ({}), a common way to imitate another site.",
                script_names(label)
            ),
        ));
        return;
    }
    if is_digit_lookalike(&chars) {
        out.push(Reason::new(
            ReasonCode::WholeScriptConfusable,
            "The address is made of characters that look like digits but are not.",
        ));
        return;
    }
    let special = chars.iter().any(|&c| is_kana_exception(c) || is_combining_diacritic(c));
    if level == RestrictionLevel::SingleScript && !special {
        if let Some(script) = whole_script_confusable(&chars, label, tld) {
            out.push(Reason::new(
                ReasonCode::WholeScriptConfusable,
                format!(
                    "The address is written entirely in {} letters that look like Latin ones.",
                    script.full_name()
                ),
            ));
        }
        return;
    }
    if chars.iter().any(|c| c.script() == Script::Latin && !c.is_ascii())
        && chars.iter().any(|c| !matches!(c.script(), Script::Latin | Script::Common | Script::Inherited))
    {
        out.push(Reason::new(
            ReasonCode::MixedScripts,
            "The address mixes accented Latin letters with another alphabet.",
        ));
    } else if let Some(message) = dangerous_pattern(&chars) {
        out.push(Reason::new(ReasonCode::MixedScripts, message));
    }
}

/// Flags a registrable domain that renders like a well-known one but is not it.
fn check_lookalike(registrable: &str, out: &mut Vec<Reason>) {
    if lists::is_well_known(registrable) {
        return;
    }
    let (unicode, _) = idna::domain_to_unicode(registrable);
    // Accents removed as well, as Chromium does: `googlé.com` reads as google.com.
    let target = lists::well_known_by_skeleton(&lists::skeleton_of(&unicode))
        .or_else(|| lists::well_known_by_skeleton(&lists::skeleton_of(&strip_diacritics(&unicode))))
        .or_else(|| {
            // Across top-level domains only for non-ASCII names: `apple.net` is a real, different
            // site, but `аpple.net` (Cyrillic а) exists only to be mistaken for Apple.
            let brand = lists::brand_of(registrable)?;
            let (brand_unicode, _) = idna::domain_to_unicode(brand);
            (!brand_unicode.is_ascii())
                .then(|| lists::well_known_by_brand_skeleton(&lists::skeleton_of(&brand_unicode)))
                .flatten()
        });
    if let Some(target) = target {
        out.push(Reason::new(
            ReasonCode::LookalikeDomain,
            format!(
                "This address imitates {target}: it looks the same but is a different site ({registrable})."
            ),
        )
        .with("target", target)
        .with("site", registrable));
    }
}

fn strip_diacritics(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.nfd()
        .filter(|&c| !is_combining_diacritic(c) && !matches!(c, '\u{033A}'..='\u{036F}'))
        .nfc()
        .collect()
}

fn codepoints(chars: &str) -> String {
    chars.chars().map(|c| format!("U+{:04X}", c as u32)).collect::<Vec<_>>().join(", ")
}

fn script_names(label: &str) -> String {
    let scripts: BTreeSet<&str> = label
        .chars()
        .map(|c| c.script())
        .filter(|s| !matches!(s, Script::Common | Script::Inherited | Script::Unknown))
        .map(Script::full_name)
        .collect();
    scripts.into_iter().collect::<Vec<_>>().join(" and ")
}

/// Characters that may appear in a displayed host: the UTS #39 identifier profile
/// (Recommended and Inclusion), plus Han, Bopomofo, Georgian and Myanmar letters that this
/// crate's older Unicode tables mark as limited or uncommon but current browsers display,
/// minus the look-alike punctuation and rare letter blocks Chromium and Firefox refuse.
fn is_allowed_char(c: char) -> bool {
    use unicode_security::general_security_profile::IdentifierType;
    let refused = matches!(
        c,
        '\u{0138}' | '\u{02BB}' | '\u{02BC}' | '\u{02EC}' | '\u{0338}' | '\u{058A}' | '\u{2010}'
            | '\u{2019}' | '\u{2027}' | '\u{30A0}' | '\u{01CD}'..='\u{01DC}' | '\u{1C80}'..='\u{1C8F}'
            | '\u{1E00}'..='\u{1E9B}' | '\u{1F00}'..='\u{1FFF}' | '\u{A640}'..='\u{A69F}' | '\u{A720}'..='\u{A7FF}'
    );
    if refused || crate::chars::is_invisible(c) {
        return false;
    }
    c.identifier_allowed()
        || is_deviation(c)
        || (matches!(c.identifier_type(), Some(IdentifierType::Uncommon_Use | IdentifierType::Limited_Use))
            && matches!(c.script(), Script::Han | Script::Bopomofo | Script::Georgian | Script::Myanmar))
}

/// The UTS #39 restriction level of a label whose characters all passed
/// [`is_allowed_char`] (the crate's own detector also applies its older character tables).
fn restriction_level(chars: &[char]) -> RestrictionLevel {
    if chars.iter().all(char::is_ascii) {
        return RestrictionLevel::ASCIIOnly;
    }
    let mut all = AugmentedScriptSet::default();
    let mut non_latin = AugmentedScriptSet::default();
    for &c in chars {
        let set = AugmentedScriptSet::for_char(c);
        all.intersect_with(set);
        if !set.base.contains_script(Script::Latin) {
            non_latin.intersect_with(set);
        }
    }
    if !all.is_empty() {
        RestrictionLevel::SingleScript
    } else if non_latin.kore || non_latin.hanb || non_latin.jpan {
        RestrictionLevel::HighlyRestrictive
    } else {
        RestrictionLevel::MinimallyRestrictive
    }
}

/// Letters that belong to one country's orthography and spoof Latin letters elsewhere:
/// þ and ð (b/p and o) outside Iceland and the Faroes, ə (e) outside Azerbaijan, and the
/// middle dot outside Catalan "l·l".
fn tld_specific_letter(chars: &[char], tld: &str) -> Option<&'static str> {
    if chars.len() > 1 && !matches!(tld, "is" | "fo") && chars.iter().any(|c| matches!(c, 'þ' | 'ð')) {
        return Some(
            "The address uses Icelandic letters (þ, ð) that look like b, p or o outside an Icelandic site.",
        );
    }
    if chars.len() > 1 && tld != "az" && chars.contains(&'ə') {
        return Some("The address uses the letter ə, which looks like e, outside an Azerbaijani site.");
    }
    if chars.contains(&'\u{05F4}')
        && tld != "il"
        && !chars.iter().any(|c| c.script() == Script::Hebrew && c.is_alphabetic())
    {
        return Some(
            "The address uses a Hebrew quotation mark outside Hebrew text, where it looks like punctuation.",
        );
    }
    let bad_dot = chars.iter().enumerate().any(|(i, &c)| {
        c == '·'
            && (tld != "cat" || i == 0 || i + 1 == chars.len() || chars[i - 1] != 'l' || chars[i + 1] != 'l')
    });
    bad_dot.then_some("The address uses a middle dot (·) that can pass for a real dot.")
}

/// The same non-spacing mark twice in a row draws one mark: the second is invisible.
fn has_repeated_mark(chars: &[char]) -> bool {
    use unicode_normalization::UnicodeNormalization as _;
    let decomposed: Vec<char> = chars.iter().copied().nfd().collect();
    decomposed.windows(2).any(|w| w[0] == w[1] && unicode_normalization::char::is_combining_mark(w[0]))
}

/// Decimal digits from two numbering systems (`1` and `১`) in one label.
fn mixes_numbering_systems(chars: &[char]) -> bool {
    let mut zero = None;
    for &c in chars {
        if let Some(z) = digit_zero(c) {
            if zero.is_some_and(|seen| seen != z) {
                return true;
            }
            zero = Some(z);
        }
    }
    false
}

/// The zero of the decimal-digit block `c` belongs to, for the common numbering systems.
fn digit_zero(c: char) -> Option<u32> {
    const ZEROS: [u32; 22] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
        0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0xFF10,
    ];
    let cp = c as u32;
    ZEROS.iter().copied().find(|&z| (z..z + 10).contains(&cp))
}

/// A label made only of ASCII digits and characters that look like digits (`θ`, `з`, `২`…).
fn is_digit_lookalike(chars: &[char]) -> bool {
    const LOOKALIKES: &str = "бθ२২੨૨೩೭շзҙӡउওਤ੩૩౩ဒვპੜკ੫丩ㄐճ৪੪୫૭୨౨";
    chars.iter().all(|c| c.is_ascii_digit() || LOOKALIKES.contains(*c))
        && chars.iter().any(|c| !c.is_ascii_digit())
}

fn is_kana_exception(c: char) -> bool {
    matches!(c, '\u{3078}'..='\u{307A}' | '\u{30D8}'..='\u{30DA}' | '\u{30FB}'..='\u{30FE}')
}

fn is_combining_diacritic(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{0339}')
}

/// Per script, the letters that look like Latin ones and the TLDs where a name written
/// only in them is ordinary (Chromium's whole-script confusable table).
const WHOLE_SCRIPT: &[(Script, &str, &[&str])] = &[
    (Script::Armenian, "ագզէլհյոսւօՙ", &["am"]),
    (Script::Cyrillic, "аысԁеԍһіюкјӏорԗԛѕԝхуъьҽпгѵѡ", &["bg", "by", "kz", "pyc", "ru", "su", "ua", "uz"]),
    (Script::Ethiopic, "ሀሠሰስበነተከዐዕዘጠፐꬅ", &["er", "et"]),
    (Script::Georgian, "იოყძხჽჿ", &["ge"]),
    (Script::Greek, "αικνρυωηοτ", &["gr"]),
    (Script::Hebrew, "דוחיןסװײ׳ﬦ", &["il"]),
    (Script::Bengali, "০৭", &[]),
    (Script::Devanagari, "ऽ०ॱ", &[]),
    (Script::Gujarati, "ડટ૦૧", &[]),
    (Script::Gurmukhi, "੦੧", &[]),
    (Script::Kannada, "ಽ೦೧", &[]),
    (Script::Malayalam, "ടഠധനറ൦", &[]),
    (Script::Oriya, "ଠ୦୮", &[]),
    (Script::Tamil, "டப௦", &[]),
    (Script::Telugu, "౦౧", &[]),
    (Script::Myanmar, "ခဂငထပဝ၀၂ၔၜ\u{1090}\u{1091}\u{1095}\u{1096}\u{1097}", &["mm"]),
    (Script::Thai, "ทนบพรหเแ๐ดลปฟม", &["th"]),
];

/// Ordinary words that happen to be written only in Latin-looking Cyrillic letters.
const ALLOWED_WHOLE_SCRIPT_WORDS: &[&str] =
    &["секс", "как", "коса", "курс", "парк", "такий", "укроп", "сахарок", "покраска"];

/// The script a label is a whole-script confusable in: every letter of that script in the
/// label looks Latin, and the TLD neither uses the script nor is listed for it.
fn whole_script_confusable(chars: &[char], label: &str, tld: &str) -> Option<Script> {
    if ALLOWED_WHOLE_SCRIPT_WORDS.contains(&label) {
        return None;
    }
    let (tld_unicode, _) = idna::domain_to_unicode(tld);
    WHOLE_SCRIPT.iter().find_map(|&(script, lookalikes, tlds)| {
        let mut letters = chars.iter().filter(|c| c.script() == script).peekable();
        let confusable = letters.peek().is_some() && letters.all(|c| lookalikes.contains(*c));
        let tld_ok = tlds.contains(&tld) || tld_unicode.chars().any(|c| c.script() == script);
        (confusable && !tld_ok).then_some(script)
    })
}

/// Whether `script` is among `c`'s script extensions; digits and punctuation (Common,
/// Inherited) belong to no script here, as in ICU's `\p{scx=…}`.
fn in_script(c: char, script: Script) -> bool {
    let ext = c.script_extension();
    !ext.is_common() && !ext.is_inherited() && ext.contains_script(script)
}

fn is_japanese(c: char) -> bool {
    in_script(c, Script::Katakana) || in_script(c, Script::Hiragana) || in_script(c, Script::Han)
}

/// Chromium's "dangerous patterns": Japanese and Chinese characters that pass for Latin
/// punctuation or letters next to non-Japanese text, and combining marks in places where
/// they hide which letter is there. `None` when the label has none.
fn dangerous_pattern(chars: &[char]) -> Option<&'static str> {
    const SLASH_LIKE: &str = "ノンソゾ丶乀乁丿";
    const CJK_LOOKALIKE: &str = "一ㄧ丨乛七丅十〇ㄒㄚㄟㄨㄩㄈㆺㆳ工ㆲ讠丁";
    let at = |i: usize| chars.get(i).copied();
    let before = |i: usize| i.checked_sub(1).and_then(at);
    let is_kana = |c: char| in_script(c, Script::Katakana);
    let is_hira = |c: char| in_script(c, Script::Hiragana);
    let is_cjk = |c: char| is_japanese(c) || in_script(c, Script::Bopomofo);
    let lgc = |c: char| {
        in_script(c, Script::Latin) || in_script(c, Script::Greek) || in_script(c, Script::Cyrillic)
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = before(i);
        let next = at(i + 1);
        let found = (SLASH_LIKE.contains(c)
            && prev.is_some_and(|p| !is_japanese(p))
            && next.is_some_and(|n| !is_japanese(n)))
            || (matches!(c, '\u{30FD}' | '\u{30FE}') && prev.is_none_or(|p| !is_kana(p)))
            || (c == '\u{30FC}' && prev.is_none_or(|p| !is_kana(p) && !is_hira(p)))
            || (c == '\u{30FB}'
                && (prev.is_some_and(|p| p.is_ascii_lowercase())
                    || next.is_some_and(|n| n.is_ascii_lowercase())))
            || (CJK_LOOKALIKE.contains(c)
                && (prev.is_some_and(|p| !is_cjk(p)) || next.is_some_and(|n| !is_cjk(n))))
            || (is_combining_diacritic(c) && prev.is_some_and(|p| !lgc(p) || p == '\u{0131}'))
            || matches!(c, '\u{3099}' | '\u{309A}')
            || (c == '\u{0307}' && prev.is_some_and(|p| matches!(p, 'i' | 'j' | 'l')));
        if found {
            return Some(
                "The address uses characters that look like punctuation or other letters in this position.",
            );
        }
    }
    let inner = |set: &dyn Fn(char) -> bool, odd: std::ops::RangeInclusive<char>| {
        chars.len() > 2
            && chars[1..chars.len() - 1].iter().any(|c| odd.contains(c))
            && chars.iter().all(|&c| odd.contains(&c) || set(c))
    };
    if inner(&is_kana, '\u{3078}'..='\u{307A}') || inner(&is_hira, '\u{30D8}'..='\u{30DA}') {
        return Some("The address mixes Hiragana and Katakana letters that look exactly alike.");
    }
    None
}

fn is_deviation(c: char) -> bool {
    matches!(c, 'ß' | 'ς')
}

fn deviation_allowed(c: char, tld: &str) -> bool {
    match c {
        'ß' => matches!(tld, "de" | "at" | "ch" | "li" | "lu"),
        'ς' => matches!(tld, "gr" | "cy" | "xn--qxam" | "xn--qxa6a"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(host: &str) -> Vec<ReasonCode> {
        let ascii = url::Url::parse(&format!("https://{host}/")).expect("test host parses");
        let mut out = Vec::new();
        check_domain(ascii.host_str().expect("host"), &mut out);
        out.into_iter().map(|r| r.code).collect()
    }

    #[test]
    fn idn_rules() {
        assert!(codes("example.com").is_empty());
        assert!(codes("bücher.de").is_empty());
        assert!(codes("правительство.рф").is_empty());
        assert!(codes("straße.de").is_empty());
        assert!(codes("例え.jp").is_empty());
        assert!(codes("аpple.com").contains(&ReasonCode::MixedScripts)); // Cyrillic а + Latin
        assert!(codes("аррӏе.com").contains(&ReasonCode::WholeScriptConfusable));
        assert!(!codes("аррӏе.ru").contains(&ReasonCode::WholeScriptConfusable));
        assert!(codes("straße.com").contains(&ReasonCode::DeviationCharacters));
        assert!(codes("google.com").is_empty());
    }
}
