//! Where a block's text sits in its file.

use super::example::{Body, Elision, Finding};
use crate::model::loose_json::{self, JsonError};
use crate::source::{Pos, SourceFile};

/// Maps byte offsets in a block's text to positions in its file.
///
/// Invariant: line `k` of the text is line `first + k` of the file (literal
/// blocks and code blocks keep their lines), each text line being the file
/// line less some leading indentation.
pub struct Locator<'a> {
    src: &'a SourceFile,
    block: Pos,
    pub(super) text: &'a str,
    first: u32,
}

impl<'a> Locator<'a> {
    /// `pos` is where the block starts (a literal's first line, a code
    /// fence, an inline literal's first character).
    pub fn new(src: &'a SourceFile, pos: Pos, text: &'a str) -> Self {
        let first_text = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
        let first = first_text
            .and_then(|(j, l)| {
                (pos.line..pos.line + 3)
                    .find(|&cand| src.line_text(cand).contains(l.trim()))
                    .map(|cand| cand.saturating_sub(j as u32).max(1))
            })
            .unwrap_or(pos.line.max(1));
        Locator { src, block: pos, text, first }
    }

    /// The file position of a byte offset in the text.
    pub fn at(&self, offset: usize) -> Pos {
        let (line, col) = loose_json::line_col(self.text, offset);
        let tline = self.text.lines().nth(line).unwrap_or("");
        let file_line = self.first + line as u32;
        let ftext = self.src.line_text(file_line);
        let indent = tline.len() - tline.trim_start().len();
        let start = match tline.trim() {
            "" => 0,
            content => ftext.find(content).map_or(0, |p| p.saturating_sub(indent)),
        };
        let mut byte = (start + col).min(ftext.len());
        while !ftext.is_char_boundary(byte) {
            byte -= 1;
        }
        if file_line > self.src.line_count() as u32 {
            return self.block;
        }
        self.src.pos_at(self.block.file, self.src.line_start(file_line) + byte)
    }

    pub fn finding(&self, e: &JsonError) -> Finding {
        Finding { pos: self.at(e.offset), message: e.message.clone() }
    }

    pub(super) fn body(&self, parsed: loose_json::Parsed, at: usize) -> Body {
        let elided = parsed
            .elided
            .into_iter()
            .map(|e| Elision { pointer: e.pointer, placeholder: e.placeholder, same_as: e.same_as, pos: self.at(e.offset) })
            .collect();
        Body { value: parsed.value, elided, order: parsed.order, pos: self.at(at) }
    }
}
