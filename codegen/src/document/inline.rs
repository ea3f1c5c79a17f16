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
    segs: Segs,
    /// Where an inline literal was opened and never closed (the text after it
    /// is kept as plain text).
    pub unterminated: Option<Pos>,
    /// The text without markup, whitespace folded: computed on first use;
    /// `None` inside when it is exactly the one plain segment (no copy).
    plain: std::sync::OnceLock<Option<String>>,
}

/// The segments of a text; one plain run (the common case) needs no vector.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segs {
    One(Seg),
    Many(Vec<Seg>),
}

impl Text {
    pub fn new(pos: Pos, mut segs: Vec<Seg>, unterminated: Option<Pos>) -> Self {
        let segs = if segs.len() == 1 { Segs::One(segs.pop().expect("one")) } else { Segs::Many(segs) };
        Text { pos, segs, unterminated, plain: std::sync::OnceLock::new() }
    }

    /// A text of one segment.
    pub fn single(pos: Pos, seg: Seg) -> Self {
        Text { pos, segs: Segs::One(seg), unterminated: None, plain: std::sync::OnceLock::new() }
    }

    pub fn segs(&self) -> &[Seg] {
        match &self.segs {
            Segs::One(s) => std::slice::from_ref(s),
            Segs::Many(v) => v,
        }
    }

    /// The text without markup, whitespace runs folded to one space.
    pub fn plain(&self) -> &str {
        let computed = self.plain.get_or_init(|| match self.segs() {
            [] => None,
            [one] if one.kind == SegKind::Plain && is_normal(&one.text) => None,
            segs => Some(normalise_iter(segs.iter().map(|s| s.text.as_str()))),
        });
        match computed {
            Some(p) => p,
            None => self.segs().first().map_or("", |s| s.text.as_str()),
        }
    }

    /// Whether the text ends in `:` (as labels and operation intros do),
    /// without computing the plain text.
    pub fn ends_with_colon(&self) -> bool {
        self.segs().last().is_some_and(|s| s.kind == SegKind::Plain && s.text.trim_end().ends_with(':'))
    }

    /// The text of the segments `segs[n..]` without markup.
    pub fn plain_from(&self, n: usize) -> String {
        normalise(&self.segs()[n..].iter().map(|s| s.text.as_str()).collect::<String>())
    }

    /// The text of the segments `segs[..n]` without markup.
    pub fn plain_prefix(&self, n: usize) -> String {
        normalise(&self.segs()[..n].iter().map(|s| s.text.as_str()).collect::<String>())
    }
}

/// Whether `s` is already what [`normalise`] makes of it.
fn is_normal(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first().is_none_or(|&c| c == b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut prev_space = false;
    for &c in b {
        match c {
            b' ' if prev_space => return false,
            b' ' => prev_space = true,
            _ if c >= 0x80 || c.is_ascii_whitespace() => return false,
            _ => prev_space = false,
        }
    }
    true
}

/// Folds every whitespace run to one space and trims the ends.
pub fn normalise(s: &str) -> String {
    normalise_iter(std::iter::once(s))
}

/// [`normalise`] over the concatenation of several strings.
fn normalise_iter<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> String {
    let mut out = String::with_capacity(parts.clone().map(str::len).sum());
    // Whitespace was seen since the last word: a space goes before the next.
    let mut pending = false;
    for part in parts {
        if part.is_ascii() {
            // Byte-wise: the common case.
            pending |= part.starts_with(|c: char| c.is_ascii_whitespace());
            for (k, word) in part.split_ascii_whitespace().enumerate() {
                if (k > 0 || pending) && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
                pending = false;
            }
            pending |= part.ends_with(|c: char| c.is_ascii_whitespace());
            continue;
        }
        for (k, piece) in part.split(char::is_whitespace).enumerate() {
            pending |= k > 0;
            if piece.is_empty() {
                continue;
            }
            if pending && !out.is_empty() {
                out.push(' ');
            }
            pending = false;
            out.push_str(piece);
        }
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
        assert_eq!(normalise_iter(["ab", "cd ", " e", "f"].into_iter()), "abcd ef");
        assert_eq!(normalise_iter(["a ", "", "b"].into_iter()), "a b");
        assert_eq!(normalise("x\u{a0}y\u{2003} z"), "x y z");
        assert!(is_normal("a b") && !is_normal("a  b") && !is_normal("a\nb") && !is_normal(" a") && !is_normal("a\u{a0}"));
    }
}
