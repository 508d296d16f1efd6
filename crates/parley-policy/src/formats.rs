//! Parsers for the policy file formats: Linux JSON, macOS plist and Windows `.reg`
//! exports. All of them turn bytes into the same intermediate model: a list of
//! `(key, value)` entries with JSON values, checked later against the schema.
//!
//! Every parser is bounded: input is capped at [`MAX_FILE_SIZE`] before parsing,
//! nesting at [`MAX_DEPTH`] (checked by a flat scan before any recursive parser
//! runs), and nothing here panics on any input.

use std::{
    io::{Cursor, Read},
    path::Path,
};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::{describe, error::ReadError};

/// Largest policy file read, in bytes (1 MiB).
pub const MAX_FILE_SIZE: usize = 1 << 20;
/// Deepest nesting of arrays/objects accepted in a policy file.
pub const MAX_DEPTH: usize = 16;

/// `(key as written, value)` pairs in document order.
pub type Entries = Vec<(String, Value)>;

/// The member name of [`invalid_value`] markers.
const INVALID_MARKER: &str = "$parley-invalid";

/// A value a source could not represent (e.g. a registry list with misnamed
/// values): validation refuses it with `reason`, so the key keeps its hardened default.
pub fn invalid_value(reason: impl Into<String>) -> Value {
    serde_json::json!({ INVALID_MARKER: reason.into() })
}

/// The reason of an [`invalid_value`] marker.
pub fn invalid_reason(value: &Value) -> Option<&str> {
    value.as_object().filter(|o| o.len() == 1).and_then(|o| o.get(INVALID_MARKER)).and_then(Value::as_str)
}

/// A parsed document: its entries and the keys that appeared more than once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The entries; for a repeated key, only its last occurrence.
    pub entries: Entries,
    /// Keys written more than once (the last one counts).
    pub duplicates: Vec<String>,
}

/// Reads a regular file of at most [`MAX_FILE_SIZE`] bytes.
///
/// Refuses anything that is not a regular file before opening it, so a FIFO or a
/// device cannot make the reader block or read forever.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_FILE_SIZE as u64 {
        return Err(ReadError::TooLarge);
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(MAX_FILE_SIZE));
    // One byte more than the cap tells a file that grew since `metadata` apart.
    file.take(MAX_FILE_SIZE as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Checks the encoding of a text policy file: UTF-8, no BOM, not UTF-16, not blank.
fn utf8_text(bytes: &[u8]) -> Result<&str, ReadError> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(ReadError::Bom);
    }
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || (bytes.len() >= 2 && (bytes[0] == 0 || bytes[1] == 0))
    {
        return Err(ReadError::Utf16);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(text)
}

/// Nesting depth of JSON text, by a flat scan that understands strings.
fn json_depth_ok(text: &str) -> Result<(), ReadError> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ReadError::TooDeep { limit: MAX_DEPTH });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Parses a Linux policy file: one JSON object whose members are policy keys.
pub fn parse_json(bytes: &[u8]) -> Result<Parsed, ReadError> {
    let text = utf8_text(bytes)?;
    json_depth_ok(text)?;
    let value: Value = serde_json::from_str(text).map_err(|e| ReadError::Syntax { detail: e.to_string() })?;
    if !value.is_object() {
        return Err(ReadError::NotAnObject { found: describe(&value) });
    }
    // Parse again keeping every member in order, to report repeated keys
    // (a `Value` keeps only the last one silently).
    let all: AllMembers =
        serde_json::from_str(text).map_err(|e| ReadError::Syntax { detail: e.to_string() })?;
    Ok(dedup(all.0))
}

fn dedup(members: Entries) -> Parsed {
    let mut parsed = Parsed::default();
    for (key, value) in members {
        if let Some(slot) = parsed.entries.iter_mut().find(|(k, _)| *k == key) {
            slot.1 = value;
            if !parsed.duplicates.contains(&key) {
                parsed.duplicates.push(key);
            }
        } else {
            parsed.entries.push((key, value));
        }
    }
    parsed
}

/// Every member of a JSON object, repeated keys included.
struct AllMembers(Entries);

impl<'de> Deserialize<'de> for AllMembers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = AllMembers;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AllMembers, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    members.push(entry);
                }
                Ok(AllMembers(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Parses a macOS preferences plist (XML or binary): a dictionary of policy keys.
pub fn parse_plist(bytes: &[u8]) -> Result<Parsed, ReadError> {
    let dict = plist_dictionary(bytes)?;
    Ok(Parsed {
        entries: dict.into_iter().map(|(k, v)| (k, plist_to_json(v))).collect(),
        duplicates: Vec::new(),
    })
}

/// The payloads of a `.mobileconfig` whose `PayloadType` is `payload_type`, as documents.
pub fn parse_mobileconfig(bytes: &[u8], payload_type: &str) -> Result<Vec<Parsed>, ReadError> {
    let dict = plist_dictionary(bytes)?;
    let Some(plist::Value::Array(payloads)) = dict.get("PayloadContent") else {
        return Err(ReadError::NotAnObject { found: "a profile without a PayloadContent list".into() });
    };
    let mut out = Vec::new();
    for payload in payloads {
        let Some(payload) = payload.as_dictionary() else { continue };
        if payload.get("PayloadType").and_then(plist::Value::as_string) != Some(payload_type) {
            continue;
        }
        let entries = payload
            .iter()
            .filter(|(k, _)| !k.starts_with("Payload"))
            .map(|(k, v)| (k.clone(), plist_to_json(v.clone())))
            .collect();
        out.push(Parsed { entries, duplicates: Vec::new() });
    }
    Ok(out)
}

fn plist_dictionary(bytes: &[u8]) -> Result<plist::Dictionary, ReadError> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    // The event reader is iterative: check the depth before building a tree.
    let mut depth = 0usize;
    for event in plist::stream::Reader::new(Cursor::new(bytes)) {
        match event.map_err(|e| ReadError::Syntax { detail: e.to_string() })? {
            plist::stream::Event::StartArray(_) | plist::stream::Event::StartDictionary(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ReadError::TooDeep { limit: MAX_DEPTH });
                }
            }
            plist::stream::Event::EndCollection => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    match plist::Value::from_reader(Cursor::new(bytes)) {
        Ok(plist::Value::Dictionary(dict)) => Ok(dict),
        Ok(_) => Err(ReadError::NotAnObject { found: "not a dictionary".into() }),
        Err(e) => Err(ReadError::Syntax { detail: e.to_string() }),
    }
}

/// plist values in the JSON model. Types with no policy meaning (data, dates, UIDs)
/// become `null`, which no key accepts.
fn plist_to_json(value: plist::Value) -> Value {
    match value {
        plist::Value::Boolean(b) => Value::Bool(b),
        plist::Value::Integer(i) => match (i.as_signed(), i.as_unsigned()) {
            (Some(n), _) => Value::from(n),
            (None, Some(n)) => Value::from(n),
            (None, None) => Value::Null,
        },
        plist::Value::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        plist::Value::String(s) => Value::String(s),
        plist::Value::Array(items) => Value::Array(items.into_iter().map(plist_to_json).collect()),
        plist::Value::Dictionary(dict) => {
            Value::Object(dict.into_iter().map(|(k, v)| (k, plist_to_json(v))).collect())
        }
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_order_and_reports_duplicates() {
        let parsed = parse_json(br#"{"A": 1, "B": 2, "A": 3}"#).expect("valid JSON");
        assert_eq!(parsed.entries, vec![("A".into(), Value::from(3)), ("B".into(), Value::from(2))]);
        assert_eq!(parsed.duplicates, vec!["A".to_owned()]);
    }

    #[test]
    fn depth_scan_ignores_brackets_in_strings() {
        let text = format!("{{\"A\": \"{}\"}}", "[".repeat(100));
        assert!(parse_json(text.as_bytes()).is_ok());
        let deep = format!("{{\"A\": {}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(matches!(parse_json(deep.as_bytes()), Err(ReadError::TooDeep { .. })));
    }
}
