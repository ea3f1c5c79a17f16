//! A route's path, parsed once when the endpoint is made: its text, its
//! pieces (literal text and `{name}` parameters, wherever they sit) for the
//! emitter's `format!`, and its `/`-separated segments for a server's
//! router. Nothing downstream splits the text again.
//!
//! Invariant: `pieces` and `segments` are always those of `text` (the
//! fields are private; every change goes through [`PathTemplate::parse`]).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathTemplate {
    text: String,
    pieces: Vec<Piece>,
    segments: Vec<Segment>,
}

/// A run of the path: literal text, or a parameter by wire name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Piece {
    Literal(String),
    Param(String),
}

/// One `/`-separated segment, as a router matches it: a parameter when the
/// segment is one `{name}` whole, a parameter and the literal after it when
/// the segment opens with one (`{rolloutId}:pause`), else literal text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
    Literal(String),
    /// `{name}`: a path parameter by wire name.
    Param(String),
    /// `{name}:verb`: a parameter followed by a literal in one segment (a
    /// custom method, as in `/rollouts/{rolloutId}:pause`).
    Suffixed(String, String),
}

impl PathTemplate {
    /// `/rooms/{roomId}/send`. A `{` without its `}` is literal text.
    pub fn parse(text: &str) -> PathTemplate {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some((name, before, after)) = rest
            .find('{')
            .and_then(|open| rest[open + 1..].find('}').map(|len| (&rest[open + 1..open + 1 + len], &rest[..open], open + len + 2)))
        {
            if !before.is_empty() {
                pieces.push(Piece::Literal(before.to_string()));
            }
            pieces.push(Piece::Param(name.to_string()));
            rest = &rest[after..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Literal(rest.to_string()));
        }
        let segments = text
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix('{').and_then(|s| s.split_once('}')) {
                Some((p, "")) => Segment::Param(p.to_string()),
                Some((p, suffix)) if !p.contains('{') && !suffix.contains('{') => Segment::Suffixed(p.to_string(), suffix.to_string()),
                _ => Segment::Literal(s.to_string()),
            })
            .collect();
        PathTemplate { text: text.to_string(), pieces, segments }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The parameters' wire names, in path order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Param(n) => Some(n.as_str()),
            Piece::Literal(_) => None,
        })
    }

    /// Whether the path names one item: it ends in a parameter.
    pub fn on_item(&self) -> bool {
        matches!(self.pieces.last(), Some(Piece::Param(_)))
    }

    /// The last segment that does not open with a parameter (`scans` of
    /// `/parcels/{id}/scans`, `rollouts` of `/rollouts/{rolloutId}:pause`).
    pub fn last_literal(&self) -> Option<&str> {
        self.segments.iter().rev().find_map(|s| match s {
            Segment::Literal(l) if !l.starts_with('{') => Some(l.as_str()),
            _ => None,
        })
    }

    /// Whether the path ends in a word that stands for the caller's own
    /// record of the collection before it (`/members/me`, `/users/self`):
    /// one item, picked by the caller's token.
    pub fn is_callers_own(&self) -> bool {
        let literals: Vec<&str> = self
            .segments
            .iter()
            .filter_map(|s| match s {
                Segment::Literal(l) if !l.starts_with('{') => Some(l.as_str()),
                _ => None,
            })
            .collect();
        literals.len() >= 2
            && matches!(self.segments.last(), Some(Segment::Literal(l)) if matches!(l.as_str(), "me" | "self" | "mine" | "current"))
    }

    /// The last literal segment that names records: [`Self::last_literal`],
    /// or the collection before a caller's-own word (`members` of
    /// `/members/me`).
    pub fn record_literal(&self) -> Option<&str> {
        if !self.is_callers_own() {
            return self.last_literal();
        }
        self.segments.iter().rev().skip(1).find_map(|s| match s {
            Segment::Literal(l) if !l.starts_with('{') => Some(l.as_str()),
            _ => None,
        })
    }

    /// The path with its parameters' names left out (`/rooms/{}/send`):
    /// two paths of one shape are one route to a server.
    pub fn placeless(&self) -> String {
        super::route::placeless(&self.text)
    }

    /// The same path with parameter `from` named `to`.
    pub fn renamed(&self, from: &str, to: &str) -> PathTemplate {
        let text: String = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Param(n) if n == from => format!("{{{to}}}"),
                Piece::Param(n) => format!("{{{n}}}"),
                Piece::Literal(l) => l.clone(),
            })
            .collect();
        PathTemplate::parse(&text)
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for PathTemplate {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for PathTemplate {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_callers_own_record() {
        let p = PathTemplate::parse("/members/me");
        assert!(p.is_callers_own());
        assert_eq!(p.record_literal(), Some("members"));
        // "me" alone, or a parameter last, is no such path.
        assert!(!PathTemplate::parse("/me").is_callers_own());
        assert!(!PathTemplate::parse("/members/{id}").is_callers_own());
        assert_eq!(PathTemplate::parse("/members/{id}/notes").record_literal(), Some("notes"));
    }

    #[test]
    fn pieces_and_segments_of_one_parse() {
        let p = PathTemplate::parse("/rooms/{roomId}/state/{type}.json");
        assert_eq!(
            p.pieces(),
            [
                Piece::Literal("/rooms/".into()),
                Piece::Param("roomId".into()),
                Piece::Literal("/state/".into()),
                Piece::Param("type".into()),
                Piece::Literal(".json".into())
            ]
        );
        // A router matches whole segments: `{type}.json` is a parameter
        // with the literal after it.
        assert_eq!(
            p.segments(),
            [
                Segment::Literal("rooms".into()),
                Segment::Param("roomId".into()),
                Segment::Literal("state".into()),
                Segment::Suffixed("type".into(), ".json".into())
            ]
        );
        assert_eq!(p.params().collect::<Vec<_>>(), ["roomId", "type"]);
        assert_eq!((p.on_item(), p.last_literal()), (false, Some("state")));
        assert_eq!(p.to_string(), "/rooms/{roomId}/state/{type}.json");
    }

    #[test]
    fn unclosed_braces_are_text_and_renames_keep_the_rest() {
        let p = PathTemplate::parse("/a/{b");
        assert_eq!((p.pieces(), p.params().count()), (&[Piece::Literal("/a/{b".into())][..], 0));
        let q = PathTemplate::parse("/parcels/{parcel_id}/scans/{scan_id}").renamed("parcel_id", "parcelId");
        assert_eq!(q, "/parcels/{parcelId}/scans/{scan_id}");
        assert!(q.on_item() && q.placeless() == "/parcels/{}/scans/{}");
        assert_eq!(q.segments()[1], Segment::Param("parcelId".into()));
    }

    #[test]
    fn a_custom_method_is_a_suffixed_parameter() {
        let p = PathTemplate::parse("/rollouts/{rolloutId}:pause");
        assert_eq!(p.segments(), [Segment::Literal("rollouts".into()), Segment::Suffixed("rolloutId".into(), ":pause".into())]);
        assert_eq!(p.params().collect::<Vec<_>>(), ["rolloutId"]);
        assert_eq!((p.on_item(), p.last_literal()), (false, Some("rollouts")));
        assert_eq!(p.renamed("rolloutId", "rollout_id"), "/rollouts/{rollout_id}:pause");
        // Two parameters in one segment, or a brace in the suffix, stay literal.
        assert_eq!(PathTemplate::parse("/a/{b}{c}").segments()[1], Segment::Literal("{b}{c}".into()));
    }
}
