//! Status markers at the end of section titles.
//!
//! Accepted spellings (any letter case): ``` ``[Draft]`` ```,
//! ``` `` [Draft] `` ```, ``` ``[ Draft ]`` ```, bare `[Draft]`, Markdown
//! `` `[Draft]` ``. A bracketed single word that is not a status is an error,
//! never silently part of the title.

use crate::document::{SegKind, Text};
use crate::source::Pos;

/// How far an API has come, in order: the runtime crate's, so the
/// generator, the mock and every generated crate hold the same type.
pub use specgen_runtime::Status;

/// What the end of a title holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleMarker {
    None,
    Status(Status, Pos),
    /// A bracketed word that is not a status, e.g. `[Drafty]`.
    Unknown(String, Pos),
}

/// The word inside `[ word ]`, if `s` (trimmed) is exactly that.
fn bracketed(s: &str) -> Option<&str> {
    let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?.trim();
    (!inner.is_empty() && inner.chars().all(|c| c.is_alphabetic())).then_some(inner)
}

fn marker_of(word: &str, pos: Pos) -> TitleMarker {
    match Status::parse(word) {
        Some(s) => TitleMarker::Status(s, pos),
        None => TitleMarker::Unknown(word.to_string(), pos),
    }
}

/// Splits a title into its text (markup removed) and its marker.
pub fn split(title: &Text) -> (String, TitleMarker) {
    let mut segs = title.segs().len();
    while segs > 0 && title.segs()[segs - 1].kind == SegKind::Plain && title.segs()[segs - 1].text.trim().is_empty() {
        segs -= 1;
    }
    let Some(last) = segs.checked_sub(1).map(|i| &title.segs()[i]) else {
        return (String::new(), TitleMarker::None);
    };
    if last.kind == SegKind::Literal {
        if let Some(word) = bracketed(&last.text) {
            return (title.plain_prefix(segs - 1), marker_of(word, last.pos));
        }
        return (title.plain().to_string(), TitleMarker::None);
    }
    // A bare `[word]` at the end of the last plain run.
    let text = last.text.trim_end();
    if let Some(open) = text.rfind('[') {
        let before = &text[..open];
        if let Some(word) = bracketed(&text[open..]).filter(|_| before.is_empty() || before.ends_with(char::is_whitespace)) {
            let mut pos = last.pos;
            pos.col += before.chars().count() as u32;
            pos.offset += open as u32;
            let head = format!("{}{}", title.plain_prefix(segs - 1), before);
            return (crate::document::inline::normalise(&head), marker_of(word, pos));
        }
    }
    (title.plain().to_string(), TitleMarker::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Seg;

    fn text(parts: &[(SegKind, &str)]) -> Text {
        let segs = parts.iter().map(|(k, t)| Seg { kind: *k, text: t.to_string(), pos: Pos::default() }).collect();
        Text::new(Pos::default(), segs, None)
    }

    #[test]
    fn every_marker_spelling() {
        use SegKind::*;
        for (parts, want) in [
            (vec![(Plain, "Filter API "), (Literal, "[ONGOING]")], Status::Ongoing),
            (vec![(Plain, "Typing API "), (Literal, " [ Final ]")], Status::Final),
            (vec![(Plain, "Typing API "), (Literal, " [ONGOING] ")], Status::Ongoing),
            (vec![(Plain, "Typing API [final]")], Status::Final),
            (vec![(Plain, "Sync "), (Literal, "[Ongoing]"), (Plain, "  ")], Status::Ongoing),
            (vec![(Plain, "Knock "), (Literal, "[todo]")], Status::Todo),
        ] {
            let (title, m) = split(&text(&parts));
            assert!(matches!(m, TitleMarker::Status(s, _) if s == want), "{parts:?}");
            assert!(!title.contains('[') && !title.ends_with(' '), "{title:?}");
        }
    }

    #[test]
    fn unknown_markers_and_plain_titles() {
        let (_, m) = split(&text(&[(SegKind::Plain, "Sync "), (SegKind::Literal, "[Drafty]")]));
        assert!(matches!(m, TitleMarker::Unknown(w, _) if w == "Drafty"));
        let (t, m) = split(&text(&[(SegKind::Plain, "Global "), (SegKind::Literal, "/initialSync"), (SegKind::Plain, " API")]));
        assert_eq!((t.as_str(), m), ("Global /initialSync API", TitleMarker::None));
        let (t, m) = split(&text(&[(SegKind::Plain, "Event type[s]")]));
        assert_eq!((t.as_str(), m), ("Event type[s]", TitleMarker::None));
    }

    #[test]
    fn features_follow_status() {
        assert_eq!(Status::Final.feature(), None);
        assert_eq!(Status::Draft.feature(), Some("draft"));
        assert_eq!(Status::Ongoing.feature(), Some("ongoing"));
        assert_eq!(Status::Todo.feature(), None);
    }

    #[test]
    fn statuses_are_ordered() {
        assert!(Status::Todo < Status::Ongoing && Status::Draft < Status::Final);
    }
}
