//! Inline text: runs of plain text and inline literals, with positions.
//!
//! Readers resolve their own inline markup (RST ``` ``literal`` ```, Markdown
//! `` `code` ``, emphasis, escapes) into [`Seg`]s, so nothing downstream
//! depends on the markup language.

use crate::source::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegKind {
    Plain,
    Literal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub kind: SegKind,
    pub text: String,
    pub pos: Pos,
}

/// A run of inline text (a paragraph, a title, a list item's first lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub pos: Pos,
    pub segs: Vec<Seg>,
    /// Where an inline literal was opened and never closed (the text after it
    /// is kept as plain text).
    pub unterminated: Option<Pos>,
}

impl Text {
    /// The text without markup, whitespace runs folded to one space.
    pub fn plain(&self) -> String {
        normalise(&self.segs.iter().map(|s| s.text.as_str()).collect::<String>())
    }

    /// The text of the segments `segs[n..]` without markup.
    pub fn plain_from(&self, n: usize) -> String {
        normalise(&self.segs[n..].iter().map(|s| s.text.as_str()).collect::<String>())
    }

    /// The text of the segments `segs[..n]` without markup.
    pub fn plain_prefix(&self, n: usize) -> String {
        normalise(&self.segs[..n].iter().map(|s| s.text.as_str()).collect::<String>())
    }
}

/// Folds every whitespace run to one space and trims the ends.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_whitespace() {
        assert_eq!(normalise("  a \n\t b  "), "a b");
        assert_eq!(normalise(""), "");
    }
}
