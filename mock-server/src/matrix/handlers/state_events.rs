//! Room state: set one state event or a batch, delete one (an event without
//! `content`), patch power levels key by key, read-up-to markers (state the
//! user owns), and rejecting an invite (its membership event is deleted).

use super::access::member;
use super::actions::once;
use super::params::content;
use super::power_levels;
use super::register::{typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{Membership, Store};
use client_server_v2::deleting_state_events::*;
use client_server_v2::patching_power_levels::*;
use client_server_v2::read_up_to_markers::*;
use client_server_v2::rejecting_an_invite::*;
use client_server_v2::sending_state_events::*;
use client_server_v2::{ActionId, RoomId, UserId};
use serde_json::{json, Value};

pub fn handlers() -> Vec<Registered> {
    vec![
        typed::<SetStateRequest>(set_state),
        typed::<SetStateBatchRequest>(set_state_batch),
        typed::<DeleteStateRequest>(delete_state),
        typed::<PatchPowerLevelsRequest>(patch_power_levels),
        typed::<SetMarkerRequest>(set_marker),
        typed::<RejectInviteRequest>(reject_invite),
    ]
}

/// The action ID as the event keeps it.
fn action(id: &Option<ActionId>) -> Option<String> {
    id.as_ref().map(|a| a.0.clone())
}

/// State changes need the room's `state_default` level (50 unless set);
/// membership goes through its own endpoints.
fn may_set(store: &Store, room: &RoomId, user: &UserId, kind: &str) -> Result<(), ApiError> {
    if kind == "m.room.member" {
        return Err(ApiError::forbidden("membership changes go through join, invite, leave and kick"));
    }
    let levels = store.power_levels(room);
    if levels.of(user) < levels.needed("state_default", 50) {
        return Err(ApiError::forbidden(format!("your power level is too low to set {kind}")));
    }
    Ok(())
}

/// A new state event `kind`/`key` with `content` (named `field` in errors)
/// that `user` may set: power levels are checked as a change of the
/// current ones (see [`power_levels::check_change`]).
fn may_set_to(
    store: &Store,
    room: &RoomId,
    user: &UserId,
    (kind, key): (&str, &str),
    content: &Value,
    field: &str,
) -> Result<(), ApiError> {
    may_set(store, room, user, kind)?;
    if kind == "m.room.power_levels" {
        let old = store.state_event(room, kind, key).and_then(|e| e.content()).unwrap_or(Value::Null);
        power_levels::check_change(&old, content, user.as_str(), store.power_levels(room).of(user), field)?;
    }
    Ok(())
}

fn set_state(app: &App, me: &Caller, req: SetStateRequest) -> Result<SetStateResponse, ApiError> {
    let (kind, key) = (req.event_type.as_str(), req.state_key.as_str());
    let content = &content(&req.content);
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        may_set_to(store, room, &me.user, (kind, key), content, "content")?;
        store.append(Some(room), &me.user, kind, Some(key), Some(content), action(&req.action_id));
        Ok(SetStateResponse {})
    })
}

fn set_state_batch(app: &App, me: &Caller, req: SetStateBatchRequest) -> Result<SetStateBatchResponse, ApiError> {
    let parsed: Vec<(&str, &str, Value)> =
        req.events.iter().map(|e| (e.type_.as_str(), e.state_key.as_str(), content(&e.content))).collect();
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        // All or nothing: every event is allowed before any is set.
        // (Power levels set twice in one batch are checked against the
        // current ones both times: the second may not rely on the first.)
        for (k, (kind, key, content)) in parsed.iter().enumerate() {
            may_set_to(store, room, &me.user, (kind, key), content, &format!("events[{k}].content"))?;
        }
        for (kind, key, content) in &parsed {
            store.append(Some(room), &me.user, kind, Some(key), Some(content), action(&req.action_id));
        }
        Ok(SetStateBatchResponse {})
    })
}

fn delete_state(app: &App, me: &Caller, req: DeleteStateRequest) -> Result<DeleteStateResponse, ApiError> {
    let (kind, key) = (req.event_type.as_str(), req.state_key.as_str());
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        may_set(store, room, &me.user, kind)?;
        if store.state_event(room, kind, key).is_none() {
            return Err(ApiError::not_found(format!("no state event {kind} / {key:?} in the room")));
        }
        store.append(Some(room), &me.user, kind, Some(key), None, action(&req.action_id));
        Ok(DeleteStateResponse {})
    })
}

fn patch_power_levels(app: &App, me: &Caller, req: PatchPowerLevelsRequest) -> Result<PatchPowerLevelsResponse, ApiError> {
    let key = req.key.as_str();
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        may_set(store, room, &me.user, "m.room.power_levels")?;
        if key.is_empty() {
            return Err(ApiError::bad_json("field `key`: must not be empty"));
        }
        // The whole event is sent on, with the one key changed.
        power_levels::check_patch_value(key, &req.value)?;
        let old = store.power_levels_content(room);
        let levels = power_levels::patched(old.clone(), key, req.value.clone());
        power_levels::check_change(&old, &levels, me.user.as_str(), store.power_levels(room).of(&me.user), "value")?;
        store.append(Some(room), &me.user, "m.room.power_levels", Some(""), Some(&levels), action(&req.action_id));
        Ok(PatchPowerLevelsResponse {})
    })
}

/// The read-up-to markers a user sets.
const MARKERS: [&str; 2] = ["m.room.marker.delivered", "m.room.marker.read"];

fn set_marker(app: &App, me: &Caller, req: SetMarkerRequest) -> Result<SetMarkerResponse, ApiError> {
    let kind = req.marker_type.as_str();
    if !MARKERS.contains(&kind) {
        return Err(ApiError::bad_json(format!("path `markerType`: {kind:?} is not m.room.marker.delivered or m.room.marker.read")));
    }
    let event_id = &req.event_id;
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        if store.event(event_id).and_then(|e| e.room_id.as_ref()) != Some(room) {
            return Err(ApiError::not_found(format!("no event {event_id} in the room")));
        }
        // Each user's marker is state keyed by their own ID: they clobber
        // only their own.
        store.append(Some(room), &me.user, kind, Some(me.user.as_str()), Some(&json!({ "event_id": event_id })), action(&req.action_id));
        Ok(SetMarkerResponse {})
    })
}

fn reject_invite(app: &App, me: &Caller, req: RejectInviteRequest) -> Result<RejectInviteResponse, ApiError> {
    let invite = &req.invite_event_id;
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = match store.event(invite) {
            Some(e) if e.kind == "m.room.member" && e.state_key.as_deref() == Some(me.user.as_str()) => {
                e.room_id.clone().unwrap_or_else(|| RoomId(String::new()))
            }
            _ => return Err(ApiError::not_found(format!("{invite} is not an invite for {}", me.user))),
        };
        if store.membership(&room, &me.user) != Some(Membership::Invite) {
            return Err(ApiError::forbidden("that invite is no longer pending"));
        }
        if let Some(r) = store.rooms.get_mut(&room) {
            r.members.remove(&me.user);
        }
        // The membership state event is deleted (an event without content).
        store.append(Some(&room), &me.user, "m.room.member", Some(me.user.as_str()), None, action(&req.action_id));
        Ok(RejectInviteResponse {})
    })
}
