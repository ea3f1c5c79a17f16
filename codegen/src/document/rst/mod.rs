//! The focused reStructuredText reader: section titles, the body elements
//! prose API drafts use, and inline literals. Checked against docutils over
//! the upstream corpus (see `tests/docutils_conformance.rs`).

mod blocks;
mod inline;
pub mod lines;
mod titles;

use super::{Document, Section};
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, SourceFile};

/// Reads a whole RST file into the document model.
pub fn parse(src: &SourceFile, file: FileId, diags: &mut Diagnostics) -> Document {
    let lines = lines::split(&src.text);
    let found = titles::find(&lines, file, diags);
    let mut levels = titles::Levels::new();
    let preamble_end = found.first().map_or(lines.len(), |t| t.first);
    let mut doc = Document { preamble: blocks::parse(&lines[..preamble_end], file), sections: Vec::new() };
    // Open sections, outermost first; each is closed into its parent.
    let mut open: Vec<Section> = Vec::new();
    for (k, t) in found.iter().enumerate() {
        let level = levels.level(t, open.len(), file, diags);
        while open.len() >= level as usize {
            close(&mut open, &mut doc);
        }
        let body_end = found.get(k + 1).map_or(lines.len(), |n| n.first);
        let title = inline::parse(std::slice::from_ref(&t.text), file);
        let body = blocks::parse(&lines[t.next..body_end], file);
        open.push(Section { title, level, body, children: Vec::new() });
    }
    while !open.is_empty() {
        close(&mut open, &mut doc);
    }
    doc
}

fn close(open: &mut Vec<Section>, doc: &mut Document) {
    let s = open.pop().expect("caller checks");
    match open.last_mut() {
        Some(parent) => parent.children.push(s),
        None => doc.sections.push(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_section_tree() {
        let src = SourceFile::new("t.rst", "Intro text.\n\nA\n=\n\nB\n-\n\nbody\n\nC\n-\n\nD\n=\n");
        let mut d = Diagnostics::default();
        let doc = parse(&src, FileId(0), &mut d);
        assert!(d.items.is_empty());
        assert_eq!(doc.preamble.len(), 1);
        let titles: Vec<_> = doc.walk().iter().map(|(s, p)| (s.title.plain(), s.level, p.len())).collect();
        assert_eq!(titles, vec![("A", 1, 0), ("B", 2, 1), ("C", 2, 1), ("D", 1, 0)]);
        assert_eq!(doc.sections[0].children[0].body.len(), 1);
    }
}
