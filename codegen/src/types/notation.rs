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
    if !known_type(&ty) {
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
