//! One endpoint's plan. The effect from the operation's verb
//! ([`operation::shape`]), else from the method and path; the resource from
//! its noun, else from the path's last literal segment; the "X ID" inputs
//! that pick an item and its parents; the inputs that page, retry, wait or
//! batch. The overlay's `effect` and `resource` keys override the inference.

use super::words::{attribute, is_access_token, is_cursor, names_id, split_words};
use super::{Effect, EffectRule, Overlay, Plan, ResourceRule};
use crate::types::names::singular;
use crate::types::{Endpoint, Field, Location, Method, PathTemplate, Rule, Ty, TypeSpace};
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
    let shape = ep.shape.clone();
    let (resource, resource_rule) = match (overlay.resource, &shape) {
        (Some(r), _) => (r.value.clone(), ResourceRule::Overlay { line: r.pos.line }),
        (None, Some(s)) if !s.noun.is_empty() => (s.noun.clone(), ResourceRule::Noun),
        // "sign up", "Your feed": the record the answer names by its ID.
        (None, Some(_)) => match answered_id(space, ep) {
            Some(noun) => (noun, ResourceRule::AnswerId),
            None => (path_noun(&ep.path), ResourceRule::Path),
        },
        (None, None) => (path_noun(&ep.path), ResourceRule::Path),
    };
    let id_type = id_type_of(space, ids, &resource);
    let fields = &ep.request.fields;
    let find = |pred: &dyn Fn(&Field) -> bool| fields.iter().find(|f| pred(f)).map(|f| f.wire.clone());
    let words = |f: &Field| split_words(&f.wire);
    let item = id_type.as_ref().and_then(|id| fields.iter().find(|f| names_id(f, id)).map(|f| f.wire.clone()));
    // A request ID is a retry key, not the ID of a record of the spec.
    let record_id = |f: &Field| matches!(f.ty.required(), Ty::Named(n) if space.ids.contains_key(n) && ep.request.fields.iter().any(|g| g.location == Location::Path && g.wire == f.wire));
    let mut plan = Plan {
        effect: Effect::Action,
        effect_rule: EffectRule::Route,
        limit: find(&|f| {
            let w = words(f);
            matches!(f.ty.required(), Ty::Int(_))
                && !w.iter().any(|x| x == "timeout" || x == "wait")
                && (w.iter().any(|x| x == "limit" || x == "max")
                    || w == ["page", "size"]
                    || w == ["per", "page"]
                    || (f.rule == Rule::Count && f.prose.to_lowercase().contains("max")))
        }),
        cursor: find(&|f| f.location != Location::Path && is_cursor(space, f)),
        request_id: find(&|f| {
            let w = words(f);
            w.last().is_some_and(|l| l == "id" || l == "key")
                && w.iter().any(|x| matches!(x.as_str(), "request" | "action" | "transaction" | "txn" | "idempotency"))
                && !record_id(f)
        }),
        since: find(&|f| words(f).iter().any(|w| w == "since") || split_words(&f.prose).iter().any(|w| w == "since")),
        timeout: find(&|f| words(f).iter().any(|w| w == "timeout" || w == "wait") && matches!(f.ty.required(), Ty::Int(_))),
        // The account's name: a user name, else an email or login handle.
        user: find(&|f| f.ty.required() == &Ty::String && words(f).iter().any(|w| w == "user" || w == "username" || w == "name")).or_else(
            || {
                find(&|f| {
                    f.ty.required() == &Ty::String && words(f).iter().any(|w| matches!(w.as_str(), "email" | "login" | "handle" | "phone"))
                })
            },
        ),
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

/// The noun of the first id the answer holds ("Member ID" → member).
/// The answer's own id, else the id of the entries of a list it gives
/// ("Your feed": recipes, each with its id).
fn answered_id(space: &TypeSpace, ep: &Endpoint) -> Option<String> {
    let id_noun = |fields: &[Field]| {
        fields.iter().find_map(|f| match f.ty.required() {
            Ty::Named(n) => space.ids.get(n).and_then(|id| id.words.first()).map(|w| w.trim_end_matches(" id").to_string()),
            _ => None,
        })
    };
    id_noun(&ep.response.fields).or_else(|| {
        ep.response.fields.iter().find_map(|f| match f.ty.required() {
            Ty::Vec(inner) => match inner.as_ref() {
                Ty::Named(s) => space.apis.iter().find_map(|a| a.structs.get(s)).and_then(|s| id_noun(&s.fields)),
                _ => None,
            },
            _ => None,
        })
    })
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
    if let Some(e @ (Effect::Login | Effect::Register)) = verb {
        return (e, EffectRule::Verb);
    }
    if let Some(since) = &plan.since {
        return (Effect::Feed, EffectRule::SinceInput(since.clone()));
    }
    // A cursor and a wait: the changes after it, whatever the verb says.
    if let (Some(cursor), Some(_)) = (&plan.cursor, &plan.timeout) {
        return (Effect::Feed, EffectRule::SinceInput(cursor.clone()));
    }
    if name.contains("changes") {
        return (Effect::Feed, EffectRule::ChangesName);
    }
    let answers_own_id = plan.id_type.as_deref().is_some_and(|id| ep.response.fields.iter().any(|f| names_id(f, id)));
    match verb {
        Some(Effect::Read) if plan.item.is_some() || plan.id_type.is_none() => (Effect::Read, EffectRule::Verb),
        Some(Effect::Read) => (Effect::List, EffectRule::ReadsNoItem),
        // "Submitting an application" given its ID (in the path or query)
        // acts on one that exists; a create sent its own code in the body
        // ("Create a SKU" with "SKU code") still makes it.
        Some(Effect::Create) if picks_in_route(ep, plan) => (Effect::Action, EffectRule::OnExisting),
        // "Setting a reminder" that answers the reminder's new ID makes one.
        Some(Effect::Update) if plan.item.is_none() && answers_own_id => (Effect::Create, EffectRule::MakesNew),
        Some(named) => (named, EffectRule::Verb),
        None => (by_route(ep), EffectRule::Route),
    }
}

/// Whether the input that picks the item travels in the path or query.
fn picks_in_route(ep: &Endpoint, plan: &Plan) -> bool {
    plan.item.as_deref().is_some_and(|w| ep.request.fields.iter().any(|f| f.wire == w && f.location != Location::Body))
}

/// A name without a verb ("Parcels API"): the method and path tell; a path
/// ending in a parameter names one item.
pub fn by_route(ep: &Endpoint) -> Effect {
    match (ep.method, ep.path.on_item()) {
        (Method::Post, false) => Effect::Create,
        (Method::Get, false) => Effect::List,
        (Method::Get, true) => Effect::Read,
        (Method::Put | Method::Patch, true) => Effect::Update,
        (Method::Delete, true) => Effect::Delete,
        _ => Effect::Action,
    }
}

/// The id type of a resource: the one whose words say "{resource} id", else
/// the one named `{Resource}Id`.
fn id_type_of(space: &TypeSpace, ids: &IdsByWords, resource: &str) -> Option<String> {
    let words = format!("{resource} id");
    let pascal: String = resource.split(' ').map(capitalise).collect::<String>() + "Id";
    let exact = ids.0.get(words.as_str()).map(|n| n.to_string()).or_else(|| space.ids.get(&pascal).map(|i| i.name.clone()));
    // "observation request" identified by a "Request identifier".
    let last = resource.rsplit(' ').next().filter(|l| *l != resource).map(|l| format!("{l} id"));
    exact.or_else(|| last.and_then(|l| ids.0.get(l.as_str()).map(|n| n.to_string())))
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The resource a path names: its last literal segment, singular
/// (`/parcels/{id}/scans` → `scan`).
fn path_noun(path: &PathTemplate) -> String {
    let seg = path.last_literal().unwrap_or("item");
    let words = seg.replace(['-', '_'], " ");
    singular(&words.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_nouns_are_singular() {
        assert_eq!(path_noun(&PathTemplate::parse("/parcels/{parcelId}/scans")), "scan");
        assert_eq!(path_noun(&PathTemplate::parse("/parcels/{parcelId}")), "parcel");
    }
}
