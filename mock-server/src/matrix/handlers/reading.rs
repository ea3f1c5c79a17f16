//! Filters (created, read back, applied to the stream, sync, scrollback and
//! context), contextual windows, relates-to children, and capabilities.

use super::access::member;
use super::params::page;
use super::register::{typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{Event, Store, StreamToken};
use client_server_v2::capabilities_api::*;
use client_server_v2::contextual_windowing_api::*;
use client_server_v2::filter_api::*;
use client_server_v2::relates_to_pagination_api::*;
use client_server_v2::{FilterToken, UserId};
use serde_json::{json, Value};

pub fn handlers() -> Vec<Registered> {
    vec![
        // A misspelt field would make a filter that keeps everything: refused.
        typed::<CreateFilterRequest>(create_filter).strict(),
        typed::<GetFilterRequest>(get_filter),
        typed::<ContextRequest>(context),
        typed::<ChildrenRequest>(children),
        typed::<CapabilitiesRequest>(capabilities),
    ]
}

fn create_filter(app: &App, me: &Caller, req: CreateFilterRequest) -> Result<CreateFilterResponse, ApiError> {
    if req.user_id != me.user {
        return Err(ApiError::forbidden("filters are made for oneself"));
    }
    // The body fields as given (the path's user is not serialised).
    let filter = serde_json::to_value(&req).map_err(|e| ApiError::bad_json(format!("the filter: {e}")))?;
    let mut store = app.store();
    store.next_id += 1;
    let token = FilterToken(format!("f{}", store.next_id));
    store.filters.insert(token.clone(), (me.user.clone(), filter));
    Ok(CreateFilterResponse { filter_token: token })
}

fn get_filter(app: &App, me: &Caller, req: GetFilterRequest) -> Result<GetFilterResponse, ApiError> {
    let store = app.store();
    let spec = Filter::of(&store, Some(&req.filter_token), &me.user)?.map_or(Value::Null, |f| f.spec);
    if req.user_id != me.user {
        return Err(ApiError::forbidden("filters are read by their owner"));
    }
    // Filters are stored as created, so they read back; one imported that
    // does not is named.
    serde_json::from_value(spec).map_err(|e| ApiError::bad_json(format!("filter {:?} is not a filter: {e}", req.filter_token.as_str())))
}

/// A stored filter, applied to events.
pub struct Filter {
    /// The filter as created.
    pub spec: Value,
    /// Its `keys`: only these keys of each event are returned.
    keys: Option<Vec<String>>,
}

impl Filter {
    /// The caller's filter of that token (`None` without a token).
    pub fn of(store: &Store, token: Option<&FilterToken>, user: &UserId) -> Result<Option<Filter>, ApiError> {
        let Some(token) = token else { return Ok(None) };
        match store.filters.get(token) {
            Some((owner, f)) if owner == user => {
                let mut filter = Filter { spec: f.clone(), keys: None };
                filter.keys = filter.list("keys").map(|ks| ks.into_iter().map(str::to_string).collect());
                Ok(Some(filter))
            }
            _ => Err(ApiError::not_found(format!("no filter {:?} of {user}", token.as_str()))),
        }
    }

    pub fn list(&self, key: &str) -> Option<Vec<&str>> {
        self.spec.get(key)?.as_array().map(|a| a.iter().filter_map(Value::as_str).collect())
    }

    /// Event types (a trailing `*` is a wildcard), rooms, senders.
    pub fn matches(&self, e: &Event) -> bool {
        let type_ok =
            self.list("types").is_none_or(|ts| ts.iter().any(|t| t.strip_suffix('*').map_or(*t == e.kind, |p| e.kind.starts_with(p))));
        let room_ok = self.list("rooms").is_none_or(|rs| e.room_id.as_ref().is_some_and(|r| rs.contains(&r.as_str())));
        let user_ok = self.list("users").is_none_or(|us| us.contains(&e.sender.as_str()));
        type_ok && room_ok && user_ok
    }
}

/// Applies an optional filter to events as `viewer` sees them.
pub fn filtered<'a>(
    filter: Option<&'a Filter>,
    events: impl Iterator<Item = &'a Event> + 'a,
    viewer: &'a UserId,
) -> impl Iterator<Item = client_server_v2::Event> + 'a {
    let keys = filter.and_then(|f| f.keys.as_deref());
    events.filter(move |e| filter.is_none_or(|f| f.matches(e))).map(move |e| e.view_as(viewer).only(keys).typed())
}

fn context(app: &App, me: &Caller, req: ContextRequest) -> Result<ContextResponse, ApiError> {
    let store = app.store();
    let room = member(&store, me, &req.room_id)?;
    let filter = Filter::of(&store, req.filter.as_ref(), &me.user)?;
    let event_id = &req.event_id;
    let timeline = store.rooms.get(room).map(|r| r.timeline.as_slice()).unwrap_or_default();
    let at =
        timeline.iter().position(|id| id == event_id).ok_or_else(|| ApiError::not_found(format!("no event {event_id} in the room")))?;
    let limit = req.limit.unwrap_or(10).clamp(1, 1000) as usize;
    let (from, to) = match req.dir {
        ContextGetResults::Before => (at.saturating_sub(limit), at + 1),
        ContextGetResults::After => (at, (at + 1 + limit).min(timeline.len())),
        ContextGetResults::Around => (at.saturating_sub(limit / 2), (at + 1 + limit / 2).min(timeline.len())),
    };
    let events: Vec<&Event> = timeline[from..to].iter().filter_map(|id| store.event(id)).collect();
    let chunk = filtered(filter.as_ref(), events.iter().copied(), &me.user).collect();
    let pos = |i: usize| timeline.get(i).and_then(|id| store.event(id)).map_or(0, |e| e.position);
    // Back from the window's first event, on from its last.
    let (start, end) = (StreamToken::before(pos(from)), StreamToken(pos(to.saturating_sub(1))));
    Ok(ContextResponse { chunk, start: start.into(), end: end.into(), state: store.room_state(room, &me.user) })
}

/// Events whose content `relates_to` the parent, newest first, paged. Only
/// members of the parent's room read them (a membership event about an
/// outsider is no way in); events outside rooms have no children.
fn children(app: &App, me: &Caller, req: ChildrenRequest) -> Result<ChildrenResponse, ApiError> {
    let store = app.store();
    let parent_id = req.event_id.as_str();
    let room = store
        .event(&req.event_id)
        .and_then(|e| e.room_id.as_ref())
        .filter(|r| store.is_joined(r, &me.user))
        .and_then(|r| store.rooms.get(r))
        .ok_or_else(|| ApiError::not_found(format!("no event {parent_id} in a room you are in")))?;
    let (limit, from) = page(req.limit, req.from.as_ref())?;
    let kids: Vec<&Event> = room
        .timeline
        .iter()
        .rev()
        .filter_map(|id| store.event(id))
        .filter(|e| {
            from.is_none_or(|f| !f.is_before(e.position))
                && e.content().and_then(|c| c.get("relates_to").and_then(Value::as_str).map(|r| r == parent_id)).unwrap_or(false)
        })
        .collect();
    let chunk: Vec<client_server_v2::Event> = kids.iter().take(limit).map(|e| e.view(&me.user)).collect();
    // Reading on from the oldest child given leaves it out.
    let next = kids.get(chunk.len().wrapping_sub(1)).filter(|_| kids.len() > chunk.len()).map(|e| StreamToken::before(e.position).into());
    Ok(ChildrenResponse { chunk, next })
}

fn capabilities(_app: &App, _me: &Caller, _req: CapabilitiesRequest) -> Result<CapabilitiesResponse, ApiError> {
    let capabilities: std::collections::BTreeMap<String, Value> =
        ["m.cap.batch_send.v1", "m.cap.relates_to.v1", "m.cap.filters.v1"].into_iter().map(|c| (c.to_string(), json!({}))).collect();
    let text = serde_json::to_string(&capabilities).unwrap_or_default();
    let hash: u64 = text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    Ok(CapabilitiesResponse { hash: format!("{hash:016x}"), capabilities })
}
