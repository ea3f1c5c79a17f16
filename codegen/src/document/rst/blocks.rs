//! Body elements of an RST section: paragraphs, bullet and enumerated lists,
//! literal blocks, directives and indented blocks.
//!
//! Invariant: each function is given lines whose left margin is column 0 of
//! the block being read (nested blocks are moved left by
//! [`Reader::nested`]); anything indented past it is a nested block.

use super::inline;
use super::lines::{self, Ln};
use crate::diagnostic::Diagnostics;
use crate::document::{too_deep, Block, List, ListItem, ListKind, Table, TableRow, MAX_DEPTH};
use crate::source::FileId;

/// Reads the blocks of a run of lines.
pub fn parse(lines: &[Ln], file: FileId, diags: &mut Diagnostics) -> Vec<Block> {
    Reader { file, pool: Vec::new(), depth: 0, diags }.blocks(lines)
}

/// The block reader. Nested blocks are read from dedented copies of their
/// lines; `pool` keeps those buffers for reuse (reading is allocation-bound).
struct Reader<'a, 'd> {
    file: FileId,
    pool: Vec<Vec<Ln<'a>>>,
    /// How many nested blocks enclose the lines being read (at most
    /// [`MAX_DEPTH`]).
    depth: usize,
    diags: &'d mut Diagnostics,
}

impl<'a> Reader<'a, '_> {
    /// Reads `lines` moved `by` columns left (a nested block's margin).
    fn nested(&mut self, lines: &[Ln<'a>], by: usize) -> Vec<Block> {
        self.nested_with(None, lines, by)
    }

    /// Like [`Reader::nested`], with a first line already at the margin.
    /// At [`MAX_DEPTH`], the block is reported and left unread.
    fn nested_with(&mut self, first: Option<Ln<'a>>, lines: &[Ln<'a>], by: usize) -> Vec<Block> {
        if self.depth == MAX_DEPTH {
            if let Some(l) = first.iter().chain(lines).find(|l| !l.blank()) {
                self.diags.push(too_deep(l.pos(self.file)));
            }
            return Vec::new();
        }
        self.depth += 1;
        let mut buf = self.pool.pop().unwrap_or_default();
        buf.clear();
        buf.extend(first);
        buf.extend(lines.iter().map(|l| Ln { indent: l.indent.saturating_sub(by), ..*l }));
        let out = self.blocks(&buf);
        self.pool.push(buf);
        self.depth -= 1;
        out
    }

    fn blocks(&mut self, lines: &[Ln<'a>]) -> Vec<Block> {
        let file = self.file;
        let mut out = Vec::new();
        let mut i = 0;
        // Set by a paragraph ending in `::`: the next indented block is literal.
        let mut literal_next = false;
        while i < lines.len() {
            let l = lines[i];
            if l.blank() {
                i += 1;
                continue;
            }
            if l.indent > 0 {
                let end = lines::indented_run(lines, i);
                let chunk = &lines[i..end];
                if literal_next {
                    out.push(Block::Literal { pos: l.pos(file), text: literal_text(chunk) });
                } else {
                    let body = self.nested(chunk, lines::min_indent(chunk));
                    out.push(Block::Quote { pos: l.pos(file), body });
                }
                literal_next = false;
                i = end;
                continue;
            }
            literal_next = false;
            if is_explicit_markup(l.text) {
                i = self.explicit(lines, i, &mut out);
            } else if marker(l.text).is_some() {
                i = self.list(lines, i, &mut out);
            } else if let Some((table, next)) = simple_table(lines, i, file) {
                out.push(Block::Table(table));
                i = next;
            } else if is_term(lines, i) {
                i = self.definitions(lines, i, &mut out);
            } else {
                let (next, literal) = paragraph(lines, i, file, &mut out);
                i = next;
                literal_next = literal;
            }
        }
        out
    }
}

/// Whether line `i` is a definition list's term: a few words at the margin
/// that are no list marker, markup or label (`Inputs:` keeps its meaning),
/// directly followed by an indented line. A long line so followed is a
/// sentence wrapped with a deeper indent, not a term.
fn is_term(lines: &[Ln], i: usize) -> bool {
    let l = lines[i];
    let next = lines.get(i + 1);
    l.indent == 0
        && !l.blank()
        && l.text.split_whitespace().count() <= 8
        && !l.text.ends_with([':', ',', ';'])
        && marker(l.text).is_none()
        && !is_explicit_markup(l.text)
        && next.is_some_and(|n| !n.blank() && n.indent > 0)
}

/// The column spans of a simple table's border (`=====  ====`): byte
/// ranges of its `=` runs; `None` for any other line.
fn border(text: &str) -> Option<Vec<(usize, usize)>> {
    if !text.starts_with('=') || !text.bytes().all(|b| b == b'=' || b == b' ') {
        return None;
    }
    let mut spans = Vec::new();
    let mut start = None;
    for (k, b) in text.bytes().enumerate() {
        match (b, start) {
            (b'=', None) => start = Some(k),
            (b' ', Some(s0)) => {
                spans.push((s0, k));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s0) = start {
        spans.push((s0, text.len()));
    }
    (spans.len() >= 2).then_some(spans)
}

/// An RST simple table at line `i`: a border, a header row, a border, body
/// rows and a closing border (or a border, rows and a border). A row whose
/// first column is blank continues the row above. Returns the table and the
/// line after it.
fn simple_table(lines: &[Ln], i: usize, file: FileId) -> Option<(Table, usize)> {
    let l = lines[i];
    let spans = border(l.text).filter(|_| l.indent == 0)?;
    let borders: Vec<usize> = (i + 1..lines.len())
        .take_while(|&k| !lines[k].blank() || border_ahead(lines, k))
        .filter(|&k| border(lines[k].text).is_some())
        .collect();
    let close = *borders.last()?;
    // A line's text starts after its indentation: a continuation line
    // ("                 ``garden_view``") is cut at the border's columns
    // less that indentation.
    let cell = |ln: &Ln, k: usize| -> Option<crate::document::Text> {
        let (from, to) = spans[k];
        let (from, to) = (from.saturating_sub(ln.indent), to.saturating_sub(ln.indent));
        let to = if k + 1 == spans.len() { ln.text.len() } else { to.min(ln.text.len()) };
        let from = from.min(to);
        let piece = ln.text.get(from..to)?;
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        let cell = Ln { col: ln.col + (from + lead) as u32, offset: ln.offset + (from + lead) as u32, indent: 0, text: trimmed, ..*ln };
        Some(inline::parse(&[cell], file))
    };
    let row = |range: &[Ln]| -> Vec<TableRow> {
        let mut rows: Vec<TableRow> = Vec::new();
        for ln in range.iter().filter(|ln| !ln.blank()) {
            let cells: Vec<crate::document::Text> =
                (0..spans.len()).map(|k| cell(ln, k).unwrap_or_else(|| crate::document::Text::new(ln.pos(file), vec![], None))).collect();
            let first = spans[0].1.saturating_sub(ln.indent).min(ln.text.len());
            let continues = ln.text.get(..first).is_none_or(|c| c.trim().is_empty());
            match rows.last_mut() {
                Some(prev) if continues => {
                    for (p, c) in prev.cells.iter_mut().zip(cells) {
                        if !c.plain().is_empty() {
                            *p = join_texts(p, &c);
                        }
                    }
                }
                _ => rows.push(TableRow { pos: ln.pos(file), cells }),
            }
        }
        rows
    };
    let (header, body) = if borders.len() >= 2 {
        let h = row(&lines[i + 1..borders[0]]);
        (h.into_iter().next().map(|r| r.cells).unwrap_or_default(), row(&lines[borders[0] + 1..close]))
    } else {
        (Vec::new(), row(&lines[i + 1..close]))
    };
    Some((Table { pos: l.pos(file), header, rows: body }, close + 1))
}

/// Whether a blank line at `k` lies inside a table (another border follows
/// before the next blank line is followed by text at the margin).
fn border_ahead(lines: &[Ln], k: usize) -> bool {
    lines[k + 1..].iter().find(|l| !l.blank()).is_some_and(|l| border(l.text).is_some() || l.indent > 0)
}

fn join_texts(a: &crate::document::Text, b: &crate::document::Text) -> crate::document::Text {
    let mut segs = a.segs().to_vec();
    segs.push(crate::document::Seg { kind: crate::document::SegKind::Plain, text: " ".into(), pos: b.pos });
    segs.extend(b.segs().iter().cloned());
    crate::document::Text::new(a.pos, segs, None)
}

/// The text of a literal block, keeping indentation relative to its margin.
fn literal_text(chunk: &[Ln]) -> String {
    let min = lines::min_indent(chunk);
    let mut s = String::new();
    for (k, l) in chunk.iter().enumerate() {
        if k > 0 {
            s.push('\n');
        }
        if !l.blank() {
            s.extend(std::iter::repeat_n(' ', l.indent - min));
            s.push_str(l.text);
        }
    }
    s
}

/// A list marker at the start of a line: its kind and length in bytes
/// (without the spaces after it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Bullet(char),
    Enumerated,
}

fn marker(text: &str) -> Option<(Marker, usize)> {
    let first = text.chars().next()?;
    let followed_by_space = |n: usize| text.len() == n || text[n..].starts_with(' ');
    if "-*+•".contains(first) && followed_by_space(first.len_utf8()) {
        return Some((Marker::Bullet(first), first.len_utf8()));
    }
    // `1.`, `#.`, `a)`, `(1)`: enumerators, only ever started at a block start.
    let body = text.strip_prefix('(').unwrap_or(text);
    let n = body.chars().take_while(|c| c.is_ascii_digit()).count();
    let n = if n == 0 && (body.starts_with('#') || body.starts_with(|c: char| c.is_ascii_alphabetic())) { 1 } else { n };
    if n == 0 || n > 9 {
        return None;
    }
    let close = body[n..].chars().next()?;
    let total = text.len() - body.len() + n + 1;
    if (close == '.' || close == ')') && text.len() > total && followed_by_space(total) {
        return Some((Marker::Enumerated, total));
    }
    None
}

fn is_explicit_markup(text: &str) -> bool {
    text == ".." || text.starts_with(".. ")
}

/// A paragraph: lines up to a blank line, a change of indentation, or a list
/// marker right after a line ending in `:` (the `Label:` form drafts use).
/// Returns where it ended and whether it announced a literal block (`::`).
fn paragraph(lines: &[Ln], i: usize, file: FileId, out: &mut Vec<Block>) -> (usize, bool) {
    let mut end = i + 1;
    while end < lines.len() {
        let l = &lines[end];
        if l.blank() || l.indent != 0 || (lines[end - 1].text.ends_with(':') && marker(l.text).is_some()) {
            break;
        }
        end += 1;
    }
    // The lines of a paragraph are never blank (it ends at a blank line);
    // only a closing `::` needs the last line changed.
    let para = &lines[i..end];
    let last = para[para.len() - 1];
    if !last.text.ends_with("::") {
        out.push(Block::Paragraph(inline::parse(para, file)));
        return (end, false);
    }
    let t = last.text;
    let cut = if t == "::" {
        ""
    } else if t.ends_with(" ::") {
        t[..t.len() - 2].trim_end()
    } else {
        &t[..t.len() - 1]
    };
    let mut para = para.to_vec();
    if cut.is_empty() {
        para.pop();
    } else {
        para.last_mut().expect("non-empty").text = cut;
    }
    if !para.is_empty() {
        out.push(Block::Paragraph(inline::parse(&para, file)));
    }
    (end, true)
}

impl<'a> Reader<'a, '_> {
    /// A bullet or enumerated list: items of the same marker kind at this
    /// margin.
    fn list(&mut self, lines: &[Ln<'a>], mut i: usize, out: &mut Vec<Block>) -> usize {
        let file = self.file;
        let (kind, _) = marker(lines[i].text).expect("called at a marker");
        let pos = lines[i].pos(file);
        let mut items = Vec::new();
        loop {
            let (_, len) = marker(lines[i].text).expect("checked before");
            let first = lines[i].skip(len);
            let end = lines::indented_run(lines, i + 1);
            let rest = &lines[i + 1..end];
            // Continuation lines line up with the item's text; a block
            // indented further (a literal after `::`, a nested list) stays
            // indented.
            let text_col = if first.blank() { len + 1 } else { (first.col - lines[i].col) as usize };
            let by = lines::min_indent(rest).min(text_col);
            let body = self.nested_with(Some(first).filter(|f| !f.blank()), rest, by);
            items.push(ListItem { pos: lines[i].pos(file), body });
            // The list goes on at the next non-blank line if it has the same
            // marker.
            let mut next = end;
            while next < lines.len() && lines[next].blank() {
                next += 1;
            }
            match lines.get(next) {
                Some(l) if l.indent == 0 && marker(l.text).map(|m| m.0) == Some(kind) => i = next,
                _ => {
                    let kind = if kind == Marker::Enumerated { ListKind::Ordered } else { ListKind::Bullet };
                    out.push(Block::List(List { pos, kind, items }));
                    return end;
                }
            }
        }
    }

    /// A definition list: terms at the margin, each directly followed (no
    /// blank line) by its indented definition.
    fn definitions(&mut self, lines: &[Ln<'a>], mut i: usize, out: &mut Vec<Block>) -> usize {
        let file = self.file;
        let pos = lines[i].pos(file);
        let mut items = Vec::new();
        loop {
            let end = lines::indented_run(lines, i + 1);
            let rest = &lines[i + 1..end];
            let mut body = vec![Block::Paragraph(inline::parse(&lines[i..=i], file))];
            body.extend(self.nested(rest, lines::min_indent(rest)));
            items.push(ListItem { pos: lines[i].pos(file), body });
            let mut next = end;
            while next < lines.len() && lines[next].blank() {
                next += 1;
            }
            if next < lines.len() && is_term(lines, next) {
                i = next;
            } else {
                out.push(Block::List(List { pos, kind: ListKind::Definition, items }));
                return end;
            }
        }
    }

    /// Explicit markup: a directive (`.. name:: argument` and an indented
    /// body), or a comment, target or footnote, which carry no content and
    /// are skipped.
    fn explicit(&mut self, lines: &[Ln<'a>], i: usize, out: &mut Vec<Block>) -> usize {
        let l = lines[i];
        let end = lines::indented_run(lines, i + 1);
        let after = l.text.get(3..).unwrap_or("");
        let Some((name, argument)) = directive_head(after) else { return end };
        let mut start = i + 1;
        while start < end && lines[start].blank() {
            start += 1;
        }
        let body_lines = &lines[start..end];
        let body = if matches!(name.to_ascii_lowercase().as_str(), "code" | "code-block" | "sourcecode" | "parsed-literal") {
            let pos = body_lines.first().map_or(l.pos(self.file), |b| b.pos(self.file));
            vec![Block::Literal { pos, text: literal_text(body_lines) }]
        } else {
            self.nested(body_lines, lines::min_indent(body_lines))
        };
        out.push(Block::Directive { pos: l.pos(self.file), name: name.to_string(), argument: argument.to_string(), body });
        end
    }
}

/// `name::` or `name ::` (one space, as docutils allows) and the argument.
fn directive_head(s: &str) -> Option<(&str, &str)> {
    let n = s.find("::")?;
    let name = s[..n].strip_suffix(' ').unwrap_or(&s[..n]);
    let simple = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || "-_.+:".contains(c));
    let rest = &s[n + 2..];
    (simple && (rest.is_empty() || rest.starts_with(' '))).then(|| (name, rest.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::rst::lines::split;

    fn blocks(src: &str) -> Vec<Block> {
        parse(&split(src), FileId(0), &mut Diagnostics::default())
    }

    /// The depth of the first chain of nested lists.
    fn list_depth(blocks: &[Block]) -> usize {
        let mut depth = 0;
        let mut cur = blocks;
        while let Some(l) = cur.iter().find_map(Block::as_list) {
            depth += 1;
            cur = &l.items[0].body;
        }
        depth
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_with_a_located_error() {
        let src = format!("Inputs:\n{}x\n", "- ".repeat(12_000));
        let mut d = Diagnostics::default();
        let b = parse(&split(&src), FileId(0), &mut d);
        // MAX_DEPTH item bodies nest; the list inside the last one is read,
        // the bodies of its items are not.
        assert_eq!(list_depth(&b), MAX_DEPTH + 1);
        let errors: Vec<_> = d.errors().map(|e| (e.pos.line, e.pos.col)).collect();
        assert_eq!(errors, vec![(2, 2 * (MAX_DEPTH as u32 + 1) + 1)]);
        let quotes: String = (0..5_000).map(|k| format!("{}q{k}\n\n", " ".repeat(k))).collect();
        let mut d = Diagnostics::default();
        parse(&split(&quotes), FileId(0), &mut d);
        assert_eq!(d.errors().count(), 1);
    }

    fn para(b: &Block) -> String {
        match b {
            Block::Paragraph(t) => t.plain().to_string(),
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn a_simple_table_row_continues_on_an_indented_line() {
        let src = "=====  ====  ==========\nname   type  notes\n=====  ====  ==========\nkit    list  for example ``bath``,\n                  ``minibar``\nsize   int   big\n=====  ====  ==========\n";
        let b = blocks(src);
        let Some(Block::Table(t)) = b.first() else { panic!("a table: {b:?}") };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[2].plain(), "for example bath, minibar");
        assert!(t.rows[0].cells.iter().all(|c| c.unterminated.is_none()));
    }

    #[test]
    fn label_then_indented_bullets_is_a_paragraph_and_a_list() {
        let b = blocks("Inputs:\n - Room ID\n - Max number of\n   events\nOutputs:\n - None.\n");
        assert_eq!(para(&b[0]), "Inputs:");
        let l = b[1].as_list().expect("list");
        assert_eq!(l.items.len(), 2);
        assert_eq!(para(&l.items[1].body[0]), "Max number of events");
        assert_eq!(para(&b[2]), "Outputs:");
    }

    #[test]
    fn label_then_unindented_bullets() {
        let b = blocks("Inputs:\n- Event type[s]\n- Room ID\n");
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].as_list().unwrap().items.len(), 2);
    }

    #[test]
    fn nested_bullets_belong_to_their_item() {
        let b = blocks("Outputs:\n - For each room:\n    - # members\n    - room ID\n - Next\n");
        let l = b[1].as_list().unwrap();
        assert_eq!(l.items.len(), 2);
        let inner = l.items[0].body.iter().find_map(Block::as_list).expect("nested list");
        assert_eq!(inner.items.len(), 2);
        assert_eq!(para(&inner.items[0].body[0]), "# members");
    }

    #[test]
    fn literal_blocks_after_double_colon() {
        let b = blocks("Represent as::\n\n  {\n    a: 1\n  }\n\nAfter.\n");
        assert_eq!(para(&b[0]), "Represent as:");
        assert_eq!(b[1], Block::Literal { pos: b[1].pos(), text: "{\n  a: 1\n}".into() });
        assert_eq!(para(&b[2]), "After.");
        let b = blocks("::\n\n  x\n");
        assert!(matches!(b[0], Block::Literal { .. }));
    }

    #[test]
    fn literal_inside_an_item_stays_literal() {
        let b = blocks(" - Hash of the capabilities::\n\n    {\n      \"a\": 1\n    }\n - Next\n");
        let l = b[0].as_list().unwrap();
        assert_eq!(para(&l.items[0].body[0]), "Hash of the capabilities:");
        assert!(matches!(&l.items[0].body[1], Block::Literal { text, .. } if text.starts_with('{')));
        assert_eq!(l.items.len(), 2);
    }

    #[test]
    fn directives_keep_name_and_body_comments_vanish() {
        let b = blocks(".. NOTE ::\n - Exactly what?\n\n.. FIXME\n  hidden\n\n.. code :: javascript\n\n  { a }\n");
        assert_eq!(b.len(), 2);
        match &b[0] {
            Block::Directive { name, body, .. } => {
                assert_eq!(name, "NOTE");
                assert!(body[0].as_list().is_some());
            }
            other => panic!("{other:?}"),
        }
        match &b[1] {
            Block::Directive { name, argument, body, .. } => {
                assert_eq!((name.as_str(), argument.as_str()), ("code", "javascript"));
                assert!(matches!(&body[0], Block::Literal { text, .. } if text == "{ a }"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn enumerators_mid_paragraph_stay_text() {
        let b = blocks("should be\n0. For each one\n");
        assert_eq!(b.len(), 1);
        let b = blocks("1. one\n2. two\n");
        assert!(matches!(&b[0], Block::List(l) if l.kind == crate::document::ListKind::Ordered && l.items.len() == 2));
    }
}
