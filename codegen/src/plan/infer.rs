//! One endpoint's plan. The effect from the operation's verb
//! ([`operation::shape`]), else from the method and path; the resource from
//! its noun, else from the path's last literal segment; the "X ID" inputs
//! that pick an item and its parents; the inputs that page, retry, wait or
//! batch. The overlay's `effect` and `resource` keys override the inference.

use super::words::{attribute, is_access_token, is_cursor, names_id, split_words};
use super::{Effect, EffectRule, Overlay, Plan, ResourceRule};
use crate::types::names::singular;
use crate::types::operation;
use crate::types::{Endpoint, Field, HttpMethod, Location, Rule, Ty, TypeSpace};
use std::collections::HashMap;

/// The plan of an endpoint of `space`.
pub fn plan(space: &TypeSpace, ep: &Endpoint, overlay: Overlay) -> Plan {
    plan_with(space, &IdsByWords::new(space), ep, overlay)
}

/// The id types of a space by the phrases that name them ("notebook id"),
/// the first in name order for each: looked up once per endpoint, never by
/// a pass over every id (a spec of thousands of ids once took time
/// quadratic in their number).
pub struct IdsByWords<'s>(HashMap<&'s str, &'s str>);

impl<'s> IdsByWords<'s> {
    pub fn new(space: &'s TypeSpace) -> Self {
        let mut by = HashMap::new();
        for id in space.ids.values() {
            for w in &id.words {
                by.entry(w.as_str()).or_insert(id.name.as_str());
            }
        }
        IdsByWords(by)
    }
}

/// [`plan`], with the space's ids looked up in `ids`.
pub fn plan_with(space: &TypeSpace, ids: &IdsByWords, ep: &Endpoint, overlay: Overlay) -> Plan {
    let shape = operation::shape(&ep.operation);
    let (resource, resource_rule) = match (overlay.resource, &shape) {
        (Some(r), _) => (r.value.clone(), ResourceRule::Overlay { line: r.pos.line }),
        (None, Some(s)) => (s.noun.clone(), ResourceRule::Noun),
        (None, None) => (path_noun(&ep.path), ResourceRule::Path),
    };
    let id_type = id_type_of(space, ids, &resource);
    let fields = &ep.request.fields;
    let find = |pred: &dyn Fn(&Field) -> bool| fields.iter().find(|f| pred(f)).map(|f| f.wire.clone());
    let words = |f: &Field| split_words(&f.wire);
    let item = id_type.as_ref().and_then(|id| fields.iter().find(|f| names_id(f, id)).map(|f| f.wire.clone()));
    let mut plan = Plan {
        effect: Effect::Action,
        effect_rule: EffectRule::Route,
        limit: find(&|f| {
            f.rule == Rule::Count && (words(f).iter().any(|w| w == "limit" || w == "max") || f.prose.to_lowercase().contains("max"))
        }),
        cursor: find(&|f| f.location != Location::Path && is_cursor(space, f)),
        request_id: find(&|f| {
            let w = words(f);
            w.last().is_some_and(|l| l == "id" || l == "key")
                && w.iter().any(|x| matches!(x.as_str(), "request" | "action" | "transaction" | "txn" | "idempotency"))
        }),
        since: find(&|f| words(f).iter().any(|w| w == "since") || split_words(&f.prose).iter().any(|w| w == "since")),
        timeout: find(&|f| words(f).iter().any(|w| w == "timeout")),
        user: find(&|f| f.ty.required() == &Ty::String && words(f).iter().any(|w| w == "user" || w == "username" || w == "name")),
        password: find(&|f| words(f).iter().any(|w| w == "password")),
        parents: parents(space, fields, item.as_deref()),
        item,
        id_type,
        resource,
        resource_rule,
        batch: None,
        inputs: Vec::new(),
    };
    (plan.effect, plan.effect_rule) = match overlay.effect {
        Some((effect, line)) => (effect, EffectRule::Overlay { line }),
        None => infer_effect(ep, shape.map(|s| s.effect), &plan),
    };
    if plan.effect == Effect::Create {
        // A create picks no existing item: its id input (if any) is an
        // attribute, and a `[s]` input makes one record per value.
        plan.item = None;
        plan.batch = fields.iter().find(|f| matches!(f.ty.required(), Ty::OneOrMany(_)) && !f.ty.is_option()).map(|f| f.wire.clone());
    }
    plan.inputs = fields
        .iter()
        .filter(|f| !plan.is_control(&f.wire) && plan.batch.as_deref() != Some(&f.wire))
        .map(|f| (f.wire.clone(), attribute(&plan.resource, &f.wire)))
        .collect();
    plan
}

/// The path inputs other than the item that hold an id: (wire, id type).
fn parents(space: &TypeSpace, fields: &[Field], item: Option<&str>) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|f| f.location == Location::Path && Some(f.wire.as_str()) != item)
        .filter_map(|f| match f.ty.required() {
            Ty::Named(n) if space.ids.contains_key(n) => Some((f.wire.clone(), n.clone())),
            _ => None,
        })
        .collect()
}

fn infer_effect(ep: &Endpoint, verb: Option<Effect>, plan: &Plan) -> (Effect, EffectRule) {
    // The operation's name and the endpoint's (an overlay may name an
    // endpoint `login` in a section called "Version 2 API").
    let name = format!("{} {}", ep.operation.to_lowercase(), ep.name.replace('_', " "));
    let gives_token = ep.response.fields.iter().any(is_access_token);
    if gives_token && (name.contains("log in") || name.contains("login") || name.contains("logging in") || name.contains("sign in")) {
        return (Effect::Login, EffectRule::LogsIn);
    }
    if gives_token && (name.contains("regist") || name.contains("sign up") || name.contains("account")) {
        return (Effect::Register, EffectRule::Registers);
    }
    if let Some(since) = &plan.since {
        return (Effect::Feed, EffectRule::SinceInput(since.clone()));
    }
    if name.contains("changes") {
        return (Effect::Feed, EffectRule::ChangesName);
    }
    match verb {
        Some(Effect::Read) if plan.item.is_some() || plan.id_type.is_none() => (Effect::Read, EffectRule::Verb),
        Some(Effect::Read) => (Effect::List, EffectRule::ReadsNoItem),
        Some(named) => (named, EffectRule::Verb),
        None => (by_route(ep), EffectRule::Route),
    }
}

/// A name without a verb ("Parcels API"): the method and path tell; a path
/// ending in a parameter names one item.
pub fn by_route(ep: &Endpoint) -> Effect {
    match (ep.method, on_item(&ep.path)) {
        (HttpMethod::Post, false) => Effect::Create,
        (HttpMethod::Get, false) => Effect::List,
        (HttpMethod::Get, true) => Effect::Read,
        (HttpMethod::Put | HttpMethod::Patch, true) => Effect::Update,
        (HttpMethod::Delete, true) => Effect::Delete,
        _ => Effect::Action,
    }
}

/// Whether a path names one item: it ends in a parameter.
pub fn on_item(path: &str) -> bool {
    path.ends_with('}')
}

/// The id type of a resource: the one whose words say "{resource} id", else
/// the one named `{Resource}Id`.
fn id_type_of(space: &TypeSpace, ids: &IdsByWords, resource: &str) -> Option<String> {
    let words = format!("{resource} id");
    let pascal: String = resource.split(' ').map(capitalise).collect::<String>() + "Id";
    ids.0.get(words.as_str()).map(|n| n.to_string()).or_else(|| space.ids.get(&pascal).map(|i| i.name.clone()))
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The resource a path names: its last literal segment, singular
/// (`/parcels/{id}/scans` → `scan`).
fn path_noun(path: &str) -> String {
    let seg = path.rsplit('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("item");
    let words = seg.replace(['-', '_'], " ");
    singular(&words.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_nouns_are_singular() {
        assert_eq!(path_noun("/parcels/{parcelId}/scans"), "scan");
        assert_eq!(path_noun("/parcels/{parcelId}"), "parcel");
    }
}
