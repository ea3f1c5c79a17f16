//! The document model: what a prose spec says structurally, before any API
//! meaning is given to it. Both readers (RST and Markdown) produce it.
//!
//! Invariant: the tree mirrors the source order, and every node carries the
//! position of its first character.

pub mod inline;
pub mod lifted;
pub mod markdown;
pub mod rst;

pub use inline::{Seg, SegKind, Text};

use crate::source::Pos;

/// How deep blocks may nest (list items and quotes inside each other). The
/// readers stop there with an error at the first block too deep, and drop
/// what lies below: every later stage walks the tree recursively, so this
/// bounds their stack and the size of `--format json`. Real drafts nest a
/// few levels.
pub const MAX_DEPTH: usize = 64;

/// The error for a block nested deeper than [`MAX_DEPTH`].
pub fn too_deep(pos: Pos) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::error(pos, format!("blocks nested more than {MAX_DEPTH} levels deep"))
        .with_help(format!("nest lists and quotes at most {MAX_DEPTH} levels; what lies deeper is not read"))
}

/// A parsed file: blocks before the first title, then the section tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
}

/// A titled section with its body and subsections.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: Text,
    /// 1 = the first title style met in the file (RST), or the heading
    /// level (Markdown).
    pub level: u32,
    pub body: Vec<Block>,
    pub children: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Text),
    List(List),
    /// Verbatim text: an RST literal block or a Markdown code block.
    Literal {
        pos: Pos,
        text: String,
    },
    /// An RST directive (`.. NOTE::`) or a Markdown admonition-like block.
    Directive {
        pos: Pos,
        name: String,
        argument: String,
        body: Vec<Block>,
    },
    /// An indented block that is not a literal (RST block quote, or the body
    /// of a definition-list-like `Label:` line).
    Quote {
        pos: Pos,
        body: Vec<Block>,
    },
    Table(Table),
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub pos: Pos,
    pub kind: ListKind,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Bullet,
    Ordered,
    /// An RST or Markdown definition list: each item's body starts with
    /// its term (one paragraph), then the definition's blocks.
    Definition,
}

/// A table (Markdown pipe table, RST simple table): a header row and
/// rows of cells, each cell inline text.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub pos: Pos,
    pub header: Vec<Text>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub pos: Pos,
    pub cells: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub pos: Pos,
    pub body: Vec<Block>,
}

impl Block {
    pub fn pos(&self) -> Pos {
        match self {
            Block::Paragraph(t) => t.pos,
            Block::List(l) => l.pos,
            Block::Table(t) => t.pos,
            Block::Literal { pos, .. } | Block::Directive { pos, .. } | Block::Quote { pos, .. } => *pos,
        }
    }

    /// The list this block is, or the list a quote holds first (the body of
    /// an indented `Label:` line).
    pub fn as_list(&self) -> Option<&List> {
        match self {
            Block::List(l) => Some(l),
            Block::Quote { body, .. } => body.first().and_then(Block::as_list),
            _ => None,
        }
    }
}

impl Document {
    /// Every section, depth first in source order, with its ancestors.
    pub fn walk(&self) -> Vec<(&Section, Vec<&Section>)> {
        fn go<'a>(s: &'a Section, parents: &mut Vec<&'a Section>, out: &mut Vec<(&'a Section, Vec<&'a Section>)>) {
            out.push((s, parents.clone()));
            parents.push(s);
            for c in &s.children {
                go(c, parents, out);
            }
            parents.pop();
        }
        let mut out = Vec::new();
        for s in &self.sections {
            go(s, &mut Vec::new(), &mut out);
        }
        out
    }
}
