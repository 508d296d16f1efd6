//! What a file really is, from its first bytes ("magic numbers"), whatever its name says.
//!
//! Parley's own checks come first for everything that runs code or hides it: Windows
//! programs (`MZ`/PE), ELF, Mach-O (32/64-bit, both byte orders, universal), Java classes,
//! `#!` scripts, Windows shortcuts (`.lnk`, `.url`, `.scf`) and Linux `.desktop` launchers,
//! OLE2 (legacy Office, MSI), zip and the formats built on it, PDF, HTML, SVG and RTF. The
//! [`infer`] crate then names the ordinary media, font and archive formats. Text that
//! matches nothing is `text/plain`.

use serde::Serialize;

use super::lists::{self, Family};
use super::ole::{self, OleInfo, OleKind};
use super::source::Bytes;
use super::zip::{self, RawEntry};

/// Bytes of the head the checks look at.
pub const HEAD_LEN: usize = 8 * 1024;
/// A Windows shortcut: header size 0x4C and the shell link class id.
const LNK_MAGIC: [u8; 20] = [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46];
/// Extensions `infer` reports for formats that run code.
const INFER_EXECUTABLE: &[&str] = &["exe", "dll", "elf", "mach", "class", "dex", "dey", "crx", "deb", "rpm"];

/// The type the content really has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectedType {
    /// The MIME type (`application/pdf`, `application/vnd.microsoft.portable-executable`).
    pub mime: String,
    /// The usual extension, lower case without the dot; a short type name for formats that
    /// have none (`elf`, `macho`).
    pub extension: String,
    /// Whether the content runs code when opened: native programs, Java and Android
    /// bytecode, `#!` scripts, shortcuts, installers (MSI, MSIX, DEB, RPM), JAR and APK.
    pub executable: bool,
}

impl DetectedType {
    fn new(mime: &str, extension: &str, executable: bool) -> Self {
        Self { mime: mime.to_owned(), extension: extension.to_owned(), executable }
    }

    /// The family of the content, when Parley knows it.
    pub(crate) fn family(&self) -> Option<Family> {
        lists::family_of_extension(&self.extension)
    }

    /// A short description for messages and details: `a Windows program (PE)`.
    pub(crate) fn describe(&self) -> String {
        let what = match self.extension.as_str() {
            "exe" | "dll" => "a Windows program",
            "elf" => "a Linux program",
            "macho" => "a macOS program",
            "class" => "a Java program",
            "jar" => "a Java archive",
            "apk" => "an Android app",
            "lnk" | "url" | "scf" => "a Windows shortcut",
            "desktop" => "a Linux launcher",
            "msi" | "msp" | "mst" | "msix" | "msixbundle" | "deb" | "rpm" => "an installer",
            "sh" | "py" | "pl" | "rb" | "js" | "ps1" | "php" => "a script",
            _ => return format!("{} ({})", self.family().map_or("a file", Family::describe), self.mime),
        };
        format!("{what} ({})", self.mime)
    }
}

/// Detects the type of a file from its first bytes (pass at least [`HEAD_LEN`] when you
/// have them). Small zips and OLE files that fit in `head` are looked inside too.
///
/// ```
/// use parley_guard::file::detect;
///
/// let elf = detect(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").expect("ELF");
/// assert!(elf.executable);
/// assert_eq!(detect(b"%PDF-1.7\n").map(|t| t.mime), Some("application/pdf".to_owned()));
/// assert_eq!(detect(b"hello, world\n").map(|t| t.extension), Some("txt".to_owned()));
/// assert_eq!(detect(b""), None);
/// ```
pub fn detect(head: &[u8]) -> Option<DetectedType> {
    let mut detected = sniff(head)?;
    let mut src: &[u8] = head;
    if head.starts_with(&ole::MAGIC) {
        let Ok(info) = ole::read(&mut src, head);
        refine_ole(&mut detected, &info);
    } else if is_zip_magic(head) {
        let Ok(listing) = zip::read(&mut src);
        if let zip::ZipRead::Listing(listing) = listing {
            refine_zip(&mut detected, &listing.entries);
        }
    }
    Some(detected)
}

/// Whether `head` starts like a zip.
pub(crate) fn is_zip_magic(head: &[u8]) -> bool {
    [zip::LOCAL_MAGIC, zip::EOCD_MAGIC, zip::SPANNED_MAGIC].iter().any(|m| head.starts_with(m))
}

/// The type from the head alone, before looking inside containers.
pub(crate) fn sniff(head: &[u8]) -> Option<DetectedType> {
    if head.is_empty() {
        return None;
    }
    if let Some(native) = native_program(head) {
        return Some(native);
    }
    if head.starts_with(&LNK_MAGIC[..8]) {
        return Some(DetectedType::new("application/x-ms-shortcut", "lnk", true));
    }
    if head.starts_with(&ole::MAGIC) {
        return Some(DetectedType::new("application/x-ole-storage", "ole", false));
    }
    if is_zip_magic(head) {
        let guess = infer::get(head)
            .filter(|t| ["docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"].contains(&t.extension()))
            .map_or_else(
                || DetectedType::new("application/zip", "zip", false),
                |t| DetectedType::new(t.mime_type(), t.extension(), false),
            );
        return Some(guess);
    }
    if let Some(rest) = head.strip_prefix(b"#!") {
        return Some(shebang(rest));
    }
    if head.starts_with(b"%PDF-") {
        return Some(DetectedType::new("application/pdf", "pdf", false));
    }
    let text = looks_like_text(head);
    if text {
        if let Some(found) = text_format(head) {
            return Some(found);
        }
        return Some(DetectedType::new("text/plain", "txt", false));
    }
    if head[..head.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Some(DetectedType::new("application/pdf", "pdf", false));
    }
    infer::get(head).map(|t| {
        let extension = t.extension().to_ascii_lowercase();
        let executable = INFER_EXECUTABLE.contains(&extension.as_str());
        DetectedType::new(t.mime_type(), &extension, executable)
    })
}

/// PE/DOS, ELF, Mach-O and Java class files.
fn native_program(head: &[u8]) -> Option<DetectedType> {
    if head.starts_with(b"MZ") && head.len() >= 64 && !looks_like_text(&head[..64]) {
        let pe = head.u32_at(0x3C).and_then(|at| usize::try_from(at).ok());
        let signature = pe.and_then(|at| head.get(at..at.checked_add(4)?));
        return Some(match signature {
            Some(b"PE\0\0") => {
                let dll = pe.and_then(|at| head.u16_at(at.checked_add(22)?)).is_some_and(|c| c & 0x2000 != 0);
                DetectedType::new(
                    "application/vnd.microsoft.portable-executable",
                    if dll { "dll" } else { "exe" },
                    true,
                )
            }
            _ => DetectedType::new("application/x-dosexec", "exe", true),
        });
    }
    if head.starts_with(b"\x7fELF") {
        return Some(DetectedType::new("application/x-executable", "elf", true));
    }
    let magic = head.get(..4)?;
    let be = u32::from_be_bytes(magic.try_into().ok()?);
    match be {
        0xFEED_FACE | 0xFEED_FACF | 0xCEFA_EDFE | 0xCFFA_EDFE => {
            Some(DetectedType::new("application/x-mach-binary", "macho", true))
        }
        0xCAFE_BABE | 0xCAFE_BABF => {
            // Universal (fat) Mach-O binaries and Java classes share a magic: a fat binary
            // has a handful of architectures, a class file a version of 45 or more.
            let second = head.get(4..8).and_then(|b| b.try_into().ok()).map_or(0, u32::from_be_bytes);
            if second > 0 && second < 45 {
                Some(DetectedType::new("application/x-mach-binary", "macho", true))
            } else {
                Some(DetectedType::new("application/java-vm", "class", true))
            }
        }
        _ => None,
    }
}

/// A `#!` script, named after its interpreter.
fn shebang(rest: &[u8]) -> DetectedType {
    let line = rest.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = String::from_utf8_lossy(&line[..line.len().min(256)]).to_ascii_lowercase();
    let mut words = line.split_whitespace();
    let mut program = words.next().and_then(|p| p.rsplit('/').next()).unwrap_or_default();
    if program == "env" {
        program = words.find(|w| !w.starts_with('-')).unwrap_or_default();
    }
    let (mime, ext) = match program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.') {
        "python" | "pypy" => ("text/x-python", "py"),
        "perl" => ("text/x-perl", "pl"),
        "ruby" => ("text/x-ruby", "rb"),
        "node" | "nodejs" | "deno" | "bun" => ("text/javascript", "js"),
        "pwsh" | "powershell" => ("application/x-powershell", "ps1"),
        "php" => ("application/x-httpd-php", "php"),
        _ => ("text/x-shellscript", "sh"),
    };
    DetectedType::new(mime, ext, true)
}

/// Text formats that matter: shortcuts, markup, RTF.
fn text_format(head: &[u8]) -> Option<DetectedType> {
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = &start[start.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(start.len())..];
    let lower: Vec<u8> = start[..start.len().min(1024)].to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"[internetshortcut]") {
        return Some(DetectedType::new("application/x-mswinurl", "url", true));
    }
    if lower.starts_with(b"[shell]") {
        return Some(DetectedType::new("application/x-ms-shortcut", "scf", true));
    }
    if lower.starts_with(b"[desktop entry]") {
        return Some(DetectedType::new("application/x-desktop", "desktop", true));
    }
    if lower.starts_with(b"{\\rtf") {
        return Some(DetectedType::new("application/rtf", "rtf", false));
    }
    if !lower.starts_with(b"<") {
        return None;
    }
    let svg = has(b"<svg");
    let html =
        [&b"<html"[..], b"<script", b"<iframe", b"<body", b"<head", b"<!doctype html", b"<meta", b"<form"]
            .iter()
            .any(|tag| has(tag))
            || whatwg_html_start(&lower);
    if lower.starts_with(b"<?xml") && !svg && !html {
        return Some(DetectedType::new("application/xml", "xml", false));
    }
    if svg && !has(b"<html") {
        return Some(DetectedType::new("image/svg+xml", "svg", false));
    }
    html.then(|| DetectedType::new("text/html", "html", false))
}

/// The WHATWG MIME sniffing rule for HTML: one of these tags, then a space or `>`.
fn whatwg_html_start(lower: &[u8]) -> bool {
    const TAGS: &[&[u8]] = &[
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<script",
        b"<iframe",
        b"<h1",
        b"<div",
        b"<font",
        b"<table",
        b"<a",
        b"<style",
        b"<title",
        b"<b",
        b"<body",
        b"<br",
        b"<p",
        b"<!--",
    ];
    TAGS.iter().any(|tag| {
        lower.starts_with(tag)
            && lower.get(tag.len()).is_some_and(|&b| b == b' ' || b == b'>' || *tag == b"<!--")
    })
}

/// Whether `head` is text: UTF-8 (a character cut at the end is fine) or UTF-16 with a
/// byte-order mark, without NUL or control characters other than tab, line breaks, form
/// feed and escape.
pub(crate) fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return head.len().is_multiple_of(2);
    }
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => {
            // Only an incomplete character at the very end.
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !valid.is_empty()
        && !valid.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C' | '\x1B'))
}

/// Refines a compound file's type from its directory.
pub(crate) fn refine_ole(detected: &mut DetectedType, info: &OleInfo) {
    *detected = match info.kind {
        OleKind::Installer(ext) => DetectedType::new("application/x-msi", ext, true),
        OleKind::Word => DetectedType::new("application/msword", "doc", false),
        OleKind::Excel => DetectedType::new("application/vnd.ms-excel", "xls", false),
        OleKind::PowerPoint => DetectedType::new("application/vnd.ms-powerpoint", "ppt", false),
        OleKind::OutlookMessage => DetectedType::new("application/vnd.ms-outlook", "msg", false),
        OleKind::Visio => DetectedType::new("application/vnd.visio", "vsd", false),
        OleKind::Unknown => return,
    };
}

/// Whether a zip's entries hold macros (a VBA project or Excel 4.0 macro sheets).
pub(crate) fn zip_has_macros(entries: &[RawEntry]) -> bool {
    entries.iter().any(|e| {
        let name = e.name.to_ascii_lowercase();
        name.ends_with("vbaproject.bin") || name.starts_with("xl/macrosheets/")
    })
}

/// Refines a zip's type from its entry names: Office Open XML (and whether it holds
/// macros), JAR, APK, MSIX.
pub(crate) fn refine_zip(detected: &mut DetectedType, entries: &[RawEntry]) {
    let names: Vec<String> = entries.iter().map(|e| e.name.to_ascii_lowercase().replace('\\', "/")).collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let under = |dir: &str| names.iter().any(|n| n.starts_with(dir));
    let macros = zip_has_macros(entries);
    let found = if has("appxmanifest.xml") {
        DetectedType::new("application/msix", "msix", true)
    } else if has("appxmetadata/appxbundlemanifest.xml") {
        DetectedType::new("application/msixbundle", "msixbundle", true)
    } else if has("androidmanifest.xml") && has("classes.dex") {
        DetectedType::new("application/vnd.android.package-archive", "apk", true)
    } else if has("meta-inf/manifest.mf") || names.iter().any(|n| extension_is(n, "class")) {
        DetectedType::new("application/java-archive", "jar", true)
    } else if has("[content_types].xml") {
        let (mime, ext, macro_mime, macro_ext) = if under("word/") {
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "docx",
                "application/vnd.ms-word.document.macroEnabled.12",
                "docm",
            )
        } else if under("xl/") {
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
                "application/vnd.ms-excel.sheet.macroEnabled.12",
                "xlsm",
            )
        } else if under("ppt/") {
            (
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "pptx",
                "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
                "pptm",
            )
        } else if under("visio/") {
            (
                "application/vnd.ms-visio.drawing",
                "vsdx",
                "application/vnd.ms-visio.drawing.macroEnabled.12",
                "vsdm",
            )
        } else {
            return;
        };
        if macros {
            DetectedType::new(macro_mime, macro_ext, false)
        } else {
            DetectedType::new(mime, ext, false)
        }
    } else {
        return;
    };
    *detected = found;
}

/// Whether `name` (already lower case) ends in `.ext`.
fn extension_is(name: &str, ext: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, e)| e == ext)
}

/// Whether a zip is a document or package format (its entries are parts of one file, not
/// files the user will extract).
pub(crate) fn is_document_container(detected: &DetectedType) -> bool {
    lists::family_of_extension(&detected.extension) == Some(Family::Zip)
        && !matches!(detected.extension.as_str(), "zip" | "zipx")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(bytes: &[u8]) -> Option<(String, bool)> {
        detect(bytes).map(|t| (t.extension, t.executable))
    }

    fn pe(dll: bool) -> Vec<u8> {
        let mut bytes = vec![0u8; 512];
        bytes[..2].copy_from_slice(b"MZ");
        bytes[0x3C] = 0x80;
        bytes[0x80..0x84].copy_from_slice(b"PE\0\0");
        bytes[0x84..0x86].copy_from_slice(&0x8664u16.to_le_bytes());
        if dll {
            bytes[0x96..0x98].copy_from_slice(&0x2022u16.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn programs() {
        assert_eq!(ext(&pe(false)), Some(("exe".into(), true)));
        assert_eq!(ext(&pe(true)), Some(("dll".into(), true)));
        assert_eq!(ext(b"\x7fELF\x02\x01\x01"), Some(("elf".into(), true)));
        for magic in [
            [0xFE, 0xED, 0xFA, 0xCE],
            [0xFE, 0xED, 0xFA, 0xCF],
            [0xCE, 0xFA, 0xED, 0xFE],
            [0xCF, 0xFA, 0xED, 0xFE],
        ] {
            assert_eq!(ext(&[&magic[..], &[0; 28]].concat()), Some(("macho".into(), true)));
        }
        assert_eq!(ext(b"\xCA\xFE\xBA\xBE\0\0\0\x02\0\0\0\x07"), Some(("macho".into(), true)));
        assert_eq!(ext(b"\xCA\xFE\xBA\xBE\0\0\0\x34\0\0"), Some(("class".into(), true)));
        assert_eq!(ext(&LNK_MAGIC), Some(("lnk".into(), true)));
        assert_eq!(ext(b"#!/usr/bin/env python3\nprint(1)\n"), Some(("py".into(), true)));
        assert_eq!(ext(b"#!/bin/sh\nrm -rf ~\n"), Some(("sh".into(), true)));
        assert_eq!(
            ext(b"[InternetShortcut]\r\nURL=file:///c:/windows/system32/calc.exe\r\n"),
            Some(("url".into(), true))
        );
        assert_eq!(ext(b"[Desktop Entry]\nExec=sh -c evil\n"), Some(("desktop".into(), true)));
    }

    #[test]
    fn text_starting_with_mz_is_text() {
        let text = b"MZ Holdings plc, annual report for the year ending 31 December, page one of many.";
        assert_eq!(ext(text), Some(("txt".into(), false)));
    }

    #[test]
    fn markup() {
        assert_eq!(ext(b"\xEF\xBB\xBF  <!DOCTYPE html><title>x</title>"), Some(("html".into(), false)));
        assert_eq!(ext(b"<p>hi</p>"), Some(("html".into(), false)));
        assert_eq!(ext(b"<div class=x><SCRIPT>alert(1)</SCRIPT>"), Some(("html".into(), false)));
        assert_eq!(
            ext(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Some(("svg".into(), false))
        );
        assert_eq!(ext(b"<?xml version=\"1.0\"?><note/>"), Some(("xml".into(), false)));
        assert_eq!(ext(b"{\\rtf1\\ansi hello}"), Some(("rtf".into(), false)));
        assert_eq!(ext(b"a <b> is bold"), Some(("txt".into(), false)));
    }

    #[test]
    fn media_and_documents() {
        assert_eq!(ext(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(("png".into(), false)));
        assert_eq!(ext(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"), Some(("jpg".into(), false)));
        assert_eq!(ext(b"GIF89a\x01\0\x01\0\x80\0\0"), Some(("gif".into(), false)));
        assert_eq!(ext(b"RIFF\x24\0\0\0WEBPVP8 "), Some(("webp".into(), false)));
        assert_eq!(ext(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"), Some(("pdf".into(), false)));
        let docx = zip::build(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w/>")]);
        assert_eq!(ext(&docx), Some(("docx".into(), false)));
        let macro_doc = zip::build(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w/>"),
            ("word/vbaProject.bin", b"\xD0\xCF"),
        ]);
        assert_eq!(ext(&macro_doc), Some(("docm".into(), false)));
        let jar = zip::build(&[("META-INF/MANIFEST.MF", b"Main-Class: x"), ("x.class", b"\xCA\xFE\xBA\xBE")]);
        assert_eq!(ext(&jar), Some(("jar".into(), true)));
        assert_eq!(ext(&zip::build(&[("a.txt", b"a")])), Some(("zip".into(), false)));
        assert_eq!(ext(&ole::build(Some(ole::MSI_CLSID), &[])), Some(("msi".into(), true)));
        assert_eq!(ext(&ole::build(None, &["WordDocument"])), Some(("doc".into(), false)));
        assert_eq!(ext(&[0x00, 0x01, 0x02, 0x03]), None);
    }

    #[test]
    fn text_detection() {
        assert!(looks_like_text("héllo wörld".as_bytes()));
        assert!(!looks_like_text(&"é".as_bytes()[..1]));
        assert!(looks_like_text(&"abcé".as_bytes()[..4]));
        assert!(!looks_like_text(b"nul\0inside"));
        assert!(!looks_like_text(b""));
    }
}
