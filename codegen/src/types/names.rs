//! Rust names from prose: fields, types, modules. Every name keeps the prose
//! it came from beside it (in the IR), so `serde(rename)` stays exact.

use heck::ToPascalCase;

/// Leading words that carry no name: determiners and choice words.
const LEADING: &[&str] = &[
    "which",
    "whether you want",
    "whether to",
    "whether the",
    "whether",
    "a list of",
    "list of",
    "a set of",
    "a",
    "an",
    "the",
    "any existing",
    "optional",
    "desired",
    "new",
    "requested",
];

/// Removes parenthesised asides, `[s]` batch markers and `e.g. …` tails.
pub fn head(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("[s]", "").replace("[es]", "");
    // A sentence or aside ends the name-bearing part.
    let mut end = out.len();
    for stop in [". ", "? ", "; ", ": ", " e.g.", " NB", " - ", ",", "?", "."] {
        if let Some(i) = out.find(stop) {
            if i > 0 {
                end = end.min(i);
            }
        }
    }
    crate::document::inline::normalise(&out[..end])
}

/// Strips leading determiners and choice words ("Which", "Whether you want",
/// "A", "The", "Optional" …), repeatedly.
pub fn strip_leading(head: &str) -> &str {
    let mut s = head.trim();
    'again: loop {
        let lower = s.to_ascii_lowercase();
        for w in LEADING {
            if lower.starts_with(w) && lower[w.len()..].starts_with(' ') {
                s = s[w.len()..].trim_start();
                continue 'again;
            }
        }
        return s;
    }
}

/// The snake_case field name of an item's prose: "Which room IDs" →
/// `room_ids`, "# members" → `num_members`. At most five words.
pub fn field_name(text: &str) -> String {
    let head = head(text);
    let core = strip_leading(&head);
    let core = core.strip_prefix('#').map(|r| format!("num {r}")).unwrap_or_else(|| core.to_string());
    // "For each room the user is joined" names a list of rooms.
    let lower = core.to_ascii_lowercase();
    let core = match lower.strip_prefix("for each ") {
        Some(rest) => format!("{}s", rest.split_whitespace().next().unwrap_or("item")),
        None => core,
    };
    let mut words: Vec<String> =
        core.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(5).map(|w| w.to_ascii_lowercase()).collect();
    if words.len() > 1 && words.last().is_some_and(|w| w == "with") {
        words.pop();
    }
    let name = words.join("_");
    ident_safe(if name.is_empty() { "value".to_string() } else { name })
}

/// A snake_case identifier that Rust accepts: not starting with a digit, not
/// a keyword.
pub fn ident_safe(name: String) -> String {
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("n{name}") } else { name };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// PascalCase type name from any text ("room alias" → `RoomAlias`).
pub fn type_name(text: &str) -> String {
    let words: String = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let name = words.to_pascal_case();
    if name.is_empty() {
        "Value".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{name}")
    } else {
        name
    }
}

/// snake_case module name of an API title ("Relates-to pagination API" →
/// `relates_to_pagination_api`).
pub fn module_name(title: &str) -> String {
    let words: Vec<String> =
        title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    ident_safe(if words.is_empty() { "api".into() } else { words.join("_") })
}

/// The singular of an English plural noun, for list element types.
pub fn singular(word: &str) -> String {
    let w = word.trim();
    if let Some(s) = w.strip_suffix("IDs") {
        return format!("{s}ID");
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    if w.ends_with("ss") || w.ends_with("us") {
        return w.to_string();
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

/// Makes the names of one set unique together, in order: the second `x`
/// becomes `x_2`, and so on. Returns the names in the same order.
pub fn unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let mut out = Vec::new();
    for n in names {
        let count = seen.entry(n.clone()).or_insert(0);
        *count += 1;
        let mut candidate = if *count == 1 { n.clone() } else { format!("{n}_{count}") };
        while out.contains(&candidate) {
            *count += 1;
            candidate = format!("{n}_{count}");
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_drop_determiners_and_asides() {
        assert_eq!(field_name("Room ID"), "room_id");
        assert_eq!(field_name("Which event types (incl wildcards)"), "event_types");
        assert_eq!(field_name("Whether you want federation-style event JSON"), "federation_style_event_json");
        assert_eq!(field_name("Action ID (optional)"), "action_id");
        assert_eq!(field_name("A list of rooms with:"), "rooms");
        assert_eq!(field_name("For each room the user is joined:"), "rooms");
        assert_eq!(field_name("Event type[s]"), "event_type");
        assert_eq!(field_name("# members"), "num_members");
        assert_eq!(field_name("Filter to apply (e.g. a single room ID for a 'room initial sync')"), "filter_to_apply");
        assert_eq!(field_name("The extra keys added or keys modified e.g. 'content' from a policy server"), "extra_keys_added_or_keys");
        assert_eq!(field_name("0-N events the client hasn't seen. NB: Deleted"), "n0_n_events_the_client");
        assert_eq!(field_name("Type"), "type_");
    }

    #[test]
    fn heads_cut_sentences_and_examples() {
        assert_eq!(head("Event ID to mark up to. This is inclusive"), "Event ID to mark up to");
        assert_eq!(head("Which keys to return for events? e.g. no"), "Which keys to return for events");
    }

    #[test]
    fn type_and_module_names() {
        assert_eq!(type_name("room alias"), "RoomAlias");
        assert_eq!(type_name("do not disturb"), "DoNotDisturb");
        assert_eq!(module_name("Relates-to pagination API"), "relates_to_pagination_api");
        assert_eq!(module_name("Events (breaking changes; event version 2)"), "events_breaking_changes_event_version_2");
    }

    #[test]
    fn singulars_and_uniqueness() {
        assert_eq!(singular("IDs"), "ID");
        assert_eq!(singular("rooms"), "room");
        assert_eq!(singular("capabilities"), "capability");
        assert_eq!(unique(["a".into(), "b".into(), "a".into(), "a".into()]), ["a", "b", "a_2", "a_3"]);
        assert_eq!(unique(["a_2".into(), "a".into(), "a".into()]), ["a_2", "a", "a_3"]);
    }
}
