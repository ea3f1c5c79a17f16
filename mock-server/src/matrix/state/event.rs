//! Stored events, and an event as one viewer sees it.

use crate::engine::journal::Json;
use client_server_v2::{EventId, RoomId, UserId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub(super) fn parse(j: &Json) -> Value {
    serde_json::from_str(j.get()).expect("stored JSON was valid when stored")
}

/// A stored event; `action_id` is shown to the sender only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub position: u64,
    pub event_id: EventId,
    #[serde(rename = "type")]
    pub kind: String,
    pub room_id: Option<RoomId>,
    pub sender: UserId,
    pub content: Option<Json>,
    pub state_key: Option<String>,
    pub prev_content: Option<Json>,
    pub origin_server_ts: u64,
    pub action_id: Option<String>,
}

impl Event {
    /// The content, parsed (`None` for a deleted state event).
    pub fn content(&self) -> Option<Value> {
        self.content.as_ref().map(parse)
    }

    /// The event as `viewer` sees it.
    pub fn view_as<'a>(&'a self, viewer: &'a UserId) -> EventView<'a> {
        EventView { event: self, viewer, keys: None }
    }

    /// The event as `viewer` sees it, as the API's event type.
    pub fn view(&self, viewer: &UserId) -> client_server_v2::Event {
        self.view_as(viewer).typed()
    }
}

/// An event as one viewer sees it: the action ID only in the sender's own
/// stream, and of the optional keys only those a filter asks for (the keys
/// every event has, `event_id`, `type`, `sender` and `origin_server_ts`,
/// always stay: an answer is always of the API's event type).
#[derive(Clone, Copy)]
pub struct EventView<'a> {
    event: &'a Event,
    viewer: &'a UserId,
    keys: Option<&'a [String]>,
}

impl<'a> EventView<'a> {
    /// Only these keys (a filter's `keys`).
    pub fn only(self, keys: Option<&'a [String]>) -> Self {
        EventView { keys, ..self }
    }

    /// As the API's event type.
    pub fn typed(&self) -> client_server_v2::Event {
        let e = self.event;
        let shown = |k: &str| self.keys.is_none_or(|ks| ks.iter().any(|x| x == k));
        let content = e.content().filter(|_| shown("content"));
        client_server_v2::Event {
            event_id: e.event_id.clone(),
            type_: e.kind.clone(),
            room_id: e.room_id.clone().filter(|_| shown("room_id")),
            sender: e.sender.clone(),
            origin_server_ts: e.origin_server_ts,
            state_key: e.state_key.clone().filter(|_| shown("state_key")),
            prev_content: e.prev_content.as_ref().map(parse).filter(|_| shown("prev_content")),
            action_id: e.action_id.as_deref().filter(|_| *self.viewer == e.sender && shown("action_id")).map(Into::into),
            // Edits and comments are said in the content (`relates_to`).
            updates: None,
            relates_to: None,
            content,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::store::Store;
    use client_server_v2::UserId;
    use serde_json::json;

    #[test]
    fn action_ids_show_only_to_the_sender() {
        let mut s = Store::new("localhost");
        let e = s.append(None, &"@a:localhost".into(), "m.x", None, Some(&json!({})), Some("t1".into()));
        assert_eq!(e.view(&UserId::from("@a:localhost")).action_id, Some("t1".into()));
        assert!(e.view(&UserId::from("@b:localhost")).action_id.is_none());
    }
}
