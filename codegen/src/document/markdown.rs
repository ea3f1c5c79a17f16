//! The Markdown reader (CommonMark via pulldown-cmark): ATX and setext
//! headings, paragraphs, lists, code blocks and block quotes into the same
//! document model as RST. Raw HTML blocks (pandoc's `<div>` wrappers) carry
//! no content and are skipped.

use super::{too_deep, Block, Document, List, ListItem, ListKind, Section, Seg, SegKind, Table, TableRow, Text, MAX_DEPTH};
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, Locator, Pos, SourceFile};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A block container being filled.
enum Frame {
    Root(Vec<Block>),
    List(List),
    Item(ListItem),
    Quote(Pos, Vec<Block>),
    /// A pipe table: its header and rows so far; cells of the row being
    /// read.
    Table(Table, Vec<Text>),
}

/// Inline text being collected (a paragraph, a heading, a tight list item).
struct Inline {
    pos: Pos,
    segs: Vec<Seg>,
}

impl Inline {
    fn push(&mut self, kind: SegKind, text: &str, pos: Pos) {
        match self.segs.last_mut() {
            Some(last) if last.kind == SegKind::Plain && kind == SegKind::Plain => last.text.push_str(text),
            _ => self.segs.push(Seg { kind, text: text.to_string(), pos }),
        }
    }

    fn finish(self) -> Text {
        Text::new(self.pos, self.segs, None)
    }
}

struct Reader<'s> {
    src: &'s SourceFile,
    loc: Locator<'s>,
    diags: &'s mut Diagnostics,
    frames: Vec<Frame>,
    /// Open lists and quotes (at most [`MAX_DEPTH`]).
    depth: usize,
    /// Tags open inside a container too deep to read: its events are
    /// dropped until it closes (0 when reading).
    skipping: usize,
    inline: Option<Inline>,
    heading: Option<u32>,
    /// A heading inside a list item ("- # members"): an item's text, not a
    /// section.
    item_heading: bool,
    code: Option<(Pos, String)>,
    doc: Document,
    open: Vec<Section>,
}

/// Reads a whole Markdown file into the document model.
pub fn parse(src: &SourceFile, file: FileId, diags: &mut Diagnostics) -> Document {
    let mut r = Reader {
        src,
        loc: Locator::new(src, file),
        diags,
        frames: vec![Frame::Root(Vec::new())],
        depth: 0,
        skipping: 0,
        inline: None,
        heading: None,
        item_heading: false,
        code: None,
        doc: Document::default(),
        open: Vec::new(),
    };
    for (ev, range) in Parser::new_ext(&src.text, pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_DEFINITION_LIST)
        .into_offset_iter()
    {
        r.event(ev, range.start);
    }
    r.flush_inline();
    r.flush_root();
    while !r.open.is_empty() {
        r.close_section();
    }
    let mut doc = r.doc;
    super::lifted::lift(&mut doc.preamble);
    fn sections(list: &mut [super::Section]) {
        for s in list {
            super::lifted::lift(&mut s.body);
            sections(&mut s.children);
        }
    }
    sections(&mut doc.sections);
    doc
}

impl Reader<'_> {
    /// One event, starting at byte `at` (ends start where their element
    /// does, far back: their position is never computed).
    fn event(&mut self, ev: Event, at: usize) {
        if self.skipping > 0 {
            match ev {
                Event::Start(_) => self.skipping += 1,
                Event::End(_) => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        if let Event::End(tag) = ev {
            if let TagEnd::List(_) | TagEnd::BlockQuote(_) = tag {
                self.depth -= 1;
            }
            return self.end(tag);
        }
        let pos = self.loc.pos(at);
        if let Event::Start(Tag::List(_) | Tag::BlockQuote(_)) = ev {
            if self.depth == MAX_DEPTH {
                self.diags.push(too_deep(pos));
                self.skipping = 1;
                return;
            }
            self.depth += 1;
        }
        match ev {
            Event::Start(tag) => self.start(tag, pos),
            Event::Text(t) => {
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                } else {
                    self.inline_at(pos).push(SegKind::Plain, &t, pos);
                }
            }
            Event::Code(t) => self.inline_at(pos).push(SegKind::Literal, &t, pos),
            Event::SoftBreak | Event::HardBreak => self.inline_at(pos).push(SegKind::Plain, "\n", pos),
            Event::InlineHtml(_) | Event::Html(_) | Event::Rule => {}
            _ => {}
        }
    }

    fn inline_at(&mut self, pos: Pos) -> &mut Inline {
        self.inline.get_or_insert_with(|| Inline { pos, segs: Vec::new() })
    }

    fn start(&mut self, tag: Tag, pos: Pos) {
        match tag {
            Tag::Heading { level, .. } if self.frames.iter().any(|f| matches!(f, Frame::Item(_))) => {
                // "- # members": the house style for a count, not a title.
                self.flush_inline();
                self.item_heading = true;
                let marks = "#".repeat(level as usize);
                self.inline = Some(Inline { pos, segs: vec![Seg { kind: SegKind::Plain, text: format!("{marks} "), pos }] });
            }
            Tag::Heading { level, .. } => {
                self.flush_inline();
                self.flush_root();
                self.heading = Some(level as u32);
                self.inline = Some(Inline { pos: self.heading_text_pos(pos), segs: Vec::new() });
            }
            Tag::Paragraph => {
                self.flush_inline();
                self.inline = Some(Inline { pos, segs: Vec::new() });
            }
            Tag::List(start) => {
                self.flush_inline();
                let kind = if start.is_some() { ListKind::Ordered } else { ListKind::Bullet };
                self.frames.push(Frame::List(List { pos, kind, items: Vec::new() }));
            }
            Tag::DefinitionList => {
                self.flush_inline();
                self.frames.push(Frame::List(List { pos, kind: ListKind::Definition, items: Vec::new() }));
            }
            Tag::DefinitionListTitle => {
                self.flush_inline();
                self.close_item();
                self.frames.push(Frame::Item(ListItem { pos, body: Vec::new() }));
                self.inline = Some(Inline { pos, segs: Vec::new() });
            }
            Tag::DefinitionListDefinition => self.flush_inline(),
            Tag::Table(_) => {
                self.flush_inline();
                self.frames.push(Frame::Table(Table { pos, header: Vec::new(), rows: Vec::new() }, Vec::new()));
            }
            Tag::TableRow => {
                if let Some(Frame::Table(t, _)) = self.frames.last_mut() {
                    t.rows.push(TableRow { pos, cells: Vec::new() });
                }
            }
            Tag::TableCell => self.inline = Some(Inline { pos, segs: Vec::new() }),
            Tag::Item => {
                self.flush_inline();
                self.frames.push(Frame::Item(ListItem { pos, body: Vec::new() }));
            }
            Tag::BlockQuote(_) => {
                self.flush_inline();
                self.frames.push(Frame::Quote(pos, Vec::new()));
            }
            Tag::CodeBlock(_) => {
                self.flush_inline();
                self.code = Some((pos, String::new()));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) if self.item_heading => {
                self.item_heading = false;
                self.flush_inline();
            }
            TagEnd::Heading(_) => {
                let level = self.heading.take().unwrap_or(1);
                let title = self.inline.take().map(Inline::finish).unwrap_or_else(|| Text::new(Pos::default(), vec![], None));
                while self.open.last().is_some_and(|s| s.level >= level) {
                    self.close_section();
                }
                self.open.push(Section { title, level, body: Vec::new(), children: Vec::new() });
            }
            TagEnd::Paragraph => self.flush_inline(),
            TagEnd::Item => {
                self.flush_inline();
                if let Some(Frame::Item(item)) = self.frames.pop() {
                    if let Some(Frame::List(l)) = self.frames.last_mut() {
                        l.items.push(item);
                    }
                }
            }
            TagEnd::DefinitionListTitle | TagEnd::DefinitionListDefinition => self.flush_inline(),
            TagEnd::DefinitionList => {
                self.flush_inline();
                self.close_item();
                if let Some(Frame::List(l)) = self.frames.pop() {
                    self.push_block(Block::List(l));
                }
            }
            TagEnd::TableCell => {
                let cell = self.inline.take().map(Inline::finish);
                if let Some(Frame::Table(_, cells)) = self.frames.last_mut() {
                    cells.push(cell.unwrap_or_else(|| Text::new(Pos::default(), vec![], None)));
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(Frame::Table(t, cells)) = self.frames.last_mut() {
                    let cells = std::mem::take(cells);
                    match (tag, t.rows.last_mut()) {
                        (TagEnd::TableRow, Some(row)) => row.cells = cells,
                        _ => t.header = cells,
                    }
                }
            }
            TagEnd::Table => {
                if let Some(Frame::Table(t, _)) = self.frames.pop() {
                    self.push_block(Block::Table(t));
                }
            }
            TagEnd::List(_) => {
                self.flush_inline();
                if let Some(Frame::List(l)) = self.frames.pop() {
                    self.push_block(Block::List(l));
                }
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline();
                if let Some(Frame::Quote(pos, body)) = self.frames.pop() {
                    self.push_block(Block::Quote { pos, body });
                }
            }
            TagEnd::CodeBlock => {
                if let Some((pos, text)) = self.code.take() {
                    self.push_block(Block::Literal { pos, text: text.trim_end_matches('\n').to_string() });
                }
            }
            _ => {}
        }
    }

    /// Where a heading's words start: after `#`s and spaces (ATX), or at the
    /// line start (setext).
    fn heading_text_pos(&mut self, pos: Pos) -> Pos {
        let rest = &self.src.text[pos.offset as usize..];
        let line = rest.lines().next().unwrap_or("");
        let skip = line.len() - line.trim_start_matches('#').trim_start().len();
        let skip = if line.trim_start().starts_with('#') { skip } else { line.len() - line.trim_start().len() };
        self.loc.pos(pos.offset as usize + skip)
    }

    fn flush_inline(&mut self) {
        if self.heading.is_some() {
            return;
        }
        if let Some(i) = self.inline.take() {
            if !i.segs.is_empty() {
                self.push_block(Block::Paragraph(i.finish()));
            }
        }
    }

    fn push_block(&mut self, b: Block) {
        match self.frames.last_mut() {
            Some(Frame::Root(v)) | Some(Frame::Quote(_, v)) => v.push(b),
            Some(Frame::Item(item)) => item.body.push(b),
            Some(Frame::List(_)) | Some(Frame::Table(..)) | None => {}
        }
    }

    /// Ends a definition list's item, if one is open.
    fn close_item(&mut self) {
        if matches!(self.frames.last(), Some(Frame::Item(_))) {
            if let Some(Frame::Item(item)) = self.frames.pop() {
                if let Some(Frame::List(l)) = self.frames.last_mut() {
                    l.items.push(item);
                }
            }
        }
    }

    /// Moves the blocks read so far into the open section (or the preamble).
    fn flush_root(&mut self) {
        if let Some(Frame::Root(v)) = self.frames.first_mut() {
            let blocks = std::mem::take(v);
            match self.open.last_mut() {
                Some(s) => s.body.extend(blocks),
                None => self.doc.preamble.extend(blocks),
            }
        }
    }

    fn close_section(&mut self) {
        let s = self.open.pop().expect("caller checks");
        match self.open.last_mut() {
            Some(parent) => parent.children.push(s),
            None => self.doc.sections.push(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_code_spans() {
        let src = SourceFile::new("a.md", "# Top\n\n## Filter API `[Draft]`\n\nInputs:  \n-   Which room IDs\n-   Nested:\n    -   inner\n\nSetext\n------\n\n```\nGET /x\n```\n");
        let doc = parse(&src, FileId(0), &mut Diagnostics::default());
        let all = doc.walk();
        assert_eq!(all.len(), 3);
        let filter = all[1].0;
        assert_eq!(filter.level, 2);
        assert_eq!(filter.title.segs()[1].kind, SegKind::Literal);
        assert_eq!((filter.title.pos.line, filter.title.pos.col), (3, 4));
        let list = filter.body[1].as_list().expect("list");
        assert_eq!(list.items.len(), 2);
        assert!(list.items[1].body.iter().any(|b| b.as_list().is_some()));
        let setext = all[2].0;
        assert_eq!((setext.title.plain(), setext.level), ("Setext", 2));
        assert!(matches!(&setext.body[0], Block::Literal { text, .. } if text == "GET /x"));
    }

    /// How many blocks nest in the first chain of lists and quotes.
    fn depth(blocks: &[Block]) -> usize {
        let mut depth = 0;
        let mut cur = blocks;
        loop {
            cur = match cur.first() {
                Some(Block::List(l)) => &l.items[0].body,
                Some(Block::Quote { body, .. }) => body,
                _ => return depth,
            };
            depth += 1;
        }
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_with_a_located_error() {
        for marker in ["- ", "> "] {
            let src = format!("{}x\n", marker.repeat(12_000));
            let mut d = Diagnostics::default();
            let doc = parse(&SourceFile::new("a.md", src), FileId(0), &mut d);
            assert_eq!(depth(&doc.preamble), MAX_DEPTH);
            let errors: Vec<_> = d.errors().map(|e| (e.pos.line, e.pos.col)).collect();
            // At the marker of the first list or quote too deep.
            assert_eq!(errors, vec![(1, 2 * MAX_DEPTH as u32 + 1)], "{marker:?}");
        }
    }
}
