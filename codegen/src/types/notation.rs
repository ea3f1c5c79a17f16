//! Items written as typed one-liners rather than prose: `copies: int = 1 —
//! 1..999`, `duplex?: bool — default: on`, `status?: idle | printing`,
//! `printers: [Printer]`, and a definition list's `page_size: [int, default
//! 50] 1 ≤ page_size ≤ 500`.
//!
//! Each is read as the annotated item the rules know ("copies (int,
//! default 1): 1..999"), so its type, optionality and default are the
//! written ones.
//!
//! Invariant: a text is rewritten only when it opens with a key, a colon
//! and a type the rules know (a type word, values joined by `|`, `[T]` or a
//! record's name); anything else ("Note: see above") is left as written.

use super::annotation::type_word;
use crate::model::{Item, Spec};

/// The annotated form of a typed one-liner, if `text` is one.
pub fn normalize(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    let (head, rest) = t.split_once(':')?;
    let (key, optional) = match head.strip_suffix('?') {
        Some(k) => (k.trim(), true),
        None => (head.trim(), false),
    };
    let is_key = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_key {
        return None;
    }
    let rest = rest.trim_start();
    let (ty, default, desc) = if let Some(inner) = rest.strip_prefix('[') {
        // `[int, default 50] 1 ≤ x ≤ 500`, or `[Printer]` alone.
        let close = inner.find(']')?;
        let (ty, after) = (&inner[..close], inner[close + 1..].trim());
        let list_of = !ty.contains(',') && ty.starts_with(|c: char| c.is_ascii_uppercase()) && type_word(ty).is_none();
        let ty = if list_of { format!("list of {ty}") } else { ty.to_string() };
        (ty, None, after.to_string())
    } else {
        let (typed, desc) = split_desc(rest);
        let (ty, default) = match typed.split_once(" = ") {
            Some((t, d)) => (t.trim(), Some(d.trim())),
            None => (typed.trim(), None),
        };
        (ty.to_string(), default.map(str::to_string), desc.to_string())
    };
    // `finished_at?: ts`: the `?` is the notation's own mark, so a type
    // word the spec defines for itself ("Times (`ts`) are unix seconds")
    // is taken too.
    let own_word = optional && !ty.is_empty() && ty.len() <= 16 && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !known_type(&ty) && !own_word {
        return None;
    }
    let mut notes = vec![ty];
    if optional {
        notes.push("optional".into());
    }
    if let Some(d) = default {
        notes.push(format!("default {d}"));
    }
    let mut out = format!("{key} ({})", notes.join(", "));
    if !desc.is_empty() {
        out.push_str(": ");
        out.push_str(&desc);
    }
    Some((out, optional))
}

/// Words that open a modifier after a one-liner's type: `` `pageSize`
/// int32, default 50, max 500 ``, `` `deviceId` string, required (path) ``.
const MODIFIERS: &[&str] = &[
    "optional",
    "required",
    "output",
    "immutable",
    "default",
    "max",
    "min",
    "maximum",
    "minimum",
    "read-only",
    "readonly",
    "deprecated",
    "nullable",
    "unique",
    "at",
    "up",
    "path",
    "query",
];

/// The annotated form of a code-ish one-liner whose key was written as
/// code and whose type follows it after a space, proto- or Go-style:
/// `` `serialNumber` string, required, immutable ``, `` `devices` repeated
/// Device ``, `` `labels` map<string,string>, optional ``, `` `state` enum
/// `DeviceState` `` with its values (`A` | `B`) on the next line.
pub fn spaced(text: &str, literals: &[String]) -> Option<String> {
    let key = literals.first()?;
    let rest = text.trim().strip_prefix(key.as_str())?.strip_prefix(' ')?.trim_start();
    let is_key = key.starts_with(|c: char| c.is_ascii_alphabetic()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_key {
        return None;
    }
    let word_end = |s: &str| s.find([' ', ',']).unwrap_or(s.len());
    let first = match rest.strip_prefix("map<").and_then(|m| m.find('>')) {
        Some(close) => &rest[..close + 5],
        None => &rest[..word_end(rest)],
    };
    let (mut ty, mut after) = if let Some(inner) = first.strip_prefix("map<").and_then(|m| m.strip_suffix('>')) {
        let value = inner.split_once(',').map_or("", |(_, v)| v.trim());
        (if value.is_empty() { "map".to_string() } else { format!("map of {value}") }, &rest[first.len()..])
    } else if matches!(first, "repeated" | "enum") {
        let more = rest[first.len()..].trim_start();
        let name = &more[..word_end(more)];
        if name.is_empty() || !known_type(name) {
            return None;
        }
        let ty = if first == "repeated" { format!("list of {name}") } else { name.to_string() };
        (ty, &more[name.len()..])
    } else if known_type(first) {
        // "`id` Identifier of the run" is prose: a bare capitalised word
        // is a record's name only where a modifier or nothing follows.
        let after = &rest[first.len()..];
        if type_word(first).is_none() && !(after.is_empty() || after.starts_with(',')) {
            return None;
        }
        (first.to_string(), after)
    } else {
        return None;
    };
    // The modifiers, comma-separated, then the description.
    let mut notes = vec![];
    let mut desc = String::new();
    while let Some(more) = after.strip_prefix(',') {
        let seg_end = more.find(',').unwrap_or(more.len());
        let seg = more[..seg_end].trim();
        let (modifier, tail) = split_desc(seg);
        let lead = modifier.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if !MODIFIERS.contains(&lead.as_str()) {
            break;
        }
        // "immutable Max 64 chars.": a capital opens the description (the
        // item's next line, joined).
        let cut = modifier.char_indices().skip(1).find(|&(k, c)| c.is_uppercase() && modifier[..k].ends_with(' ')).map(|(k, _)| k);
        let (modifier, tail) = match cut {
            Some(k) => (modifier[..k].trim(), format!("{} {tail}", &modifier[k..]).trim().to_string()),
            None => (modifier, tail.to_string()),
        };
        // "required (path)" is "required, path".
        notes.push(modifier.replace(" (", ", ").replace(')', ""));
        after = &more[seg_end..];
        if !tail.is_empty() {
            desc = format!("{tail}{}", after);
            after = "";
            break;
        }
    }
    if desc.is_empty() {
        desc = after.trim_start_matches(',').trim().to_string();
    }
    // An enum's values written after it: "`A` | `B` | `C`. Ignored on create".
    let (values, rest_desc) = desc.split_once(". ").unwrap_or((desc.as_str(), ""));
    let values = values.trim_end_matches('.');
    if values.contains(" | ") && values.split('|').all(|v| !v.trim().is_empty() && !v.trim().contains(' ')) {
        ty = values.split('|').map(str::trim).collect::<Vec<_>>().join(" | ");
        desc = rest_desc.to_string();
    }
    notes.insert(0, ty);
    let mut out = format!("{key} ({})", notes.join(", "));
    if !desc.trim().is_empty() {
        out.push_str(": ");
        out.push_str(desc.trim());
    }
    Some(out)
}

/// The type part and the note after a dash: `int = 1 — 1..999`.
fn split_desc(rest: &str) -> (&str, &str) {
    for sep in [" — ", " – ", " -- ", " - "] {
        if let Some((a, b)) = rest.split_once(sep) {
            return (a, b.trim());
        }
    }
    (rest, "")
}

/// A type the rules read: a type word, values joined by `|`, or a record's
/// name (`Job`), with its extras ("str, optional", "int, default 50").
fn known_type(ty: &str) -> bool {
    let first = ty.split(',').next().unwrap_or("").trim();
    let values = first.contains('|') && first.split('|').all(|v| !v.trim().is_empty() && !v.trim().contains(' '));
    let record = first.split_whitespace().count() == 1
        && first.starts_with(|c: char| c.is_ascii_uppercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric());
    !first.is_empty() && (type_word(first).is_some() || values || record)
}

/// Rewrites every typed one-liner among the items of `spec`.
pub fn apply(spec: &mut Spec) {
    fn items(list: &mut [Item]) {
        for i in list {
            if let Some((text, optional)) = normalize(&i.text) {
                // The key was written as such: it names the field.
                let key = text.split(' ').next().unwrap_or("").to_string();
                if !i.literals.contains(&key) {
                    i.literals.insert(0, key);
                }
                i.text = text;
                i.optional |= optional;
            } else if let Some(text) = spaced(&i.text, &i.literals) {
                i.optional |= crate::model::item::optional(&text);
                i.text = text;
            }
            items(&mut i.items);
        }
    }
    for op in spec.apis.iter_mut().flat_map(|a| a.operations.iter_mut()) {
        items(&mut op.inputs);
        items(&mut op.outputs);
    }
    for g in &mut spec.records {
        items(&mut g.items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(t: &str) -> Option<String> {
        normalize(t).map(|(s, _)| s)
    }

    #[test]
    fn typed_one_liners() {
        assert_eq!(n("copies: int = 1 — 1..999").as_deref(), Some("copies (int, default 1): 1..999"));
        assert_eq!(
            n("duplex?: bool — default: on if the printer can").as_deref(),
            Some("duplex (bool, optional): default: on if the printer can")
        );
        assert_eq!(n("status?: idle | printing | paused — filter").as_deref(), Some("status (idle | printing | paused, optional): filter"));
        assert_eq!(n("finished_at?: ts — set on done").as_deref(), Some("finished_at (ts, optional): set on done"));
        assert_eq!(n("Note: see above"), None);
        assert_eq!(n("printers: [Printer]").as_deref(), Some("printers (list of Printer)"));
        assert_eq!(n("job: Job").as_deref(), Some("job (Job)"));
        assert_eq!(
            n("page_size: [int, default 50] 1 ≤ page_size ≤ 500.").as_deref(),
            Some("page_size (int, default 50): 1 ≤ page_size ≤ 500.")
        );
        assert_eq!(n("tag: [str, optional] filter").as_deref(), Some("tag (str, optional): filter"));
    }

    #[test]
    fn prose_stays_prose() {
        assert_eq!(n("Note: see above"), None);
        assert_eq!(n("Status: open, closed or done"), None);
        assert_eq!(n("Room ID (string)"), None);
        assert_eq!(n("name: the display name"), None);
    }
}

#[cfg(test)]
mod spaced_tests {
    use super::spaced;

    fn s(t: &str, key: &str) -> Option<String> {
        spaced(t, &[key.to_string()])
    }

    #[test]
    fn code_ish_one_liners_with_the_type_after_the_key() {
        assert_eq!(
            s("serialNumber string, required, immutable Max 64 chars.", "serialNumber").as_deref(),
            Some("serialNumber (string, required, immutable): Max 64 chars.")
        );
        assert_eq!(s("pageSize int32, default 50, max 500", "pageSize").as_deref(), Some("pageSize (int32, default 50, max 500)"));
        assert_eq!(s("deviceId string, required (path)", "deviceId").as_deref(), Some("deviceId (string, required, path)"));
        assert_eq!(
            s("groupId string, optional — only devices in this group", "groupId").as_deref(),
            Some("groupId (string, optional): only devices in this group")
        );
        assert_eq!(s("devices repeated Device", "devices").as_deref(), Some("devices (list of Device)"));
        assert_eq!(s("labels map<string,string>, optional", "labels").as_deref(), Some("labels (map of string, optional)"));
        assert_eq!(
            s("nextPageToken string Missing on the last page.", "nextPageToken").as_deref(),
            Some("nextPageToken (string): Missing on the last page.")
        );
        assert_eq!(
            s("state enum DeviceState A_ONE | A_TWO. Ignored on create.", "state").as_deref(),
            Some("state (A_ONE | A_TWO): Ignored on create.")
        );
    }

    #[test]
    fn prose_after_a_key_stays_prose() {
        assert_eq!(s("name Name of the thing", "name"), None);
        assert_eq!(s("limit is how many to return", "limit"), None);
        assert_eq!(s("name (string)", "other"), None);
    }
}
