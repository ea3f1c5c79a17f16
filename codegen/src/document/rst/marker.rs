//! Section title text, with a status marker glued to the words before it
//! (`Joining API``[Draft]```) read as the marker it is plainly meant to be.
//!
//! docutils keeps such a marker as text (an inline literal cannot start right
//! after a letter), so the reader warns, but the status is read.

use super::inline;
use super::lines::Ln;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Seg, SegKind, Text};
use crate::source::{FileId, Pos};

/// The inline text of a title line.
pub fn title_text(line: &Ln, file: FileId, diags: &mut Diagnostics) -> Text {
    let text = inline::parse(std::slice::from_ref(line), file);
    match glued(line) {
        Some(g) => split_off(text, line, g, file, diags),
        None => text,
    }
}

/// A glued marker: the byte where its opening ``` `` ``` starts in the line.
struct Glued {
    open: usize,
}

/// ``` ``[ word ]`` ``` ending the line right after a non-blank character.
fn glued(line: &Ln) -> Option<Glued> {
    let body = line.text.strip_suffix("``")?;
    let open = body.rfind("``")?;
    let inner = body[open + 2..].trim();
    let word = inner.strip_prefix('[')?.strip_suffix(']')?.trim();
    let glued = line.text[..open].chars().next_back().is_some_and(|c| !c.is_whitespace());
    (glued && !word.is_empty() && word.chars().all(char::is_alphabetic)).then_some(Glued { open })
}

/// Moves the glued marker out of the last plain segment into a literal
/// segment of its own (what a spaced marker reads as), with a warning. The
/// text is left alone when inline markup already consumed the backticks.
fn split_off(text: Text, line: &Ln, g: Glued, file: FileId, diags: &mut Diagnostics) -> Text {
    let marker = &line.text[g.open..];
    let mut segs = text.segs().to_vec();
    match segs.last_mut() {
        Some(last) if last.kind == SegKind::Plain && last.text.ends_with(marker) => {
            last.text.truncate(last.text.len() - marker.len());
        }
        _ => return text,
    }
    let col = line.col + line.text[..g.open].chars().count() as u32;
    let at = Pos { file, line: line.no, col, offset: line.offset + g.open as u32 };
    let inner = Pos { col: col + 2, offset: at.offset + 2, ..at };
    segs.push(Seg { kind: SegKind::Literal, text: marker[2..marker.len() - 2].to_string(), pos: inner });
    diags.push(
        Diagnostic::warning(at, "status marker glued to the title: docutils reads it as text; read as the marker")
            .with_len(marker.chars().count())
            .with_help("put a space before the opening ``"),
    );
    Text::new(text.pos, segs, text.unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::rst::lines::split;

    fn read(src: &str) -> (Text, Diagnostics) {
        let mut d = Diagnostics::default();
        let t = title_text(&split(src)[0], FileId(0), &mut d);
        (t, d)
    }

    #[test]
    fn a_glued_marker_becomes_a_literal_segment_with_a_warning() {
        let (t, d) = read("Joining API``[Draft]``");
        let segs: Vec<_> = t.segs().iter().map(|s| (s.kind, s.text.as_str(), s.pos.col)).collect();
        assert_eq!(segs, vec![(SegKind::Plain, "Joining API", 1), (SegKind::Literal, "[Draft]", 14)]);
        assert_eq!(d.items.len(), 1);
        assert_eq!((d.items[0].pos.col, d.items[0].severity), (12, crate::Severity::Warning));
    }

    #[test]
    fn spaced_markers_and_other_literals_are_left_alone() {
        for src in ["Joining API ``[Draft]``", "Use ``x``", "Glued``code``", "A``[two words]``"] {
            let (t, d) = read(src);
            assert!(d.items.is_empty(), "{src}: {:?}", d.items);
            assert_eq!(t, inline::parse(&split(src), FileId(0)), "{src}");
        }
    }
}
