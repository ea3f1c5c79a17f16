//! Rooms: create, join (by room ID, alias or invite event), invite, leave,
//! kick. Only members act in a room; kicks respect power levels.

use super::directory::{check_localpart, free_alias};
use super::{once, Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{Membership, Room, Store};
use serde_json::{json, Value};

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "create_room" => create_room,
        "join" => join,
        "invite" => invite,
        "leave" => leave,
        "kick" => kick,
        _ => return None,
    }))
}

/// The room's current power levels (`null` if none are set).
pub fn levels(store: &Store, room: &str) -> Value {
    store.state_event(room, "m.room.power_levels", "").and_then(|e| e.content()).unwrap_or(Value::Null)
}

/// The power level of `user` in `room` (the creator 100, others the
/// `users_default`, 0 unless set).
pub fn power(store: &Store, room: &str, user: &str) -> i64 {
    let levels = levels(store, room);
    levels["users"][user].as_i64().unwrap_or_else(|| levels["users_default"].as_i64().unwrap_or(0))
}

/// The level an action needs (`kick`, `invite`, `state_default` …).
pub fn required(store: &Store, room: &str, action: &str, default: i64) -> i64 {
    levels(store, room).get(action).and_then(Value::as_i64).unwrap_or(default)
}

/// The caller must be joined to the room (which must exist).
pub fn member<'a>(store: &Store, req: &'a Incoming) -> Result<&'a str, ApiError> {
    let room = req.str("roomId").unwrap_or_default();
    if !store.rooms.contains_key(room) || !store.is_joined(room, &req.me().user) {
        // The same answer whether the room exists or not: no probing.
        return Err(ApiError::forbidden(format!("{} is not in room {room}", req.me().user)));
    }
    Ok(room)
}

/// The `invitees` of a new room: each once, never the creator.
fn invitees(req: &Incoming, creator: &str) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let listed = req.value("invitees").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
    listed.filter(|u| *u != creator && seen.insert(*u)).map(str::to_string).collect()
}

fn create_room(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    once(app, req, |store| {
        let alias = match req.str("alias_localpart") {
            Some(local) => {
                check_localpart("alias_localpart", local)?;
                Some(free_alias(store, local)?)
            }
            None => None,
        };
        let invitees = invitees(req, &me);
        if let Some(unknown) = invitees.iter().find(|u| !store.accounts.contains_key(*u)) {
            return Err(ApiError::not_found(format!("no user {unknown}")));
        }
        let room = store.new_room_id();
        store
            .rooms
            .insert(room.clone(), Room { creator: me.clone(), published: req.bool("published").unwrap_or(false), ..Room::default() });
        store.append(Some(&room), &me, "m.room.create", Some(""), Some(&json!({ "creator": me })), None);
        store.set_membership(&room, &me, &me, Membership::Join, None);
        let levels =
            json!({ "users": { me.clone(): 100 }, "users_default": 0, "kick": 50, "invite": 0, "state_default": 50, "events_default": 0 });
        store.append(Some(&room), &me, "m.room.power_levels", Some(""), Some(&levels), None);
        if let Some(name) = req.str("name") {
            store.append(Some(&room), &me, "m.room.name", Some(""), Some(&json!({ "name": name })), None);
        }
        if let Some(topic) = req.str("topic") {
            store.append(Some(&room), &me, "m.room.topic", Some(""), Some(&json!({ "topic": topic })), None);
        }
        if let Some(alias) = alias {
            store.aliases.insert(alias.clone(), (room.clone(), me.clone()));
            store.append(Some(&room), &me, "m.room.aliases", Some(&store.server_name.clone()), Some(&json!({ "aliases": [alias] })), None);
        }
        for u in &invitees {
            store.set_membership(&room, &me, u, Membership::Invite, None);
        }
        Ok(json!({ "room_id": room }).into())
    })
}

/// A room ID, an alias, or an invite event ID, to a room ID.
fn resolve(store: &Store, target: &str, user: &str) -> Result<String, ApiError> {
    match target.chars().next() {
        Some('!') if store.rooms.contains_key(target) => Ok(target.to_string()),
        Some('#') => {
            store.aliases.get(target).map(|(r, _)| r.clone()).ok_or_else(|| ApiError::not_found(format!("no room has the alias {target}")))
        }
        Some('$') => match store.event(target) {
            Some(e) if e.kind == "m.room.member" && e.state_key.as_deref() == Some(user) => {
                e.room_id.clone().ok_or_else(|| ApiError::not_found("not an invite"))
            }
            _ => Err(ApiError::not_found(format!("{target} is not an invite for {user}"))),
        },
        _ => Err(ApiError::not_found(format!("no room {target}"))),
    }
}

fn join(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let mut store = app.store();
    let room = resolve(&store, req.str("roomIdOrAliasOrInviteEventId").unwrap_or_default(), &me)?;
    let r = store.rooms.get(&room).ok_or_else(|| ApiError::not_found(format!("no room {room}")))?;
    let allowed = r.published || r.creator == me || matches!(r.members.get(&me), Some(Membership::Invite | Membership::Join));
    if !allowed {
        return Err(ApiError::forbidden(format!("{me} is not invited to {room}")));
    }
    if !store.is_joined(&room, &me) {
        store.set_membership(&room, &me, &me, Membership::Join, None);
    }
    let state = store.room_state(&room, &me);
    let chunk: Vec<Value> = store
        .rooms
        .get(&room)
        .into_iter()
        .flat_map(|r| r.timeline.iter().rev().take(20))
        .filter_map(|id| store.event(id))
        .map(|e| e.view(&me))
        .collect();
    let end = format!("s{}", store.events.len());
    Ok(json!({ "room_id": room, "state": state, "messages": { "chunk": chunk, "start": end.clone(), "end": end } }).into())
}

fn invite(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let target = req.str("user_id").unwrap_or_default().to_string();
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        if power(store, &room, &me) < required(store, &room, "invite", 0) {
            return Err(ApiError::forbidden("your power level is too low to invite"));
        }
        let Some(account) = store.accounts.get(&target) else { return Err(ApiError::not_found(format!("no user {target}"))) };
        let (displayname, avatar) = (account.displayname.clone(), account.avatar_url.clone());
        if store.is_joined(&room, &target) {
            return Err(ApiError::forbidden(format!("{target} is already in the room")));
        }
        store.set_membership(&room, &me, &target, Membership::Invite, req.str("action_id").map(str::to_string));
        let mut out = json!({});
        if let Some(d) = displayname {
            out["displayname"] = json!(d);
        }
        if let Some(a) = avatar {
            out["avatar_url"] = json!(a);
        }
        Ok(out.into())
    })
}

fn leave(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    once(app, req, |store| {
        let room = req.str("roomId").unwrap_or_default().to_string();
        match store.membership(&room, &me) {
            Some(Membership::Join | Membership::Invite) => {
                store.set_membership(&room, &me, &me, Membership::Leave, req.str("action_id").map(str::to_string));
                Ok(json!({}).into())
            }
            _ => Err(ApiError::forbidden(format!("{me} is not in room {room}"))),
        }
    })
}

fn kick(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let target = req.str("user_id").unwrap_or_default().to_string();
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        let mine = power(store, &room, &me);
        if mine < required(store, &room, "kick", 50) || (target != me && mine <= power(store, &room, &target)) {
            return Err(ApiError::forbidden("your power level is too low to kick this user"));
        }
        if !matches!(store.membership(&room, &target), Some(Membership::Join | Membership::Invite)) {
            return Err(ApiError::not_found(format!("{target} is not in the room")));
        }
        store.set_membership(&room, &me, &target, Membership::Leave, req.str("action_id").map(str::to_string));
        Ok(json!({}).into())
    })
}
