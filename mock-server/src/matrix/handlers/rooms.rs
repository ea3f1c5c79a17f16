//! Rooms: create, join (by room ID, alias or invite event), invite, leave,
//! kick. Only members act in a room; kicks respect power levels.

use super::access::member;
use super::actions::once;
use super::aliases::{check_localpart, free_alias};
use super::register::{typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{Membership, PowerLevels, Room, Store};
use client_server_v2::inviting_a_user::*;
use client_server_v2::joining_api::*;
use client_server_v2::kicking_a_user::*;
use client_server_v2::leaving_a_room::*;
use client_server_v2::room_creation_api::*;
use client_server_v2::{EventId, Messages, RoomAlias, RoomId, UserId};
use serde_json::json;

pub fn handlers() -> Vec<Registered> {
    vec![
        typed::<CreateRoomRequest>(create_room),
        typed::<JoinRequest>(join),
        typed::<InviteRequest>(invite),
        typed::<LeaveRequest>(leave),
        typed::<KickRequest>(kick),
    ]
}

/// The `invitees` of a new room: each once, never the creator.
fn invitees(listed: &[UserId], creator: &UserId) -> Vec<UserId> {
    let mut seen = std::collections::BTreeSet::new();
    listed.iter().filter(|u| *u != creator && seen.insert(*u)).cloned().collect()
}

fn create_room(app: &App, me: &Caller, req: CreateRoomRequest) -> Result<CreateRoomResponse, ApiError> {
    let me = me.user.clone();
    let mut store = app.store();
    let store = &mut *store;
    let alias = match &req.alias_localpart {
        Some(local) => {
            check_localpart("alias_localpart", local)?;
            Some(free_alias(store, local)?)
        }
        None => None,
    };
    let invitees = invitees(req.invitees.as_deref().unwrap_or_default(), &me);
    if let Some(unknown) = invitees.iter().find(|u| !store.accounts.contains_key(*u)) {
        return Err(ApiError::not_found(format!("no user {unknown}")));
    }
    let room = store.new_room_id();
    store.rooms.insert(room.clone(), Room { published: req.published.unwrap_or(false), ..Room::new(me.clone()) });
    store.append(Some(&room), &me, "m.room.create", Some(""), Some(&json!({ "creator": me })), None);
    store.set_membership(&room, &me, &me, Membership::Join, None);
    store.append(Some(&room), &me, "m.room.power_levels", Some(""), Some(&PowerLevels::initial(&me).content()), None);
    if let Some(name) = &req.name {
        store.append(Some(&room), &me, "m.room.name", Some(""), Some(&json!({ "name": name })), None);
    }
    if let Some(topic) = &req.topic {
        store.append(Some(&room), &me, "m.room.topic", Some(""), Some(&json!({ "topic": topic })), None);
    }
    if let Some(alias) = alias {
        store.aliases.insert(alias.clone(), (room.clone(), me.clone()));
        store.append(Some(&room), &me, "m.room.aliases", Some(&store.server_name.clone()), Some(&json!({ "aliases": [alias] })), None);
    }
    for u in &invitees {
        store.set_membership(&room, &me, u, Membership::Invite, None);
    }
    Ok(CreateRoomResponse { room_id: room })
}

/// A room ID, an alias, or an invite event ID, to a room ID.
fn resolve(store: &Store, target: &str, user: &UserId) -> Result<RoomId, ApiError> {
    match target.chars().next() {
        Some('!') if store.rooms.contains_key(&RoomId::from(target)) => Ok(RoomId::from(target)),
        Some('#') => store
            .aliases
            .get(&RoomAlias::from(target))
            .map(|(r, _)| r.clone())
            .ok_or_else(|| ApiError::not_found(format!("no room has the alias {target}"))),
        Some('$') => match store.event(&EventId::from(target)) {
            Some(e) if e.kind == "m.room.member" && e.state_key.as_deref() == Some(user.as_str()) => {
                e.room_id.clone().ok_or_else(|| ApiError::not_found("not an invite"))
            }
            _ => Err(ApiError::not_found(format!("{target} is not an invite for {user}"))),
        },
        _ => Err(ApiError::not_found(format!("no room {target}"))),
    }
}

fn join(app: &App, me: &Caller, req: JoinRequest) -> Result<JoinResponse, ApiError> {
    let me = me.user.clone();
    let mut store = app.store();
    let room = resolve(&store, &req.room_id_or_alias_or_invite_event_id, &me)?;
    let r = store.rooms.get(&room).ok_or_else(|| ApiError::not_found(format!("no room {room}")))?;
    let allowed = r.published || r.creator == me || matches!(r.members.get(&me), Some(Membership::Invite | Membership::Join));
    if !allowed {
        return Err(ApiError::forbidden(format!("{me} is not invited to {room}")));
    }
    if !store.is_joined(&room, &me) {
        store.set_membership(&room, &me, &me, Membership::Join, None);
    }
    let state = store.room_state(&room, &me);
    let chunk = store
        .rooms
        .get(&room)
        .into_iter()
        .flat_map(|r| r.timeline.iter().rev().take(20))
        .filter_map(|id| store.event(id))
        .map(|e| e.view(&me))
        .collect();
    // Now: read back from it (scrollback) or on from it (the event stream).
    let now = store.now();
    Ok(JoinResponse { room_id: room, state, messages: Messages { chunk, start: now.into(), end: now.into() } })
}

fn invite(app: &App, me: &Caller, req: InviteRequest) -> Result<InviteResponse, ApiError> {
    let target = &req.user_id;
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        let levels = store.power_levels(room);
        if levels.of(&me.user) < levels.needed("invite", 0) {
            return Err(ApiError::forbidden("your power level is too low to invite"));
        }
        let Some(account) = store.accounts.get(target) else { return Err(ApiError::not_found(format!("no user {target}"))) };
        let (displayname, avatar_url) = (account.displayname.clone(), account.avatar_url.clone());
        if store.is_joined(room, target) {
            return Err(ApiError::forbidden(format!("{target} is already in the room")));
        }
        // Inviting someone already invited changes nothing (no second
        // invite event).
        if store.membership(room, target) != Some(Membership::Invite) {
            store.set_membership(room, &me.user, target, Membership::Invite, req.action_id.as_ref().map(|a| a.0.clone()));
        }
        Ok(InviteResponse { displayname, avatar_url })
    })
}

fn leave(app: &App, me: &Caller, req: LeaveRequest) -> Result<LeaveResponse, ApiError> {
    let room = &req.room_id;
    once(app, me, &req, req.action_id.as_ref(), |store| match store.membership(room, &me.user) {
        Some(Membership::Join | Membership::Invite) => {
            store.set_membership(room, &me.user, &me.user, Membership::Leave, req.action_id.as_ref().map(|a| a.0.clone()));
            Ok(LeaveResponse {})
        }
        _ => Err(ApiError::forbidden(format!("{} is not in room {room}", me.user))),
    })
}

fn kick(app: &App, me: &Caller, req: KickRequest) -> Result<KickResponse, ApiError> {
    let target = &req.user_id;
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        let levels = store.power_levels(room);
        let mine = levels.of(&me.user);
        if mine < levels.needed("kick", 50) || (*target != me.user && mine <= levels.of(target)) {
            return Err(ApiError::forbidden("your power level is too low to kick this user"));
        }
        if !matches!(store.membership(room, target), Some(Membership::Join | Membership::Invite)) {
            return Err(ApiError::not_found(format!("{target} is not in the room")));
        }
        store.set_membership(room, &me.user, target, Membership::Leave, req.action_id.as_ref().map(|a| a.0.clone()));
        Ok(KickResponse {})
    })
}
