//! People: profiles (a change reaches every room the user is in), presence
//! (reaching users who share a room), typing notices (expiring after their
//! timeout). Users change only their own.

use super::access::member;
use super::register::{typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{now_ms, Membership, Store};
use client_server_v2::presence_api::*;
use client_server_v2::typing_api::*;
use client_server_v2::user_profile_api::*;
use client_server_v2::{RoomId, UserId};
use serde_json::json;
use std::time::Duration;

pub fn handlers() -> Vec<Registered> {
    vec![
        typed::<SetDisplaynameRequest>(set_displayname),
        typed::<SetAvatarUrlRequest>(set_avatar_url),
        typed::<GetProfileRequest>(get_profile),
        typed::<SetPresenceRequest>(set_presence),
        typed::<GetPresenceRequest>(get_presence),
        typed::<TypingRequest>(typing),
    ]
}

/// The `{userId}` of the path, which must be the caller.
fn own<'a>(me: &Caller, user: &'a UserId, what: &str) -> Result<&'a UserId, ApiError> {
    if *user != me.user {
        return Err(ApiError::forbidden(format!("{} may not change the {what} of {user}", me.user)));
    }
    Ok(user)
}

/// The profile keys a user sets.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProfileKey {
    Displayname,
    AvatarUrl,
}

/// Sets a profile key and sends the new member event into every room the
/// user is in.
fn set_profile(app: &App, me: &Caller, user: &UserId, key: ProfileKey, value: String) -> Result<(), ApiError> {
    let user = own(me, user, "profile")?;
    let mut store = app.store();
    let account = store.accounts.get_mut(user).ok_or_else(|| ApiError::not_found(format!("no user {user}")))?;
    match key {
        ProfileKey::Displayname => account.displayname = Some(value),
        ProfileKey::AvatarUrl => account.avatar_url = Some(value),
    }
    let (name, avatar) = (account.displayname.clone(), account.avatar_url.clone());
    for room in store.joined_rooms(user) {
        let content = json!({ "membership": "join", "displayname": name, "avatar_url": avatar });
        store.append(Some(&room), user, "m.room.member", Some(user.as_str()), Some(&content), None);
    }
    Ok(())
}

fn set_displayname(app: &App, me: &Caller, req: SetDisplaynameRequest) -> Result<SetDisplaynameResponse, ApiError> {
    set_profile(app, me, &req.user_id, ProfileKey::Displayname, req.displayname)?;
    Ok(SetDisplaynameResponse {})
}

fn set_avatar_url(app: &App, me: &Caller, req: SetAvatarUrlRequest) -> Result<SetAvatarUrlResponse, ApiError> {
    set_profile(app, me, &req.user_id, ProfileKey::AvatarUrl, req.avatar_url)?;
    Ok(SetAvatarUrlResponse {})
}

fn get_profile(app: &App, _me: &Caller, req: GetProfileRequest) -> Result<GetProfileResponse, ApiError> {
    let user = &req.user_id;
    let store = app.store();
    let account = store.accounts.get(user).ok_or_else(|| ApiError::not_found(format!("no user {user}")))?;
    // Comma-separated on the wire; none: every key.
    let asked = |key: &str| req.keys.as_deref().is_none_or(|ks| ks.split(',').any(|k| k.trim() == key));
    Ok(GetProfileResponse {
        displayname: account.displayname.clone().filter(|_| asked("displayname")),
        avatar_url: account.avatar_url.clone().filter(|_| asked("avatar_url")),
    })
}

/// Any presence state: the spec lists "online, offline, away, busy, do not
/// disturb, etc", an open list (the type keeps other values as `Other`).
fn set_presence(app: &App, me: &Caller, req: SetPresenceRequest) -> Result<SetPresenceResponse, ApiError> {
    let user = own(me, &req.user_id, "presence")?;
    let presence = String::from(req.presence);
    let mut store = app.store();
    if let Some(a) = store.accounts.get_mut(user) {
        a.presence = Some(presence.clone());
    }
    store.append(None, user, "m.presence", None, Some(&json!({ "user_id": user, "presence": presence })), None);
    Ok(SetPresenceResponse {})
}

fn get_presence(app: &App, me: &Caller, req: GetPresenceRequest) -> Result<GetPresenceResponse, ApiError> {
    let user = &req.user_id;
    let store = app.store();
    if *user != me.user && !store.share_a_room(user, &me.user) {
        return Err(ApiError::forbidden(format!("{} shares no room with {user}", me.user)));
    }
    let account = store.accounts.get(user).ok_or_else(|| ApiError::not_found(format!("no user {user}")))?;
    Ok(GetPresenceResponse { presence: account.presence.clone().unwrap_or_else(|| "offline".into()) })
}

/// Sends the room's current typers as an `m.typing` event.
fn typing_event(store: &mut Store, room: &RoomId, sender: &UserId) {
    let now = now_ms();
    let typers = store.typing.entry(room.clone()).or_default();
    typers.retain(|_, deadline| *deadline > now);
    let ids: Vec<&UserId> = typers.keys().collect();
    let content = json!({ "user_ids": ids });
    store.append(Some(room), sender, "m.typing", None, Some(&content), None);
}

fn typing(app: &App, me: &Caller, req: TypingRequest) -> Result<TypingResponse, ApiError> {
    let user = own(me, &req.user_id, "typing notice")?.clone();
    let timeout = req.timeout.unwrap_or(30_000).min(600_000);
    let mut store = app.store();
    let room = member(&store, me, &req.room_id)?.clone();
    let deadline = now_ms() + timeout;
    let typers = store.typing.entry(room.clone()).or_default();
    if req.typing {
        typers.insert(user.clone(), deadline);
    } else {
        typers.remove(&user);
    }
    typing_event(&mut store, &room, &user);
    drop(store);
    if req.typing {
        // The notice expires: unless renewed, the user is dropped and the
        // room told so.
        let app = app.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(timeout)).await;
            let mut store = app.store();
            let current = store.typing.get(&room).and_then(|t| t.get(&user)).copied();
            if current == Some(deadline) && store.membership(&room, &user) == Some(Membership::Join) {
                store.typing.get_mut(&room).map(|t| t.remove(&user));
                typing_event(&mut store, &room, &user);
            }
        });
    }
    Ok(TypingResponse {})
}
