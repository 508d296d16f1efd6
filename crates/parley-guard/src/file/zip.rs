//! The zip central directory: the list of names in an archive, read without extracting
//! anything (APPNOTE.TXT 6.3.10, §4.3.12–4.3.16 and the Zip64 records).
//!
//! Written here rather than taken from a zip crate so the reader touches only the end of
//! the file, never allocates more than the caps below, and still lists archives that
//! extractors would refuse (encrypted, unknown compression, data prepended by a
//! self-extractor or another file type).

use super::source::{Bytes, Source};

/// Local file header signature (`PK\3\4`): how a zip starts.
pub const LOCAL_MAGIC: &[u8] = b"PK\x03\x04";
/// End of central directory signature (`PK\5\6`); an empty zip starts with it.
pub const EOCD_MAGIC: &[u8] = b"PK\x05\x06";
/// Spanned-archive marker (`PK\7\8`), also seen at the start of a zip.
pub const SPANNED_MAGIC: &[u8] = b"PK\x07\x08";

/// Entries listed at most; an archive with more is reported as not fully checked.
pub const MAX_ENTRIES: usize = 10_000;
/// Central directory bytes read at most.
const MAX_DIRECTORY_BYTES: u64 = 8 << 20;
/// Bytes of an entry name decoded at most.
const MAX_NAME_BYTES: usize = 1024;
/// The end-of-central-directory record is in the last 22 + 65,535 bytes.
const EOCD_SEARCH: u64 = 22 + 0xFFFF;

/// One entry of the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// The name as stored (UTF-8 when flagged or valid, otherwise decoded lossily).
    pub name: String,
    /// The Info-ZIP Unicode Path (extra field `0x7075`), which many extractors use instead
    /// of `name` when present.
    pub unicode_name: Option<String>,
    /// Uncompressed size as declared.
    pub size: u64,
    /// Whether the entry is encrypted.
    pub encrypted: bool,
    /// Whether the entry is a Unix symbolic link.
    pub symlink: bool,
    /// Whether the stored name was longer than the part decoded.
    pub long_name: bool,
}

/// What the central directory says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The entries read, in directory order (at most [`MAX_ENTRIES`]).
    pub entries: Vec<RawEntry>,
    /// Whether some entries were not read (too many, or the directory is cut short).
    pub truncated: bool,
    /// Bytes before the archive proper (a self-extractor or another file the zip was
    /// appended to).
    pub prefix: u64,
}

/// The outcome of looking for a zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipRead {
    /// No end-of-central-directory record: not a zip (or one cut short before its end).
    NotFound,
    /// A record was found but the directory it points to is not there.
    Corrupt(&'static str),
    /// The directory.
    Listing(Listing),
}

/// Reads the central directory of the zip in `src`, if there is one.
pub fn read<S: Source>(src: &mut S) -> Result<ZipRead, S::Error> {
    let len = src.len();
    if len < 22 {
        return Ok(ZipRead::NotFound);
    }
    let tail_start = len - len.min(EOCD_SEARCH);
    let tail = src.read_at(tail_start, usize::try_from(len - tail_start).unwrap_or(usize::MAX))?;
    let Some(eocd) = find_eocd(&tail) else { return Ok(ZipRead::NotFound) };
    let eocd_pos = tail_start + eocd as u64;
    let record = &tail[eocd..];
    let (Some(count16), Some(size32), Some(offset32)) =
        (record.u16_at(10), record.u32_at(12), record.u32_at(16))
    else {
        return Ok(ZipRead::NotFound);
    };

    let mut total = u64::from(count16);
    let mut cd_size = u64::from(size32);
    let mut cd_offset = u64::from(offset32);
    let mut cd_end = eocd_pos;
    if count16 == 0xFFFF || size32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF {
        match read_zip64(src, eocd_pos)? {
            Some((pos, count, size, offset)) => {
                (cd_end, total, cd_size, cd_offset) = (pos, count, size, offset);
            }
            None => return Ok(ZipRead::Corrupt("the Zip64 end record is missing")),
        }
    }
    let Some(cd_start) = cd_end.checked_sub(cd_size) else {
        return Ok(ZipRead::Corrupt("the central directory is larger than the file"));
    };
    let prefix = cd_start.saturating_sub(cd_offset);

    let to_read = cd_size.min(MAX_DIRECTORY_BYTES);
    let directory = src.read_at(cd_start, usize::try_from(to_read).unwrap_or(usize::MAX))?;
    let mut entries = Vec::new();
    let mut at = 0usize;
    let mut broken = false;
    while (entries.len() as u64) < total && entries.len() < MAX_ENTRIES {
        let Some((entry, next)) = parse_entry(&directory, at) else {
            broken = true;
            break;
        };
        entries.push(entry);
        at = next;
    }
    if broken && entries.is_empty() && total > 0 {
        return Ok(ZipRead::Corrupt("the central directory is unreadable"));
    }
    let truncated = (entries.len() as u64) < total;
    Ok(ZipRead::Listing(Listing { entries, truncated, prefix }))
}

/// The offset in `tail` of the last plausible end-of-central-directory record.
fn find_eocd(tail: &[u8]) -> Option<usize> {
    let last = tail.len().checked_sub(22)?;
    (0..=last).rev().find(|&at| {
        tail[at..].starts_with(EOCD_MAGIC)
            && tail.u16_at(at + 20).is_some_and(|comment| at + 22 + usize::from(comment) <= tail.len())
    })
}

/// `(position, entries, directory size, directory offset)` from the Zip64 records.
type Zip64End = (u64, u64, u64, u64);

fn read_zip64<S: Source>(src: &mut S, eocd_pos: u64) -> Result<Option<Zip64End>, S::Error> {
    let Some(locator_pos) = eocd_pos.checked_sub(20) else { return Ok(None) };
    let locator = src.read_at(locator_pos, 20)?;
    if !locator.starts_with(b"PK\x06\x07") {
        return Ok(None);
    }
    let declared = locator.u64_at(8).unwrap_or(u64::MAX);
    // The record normally sits right before the locator; prepended data shifts the
    // declared offset, so try both.
    for pos in [declared, locator_pos.saturating_sub(56)] {
        let record = src.read_at(pos, 56)?;
        if record.starts_with(b"PK\x06\x06")
            && let (Some(count), Some(size), Some(offset)) =
                (record.u64_at(32), record.u64_at(40), record.u64_at(48))
        {
            return Ok(Some((pos, count, size, offset)));
        }
    }
    Ok(None)
}

/// One central directory header at `at`, and where the next one starts.
fn parse_entry(directory: &[u8], at: usize) -> Option<(RawEntry, usize)> {
    let header = directory.get(at..at.checked_add(46)?)?;
    if !header.starts_with(b"PK\x01\x02") {
        return None;
    }
    let made_by = header.u16_at(4)?;
    let flags = header.u16_at(8)?;
    let method = header.u16_at(10)?;
    let size32 = header.u32_at(24)?;
    let name_len = usize::from(header.u16_at(28)?);
    let extra_len = usize::from(header.u16_at(30)?);
    let comment_len = usize::from(header.u16_at(32)?);
    let external = header.u32_at(38)?;
    let name_start = at + 46;
    let name_bytes = directory.get(name_start..name_start + name_len)?;
    let extra = directory.get(name_start + name_len..name_start + name_len + extra_len).unwrap_or_default();
    let next = name_start + name_len + extra_len + comment_len;

    let shown = &name_bytes[..name_len.min(MAX_NAME_BYTES)];
    let name = String::from_utf8_lossy(shown).into_owned();
    let mut entry = RawEntry {
        name,
        unicode_name: None,
        size: u64::from(size32),
        encrypted: flags & 1 != 0 || method == 99,
        symlink: made_by >> 8 == 3 && (external >> 16) & 0o170_000 == 0o120_000,
        long_name: name_len > MAX_NAME_BYTES,
    };
    let mut field = 0usize;
    while let (Some(id), Some(size)) = (extra.u16_at(field), extra.u16_at(field + 2)) {
        let data = extra.get(field + 4..field + 4 + usize::from(size)).unwrap_or_default();
        match id {
            0x7075 if data.len() > 5 => {
                let unicode = &data[5..];
                entry.unicode_name =
                    Some(String::from_utf8_lossy(&unicode[..unicode.len().min(MAX_NAME_BYTES)]).into_owned());
            }
            0x0001 if size32 == 0xFFFF_FFFF => entry.size = data.u64_at(0).unwrap_or(u64::MAX),
            _ => {}
        }
        field += 4 + usize::from(size);
    }
    Some((entry, next))
}

/// A stored (uncompressed) zip of `files` (`(name, content)`); for tests.
#[cfg(test)]
pub fn build(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, content) in files {
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let size = u32::try_from(content.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(LOCAL_MAGIC);
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(content);
        directory.extend_from_slice(b"PK\x01\x02");
        directory.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        directory.extend_from_slice(&size.to_le_bytes());
        directory.extend_from_slice(&size.to_le_bytes());
        directory.extend_from_slice(&name_len.to_le_bytes());
        directory.extend_from_slice(&[0; 12]);
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name.as_bytes());
    }
    let cd_offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let cd_size = u32::try_from(directory.len()).unwrap_or(u32::MAX);
    let count = u16::try_from(files.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&directory);
    out.extend_from_slice(EOCD_MAGIC);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(bytes: &[u8]) -> ZipRead {
        let mut src: &[u8] = bytes;
        let Ok(listing) = read(&mut src);
        listing
    }

    fn names(bytes: &[u8]) -> Vec<String> {
        match listing(bytes) {
            ZipRead::Listing(l) => l.entries.into_iter().map(|e| e.name).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_names() {
        let zip = build(&[("readme.txt", b"hello"), ("bin/evil.exe", b"MZ")]);
        assert_eq!(names(&zip), ["readme.txt", "bin/evil.exe"]);
        assert_eq!(names(&build(&[])), Vec::<String>::new());
    }

    #[test]
    fn prepended_data_is_found() {
        let mut polyglot = b"GIF89a not really a picture".to_vec();
        let prefix = polyglot.len() as u64;
        polyglot.extend(build(&[("x.js", b"alert(1)")]));
        match listing(&polyglot) {
            ZipRead::Listing(l) => assert_eq!((l.prefix, l.entries[0].name.as_str()), (prefix, "x.js")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn broken_archives() {
        assert_eq!(listing(b"not a zip at all, just some text"), ZipRead::NotFound);
        let zip = build(&[("a.txt", b"a")]);
        let cut = &zip[..zip.len() - 10];
        assert_eq!(listing(cut), ZipRead::NotFound);
        let mut corrupt = zip.clone();
        let cd = corrupt.len() - 22 - 46 - 5;
        corrupt[cd] = b'X';
        assert!(matches!(listing(&corrupt), ZipRead::Corrupt(_)));
        let mut huge = zip;
        let at = huge.len() - 22 + 12;
        huge[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes()); // zip64 marker, no record
        assert!(matches!(listing(&huge), ZipRead::Corrupt(_)));
    }

    #[test]
    fn encrypted_and_symlinks() {
        let mut zip = build(&[("secret.txt", b"x")]);
        let cd = zip.len() - 22 - 46 - "secret.txt".len();
        zip[cd + 8] |= 1; // encrypted
        zip[cd + 5] = 3; // made by Unix
        zip[cd + 40..cd + 42].copy_from_slice(&0o120_777u16.to_le_bytes());
        match listing(&zip) {
            ZipRead::Listing(l) => assert!(l.entries[0].encrypted && l.entries[0].symlink),
            other => panic!("{other:?}"),
        }
    }
}
