//! What an operation's HTTP example says about its endpoint: the method and
//! path (an example beats a derived route; the overlay beats both), the wire
//! names of path and query parameters and body keys, and the JSON shape of
//! values the prose left untyped.
//!
//! Fields are matched to the example's names by their words: equal, or one
//! a word-boundary prefix or suffix of the other (`recipient` ↔
//! `recipient_name`, `address` ↔ `delivery_address`). A name the example has
//! and the prose does not becomes a field of its own, typed by its value.

use super::names::{field_name, ident_safe, NameRule};
use super::{Field, Float, IdTable, Int, Location, Rule, Ty};
use crate::model::http::{Body, HttpExample};
use crate::source::Pos;
use heck::ToSnakeCase;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Applies an example's request facts to an endpoint's request fields.
pub fn apply_request(ex: &HttpExample, fields: &mut Vec<Field>, ids: &IdTable) {
    let mut index = Index::new(fields);
    for p in &ex.path_params {
        let at = index.best_match(fields, &p.name, |_| true);
        let ty = id_or(ids, &p.name, Ty::String);
        index.place(fields, at, &p.name, Location::Path, p.pos, ty, "a path parameter of the HTTP example");
    }
    for q in &ex.query {
        let at = index.best_match(fields, &q.name, |f| f.location != Location::Path);
        let ty = Ty::Option(Box::new(q.examples.first().map_or(Ty::String, |v| scalar_text(v))));
        // A query value is text: what the prose left untyped is a string
        // (or what its example value says).
        if let Some(f) = at.map(|i| &mut fields[i]).filter(|f| f.rule == Rule::Fallback) {
            f.ty = if f.ty.is_option() { ty.clone() } else { ty.required().clone() };
            f.rule = Rule::Example;
        }
        let doc = q.description.clone().unwrap_or_else(|| "a query parameter of the HTTP example".into());
        index.place(fields, at, &q.name, Location::Query, q.pos, ty, &doc);
    }
    if let Some(body) = &ex.request_body {
        apply_body(body, fields, &mut index, ids);
    }
}

/// Applies the body of the example's success answer to the response fields.
pub fn apply_response(ex: &HttpExample, fields: &mut Vec<Field>, ids: &IdTable) {
    let ok = ex.responses.iter().find(|r| r.status.is_none_or(|s| (200..300).contains(&s)));
    if let Some(body) = ok.and_then(|r| r.body.as_ref()) {
        apply_body(body, fields, &mut Index::new(fields), ids);
    }
}

/// The id type a wire name names (`parcel_id`, `parcelId` → `ParcelId`),
/// if the spec has it; else `other`.
fn id_or(ids: &IdTable, wire: &str, other: Ty) -> Ty {
    let name = heck::ToUpperCamelCase::to_upper_camel_case(wire);
    match ids.get(&name) {
        Some(i) if other == Ty::String => Ty::Named(i.name.clone()),
        _ => other,
    }
}

fn apply_body(body: &Body, fields: &mut Vec<Field>, index: &mut Index, ids: &IdTable) {
    let location = Location::Body;
    let Value::Object(map) = &body.value else { return };
    let elisions: HashSet<&str> = body.elided.iter().map(|e| e.pointer.as_str()).collect();
    for (key, value) in map {
        let at = index.best_match(fields, key, |f| f.location == Location::Body);
        let elided = elisions.contains(format!("/{key}").as_str());
        let ty = id_or(ids, key, shape(value, elided));
        index.place(fields, at, key, location, body.pos, ty, "a key of the HTTP example");
        if let Some(i) = at {
            // The example's value types what the prose left untyped.
            let f = &mut fields[i];
            if f.rule == Rule::Fallback && !matches!(shape(value, elided), Ty::Json) {
                let ty = shape(value, elided);
                f.ty = if f.ty.is_option() { Ty::Option(Box::new(ty)) } else { ty };
                f.rule = Rule::Example;
            }
        }
    }
}

/// The fields' names as words, indexed so that a wire name finds its best
/// match without a pass over every field (an example body of thousands of
/// keys once took time quadratic in their number).
///
/// Invariant: it describes `fields` as they are: [`Index::place`] is the
/// only change made to them while it is in use. Rust names never change;
/// field indexes only grow, so every list of them is in order.
struct Index {
    /// Fields by the words of their Rust name, and by each shorter run of
    /// those words that starts or ends the name.
    by_name: HashMap<Vec<String>, Vec<usize>>,
    by_prefix: HashMap<Vec<String>, Vec<usize>>,
    by_suffix: HashMap<Vec<String>, Vec<usize>>,
    /// Fields by the words of their wire name (which `place` changes).
    by_wire: HashMap<Vec<String>, BTreeSet<usize>>,
}

impl Index {
    fn new(fields: &[Field]) -> Index {
        let mut index = Index { by_name: HashMap::new(), by_prefix: HashMap::new(), by_suffix: HashMap::new(), by_wire: HashMap::new() };
        for (i, f) in fields.iter().enumerate() {
            index.add(i, f);
        }
        index
    }

    fn add(&mut self, i: usize, f: &Field) {
        let name = words(&f.rust);
        for k in 1..name.len() {
            self.by_prefix.entry(name[..k].to_vec()).or_default().push(i);
            self.by_suffix.entry(name[k..].to_vec()).or_default().push(i);
        }
        self.by_name.entry(name).or_default().push(i);
        self.by_wire.entry(words(&f.wire)).or_default().insert(i);
    }

    /// The field whose name best matches `wire`, among those `eligible`:
    /// the same words (of its Rust or wire name); else one ending the
    /// other (`address` ↔ `delivery_address`); else one starting the
    /// other; the first of the best.
    fn best_match(&self, fields: &[Field], wire: &str, eligible: impl Fn(&Field) -> bool) -> Option<usize> {
        let key = words(wire);
        let first = |ids: &mut dyn Iterator<Item = usize>| ids.filter(|&i| eligible(&fields[i])).min();
        let named = |k: &[String]| self.by_name.get(k).into_iter().flatten().copied();
        let same = named(&key).chain(self.by_wire.get(&key).into_iter().flatten().copied());
        // The key's shorter runs that start or end it name fields it starts
        // or ends with; the fields whose names its runs are, the other way.
        let ending = self.by_suffix.get(&key).into_iter().flatten().copied().chain((1..key.len()).flat_map(|k| named(&key[k..])));
        let starting = self.by_prefix.get(&key).into_iter().flatten().copied().chain((1..key.len()).flat_map(|k| named(&key[..k])));
        first(&mut same.into_iter()).or_else(|| first(&mut ending.into_iter())).or_else(|| first(&mut starting.into_iter()))
    }

    /// Sets the wire name and location of the matched field, or adds a
    /// field.
    #[allow(clippy::too_many_arguments)]
    fn place(&mut self, fields: &mut Vec<Field>, at: Option<usize>, wire: &str, location: Location, pos: Pos, ty: Ty, doc: &str) {
        match at {
            Some(i) => {
                let f = &mut fields[i];
                if let Some(set) = self.by_wire.get_mut(&words(&f.wire)) {
                    set.remove(&i);
                }
                self.by_wire.entry(words(wire)).or_default().insert(i);
                f.wire = wire.to_string();
                f.location = location;
                if f.naming != NameRule::Wire {
                    f.naming = NameRule::Example;
                }
            }
            None => {
                let snake = wire.to_snake_case();
                let rust = if snake.is_empty() { field_name(wire) } else { ident_safe(snake) };
                fields.push(Field {
                    rust,
                    wire: wire.to_string(),
                    prose: doc.to_string(),
                    ty,
                    location,
                    rule: Rule::Example,
                    naming: NameRule::Example,
                    pos,
                    from_overlay: false,
                });
                self.add(fields.len() - 1, &fields[fields.len() - 1]);
            }
        }
    }
}

fn words(name: &str) -> Vec<String> {
    name.to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// The Rust type a JSON value of an example suggests.
pub fn shape(v: &Value, elided: bool) -> Ty {
    match v {
        Value::Bool(_) => Ty::Bool,
        Value::Number(n) if n.is_u64() => Ty::U64,
        Value::Number(n) if n.is_i64() => Ty::Int(Int::I64),
        Value::Number(_) => Ty::Float(Float::F64),
        Value::String(_) => Ty::String,
        Value::Array(items) => match items.first() {
            Some(first) if !elided || items.iter().all(|i| shape(i, false) == shape(first, false)) => {
                Ty::Vec(Box::new(shape(first, false)))
            }
            _ => Ty::Vec(Box::new(Ty::Json)),
        },
        Value::Object(_) | Value::Null => Ty::Json,
    }
}

/// The type a query example's text suggests (`5` → u64, `true` → bool).
fn scalar_text(text: &str) -> Ty {
    if text.parse::<u64>().is_ok() {
        Ty::U64
    } else if matches!(text, "true" | "false") {
        Ty::Bool
    } else {
        Ty::String
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::IdType;
    use serde_json::json;

    fn field(rust: &str, ty: Ty, rule: Rule) -> Field {
        Field {
            rust: rust.into(),
            wire: rust.into(),
            prose: String::new(),
            ty,
            location: Location::Body,
            rule,
            naming: NameRule::NounPhrase,
            pos: Pos::default(),
            from_overlay: false,
        }
    }

    #[test]
    fn names_match_by_their_words() {
        let fields = vec![field("recipient_name", Ty::String, Rule::Text), field("delivery_address", Ty::String, Rule::Text)];
        let index = Index::new(&fields);
        assert_eq!(index.best_match(&fields, "recipient", |_| true), Some(0));
        assert_eq!(index.best_match(&fields, "address", |_| true), Some(1));
        assert_eq!(index.best_match(&fields, "weight_grams", |_| true), None);
        assert_eq!(index.best_match(&fields, "deliveryAddress", |_| true), Some(1));
    }

    /// The matching rule written out as a pass over every field, as it
    /// was before the index: each field scored, the best and first wins.
    fn scored(fields: &[Field], wire: &str, eligible: impl Fn(&Field) -> bool) -> Option<usize> {
        let ends_with = |a: &[String], b: &[String]| !b.is_empty() && a.len() > b.len() && a[a.len() - b.len()..] == *b;
        let starts_with = |a: &[String], b: &[String]| !b.is_empty() && a.len() > b.len() && a[..b.len()] == *b;
        let key = words(wire);
        let score = |f: &Field| {
            let name = words(&f.rust);
            if name == key || words(&f.wire) == key {
                3
            } else if ends_with(&name, &key) || ends_with(&key, &name) {
                2
            } else if starts_with(&name, &key) || starts_with(&key, &name) {
                1
            } else {
                0
            }
        };
        let best =
            fields.iter().enumerate().filter(|(_, f)| eligible(f) && score(f) > 0).max_by_key(|(i, f)| (score(f), std::cmp::Reverse(*i)));
        best.map(|(i, _)| i)
    }

    #[test]
    fn the_index_finds_what_scoring_every_field_finds() {
        let parts = ["a", "b", "c", "a_b", "b_c", "a_b_c", "c_a", ""];
        let mut fields: Vec<Field> = Vec::new();
        for (k, rust) in parts.iter().enumerate() {
            let mut f = field(rust, Ty::String, Rule::Text);
            f.wire = parts[(k * 3 + 1) % parts.len()].to_string();
            f.location = if k % 3 == 0 { Location::Query } else { Location::Body };
            fields.push(f);
        }
        let mut index = Index::new(&fields);
        for (step, wire) in parts.iter().chain(&["a_b_c_a", "x", "b_a"]).enumerate() {
            let body = |f: &Field| f.location == Location::Body;
            assert_eq!(index.best_match(&fields, wire, |_| true), scored(&fields, wire, |_| true), "{wire:?}");
            assert_eq!(index.best_match(&fields, wire, body), scored(&fields, wire, body), "{wire:?} in the body");
            // Renamed and added fields are found as they are now.
            let at = index.best_match(&fields, wire, body);
            let wire = format!("{wire}_{}", parts[step % parts.len()]);
            index.place(&mut fields, at, &wire, Location::Body, Pos::default(), Ty::String, "");
            for probe in parts {
                assert_eq!(index.best_match(&fields, probe, body), scored(&fields, probe, body), "{probe:?} after placing {wire:?}");
            }
        }
    }

    #[test]
    fn bodies_give_wire_keys_and_shapes() {
        let mut fields = vec![field("recipient_name", Ty::String, Rule::Text), field("weight", Ty::Json, Rule::Fallback)];
        let body = Body {
            value: json!({"recipient": "Ada", "weight_grams": 1200, "tags": ["a"], "parcel_id": "p_1"}),
            elided: vec![],
            pos: Pos::default(),
        };
        let mut index = Index::new(&fields);
        apply_body(&body, &mut fields, &mut index, &IdTable::new([IdType::inferred("ParcelId", "parcel id")]));
        assert_eq!(fields[0].wire, "recipient");
        assert_eq!((fields[1].wire.as_str(), &fields[1].ty, &fields[1].rule), ("weight_grams", &Ty::U64, &Rule::Example));
        assert_eq!((fields[2].rust.as_str(), fields[2].ty.to_string()), ("parcel_id", "ParcelId".to_string()));
        assert_eq!((fields[3].rust.as_str(), fields[3].ty.to_string()), ("tags", "Vec<String>".to_string()));
    }

    #[test]
    fn shapes_of_values() {
        assert_eq!(shape(&json!(-3), false), Ty::Int(Int::I64));
        assert_eq!(shape(&json!(1.5), false), Ty::Float(Float::F64));
        assert_eq!(shape(&json!({"a": 1}), false), Ty::Json);
        assert_eq!(shape(&json!([1, 2]), false), Ty::Vec(Box::new(Ty::U64)));
    }
}
