//! Source files and positions.
//!
//! Invariant: every [`Pos`] handed out points inside the text of the file it
//! names (offset ≤ len, 1-based line and column), so a diagnostic can always
//! show the source line. A file's text has no byte-order mark and no lone
//! `\r` (a CR-only line ending is stored as `\n`), as docutils reads files:
//! readers only ever split lines at `\n` (`\r\n` is kept and trimmed).

use std::path::Path;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A position in a source file: 1-based line and column (in characters), and
/// the byte offset of the same place.
///
/// Serialises as `{"line", "column"}`: the file is named once by whatever
/// holds the positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    #[serde(skip)]
    pub file: FileId,
    pub line: u32,
    #[serde(rename = "column")]
    pub col: u32,
    #[serde(skip)]
    pub offset: u32,
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Byte offsets of line starts, computed on first use (readers that
    /// track positions themselves never need them).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file of the given text, with a leading byte-order mark dropped and
    /// CR-only line endings made `\n` (same length: offsets keep their
    /// meaning within the stored text).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.contains('\r') {
            text = lone_cr_to_lf(&text);
        }
        SourceFile { name: name.into(), text, line_starts: std::sync::OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// The position of a byte offset (clamped to the text).
    pub fn pos_at(&self, file: FileId, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = match starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = starts[line];
        let col = self.text[start..offset].chars().count() + 1;
        Pos { file, line: line as u32 + 1, col: col as u32, offset: offset as u32 }
    }

    /// The byte offset where a 1-based line starts (the text's length past
    /// the last line).
    pub fn line_start(&self, line: u32) -> usize {
        let i = (line as usize).saturating_sub(1);
        self.line_starts().get(i).copied().unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let starts = self.line_starts();
        let Some(&start) = starts.get(i) else { return "" };
        let end = starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

/// Positions of offsets asked for mostly left to right, in time linear in
/// the text: the characters are counted on from the last position when it is
/// on the same line and not after the new offset ([`SourceFile::pos_at`]
/// counts from the line start, quadratic over a long line).
pub struct Locator<'s> {
    src: &'s SourceFile,
    file: FileId,
    last: Pos,
}

impl<'s> Locator<'s> {
    pub fn new(src: &'s SourceFile, file: FileId) -> Self {
        Locator { src, file, last: Pos { file, line: 1, col: 1, offset: 0 } }
    }

    pub fn pos(&mut self, offset: usize) -> Pos {
        let offset = offset.min(self.src.text.len());
        let from = self.last.offset as usize;
        let pos = match self.src.text.get(from..offset) {
            Some(between) if !between.contains('\n') => {
                Pos { col: self.last.col + between.chars().count() as u32, offset: offset as u32, ..self.last }
            }
            _ => self.src.pos_at(self.file, offset),
        };
        self.last = pos;
        pos
    }
}

/// `text` with every `\r` not followed by `\n` replaced by `\n`.
fn lone_cr_to_lf(text: &str) -> String {
    let b = text.as_bytes();
    let out: Vec<u8> = b.iter().enumerate().map(|(i, &c)| if c == b'\r' && b.get(i + 1) != Some(&b'\n') { b'\n' } else { c }).collect();
    String::from_utf8(out).expect("an ASCII byte swapped for another keeps UTF-8 valid")
}

/// All files read in one run; positions name files by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// Why a file could not become source text.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}:{col}: not UTF-8: byte {byte:#04x} at offset {offset} does not start a valid UTF-8 sequence")]
    NotUtf8 { path: String, line: usize, col: usize, offset: usize, byte: u8 },
}

impl SourceMap {
    pub fn new() -> Self {
        SourceMap::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name, text));
        FileId(self.files.len() as u32 - 1)
    }

    /// Reads a file, refusing bytes that are not UTF-8 with the place of the
    /// first bad byte.
    pub fn load(&mut self, path: &Path) -> Result<FileId, LoadError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io { path: name.clone(), source })?;
        self.add_bytes(name, bytes)
    }

    /// Adds raw bytes as a file, checking they are UTF-8.
    pub fn add_bytes(&mut self, name: String, bytes: Vec<u8>) -> Result<FileId, LoadError> {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.add(name, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.as_bytes();
                let before = &bytes[..offset];
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
                Err(LoadError::NotUtf8 { path: name, line, col, offset, byte: bytes[offset] })
            }
        }
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let f = SourceFile::new("a", "ab\nçd\n");
        assert_eq!(f.pos_at(FileId(0), 0).line, 1);
        let p = f.pos_at(FileId(0), 5); // 'd' after the two-byte 'ç'
        assert_eq!((p.line, p.col), (2, 2));
        assert_eq!(f.line_text(2), "çd");
        assert_eq!(f.line_text(9), "");
    }

    #[test]
    fn a_locator_gives_the_positions_pos_at_gives() {
        let f = SourceFile::new("a", "ab\nçd efg\nh");
        let mut loc = Locator::new(&f, FileId(0));
        for offset in [0, 1, 3, 6, 8, 5, 11, 12, 2] {
            assert_eq!(loc.pos(offset), f.pos_at(FileId(0), offset), "offset {offset}");
        }
    }

    #[test]
    fn byte_order_mark_is_dropped_and_lone_cr_ends_lines() {
        let f = SourceFile::new("a", "\u{feff}Title\r\n=====\r\rx\ry\r\n");
        assert_eq!(f.text, "Title\r\n=====\n\nx\ny\r\n");
        assert_eq!(f.line_text(4), "x");
        assert_eq!(f.pos_at(FileId(0), f.text.find('y').unwrap()).line, 5);
    }

    #[test]
    fn bad_utf8_names_line_and_column() {
        let mut map = SourceMap::new();
        let err = map.add_bytes("x.rst".into(), b"ok\nab\xffc".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "x.rst:2:3: not UTF-8: byte 0xff at offset 5 does not start a valid UTF-8 sequence");
    }
}
