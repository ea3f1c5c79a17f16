//! RST inline markup: ``` ``literals`` ```, `` `interpreted` `` text,
//! `*emphasis*`, `**strong**` and backslash escapes, resolved into segments.
//!
//! Deliberately lenient where drafts are: a literal may have spaces just
//! inside its backticks (`` `` [ONGOING] `` ``). A literal that is never
//! closed is reported (not guessed) and its backticks are kept as text.

use super::lines::Ln;
use crate::document::{Seg, SegKind, Text};
use crate::source::{FileId, Pos};

/// Characters after which an inline start-string may begin.
fn opens_after(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '\'' | '"' | '(' | '[' | '{' | '<' | '-' | '/' | ':' | '‘' | '“' | '’' | '«'),
    }
}

/// Characters before which an inline end-string may stop.
fn closes_before(next: Option<char>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '\'' | '"' | ')' | ']' | '}' | '>' | '-' | '/' | ':' | '.' | ',' | ';' | '!' | '?' | '\\' | '’' | '”' | '»')
        }
    }
}

/// A byte that may start inline markup (all ASCII, so byte positions are
/// character boundaries).
fn is_markup_byte(b: u8) -> bool {
    matches!(b, b'\\' | b'`' | b'*')
}

/// The lines joined by `\n`, with a map back to source positions.
struct Joined<'a> {
    text: String,
    /// (byte index in `text`, the source line) for each line start.
    starts: Vec<(usize, &'a Ln<'a>)>,
    /// The last position computed: (line index, byte within the line, its
    /// column). Positions are asked for left to right, so counting the
    /// characters from there keeps a long line linear.
    cursor: std::cell::Cell<(usize, usize, u32)>,
}

impl<'a> Joined<'a> {
    fn new(lines: &'a [Ln<'a>]) -> Self {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(lines.len());
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            starts.push((text.len(), l));
            text.push_str(l.text);
        }
        let cursor = std::cell::Cell::new((0, 0, lines.first().map_or(1, |l| l.col)));
        Joined { text, starts, cursor }
    }

    fn pos(&self, file: FileId, at: usize) -> Pos {
        let i = match self.starts.binary_search_by_key(&at, |(s, _)| *s) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (start, l) = self.starts[i];
        let within = at.saturating_sub(start).min(l.text.len());
        let (from, col_from) = match self.cursor.get() {
            (line, b, col) if line == i && b <= within => (b, col),
            _ => (0, l.col),
        };
        let col = col_from + l.text[from..within].chars().count() as u32;
        self.cursor.set((i, within, col));
        Pos { file, line: l.no, col, offset: l.offset + within as u32 }
    }
}

/// Where each closing delimiter was last looked for in vain: no closer of
/// that kind exists at or after the recorded byte, so a later opener need
/// not search again (this keeps a paragraph of unclosed openers linear).
#[derive(Default)]
struct NoCloser {
    literal: Option<usize>,
    /// Indexed like [`DELIMITERS`].
    delimited: [Option<usize>; 3],
}

impl NoCloser {
    fn known(slot: Option<usize>, from: usize) -> bool {
        slot.is_some_and(|p| p <= from)
    }
}

/// Resolves the inline markup of a run of lines into a [`Text`].
pub fn parse(lines: &[Ln], file: FileId) -> Text {
    let start_pos = lines.first().map_or(Pos { file, ..Pos::default() }, |l| l.pos(file));
    // Most text has no markup at all: one plain segment, no scanning. Lines
    // are joined with a space (they are trimmed), so the segment is usually
    // already normalised and needs no second copy.
    if !lines.iter().any(|l| l.text.bytes().any(is_markup_byte)) {
        let mut text = String::with_capacity(lines.iter().map(|l| l.text.len() + 1).sum());
        for (k, l) in lines.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(l.text);
        }
        if text.is_empty() {
            return Text::new(start_pos, Vec::new(), None);
        }
        return Text::single(start_pos, Seg { kind: SegKind::Plain, text, pos: start_pos });
    }
    let joined = Joined::new(lines);
    let s = joined.text.as_str();
    let mut segs: Vec<Seg> = Vec::new();
    let mut plain = String::new();
    let mut plain_at: Option<usize> = None;
    let mut unterminated = None;
    let mut i = 0;
    let mut prev: Option<char> = None;
    let mut none = NoCloser::default();

    let flush = |plain: &mut String, plain_at: &mut Option<usize>, segs: &mut Vec<Seg>| {
        if let Some(at) = plain_at.take() {
            segs.push(Seg { kind: SegKind::Plain, text: std::mem::take(plain), pos: joined.pos(file, at) });
        }
    };

    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        if c == '\\' {
            // An escaped character is plain text; an escaped space vanishes.
            let next = rest[1..].chars().next();
            plain_at.get_or_insert(i);
            if let Some(n) = next {
                if !n.is_whitespace() {
                    plain.push(n);
                }
                i += 1 + n.len_utf8();
            } else {
                i += 1;
            }
            prev = next;
            continue;
        }
        if rest.starts_with("``") && opens_after(prev) {
            let found = if NoCloser::known(none.literal, i + 2) { None } else { rest[2..].find("``") };
            if found.is_none() {
                none.literal.get_or_insert(i + 2);
            }
            match found {
                Some(end) if end > 0 => {
                    flush(&mut plain, &mut plain_at, &mut segs);
                    segs.push(Seg { kind: SegKind::Literal, text: rest[2..2 + end].to_string(), pos: joined.pos(file, i) });
                    i += 2 + end + 2;
                    prev = Some('`');
                    continue;
                }
                _ => {
                    unterminated.get_or_insert(joined.pos(file, i));
                    plain_at.get_or_insert(i);
                    plain.push_str("``");
                    i += 2;
                    prev = Some('`');
                    continue;
                }
            }
        }
        if let Some((inner, used)) = delimited(rest, i, prev, &mut none) {
            plain_at.get_or_insert(i);
            plain.push_str(inner);
            i += used;
            prev = inner.chars().last();
            continue;
        }
        // Copy the run up to the next character that may start markup.
        let run = rest.as_bytes()[c.len_utf8()..].iter().position(|&b| is_markup_byte(b)).map_or(rest.len(), |k| k + c.len_utf8());
        plain_at.get_or_insert(i);
        plain.push_str(&rest[..run]);
        i += run;
        prev = rest[..run].chars().next_back();
    }
    flush(&mut plain, &mut plain_at, &mut segs);
    Text::new(start_pos, segs, unterminated)
}

/// The delimiters of interpreted text, strong and emphasis, longest first.
const DELIMITERS: [&str; 3] = ["**", "*", "`"];

/// Interpreted text (`` `x` ``, `` `x`_ ``), strong (`**x**`) or emphasis
/// (`*x*`) at the start of `rest` (byte `at` of the paragraph): the inner
/// text and the bytes used.
fn delimited<'r>(rest: &'r str, at: usize, prev: Option<char>, none: &mut NoCloser) -> Option<(&'r str, usize)> {
    if !opens_after(prev) {
        return None;
    }
    for (d, delim) in DELIMITERS.into_iter().enumerate() {
        let Some(body) = rest.strip_prefix(delim) else { continue };
        if body.starts_with(char::is_whitespace) || body.starts_with(delim) || body.is_empty() {
            return None;
        }
        let body_at = at + delim.len();
        // Whether a delimiter is a valid closer does not depend on the
        // opener (only on the characters around it), so a vain search from
        // here is vain from any later opener too.
        if NoCloser::known(none.delimited[d], body_at) {
            return None;
        }
        let mut search = 0;
        while let Some(found) = body[search..].find(delim) {
            let end = search + found;
            let before = body[..end].chars().next_back();
            let mut after_idx = end + delim.len();
            if delim == "`" {
                // A reference's trailing underscores belong to the markup.
                while body[after_idx..].starts_with('_') {
                    after_idx += 1;
                }
            }
            let after = body[after_idx..].chars().next();
            if end > 0 && before.is_some_and(|b| !b.is_whitespace()) && closes_before(after) {
                return Some((&body[..end], delim.len() + after_idx));
            }
            search = end + delim.len();
        }
        none.delimited[d].get_or_insert(body_at);
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::rst::lines::split;

    fn text(src: &str) -> Text {
        parse(&split(src), FileId(0))
    }

    #[test]
    fn literals_become_literal_segments_with_positions() {
        let t = text("Filter API ``[ONGOING]``");
        assert_eq!(t.segs().len(), 2);
        assert_eq!(t.segs()[1].kind, SegKind::Literal);
        assert_eq!(t.segs()[1].text, "[ONGOING]");
        assert_eq!(t.segs()[1].pos.col, 12);
        assert_eq!(t.plain(), "Filter API [ONGOING]");
    }

    #[test]
    fn spaces_inside_literal_backticks_are_accepted() {
        let t = text("Typing API `` [ Final ]``");
        assert_eq!(t.segs()[1].text, " [ Final ]");
        assert!(t.unterminated.is_none());
    }

    #[test]
    fn unterminated_literal_is_reported_and_kept_as_text() {
        let t = text("such as ``in_reply_to`.\nmore");
        let u = t.unterminated.expect("reported");
        assert_eq!((u.line, u.col), (1, 9));
        assert_eq!(t.plain(), "such as ``in_reply_to`. more");
    }

    #[test]
    fn emphasis_interpreted_and_escapes_are_unwrapped() {
        assert_eq!(text("we *cannot* send `this`_ \\*x\\*").plain(), "we cannot send this *x*");
        assert_eq!(text("2 * 3 * 4").plain(), "2 * 3 * 4");
        assert_eq!(text("**bold** text").plain(), "bold text");
    }

    #[test]
    fn literals_may_span_lines() {
        let t = text("a ``b\nc`` d");
        assert_eq!(t.segs()[1].text, "b\nc");
        assert_eq!(t.plain(), "a b c d");
    }
}
