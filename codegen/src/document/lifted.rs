//! Examples a Markdown list swallowed. An author who indents an example
//! under the list above it (four spaces after a blank line) means a code
//! block; CommonMark reads the lines as more paragraphs of the list's last
//! item. Paragraphs of a list item that open with a request line
//! (`GET /trees/287`), and those after them, are lifted out of the item as
//! one literal block right after the list, as the author wrote them.
//!
//! Invariant: only a paragraph after an item's first one, opening with an
//! HTTP method and a path, is lifted; the item's own text stays.

use super::{Block, SegKind, Text};

/// Lifts swallowed examples out of every list in `blocks`, at any depth.
pub fn lift(blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i < blocks.len() {
        let mut lifted = None;
        match &mut blocks[i] {
            Block::List(l) => {
                for item in &mut l.items {
                    lift(&mut item.body);
                }
                if let Some(last) = l.items.last_mut() {
                    lifted = take_examples(&mut last.body);
                }
            }
            Block::Quote { body, .. } | Block::Directive { body, .. } => lift(body),
            _ => {}
        }
        if let Some(b) = lifted {
            blocks.insert(i + 1, b);
            i += 1;
        }
        i += 1;
    }
}

/// The paragraphs of an item's `body` from the first that opens with a
/// request line on, taken out as one literal.
fn take_examples(body: &mut Vec<Block>) -> Option<Block> {
    let at = body.iter().enumerate().skip(1).find(|(_, b)| matches!(b, Block::Paragraph(t) if opens_with_request(t))).map(|(k, _)| k)?;
    if !body[at..].iter().all(|b| matches!(b, Block::Paragraph(_) | Block::Literal { .. })) {
        return None;
    }
    let pos = body[at].pos();
    let parts: Vec<String> = body
        .drain(at..)
        .map(|b| match b {
            Block::Paragraph(t) => raw(&t),
            Block::Literal { text, .. } => text,
            _ => String::new(),
        })
        .collect();
    Some(Block::Literal { pos, text: parts.join("\n\n") + "\n" })
}

/// A paragraph's text with its line breaks (and code spans as written).
fn raw(t: &Text) -> String {
    t.segs().iter().map(|s| if s.kind == SegKind::Literal { format!("`{}`", s.text) } else { s.text.clone() }).collect()
}

fn opens_with_request(t: &Text) -> bool {
    let text = raw(t);
    let mut words = text.lines().next().unwrap_or("").split_whitespace();
    let method = words.next().unwrap_or("");
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(&method) && words.next().is_some_and(|p| p.starts_with('/'))
}
