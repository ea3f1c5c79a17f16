//! Messages: send one or a batch (action IDs make retries idempotent; the
//! compact flag returns only the keys the server added), and scrollback.

use super::reading::{filtered, Filter};
use super::rooms::member;
use super::{content, once, Answer, Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{to_json, EventView, Store};
use serde_json::{json, Value};

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "send" => send,
        "send_batch" => send_batch,
        "messages" => messages,
        _ => return None,
    }))
}

fn send(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let compact = req.bool("compact").unwrap_or(false);
    let content = content(req.params.get("content"), "content")?;
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        let ev = store.append(Some(&room), &me, "m.room.message", None, Some(&content), req.str("action_id").map(str::to_string));
        Ok(if compact {
            json!({ "event_id": ev.event_id, "origin_server_ts": ev.origin_server_ts }).into()
        } else {
            Answer::text(&ev.view_as(&me))
        })
    })
}

fn send_batch(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let device = req.me().device.clone();
    let listed: Vec<Value> = req.value("messages").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut messages = Vec::with_capacity(listed.len());
    for (k, m) in listed.iter().enumerate() {
        if !m.is_object() {
            return Err(ApiError::bad_json(format!("field `messages[{k}]`: expected an object {{content, action_id?}}")));
        }
        let action = m.get("action_id").and_then(Value::as_str).map(str::to_string);
        messages.push((content(m.get("content"), &format!("messages[{k}].content"))?, action));
    }
    once(app, req, |store| {
        let room = member(store, req)?.to_string();
        let mut events = Vec::with_capacity(messages.len());
        for (content, action) in messages {
            // Each message's own action ID dedupes that message.
            let key = action.as_ref().map(|a| Store::action_key(&me, &device, "send", a));
            if let Some(first) = key.as_ref().and_then(|k| store.actions.get(k)) {
                events.push(first.clone());
                continue;
            }
            let view = to_json(&store.append(Some(&room), &me, "m.room.message", None, Some(&content), action).view_as(&me));
            if let Some(k) = key {
                store.actions.insert(k, view.clone());
            }
            events.push(view);
        }
        Ok(Answer::text(&json!({ "events": events })))
    })
}

/// Scrollback: newest first, before the `from` token (`t<position>`).
fn messages(app: &App, req: &Incoming) -> Reply {
    let me = req.me().user.clone();
    let store = app.store();
    let room = member(&store, req)?;
    let (limit, before) = super::page(req)?;
    let timeline = store.rooms.get(room).map(|r| r.timeline.as_slice()).unwrap_or_default();
    let filter = Filter::of(&store, req.str("filter"), &me)?;
    let older: Vec<_> = timeline
        .iter()
        .rev()
        .filter_map(|id| store.event(id))
        .filter(|e| e.position < before && filter.as_ref().is_none_or(|f| f.matches(e)))
        .collect();
    let page: Vec<EventView> = filtered(filter.as_ref(), older.iter().copied().take(limit), &me).collect();
    let start = format!("t{}", if before == u64::MAX { store.events.len() as u64 + 1 } else { before });
    let end = format!("t{}", older.get(page.len().saturating_sub(1)).map_or(0, |e| e.position));
    Ok(json!({ "chunk": page, "start": start, "end": end, "more": older.len() > page.len() }).into())
}
