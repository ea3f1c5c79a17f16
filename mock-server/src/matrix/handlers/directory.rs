//! The directory: room aliases (created by room members, deleted by their
//! creator or a room member) and the published room list, searched and paged
//! through a snapshot taken at the first page.

use super::rooms::member;
use super::{Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::Store;
use serde_json::{json, Value};

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "resolve_alias" => resolve_alias,
        "create_alias" => create_alias,
        "delete_alias" => delete_alias,
        "public_rooms" => public_rooms,
        _ => return None,
    }))
}

fn resolve_alias(app: &App, req: &Incoming) -> Reply {
    let alias = req.str("roomAlias").unwrap_or_default();
    let store = app.store();
    let (room, _) = store.aliases.get(alias).ok_or_else(|| ApiError::not_found(format!("no room has the alias {alias}")))?;
    Ok(json!({ "room_id": room, "servers": [store.server_name] }).into())
}

/// The one alias rule, for `POST /rooms/{id}/aliases` and `createRoom`:
/// a localpart (given in `field`) is letters, digits or `._=-`.
pub fn check_localpart(field: &str, local: &str) -> Result<(), ApiError> {
    if local.is_empty() || !local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._=-".contains(&b)) {
        return Err(ApiError::bad_json(format!("field `{field}`: use letters, digits or `._=-`")));
    }
    Ok(())
}

/// The alias of a checked localpart, if it is free.
pub fn free_alias(store: &Store, local: &str) -> Result<String, ApiError> {
    let alias = format!("#{local}:{}", store.server_name);
    if store.aliases.contains_key(&alias) {
        return Err(ApiError::in_use(format!("{alias} is taken")));
    }
    Ok(alias)
}

fn create_alias(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let local = req.str("localpart").unwrap_or_default();
    check_localpart("localpart", local)?;
    let mut store = app.store();
    let room = member(&store, req)?.to_string();
    let alias = free_alias(&store, local)?;
    store.aliases.insert(alias.clone(), (room, me));
    Ok(json!({ "room_alias": alias }).into())
}

fn delete_alias(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let alias = req.str("roomAlias").unwrap_or_default().to_string();
    let mut store = app.store();
    let (room, creator) = store.aliases.get(&alias).cloned().ok_or_else(|| ApiError::not_found(format!("no alias {alias}")))?;
    if creator != me && !store.is_joined(&room, &me) {
        return Err(ApiError::forbidden("only the alias's creator or a member of the room may delete it"));
    }
    store.aliases.remove(&alias);
    Ok(json!({}).into())
}

/// What the list shows of a published room.
fn summary(store: &Store, id: &str) -> Value {
    let text = |kind: &str, key: &str| store.state_event(id, kind, "").and_then(|e| e.content()?.get(key).cloned());
    let aliases: Vec<&String> = store.aliases.iter().filter(|(_, (r, _))| r == id).map(|(a, _)| a).collect();
    let users = store.rooms.get(id).into_iter().flat_map(|r| r.members.values()).filter(|m| **m == crate::state::Membership::Join).count();
    let mut v = json!({ "room_id": id, "num_users": users, "aliases": aliases });
    if let Some(n) = text("m.room.name", "name") {
        v["name"] = n;
    }
    if let Some(t) = text("m.room.topic", "topic") {
        v["topic"] = t;
    }
    v
}

fn public_rooms(app: &App, req: &Incoming) -> Reply {
    let limit = req.u64("limit").unwrap_or(10).clamp(1, 500) as usize;
    let mut store = app.store();
    let (snapshot, offset) = match req.str("since") {
        Some(token) => {
            let parsed = token
                .strip_prefix('p')
                .and_then(|t| t.split_once('.'))
                .and_then(|(s, o)| Some((s.parse::<u64>().ok()?, o.parse::<usize>().ok()?)));
            let (id, offset) =
                parsed.ok_or_else(|| ApiError::bad_json(format!("field `since`: {token:?} is not a pagination token of this list")))?;
            if store.snapshot(id).is_none() {
                return Err(ApiError::bad_json(format!(
                    "field `since`: {token:?} has expired (a list is paged through for {} minutes; the newest {} lists are kept)",
                    crate::state::SNAPSHOT_TTL_MS / 60_000,
                    crate::state::SNAPSHOT_LIMIT
                )));
            }
            (id, offset)
        }
        None => {
            // The first page takes a snapshot; later pages read it unchanged.
            let search = req.str("search").unwrap_or_default().to_lowercase();
            let ids: Vec<String> = store.rooms.iter().filter(|(_, r)| r.published).map(|(id, _)| id.clone()).collect();
            let rooms: Vec<Value> = ids
                .iter()
                .map(|id| summary(&store, id))
                .filter(|v| search.is_empty() || v.to_string().to_lowercase().contains(&search))
                .collect();
            (store.keep_snapshot(rooms), 0)
        }
    };
    let rooms = store.snapshot(snapshot).map(|s| s.rooms.as_slice()).unwrap_or_default();
    let page: Vec<Value> = rooms.iter().skip(offset).take(limit).cloned().collect();
    let mut out = json!({ "rooms": page, "total": rooms.len(), "page": offset / limit + 1 });
    if offset + limit < rooms.len() {
        out["next_token"] = json!(format!("p{snapshot}.{}", offset + limit));
    }
    Ok(out.into())
}
