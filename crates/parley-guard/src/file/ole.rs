//! OLE2 compound files (legacy Word, Excel and `PowerPoint`, MSI installers, Outlook
//! messages): just enough of the format ([MS-CFB]) to read the directory, which names the
//! streams inside, and the root entry's class id, which names the application.
//!
//! Only the directory sectors are read, following the FAT chain through the first 109 FAT
//! sectors the header lists (files up to about 7 GB with 512-byte sectors), with caps on
//! sectors and entries so a crafted file cannot loop or exhaust memory.

use std::collections::HashSet;

use super::source::{Bytes, Source};

/// The OLE2 signature.
pub const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Directory sectors read at most.
const MAX_DIR_SECTORS: usize = 256;
/// Directory entries read at most.
const MAX_ENTRIES: usize = 4096;
const END_OF_CHAIN_MIN: u32 = 0xFFFF_FFFA;

/// What a compound file is, from its class id or its stream names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OleKind {
    /// Windows Installer package, patch or transform.
    Installer(&'static str),
    /// Word 97–2003.
    Word,
    /// Excel 97–2003.
    Excel,
    /// `PowerPoint` 97–2003.
    PowerPoint,
    /// Outlook message.
    OutlookMessage,
    /// Visio 2003–2010 drawing.
    Visio,
    /// Another or unreadable compound file.
    Unknown,
}

/// What the directory says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OleInfo {
    /// What the file is.
    pub kind: OleKind,
    /// Whether it holds a VBA project (macros).
    pub has_macros: bool,
    /// Whether the whole directory could be read.
    pub complete: bool,
}

/// Class ids of the root storage, as stored (little-endian GUID fields).
const CLSIDS: &[([u8; 16], OleKind)] = &[
    (guid(0x000C_1084, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Installer("msi")),
    (guid(0x000C_1086, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Installer("msp")),
    (guid(0x000C_1082, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Installer("mst")),
    (guid(0x0002_0906, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Word),
    (guid(0x0002_0900, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Word),
    (guid(0x0002_0820, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Excel),
    (guid(0x0002_0810, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::Excel),
    (
        guid(0x6481_8D10, 0x4F9B, 0x11CF, [0x86, 0xEA, 0x00, 0xAA, 0x00, 0xB9, 0x29, 0xE8]),
        OleKind::PowerPoint,
    ),
    (guid(0x0002_0D0B, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]), OleKind::OutlookMessage),
];

const fn guid(d1: u32, d2: u16, d3: u16, d4: [u8; 8]) -> [u8; 16] {
    let a = d1.to_le_bytes();
    let b = d2.to_le_bytes();
    let c = d3.to_le_bytes();
    [a[0], a[1], a[2], a[3], b[0], b[1], c[0], c[1], d4[0], d4[1], d4[2], d4[3], d4[4], d4[5], d4[6], d4[7]]
}

/// Reads the directory of the compound file in `src` (whose head is `head`).
pub fn read<S: Source>(src: &mut S, head: &[u8]) -> Result<OleInfo, S::Error> {
    let mut info = OleInfo { kind: OleKind::Unknown, has_macros: false, complete: false };
    if head.len() < 512 || head[..8] != MAGIC {
        return Ok(info);
    }
    let shift = match head.u16_at(0x1E) {
        Some(9) => 9,
        Some(12) => 12,
        _ => return Ok(info),
    };
    let sector_size = 1usize << shift;
    let sector_offset = |sector: u32| (u64::from(sector) + 1) << shift;
    let fat_sectors: Vec<u32> = (0..109).filter_map(|i| head.u32_at(0x4C + 4 * i)).collect();
    let num_fat = head.u32_at(0x2C).map_or(0, |n| usize::try_from(n).unwrap_or(usize::MAX)).min(109);

    let mut names = Vec::new();
    let mut root_clsid = None;
    let mut sector = head.u32_at(0x30).unwrap_or(u32::MAX);
    let mut visited = HashSet::new();
    let mut fat_cache: Option<(u32, Vec<u8>)> = None;
    while sector < END_OF_CHAIN_MIN && visited.insert(sector) && visited.len() <= MAX_DIR_SECTORS {
        let data = src.read_at(sector_offset(sector), sector_size)?;
        if data.len() < sector_size {
            return Ok(finish(info, &names, root_clsid));
        }
        for entry in data.chunks_exact(128) {
            if names.len() >= MAX_ENTRIES {
                break;
            }
            let name_len = usize::from(entry.u16_at(64).unwrap_or(0)).min(64);
            let units: Vec<u16> =
                entry[..name_len].chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
            let name = String::from_utf16_lossy(&units).trim_end_matches('\0').to_owned();
            if entry[66] == 5 && root_clsid.is_none() {
                root_clsid = entry.get(80..96).and_then(|c| <[u8; 16]>::try_from(c).ok());
            }
            if entry[66] != 0 {
                names.push(name);
            }
        }
        // The next directory sector, from the FAT.
        let per_fat = sector_size / 4;
        let index = usize::try_from(sector).unwrap_or(usize::MAX) / per_fat;
        if index >= num_fat {
            return Ok(finish(info, &names, root_clsid));
        }
        let fat_sector = fat_sectors[index];
        if fat_cache.as_ref().is_none_or(|(s, _)| *s != fat_sector) {
            let data = src.read_at(sector_offset(fat_sector), sector_size)?;
            fat_cache = Some((fat_sector, data));
        }
        let Some((_, fat)) = fat_cache.as_ref() else { break };
        let Some(next) = fat.u32_at((usize::try_from(sector).unwrap_or(0) % per_fat) * 4) else {
            return Ok(finish(info, &names, root_clsid));
        };
        sector = next;
    }
    info.complete = sector >= END_OF_CHAIN_MIN;
    Ok(finish(info, &names, root_clsid))
}

fn finish(mut info: OleInfo, names: &[String], root_clsid: Option<[u8; 16]>) -> OleInfo {
    let has = |wanted: &str| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    info.has_macros = has("_VBA_PROJECT_CUR") || has("_VBA_PROJECT") || has("VBA") || has("Macros");
    info.kind = root_clsid
        .and_then(|clsid| CLSIDS.iter().find(|(c, _)| *c == clsid).map(|(_, kind)| *kind))
        .unwrap_or_else(|| {
            if has("WordDocument") {
                OleKind::Word
            } else if has("Workbook") || has("Book") {
                OleKind::Excel
            } else if has("PowerPoint Document") {
                OleKind::PowerPoint
            } else if has("VisioDocument") {
                OleKind::Visio
            } else if names.iter().any(|n| n.starts_with("__substg1.0_")) {
                OleKind::OutlookMessage
            } else {
                OleKind::Unknown
            }
        });
    info
}

/// Builds a minimal compound file (one FAT sector, one directory sector) whose directory
/// holds `streams` under a root with class id `clsid`.
#[cfg(test)]
pub fn build(clsid: Option<[u8; 16]>, streams: &[&str]) -> Vec<u8> {
    let mut file = vec![0u8; 512 * 3];
    file[..8].copy_from_slice(&MAGIC);
    file[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes());
    file[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    file[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    file[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    file[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    file[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    file[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    file[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
    file[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    file[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 0..109 {
        let at = 0x4C + 4 * i;
        let value: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        file[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }
    // FAT (sector 0 at offset 512): sector 0 is FAT, sector 1 ends the directory chain.
    let fat = 512;
    file[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    file[fat + 4..fat + 8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 2..128 {
        file[fat + 4 * i..fat + 4 * i + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // Directory (sector 1 at offset 1024): root entry, then the streams (at most 3).
    let dir = 1024;
    let names = std::iter::once("Root Entry").chain(streams.iter().copied().take(3));
    for (i, name) in names.enumerate() {
        let at = dir + 128 * i;
        let units: Vec<u16> = name.encode_utf16().take(31).chain(std::iter::once(0)).collect();
        for (j, unit) in units.iter().enumerate() {
            file[at + 2 * j..at + 2 * j + 2].copy_from_slice(&unit.to_le_bytes());
        }
        let len = u16::try_from(units.len() * 2).unwrap_or(64);
        file[at + 64..at + 66].copy_from_slice(&len.to_le_bytes());
        file[at + 66] = if i == 0 { 5 } else { 2 };
        if i == 0
            && let Some(clsid) = clsid
        {
            file[at + 80..at + 96].copy_from_slice(&clsid);
        }
    }
    file
}

/// The class id of Windows Installer packages, for [`build`].
#[cfg(test)]
pub const MSI_CLSID: [u8; 16] = guid(0x000C_1084, 0, 0, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]);

#[cfg(test)]
mod tests {
    use super::*;

    fn info(bytes: &[u8]) -> OleInfo {
        let mut src: &[u8] = bytes;
        let Ok(info) = read(&mut src, bytes);
        info
    }

    #[test]
    fn reads_kinds_and_macros() {
        let doc = info(&build(None, &["WordDocument", "1Table"]));
        assert_eq!((doc.kind, doc.has_macros, doc.complete), (OleKind::Word, false, true));
        let macro_doc = info(&build(None, &["WordDocument", "Macros", "VBA"]));
        assert_eq!((macro_doc.kind, macro_doc.has_macros), (OleKind::Word, true));
        assert_eq!(info(&build(Some(MSI_CLSID), &["\u{4840}"])).kind, OleKind::Installer("msi"));
        assert_eq!(info(&build(None, &["Workbook", "_VBA_PROJECT_CUR"])).kind, OleKind::Excel);
    }

    #[test]
    fn survives_garbage() {
        let mut bytes = build(None, &["WordDocument"]);
        bytes[0x30..0x34].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes()); // directory far away
        assert_eq!(info(&bytes).kind, OleKind::Unknown);
        let mut looped = build(None, &["WordDocument"]);
        looped[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes()); // sector 1 → 1
        assert!(!info(&looped).complete);
        assert_eq!(info(&MAGIC).kind, OleKind::Unknown);
    }
}
