//! Filters (created, read back, applied to the stream, sync, scrollback and
//! context), contextual windows, relates-to children, and capabilities.

use super::rooms::member;
use super::{Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{Event, EventView, Store};
use client_server_v2::support::Location;
use serde_json::{json, Map, Value};

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "create_filter" => create_filter,
        "get_filter" => get_filter,
        "context" => context,
        "children" => children,
        "capabilities" => capabilities,
        _ => return None,
    }))
}

/// The filter fields the wire carries (see `spec/bindings.toml`).
const FIELDS: [&str; 7] = ["types", "rooms", "users", "federation_format", "coalesce_updates", "coalesce_relates_to", "keys"];

fn create_filter(app: &App, req: &Incoming) -> Reply {
    let user = req.str("userId").unwrap_or_default();
    if user != req.me().user {
        return Err(ApiError::forbidden("filters are made for oneself"));
    }
    // A misspelt field would make a filter that keeps everything: refused.
    let path: Vec<&str> = req.endpoint.params.iter().filter(|p| p.location != Location::Body).map(|p| p.wire).collect();
    let unknown: Vec<&str> = req.params.keys().map(String::as_str).filter(|k| !FIELDS.contains(k) && !path.contains(k)).collect();
    if !unknown.is_empty() {
        return Err(ApiError::bad_json(format!(
            "unknown filter field{} {}: a filter has {}",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
            FIELDS.join(", ")
        )));
    }
    let filter: Map<String, Value> = FIELDS.iter().filter_map(|f| req.value(f).map(|v| (f.to_string(), v.clone()))).collect();
    let mut store = app.store();
    store.next_id += 1;
    let token = format!("f{}", store.next_id);
    store.filters.insert(token.clone(), (user.to_string(), Value::Object(filter)));
    Ok(json!({ "filter_token": token }).into())
}

fn get_filter(app: &App, req: &Incoming) -> Reply {
    let store = app.store();
    let f = Filter::of(&store, req.str("filterToken"), &req.me().user)?.map(|f| f.spec).unwrap_or_else(|| json!({}));
    if req.str("userId") != Some(req.me().user.as_str()) {
        return Err(ApiError::forbidden("filters are read by their owner"));
    }
    Ok(f.into())
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
    pub fn of(store: &Store, token: Option<&str>, user: &str) -> Result<Option<Filter>, ApiError> {
        let Some(token) = token else { return Ok(None) };
        match store.filters.get(token) {
            Some((owner, f)) if owner == user => {
                let mut filter = Filter { spec: f.clone(), keys: None };
                filter.keys = filter.list("keys").map(|ks| ks.into_iter().map(str::to_string).collect());
                Ok(Some(filter))
            }
            _ => Err(ApiError::not_found(format!("no filter {token:?} of {user}"))),
        }
    }

    pub fn list(&self, key: &str) -> Option<Vec<&str>> {
        self.spec.get(key)?.as_array().map(|a| a.iter().filter_map(Value::as_str).collect())
    }

    /// Event types (a trailing `*` is a wildcard), rooms, senders.
    pub fn matches(&self, e: &Event) -> bool {
        let type_ok =
            self.list("types").is_none_or(|ts| ts.iter().any(|t| t.strip_suffix('*').map_or(*t == e.kind, |p| e.kind.starts_with(p))));
        let room_ok = self.list("rooms").is_none_or(|rs| e.room_id.as_deref().is_some_and(|r| rs.contains(&r)));
        let user_ok = self.list("users").is_none_or(|us| us.contains(&e.sender.as_str()));
        type_ok && room_ok && user_ok
    }
}

/// Applies an optional filter to events as `viewer` sees them.
pub fn filtered<'a>(
    filter: Option<&'a Filter>,
    events: impl Iterator<Item = &'a Event> + 'a,
    viewer: &'a str,
) -> impl Iterator<Item = EventView<'a>> + 'a {
    let keys = filter.and_then(|f| f.keys.as_deref());
    events.filter(move |e| filter.is_none_or(|f| f.matches(e))).map(move |e| e.view_as(viewer).only(keys))
}

fn context(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let store = app.store();
    let room = member(&store, req)?;
    let filter = Filter::of(&store, req.str("filter"), &me)?;
    let event_id = req.str("eventId").unwrap_or_default();
    let timeline = store.rooms.get(room).map(|r| r.timeline.as_slice()).unwrap_or_default();
    let at =
        timeline.iter().position(|id| id == event_id).ok_or_else(|| ApiError::not_found(format!("no event {event_id} in the room")))?;
    let limit = req.u64("limit").unwrap_or(10).clamp(1, 1000) as usize;
    let (from, to) = match req.str("dir").unwrap_or("around") {
        "before" => (at.saturating_sub(limit), at + 1),
        "after" => (at, (at + 1 + limit).min(timeline.len())),
        _ => (at.saturating_sub(limit / 2), (at + 1 + limit / 2).min(timeline.len())),
    };
    let events: Vec<&Event> = timeline[from..to].iter().filter_map(|id| store.event(id)).collect();
    let chunk: Vec<EventView> = filtered(filter.as_ref(), events.iter().copied(), &me).collect();
    let pos = |i: usize| timeline.get(i).and_then(|id| store.event(id)).map_or(0, |e| e.position);
    Ok(json!({ "chunk": chunk, "start": format!("t{}", pos(from)), "end": format!("t{}", pos(to.saturating_sub(1))), "state": store.room_state(room, &me) }).into())
}

/// Events whose content `relates_to` the parent, newest first, paged. Only
/// members of the parent's room read them (a membership event about an
/// outsider is no way in); events outside rooms have no children.
fn children(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let store = app.store();
    let parent_id = req.str("eventId").unwrap_or_default();
    let room = store
        .event(parent_id)
        .and_then(|e| e.room_id.as_deref())
        .filter(|r| store.is_joined(r, &me))
        .and_then(|r| store.rooms.get(r))
        .ok_or_else(|| ApiError::not_found(format!("no event {parent_id} in a room you are in")))?;
    let (limit, before) = super::page(req)?;
    let kids: Vec<&Event> = room
        .timeline
        .iter()
        .rev()
        .filter_map(|id| store.event(id))
        .filter(|e| {
            e.position < before
                && e.content().and_then(|c| c.get("relates_to").and_then(Value::as_str).map(|r| r == parent_id)).unwrap_or(false)
        })
        .collect();
    let page: Vec<Value> = kids.iter().take(limit).map(|e| e.view(&me)).collect();
    let next = kids.get(page.len().wrapping_sub(1)).filter(|_| kids.len() > page.len()).map(|e| format!("t{}", e.position));
    Ok(json!({ "chunk": page, "next": next }).into())
}

fn capabilities(_app: &App, _req: &Incoming) -> Reply {
    let caps = json!({ "m.cap.batch_send.v1": {}, "m.cap.relates_to.v1": {}, "m.cap.filters.v1": {} });
    let hash: u64 = caps.to_string().bytes().fold(0xcbf29ce484222325, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    Ok(json!({ "hash": format!("{hash:016x}"), "capabilities": caps }).into())
}
