//! List items of the model: text, nesting and the flags the text states.

use super::Item;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Block, List, ListItem, ListKind, Table, Text};
use crate::source::Pos;
use std::sync::Arc;

/// How a text with an unclosed inline literal is reported: an error where the
/// text feeds the model (titles, Inputs/Outputs), a warning in prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Model,
    Prose,
}

pub fn check_text(t: &Text, strict: Strictness, diags: &mut Diagnostics) {
    if let Some(pos) = t.unterminated {
        let d = match strict {
            Strictness::Model => Diagnostic::error(pos, "inline literal is not closed"),
            Strictness::Prose => Diagnostic::warning(pos, "inline literal is not closed"),
        };
        diags.push(d.with_len(2).with_help("close it with `` (two backticks) before the end of the paragraph"));
    }
}

/// The model items of a list, each marked with the section it came from.
/// A definition list's item reads "term: definition".
pub fn items(list: &List, from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics) -> Vec<Item> {
    let terms = list.kind == ListKind::Definition;
    list.items.iter().map(|li| item(li, terms, from, strict, diags)).collect()
}

/// A table's column names as compared: lower case, without a question
/// mark or colon ("required?", "Needed?" name the required column).
fn header_names(table: &Table) -> Vec<String> {
    table.header.iter().map(|h| h.plain().trim().trim_end_matches(['?', ':']).trim().to_ascii_lowercase()).collect()
}

/// Whether one of `header`'s columns is named by one of `words` (whole, or
/// as its first word).
fn names_column(header: &[String], words: &[&str]) -> bool {
    header.iter().any(|h| words.iter().any(|w| h == w || h.starts_with(&format!("{w} "))))
}

/// Whether a table's header names its rows' fields and what they hold
/// ("field | type | required?", "param | type | notes"): a list of
/// fields, whatever label it has or lacks.
pub fn is_field_table(table: &Table) -> bool {
    let header = header_names(table);
    names_column(&header, &["name", "field", "parameter", "param", "key", "property", "attribute"])
        && names_column(&header, &["type", "format", "kind", "data type"])
}

/// Whether a table's header says its rows are given by the caller: a
/// parameter column, or a required one.
pub fn asks_for_input(table: &Table) -> bool {
    names_column(&header_names(table), &["param", "parameter", "required", "mandatory", "optional", "needed"])
}

/// The model items of a table under a label: one per row, written as an
/// item would be ("Amount requested (Money, required): The total …"),
/// from the columns whose headers say what they hold (name, type,
/// required, default, description); any other column is kept as
/// "Header: value". Without a header that names the name column, the
/// first column is the name.
pub fn table_items(table: &Table, from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics) -> Vec<Item> {
    let header = header_names(table);
    let find = |words: &[&str]| header.iter().position(|h| words.iter().any(|w| h == w || h.starts_with(&format!("{w} "))));
    let name = find(&["name", "field", "parameter", "param", "key", "property", "attribute", "input", "output", "argument", "quantity"])
        .unwrap_or(0);
    let ty = find(&["type", "format", "kind", "data type"]);
    let required = find(&["required", "mandatory", "optional", "req", "needed"]);
    let default = find(&["default", "default value"]);
    let description = find(&["description", "meaning", "notes", "note", "details", "comment", "purpose", "explanation", "what"]);
    table
        .rows
        .iter()
        .filter_map(|row| {
            let cell = |k: Option<usize>| k.and_then(|k| row.cells.get(k)).map(|c| c.plain().trim().to_string()).filter(|c| !c.is_empty());
            for c in &row.cells {
                check_text(c, strict, diags);
            }
            let mut text = cell(Some(name))?;
            let mut notes: Vec<String> = Vec::new();
            notes.extend(cell(ty));
            if let Some(r) = cell(required) {
                let said = r.to_ascii_lowercase();
                let asks = header.get(required.unwrap_or(0)).is_some_and(|h| h == "optional");
                let yes = matches!(said.as_str(), "yes" | "y" | "true" | "x" | "✓" | "✔" | "required" | "mandatory");
                let no = matches!(said.as_str(), "no" | "n" | "false" | "-" | "optional");
                match (yes, no, asks) {
                    (true, _, false) | (_, true, true) => notes.push("required".into()),
                    (_, true, false) | (true, _, true) => notes.push("optional".into()),
                    _ => notes.push(r),
                }
            }
            if let Some(d) = cell(default) {
                notes.push(format!("default {d}"));
            }
            if !notes.is_empty() {
                text.push_str(&format!(" ({})", notes.join(", ")));
            }
            let mut rest: Vec<String> = cell(description).into_iter().collect();
            for k in (0..header.len()).filter(|k| ![Some(name), ty, required, default, description].contains(&Some(*k))) {
                if let Some(v) = cell(Some(k)) {
                    rest.push(format!("{}: {v}", table.header[k].plain().trim()));
                }
            }
            if !rest.is_empty() {
                text.push_str(": ");
                text.push_str(&rest.join(". "));
            }
            // The name cell's first (its key), then the other cells' (values
            // written as code).
            let mut literals = row.cells.get(name).map(literals_of).unwrap_or_default();
            literals.extend(row.cells.iter().enumerate().filter(|(k, _)| *k != name).flat_map(|(_, c)| literals_of(c)));
            Some(written(text, row.pos, vec![], from, literals))
        })
        .collect()
}

/// An item as written: whether it may be left out, or is a batch, is read
/// from its text.
fn written(text: String, pos: Pos, items: Vec<Item>, from: &Arc<str>, literals: Vec<String>) -> Item {
    Item {
        optional: optional(&text),
        batch: batch(&text),
        text,
        pos,
        items,
        from: from.clone(),
        literals,
        only_refers: false,
        record: None,
    }
}

fn item(li: &ListItem, term: bool, from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics) -> Item {
    let mut text = String::new();
    let mut items = Vec::new();
    match li.body.split_first() {
        // "Academic year" defined as "The academic year to which …": the
        // term names the item, the definition says more of it.
        Some((Block::Paragraph(t), rest)) if term => {
            check_text(t, strict, diags);
            text.push_str(t.plain());
            let mut definition = String::new();
            collect(rest, from, strict, diags, &mut definition, &mut items);
            if !definition.is_empty() {
                text.push_str(": ");
                text.push_str(&definition);
            }
        }
        _ => collect(&li.body, from, strict, diags, &mut text, &mut items),
    }
    let literals = match li.body.first() {
        Some(Block::Paragraph(t)) => literals_of(t),
        _ => Vec::new(),
    };
    written(text, li.pos, items, from, literals)
}

/// A paragraph read as one item: "Everything that was sent, plus:" before
/// an Outputs table, "The updated posting, the same as when publishing."
/// under an Outputs label with no list.
pub fn paragraph_item(t: &Text, from: &Arc<str>) -> Item {
    let text = t.plain().trim_end_matches(':').trim_end().to_string();
    written(text, t.pos, vec![], from, literals_of(t))
}

/// The inline literals of a text, as written.
fn literals_of(t: &Text) -> Vec<String> {
    t.segs().iter().filter(|s| s.kind == crate::document::SegKind::Literal).map(|s| s.text.trim().to_string()).collect()
}

/// Paragraph text joins the item's text; nested lists become sub-items.
fn collect(blocks: &[Block], from: &Arc<str>, strict: Strictness, diags: &mut Diagnostics, text: &mut String, items: &mut Vec<Item>) {
    for b in blocks {
        match b {
            Block::Paragraph(t) => {
                check_text(t, strict, diags);
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(t.plain());
            }
            Block::List(l) => items.extend(self::items(l, from, strict, diags)),
            Block::Quote { body, .. } => collect(body, from, strict, diags, text, items),
            Block::Table(t) => items.extend(table_items(t, from, strict, diags)),
            Block::Literal { .. } | Block::Directive { .. } => {}
        }
    }
}

/// "(optional)", "Optional …", "can be missing", "(if known)", "Any
/// existing …": the value may be absent.
pub fn optional(text: &str) -> bool {
    let starts = |p: &str| text.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if starts("optional") || starts("any existing") {
        return true;
    }
    // The other phrases have a `(` or "missing": most items have neither.
    if !(text.contains('(') || text.contains("issing") || text.contains("ISSING")) {
        return false;
    }
    let t = text.to_ascii_lowercase();
    ["(optional)", "can be missing", "(if known)"].iter().any(|p| t.contains(p))
}

/// A bracketed plural ending right after a word (`type[s]`, `box[es]`).
pub fn batch(text: &str) -> bool {
    let b = text.as_bytes();
    text.match_indices('[').any(|(i, _)| {
        let close = text[i..].find(']').map(|j| i + j);
        let inner = close.map(|c| &text[i + 1..c]).unwrap_or("");
        i > 0 && b[i - 1].is_ascii_alphabetic() && (1..=3).contains(&inner.len()) && inner.bytes().all(|c| c.is_ascii_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_phrases() {
        assert!(optional("Action ID (optional)"));
        assert!(optional("Optional filter (which events to return)"));
        assert!(optional("Any existing pagination token, can be missing if this is the first hit."));
        assert!(!optional("Room ID"));
    }

    #[test]
    fn batch_suffixes() {
        assert!(batch("Event type[s]"));
        assert!(batch("Content[s]"));
        assert!(!batch("Event type"));
        assert!(!batch("Which keys [to return]"));
        assert!(!batch("[s] alone"));
    }
}

/// The items a JSON object shown in place of a list spells ("Outputs: the
/// whole meter again, like this:" and a block `{"id": 12, "label": …}`):
/// one item per key, in the order written, typed by its value (`null` is
/// optional), nested objects and lists of objects as sub-items. `None`
/// when the text is no JSON object.
pub fn json_items(text: &str, base: &Item) -> Option<Vec<Item>> {
    let parsed = super::loose_json::parse(text).ok()?;
    let serde_json::Value::Object(_) = &parsed.value else { return None };
    Some(object_items(&parsed.value, "", &parsed.order, base))
}

fn object_items(v: &serde_json::Value, pointer: &str, order: &[(String, Vec<String>)], base: &Item) -> Vec<Item> {
    use serde_json::Value;
    let Value::Object(map) = v else { return Vec::new() };
    let keys: Vec<String> =
        order.iter().find(|(p, _)| p == pointer).map(|(_, k)| k.clone()).unwrap_or_else(|| map.keys().cloned().collect());
    keys.into_iter()
        .filter_map(|k| {
            let value = map.get(&k)?;
            let at = format!("{pointer}/{k}");
            let (word, items) = match value {
                Value::Null => ("optional", Vec::new()),
                Value::Bool(_) => ("bool", Vec::new()),
                Value::Number(n) if n.is_f64() => ("float", Vec::new()),
                // `"updated_at": 1717240000`: a time in seconds (or ms).
                Value::Number(n) if k.ends_with("_at") || k.ends_with("At") => {
                    (if n.as_f64().is_some_and(|x| x >= 1e12) { "unix ms" } else { "unix seconds" }, Vec::new())
                }
                Value::Number(_) => ("int", Vec::new()),
                Value::String(x) => (string_word(x), Vec::new()),
                Value::Object(_) => ("object", object_items(value, &at, order, base)),
                Value::Array(xs) => match xs.first() {
                    Some(first @ Value::Object(_)) => ("list", object_items(first, &format!("{at}/0"), order, base)),
                    _ => ("list", Vec::new()),
                },
            };
            let text = if items.is_empty() { format!("{k} ({word})") } else { format!("{k} ({word}) with:") };
            Some(Item { text, items, optional: value.is_null(), literals: vec![k], ..base.clone() })
        })
        .collect()
}

/// What a string value shows of its type: `"0.2450"` a decimal,
/// `"2024-06-01"` a date, `"2024-06-01T10:00:00Z"` a timestamp.
fn string_word(x: &str) -> &'static str {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let b = x.as_bytes();
    let dated = b.len() >= 10 && digits(&x[..4]) && b[4] == b'-' && digits(&x[5..7]) && b[7] == b'-' && digits(&x[8..10]);
    match x.split_once('.') {
        _ if dated && b.len() == 10 => "date",
        _ if dated && matches!(b.get(10), Some(b'T' | b' ')) => "timestamp",
        Some((whole, frac)) if digits(whole.trim_start_matches('-')) && digits(frac) => "decimal",
        _ => "string",
    }
}

#[cfg(test)]
mod json_items_tests {
    use super::*;

    #[test]
    fn a_shown_object_is_its_keys() {
        let base = Item {
            text: String::new(),
            pos: Default::default(),
            items: vec![],
            optional: false,
            batch: false,
            from: "x".into(),
            literals: vec![],
            only_refers: false,
            record: None,
        };
        let items = json_items(
            r#"{"id": 12, "price": "0.2450", "on": "2024-06-01", "updated_at": 1717240000, "end": null, "tags": [{"k": true}]}"#,
            &base,
        )
        .unwrap();
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(texts, ["id (int)", "price (decimal)", "on (date)", "updated_at (unix seconds)", "end (optional)", "tags (list) with:"]);
        assert_eq!(items[5].items[0].text, "k (bool)");
        assert!(items[4].optional);
        assert!(json_items("not json", &base).is_none());
    }
}
