//! Keys every answer carries. A spec may wrap all its answers alike: its
//! conventions say so ("every response is a JSON object with `ok`. On
//! success it is `{"ok": true, ...}`"), or every HTTP example's success
//! answer shows a key no operation's prose lists. Every endpoint's
//! response then has that field, typed by the value shown.
//!
//! Invariant: a field is only added where the response has no field of
//! that wire name, and only for keys the prose lists nowhere (an `id` that
//! two examples happen to show is no envelope).

use super::{ApiTypes, Field, Location, Rule};
use crate::model::loose_json;
use crate::model::Spec;
use crate::source::Pos;
use serde_json::Value;
use std::collections::BTreeMap;

/// Adds the envelope's keys to every response of `apis`.
pub fn apply(apis: &mut [ApiTypes], spec: &Spec) {
    let keys = from_conventions(&spec.conventions).into_iter().chain(from_examples(apis, spec)).fold(
        BTreeMap::new(),
        |mut all: BTreeMap<String, Value>, (k, v)| {
            all.entry(k).or_insert(v);
            all
        },
    );
    for (key, value) in keys {
        let field = Field {
            rust: super::names::ident_safe(heck::ToSnakeCase::to_snake_case(key.as_str())),
            wire: key.clone(),
            prose: "a key of every answer (the spec's envelope)".into(),
            ty: super::example::shape(&value),
            location: Location::Body,
            rule: Rule::Example,
            naming: super::names::NameRule::Example,
            pos: Pos::default(),
            from_overlay: false,
            constraints: Default::default(),
            presence: None,
        };
        for ep in apis.iter_mut().flat_map(|a| a.endpoints.iter_mut()) {
            if !ep.response.fields.iter().any(|f| f.wire == key) {
                ep.response.fields.insert(0, Field { pos: ep.pos, ..field.clone() });
            }
        }
    }
}

/// The keys of an object literal in a convention about every response:
/// "every response … `{"ok": true, ...}`" gives `ok: true`. Keys whose
/// value is elided or null say nothing of their type and are left out.
fn from_conventions(conventions: &[String]) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for c in conventions {
        let lower = c.to_ascii_lowercase();
        if !["every response", "all responses", "each response", "every answer", "all answers"].iter().any(|p| lower.contains(p)) {
            continue;
        }
        // The first object literal after the cue, on success.
        let Some(open) = c.find('{') else { continue };
        let Ok(parsed) = loose_json::parse_at(c, open) else { continue };
        let Value::Object(map) = parsed.value else { continue };
        out.extend(map.into_iter().filter(|(_, v)| !v.is_null() && !v.is_string() || v.as_str().is_some_and(|s| s != "...")));
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// The keys every example success answer shows (at least two answers) and
/// no prose lists: the fields the examples alone made.
fn from_examples(apis: &[ApiTypes], spec: &Spec) -> Vec<(String, Value)> {
    let answers: Vec<&serde_json::Map<String, Value>> = spec
        .apis
        .iter()
        .flat_map(|a| &a.operations)
        .filter_map(|op| op.http.as_ref())
        .filter_map(|x| x.responses.iter().find(|r| r.status.is_none_or(|s| (200..300).contains(&s))))
        .filter_map(|r| r.body.as_ref()?.value.as_object())
        .collect();
    let operations = spec.apis.iter().map(|a| a.operations.len()).sum::<usize>();
    // Two or three answers that share a key are a coincidence; most of the
    // spec's answers sharing it is a house style.
    if answers.len() < 3 || answers.len() * 2 < operations {
        return Vec::new();
    }
    let Some((first, rest)) = answers.split_first() else { return Vec::new() };
    let listed = |key: &str| {
        apis.iter().flat_map(|a| a.endpoints.iter()).flat_map(|e| &e.response.fields).any(|f| f.wire == key && f.rule != Rule::Example)
    };
    first
        .iter()
        .filter(|(k, _)| rest.iter().all(|m| m.contains_key(*k)))
        .filter(|(k, _)| !listed(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_convention_about_every_response_names_its_keys() {
        let c = vec![
            "Dates are ISO 8601.".to_string(),
            "Envelope: every response is a JSON object with ok. On success it is {\"ok\": true, ...} with the fields next to ok.".into(),
        ];
        assert_eq!(from_conventions(&c), vec![("ok".to_string(), Value::Bool(true))]);
        assert!(from_conventions(&["Every request carries {\"token\": \"…\"}.".to_string()]).is_empty());
    }
}
