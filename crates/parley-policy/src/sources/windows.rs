//! Windows: the registry under `SOFTWARE\Policies\Parley` in `HKLM` (machine) and
//! `HKCU` (user). Values directly under the key are mandatory; values under its
//! `Recommended` subkey are recommended. Booleans and numbers are `REG_DWORD`,
//! strings `REG_SZ`; a list is a subkey named after the key whose values are named
//! `1`, `2`, `3`, … (what the ADMX `<list valuePrefix="">` element writes).
//!
//! The registry is read into a small model ([`RegKey`]) — by the `winreg` crate on
//! Windows, or from the text of a `.reg` export ([`parse_reg_export`]) anywhere — and
//! [`documents_from_registry`] maps the model to policy documents, so the mapping is
//! tested on every platform.

use serde_json::Value;

use crate::{
    document::{PolicyDocument, PolicyLevel, Scope},
    error::ReadError,
    formats::MAX_FILE_SIZE,
    kind::{Kind, MAX_LIST_ITEMS},
    problem::Problem,
    schema::PolicyKey,
};

/// The policy key path inside `HKLM` and `HKCU`.
pub const POLICY_KEY_PATH: &str = r"SOFTWARE\Policies\Parley";
/// The subkey holding recommended values.
pub const RECOMMENDED: &str = "Recommended";
/// Most values or subkeys read from one registry key.
const MAX_REG_ENTRIES: usize = MAX_LIST_ITEMS + 1;

/// One registry value, as far as policy cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegValue {
    /// `REG_DWORD`.
    Dword(u32),
    /// `REG_QWORD`.
    Qword(u64),
    /// `REG_SZ` or `REG_EXPAND_SZ` (not expanded).
    Sz(String),
    /// `REG_MULTI_SZ`.
    MultiSz(Vec<String>),
    /// Any other type (named), which no policy key accepts.
    Other(String),
}

/// A registry key: its values and subkeys, in the order read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegKey {
    /// `(name, value)`; the default value has the empty name.
    pub values: Vec<(String, RegValue)>,
    /// `(name, key)`.
    pub subkeys: Vec<(String, RegKey)>,
}

impl RegKey {
    /// The subkey `name`, ignoring case as the registry does.
    pub fn subkey(&self, name: &str) -> Option<&RegKey> {
        self.subkeys.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, k)| k)
    }

    /// The key at a backslash-separated `path` below this one.
    pub fn path(&self, path: &str) -> Option<&RegKey> {
        path.split('\\').filter(|p| !p.is_empty()).try_fold(self, |key, part| key.subkey(part))
    }

    fn subkey_mut(&mut self, name: &str) -> &mut RegKey {
        let found = self.subkeys.iter().position(|(n, _)| n.eq_ignore_ascii_case(name));
        let index = found.unwrap_or_else(|| {
            self.subkeys.push((name.to_owned(), RegKey::default()));
            self.subkeys.len() - 1
        });
        &mut self.subkeys[index].1
    }

    fn set_value(&mut self, name: String, value: RegValue) {
        match self.values.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
    }
}

/// The hives of a `.reg` export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegExport {
    /// `HKEY_LOCAL_MACHINE`, if the export has it.
    pub local_machine: RegKey,
    /// `HKEY_CURRENT_USER`, if the export has it.
    pub current_user: RegKey,
}

impl RegExport {
    /// Policy documents from both hives.
    pub fn documents(&self) -> (Vec<PolicyDocument>, Vec<Problem>) {
        let mut docs = Vec::new();
        let mut problems = Vec::new();
        for (hive, name, scope) in [
            (&self.local_machine, "HKEY_LOCAL_MACHINE", Scope::Machine),
            (&self.current_user, "HKEY_CURRENT_USER", Scope::User),
        ] {
            if let Some(key) = hive.path(POLICY_KEY_PATH) {
                let (d, p) = documents_from_registry(key, scope, &format!(r"{name}\{POLICY_KEY_PATH}"));
                docs.extend(d);
                problems.extend(p);
            }
        }
        (docs, problems)
    }
}

/// Maps the `Parley` policy key of one hive to a mandatory and a recommended document.
pub fn documents_from_registry(
    parley: &RegKey,
    scope: Scope,
    source: &str,
) -> (Vec<PolicyDocument>, Vec<Problem>) {
    let mut docs = vec![level_document(parley, scope, PolicyLevel::Mandatory, source.to_owned())];
    if let Some(recommended) = parley.subkey(RECOMMENDED) {
        let source = format!(r"{source}\{RECOMMENDED}");
        docs.push(level_document(recommended, scope, PolicyLevel::Recommended, source));
    }
    (docs, Vec::new())
}

fn level_document(key: &RegKey, scope: Scope, level: PolicyLevel, source: String) -> PolicyDocument {
    let mut entries = Vec::new();
    for (name, value) in key.values.iter().take(MAX_REG_ENTRIES) {
        if name.is_empty() {
            continue; // The default value of a key carries no policy.
        }
        let policy_key = PolicyKey::from_name_ignore_case(name);
        let canonical = policy_key.map_or_else(|| name.clone(), |k| k.name().to_owned());
        entries.push((canonical, value_to_json(policy_key.map(|k| k.spec().kind), value)));
    }
    for (name, sub) in key.subkeys.iter().take(MAX_REG_ENTRIES) {
        if level == PolicyLevel::Mandatory && name.eq_ignore_ascii_case(RECOMMENDED) {
            continue;
        }
        let canonical =
            PolicyKey::from_name_ignore_case(name).map_or_else(|| name.clone(), |k| k.name().to_owned());
        entries.push((canonical, list_to_json(sub)));
    }
    PolicyDocument { source, scope, level, entries }
}

/// A `REG_DWORD` 0/1 is a boolean for bool keys; everything else keeps its own type,
/// so the schema check reports a mismatch.
fn value_to_json(kind: Option<Kind>, value: &RegValue) -> Value {
    match value {
        RegValue::Dword(n @ (0 | 1)) if kind == Some(Kind::Bool) => Value::Bool(*n == 1),
        RegValue::Dword(n) => Value::from(*n),
        RegValue::Qword(n) => Value::from(*n),
        RegValue::Sz(s) => Value::String(s.clone()),
        RegValue::MultiSz(items) => Value::from(items.clone()),
        RegValue::Other(_) => Value::Null,
    }
}

/// A list subkey: values named `1`, `2`, … in numeric order. A value with any other
/// name makes the whole list invalid (the key keeps its hardened default).
fn list_to_json(sub: &RegKey) -> Value {
    let mut numbered = Vec::new();
    for (name, value) in sub.values.iter().take(MAX_REG_ENTRIES) {
        let Ok(index) = name.parse::<u32>() else {
            return crate::formats::invalid_value(format!(
                "list value \"{name}\" is misnamed: list values are named 1, 2, 3, …"
            ));
        };
        let item = match value {
            RegValue::Sz(s) => Value::String(s.clone()),
            other => value_to_json(None, other),
        };
        numbered.push((index, item));
    }
    numbered.sort_by_key(|(i, _)| *i);
    Value::Array(numbered.into_iter().map(|(_, v)| v).collect())
}

/// Parses the text of a `.reg` export (`Windows Registry Editor Version 5.00` or
/// `REGEDIT4`; UTF-16LE with BOM as `regedit` writes it, or UTF-8).
pub fn parse_reg_export(bytes: &[u8]) -> Result<RegExport, ReadError> {
    if bytes.len() > MAX_FILE_SIZE {
        return Err(ReadError::TooLarge);
    }
    let text = decode_reg_text(bytes)?;
    let mut lines = logical_lines(&text).into_iter();
    let header = lines.by_ref().find(|(_, l)| !l.trim().is_empty());
    match header.as_ref().map(|(_, l)| l.trim()) {
        Some("Windows Registry Editor Version 5.00" | "REGEDIT4") => {}
        Some(_) => return Err(syntax(1, "missing the \"Windows Registry Editor Version 5.00\" header")),
        None => return Err(ReadError::Empty),
    }
    let mut export = RegExport::default();
    // The key values are being added to: (hive, path), or None after a deleted key.
    let mut current: Option<(bool, Vec<String>)> = None;
    for (number, line) in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[') {
            let section = section.strip_suffix(']').ok_or_else(|| syntax(number, "unterminated [key]"))?;
            if section.starts_with('-') {
                current = None;
                continue;
            }
            let mut parts = section.split('\\').filter(|p| !p.is_empty());
            let machine = match parts.next().map(str::to_ascii_uppercase).as_deref() {
                Some("HKEY_LOCAL_MACHINE" | "HKLM") => true,
                Some("HKEY_CURRENT_USER" | "HKCU") => false,
                _ => {
                    current = None;
                    continue;
                }
            };
            let path: Vec<String> = parts.map(str::to_owned).collect();
            key_at(&mut export, machine, &path);
            current = Some((machine, path));
            continue;
        }
        let (name, data) = parse_assignment(line).map_err(|why| syntax(number, &why))?;
        let Some(value) = parse_data(data).map_err(|why| syntax(number, &why))? else { continue };
        if let Some((machine, path)) = &current {
            key_at(&mut export, *machine, path).set_value(name, value);
        }
    }
    Ok(export)
}

fn key_at<'a>(export: &'a mut RegExport, machine: bool, path: &[String]) -> &'a mut RegKey {
    let hive = if machine { &mut export.local_machine } else { &mut export.current_user };
    path.iter().fold(hive, |key, part| key.subkey_mut(part))
}

fn syntax(line: usize, why: &str) -> ReadError {
    ReadError::Syntax { detail: format!("line {line}: {why}") }
}

fn decode_reg_text(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units = rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]]));
        return char::decode_utf16(units).collect::<Result<String, _>>().map_err(|_| ReadError::NotUtf8);
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| ReadError::NotUtf8)
}

/// Lines with `\` continuations (hex data) joined, each with its 1-based line number.
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut continuing = false;
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_end();
        let (body, continues) = match trimmed.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (trimmed, false),
        };
        match out.last_mut() {
            Some((_, last)) if continuing => last.push_str(body.trim_start()),
            _ => out.push((i + 1, body.to_owned())),
        }
        continuing = continues;
    }
    out
}

/// `"name"=data` or `@=data` → (name, data).
fn parse_assignment(line: &str) -> Result<(String, &str), String> {
    if let Some(data) = line.strip_prefix("@=") {
        return Ok((String::new(), data));
    }
    let rest = line.strip_prefix('"').ok_or("expected \"name\"=value")?;
    let (name, after) = parse_quoted(rest)?;
    let data = after.trim_start().strip_prefix('=').ok_or("expected = after the value name")?;
    Ok((name, data.trim()))
}

/// Reads a quoted string body (after the opening quote) with `\\` and `\"` escapes.
fn parse_quoted(s: &str) -> Result<(String, &str), String> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, &s[i + 1..])),
            '\\' => match chars.next() {
                Some((_, escaped)) => out.push(escaped),
                None => break,
            },
            other => out.push(other),
        }
    }
    Err("unterminated string".into())
}

/// Parses value data; `None` for a deletion (`-`).
fn parse_data(data: &str) -> Result<Option<RegValue>, String> {
    if data == "-" {
        return Ok(None);
    }
    if let Some(rest) = data.strip_prefix('"') {
        let (s, after) = parse_quoted(rest)?;
        if !after.trim().is_empty() {
            return Err("text after the closing quote".into());
        }
        return Ok(Some(RegValue::Sz(s)));
    }
    if let Some(hex) = data.strip_prefix("dword:") {
        let n = u32::from_str_radix(hex.trim(), 16).map_err(|_| format!("bad dword \"{hex}\""))?;
        return Ok(Some(RegValue::Dword(n)));
    }
    let (kind, hex) = data.split_once(':').ok_or_else(|| format!("unknown value data \"{data}\""))?;
    let bytes = hex
        .split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| u8::from_str_radix(b, 16).map_err(|_| format!("bad hex byte \"{b}\"")))
        .collect::<Result<Vec<u8>, String>>()?;
    Ok(Some(match kind {
        "hex(b)" => match <[u8; 8]>::try_from(bytes.as_slice()) {
            Ok(b) => RegValue::Qword(u64::from_le_bytes(b)),
            Err(_) => return Err("a qword needs 8 bytes".into()),
        },
        "hex(2)" => RegValue::Sz(utf16le_strings(&bytes)?.into_iter().next().unwrap_or_default()),
        "hex(7)" => RegValue::MultiSz(utf16le_strings(&bytes)?),
        "hex(4)" => match <[u8; 4]>::try_from(bytes.as_slice()) {
            Ok(b) => RegValue::Dword(u32::from_le_bytes(b)),
            Err(_) => return Err("a dword needs 4 bytes".into()),
        },
        "hex" => RegValue::Other("REG_BINARY".into()),
        other => RegValue::Other(other.to_owned()),
    }))
}

/// NUL-separated UTF-16LE strings (empty strings dropped).
fn utf16le_strings(bytes: &[u8]) -> Result<Vec<String>, String> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    units
        .split(|u| *u == 0)
        .filter(|s| !s.is_empty())
        .map(|s| String::from_utf16(s).map_err(|_| "bad UTF-16 in value".to_owned()))
        .collect()
}

/// Reads `HKLM` and `HKCU` policy keys with the `winreg` crate.
#[cfg(windows)]
pub fn load_registry() -> crate::document::Loaded {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, KEY_READ};

    let mut loaded = crate::document::Loaded::default();
    for (hive, name, scope) in [
        (HKEY_LOCAL_MACHINE, "HKEY_LOCAL_MACHINE", Scope::Machine),
        (HKEY_CURRENT_USER, "HKEY_CURRENT_USER", Scope::User),
    ] {
        let source = format!(r"{name}\{POLICY_KEY_PATH}");
        match winreg::RegKey::predef(hive).open_subkey_with_flags(POLICY_KEY_PATH, KEY_READ) {
            Ok(key) => {
                let (docs, problems) = documents_from_registry(&read_win_key(&key, 0), scope, &source);
                loaded.documents.extend(docs);
                loaded.problems.extend(problems);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => loaded.problems.push(ReadError::Io(e).into_problem(source)),
        }
    }
    loaded
}

/// The policy key and up to two levels of subkeys (`Recommended\List`).
#[cfg(windows)]
fn read_win_key(key: &winreg::RegKey, depth: usize) -> RegKey {
    use winreg::{enums::RegType, types::FromRegValue};

    let values =
        key.enum_values()
            .filter_map(Result::ok)
            .take(MAX_REG_ENTRIES)
            .map(|(name, v)| {
                let value =
                    match v.vtype {
                        RegType::REG_DWORD => u32::from_reg_value(&v)
                            .map_or(RegValue::Other("REG_DWORD".into()), RegValue::Dword),
                        RegType::REG_QWORD => u64::from_reg_value(&v)
                            .map_or(RegValue::Other("REG_QWORD".into()), RegValue::Qword),
                        RegType::REG_SZ | RegType::REG_EXPAND_SZ => {
                            String::from_reg_value(&v).map_or(RegValue::Other("REG_SZ".into()), RegValue::Sz)
                        }
                        RegType::REG_MULTI_SZ => Vec::<String>::from_reg_value(&v)
                            .map_or(RegValue::Other("REG_MULTI_SZ".into()), RegValue::MultiSz),
                        ref other => RegValue::Other(format!("{other:?}")),
                    };
                (name, value)
            })
            .collect();
    let subkeys = if depth < 2 {
        key.enum_keys()
            .filter_map(Result::ok)
            .take(MAX_REG_ENTRIES)
            .filter_map(|name| {
                let sub = key.open_subkey_with_flags(&name, winreg::enums::KEY_READ).ok()?;
                Some((name, read_win_key(&sub, depth + 1)))
            })
            .collect()
    } else {
        Vec::new()
    };
    RegKey { values, subkeys }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_strings_dwords_and_continued_hex() {
        let text = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Parley]\r\n\
                    \"A\"=\"x\\\\y \\\"q\\\"\"\r\n\"B\"=dword:0000000a\r\n\"C\"=hex(7):61,00,00,00,\\\r\n  62,00,00,00,00,00\r\n";
        let export = parse_reg_export(text.as_bytes()).expect("valid .reg");
        let key = export.local_machine.path(POLICY_KEY_PATH).expect("key present");
        assert_eq!(key.values[0], ("A".into(), RegValue::Sz("x\\y \"q\"".into())));
        assert_eq!(key.values[1], ("B".into(), RegValue::Dword(10)));
        assert_eq!(key.values[2], ("C".into(), RegValue::MultiSz(vec!["a".into(), "b".into()])));
    }
}
