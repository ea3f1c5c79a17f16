//! The focused reStructuredText reader: section titles, the body elements
//! prose API drafts use, and inline literals. Checked against docutils over
//! the upstream corpus (see `tests/docutils_conformance.rs`).

mod blocks;
mod inline;
pub mod lines;
mod marker;
mod titles;

use super::{Document, Section};
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, SourceFile};
use lines::Ln;
use titles::Title;

/// Reads a whole RST file into the document model.
pub fn parse(src: &SourceFile, file: FileId, diags: &mut Diagnostics) -> Document {
    let mut lines = lines::split(&src.text);
    let found = titles::find(&lines, file, diags);
    let sections = sectioned(&found, &mut lines, file, diags);
    let preamble_end = sections.first().map_or(lines.len(), |(t, _)| t.first);
    let mut doc = Document { preamble: blocks::parse(&lines[..preamble_end], file, diags), sections: Vec::new() };
    // Open sections, outermost first; each is closed into its parent.
    let mut open: Vec<Section> = Vec::new();
    for (k, (t, level)) in sections.iter().enumerate() {
        while open.len() >= *level as usize {
            close(&mut open, &mut doc);
        }
        let body_end = sections.get(k + 1).map_or(lines.len(), |(n, _)| n.first);
        let title = marker::title_text(&t.text, file, diags);
        let body = blocks::parse(&lines[t.next..body_end], file, diags);
        open.push(Section { title, level: *level, body, children: Vec::new() });
    }
    while !open.is_empty() {
        close(&mut open, &mut doc);
    }
    doc
}

/// The titles that make sections, with their levels. An inconsistent title
/// (reported by [`titles::Levels`]) makes none, as in docutils: its lines
/// become blank, so what follows it stays in the section open before it.
fn sectioned<'a>(found: &[Title<'a>], lines: &mut [Ln<'a>], file: FileId, diags: &mut Diagnostics) -> Vec<(Title<'a>, u32)> {
    let mut levels = titles::Levels::new();
    let mut depth = 0;
    let mut out = Vec::with_capacity(found.len());
    for t in found {
        match levels.level(t, depth, file, diags) {
            Some(level) => {
                depth = level as usize;
                out.push((*t, level));
            }
            None => {
                for l in &mut lines[t.first..t.next] {
                    *l = Ln { indent: 0, text: "", ..*l };
                }
            }
        }
    }
    out
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

    #[test]
    fn an_inconsistent_title_is_reported_and_read_past_as_docutils_does() {
        // `~` under C (level 1) skips level 2: docutils reports it (SEVERE),
        // makes no section of it, and reads on; its body stays with C, and
        // `~` is learnt later, under E.
        let src = SourceFile::new("t.rst", "A\n=\n\nB\n-\n\nC\n=\n\nD\n~\n\nd text\n\nE\n-\n\nF\n~\n");
        let mut d = Diagnostics::default();
        let doc = parse(&src, FileId(0), &mut d);
        let errors: Vec<_> = d.errors().map(|e| (e.pos.line, e.recovered)).collect();
        assert_eq!(errors, vec![(10, true)]);
        let titles: Vec<_> = doc.walk().iter().map(|(s, _)| (s.title.plain().to_string(), s.level)).collect();
        let want = [("A", 1), ("B", 2), ("C", 1), ("E", 2), ("F", 3)];
        assert_eq!(titles, want.map(|(t, l)| (t.to_string(), l)));
        let c = &doc.sections[1];
        assert_eq!(c.body.len(), 1, "D's text belongs to C: {:?}", c.body);
    }
}
