//! The directory: room aliases (created by room members, deleted by their
//! creator or a room member) and the published room list, searched and paged
//! through a snapshot taken at the first page.

use super::access::member;
use super::aliases::{check_localpart, free_alias};
use super::register::{typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{Membership, Store};
use client_server_v2::published_room_list_api::*;
use client_server_v2::room_alias_api::*;
use client_server_v2::{PaginationToken, PublicRoom, RoomId};

pub fn handlers() -> Vec<Registered> {
    vec![
        typed::<ResolveAliasRequest>(resolve_alias),
        typed::<CreateAliasRequest>(create_alias),
        typed::<DeleteAliasRequest>(delete_alias),
        typed::<PublicRoomsRequest>(public_rooms),
    ]
}

fn resolve_alias(app: &App, _me: &Caller, req: ResolveAliasRequest) -> Result<ResolveAliasResponse, ApiError> {
    let alias = &req.room_alias;
    let store = app.store();
    let (room, _) = store.aliases.get(alias).ok_or_else(|| ApiError::not_found(format!("no room has the alias {alias}")))?;
    Ok(ResolveAliasResponse { room_id: room.clone(), servers: vec![store.server_name.clone()] })
}

fn create_alias(app: &App, me: &Caller, req: CreateAliasRequest) -> Result<CreateAliasResponse, ApiError> {
    check_localpart("localpart", &req.localpart)?;
    let mut store = app.store();
    let room = member(&store, me, &req.room_id)?.clone();
    let alias = free_alias(&store, &req.localpart)?;
    store.aliases.insert(alias.clone(), (room, me.user.clone()));
    Ok(CreateAliasResponse { room_alias: alias })
}

fn delete_alias(app: &App, me: &Caller, req: DeleteAliasRequest) -> Result<DeleteAliasResponse, ApiError> {
    let alias = &req.room_alias;
    let mut store = app.store();
    let (room, creator) = store.aliases.get(alias).cloned().ok_or_else(|| ApiError::not_found(format!("no alias {alias}")))?;
    if creator != me.user && !store.is_joined(&room, &me.user) {
        return Err(ApiError::forbidden("only the alias's creator or a member of the room may delete it"));
    }
    store.aliases.remove(alias);
    Ok(DeleteAliasResponse {})
}

/// What the list shows of a published room.
fn summary(store: &Store, id: &RoomId) -> PublicRoom {
    let text = |kind: &str, key: &str| store.state_event(id, kind, "").and_then(|e| e.content()?.get(key)?.as_str().map(str::to_string));
    let aliases = store.aliases.iter().filter(|(_, (r, _))| r == id).map(|(a, _)| a.clone()).collect();
    let users = store.rooms.get(id).into_iter().flat_map(|r| r.members.values()).filter(|m| **m == Membership::Join).count();
    PublicRoom {
        room_id: id.clone(),
        num_users: users as u64,
        name: text("m.room.name", "name"),
        topic: text("m.room.topic", "topic"),
        aliases,
    }
}

/// A page of the published room list: `p<snapshot>.<offset>`, parsed and
/// written here only.
struct ListPage {
    snapshot: u64,
    offset: usize,
}

impl ListPage {
    fn parse(token: &PaginationToken) -> Result<ListPage, ApiError> {
        let parsed = token
            .as_str()
            .strip_prefix('p')
            .and_then(|t| t.split_once('.'))
            .and_then(|(s, o)| Some(ListPage { snapshot: s.parse().ok()?, offset: o.parse().ok()? }));
        parsed.ok_or_else(|| ApiError::bad_json(format!("field `since`: {:?} is not a pagination token of this list", token.as_str())))
    }

    fn token(&self) -> PaginationToken {
        PaginationToken(format!("p{}.{}", self.snapshot, self.offset))
    }
}

fn public_rooms(app: &App, _me: &Caller, req: PublicRoomsRequest) -> Result<PublicRoomsResponse, ApiError> {
    let limit = req.limit.unwrap_or(10).clamp(1, 500) as usize;
    let mut store = app.store();
    let at = match &req.since {
        Some(token) => {
            let at = ListPage::parse(token)?;
            // A well-formed token of a list that is gone names nothing
            // that exists: a 404, as an unknown id.
            if store.snapshot(at.snapshot).is_none() {
                return Err(ApiError::not_found(format!(
                    "field `since`: {:?} has expired (a list is paged through for {} minutes; the newest {} lists are kept)",
                    token.as_str(),
                    crate::matrix::state::SNAPSHOT_TTL_MS / 60_000,
                    crate::matrix::state::SNAPSHOT_LIMIT
                )));
            }
            at
        }
        None => {
            // The first page takes a snapshot; later pages read it unchanged.
            let search = req.search.as_deref().unwrap_or_default().to_lowercase();
            let ids: Vec<RoomId> = store.rooms.iter().filter(|(_, r)| r.published).map(|(id, _)| id.clone()).collect();
            let rooms: Vec<PublicRoom> =
                ids.iter().map(|id| summary(&store, id)).filter(|room| search.is_empty() || matches(room, &search)).collect();
            ListPage { snapshot: store.keep_snapshot(rooms), offset: 0 }
        }
    };
    let rooms = store.snapshot(at.snapshot).map(|s| s.rooms.as_slice()).unwrap_or_default();
    let page: Vec<PublicRoom> = rooms.iter().skip(at.offset).take(limit).cloned().collect();
    let next = ListPage { snapshot: at.snapshot, offset: at.offset + limit };
    Ok(PublicRoomsResponse {
        next_token: (next.offset < rooms.len()).then(|| next.token()),
        total: rooms.len() as u64,
        page: (at.offset / limit + 1) as u64,
        rooms: page,
    })
}

/// Whether a search (lowercase) is found in what the list shows of a room.
fn matches(room: &PublicRoom, search: &str) -> bool {
    serde_json::to_string(room).unwrap_or_default().to_lowercase().contains(search)
}
