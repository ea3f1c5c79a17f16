//! What one section's body says: prose, labelled lists, operations.
//!
//! Operations are cut where the prose cuts them: an `Inputs:` list after an
//! operation that already has inputs or outputs, or an `Outputs:` list after
//! one that has outputs, starts the next operation; a paragraph ending in
//! `:` just before its lists names it.

use super::item::{self, check_text, Strictness};
use super::{http, Item, NoteGroup, Term};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Block, List, SegKind, Text};
use crate::source::Pos;
use std::sync::Arc;

/// An operation as read, before its name and inherited items are settled.
#[derive(Debug, Clone, Default)]
pub struct OpDraft {
    pub name: Option<String>,
    pub pos: Option<Pos>,
    pub inputs: Vec<Item>,
    pub outputs: Vec<Item>,
    pub notes: Vec<NoteGroup>,
    pub http: Option<http::HttpExample>,
    /// Written as `Additional Inputs` / `Additional Outputs`.
    pub extends_inputs: bool,
    pub extends_outputs: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub description: Vec<String>,
    pub notes: Vec<NoteGroup>,
    pub ops: Vec<OpDraft>,
    pub terms: Vec<Term>,
}

enum Label {
    Inputs { additional: bool },
    Outputs { additional: bool },
    Terms,
    Note(String),
}

fn classify(label: &str) -> Label {
    match label.trim().to_ascii_lowercase().as_str() {
        "inputs" | "input" => Label::Inputs { additional: false },
        "additional inputs" | "additional input" => Label::Inputs { additional: true },
        "outputs" | "output" => Label::Outputs { additional: false },
        "additional outputs" | "additional output" => Label::Outputs { additional: true },
        "terminology" => Label::Terms,
        _ => Label::Note(label.trim().to_string()),
    }
}

/// The label of a paragraph that ends in `:`.
fn label_of(b: &Block) -> Option<(String, &Text)> {
    let Block::Paragraph(t) = b else { return None };
    if !t.ends_with_colon() {
        return None;
    }
    let plain = t.plain();
    plain.strip_suffix(':').map(|l| (l.trim_end().to_string(), t))
}

struct Reader<'d> {
    from: Arc<str>,
    /// Whether prose (description, note groups) is kept: only where an API
    /// will use it. Diagnostics are reported either way.
    keep_prose: bool,
    diags: &'d mut Diagnostics,
    out: Content,
    current: Option<OpDraft>,
    /// A paragraph ending in `:` that may name the next operation.
    pending: Option<(String, Pos)>,
}

/// Reads a section body. `from` is the section title, recorded on items;
/// `keep_prose` is false for sections no API reads prose from.
pub fn read(blocks: &[Block], from: &str, keep_prose: bool, diags: &mut Diagnostics) -> Content {
    let mut r = Reader { from: Arc::from(from), keep_prose, diags, out: Content::default(), current: None, pending: None };
    r.blocks(blocks);
    r.finish_op();
    r.drop_pending();
    r.out
}

impl Reader<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        let mut i = 0;
        while i < blocks.len() {
            let b = &blocks[i];
            if let Some((label, text)) = label_of(b) {
                if let Some(list) = blocks.get(i + 1).and_then(Block::as_list) {
                    check_text(text, Strictness::Prose, self.diags);
                    self.labelled(&label, text, list);
                    i += 2;
                    continue;
                }
                if matches!(classify(&label), Label::Inputs { .. } | Label::Outputs { .. }) {
                    self.diags.push(
                        Diagnostic::error(text.pos, format!("`{label}:` is not followed by a list"))
                            .with_len(label.chars().count() + 1)
                            .with_help("list the items as bullets (`- item`) on the lines after the label"),
                    );
                    i += 1;
                    continue;
                }
                self.drop_pending();
                check_text(text, Strictness::Prose, self.diags);
                self.pending = Some((label, text.pos));
                i += 1;
                continue;
            }
            self.other(b);
            i += 1;
        }
    }

    fn labelled(&mut self, label: &str, text: &Text, list: &List) {
        match classify(label) {
            Label::Inputs { additional } => {
                let items = item::items(list, &self.from, Strictness::Model, self.diags);
                if self.current.as_ref().is_some_and(|op| !op.inputs.is_empty() || !op.outputs.is_empty()) {
                    self.finish_op();
                }
                let op = self.op(text.pos);
                op.inputs = items;
                op.extends_inputs = additional;
            }
            Label::Outputs { additional } => {
                let items = item::items(list, &self.from, Strictness::Model, self.diags);
                if self.current.as_ref().is_some_and(|op| !op.outputs.is_empty()) {
                    self.finish_op();
                }
                let op = self.op(text.pos);
                op.outputs = items;
                op.extends_outputs = additional;
            }
            Label::Terms => {
                self.drop_pending();
                for li in &list.items {
                    if let Some(term) = term(li.body.first(), li.pos) {
                        self.out.terms.push(term);
                    }
                }
            }
            Label::Note(_) if !self.keep_prose => {
                self.drop_pending();
                item::check_list(list, Strictness::Prose, self.diags);
            }
            Label::Note(label) => {
                self.drop_pending();
                let group = NoteGroup { label, pos: text.pos, items: item::items(list, &self.from, Strictness::Prose, self.diags) };
                match &mut self.current {
                    Some(op) => op.notes.push(group),
                    None => self.out.notes.push(group),
                }
            }
        }
    }

    fn other(&mut self, b: &Block) {
        self.drop_pending();
        if !self.keep_prose {
            return self.check_prose(b);
        }
        match b {
            Block::Paragraph(t) => {
                check_text(t, Strictness::Prose, self.diags);
                self.out.description.push(t.plain().to_string());
            }
            Block::List(l) => {
                let items = item::items(l, &self.from, Strictness::Prose, self.diags);
                let text: Vec<String> = items.iter().map(|i| format!("- {}", i.text)).collect();
                self.out.description.push(text.join("\n"));
            }
            Block::Quote { body, .. } => self.blocks(body),
            Block::Directive { name, argument, body, pos } => self.directive(name, argument, body, *pos),
            Block::Literal { pos, text } => self.literal(text, *pos),
        }
    }

    /// The diagnostics of prose that is not kept.
    fn check_prose(&mut self, b: &Block) {
        match b {
            Block::Paragraph(t) => check_text(t, Strictness::Prose, self.diags),
            Block::List(l) => item::check_list(l, Strictness::Prose, self.diags),
            Block::Quote { body, .. } => self.blocks(body),
            Block::Directive { body, .. } => body.iter().for_each(|b| self.check_prose(b)),
            Block::Literal { pos, text } => self.literal(text, *pos),
        }
    }

    fn directive(&mut self, name: &str, argument: &str, body: &[Block], pos: Pos) {
        let mut items = Vec::new();
        if !argument.is_empty() {
            items.push(Item { text: argument.to_string(), pos, items: vec![], optional: false, batch: false, from: self.from.clone() });
        }
        for b in body {
            match b {
                Block::Paragraph(t) => {
                    check_text(t, Strictness::Prose, self.diags);
                    items.push(Item {
                        text: t.plain().to_string(),
                        pos: t.pos,
                        items: vec![],
                        optional: false,
                        batch: false,
                        from: self.from.clone(),
                    });
                }
                other => {
                    if let Some(l) = other.as_list() {
                        items.extend(item::items(l, &self.from, Strictness::Prose, self.diags));
                    }
                }
            }
        }
        if !items.is_empty() {
            self.out.notes.push(NoteGroup { label: name.to_string(), pos, items });
        }
        for b in body {
            if let Block::Literal { pos, text } = b {
                self.literal(text, *pos);
            }
        }
    }

    /// An HTTP example belongs to the operation it follows.
    fn literal(&mut self, text: &str, pos: Pos) {
        match http::parse(text, pos) {
            Ok(Some(ex)) => {
                let target = match self.current.as_mut() {
                    Some(op) => Some(op),
                    None => self.out.ops.last_mut(),
                };
                match target {
                    Some(op) => op.http = Some(ex),
                    None => self.diags.push(
                        Diagnostic::warning(pos, "HTTP example before any operation is ignored")
                            .with_help("put the example after the operation's Inputs/Outputs"),
                    ),
                }
            }
            Ok(None) => {}
            Err(bad) => self.diags.push(
                Diagnostic::warning(pos, format!("HTTP example: {} (line {} of the example)", bad.message, bad.line + 1))
                    .with_help("write the request and response bodies as JSON"),
            ),
        }
    }

    fn op(&mut self, pos: Pos) -> &mut OpDraft {
        if self.current.is_none() {
            let (name, at) = match self.pending.take() {
                Some((n, p)) => (Some(n), p),
                None => (None, pos),
            };
            self.current = Some(OpDraft { name, pos: Some(at), ..OpDraft::default() });
        }
        self.current.as_mut().expect("just set")
    }

    fn finish_op(&mut self) {
        if let Some(op) = self.current.take() {
            self.out.ops.push(op);
        }
    }

    /// A `…:` paragraph that named nothing is prose after all.
    fn drop_pending(&mut self) {
        if let Some((text, _)) = self.pending.take().filter(|_| self.keep_prose) {
            self.out.description.push(format!("{text}:"));
        }
    }
}

/// ``` ``Chunk token`` : definition ``` (or `Term: definition`).
fn term(first: Option<&Block>, pos: Pos) -> Option<Term> {
    let Some(Block::Paragraph(t)) = first else { return None };
    let (term, rest) = match t.segs().first() {
        Some(s) if s.kind == SegKind::Literal => (s.text.trim().to_string(), t.plain_from(1)),
        _ => {
            let plain = t.plain();
            let (a, b) = plain.split_once(':')?;
            (a.trim().to_string(), format!(":{b}"))
        }
    };
    let definition = rest.trim_start().strip_prefix(':')?.trim().to_string();
    Some(Term { term, definition, pos })
}
