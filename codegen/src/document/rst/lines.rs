//! Physical lines with their indentation, the unit the RST reader works on.

use crate::source::{FileId, Pos};

/// One source line: indentation width (relative to the block being read;
/// tabs advance to the next multiple of 8) and the text after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ln<'a> {
    /// 1-based line number.
    pub no: u32,
    /// 1-based character column where `text` starts.
    pub col: u32,
    /// Byte offset where `text` starts.
    pub offset: u32,
    pub indent: usize,
    /// Without leading indentation and trailing whitespace; empty when blank.
    pub text: &'a str,
}

impl<'a> Ln<'a> {
    pub fn blank(&self) -> bool {
        self.text.is_empty()
    }

    pub fn pos(&self, file: FileId) -> Pos {
        Pos { file, line: self.no, col: self.col, offset: self.offset }
    }

    /// The same line with its first `bytes` bytes of text (all ASCII or
    /// whole characters) cut off: used for text after a list marker.
    pub fn skip(&self, bytes: usize) -> Ln<'a> {
        let cut = &self.text[..bytes];
        let rest = &self.text[bytes..];
        let trimmed = rest.trim_start();
        let lead = rest.len() - trimmed.len();
        Ln {
            no: self.no,
            col: self.col + (cut.chars().count() + rest[..lead].chars().count()) as u32,
            offset: self.offset + (bytes + lead) as u32,
            indent: 0,
            text: trimmed,
        }
    }
}

/// Splits a file into lines (`\n` or `\r\n` endings).
pub fn split(text: &str) -> Vec<Ln<'_>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut offset = 0usize;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        // Indentation is made of ASCII blanks: count bytes, not characters.
        let mut indent = 0usize;
        let mut lead_bytes = 0usize;
        for &b in line.as_bytes() {
            match b {
                b' ' | b'\x0b' | b'\x0c' => indent += 1,
                b'\t' => indent = (indent / 8 + 1) * 8,
                _ => break,
            }
            lead_bytes += 1;
        }
        let lead_chars = lead_bytes;
        let body = line[lead_bytes..].trim_end();
        out.push(Ln {
            no: i as u32 + 1,
            col: lead_chars as u32 + 1,
            offset: (offset + lead_bytes) as u32,
            indent: if body.is_empty() { 0 } else { indent },
            text: body,
        });
        offset += raw.len() + 1;
    }
    // A final newline does not start another line.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

/// The smallest indentation of the non-blank lines.
pub fn min_indent(lines: &[Ln]) -> usize {
    lines.iter().filter(|l| !l.blank()).map(|l| l.indent).min().unwrap_or(0)
}

/// End (exclusive) of the run starting at `from` of lines that are blank or
/// indented, with trailing blank lines left out.
pub fn indented_run(lines: &[Ln], from: usize) -> usize {
    let mut end = from;
    while end < lines.len() && (lines[end].blank() || lines[end].indent > 0) {
        end += 1;
    }
    while end > from && lines[end - 1].blank() {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_measures_indentation_and_positions() {
        let ls = split("a\n  b  \r\n\n\tc\n");
        assert_eq!(ls.len(), 4);
        assert_eq!((ls[1].indent, ls[1].text, ls[1].col, ls[1].offset), (2, "b", 3, 4));
        assert!(ls[2].blank());
        assert_eq!((ls[3].indent, ls[3].col), (8, 2));
    }

    #[test]
    fn skip_moves_past_a_marker() {
        let ls = split(" - item text");
        let l = ls[0].skip(1);
        assert_eq!((l.text, l.col, l.offset), ("item text", 4, 3));
    }
}
