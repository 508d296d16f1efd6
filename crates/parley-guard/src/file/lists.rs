//! The built-in danger list (`data/dangerous_file_types.txt`, from Chromium's download file
//! types) and the table of extension families used to compare a name with the content.
//!
//! The list is compiled in and parsed once; a malformed row is a build-time bug that the
//! unit tests catch, and it is skipped rather than trusted at run time.

use std::collections::HashMap;
use std::sync::LazyLock;

const DANGEROUS_FILE_TYPES: &str = include_str!("../../data/dangerous_file_types.txt");

/// What Parley does with a file type of the danger list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Never released: on the default `BlockedFileExtensions`.
    Block,
    /// Released after the user acknowledges the reason.
    Warn,
    /// An archive: no danger of its own, its content is what matters.
    Archive,
}

/// What a dangerous file is, for the message the user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A program.
    Executable,
    /// A script run by an interpreter the OS starts on a double click.
    Script,
    /// An installer or a package.
    Installer,
    /// A shortcut to a program, file or website.
    Shortcut,
    /// A disk image the OS mounts.
    DiskImage,
    /// A document that runs macros.
    MacroDocument,
    /// HTML or SVG: runs script in a browser.
    ActiveContent,
    /// A Java program.
    Java,
    /// Program code other programs load (DLLs, drivers, plug-ins).
    Library,
    /// Settings for the system or a program (registry files, profiles, certificates).
    System,
    /// An archive.
    Archive,
    /// Anything else the source rates dangerous.
    Other,
}

/// One row of the danger list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DangerEntry {
    /// Lower-case extension without the dot.
    pub extension: &'static str,
    /// Chromium's rating (`dangerous`, `allow_on_user_gesture`, `archive`, `not_dangerous`,
    /// or `-` when Chromium does not list the type).
    pub chromium: &'static str,
    /// Where Chromium's rating applies.
    pub platforms: &'static str,
    /// Parley's decision.
    pub decision: Decision,
    /// What the file is.
    pub kind: Kind,
}

impl DangerEntry {
    /// Where this row comes from, in one line for [`super::Reason::detail`].
    pub fn provenance(&self) -> String {
        match self.chromium {
            "-" => format!(".{} is on Parley's own list (Chromium does not list it)", self.extension),
            "not_dangerous" => {
                format!(".{} is on Parley's own list (Chromium rates it not dangerous)", self.extension)
            }
            level => format!(
                "Chromium's download file types rate .{} {level} on {}",
                self.extension, self.platforms
            ),
        }
    }
}

fn parse_row(line: &'static str) -> Option<DangerEntry> {
    let mut cols = line.split_whitespace();
    let extension = cols.next()?;
    let chromium = cols.next()?;
    let platforms = cols.next()?;
    let decision = match cols.next()? {
        "block" => Decision::Block,
        "warn" => Decision::Warn,
        "archive" => Decision::Archive,
        _ => return None,
    };
    let kind = match cols.next()? {
        "executable" => Kind::Executable,
        "script" => Kind::Script,
        "installer" => Kind::Installer,
        "shortcut" => Kind::Shortcut,
        "disk_image" => Kind::DiskImage,
        "macro_document" => Kind::MacroDocument,
        "active_content" => Kind::ActiveContent,
        "java" => Kind::Java,
        "library" => Kind::Library,
        "system" => Kind::System,
        "archive" => Kind::Archive,
        "other" => Kind::Other,
        _ => return None,
    };
    if cols.next().is_some() {
        return None;
    }
    Some(DangerEntry { extension, chromium, platforms, decision, kind })
}

fn rows() -> impl Iterator<Item = &'static str> {
    DANGEROUS_FILE_TYPES.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

static DANGER: LazyLock<HashMap<&'static str, DangerEntry>> =
    LazyLock::new(|| rows().filter_map(parse_row).map(|entry| (entry.extension, entry)).collect());

/// The danger-list row for `extension` (lower case, no dot), if any.
pub fn danger(extension: &str) -> Option<&'static DangerEntry> {
    DANGER.get(extension)
}

/// Every extension the danger list blocks, sorted: the default `BlockedFileExtensions`.
#[cfg(test)]
pub fn blocked_by_default() -> Vec<&'static str> {
    let mut list: Vec<&'static str> =
        DANGER.values().filter(|e| e.decision == Decision::Block).map(|e| e.extension).collect();
    list.sort_unstable();
    list
}

/// Whether a file named `….extension` tells the user it runs code: the danger list blocks
/// it. A program whose name says so is not *disguised* (it is still blocked by name).
pub fn admits_code(extension: &str) -> bool {
    danger(extension).is_some_and(|e| e.decision == Decision::Block)
}

/// Broad kinds of content, to tell whether a name, a declared MIME type and the bytes agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Raster images.
    Image,
    /// SVG drawings (they can hold script).
    Svg,
    /// HTML and web archives.
    Html,
    /// Audio.
    Audio,
    /// Video.
    Video,
    /// PDF.
    Pdf,
    /// Rich Text Format (opened by word processors, whatever the extension).
    Rtf,
    /// Zip and the formats built on it (Office Open XML, `OpenDocument`, EPUB, JAR, APK, MSIX).
    Zip,
    /// OLE2 compound files (legacy Office, MSI, Outlook messages).
    Ole,
    /// Other archives and compressed files.
    Archive,
    /// Fonts.
    Font,
    /// Plain text and text-based data formats.
    Text,
    /// Scripts (text that runs).
    Script,
    /// Native programs and bytecode.
    Executable,
    /// Shortcuts.
    Shortcut,
}

impl Family {
    /// Whether content of family `self` may carry a name or declared type of family `other`.
    pub fn compatible(self, other: Family) -> bool {
        self == other
            || matches!((self, other), (Family::Text, Family::Script) | (Family::Script, Family::Text))
    }

    /// What to call this family in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Family::Image => "an image",
            Family::Svg => "an SVG drawing",
            Family::Html => "a web page",
            Family::Audio => "audio",
            Family::Video => "a video",
            Family::Pdf => "a PDF document",
            Family::Rtf => "an RTF document",
            Family::Zip => "a zip-based file",
            Family::Ole => "a legacy Office or installer file",
            Family::Archive => "an archive",
            Family::Font => "a font",
            Family::Text => "text",
            Family::Script => "a script",
            Family::Executable => "a program",
            Family::Shortcut => "a shortcut",
        }
    }
}

const FAMILIES: &[(Family, &[&str])] = &[
    (
        Family::Image,
        &[
            "jpg", "jpeg", "jpe", "jfif", "pjpeg", "pjp", "png", "apng", "gif", "webp", "bmp", "dib", "tif",
            "tiff", "ico", "cur", "heic", "heif", "avif", "jxl", "jp2", "jpx", "j2k", "jxr", "psd", "cr2",
            "ora", "djvu",
        ],
    ),
    (Family::Svg, &["svg", "svgz"]),
    (
        Family::Html,
        &[
            "htm", "html", "xhtml", "xht", "xhtm", "shtml", "shtm", "sht", "dhtml", "dhtm", "dht", "ehtml",
            "mht", "mhtml", "hta",
        ],
    ),
    (
        Family::Audio,
        &[
            "mp3", "m4a", "aac", "ogg", "oga", "opus", "flac", "wav", "weba", "mid", "midi", "amr", "aiff",
            "aif", "dsf", "ape", "wma",
        ],
    ),
    (Family::Video, &["mp4", "m4v", "mov", "mkv", "webm", "avi", "wmv", "mpg", "mpeg", "flv", "3gp", "ogv"]),
    (Family::Pdf, &["pdf"]),
    (Family::Rtf, &["rtf"]),
    (
        Family::Zip,
        &[
            "zip",
            "zipx",
            "docx",
            "docm",
            "dotx",
            "dotm",
            "xlsx",
            "xlsm",
            "xltx",
            "xltm",
            "xlam",
            "xlsb",
            "pptx",
            "pptm",
            "potx",
            "potm",
            "ppsx",
            "ppsm",
            "ppam",
            "sldx",
            "sldm",
            "vsdx",
            "vsdm",
            "vssx",
            "vssm",
            "vstx",
            "vstm",
            "odt",
            "ods",
            "odp",
            "odg",
            "odf",
            "ott",
            "ots",
            "otp",
            "epub",
            "jar",
            "apk",
            "aab",
            "xpi",
            "whl",
            "nupkg",
            "ipa",
            "appx",
            "appxbundle",
            "msix",
            "msixbundle",
            "kmz",
            "oxt",
        ],
    ),
    (
        Family::Ole,
        &[
            "doc", "dot", "xls", "xlt", "xla", "ppt", "pot", "pps", "msi", "msp", "mst", "msg", "vsd", "vss",
            "vst", "pub", "mpp", "ole",
        ],
    ),
    (
        Family::Archive,
        &[
            "7z", "rar", "gz", "gzip", "tgz", "bz2", "bz3", "tbz", "tbz2", "xz", "txz", "zst", "lz", "lz4",
            "lzma", "tar", "cab", "cpio", "z", "ar", "par2",
        ],
    ),
    (Family::Font, &["woff", "woff2", "ttf", "otf", "eot"]),
    (
        Family::Text,
        &[
            "txt", "text", "csv", "tsv", "md", "markdown", "log", "json", "yaml", "yml", "toml", "xml",
            "ics", "vcf",
        ],
    ),
    (Family::Script, &["sh", "bash", "py", "pl", "rb", "js", "ps1", "bat", "cmd", "vbs"]),
    (
        Family::Executable,
        &[
            "exe", "dll", "scr", "sys", "com", "cpl", "ocx", "drv", "efi", "elf", "so", "dylib", "macho",
            "mach", "out", "run", "class", "dex", "dey", "crx", "deb", "rpm",
        ],
    ),
    (Family::Shortcut, &["lnk", "url", "website", "desktop", "scf", "webloc"]),
];

static FAMILY_OF: LazyLock<HashMap<&'static str, Family>> = LazyLock::new(|| {
    FAMILIES.iter().flat_map(|(family, exts)| exts.iter().map(move |ext| (*ext, *family))).collect()
});

/// The family of files named `….extension` (lower case), when Parley knows it.
pub fn family_of_extension(extension: &str) -> Option<Family> {
    FAMILY_OF.get(extension).copied()
}

/// The family a declared MIME type claims; `None` for `application/octet-stream` and types
/// Parley does not know (they claim nothing).
pub fn family_of_mime(mime: &str) -> Option<Family> {
    let essence = mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let family = match essence.as_str() {
        "image/svg+xml" => Family::Svg,
        "text/html"
        | "application/xhtml+xml"
        | "message/rfc822"
        | "multipart/related"
        | "application/hta" => Family::Html,
        "application/pdf" => Family::Pdf,
        "application/rtf" | "text/rtf" => Family::Rtf,
        "text/x-shellscript"
        | "application/x-sh"
        | "text/x-python"
        | "text/x-script.python"
        | "application/x-python-code"
        | "text/javascript"
        | "application/javascript"
        | "application/x-javascript"
        | "text/x-perl"
        | "application/x-perl"
        | "text/x-ruby"
        | "application/x-powershell"
        | "application/x-bat"
        | "application/x-msdos-program"
        | "text/vbscript" => Family::Script,
        "application/zip"
        | "application/x-zip-compressed"
        | "application/epub+zip"
        | "application/java-archive"
        | "application/vnd.android.package-archive"
        | "application/msix"
        | "application/vnd.ms-appx" => Family::Zip,
        "application/msword"
        | "application/vnd.ms-excel"
        | "application/vnd.ms-powerpoint"
        | "application/x-ole-storage"
        | "application/vnd.ms-outlook"
        | "application/vnd.visio" => Family::Ole,
        "application/x-msdownload"
        | "application/vnd.microsoft.portable-executable"
        | "application/x-dosexec"
        | "application/x-executable"
        | "application/x-elf"
        | "application/x-mach-binary"
        | "application/x-sharedlib"
        | "application/java-vm"
        | "application/x-java-applet"
        | "application/x-msi"
        | "application/x-ms-installer"
        | "application/vnd.debian.binary-package"
        | "application/x-rpm"
        | "application/x-apple-diskimage" => Family::Executable,
        "application/x-ms-shortcut" | "application/x-mswinurl" | "application/x-desktop" => Family::Shortcut,
        "application/x-7z-compressed"
        | "application/vnd.rar"
        | "application/x-rar-compressed"
        | "application/gzip"
        | "application/x-gzip"
        | "application/x-tar"
        | "application/x-bzip2"
        | "application/x-xz"
        | "application/zstd"
        | "application/vnd.ms-cab-compressed" => Family::Archive,
        "application/json" | "application/xml" | "text/xml" | "text/csv" => Family::Text,
        other => {
            if other.starts_with("application/vnd.openxmlformats-officedocument.")
                || other.starts_with("application/vnd.oasis.opendocument.")
                || other.starts_with("application/vnd.ms-") && other.contains("macroenabled")
            {
                Family::Zip
            } else if other.starts_with("image/") {
                Family::Image
            } else if other.starts_with("audio/") {
                Family::Audio
            } else if other.starts_with("video/") {
                Family::Video
            } else if other.starts_with("font/") {
                Family::Font
            } else if other.starts_with("text/") {
                Family::Text
            } else {
                return None;
            }
        }
    };
    Some(family)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_row_parses_once() {
        let mut seen = HashSet::new();
        for row in rows() {
            let entry = parse_row(row).unwrap_or_else(|| panic!("malformed row {row:?}"));
            assert!(seen.insert(entry.extension), "{} is listed twice", entry.extension);
            assert!(
                entry.extension.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{:?} is not a lower-case extension without dots",
                entry.extension
            );
            assert!(
                ["dangerous", "allow_on_user_gesture", "archive", "not_dangerous", "-"]
                    .contains(&entry.chromium),
                "{row}"
            );
            let platforms_ok = entry.platforms == "all"
                || entry.platforms == "-"
                || entry
                    .platforms
                    .split(',')
                    .all(|p| ["windows", "mac", "linux", "chromeos", "android"].contains(&p));
            assert!(platforms_ok, "{row}");
            assert_eq!(entry.chromium == "-", entry.platforms == "-", "{row}");
        }
        assert_eq!(seen.len(), DANGER.len());
        assert!(DANGER.len() >= 300, "the danger list shrank to {}", DANGER.len());
    }

    /// Chromium's dangerous ratings are never weakened below `block` except for the
    /// documented everyday formats.
    #[test]
    fn chromium_ratings_are_kept() {
        let downgraded: HashSet<&str> = [
            "rels", "xml", "xsl", "xsd", "eml", "msg", "vdx", "vsx", "vtx", "vsdx", "vssx", "vstx", "vsd",
            "vss", "vst",
        ]
        .into();
        for entry in DANGER.values() {
            if matches!(entry.chromium, "dangerous" | "allow_on_user_gesture") {
                let expected =
                    if downgraded.contains(entry.extension) { Decision::Warn } else { Decision::Block };
                assert_eq!(entry.decision, expected, "{}", entry.extension);
            }
        }
    }

    /// parley-policy cannot depend on this crate, so its default list is a copy: keep it equal.
    #[test]
    fn policy_default_matches_the_danger_list() {
        let mut builtin: Vec<&str> = parley_policy::BUILTIN_BLOCKED_EXTENSIONS.to_vec();
        builtin.sort_unstable();
        assert_eq!(builtin, blocked_by_default(), "update BUILTIN_BLOCKED_EXTENSIONS in parley-policy");
    }

    #[test]
    fn well_known_types() {
        for ext in [
            "exe", "scr", "lnk", "js", "vbs", "ps1", "hta", "msi", "jar", "dmg", "iso", "docm", "sh",
            "desktop",
        ] {
            assert_eq!(danger(ext).map(|e| e.decision), Some(Decision::Block), "{ext}");
        }
        assert_eq!(danger("html").map(|e| (e.decision, e.kind)), Some((Decision::Warn, Kind::ActiveContent)));
        assert_eq!(danger("svg").map(|e| (e.decision, e.kind)), Some((Decision::Block, Kind::ActiveContent)));
        assert_eq!(danger("zip").map(|e| e.decision), Some(Decision::Archive));
        for ext in ["pdf", "png", "jpg", "txt", "docx", "xlsx", "torrent"] {
            assert_eq!(danger(ext), None, "{ext}");
        }
        assert!(danger("exe").is_some_and(|e| e.provenance().contains("windows")));
    }

    #[test]
    fn families() {
        assert_eq!(family_of_extension("jpeg"), Some(Family::Image));
        assert_eq!(family_of_extension("docx"), Some(Family::Zip));
        assert_eq!(family_of_extension("unknown"), None);
        assert_eq!(family_of_mime("image/png"), Some(Family::Image));
        assert_eq!(family_of_mime("Text/HTML; charset=utf-8"), Some(Family::Html));
        assert_eq!(
            family_of_mime("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Some(Family::Zip)
        );
        assert_eq!(family_of_mime("application/octet-stream"), None);
        assert!(Family::Text.compatible(Family::Script));
        assert!(!Family::Image.compatible(Family::Pdf));
        let mut seen = HashSet::new();
        for (_, exts) in FAMILIES {
            for ext in *exts {
                assert!(seen.insert(ext), "{ext} is in two families");
            }
        }
    }
}
