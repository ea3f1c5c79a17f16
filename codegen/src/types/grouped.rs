//! Items that name several fields at once: "show id, ep id (int, path)",
//! "title, slug, description: as stored", "home id and alert id (in the
//! url)", "any of: title, description, duration", "Each with the posting
//! ID, job title and published at".
//!
//! Each is split into one item per name before inference, so that the
//! rules see ordinary items; the annotation written once ("(int, path)")
//! goes with every name. A name that says no more than itself ("as
//! stored", "any of") takes the item of that name the operation was given,
//! else the one another operation of the spec describes.
//!
//! Invariant: a text is split only when every part is a short name and the
//! parts are plainly names (written keys, ids, or three or more of them):
//! "Date and time of the trip" and "Name and address" stay one item.

use crate::model::Item;

/// Words after which a text reads as a name only, however it goes on.
const ECHO: &[&str] = &["as stored", "echoed", "as sent", "same as you sent", "as given", "unchanged", "as saved"];

/// The names an item lists before its annotation, and that annotation
/// ("(int, path)", ": as stored"), when the item lists two or more.
pub fn names(text: &str) -> Option<(Vec<String>, String)> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    // "any of: title, description": the names follow the colon.
    if let Some(rest) = ["any of:", "any of "].iter().find_map(|p| lower.strip_prefix(p)) {
        let start = t.len() - rest.len();
        let (list, after) = split_head(&t[start..]);
        let parts = parts(list)?;
        return Some((parts, after.to_string()));
    }
    let (head, rest) = split_head(t);
    let parts = parts(head)?;
    // "invoice_id, a whole number", "appointment_id, a whole number, in the
    // address": a part that is a type, or says where it travels, names
    // nothing.
    let is_type = |p: &str| !matches!(super::annotation::type_word(p), None | Some(super::annotation::Written::Id(_)));
    let is_place = |p: &str| ["in the ", "part of the "].iter().any(|c| p.to_ascii_lowercase().starts_with(c));
    let notes = parts[1..].iter().filter(|p| p.contains(' ') && (is_type(p) || is_place(p))).count();
    if notes > 0 && notes + 1 == parts.len() {
        return None;
    }
    let plain_names = parts.iter().all(|p| is_key(p) || is_id_name(p));
    let echo = echoes(rest) && !rest.trim().is_empty() || rest.to_ascii_lowercase().contains("see ");
    (parts.len() >= 3 || plain_names || echo).then(|| (parts, rest.to_string()))
}

/// The members a list or record item names without listing them as
/// sub-items: "Each with the posting ID, job title and published at", "1 to
/// 5 slots, each with a start (date and time) and a length in minutes",
/// "The list of exposures as requested (filter, exposure time, repeats)".
/// Each member keeps its own parenthesis.
pub fn members(text: &str) -> Option<Vec<String>> {
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("each with ") {
        let rest = &text[at + "each with ".len()..];
        let end = top_level(rest, &['.', ';']).unwrap_or(rest.len());
        let parts = member_parts(&rest[..end], 1)?;
        return (parts.len() >= 2).then_some(parts);
    }
    // "(filter, exposure time in seconds, repeats, binning)" after a list.
    let listy = lower.contains("list") || lower.contains("array") || lower.contains("each");
    if !listy {
        return None;
    }
    let open = text.rfind('(')?;
    let close = open + text[open..].find(')')?;
    let inner = &text[open + 1..close];
    let parts = member_parts(inner, 0)?;
    let annotation = parts.iter().any(|p| {
        let l = p.to_ascii_lowercase();
        super::annotation::type_word(&l).is_some()
            || super::annotation::presence_word(&l).is_some()
            || l.chars().any(|c| c.is_ascii_digit())
            || l.starts_with("default")
            || l.starts_with("max")
            || l.starts_with("min")
            || l.starts_with("list")
    });
    let lowercase = parts.iter().all(|p| p.starts_with(|c: char| c.is_lowercase()));
    (!annotation && lowercase && parts.len() >= 3).then_some(parts)
}

/// The parts of a member list, split at commas and "and" outside
/// parentheses; `None` when a part is no short name. `words` is how many
/// words a part may have besides its parenthesis, above 5.
fn member_parts(list: &str, extra: usize) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = list.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            b' ' if depth == 0 && list[i..].starts_with(" and ") => {
                parts.push(&list[start..i]);
                start = i + " and ".len();
                i = start;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&list[start..]);
    let mut out = Vec::new();
    for p in parts {
        let p = strip_article(p.trim().trim_start_matches("and ").trim());
        if p.is_empty() {
            continue;
        }
        let head = p.split('(').next().unwrap_or(p);
        if head.split_whitespace().count() > 5 + extra || head.split_whitespace().count() == 0 {
            return None;
        }
        out.push(p.to_string());
    }
    Some(out)
}

/// The first of `stops` outside parentheses.
fn top_level(s: &str, stops: &[char]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && stops.contains(&c) => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether an item lists names "any of" which may be sent.
pub fn any_of(text: &str) -> bool {
    text.trim_start().to_ascii_lowercase().starts_with("any of")
}

/// Whether the words after the names say they are the same as elsewhere.
pub fn echoes(rest: &str) -> bool {
    let lower = rest.to_ascii_lowercase();
    ECHO.iter().any(|e| lower.contains(e)) || lower.contains("see ") || lower.trim().is_empty()
}

/// The text up to the annotation (the first `(` or `:`, or a comma before
/// "same as you sent"), and the rest.
fn split_head(t: &str) -> (&str, &str) {
    let lower = t.to_ascii_lowercase();
    let echo = ECHO.iter().filter_map(|e| lower.find(&format!(", {e}"))).min();
    let at = t.find(['(', ':']).into_iter().chain(echo).min().unwrap_or(t.len());
    (t[..at].trim_end(), &t[at..])
}

/// The names of a head written as a list ("a, b and c"), or `None` when
/// it is one name.
fn parts(head: &str) -> Option<Vec<String>> {
    let lower = head.to_ascii_lowercase();
    if lower.contains("date and time") || lower.contains("yes/no") || head.contains('/') {
        return None;
    }
    let mut out = Vec::new();
    for chunk in head.split(',') {
        for p in chunk.split(" and ") {
            let p = p.trim().trim_start_matches("and ").trim_matches('`').trim();
            let p = strip_article(p);
            if p.is_empty() {
                continue;
            }
            // A part is a short name: a key or up to three words of letters.
            let words = p.split_whitespace().count();
            let letters = p.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || c == '-' || c == '\'');
            if words > 3 || !letters {
                return None;
            }
            out.push(p.to_string());
        }
    }
    (out.len() >= 2).then_some(out)
}

fn strip_article(p: &str) -> &str {
    for a in ["the ", "a ", "an ", "its ", "their "] {
        if let Some(rest) = p.get(..a.len()).filter(|h| h.eq_ignore_ascii_case(a) && p.len() > a.len()).and_then(|_| p.get(a.len()..)) {
            return rest.trim_start();
        }
    }
    p
}

/// A wire key as written (`audio_url`, `ownerEmail`).
fn is_key(p: &str) -> bool {
    !p.contains(' ')
        && p.starts_with(|c: char| c.is_ascii_lowercase())
        && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && (p.contains('_') || p.chars().any(|c| c.is_ascii_uppercase()))
}

/// "home id", "Proposal identifier".
fn is_id_name(p: &str) -> bool {
    let last = p.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
    p.contains(' ') && matches!(last.as_str(), "id" | "ids" | "identifier" | "number")
}

/// The name an item is called by, as compared: its written key or its
/// words before the annotation, lower case, words joined by `_`.
pub fn name_of(text: &str) -> String {
    let (head, _) = split_head(text.trim());
    norm(head)
}

/// A name as compared: lower case, `ownerEmail` and "owner email" alike.
pub fn norm(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in strip_article(name.trim().trim_matches('`')).chars() {
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// One item per name of `item`, each with the annotation written once;
/// `lookup` finds the item a name stands for when the text says no more.
pub fn split(item: &Item, lookup: &dyn Fn(&str) -> Option<Item>) -> Option<Vec<Item>> {
    let (names, rest) = names(&item.text)?;
    let any = any_of(&item.text);
    let bare = echoes(&rest) || any;
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let found = bare.then(|| lookup(&norm(&n))).flatten();
        let mut it = match found {
            Some(f) => f,
            None => {
                let text = if bare { n.clone() } else { format!("{n} {}", rest.trim_start()) };
                Item { text, items: vec![], ..item.clone() }
            }
        };
        if any {
            it.optional = true;
        }
        out.push(it);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_of_names() {
        assert_eq!(names("show id, ep id (int, path)"), Some((vec!["show id".into(), "ep id".into()], "(int, path)".into())));
        assert_eq!(
            names("title, slug, description: as stored").map(|n| n.0),
            Some(vec!["title".into(), "slug".into(), "description".into()])
        );
        assert_eq!(names("home id and alert id (in the url)").map(|n| n.0), Some(vec!["home id".into(), "alert id".into()]));
        assert_eq!(names("label, kind and max watts, same as you sent").map(|n| n.0.len()), Some(3));
        assert_eq!(names("any of: title, description, duration").map(|n| n.0.len()), Some(3));
        assert_eq!(names("``cursor``, ``limit``: see Pagination_.").map(|n| n.0), Some(vec!["cursor".into(), "limit".into()]));
        // One name, its type and where it travels.
        assert_eq!(names("invoice_id, a whole number"), None);
        assert_eq!(names("appointment_id, a whole number, in the address"), None);
        assert_eq!(names("show id, ep id").map(|n| n.0.len()), Some(2));
    }

    #[test]
    fn members_of_a_list() {
        assert_eq!(
            members("Postings (list): Each with the posting ID, job title, remote and published at").unwrap(),
            vec!["posting ID", "job title", "remote", "published at"]
        );
        assert_eq!(
            members("Slots (list): 1 to 5 slots, each with a start (date and time) and a length in minutes (whole number, 15 to 120)")
                .unwrap(),
            vec!["start (date and time)", "length in minutes (whole number, 15 to 120)"]
        );
        assert_eq!(members("The list of exposures as requested (filter, exposure time in seconds, repeats, binning)").unwrap().len(), 4);
        assert_eq!(members("limit (int, optional, default 20, max 100)"), None);
        assert_eq!(members("Currencies, a list (EUR, GBP, CHF)"), None);
        assert_eq!(members("items: list of shows, each:"), None);
    }

    #[test]
    fn one_name_stays_one() {
        assert_eq!(names("Date and time of the trip"), None);
        assert_eq!(names("Name and address (string)"), None);
        assert_eq!(names("name and address (string)"), None);
        assert_eq!(names("Latitude, in degrees (float)"), None);
        assert_eq!(names("Room ID"), None);
        assert_eq!(names("points (list of lat/lon, 3-100)"), None);
    }

    #[test]
    fn never_cuts_a_character() {
        assert_eq!(strip_article("the"), "the");
        assert_eq!(strip_article("thé café"), "thé café");
        assert_eq!(norm("aé b"), "aé_b");
    }

    #[test]
    fn names_compare_alike() {
        assert_eq!(norm("ownerEmail"), "owner_email");
        assert_eq!(norm("Owner email"), "owner_email");
        assert_eq!(name_of("ep id (int, path)"), "ep_id");
        assert_eq!(name_of("`audio_url` (string)"), "audio_url");
    }
}
