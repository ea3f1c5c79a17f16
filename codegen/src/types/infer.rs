//! Inference rules: from an item's prose to a field name and a Rust type.
//! Each rule is one small function; [`infer`] tries them in a fixed order and
//! records which one fired, so every decision can be explained.

use super::names::{self, field_name, head, singular, strip_leading, type_name};
use super::{EnumDef, Field, Location, Rule, StructDef, TokenType, Ty, IDS};
use crate::model::Item;

/// What the rules decided for one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub name: String,
    pub ty: Ty,
    pub rule: Rule,
    /// Nested structs and enums the type refers to.
    pub structs: Vec<StructDef>,
    pub enums: Vec<EnumDef>,
}

/// The input identifies the caller ("User ID (for auth)", "A way of
/// identifying the user …", "Auth key …").
pub fn is_auth(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    t.contains("(for auth)") || t.starts_with("a way of identifying the user") || t.starts_with("auth key")
}

/// "Whether …", "flag to say if …" → bool.
pub fn is_bool(head: &str) -> bool {
    let t = head.to_ascii_lowercase();
    t.starts_with("whether") || t.starts_with("flag ") || t.starts_with("is ") || t.starts_with("has ")
}

/// A closed list of choices: `(online, offline, away, etc)` in parentheses,
/// or `before / after / around` in a "Whether…"/"Which…" item. Returns the
/// choices and whether the list is open ("etc").
pub fn closed_list(text: &str) -> Option<(Vec<String>, bool)> {
    paren_choices(text).or_else(|| slash_choices(text))
}

fn paren_choices(text: &str) -> Option<(Vec<String>, bool)> {
    let open = text.find('(')?;
    let close = open + text[open..].find(')')?;
    let inner = text[open + 1..close].trim();
    let lower = inner.to_ascii_lowercase();
    if ["e.g", "eg.", "f.e", "incl", "i.e", "see "].iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    let parts: Vec<&str> = inner.split([',', '|']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let etc = parts.last().is_some_and(|p| p.eq_ignore_ascii_case("etc") || p.eq_ignore_ascii_case("etc."));
    let choices: Vec<String> =
        parts.iter().filter(|p| !p.eq_ignore_ascii_case("etc") && !p.eq_ignore_ascii_case("etc.")).map(|p| p.to_string()).collect();
    let short =
        choices.iter().all(|c| c.split_whitespace().count() <= 3 && c.chars().all(|ch| ch.is_alphabetic() || ch == ' ' || ch == '_'));
    (choices.len() >= 3 && short).then_some((choices, etc))
}

fn slash_choices(text: &str) -> Option<(Vec<String>, bool)> {
    let h = head(text);
    let lower = h.to_ascii_lowercase();
    if !(lower.starts_with("whether") || lower.starts_with("which")) {
        return None;
    }
    let joined = h.replace(" / ", "/");
    let word = joined.split_whitespace().find(|w| w.contains('/'))?;
    let choices: Vec<String> = word.split('/').map(str::to_string).collect();
    let ok = choices.len() >= 3 && choices.iter().all(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_lowercase()));
    ok.then_some((choices, false))
}

/// Counts and limits: "limit", "Max number of …", "Total number of …",
/// "# users", "Which 'page' …".
pub fn is_count(head: &str) -> bool {
    let core = strip_leading(head).to_ascii_lowercase();
    let first = core.split(|c: char| !c.is_alphanumeric() && c != '#').find(|w| !w.is_empty()).unwrap_or("");
    ["max number of", "total number of", "number of", "#", "max #"].iter().any(|p| core.starts_with(p))
        || matches!(first, "limit" | "count" | "page" | "total")
}

/// Free content: "Content[s]", "Message contents", "New value", "key/values".
pub fn is_content(head: &str) -> bool {
    let t = head.to_ascii_lowercase();
    t.contains("content") || t.contains("key/value") || t.ends_with(" value") || t == "value" || t.ends_with(" json")
}

/// A list: "List of …", "A list of …", "A set of …", or a first noun phrase
/// that is plural ("Which room IDs"). Returns the element's phrase.
pub fn list_element(head: &str) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    for p in ["a list of ", "list of ", "a set of ", "set of "] {
        if let Some(i) = lower.find(p) {
            if i == 0 || lower[..i].split_whitespace().count() <= 1 {
                return Some(singular_phrase(&first_phrase(&head[i + p.len()..])));
            }
        }
    }
    let phrase = first_phrase(strip_leading(head));
    let last = phrase.split_whitespace().last()?;
    let plural =
        last.ends_with("IDs") || (last.len() > 3 && last.ends_with('s') && !["ss", "us", "is", "as"].iter().any(|e| last.ends_with(e)));
    plural.then(|| singular_phrase(&phrase))
}

/// The words before the first relative word or preposition.
fn first_phrase(s: &str) -> String {
    const STOP: &[&str] = &["which", "that", "to", "for", "of", "in", "on", "with", "from", "as", "at", "by", "the", "this", "specified"];
    s.split_whitespace().take_while(|w| !STOP.contains(&w.to_ascii_lowercase().as_str())).collect::<Vec<_>>().join(" ")
}

fn singular_phrase(phrase: &str) -> String {
    let mut words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        *last = singular(last);
    }
    words.join(" ")
}

/// An identifier noun ending the phrase (or followed by "to", "of" …):
/// "Room ID", "Event ID to mark up to", "Invite event ID".
pub fn identifier(phrase: &str) -> Option<&'static str> {
    let lower = phrase.to_ascii_lowercase();
    for (name, words, _) in IDS {
        if let Some(i) = lower.find(words) {
            let after = lower[i + words.len()..].split_whitespace().next();
            let before_ok = i == 0 || lower.as_bytes()[i - 1] == b' ';
            if before_ok && after.is_none_or(|w| ["to", "of", "for", "with", "from", "in", "/"].contains(&w)) {
                return Some(name);
            }
        }
    }
    None
}

/// A Terminology token: the phrase names it ("chunk token") or starts with
/// its qualifier ("Filter to apply" for "Filter token").
pub fn token<'a>(phrase: &str, tokens: &'a [TokenType], at_start_only: bool) -> Option<&'a TokenType> {
    let lower = phrase.to_ascii_lowercase();
    tokens.iter().find(|t| {
        let term = t.term.to_ascii_lowercase();
        let qualifier = term.split_whitespace().next().unwrap_or("");
        if at_start_only {
            lower.starts_with(&term) || lower.split_whitespace().next() == Some(qualifier)
        } else {
            lower.contains(&term)
        }
    })
}

/// Events are free JSON objects in this draft.
pub fn is_event(phrase: &str) -> bool {
    let last = phrase.split_whitespace().last().unwrap_or("").to_ascii_lowercase();
    matches!(last.as_str(), "event" | "events")
}

/// Names, texts, keys, URLs, types, hashes, aliases, servers → String.
pub fn is_text(phrase: &str) -> bool {
    const WORDS: &[&str] = &[
        "text",
        "name",
        "url",
        "alias",
        "localpart",
        "key",
        "hash",
        "type",
        "token",
        "server",
        "string",
        "topic",
        "avatar",
        "id",
        "password",
    ];
    phrase.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// A scalar type from a phrase, or `None`.
fn scalar(phrase: &str, full_text: &str, tokens: &[TokenType]) -> Option<(Ty, Rule)> {
    if let Some(id) = identifier(phrase) {
        return Some((Ty::Named(id.to_string()), Rule::Identifier));
    }
    if let Some(t) = token(phrase, tokens, true).or_else(|| token(full_text, tokens, false)) {
        return Some((Ty::Named(t.name.clone()), Rule::Token));
    }
    if is_event(phrase) || is_content(phrase) {
        return Some((Ty::Json, Rule::Content));
    }
    if is_text(phrase) {
        return Some((Ty::String, Rule::Text));
    }
    None
}

/// Applies the rules to one item. `prefix` names nested types (the endpoint's
/// Pascal name).
pub fn infer(item: &Item, tokens: &[TokenType], prefix: &str) -> Inferred {
    let name = field_name(&item.text);
    let h = head(&item.text);
    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let (ty, rule) = if is_auth(&item.text) {
        (Ty::String, Rule::Auth)
    } else if !item.items.is_empty() {
        let noun = singular(name.rsplit('_').next().unwrap_or("item"));
        let struct_name = format!("{prefix}{}", type_name(&noun));
        let fields = fields(&item.items, tokens, &struct_name, Location::Body, &mut structs, &mut enums);
        structs.push(StructDef { name: struct_name.clone(), doc: item.text.clone(), fields });
        (Ty::Vec(Box::new(Ty::Named(struct_name))), Rule::NestedList)
    } else if let Some((choices, open)) = closed_list(&item.text) {
        let enum_name = format!("{prefix}{}", type_name(&name));
        let variants = choices.iter().map(|c| (type_name(c), c.trim().to_ascii_lowercase().replace(' ', "_"))).collect();
        enums.push(EnumDef { name: enum_name.clone(), doc: item.text.clone(), variants, open });
        (Ty::Named(enum_name), if open { Rule::OpenEnum } else { Rule::ClosedEnum })
    } else if is_bool(&h) {
        (Ty::Bool, Rule::Bool)
    } else if is_count(&h) {
        (Ty::U64, Rule::Count)
    } else if is_content(&h) {
        let ty = if item.batch { Ty::OneOrMany(Box::new(Ty::Json)) } else { Ty::Json };
        (ty, if item.batch { Rule::Batch } else { Rule::Content })
    } else if item.batch {
        let (elem, _) = scalar(&h, &item.text, tokens).unwrap_or((Ty::Json, Rule::Fallback));
        (Ty::OneOrMany(Box::new(elem)), Rule::Batch)
    } else if let Some(t) = token(strip_leading(&h), tokens, true) {
        (Ty::Named(t.name.clone()), Rule::Token)
    } else if let Some(elem) = list_element(&h) {
        match scalar(&elem, &elem, tokens) {
            Some((t, _)) => (Ty::Vec(Box::new(t)), Rule::List),
            None => (Ty::Vec(Box::new(Ty::Json)), Rule::Fallback),
        }
    } else {
        scalar(strip_leading(&h), &item.text, tokens).unwrap_or((Ty::Json, Rule::Fallback))
    };
    let ty = if item.optional && !matches!(ty, Ty::Option(_)) && rule != Rule::Auth { Ty::Option(Box::new(ty)) } else { ty };
    Inferred { name, ty, rule, structs, enums }
}

/// Fields of a struct from a list of items (auth items left out), names made
/// unique together.
pub fn fields(
    items: &[Item],
    tokens: &[TokenType],
    prefix: &str,
    location: Location,
    structs: &mut Vec<StructDef>,
    enums: &mut Vec<EnumDef>,
) -> Vec<Field> {
    let inferred: Vec<(&Item, Inferred)> =
        items.iter().map(|i| (i, infer(i, tokens, prefix))).filter(|(_, inf)| inf.rule != Rule::Auth).collect();
    let unique = names::unique(inferred.iter().map(|(_, inf)| inf.name.clone()));
    inferred
        .into_iter()
        .zip(unique)
        .map(|((item, mut inf), rust)| {
            // A nested type named like one already made (two "rooms" lists)
            // is renamed, and the field's type with it.
            let taken = |n: &str| structs.iter().any(|o: &StructDef| o.name == n) || enums.iter().any(|o: &EnumDef| o.name == n);
            let names = inf.structs.iter_mut().map(|s| &mut s.name).chain(inf.enums.iter_mut().map(|e| &mut e.name));
            for name in names {
                if taken(name) {
                    let new = (2..).map(|k| format!("{name}{k}")).find(|n| !taken(n)).expect("a free name");
                    inf.ty = rename(inf.ty, name, &new);
                    *name = new;
                }
            }
            structs.extend(inf.structs);
            enums.extend(inf.enums);
            Field {
                wire: rust.clone(),
                rust,
                prose: item.text.clone(),
                ty: inf.ty,
                location,
                rule: inf.rule,
                pos: item.pos,
                from_overlay: false,
            }
        })
        .collect()
}

/// `ty` with every `Named(from)` replaced by `Named(to)`.
fn rename(ty: Ty, from: &str, to: &str) -> Ty {
    match ty {
        Ty::Named(n) if n == from => Ty::Named(to.to_string()),
        Ty::Vec(t) => Ty::Vec(Box::new(rename(*t, from, to))),
        Ty::Option(t) => Ty::Option(Box::new(rename(*t, from, to))),
        Ty::OneOrMany(t) => Ty::OneOrMany(Box::new(rename(*t, from, to))),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Pos;
    use std::sync::Arc;

    fn item(text: &str) -> Item {
        Item {
            text: text.into(),
            pos: Pos::default(),
            items: vec![],
            optional: crate::model::item::optional(text),
            batch: crate::model::item::batch(text),
            from: Arc::from("t"),
        }
    }

    fn tokens() -> Vec<TokenType> {
        ["Chunk token", "Filter token", "Pagination token"]
            .iter()
            .map(|t| TokenType { name: type_name(t), term: t.to_string(), definition: String::new() })
            .collect()
    }

    fn ty(text: &str) -> (String, String, Rule) {
        let inf = infer(&item(text), &tokens(), "Op");
        (inf.name, inf.ty.rust(), inf.rule)
    }

    #[test]
    fn auth_inputs_are_not_fields() {
        assert_eq!(ty("User ID (for auth)").2, Rule::Auth);
        assert_eq!(ty("A way of identifying the user (e.g. access token, user ID, etc)").2, Rule::Auth);
        assert_eq!(ty("Auth key (e.g. access_token of user, of server admin, etc)").2, Rule::Auth);
        assert!(!is_auth("User ID"));
    }

    #[test]
    fn whether_is_bool() {
        assert_eq!(ty("Whether you want federation-style event JSON"), ("federation_style_event_json".into(), "bool".into(), Rule::Bool));
        assert_eq!(ty("flag to say if the home server should do a backfill over federation").1, "bool");
        assert_eq!(ty("Whether the full event should be returned, or a compact version (default=full)").1, "bool");
    }

    #[test]
    fn counts_are_u64() {
        for t in [
            "limit",
            "Max number of events to return",
            "Total number of rooms",
            "# users",
            "Limit for pagination",
            "Which 'page' of results this response represents",
        ] {
            assert_eq!(ty(t).1, "u64", "{t}");
        }
    }

    #[test]
    fn plurals_and_lists_are_vec() {
        assert_eq!(ty("Which room IDs"), ("room_ids".into(), "Vec<RoomId>".into(), Rule::List));
        assert_eq!(ty("Which event types (incl wildcards)").1, "Vec<String>");
        assert_eq!(ty("List of home servers to join via.").1, "Vec<String>");
        assert_eq!(ty("Requested events").1, "Vec<serde_json::Value>");
        assert_eq!(ty("Which keys to retrieve").1, "Vec<String>");
    }

    #[test]
    fn batch_markers_are_one_or_many() {
        assert_eq!(ty("Event type[s]"), ("event_type".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Content[s]").1, "OneOrMany<serde_json::Value>");
        assert_eq!(ty("State key[s]").1, "OneOrMany<String>");
    }

    #[test]
    fn optional_items_are_option() {
        assert_eq!(ty("Action ID (optional)").1, "Option<String>");
        assert_eq!(ty("Any existing pagination token, can be missing if this is the first hit.").1, "Option<PaginationToken>");
        assert_eq!(ty("Optional filter (which events to return)").1, "Option<FilterToken>");
    }

    #[test]
    fn closed_and_open_enums() {
        let inf = infer(&item("Presence state (online, offline, away, busy, do not disturb, etc)"), &tokens(), "SetPresence");
        assert_eq!(inf.rule, Rule::OpenEnum);
        let e = &inf.enums[0];
        assert_eq!(e.name, "SetPresencePresenceState");
        assert!(e.open);
        assert_eq!(e.variants[4], ("DoNotDisturb".to_string(), "do_not_disturb".to_string()));
        let inf = infer(&item("Whether to get results before / after / around (mid point) this event"), &tokens(), "Ctx");
        assert_eq!(inf.rule, Rule::ClosedEnum);
        assert_eq!(inf.enums[0].variants.len(), 3);
        assert!(!inf.enums[0].open);
        assert!(closed_list("A way of identifying the user (e.g. access token, user ID, etc)").is_none());
    }

    #[test]
    fn identifiers_and_tokens() {
        assert_eq!(ty("Room ID").1, "RoomId");
        assert_eq!(ty("Event ID to mark up to. This is inclusive of the event ID specified.").1, "EventId");
        assert_eq!(ty("Desired room alias localpart").1, "String");
        assert_eq!(ty("Room Alias").1, "RoomAlias");
        assert_eq!(ty("Room alias").1, "RoomAlias");
        assert_eq!(ty("Position in the stream (chunk token)").1, "ChunkToken");
        assert_eq!(ty("Filter to apply.").1, "FilterToken");
        assert_eq!(ty("A new chunk token for earlier child events.").1, "ChunkToken");
        assert_eq!(ty("An opaque token which represents the inputs, the \"filter token\".").1, "FilterToken");
    }

    #[test]
    fn content_text_and_fallback() {
        assert_eq!(ty("Message contents").1, "serde_json::Value");
        assert_eq!(ty("New value"), ("value".into(), "serde_json::Value".into(), Rule::Content));
        assert_eq!(ty("New display name"), ("display_name".into(), "String".into(), Rule::Text));
        assert_eq!(ty("Current room state at the end of the chunk as per initial sync.").2, Rule::Fallback);
    }

    #[test]
    fn nested_lists_make_structs() {
        let mut rooms = item("A list of rooms with:");
        rooms.items = vec![item("# users"), item("A set of 'publishable' room state events, presumably m.room.name")];
        let inf = infer(&rooms, &tokens(), "PublicRooms");
        assert_eq!((inf.name.as_str(), inf.ty.rust(), inf.rule.clone()), ("rooms", "Vec<PublicRoomsRoom>".into(), Rule::NestedList));
        let s = &inf.structs[0];
        assert_eq!(s.fields[0].ty, Ty::U64);
        assert_eq!(s.fields[1].ty.rust(), "Vec<serde_json::Value>");
    }
}
