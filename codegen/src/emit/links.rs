//! OpenAPI `links` from the plans: what a create (or sign-up, log-in)
//! answers the id of, and what a list answers ids in, leads to every other
//! operation that takes that id in its path (read, update, delete, an
//! action, a create or list under it); a sign-up leads to the log-in with
//! the credentials it sent. A stateful tester chains calls as a client
//! does.
//!
//! Invariant: a link is only written when every path parameter of its
//! target is given: the id from the answer, the others from the same
//! request (a parent's id in the source's own path).

use crate::plan::{Effect, Plan};
use crate::types::{ApiTypes, Endpoint, Location, Ty, TypeSpace};
use serde_json::{json, Map, Value};

/// Each endpoint's links, by endpoint name (only those that have some).
pub fn links(space: &TypeSpace, plans: &[Vec<Plan>]) -> std::collections::BTreeMap<String, Map<String, Value>> {
    let all: Vec<(&ApiTypes, &Endpoint, &Plan)> =
        space.apis.iter().zip(plans).flat_map(|(a, ps)| a.endpoints.iter().zip(ps).map(move |(e, p)| (a, e, p))).collect();
    let mut out = std::collections::BTreeMap::new();
    for (api, source, plan) in &all {
        let answered = answered_ids(space, api, source, plan);
        let mut links = Map::new();
        for (id_type, pointer) in &answered {
            for (_, target, _) in all.iter().filter(|(_, t, _)| t.name != source.name) {
                // The first id that leads there wins: the record's own
                // (`event_id`), not one it refers to (`relates_to`).
                if let Some(link) = link(source, target, id_type, pointer).filter(|_| !links.contains_key(&target.name)) {
                    links.insert(target.name.clone(), link);
                }
            }
        }
        // A sign-up leads to the log-in with the same credentials.
        if plan.effect() == Effect::Register {
            for (_, target, _) in all.iter().filter(|(_, _, p)| p.effect() == Effect::Login) {
                if let Some(link) = same_body(source, target) {
                    links.entry(target.name.clone()).or_insert(link);
                }
            }
        }
        if !links.is_empty() {
            out.insert(source.name.clone(), links);
        }
    }
    out
}

/// The ids an endpoint answers (id type, JSON pointer into its answer): a
/// create's (or account's) top-level id fields, a list's first entry's;
/// only those of the record's own id type when it has some (a list
/// entry's first id otherwise); required fields first, in their order.
fn answered_ids(space: &TypeSpace, api: &ApiTypes, e: &Endpoint, plan: &Plan) -> Vec<(String, String)> {
    let mut ids = all_ids(space, api, e, plan);
    // The record's own id, when the answer has it: a message list leads to
    // its events, not to every user and room an event names.
    // A list entry's own id is its resource's, else its first.
    let first = (plan.effect() == Effect::List).then(|| ids.first().map(|(n, _, _)| n.clone())).flatten();
    if let Some(own) = plan.id_type.clone().filter(|t| ids.iter().any(|(n, _, _)| n == t)).or(first) {
        ids.retain(|(n, _, _)| *n == own);
    }
    ids.sort_by_key(|(_, _, optional)| *optional);
    ids.into_iter().map(|(t, p, _)| (t, p)).collect()
}

fn all_ids(space: &TypeSpace, api: &ApiTypes, e: &Endpoint, plan: &Plan) -> Vec<(String, String, bool)> {
    let is_id = |t: &Ty| matches!(t, Ty::Named(n) if space.ids.contains_key(n)).then(|| t.clone());
    match plan.effect() {
        Effect::Create | Effect::Register | Effect::Login => e
            .response
            .fields
            .iter()
            .filter_map(|f| match is_id(f.ty.required()) {
                Some(Ty::Named(n)) => Some((n, format!("/{}", escape(&f.wire)), f.ty.is_option())),
                _ => None,
            })
            .collect(),
        Effect::List => {
            let Some(list) = e.response.fields.iter().find(|f| matches!(f.ty.required(), Ty::Vec(_))) else { return vec![] };
            let Ty::Vec(entry) = list.ty.required() else { return vec![] };
            match &**entry {
                Ty::Named(n) if space.ids.contains_key(n) => vec![(n.clone(), format!("/{}/0", escape(&list.wire)), false)],
                Ty::Named(n) => {
                    let def = api.structs.get(n).or_else(|| space.shared.get(n));
                    def.into_iter()
                        .flat_map(|d| &d.fields)
                        .filter_map(|f| match is_id(f.ty.required()) {
                            Some(Ty::Named(id)) => Some((id, format!("/{}/0/{}", escape(&list.wire), escape(&f.wire)), f.ty.is_option())),
                            _ => None,
                        })
                        .collect()
                }
                _ => vec![],
            }
        }
        _ => vec![],
    }
}

/// The link from `source` to `target` when `target`'s path takes an id of
/// `id_type` and its other path parameters are in `source`'s request.
fn link(source: &Endpoint, target: &Endpoint, id_type: &str, pointer: &str) -> Option<Value> {
    let path: Vec<_> = target.request.fields.iter().filter(|f| f.location == Location::Path).collect();
    let takes = |f: &&crate::types::Field| matches!(f.ty.required(), Ty::Named(n) if n == id_type);
    let by_id = path.iter().find(|f| takes(f))?;
    let mut parameters = Map::new();
    for f in &path {
        let value = if f.wire == by_id.wire {
            format!("$response.body#{pointer}")
        } else {
            let given = source.request.fields.iter().find(|g| g.wire == f.wire)?;
            match given.location {
                Location::Path => format!("$request.path.{}", given.wire),
                Location::Query => format!("$request.query.{}", given.wire),
                Location::Body => format!("$request.body#/{}", escape(&given.wire)),
            }
        };
        parameters.insert(f.wire.clone(), Value::String(value));
    }
    Some(json!({
        "operationId": target.name,
        "parameters": parameters,
        "description": format!("The `{}` this answers, to `{}`", by_id.wire, target.name),
    }))
}

/// The link that sends `target` the body fields `source`'s request had
/// (a log-in after a sign-up), when it takes no path parameter and every
/// field it requires was sent.
fn same_body(source: &Endpoint, target: &Endpoint) -> Option<Value> {
    let body = |e: &Endpoint| e.request.fields.iter().filter(|f| f.location == Location::Body).map(|f| f.wire.clone()).collect::<Vec<_>>();
    let (sent, takes) = (body(source), body(target));
    let path = target.request.fields.iter().any(|f| f.location == Location::Path);
    let required = target.request.fields.iter().filter(|f| f.location == Location::Body && !f.ty.is_option());
    if path || required.clone().any(|f| !sent.contains(&f.wire)) || required.count() == 0 {
        return None;
    }
    let fields: Map<String, Value> =
        takes.iter().filter(|w| sent.contains(w)).map(|w| (w.clone(), Value::String(format!("$request.body#/{}", escape(w))))).collect();
    Some(json!({
        "operationId": target.name,
        "requestBody": fields,
        "description": format!("The same credentials, to `{}`", target.name),
    }))
}

/// A key as a JSON pointer segment (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
