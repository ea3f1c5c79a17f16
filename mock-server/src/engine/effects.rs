//! Generic engine: an endpoint's plan applied to the store. Every check is
//! made before the first change, so a failed request changes nothing.
//!
//! Ownership, on endpoints that take a token: a record belongs to the user
//! who created it; changing it, deleting it, running an action on it, or
//! creating a record under it needs the right to change it ([`may_change`]:
//! its owner, a user an action gave the right to edit it, or one who may
//! change a record it sits under). Anyone may read. Deleting a record
//! deletes what sits under it, unless the request says to keep those
//! ("Whether to keep the notes"). Deleting an account ([`is_account`])
//! deletes the caller's own account only.

use super::filters;
use super::journal::to_json;
use super::lifecycle;
use super::render::{self, entries, list_field, Source};
use super::retry::Retry;
use super::semantics::{attribute, is_access_token, is_cursor, is_position, split_words, Effect, Plan};
use super::spec::{Route, Served};
use super::store::{ChangeKind, Record, Right, Store};
use crate::error::{ApiError, ErrorKind};
use axum::http::StatusCode;
use serde_json::{Map, Value};
use specgen::types::Ty;

/// A validated request: the caller and the parameters by wire name.
pub struct Call<'a> {
    /// Who sent it, when it carried a valid token.
    pub caller: Option<&'a str>,
    /// The endpoint takes a token: who may change what is checked.
    pub auth: bool,
    pub params: &'a Map<String, Value>,
    /// The hybrid mode: a record the request names may be the real
    /// server's, so a parent the mock has none of is taken as one.
    pub hybrid: bool,
}

/// What a request did.
pub struct Outcome {
    pub answer: Value,
    /// The store changed (feeds wake).
    pub changed: bool,
}

/// Applies the plan; a retry of the same request with the same request ID
/// (by the same caller, at the same path) answers the first answer and
/// changes nothing ([`super::retry`]).
pub fn apply(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Outcome, ApiError> {
    let ep = served.endpoint(route);
    let id = route.plan.request_id.as_ref().and_then(|w| call.params.get(w)).and_then(Value::as_str);
    let retry = id.map(|id| {
        let path: Vec<String> = ep
            .request
            .fields
            .iter()
            .filter(|f| f.location == specgen::types::Location::Path)
            .map(|f| id_text(call, &f.wire).unwrap_or_default())
            .collect();
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        Retry::new(call.caller, &ep.name, &path, id, &Value::Object(call.params.clone()))
    });
    if let Some(r) = &retry {
        if let Some(first) = store.replies.get(&r.key) {
            r.check(store.reply_requests.get(&r.key).map(String::as_str))?;
            let answer = serde_json::from_str(first.get()).unwrap_or_default();
            return Ok(Outcome { answer, changed: false });
        }
    }
    let before = store.position;
    let answer = match route.plan.effect() {
        Effect::Create => create(served, route, call, store)?,
        Effect::Read => read(served, route, call, store)?,
        Effect::Action => action(served, route, call, store)?,
        Effect::Update => update(served, route, call, store)?,
        Effect::Delete => delete(served, route, call, store)?,
        Effect::List => list(served, route, call, store)?,
        Effect::Feed => {
            let since = since(route, call, store)?;
            feed(served, route, call, store, since)?.unwrap_or_else(|| empty_feed(served, route, store))
        }
        Effect::Register => register(served, route, call, store)?,
        Effect::Login => login(served, route, call, store)?,
    };
    if let Some(r) = retry {
        store.remember(r, &answer);
    }
    Ok(Outcome { answer, changed: store.position != before })
}

fn text<'p>(call: &'p Call, wire: &Option<String>) -> Option<&'p str> {
    wire.as_ref().and_then(|w| call.params.get(w)).and_then(Value::as_str)
}

/// An id the request names at `wire` ([`super::http::id_text`]).
fn id_text(call: &Call, wire: &str) -> Option<String> {
    super::http::id_text(call.params.get(wire))
}

/// The parents named by the request, each checked to exist when its
/// resource is one the spec creates (a soft-deleted one is gone too).
fn parents(served: &Served, plan: &Plan, call: &Call, store: &Store) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for (wire, id_type) in &plan.parents {
        let Some(id) = id_text(call, wire) else { continue };
        let id = id.as_str();
        if let Some(res) = served.resource_of(id_type) {
            // A parent's status this operation documents an error for
            // ("409 - vehicle retired") gets that error, not a 404.
            let locked = plan.locks.iter().any(|l| l.parent.as_deref() == Some(id_type.as_str()));
            let gone = |r: &Record| !locked && served.gone_rule(res).is_some_and(|g| lifecycle::gone_by(g, r));
            let found = store.record(res, id);
            if found.is_none() && call.hybrid {
                out.push((id_type.clone(), id.to_string()));
                continue;
            }
            if found.is_none_or(gone) {
                return Err(ApiError::not_found(format!("no {res} `{id}`")));
            }
        }
        out.push((id_type.clone(), id.to_string()));
    }
    Ok(out)
}

/// The record the request picks, or 404.
fn picked<'s>(served: &Served, plan: &Plan, call: &Call, store: &'s Store) -> Result<Option<&'s Record>, ApiError> {
    let ps = parents(served, plan, call, store)?;
    if plan.callers_own {
        let caller = call.caller.unwrap_or_default();
        return own_record(plan, store, caller)
            .map(Some)
            .ok_or_else(|| ApiError::not_found(format!("the user `{caller}` has no {}", plan.resource)));
    }
    let Some(id) = plan.item.as_deref().and_then(|w| id_text(call, w)) else { return Ok(None) };
    let id = id.as_str();
    let found = store
        .record(&plan.resource, id)
        .filter(|r| ps.iter().all(|(t, v)| r.parent(t).is_none_or(|p| p == v)))
        .filter(|r| !lifecycle::is_gone(plan, r));
    found.map(Some).ok_or_else(|| ApiError::not_found(format!("no {} `{id}`", plan.resource)))
}

/// The record of `plan`'s resource that `user`'s account owns (made when
/// the account was: a sign-up's member), if it is not gone.
fn own_record<'s>(plan: &Plan, store: &'s Store, user: &str) -> Option<&'s Record> {
    let records = store.collections.get(&plan.resource)?;
    records.records.values().find(|r| r.owner.as_deref() == Some(user) && !lifecycle::is_gone(plan, r))
}

/// The request's attributes: every input that is not the engine's.
fn attributes(plan: &Plan, call: &Call) -> Map<String, Value> {
    plan.inputs
        .iter()
        .filter_map(|(wire, name)| call.params.get(wire).filter(|v| !v.is_null()).map(|v| (name.clone(), v.clone())))
        .collect()
}

/// The id type (or the resource, when it has none) whose counter numbers a
/// create's ids, and the example their shape follows.
pub fn id_example<'a>(served: &'a Served, plan: &'a Plan) -> (&'a str, String) {
    match plan.id_type.as_deref().and_then(|t| served.types.space.ids.get(t)) {
        Some(id) => (&id.name, id.example.clone()),
        None => (&plan.resource, format!("{}_1", plan.resource.replace(' ', "_"))),
    }
}

/// Ids of other records the request's attributes name (a loan's
/// "Member ID"): each must exist when its resource is one the spec creates,
/// as a parent must.
fn referenced(served: &Served, route: &Route, call: &Call, store: &Store) -> Result<(), ApiError> {
    let plan = &route.plan;
    for f in served.endpoint(route).request.fields.iter().filter(|f| plan.inputs.iter().any(|(w, _)| *w == f.wire)) {
        let item = match f.ty.required() {
            Ty::Vec(t) | Ty::OneOrMany(t) => &**t,
            t => t,
        };
        let Ty::Named(id_type) = item else { continue };
        let Some(res) = served.resource_of(id_type).filter(|_| plan.id_type.as_deref() != Some(id_type.as_str())) else { continue };
        let ids: Vec<&str> = match call.params.get(&f.wire) {
            Some(Value::String(id)) => vec![id.as_str()],
            Some(Value::Array(vs)) => vs.iter().filter_map(Value::as_str).collect(),
            _ => continue,
        };
        if let Some(id) = ids.into_iter().find(|id| store.record(res, id).is_none()) {
            return Err(ApiError::not_found(format!("field `{}`: no {res} `{id}`", f.wire)));
        }
    }
    Ok(())
}

fn create(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let (plan, ep) = (&route.plan, served.endpoint(route));
    let parents = parents(served, plan, call, store)?;
    for (id_type, id) in &parents {
        if let Some(parent) = served.resource_of(id_type).and_then(|res| store.record(res, id).map(|r| (res, r))) {
            may_change(served, store, call, parent)?;
        }
    }
    referenced(served, route, call, store)?;
    lifecycle::check(served, plan, call.params, store, None)?;
    let mut attrs = super::stamps::stamps(plan, &ep.response, true, call.caller);
    attrs.extend(attributes(plan, call));
    lifecycle::start(plan, &mut attrs);
    let values: Vec<Option<Value>> = match plan.batch.as_ref().and_then(|w| call.params.get(w)) {
        Some(Value::Array(vs)) if vs.is_empty() => {
            let w = plan.batch.as_deref().unwrap_or_default();
            return Err(ApiError::bad_json(format!("field `{w}`: expected at least one value (one record is made per value)")));
        }
        Some(Value::Array(vs)) => vs.iter().cloned().map(Some).collect(),
        Some(v) => vec![Some(v.clone())],
        None => vec![None],
    };
    let (id_type, example) = id_example(served, plan);
    let id_type = id_type.to_string();
    let mut ids = Vec::new();
    for v in values {
        let mut attrs = attrs.clone();
        if let (Some(v), Some(w)) = (v, &plan.batch) {
            attrs.insert(attribute(&plan.resource, w), v);
        }
        super::unique::check(plan, store, &parents, &attrs, None)?;
        let id = store.fresh(&id_type, &example);
        let rec = Record {
            id: id.clone(),
            owner: call.caller.map(str::to_string),
            parents: parents.clone(),
            attrs: to_json(&attrs),
            grants: Default::default(),
        };
        store.collection(&plan.resource).insert(rec);
        store.changed(&plan.resource, &id, ChangeKind::Created, call.caller);
        ids.push(id);
    }
    // Every id of a batch, in a list field of the id type.
    let mut extras = Map::new();
    if let Some(t) = &plan.id_type {
        for f in &ep.response.fields {
            if matches!(f.ty.required(), Ty::Vec(x) | Ty::OneOrMany(x) if **x == Ty::Named(t.clone())) {
                extras.insert(f.wire.clone(), Value::from(ids.clone()));
            }
        }
    }
    let rec = store.record(&plan.resource, &ids[0]);
    Ok(answer(served, route, store, rec, &extras))
}

fn answer(served: &Served, route: &Route, store: &Store, record: Option<&Record>, extras: &Map<String, Value>) -> Value {
    let src = Source { api: route.api, resource: &route.plan.resource, id_type: route.plan.id_type.as_deref(), record, extras };
    render::render(served, store, &served.endpoint(route).response, &src)
}

fn read(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let rec = picked(served, &route.plan, call, store)?;
    Ok(answer(served, route, store, rec, &Map::new()))
}

/// An action on the record the request picks: it needs the right to
/// change it, unless the action only reads (a GET). An action that names a
/// user gives that user a right on the record: to edit it when one of its
/// flags says so ("Whether the user may edit"), else to read it.
fn action(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let plan = &route.plan;
    let ep = served.endpoint(route);
    let rec = picked(served, plan, call, store)?;
    if ep.method == specgen::types::Method::Get {
        return read(served, route, call, store);
    }
    if let Some(r) = rec {
        may_change(served, store, call, (&plan.resource, r))?;
    }
    lifecycle::check(served, plan, call.params, store, rec)?;
    let Some(rec) = rec else { return read(served, route, call, store) };
    let id = rec.id.clone();
    // "Submit" sets the status to `submitted` (see specgen's plan::moves);
    // "Acknowledge" stamps when and by whom.
    set_status(served, route, store, &id, call.caller);
    if let Some((user, right)) = grant(served, route, call) {
        if let Some(r) = store.collection(&plan.resource).get_mut(&id) {
            r.grants.insert(user, right);
        }
        store.changed(&plan.resource, &id, ChangeKind::Updated, call.caller);
    }
    Ok(answer(served, route, store, store.record(&plan.resource, &id), &Map::new()))
}

/// Sets the status the plan moves the record `id` to, if it moves one,
/// with the times and the caller its answer stamps.
fn set_status(served: &Served, route: &Route, store: &mut Store, id: &str, caller: Option<&str>) {
    let plan = &route.plan;
    let stamps = super::stamps::stamps(plan, &served.endpoint(route).response, false, caller);
    if plan.moves.is_none() && stamps.is_empty() {
        return;
    }
    let Some(rec) = store.record(&plan.resource, id) else { return };
    let mut attrs = rec.attrs();
    if let Some(m) = &plan.moves {
        attrs.insert(m.attribute.clone(), Value::String(m.value.clone()));
    }
    attrs.extend(stamps);
    if let Some(r) = store.collection(&plan.resource).get_mut(id) {
        r.attrs = to_json(&attrs);
    }
    store.changed(&plan.resource, id, ChangeKind::Updated, caller);
}

/// The user an action names (an input whose name says "user", other than
/// the ids that pick the record) and the right it gives them: `Edit` when
/// a flag of the request whose prose says "edit" or "write" is true.
fn grant(served: &Served, route: &Route, call: &Call) -> Option<(String, Right)> {
    let plan = &route.plan;
    let fields = &served.endpoint(route).request.fields;
    let user = fields
        .iter()
        .filter(|f| !plan.is_control(&f.wire))
        .filter(|f| split_words(&f.wire).iter().any(|w| matches!(w.as_str(), "user" | "username")))
        .find_map(|f| call.params.get(&f.wire).and_then(Value::as_str))?;
    let edits = fields.iter().any(|f| {
        let says_edit = split_words(&f.prose).iter().any(|w| matches!(w.as_str(), "edit" | "edits" | "write" | "writes" | "modify"));
        says_edit && call.params.get(&f.wire) == Some(&Value::Bool(true))
    });
    Some((user.to_string(), if edits { Right::Edit } else { Right::Read }))
}

fn update(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let plan = &route.plan;
    let rec = picked(served, plan, call, store)?;
    if let Some(r) = rec {
        may_change(served, store, call, (&plan.resource, r))?;
    }
    lifecycle::check(served, plan, call.params, store, rec)?;
    let Some(rec) = rec else { return read(served, route, call, store) };
    referenced(served, route, call, store)?;
    let id = rec.id.clone();
    let mut attrs = rec.attrs();
    attrs.extend(super::stamps::stamps(plan, &served.endpoint(route).response, false, call.caller));
    attrs.extend(attributes(plan, call));
    super::unique::check(plan, store, &rec.parents, &attrs, Some(&id))?;
    if let Some(r) = store.collection(&plan.resource).get_mut(&id) {
        r.attrs = to_json(&attrs);
    }
    store.changed(&plan.resource, &id, ChangeKind::Updated, call.caller);
    Ok(answer(served, route, store, store.record(&plan.resource, &id), &Map::new()))
}

fn delete(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let plan = &route.plan;
    if is_account(served, plan) {
        return delete_account(served, route, call, store);
    }
    let rec = picked(served, plan, call, store)?;
    if let Some(r) = rec {
        may_change(served, store, call, (&plan.resource, r))?;
    }
    lifecycle::check(served, plan, call.params, store, rec)?;
    let Some(rec) = rec else { return read(served, route, call, store) };
    let id = rec.id.clone();
    // A soft delete keeps the record, in the status it moves it to.
    if plan.moves.is_some() {
        set_status(served, route, store, &id, call.caller);
        return Ok(answer(served, route, store, store.record(&plan.resource, &id), &Map::new()));
    }
    let kept = kept_children(served, route, call);
    let removed = store.collection(&plan.resource).remove(&id);
    store.changed(&plan.resource, &id, ChangeKind::Deleted, call.caller);
    if let Some(id_type) = &plan.id_type {
        delete_children(served, store, (id_type, &id), &kept, call.caller);
    }
    Ok(answer(served, route, store, removed.as_ref(), &Map::new()))
}

/// Deletes what sits under the record `(id_type, id)`, and what sits under
/// that, but the resources in `kept`.
fn delete_children(served: &Served, store: &mut Store, (id_type, id): (&str, &str), kept: &[&str], by: Option<&str>) {
    let mut todo = vec![(id_type.to_string(), id.to_string())];
    while let Some((parent_type, parent)) = todo.pop() {
        // The resources whose creates name this kind of parent.
        let mut under: Vec<&str> = served
            .routes
            .iter()
            .filter(|r| r.plan.effect() == Effect::Create && r.plan.parents.iter().any(|(_, t)| *t == parent_type))
            .map(|r| r.plan.resource.as_str())
            .filter(|res| !kept.contains(res))
            .collect();
        under.sort_unstable();
        under.dedup();
        for res in under {
            let Some(coll) = store.collections.get(res) else { continue };
            let gone: Vec<String> =
                coll.records.values().filter(|r| r.parent(&parent_type) == Some(parent.as_str())).map(|r| r.id.clone()).collect();
            let child_type = served.routes.iter().find(|r| r.plan.resource == res).and_then(|r| r.plan.id_type.clone());
            for child in gone {
                store.collection(res).remove(&child);
                store.changed(res, &child, ChangeKind::Deleted, by);
                if let Some(t) = &child_type {
                    todo.push((t.clone(), child));
                }
            }
        }
    }
}

/// The resources a delete keeps under the record: those a true flag of the
/// request names after "keep" ("Whether to keep the notes in the trash":
/// the notes), every one when the flag names none.
fn kept_children<'s>(served: &'s Served, route: &Route, call: &Call) -> Vec<&'s str> {
    let mut kept = Vec::new();
    for f in served.endpoint(route).request.fields.iter().filter(|f| call.params.get(&f.wire) == Some(&Value::Bool(true))) {
        let words = split_words(&f.wire);
        if words.first().is_none_or(|w| !matches!(w.as_str(), "keep" | "retain" | "preserve")) {
            continue;
        }
        let named: Vec<&str> = served.resources().into_iter().filter(|res| words.iter().any(|w| names_resource(w, res))).collect();
        kept.extend(if named.is_empty() { served.resources() } else { named });
    }
    kept
}

/// Whether a word names a resource: its noun, singular or plural.
fn names_resource(word: &str, resource: &str) -> bool {
    let last = resource.rsplit(' ').next().unwrap_or(resource);
    word == last || specgen::types::names::singular(word) == last
}

/// Whether the plan deletes an account rather than a record: its noun is
/// "account" or "user", and no create of the spec makes one.
fn is_account(served: &Served, plan: &Plan) -> bool {
    matches!(plan.resource.as_str(), "account" | "user") && !served.resources().contains(&plan.resource.as_str())
}

/// Deletes the caller's own account (its tokens stop working, its name is
/// not given again). An input naming a user (`userId`) must name the
/// caller; anyone else's account, or a name that is none, is refused.
fn delete_account(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let caller = call.caller.ok_or_else(ApiError::missing_token)?;
    let fields = &served.endpoint(route).request.fields;
    let named = fields
        .iter()
        .filter(|f| split_words(&f.wire).iter().any(|w| matches!(w.as_str(), "user" | "username" | "account")))
        .find_map(|f| call.params.get(&f.wire).and_then(Value::as_str).map(|v| (f, v)));
    if let Some((f, user)) = named.filter(|(_, user)| *user != caller) {
        return Err(ApiError::forbidden(format!("field `{}`: {user:?} is not your account: only its own user deletes an account", f.wire)));
    }
    store.delete_account(caller);
    Ok(answer(served, route, store, None, &Map::new()))
}

/// Whether the caller may change `record` of `resource` (and create under
/// it): on endpoints that take a token, only its owner, a user an action
/// gave the right to edit it, or the owner (or an editor) of a record it
/// sits under. Records made without a caller, and endpoints that take no
/// token, are open to all: the spec says nothing of who they belong to;
/// a parent made without one gives no right over what others put under it.
fn may_change(served: &Served, store: &Store, call: &Call, (resource, record): (&str, &Record)) -> Result<(), ApiError> {
    let Some(caller) = call.caller.filter(|_| call.auth) else { return Ok(()) };
    let Some(owner) = &record.owner else { return Ok(()) };
    let mut seen = vec![(resource.to_string(), record.id.clone())];
    let mut todo = vec![record];
    while let Some(r) = todo.pop() {
        if r.owner.as_deref() == Some(caller) || r.grants.get(caller) == Some(&Right::Edit) {
            return Ok(());
        }
        for (id_type, id) in &r.parents {
            let Some(res) = served.resource_of(id_type) else { continue };
            if seen.iter().any(|(s, i)| s == res && i == id) {
                continue;
            }
            seen.push((res.to_string(), id.clone()));
            todo.extend(store.record(res, id));
        }
    }
    Err(ApiError::forbidden(format!("{resource} `{}` belongs to another user ({owner})", record.id)))
}

/// A cursor or position in decimal digits, as the mock gives them (and as
/// the document's pattern says): one past every record is the end.
fn digits(text: &str) -> Option<u64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().unwrap_or(u64::MAX))
}

/// Default page size when the spec has a limit input and it is not given.
const PAGE: usize = 100;

fn list(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let plan = &route.plan;
    let ps = parents(served, plan, call, store)?;
    // A limit of 0 asks for no items (the cursor stays where it was).
    let limit = plan.limit.as_ref().and_then(|w| call.params.get(w)).and_then(Value::as_u64).map_or(PAGE, |l| l.min(1000) as usize);
    let after = match text(call, &plan.cursor) {
        None => 0,
        // The cursor a last page answers when it must answer one: the end.
        Some("") => return Ok(page_answer(served, route, store, vec![], None)),
        Some(c) => digits(c).ok_or_else(|| {
            ApiError::bad_json(format!("field `{}`: {c:?} is not a cursor this server gave", plan.cursor.as_deref().unwrap_or("")))
        })?,
    };
    let Some(coll) = store.collections.get(&plan.resource) else { return Ok(page_answer(served, route, store, vec![], None)) };
    let mut page = Vec::new();
    let mut next = None;
    let shown = |r: &Record| {
        ps.iter().all(|(t, v)| r.parent(t) == Some(v))
            && lifecycle::listed(plan, call.params, r)
            && filters::keeps(&plan.filters, call.params, r)
    };
    for (seq, r) in coll.records.range(after.saturating_add(1)..).filter(|(_, r)| shown(r)) {
        if page.len() == limit {
            next = Some(page.last().map_or(after, |(s, _): &(u64, &Record)| *s));
            break;
        }
        page.push((*seq, r));
    }
    Ok(page_answer(served, route, store, page.into_iter().map(|(_, r)| r).collect(), next))
}

fn page_answer(served: &Served, route: &Route, store: &Store, page: Vec<&Record>, next: Option<u64>) -> Value {
    let (plan, ep) = (&route.plan, served.endpoint(route));
    let mut extras = Map::new();
    if let Some(f) = list_field(&ep.response) {
        let items = page.into_iter().map(|r| (plan.resource.as_str(), plan.id_type.as_deref(), r, Map::new()));
        extras.insert(f.wire.clone(), entries(served, store, route.api, f, items));
    }
    for f in ep.response.fields.iter().filter(|f| is_cursor(&served.types.space, f)) {
        let v = match next {
            Some(n) => Value::String(n.to_string()),
            None if f.ty.is_option() => Value::Null,
            None => Value::String(String::new()),
        };
        extras.insert(f.wire.clone(), v);
    }
    answer(served, route, store, None, &extras)
}

/// The position a feed request answers the changes after: the one it
/// gives, else the start (or the present, when the prose says a feed
/// without one starts from now). Worked out once, before any wait.
pub fn since(route: &Route, call: &Call, store: &Store) -> Result<u64, ApiError> {
    let plan = &route.plan;
    // A position travels as text or as a number, as the spec types it.
    // An empty one is none (the document's pattern lets it through).
    let given = plan.since.as_ref().and_then(|w| call.params.get(w)).filter(|v| !v.is_null() && v.as_str() != Some(""));
    Ok(match given {
        None if plan.from_now => store.position,
        None => 0,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or_default(),
        Some(v) => v.as_str().and_then(digits).ok_or_else(|| {
            ApiError::bad_json(format!("field `{}`: {v} is not a position this server gave", plan.since.as_deref().unwrap_or("")))
        })?,
    })
}

/// The changes after position `since` (of the records the request's
/// parents and filters keep), or `None` when there are none yet (the
/// caller may wait for one).
pub fn feed(served: &Served, route: &Route, call: &Call, store: &Store, since: u64) -> Result<Option<Value>, ApiError> {
    let plan = &route.plan;
    let ps = parents(served, plan, call, store)?;
    let narrowed = !ps.is_empty() || plan.filters.iter().any(|f| call.params.get(&f.wire).is_some_and(|v| !v.is_null()));
    let kept = |c: &&super::store::Change| {
        !narrowed
            || store
                .record(&c.resource, &c.id)
                .is_some_and(|r| ps.iter().all(|(t, v)| r.parent(t) == Some(v)) && filters::keeps(&plan.filters, call.params, r))
    };
    let changes: Vec<_> = store.changes.iter().filter(|c| c.position > since).filter(kept).collect();
    if changes.is_empty() {
        return Ok(None);
    }
    let ep = served.endpoint(route);
    let mut extras = position_extras(served, route, store.position);
    if let Some(f) = list_field(&ep.response) {
        let gone: Vec<Record> = changes
            .iter()
            .map(|c| Record { id: c.id.clone(), owner: None, parents: vec![], attrs: to_json(&Map::new()), grants: Default::default() })
            .collect();
        let items = changes.iter().zip(&gone).map(|(c, g)| {
            let id_type = served.routes.iter().find(|r| r.plan.resource == c.resource).and_then(|r| r.plan.id_type.as_deref());
            let rec = store.record(&c.resource, &c.id).unwrap_or(g);
            (c.resource.as_str(), id_type, rec, change_extras(served, route, f, c, rec))
        });
        extras.insert(f.wire.clone(), entries(served, store, route.api, f, items));
    }
    Ok(Some(answer(served, route, store, None, &extras)))
}

/// A feed's answer with no change: the list empty, the position as it is.
pub fn empty_feed(served: &Served, route: &Route, store: &Store) -> Value {
    let mut extras = position_extras(served, route, store.position);
    if let Some(f) = list_field(&served.endpoint(route).response) {
        extras.insert(f.wire.clone(), Value::Array(vec![]));
    }
    answer(served, route, store, None, &extras)
}

fn position_extras(served: &Served, route: &Route, position: u64) -> Map<String, Value> {
    let ep = served.endpoint(route);
    ep.response
        .fields
        .iter()
        .filter(|f| is_position(&served.types.space, route.api, f))
        .map(|f| (f.wire.clone(), Value::String(position.to_string())))
        .collect()
}

/// The kind of change, the resource and who made it, in an entry's fields
/// that ask for them ("kind", "change", "type"; "resource"; "by", "actor",
/// or a "user" the record itself does not name).
fn change_extras(
    served: &Served,
    route: &Route,
    list: &specgen::types::Field,
    c: &super::store::Change,
    rec: &Record,
) -> Map<String, Value> {
    let mut out = Map::new();
    let Ty::Vec(entry) = list.ty.required() else { return out };
    let Ty::Named(n) = &**entry else { return out };
    let Some(specgen::types::values::Named::Struct(def)) = served.types.resolve(route.api, n) else { return out };
    let mut attrs = None;
    for f in &def.fields {
        let w = split_words(&f.wire);
        let says = |ws: &[&str]| w.iter().any(|x| ws.contains(&x.as_str()));
        let v = if says(&["kind", "change", "type", "operation", "op", "action"]) {
            Value::String(c.kind.as_str().into())
        } else if says(&["resource"]) {
            Value::String(c.resource.clone())
        } else if let Some(by) = c.by.as_ref().filter(|_| w.last().is_some_and(|l| l == "by") || says(&["actor"])) {
            Value::String(by.clone())
        } else if let Some(by) = c.by.as_ref().filter(|_| says(&["user"])) {
            let stored = attrs.get_or_insert_with(|| rec.attrs());
            if stored.contains_key(&attribute(&c.resource, &f.wire)) || stored.contains_key(&f.wire) {
                continue;
            }
            Value::String(by.clone())
        } else {
            continue;
        };
        if served.types.check(route.api, &f.ty, &v, "").is_ok() {
            out.insert(f.wire.clone(), v);
        }
    }
    out
}

fn account_extras(served: &Served, route: &Route, user: &str, token: &str, store: &Store) -> Map<String, Value> {
    let ep = served.endpoint(route);
    let plan = &route.plan;
    // The account's own record ("memberId: who you are").
    let own = plan.id_type.as_ref().and_then(|t| Some((t, own_record(plan, store, user)?)));
    let mut out = Map::new();
    for f in &ep.response.fields {
        let v = if is_access_token(f) {
            token
        } else if let Some((_, rec)) = own.as_ref().filter(|(t, _)| matches!(f.ty.required(), Ty::Named(n) if n == *t)) {
            rec.id.as_str()
        } else if split_words(&f.wire).iter().any(|w| w == "user" || w == "username") {
            user
        } else {
            continue;
        };
        if served.types.check(route.api, &f.ty, &Value::String(v.into()), "").is_ok() {
            out.insert(f.wire.clone(), Value::String(v.into()));
        }
    }
    out
}

fn credentials<'c>(route: &Route, call: &'c Call) -> Result<(&'c str, &'c str), ApiError> {
    let user = text(call, &route.plan.user).ok_or_else(|| ApiError::missing_param("a user name is required"))?;
    Ok((user, text(call, &route.plan.password).unwrap_or("")))
}

fn register(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let (user, password) = credentials(route, call)?;
    if store.users.contains_key(user) {
        // As the spec documents it when it does ("409 if the email is
        // already taken", with its code).
        let documented = route.plan.unique.iter().find(|u| route.plan.user.as_ref() == Some(&u.wire));
        let e = ApiError::in_use(format!("the user `{user}` already exists"));
        return Err(match documented {
            Some(u) => e.coded(u.code.clone()).on(u.wire.as_str()),
            None => e,
        });
    }
    if store.deleted_users.contains(user) {
        return Err(ApiError::in_use(format!("the user `{user}` was deleted; its name is not given again")));
    }
    let stored = if password.is_empty() { String::new() } else { super::password::hash(password) };
    store.users.insert(user.to_string(), stored);
    let token = store.issue_token(user);
    // A sign-up that answers a record of its own ("You get back your
    // profile") makes it, owned by the new account, from what was sent
    // (never the password).
    let plan = &route.plan;
    let mut made = None;
    if let (Some(_), false) = (&plan.id_type, plan.resource.is_empty()) {
        let mut attrs = super::stamps::stamps(plan, &served.endpoint(route).response, true, Some(user));
        attrs.extend(attributes(plan, call));
        if let Some(w) = &plan.user {
            attrs.insert(attribute(&plan.resource, w), Value::String(user.to_string()));
        }
        let (id_type, example) = id_example(served, plan);
        let id = store.fresh(id_type, &example);
        let rec =
            Record { id: id.clone(), owner: Some(user.to_string()), parents: vec![], attrs: to_json(&attrs), grants: Default::default() };
        store.collection(&plan.resource).insert(rec);
        store.changed(&plan.resource, &id, ChangeKind::Created, Some(user));
        made = Some(id);
    }
    let extras = account_extras(served, route, user, &token, store);
    let rec = made.and_then(|id| store.record(&plan.resource, &id));
    Ok(answer(served, route, store, rec, &extras))
}

/// A log-in refused: 401 (or the status the error format gives it),
/// unless the operation documents another ("403 - wrong password").
fn wrong_credentials(served: &Served, ep: &specgen::types::Endpoint) -> ApiError {
    let says = |d: &&specgen::types::documented::Documented| {
        let s = d.says.to_lowercase();
        ["password", "credential", "wrong", "unknown user", "incorrect"].iter().any(|w| s.contains(w))
    };
    let documented = ep.documented.iter().find(says);
    let usual = served.errors.status_of(ErrorKind::WrongCredentials);
    let status = StatusCode::from_u16(documented.map_or(usual, |d| d.status)).unwrap_or(StatusCode::UNAUTHORIZED);
    ApiError::new(status, ErrorKind::WrongCredentials, "unknown user or wrong password").coded(documented.and_then(|d| d.code.clone()))
}

fn login(served: &Served, route: &Route, call: &Call, store: &mut Store) -> Result<Value, ApiError> {
    let (user, password) = credentials(route, call)?;
    match store.users.get(user) {
        Some(p) if route.plan.password.is_none() || (p.is_empty() && password.is_empty()) || super::password::verify(p, password) => {}
        _ => return Err(wrong_credentials(served, served.endpoint(route))),
    }
    let token = store.issue_token(user);
    Ok(answer(served, route, store, None, &account_extras(served, route, user, &token, store)))
}
