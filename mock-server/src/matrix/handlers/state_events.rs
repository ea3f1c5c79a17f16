//! Room state: set one state event or a batch, delete one (an event without
//! `content`), patch power levels key by key, read-up-to markers (state the
//! user owns), and rejecting an invite (its membership event is deleted).

use super::power_levels;
use super::rooms::{levels, member, power, required};
use super::{content, once, Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{Membership, Store};
use serde_json::{json, Value};

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "set_state" => set_state,
        "set_state_batch" => set_state_batch,
        "delete_state" => delete_state,
        "patch_power_levels" => patch_power_levels,
        "set_marker" => set_marker,
        "reject_invite" => reject_invite,
        _ => return None,
    }))
}

/// State changes need the room's `state_default` level (50 unless set);
/// membership goes through its own endpoints.
fn may_set(store: &Store, room: &str, user: &str, kind: &str) -> Result<(), ApiError> {
    if kind == "m.room.member" {
        return Err(ApiError::forbidden("membership changes go through join, invite, leave and kick"));
    }
    if power(store, room, user) < required(store, room, "state_default", 50) {
        return Err(ApiError::forbidden(format!("your power level is too low to set {kind}")));
    }
    Ok(())
}

/// A new state event `kind`/`key` with `content` (named `field` in errors)
/// that `user` may set: power levels are checked as a change of the
/// current ones (see [`power_levels::check_change`]).
fn may_set_to(store: &Store, room: &str, user: &str, (kind, key): (&str, &str), content: &Value, field: &str) -> Result<(), ApiError> {
    may_set(store, room, user, kind)?;
    if kind == "m.room.power_levels" {
        let old = store.state_event(room, kind, key).and_then(|e| e.content()).unwrap_or(Value::Null);
        power_levels::check_change(&old, content, user, power(store, room, user), field)?;
    }
    Ok(())
}

fn set_state(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let (kind, key) = (req.str("eventType").unwrap_or_default().to_string(), req.str("stateKey").unwrap_or_default().to_string());
    let content = content(req.params.get("content"), "content")?;
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        may_set_to(store, &room, &me, (&kind, &key), &content, "content")?;
        let ev = store.append(Some(&room), &me, &kind, Some(&key), Some(&content), req.str("action_id").map(str::to_string));
        Ok(json!({ "event_id": ev.event_id }).into())
    })
}

fn set_state_batch(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let events: Vec<Value> = req.value("events").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut parsed = Vec::with_capacity(events.len());
    for (k, e) in events.iter().enumerate() {
        let Some(kind) = e.get("type").and_then(Value::as_str) else {
            return Err(ApiError::bad_json(format!("field `events[{k}].type`: expected an event type (a string)")));
        };
        let Some(content) = e.get("content") else {
            return Err(ApiError::missing_param(format!("missing parameter `events[{k}].content` (in the body)")));
        };
        let content = super::content(Some(content), &format!("events[{k}].content"))?;
        parsed.push((kind.to_string(), e.get("state_key").and_then(Value::as_str).unwrap_or("").to_string(), content));
    }
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        // All or nothing: every event is allowed before any is set.
        // (Power levels set twice in one batch are checked against the
        // current ones both times: the second may not rely on the first.)
        for (k, (kind, key, content)) in parsed.iter().enumerate() {
            may_set_to(store, &room, &me, (kind, key), content, &format!("events[{k}].content"))?;
        }
        let ids: Vec<String> = parsed
            .into_iter()
            .map(|(kind, key, content)| {
                store.append(Some(&room), &me, &kind, Some(&key), Some(&content), req.str("action_id").map(str::to_string)).event_id.clone()
            })
            .collect();
        Ok(json!({ "event_ids": ids }).into())
    })
}

fn delete_state(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let (kind, key) = (req.str("eventType").unwrap_or_default().to_string(), req.str("stateKey").unwrap_or_default().to_string());
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        may_set(store, &room, &me, &kind)?;
        if store.state_event(&room, &kind, &key).is_none() {
            return Err(ApiError::not_found(format!("no state event {kind} / {key:?} in the room")));
        }
        store.append(Some(&room), &me, &kind, Some(&key), None, req.str("action_id").map(str::to_string));
        Ok(json!({}).into())
    })
}

fn patch_power_levels(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let key = req.str("key").unwrap_or_default().to_string();
    let value = req.params.get("value").cloned().unwrap_or(Value::Null);
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        may_set(store, &room, &me, "m.room.power_levels")?;
        if key.is_empty() {
            return Err(ApiError::bad_json("field `key`: must not be empty"));
        }
        // The whole event is sent on, with the one key changed.
        power_levels::check_patch_value(&key, &value)?;
        let old = levels(store, &room);
        let levels = power_levels::patched(old.clone(), &key, value);
        power_levels::check_change(&old, &levels, &me, power(store, &room, &me), "value")?;
        store.append(Some(&room), &me, "m.room.power_levels", Some(""), Some(&levels), req.str("action_id").map(str::to_string));
        Ok(json!({}).into())
    })
}

fn set_marker(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let kind = req.str("markerType").unwrap_or_default().to_string();
    if !matches!(kind.as_str(), "m.room.marker.delivered" | "m.room.marker.read") {
        return Err(ApiError::bad_json(format!("path `markerType`: {kind:?} is not m.room.marker.delivered or m.room.marker.read")));
    }
    let event_id = req.str("event_id").unwrap_or_default().to_string();
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        if store.event(&event_id).and_then(|e| e.room_id.as_deref()) != Some(room.as_str()) {
            return Err(ApiError::not_found(format!("no event {event_id} in the room")));
        }
        // Each user's marker is state keyed by their own ID: they clobber
        // only their own.
        store.append(Some(&room), &me, &kind, Some(&me), Some(&json!({ "event_id": event_id })), req.str("action_id").map(str::to_string));
        Ok(json!({}).into())
    })
}

fn reject_invite(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let invite = req.str("inviteEventId").unwrap_or_default().to_string();
    once(app, req, |store| {
        let room = match store.event(&invite) {
            Some(e) if e.kind == "m.room.member" && e.state_key.as_deref() == Some(me.as_str()) => e.room_id.clone().unwrap_or_default(),
            _ => return Err(ApiError::not_found(format!("{invite} is not an invite for {me}"))),
        };
        if store.membership(&room, &me) != Some(Membership::Invite) {
            return Err(ApiError::forbidden("that invite is no longer pending"));
        }
        if let Some(r) = store.rooms.get_mut(&room) {
            r.members.remove(&me);
        }
        // The membership state event is deleted (an event without content).
        store.append(Some(&room), &me, "m.room.member", Some(&me), None, req.str("action_id").map(str::to_string));
        Ok(json!({}).into())
    })
}
