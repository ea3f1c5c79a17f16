//! Messages: send one or a batch (action IDs make retries idempotent; the
//! compact flag returns only the keys the server added), and scrollback.

use super::access::member;
use super::actions::{kept, once};
use super::params::{content, page};
use super::reading::{filtered, Filter};
use super::register::{typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{to_json, Event, Store, StreamToken};
use client_server_v2::scrollback_api::*;
use client_server_v2::send_a_message::*;
use client_server_v2::support::Request;
use serde_json::Value;

pub fn handlers() -> Vec<Registered> {
    vec![typed::<SendRequest>(send), typed::<SendBatchRequest>(send_batch), typed::<MessagesRequest>(messages)]
}

/// A message as its sender sees it (`compact`: only the keys the server
/// added), from the stored event and the content it was sent with (the
/// stored copy is not parsed back).
fn sent(ev: &Event, content: &Value, compact: bool) -> SendResponse {
    let mut answer = SendResponse {
        event_id: ev.event_id.clone(),
        origin_server_ts: ev.origin_server_ts,
        type_: None,
        room_id: None,
        sender: None,
        content: None,
        action_id: None,
    };
    if !compact {
        answer.type_ = Some(ev.kind.clone());
        answer.room_id = ev.room_id.clone();
        answer.sender = Some(ev.sender.clone());
        answer.content = Some(content.clone());
        // The sender's own answer: their action ID shows.
        answer.action_id = ev.action_id.as_deref().map(Into::into);
    }
    answer
}

fn send(app: &App, me: &Caller, req: SendRequest) -> Result<SendResponse, ApiError> {
    let compact = req.compact.unwrap_or(false);
    let content = &content(&req.content);
    once(app, me, &req, req.action_id.as_ref(), |store| {
        let room = member(store, me, &req.room_id)?;
        let action = req.action_id.as_ref().map(|a| a.0.clone());
        let ev = store.append(Some(room), &me.user, "m.room.message", None, Some(content), action);
        Ok(sent(ev, content, compact))
    })
}

fn send_batch(app: &App, me: &Caller, req: SendBatchRequest) -> Result<SendBatchResponse, ApiError> {
    let messages: Vec<(Value, _)> = req.messages.iter().map(|m| (content(&m.content), m.action_id.as_ref())).collect();
    let mut store = app.store();
    let store = &mut *store;
    let room = member(store, me, &req.room_id)?;
    let mut events = Vec::with_capacity(messages.len());
    for (content, action) in messages {
        // Each message's own action ID dedupes that message, as a `send`.
        // Keyed as a `send` to the same room (its path), so a batch and a
        // send share their action IDs; a message is not checked against
        // the request it first came with (a send's and a batch's differ).
        let send_path = SendRequest::ENDPOINT.path.replace("{roomId}", &client_server_v2::support::percent_encode(&req.room_id.0));
        let key =
            action.map(|a| Store::action_retry(&me.user, &me.device, SendRequest::ENDPOINT.name, &send_path, a.as_str(), &Value::Null).key);
        if let Some(first) = key.as_ref().and_then(|k| store.actions.get(k)) {
            let first: SendResponse = kept(first, SendRequest::ENDPOINT.name)?;
            let ev = store.event(&first.event_id).ok_or_else(|| ApiError::not_found(format!("event {} is gone", first.event_id)))?;
            events.push(ev.view(&me.user));
            continue;
        }
        let ev = store.append(Some(room), &me.user, "m.room.message", None, Some(&content), action.map(|a| a.0.clone()));
        let view = ev.view(&me.user);
        if let Some(k) = key {
            let answer = to_json(&sent(ev, &content, false));
            store.actions.insert(k, answer);
        }
        events.push(view);
    }
    Ok(SendBatchResponse { events })
}

/// Scrollback: newest first, at or before the `from` token.
fn messages(app: &App, me: &Caller, req: MessagesRequest) -> Result<MessagesResponse, ApiError> {
    let store = app.store();
    let room = member(&store, me, &req.room_id)?;
    let (limit, from) = page(req.limit, req.from.as_ref())?;
    let from = from.unwrap_or(store.now());
    let timeline = store.rooms.get(room).map(|r| r.timeline.as_slice()).unwrap_or_default();
    let filter = Filter::of(&store, req.filter.as_ref(), &me.user)?;
    let older: Vec<&Event> = timeline
        .iter()
        .rev()
        .filter_map(|id| store.event(id))
        .filter(|e| !from.is_before(e.position) && filter.as_ref().is_none_or(|f| f.matches(e)))
        .collect();
    let chunk: Vec<_> = filtered(filter.as_ref(), older.iter().copied().take(limit), &me.user).collect();
    // Reading on from the oldest event given leaves it out.
    let end = older.get(chunk.len().saturating_sub(1)).map_or(StreamToken(0), |e| StreamToken::before(e.position));
    let more = older.len() > chunk.len();
    Ok(MessagesResponse { chunk, start: from.into(), end: end.into(), more })
}
