//! List items of the model: text, nesting and the flags the text states.

use super::Item;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Block, List, ListItem, Text};
use std::sync::Arc;

/// How a text with an unclosed inline literal is reported: an error where the
/// text feeds the model (titles, Inputs/Outputs), a warning in prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Model,
    Prose,
}

pub fn check_text(t: &Text, strict: Strictness, diags: &mut Diagnostics) {
    if let Some(pos) = t.unterminated {
        let d = match strict {
            Strictness::Model => Diagnostic::error(pos, "inline literal is not closed"),
            Strictness::Prose => Diagnostic::warning(pos, "inline literal is not closed"),
        };
        diags.push(d.with_len(2).with_help("close it with `` (two backticks) before the end of the paragraph"));
    }
}

/// The model items of a list, each marked with the section it came from.
pub fn items(list: &List, from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics) -> Vec<Item> {
    list.items.iter().map(|li| item(li, from, strict, diags)).collect()
}

/// Reports the diagnostics of a list's texts without building items.
pub fn check_list(list: &List, strict: Strictness, diags: &mut Diagnostics) {
    fn blocks(bs: &[Block], strict: Strictness, diags: &mut Diagnostics) {
        for b in bs {
            match b {
                Block::Paragraph(t) => check_text(t, strict, diags),
                Block::List(l) => check_list(l, strict, diags),
                Block::Quote { body, .. } => blocks(body, strict, diags),
                Block::Literal { .. } | Block::Directive { .. } => {}
            }
        }
    }
    for li in &list.items {
        blocks(&li.body, strict, diags);
    }
}

fn item(li: &ListItem, from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics) -> Item {
    let mut text = String::new();
    let mut items = Vec::new();
    collect(&li.body, from, strict, diags, &mut text, &mut items);
    Item { optional: optional(&text), batch: batch(&text), text, pos: li.pos, items, from: from.clone() }
}

/// Paragraph text joins the item's text; nested lists become sub-items.
fn collect(blocks: &[Block], from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics, text: &mut String, items: &mut Vec<Item>) {
    for b in blocks {
        match b {
            Block::Paragraph(t) => {
                check_text(t, strict, diags);
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(t.plain());
            }
            Block::List(l) => items.extend(self::items(l, from, strict, diags)),
            Block::Quote { body, .. } => collect(body, from, strict, diags, text, items),
            Block::Literal { .. } | Block::Directive { .. } => {}
        }
    }
}

/// "(optional)", "Optional …", "can be missing", "(if known)", "Any
/// existing …": the value may be absent.
pub fn optional(text: &str) -> bool {
    let starts = |p: &str| text.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if starts("optional") || starts("any existing") {
        return true;
    }
    // The other phrases have a `(` or "missing": most items have neither.
    if !(text.contains('(') || text.contains("issing") || text.contains("ISSING")) {
        return false;
    }
    let t = text.to_ascii_lowercase();
    ["(optional)", "can be missing", "(if known)"].iter().any(|p| t.contains(p))
}

/// A bracketed plural ending right after a word (`type[s]`, `box[es]`).
pub fn batch(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices('[').any(|(i, _)| {
        let close = text[i..].find(']').map(|j| i + j);
        let inner = close.map(|c| &text[i + 1..c]).unwrap_or("");
        i > 0 && b[i - 1].is_ascii_alphabetic() && (1..=3).contains(&inner.len()) && inner.bytes().all(|c| c.is_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_phrases() {
        assert!(optional("Action ID (optional)"));
        assert!(optional("Optional filter (which events to return)"));
        assert!(optional("Any existing pagination token, can be missing if this is the first hit."));
        assert!(!optional("Room ID"));
    }

    #[test]
    fn batch_suffixes() {
        assert!(batch("Event type[s]"));
        assert!(batch("Content[s]"));
        assert!(!batch("Event type"));
        assert!(!batch("Which keys [to return]"));
        assert!(!batch("[s] alone"));
    }
}
