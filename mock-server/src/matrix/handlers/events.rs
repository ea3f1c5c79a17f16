//! Reading: the event stream (a long-poll that returns the moment an event
//! the caller may see exists) and the global initial sync.

use super::reading::{filtered, Filter};
use super::{Answer, BoxReply, Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{EventView, Membership, Store};
use serde::Serialize;
use serde_json::json;
use std::future::Future;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;
use tokio::sync::Notify;

pub fn handler(name: &str) -> Option<Handler> {
    match name {
        "events" => Some(Handler::Async(events)),
        "sync" => Some(Handler::Sync(sync)),
        _ => None,
    }
}

/// A stream token `s<position>`.
fn position(token: Option<&str>, field: &str) -> Result<Option<u64>, ApiError> {
    match token {
        None => Ok(None),
        Some(t) => t
            .strip_prefix('s')
            .and_then(|n| n.parse().ok())
            .map(Some)
            .ok_or_else(|| ApiError::bad_json(format!("field `{field}`: {t:?} is not a stream token"))),
    }
}

/// A page of the event stream.
#[derive(Serialize)]
struct Chunk<'a> {
    chunk: Vec<EventView<'a>>,
    next: String,
}

/// Events after `from` that `user` may see (and the filter keeps), and the
/// next token.
fn visible_after<'a>(store: &'a Store, user: &'a str, from: u64, filter: Option<&'a Filter>) -> Chunk<'a> {
    let seen = store.events.iter().skip(from as usize).filter(move |e| store.visible(e, user));
    Chunk { chunk: filtered(filter, seen, user).collect(), next: format!("s{}", store.events.len()) }
}

/// A long-poll's handle on its user's notifier, given back when the poll
/// ends (answered, timed out, or its client gone).
struct Waiting {
    app: App,
    user: String,
    notify: Arc<Notify>,
}

impl Waiting {
    fn new(app: &App, user: &str) -> Self {
        let notify = app.store().waiter(user);
        Waiting { app: app.clone(), user: user.to_string(), notify }
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
fn events(app: App, req: Incoming) -> BoxReply {
    Box::pin(async move {
        let user = req.me().user.clone();
        let from = match position(req.str("from"), "from")? {
            Some(p) => p,
            // No token: from now on.
            None => app.store().events.len() as u64,
        };
        let filter = Filter::of(&app.store(), req.str("filter"), &user)?;
        let timeout = Duration::from_millis(req.u64("timeout").unwrap_or(0).min(120_000));
        let deadline = tokio::time::Instant::now() + timeout;
        let waiting = Waiting::new(&app, &user);
        // Events before this position were looked at and none was visible.
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
                if !store.tokens.contains_key(&req.me().token) {
                    return Err(ApiError::unknown_token());
                }
                // A reset or an import can shorten the stream.
                looked = looked.min(store.events.len() as u64);
                let page = visible_after(&store, &user, looked, filter.as_ref());
                if !page.chunk.is_empty() || tokio::time::Instant::now() >= deadline {
                    return Ok(Answer::text(&page));
                }
                looked = store.events.len() as u64;
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
                let last = Answer::text(&visible_after(&app.store(), &user, looked, filter.as_ref()));
                return Ok(last);
            }
        }
    })
}

fn sync(app: &App, req: &Incoming) -> Reply {
    let user = req.me().user.clone();
    let since = position(req.str("since"), "since")?;
    let limit = req.u64("limit").unwrap_or(20).min(1000) as usize;
    let store = app.store();
    let filter = Filter::of(&store, req.str("filter"), &user)?;
    let mut rooms = Vec::new();
    let mut invites = Vec::new();
    for (id, room) in &store.rooms {
        if let Some(f) = &filter {
            if f.list("rooms").is_some_and(|rs| !rs.contains(&id.as_str())) {
                continue;
            }
        }
        let changed = |store: &Store| since.is_none_or(|s| room.timeline.iter().filter_map(|e| store.event(e)).any(|e| e.position > s));
        match room.members.get(&user) {
            Some(Membership::Join) if changed(&store) => {
                let newest = room.timeline.iter().rev().filter_map(|e| store.event(e)).filter(|e| since.is_none_or(|s| e.position > s));
                let mut recent: Vec<EventView> = filtered(filter.as_ref(), newest, &user).take(limit).collect();
                recent.reverse();
                let members = room.members.values().filter(|m| **m == Membership::Join).count();
                let end = format!("t{}", store.events.len() + 1);
                rooms.push(json!({ "room_id": id, "num_members": members, "state": store.room_state(id, &user), "messages": { "chunk": recent, "start": end.clone(), "end": end } }));
            }
            Some(Membership::Invite) if changed(&store) => {
                let invite = store.state_event(id, "m.room.member", &user).map(|e| e.view(&user));
                let mut entry = json!({ "room_id": id, "invite_event": invite });
                if let Some(n) = store.state_event(id, "m.room.name", "").and_then(|e| e.content()?.get("name").cloned()) {
                    entry["name"] = n;
                }
                if let Some(t) = store.state_event(id, "m.room.topic", "").and_then(|e| e.content()?.get("topic").cloned()) {
                    entry["topic"] = t;
                }
                invites.push(entry);
            }
            _ => {}
        }
    }
    Ok(json!({ "rooms": rooms, "invites": invites, "next": format!("s{}", store.events.len()) }).into())
}
