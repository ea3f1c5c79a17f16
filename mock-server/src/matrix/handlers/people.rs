//! People: profiles (a change reaches every room the user is in), presence
//! (reaching users who share a room), typing notices (expiring after their
//! timeout). Users change only their own.

use super::rooms::member;
use super::{Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{now_ms, Membership, Store};
use serde_json::{json, Value};
use std::time::Duration;

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "set_displayname" => set_displayname,
        "set_avatar_url" => set_avatar_url,
        "get_profile" => get_profile,
        "set_presence" => set_presence,
        "get_presence" => get_presence,
        "typing" => typing,
        _ => return None,
    }))
}

/// The presence states of the binding.
const PRESENCE: [&str; 5] = ["online", "offline", "away", "busy", "do_not_disturb"];

fn own<'a>(req: &'a Incoming, what: &str) -> Result<&'a str, ApiError> {
    let user = req.str("userId").unwrap_or_default();
    if user != req.me().user {
        return Err(ApiError::forbidden(format!("{} may not change the {what} of {user}", req.me().user)));
    }
    Ok(user)
}

/// Sets a profile key and sends the new member event into every room the
/// user is in.
fn set_profile(app: &App, req: &Incoming, key: &str) -> Reply {
    let user = own(req, "profile")?.to_string();
    let value = req.str(key).unwrap_or_default().to_string();
    let mut store = app.store();
    let account = store.accounts.get_mut(&user).ok_or_else(|| ApiError::not_found(format!("no user {user}")))?;
    if key == "displayname" {
        account.displayname = Some(value);
    } else {
        account.avatar_url = Some(value);
    }
    let (name, avatar) = (account.displayname.clone(), account.avatar_url.clone());
    for room in store.joined_rooms(&user) {
        let content = json!({ "membership": "join", "displayname": name, "avatar_url": avatar });
        store.append(Some(&room), &user, "m.room.member", Some(&user), Some(&content), None);
    }
    Ok(json!({}).into())
}

fn set_displayname(app: &App, req: &Incoming) -> Reply {
    set_profile(app, req, "displayname")
}

fn set_avatar_url(app: &App, req: &Incoming) -> Reply {
    set_profile(app, req, "avatar_url")
}

fn get_profile(app: &App, req: &Incoming) -> Reply {
    let user = req.str("userId").unwrap_or_default();
    let store = app.store();
    let account = store.accounts.get(user).ok_or_else(|| ApiError::not_found(format!("no user {user}")))?;
    let keys: Vec<&str> = req.str("keys").map_or(vec!["displayname", "avatar_url"], |k| k.split(',').map(str::trim).collect());
    let mut out = json!({});
    if let (true, Some(d)) = (keys.contains(&"displayname"), &account.displayname) {
        out["displayname"] = json!(d);
    }
    if let (true, Some(a)) = (keys.contains(&"avatar_url"), &account.avatar_url) {
        out["avatar_url"] = json!(a);
    }
    Ok(out.into())
}

fn set_presence(app: &App, req: &Incoming) -> Reply {
    let user = own(req, "presence")?.to_string();
    let presence = req.str("presence").unwrap_or_default().to_string();
    if !PRESENCE.contains(&presence.as_str()) {
        return Err(ApiError::bad_json(format!("field `presence`: {presence:?} is not one of {}", PRESENCE.join(", "))));
    }
    let mut store = app.store();
    if let Some(a) = store.accounts.get_mut(&user) {
        a.presence = Some(presence.clone());
    }
    store.append(None, &user, "m.presence", None, Some(&json!({ "user_id": user, "presence": presence })), None);
    Ok(json!({}).into())
}

fn get_presence(app: &App, req: &Incoming) -> Reply {
    let user = req.str("userId").unwrap_or_default();
    let store = app.store();
    let me = &req.me().user;
    if user != me && !store.share_a_room(user, me) {
        return Err(ApiError::forbidden(format!("{me} shares no room with {user}")));
    }
    let account = store.accounts.get(user).ok_or_else(|| ApiError::not_found(format!("no user {user}")))?;
    Ok(json!({ "presence": account.presence.clone().unwrap_or_else(|| "offline".into()) }).into())
}

/// Sends the room's current typers as an `m.typing` event.
fn typing_event(store: &mut Store, room: &str, sender: &str) {
    let now = now_ms();
    let typers = store.typing.entry(room.to_string()).or_default();
    typers.retain(|_, deadline| *deadline > now);
    let ids: Vec<Value> = typers.keys().map(|u| json!(u)).collect();
    store.append(Some(room), sender, "m.typing", None, Some(&json!({ "user_ids": ids })), None);
}

fn typing(app: &App, req: &Incoming) -> Reply {
    let user = own(req, "typing notice")?.to_string();
    let is_typing = req.bool("typing").unwrap_or(false);
    let timeout = req.u64("timeout").unwrap_or(30_000).min(600_000);
    let mut store = app.store();
    let room = member(&store, req)?.to_string();
    let deadline = now_ms() + timeout;
    let typers = store.typing.entry(room.clone()).or_default();
    if is_typing {
        typers.insert(user.clone(), deadline);
    } else {
        typers.remove(&user);
    }
    typing_event(&mut store, &room, &user);
    drop(store);
    if is_typing {
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
    Ok(json!({}).into())
}
