//! Reading: the event stream (a long-poll that returns the moment an event
//! the caller may see exists) and the global initial sync.

use super::reading::{filtered, Filter};
use super::register::{typed, waiting, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{Membership, Store, StreamToken};
use client_server_v2::event_stream_api::*;
use client_server_v2::global_initial_sync_api::*;
use client_server_v2::{Event, Invite, Messages, UserId};
use std::future::Future;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use tokio::sync::Notify;

pub fn handlers() -> Vec<Registered> {
    vec![waiting::<EventsRequest, _, _>(events), typed::<SyncRequest>(sync)]
}

/// Events after `from` that `user` may see (and the filter keeps), and the
/// next token.
fn visible_after(store: &Store, user: &UserId, from: StreamToken, filter: Option<&Filter>) -> EventsResponse {
    let seen = store.events.iter().skip(from.0 as usize).filter(|e| store.visible(e, user));
    EventsResponse { chunk: filtered(filter, seen, user).collect(), next: store.now().into() }
}

/// A long-poll's handle on its user's notifier, given back when the poll
/// ends (answered, timed out, or its client gone).
struct Waiting {
    app: App,
    user: UserId,
    notify: Arc<Notify>,
}

impl Waiting {
    fn new(app: &App, user: &UserId) -> Self {
        let notify = app.store().waiter(user);
        Waiting { app: app.clone(), user: user.clone(), notify }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.app.store().forget_waiter(&self.user, &self.notify);
    }
}

/// The event stream: answers at once when events after `from` are visible,
/// else waits until one is. Only events the caller may see wake the poll
/// (see [`Store::waiter`]), and each look reads only the events appended
/// since the last one (events already looked at stay unseen). A poll whose
/// token is revoked (or whose account is deleted) while it waits ends with
/// 401 `M_UNKNOWN_TOKEN`.
async fn events(app: App, me: Caller, req: EventsRequest) -> Result<EventsResponse, ApiError> {
    let user = me.user.clone();
    let from = match StreamToken::read(req.from.as_ref(), "from")? {
        Some(p) => p,
        // No token: from now on.
        None => app.store().now(),
    };
    let filter = Filter::of(&app.store(), req.filter.as_ref(), &user)?;
    let timeout = Duration::from_millis(req.timeout.unwrap_or(0).min(120_000));
    let deadline = tokio::time::Instant::now() + timeout;
    let waiting = Waiting::new(&app, &user);
    // Events at or before this point were looked at and none was visible.
    let mut looked = from;
    loop {
        // Registered before looking, so an event between the look and
        // the wait still wakes us. A reset or an import wakes every poll.
        let mine = waiting.notify.notified();
        let everyone = app.0.events.notified();
        tokio::pin!(mine, everyone);
        mine.as_mut().enable();
        everyone.as_mut().enable();
        {
            let store = app.store();
            // A token revoked while the poll waits ends it.
            if !store.tokens.contains_key(&me.token) {
                return Err(ApiError::unknown_token());
            }
            // A reset or an import can shorten the stream.
            looked = looked.min(store.now());
            let page = visible_after(&store, &user, looked, filter.as_ref());
            if !page.chunk.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(page);
            }
            looked = store.now();
        }
        let woken = std::future::poll_fn(|cx| {
            if mine.as_mut().poll(cx).is_ready() || everyone.as_mut().poll(cx).is_ready() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        });
        if tokio::time::timeout_at(deadline, woken).await.is_err() {
            // The lock is let go before `waiting` takes it to leave.
            let last = visible_after(&app.store(), &user, looked, filter.as_ref());
            return Ok(last);
        }
    }
}

fn sync(app: &App, me: &Caller, req: SyncRequest) -> Result<SyncResponse, ApiError> {
    let user = &me.user;
    let since = StreamToken::read(req.since.as_ref(), "since")?;
    let limit = req.limit.unwrap_or(20).min(1000) as usize;
    let store = app.store();
    let filter = Filter::of(&store, req.filter.as_ref(), user)?;
    let mut rooms = Vec::new();
    let mut invites = Vec::new();
    // Whether an event is new to this sync.
    let new = |position: u64| since.is_none_or(|s| s.is_before(position));
    for (id, room) in &store.rooms {
        if let Some(f) = &filter {
            if f.list("rooms").is_some_and(|rs| !rs.contains(&id.as_str())) {
                continue;
            }
        }
        let changed = || room.timeline.iter().filter_map(|e| store.event(e)).any(|e| new(e.position));
        match room.members.get(user) {
            Some(Membership::Join) if changed() => {
                let newest = room.timeline.iter().rev().filter_map(|e| store.event(e)).filter(|e| new(e.position));
                let mut recent: Vec<Event> = filtered(filter.as_ref(), newest, user).take(limit).collect();
                recent.reverse();
                let members = room.members.values().filter(|m| **m == Membership::Join).count();
                let now = store.now();
                rooms.push(SyncResponseRoom {
                    room_id: id.clone(),
                    num_members: members as u64,
                    state: store.room_state(id, user),
                    messages: Messages { chunk: recent, start: now.into(), end: now.into() },
                });
            }
            Some(Membership::Invite) if changed() => {
                let Some(invite) = store.state_event(id, "m.room.member", user.as_str()) else { continue };
                let text = |kind: &str, key: &str| store.state_event(id, kind, "")?.content()?.get(key)?.as_str().map(str::to_string);
                invites.push(Invite {
                    room_id: id.clone(),
                    invite_event: invite.view(user),
                    name: text("m.room.name", "name"),
                    topic: text("m.room.topic", "topic"),
                });
            }
            _ => {}
        }
    }
    Ok(SyncResponse { rooms, invites, next: store.now().into() })
}
