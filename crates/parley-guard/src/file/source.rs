//! Random access to the file being inspected: a file on disk or bytes in memory.
//!
//! The checks read a few small pieces (the head, the zip central directory at the end, the
//! OLE directory sectors), never the whole file.

use std::convert::Infallible;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// Something the checks can read at an offset.
pub trait Source {
    /// Why a read failed (never, for bytes in memory).
    type Error;

    /// Total length in bytes.
    fn len(&self) -> u64;

    /// Up to `len` bytes at `offset` (fewer only at the end; none past it).
    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, Self::Error>;
}

impl Source for &[u8] {
    type Error = Infallible;

    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, Infallible> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(<[u8]>::len(self));
        let end = start.saturating_add(len).min(<[u8]>::len(self));
        Ok(self[start..end].to_vec())
    }
}

/// A file on disk.
pub struct FileSource {
    file: File,
    len: u64,
}

impl FileSource {
    /// Wraps an open file.
    pub fn new(file: File) -> io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(Self { file, len })
    }
}

impl Source for FileSource {
    type Error = io::Error;

    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&mut self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        if offset >= self.len {
            return Ok(Vec::new());
        }
        let available = usize::try_from(self.len - offset).unwrap_or(usize::MAX);
        let mut buf = Vec::with_capacity(len.min(available));
        self.file.seek(SeekFrom::Start(offset))?;
        (&mut self.file).take(len.min(available) as u64).read_to_end(&mut buf)?;
        Ok(buf)
    }
}

/// Little-endian readers over a byte slice that return `None` past the end.
pub trait Bytes {
    /// The `u16` at `at`.
    fn u16_at(&self, at: usize) -> Option<u16>;
    /// The `u32` at `at`.
    fn u32_at(&self, at: usize) -> Option<u32>;
    /// The `u64` at `at`.
    fn u64_at(&self, at: usize) -> Option<u64>;
}

impl Bytes for [u8] {
    fn u16_at(&self, at: usize) -> Option<u16> {
        Some(u16::from_le_bytes(self.get(at..at.checked_add(2)?)?.try_into().ok()?))
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(self.get(at..at.checked_add(4)?)?.try_into().ok()?))
    }

    fn u64_at(&self, at: usize) -> Option<u64> {
        Some(u64::from_le_bytes(self.get(at..at.checked_add(8)?)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_read_within_bounds() {
        let mut data: &[u8] = b"0123456789";
        assert_eq!(data.read_at(8, 5), Ok(b"89".to_vec()));
        assert_eq!(data.read_at(20, 5), Ok(Vec::new()));
        assert_eq!(data.read_at(u64::MAX, usize::MAX), Ok(Vec::new()));
        assert_eq!(b"\x01\x02\x03\x04"[..].u32_at(0), Some(0x0403_0201));
        assert_eq!(b"\x01\x02"[..].u32_at(0), None);
        assert_eq!(b"\x01\x02"[..].u16_at(usize::MAX), None);
    }
}
