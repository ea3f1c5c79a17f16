//! Inference rules: from an item's prose to a field name and a Rust type.
//! Each rule is one small function; [`infer`] tries them in a fixed order and
//! records which one fired, so every decision can be explained.

use super::names::{self, field_name_rule, head, is_function_word, plural_name, singular, strip_leading, type_name, NameRule};
use super::{EnumDef, Field, IdType, Location, Rule, StructDef, TokenType, Ty, Vocab};
use crate::model::Item;

/// What the rules decided for one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub name: String,
    pub naming: NameRule,
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
    let words: Vec<&str> = core.split(|c: char| !c.is_alphanumeric() && c != '#').filter(|w| !w.is_empty()).collect();
    // A cursor or token of a page is opaque text, not a number.
    if words.iter().any(|w| matches!(*w, "cursor" | "token" | "id" | "ids")) {
        return false;
    }
    // Quantities with a unit: "Weight in grams", "Timeout in ms".
    if words.iter().any(|w| UNITS.contains(w)) || words.first().is_some_and(|w| MEASURES.contains(w)) {
        return true;
    }
    let first = core.split(|c: char| !c.is_alphanumeric() && c != '#').find(|w| !w.is_empty()).unwrap_or("");
    ["max number of", "total number of", "number of", "#", "max #"].iter().any(|p| core.starts_with(p))
        || matches!(first, "limit" | "count" | "page" | "total" | "timeout" | "size" | "timestamp" | "age" | "offset")
}

/// Units that make a phrase a whole-number quantity.
const UNITS: &[&str] =
    &["grams", "kilograms", "bytes", "seconds", "milliseconds", "ms", "minutes", "hours", "days", "cents", "pixels", "px"];
/// Nouns of measured quantities.
const MEASURES: &[&str] = &["weight", "height", "width", "length", "duration", "quantity", "amount", "port", "priority", "rank"];

/// Free content: "Content[s]", "Message contents", "New value", "key/values".
pub fn is_content(head: &str) -> bool {
    let t = head.to_ascii_lowercase();
    t.contains("content") || t.contains("key/value") || t.ends_with(" value") || t == "value" || t.ends_with(" json")
}

/// A list: "List of …", "A list of …", "A set of …", or a first noun phrase
/// that is plural ("Which room IDs"). Returns the element's phrase.
pub fn list_element(head: &str) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    for p in
        ["a list of ", "list of ", "a set of ", "set of ", "a chunk of ", "chunk of ", "a page of ", "page of ", "a batch of ", "batch of "]
    {
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
    let stop = |w: &str| is_function_word(&w.to_ascii_lowercase()) || w.eq_ignore_ascii_case("specified");
    s.split_whitespace().take_while(|w| !stop(w)).collect::<Vec<_>>().join(" ")
}

fn singular_phrase(phrase: &str) -> String {
    let mut words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        *last = singular(last);
    }
    words.join(" ")
}

/// An identifier the phrase names, ending it or followed by a function
/// word: "Room ID", "Event ID to mark up to", "Invite event ID" (an
/// "event ID"), "Notebook IDs", or a phrase an overlay id declares ("room
/// alias"). Returns the id's Rust name and, for an id only the prose
/// names, its type.
pub fn identifier(phrase: &str, vocab: &Vocab) -> Option<(String, Option<IdType>)> {
    let lower = phrase.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let ends_phrase = |after: Option<&&str>| after.is_none_or(|w| is_function_word(w));
    for id in &vocab.ids {
        for w in &id.words {
            let n = w.split_whitespace().count();
            if let Some(i) = (0..words.len().saturating_sub(n - 1)).find(|&i| words[i..i + n].join(" ") == *w) {
                if ends_phrase(words.get(i + n)) {
                    return Some((id.name.clone(), None));
                }
            }
        }
    }
    let at = words.iter().position(|w| *w == "id" || *w == "ids")?;
    let qualifier = *words.get(at.checked_sub(1)?)?;
    if is_function_word(qualifier) || !ends_phrase(words.get(at + 1)) || qualifier.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let qualifier = singular(qualifier);
    let words = format!("{qualifier} id");
    let name = type_name(&words);
    let known = vocab.ids.iter().any(|i| i.name == name);
    Some((name.clone(), (!known).then(|| IdType::inferred(&name, &words))))
}

/// The shared type the phrase's head noun names (`[types.Event]` with
/// `words = ["event"]`: "State events", "Invite event").
pub fn shared(phrase: &str, vocab: &Vocab) -> Option<String> {
    let lower = phrase.to_ascii_lowercase();
    let last = lower.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty())?;
    let noun = singular(last);
    vocab.shared.iter().find(|(_, words)| words.iter().any(|w| *w == noun || *w == lower)).map(|(n, _)| n.clone())
}

/// A Terminology token: the phrase names it ("chunk token") or starts with
/// its qualifier ("Filter to apply" for "Filter token").
pub fn token<'a>(phrase: &str, tokens: &'a [TokenType], at_start_only: bool) -> Option<&'a TokenType> {
    let lower = phrase.to_ascii_lowercase();
    tokens.iter().find(|t| {
        let term = t.term.to_ascii_lowercase();
        let qualifier = term.split_whitespace().next().unwrap_or("");
        if at_start_only {
            // "Filter to apply" names a filter token; "chunk of events" does
            // not name a chunk token.
            let mut words = lower.split_whitespace();
            lower.starts_with(&term) || (words.next() == Some(qualifier) && words.next() != Some("of"))
        } else {
            lower.contains(&term)
        }
    })
}

/// Events without a shared type are free JSON objects.
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
        "title",
        "description",
        "body",
        "label",
        "tag",
        "comment",
        "email",
        "slug",
        "summary",
        "caption",
        "reason",
        "note",
        "address",
        "language",
        "locale",
        "uri",
        "path",
        "query",
        "cursor",
        "code",
        "time",
        "date",
        "phone",
        "color",
        "colour",
        "format",
        "version",
        "secret",
    ];
    phrase.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// A scalar type from a phrase, or `None`.
fn scalar(phrase: &str, full_text: &str, vocab: &Vocab, ids: &mut Vec<IdType>) -> Option<(Ty, Rule)> {
    if let Some((id, new)) = identifier(phrase, vocab) {
        ids.extend(new);
        return Some((Ty::Named(id), Rule::Identifier));
    }
    let tokens = &vocab.tokens;
    if let Some(t) = token(phrase, tokens, true).or_else(|| token(full_text, tokens, false)) {
        return Some((Ty::Named(t.name.clone()), Rule::Token));
    }
    if let Some(n) = shared(phrase, vocab) {
        return Some((Ty::Named(n), Rule::Shared));
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
/// Pascal name); ids the prose names for the first time go to `ids`.
pub fn infer(item: &Item, vocab: &Vocab, prefix: &str, ids: &mut Vec<IdType>) -> Inferred {
    let (name, naming) = field_name_rule(&item.text);
    let h = head(&item.text);
    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let (ty, rule) = if is_auth(&item.text) {
        (Ty::String, Rule::Auth)
    } else if !item.items.is_empty() {
        let noun = singular(name.rsplit('_').next().unwrap_or("item"));
        let struct_name = format!("{prefix}{}", type_name(&noun));
        let fields = fields(&item.items, vocab, &struct_name, Location::Body, None, &mut structs, &mut enums, ids);
        structs.push(StructDef { name: struct_name.clone(), doc: item.text.clone(), fields });
        (Ty::Vec(Box::new(Ty::Named(struct_name))), Rule::NestedList)
    } else if let Some((choices, open)) = closed_list(&item.text) {
        let enum_name = format!("{prefix}{}", type_name(&name));
        let variants = choices.iter().map(|c| (type_name(c), c.trim().to_ascii_lowercase().replace(' ', "_"))).collect();
        enums.push(EnumDef { name: enum_name.clone(), doc: item.text.clone(), variants, open });
        (Ty::Named(enum_name), if open { Rule::OpenEnum } else { Rule::ClosedEnum })
    } else if is_bool(&h) {
        (Ty::Bool, Rule::Bool)
    } else if let Some(t) = token(strip_leading(&h), &vocab.tokens, true).filter(|_| !item.batch) {
        (Ty::Named(t.name.clone()), Rule::Token)
    } else if is_count(&h) {
        (Ty::U64, Rule::Count)
    } else if is_content(&h) {
        let ty = if item.batch { Ty::OneOrMany(Box::new(Ty::Json)) } else { Ty::Json };
        (ty, if item.batch { Rule::Batch } else { Rule::Content })
    } else if item.batch {
        let (elem, _) = scalar(&singular_phrase(strip_leading(&h)), &item.text, vocab, ids).unwrap_or((Ty::Json, Rule::Fallback));
        let rule = if elem_is_fallback(&elem) { Rule::Fallback } else { Rule::Batch };
        (Ty::OneOrMany(Box::new(elem)), rule)
    } else if let Some(elem) = list_element(&h) {
        match scalar(&elem, &elem, vocab, ids) {
            Some((t, _)) => (Ty::Vec(Box::new(t)), Rule::List),
            None => (Ty::Vec(Box::new(Ty::Json)), Rule::Fallback),
        }
    } else {
        scalar(strip_leading(&h), &item.text, vocab, ids).unwrap_or((Ty::Json, Rule::Fallback))
    };
    let ty = if item.optional && !matches!(ty, Ty::Option(_)) && rule != Rule::Auth { Ty::Option(Box::new(ty)) } else { ty };
    Inferred { name, naming, ty, rule, structs, enums }
}

/// A batch of unknown elements is a fallback, not a typed batch.
fn elem_is_fallback(elem: &Ty) -> bool {
    *elem == Ty::Json
}

/// Fields of a struct from a list of items (auth items left out), names made
/// unique together. `resource` is the operation's noun: a name that starts
/// with it drops it ("Notebook title" on a notebook → `title`), except ids.
#[allow(clippy::too_many_arguments)]
pub fn fields(
    items: &[Item],
    vocab: &Vocab,
    prefix: &str,
    location: Location,
    resource: Option<&str>,
    structs: &mut Vec<StructDef>,
    enums: &mut Vec<EnumDef>,
    ids: &mut Vec<IdType>,
) -> Vec<Field> {
    let inferred: Vec<(&Item, Inferred)> = items
        .iter()
        .map(|i| (i, infer(i, vocab, prefix, ids)))
        .filter(|(_, inf)| inf.rule != Rule::Auth)
        .map(|(i, mut inf)| {
            name_for_type(&mut inf, resource);
            (i, inf)
        })
        .collect();
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
                    inf.ty = inf.ty.renamed(name, &new);
                    *name = new;
                }
            }
            structs.extend(inf.structs);
            enums.extend(inf.enums);
            Field {
                // "Type" travels as `type`, though Rust calls it `type_`.
                wire: names::unkeyworded(&rust).to_string(),
                rust,
                prose: item.text.clone(),
                ty: inf.ty,
                location,
                rule: inf.rule,
                naming: inf.naming,
                pos: item.pos,
                from_overlay: false,
            }
        })
        .collect()
}

/// Lists and batches get plural names; the resource's own noun is dropped
/// from a name that starts with it.
fn name_for_type(inf: &mut Inferred, resource: Option<&str>) {
    if let Some(r) = resource.map(|r| r.replace(' ', "_")) {
        if let Some(rest) = inf.name.strip_prefix(&format!("{r}_")) {
            if !matches!(rest, "id" | "ids") && !rest.is_empty() {
                inf.name = names::ident_safe(rest.to_string());
                inf.naming = NameRule::ResourceQualifier;
            }
        }
    }
    if matches!(inf.ty.required(), Ty::Vec(_) | Ty::OneOrMany(_)) && inf.naming != NameRule::ForEach {
        let p = plural_name(&inf.name);
        if p != inf.name {
            inf.name = p;
            inf.naming = NameRule::Plural;
        }
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

    fn vocab() -> Vocab {
        let alias = IdType { words: vec!["room alias".into()], declared: true, ..IdType::inferred("RoomAlias", "room alias") };
        Vocab { tokens: tokens(), ids: vec![alias], shared: vec![] }
    }

    fn ty(text: &str) -> (String, String, Rule) {
        let inf = infer(&item(text), &vocab(), "Op", &mut vec![]);
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
        assert_eq!(ty("A chunk of child events").1, "Vec<serde_json::Value>");
        assert_eq!(ty("Which keys to retrieve").1, "Vec<String>");
    }

    #[test]
    fn batch_markers_are_one_or_many() {
        assert_eq!(ty("Event type[s]"), ("event_types".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Note ID[s]"), ("note_ids".into(), "OneOrMany<NoteId>".into(), Rule::Batch));
        assert_eq!(ty("Tag[s]"), ("tags".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Note bod[ies]"), ("note_bodies".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Content[s]").1, "OneOrMany<serde_json::Value>");
        assert_eq!(ty("State key[s]").1, "OneOrMany<String>");
    }

    #[test]
    fn optional_items_are_option() {
        assert_eq!(ty("Action ID (optional)").1, "Option<ActionId>");
        assert_eq!(ty("Any existing pagination token, can be missing if this is the first hit.").1, "Option<PaginationToken>");
        assert_eq!(ty("Optional filter (which events to return)").1, "Option<FilterToken>");
    }

    #[test]
    fn closed_and_open_enums() {
        let inf = infer(&item("Presence state (online, offline, away, busy, do not disturb, etc)"), &vocab(), "SetPresence", &mut vec![]);
        assert_eq!(inf.rule, Rule::OpenEnum);
        let e = &inf.enums[0];
        assert_eq!(e.name, "SetPresencePresenceState");
        assert!(e.open);
        assert_eq!(e.variants[4], ("DoNotDisturb".to_string(), "do_not_disturb".to_string()));
        let inf = infer(&item("Whether to get results before / after / around (mid point) this event"), &vocab(), "Ctx", &mut vec![]);
        assert_eq!(inf.rule, Rule::ClosedEnum);
        assert_eq!(inf.enums[0].variants.len(), 3);
        assert!(!inf.enums[0].open);
        assert!(closed_list("A way of identifying the user (e.g. access token, user ID, etc)").is_none());
    }

    #[test]
    fn ids_of_any_noun_come_from_the_spec() {
        let mut ids = vec![];
        let inf = infer(&item("Notebook ID"), &vocab(), "Op", &mut ids);
        assert_eq!((inf.ty.rust(), inf.rule), ("NotebookId".to_string(), Rule::Identifier));
        assert_eq!(ids[0].name, "NotebookId");
        assert_eq!(ids[0].example, "notebook_1");
        assert_eq!(ty("User ID to share with").1, "UserId");
        assert_eq!(ty("Which notebook IDs").1, "Vec<NotebookId>");
        // "ID" alone, or an id of a number, names no id type.
        assert_eq!(ty("ID").1, "String");
        assert_eq!(ty("Room ID localpart").1, "String");
    }

    #[test]
    fn shared_types_are_named_by_their_nouns() {
        let mut v = vocab();
        v.shared.push(("Event".into(), vec!["event".into()]));
        let t = |text: &str| infer(&item(text), &v, "Op", &mut vec![]).ty.rust();
        assert_eq!(t("Requested events"), "Vec<Event>");
        assert_eq!(t("Invite event"), "Event");
        assert_eq!(t("Event type"), "String");
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
        let inf = infer(&rooms, &vocab(), "PublicRooms", &mut vec![]);
        assert_eq!((inf.name.as_str(), inf.ty.rust(), inf.rule.clone()), ("rooms", "Vec<PublicRoomsRoom>".into(), Rule::NestedList));
        let s = &inf.structs[0];
        assert_eq!(s.fields[0].ty, Ty::U64);
        assert_eq!(s.fields[1].ty.rust(), "Vec<serde_json::Value>");
    }
}
