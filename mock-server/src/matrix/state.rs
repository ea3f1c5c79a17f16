//! The one state store: accounts, devices and tokens, rooms, the event
//! stream, action IDs, the journal. Handlers change it through the methods
//! here, under one lock, so every change is whole or not at all.
//!
//! Invariant: `events[i]` has stream position `i + 1`; positions only grow,
//! and a room's timeline lists its events in stream order.

pub use crate::engine::journal::{now_ms, random_token, to_json, JournalEntry, Json, JOURNAL_LIMIT};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Device {
    pub created_ts: u64,
    pub last_used_ts: u64,
    pub tokens: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Account {
    pub password: String,
    pub devices: BTreeMap<String, Device>,
    pub displayname: Option<String>,
    pub avatar_url: Option<String>,
    pub presence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Membership {
    Invite,
    Join,
    Leave,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Room {
    pub creator: String,
    pub members: BTreeMap<String, Membership>,
    /// (type, state_key) → event id of the current state event.
    pub state: BTreeMap<String, BTreeMap<String, String>>,
    /// Event ids in stream order.
    pub timeline: Vec<String>,
    pub published: bool,
}

fn parse(j: &Json) -> Value {
    serde_json::from_str(j.get()).expect("stored JSON was valid when stored")
}

/// A stored event; `action_id` is shown to the sender only.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Event {
    pub position: u64,
    pub event_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub room_id: Option<String>,
    pub sender: String,
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

    /// The event as `viewer` sees it, ready to serialise.
    pub fn view_as<'a>(&'a self, viewer: &'a str) -> EventView<'a> {
        EventView { event: self, viewer, keys: None }
    }

    /// The event as `viewer` sees it, as a JSON tree.
    pub fn view(&self, viewer: &str) -> Value {
        serde_json::to_value(self.view_as(viewer)).expect("an event always serialises")
    }
}

/// An event as one viewer sees it, serialised straight from the store (the
/// stored contents are written as they are, never parsed): the action ID
/// only in the sender's own stream, and only the `keys` a filter asks for.
/// Keys come in sorted order, as in a JSON tree.
#[derive(Clone, Copy)]
pub struct EventView<'a> {
    event: &'a Event,
    viewer: &'a str,
    keys: Option<&'a [String]>,
}

impl<'a> EventView<'a> {
    /// Only these keys (a filter's `keys`).
    pub fn only(self, keys: Option<&'a [String]>) -> Self {
        EventView { keys, ..self }
    }
}

impl Serialize for EventView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let e = self.event;
        let shown = |k: &str| self.keys.is_none_or(|ks| ks.iter().any(|x| x == k));
        let mut m = s.serialize_map(None)?;
        if let (Some(a), true, true) = (&e.action_id, self.viewer == e.sender, shown("action_id")) {
            m.serialize_entry("action_id", a)?;
        }
        if let (Some(c), true) = (&e.content, shown("content")) {
            m.serialize_entry("content", c)?;
        }
        if shown("event_id") {
            m.serialize_entry("event_id", &e.event_id)?;
        }
        if shown("origin_server_ts") {
            m.serialize_entry("origin_server_ts", &e.origin_server_ts)?;
        }
        if let (Some(p), true) = (&e.prev_content, shown("prev_content")) {
            m.serialize_entry("prev_content", p)?;
        }
        if let (Some(r), true) = (&e.room_id, shown("room_id")) {
            m.serialize_entry("room_id", r)?;
        }
        if shown("sender") {
            m.serialize_entry("sender", &e.sender)?;
        }
        if let (Some(k), true) = (&e.state_key, shown("state_key")) {
            m.serialize_entry("state_key", k)?;
        }
        if shown("type") {
            m.serialize_entry("type", &e.kind)?;
        }
        m.end()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Store {
    pub server_name: String,
    pub accounts: BTreeMap<String, Account>,
    /// Access token → (user, device).
    pub tokens: HashMap<String, (String, String)>,
    pub rooms: BTreeMap<String, Room>,
    pub events: Vec<Event>,
    #[serde(skip)]
    pub event_index: HashMap<String, usize>,
    /// (user, device, action id) → the first answer.
    pub actions: BTreeMap<String, Json>,
    /// Room alias → (room, the user who made it).
    pub aliases: BTreeMap<String, (String, String)>,
    /// Room → user → typing deadline (ms since the epoch).
    pub typing: BTreeMap<String, BTreeMap<String, u64>>,
    /// Filter token → (owner, the filter as created).
    pub filters: BTreeMap<String, (String, Value)>,
    /// Published-room list snapshots, by id: paged through unchanged.
    pub snapshots: BTreeMap<u64, Vec<Value>>,
    /// The most recent requests (at most [`JOURNAL_LIMIT`]).
    pub journal: std::collections::VecDeque<JournalEntry>,
    pub next_id: u64,
}

impl Store {
    pub fn new(server_name: &str) -> Self {
        Store { server_name: server_name.to_string(), ..Store::default() }
    }

    /// Rebuilds what is not stored (after an import).
    pub fn reindex(&mut self) {
        self.event_index = self.events.iter().enumerate().map(|(i, e)| (e.event_id.clone(), i)).collect();
    }

    /// A new ID: unique, not secret (tokens are the secrets), so a counter.
    fn fresh(&mut self, sigil: char) -> String {
        self.next_id += 1;
        format!("{sigil}{}:{}", self.next_id, self.server_name)
    }

    pub fn user_id(&self, localpart: &str) -> String {
        format!("@{localpart}:{}", self.server_name)
    }

    pub fn new_room_id(&mut self) -> String {
        self.fresh('!')
    }

    /// A new device (or a known one) with a new token for `user`.
    pub fn issue_token(&mut self, user: &str, device: Option<String>) -> (String, String) {
        let device = device.unwrap_or_else(|| format!("DEV{}", &random_token()[..10].to_ascii_uppercase()));
        let token = random_token();
        let now = now_ms();
        let acc = self.accounts.get_mut(user).expect("caller checked the account");
        let d = acc.devices.entry(device.clone()).or_insert_with(|| Device { created_ts: now, ..Device::default() });
        d.last_used_ts = now;
        d.tokens.insert(token.clone());
        self.tokens.insert(token.clone(), (user.to_string(), device.clone()));
        (token, device)
    }

    pub fn revoke(&mut self, token: &str) -> bool {
        match self.tokens.remove(token) {
            Some((user, device)) => {
                if let Some(d) = self.accounts.get_mut(&user).and_then(|a| a.devices.get_mut(&device)) {
                    d.tokens.remove(token);
                }
                true
            }
            None => false,
        }
    }

    /// Appends an event to the stream (and to its room's timeline and state).
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        room: Option<&str>,
        sender: &str,
        kind: &str,
        state_key: Option<&str>,
        content: Option<&Value>,
        action_id: Option<String>,
    ) -> &Event {
        let event_id = self.fresh('$');
        let position = self.events.len() as u64 + 1;
        let prev_content = match (room, state_key) {
            (Some(r), Some(k)) => self.state_event(r, kind, k).and_then(|e| e.content.clone()),
            _ => None,
        };
        let ev = Event {
            position,
            event_id: event_id.clone(),
            kind: kind.to_string(),
            room_id: room.map(str::to_string),
            sender: sender.to_string(),
            content: content.map(to_json),
            state_key: state_key.map(str::to_string),
            prev_content,
            origin_server_ts: now_ms(),
            action_id,
        };
        if let Some(r) = room.and_then(|r| self.rooms.get_mut(r)) {
            r.timeline.push(event_id.clone());
            if let Some(k) = state_key {
                let by_key = r.state.entry(kind.to_string()).or_default();
                if ev.content.is_some() {
                    by_key.insert(k.to_string(), event_id.clone());
                } else {
                    by_key.remove(k);
                }
            }
        }
        self.event_index.insert(event_id, self.events.len());
        self.events.push(ev);
        &self.events[self.events.len() - 1]
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.event_index.get(id).map(|&i| &self.events[i])
    }

    pub fn state_event(&self, room: &str, kind: &str, key: &str) -> Option<&Event> {
        let id = self.rooms.get(room)?.state.get(kind)?.get(key)?;
        self.event(id)
    }

    /// Current state events of a room, as `viewer` sees them.
    pub fn room_state(&self, room: &str, viewer: &str) -> Vec<Value> {
        let Some(r) = self.rooms.get(room) else { return vec![] };
        r.state.values().flat_map(|m| m.values()).filter_map(|id| self.event(id)).map(|e| e.view(viewer)).collect()
    }

    pub fn membership(&self, room: &str, user: &str) -> Option<Membership> {
        self.rooms.get(room)?.members.get(user).copied()
    }

    pub fn is_joined(&self, room: &str, user: &str) -> bool {
        self.membership(room, user) == Some(Membership::Join)
    }

    /// Whether `viewer` may see `ev` on the event stream: events of rooms
    /// they are joined to, and membership events about them.
    pub fn visible(&self, ev: &Event, viewer: &str) -> bool {
        match &ev.room_id {
            Some(r) => self.is_joined(r, viewer) || (ev.kind == "m.room.member" && ev.state_key.as_deref() == Some(viewer)),
            // Presence reaches the user and those who share a room with them.
            None => ev.sender == viewer || self.share_a_room(&ev.sender, viewer),
        }
    }

    /// Whether two users are joined to a common room.
    pub fn share_a_room(&self, a: &str, b: &str) -> bool {
        self.rooms.values().any(|r| r.members.get(a) == Some(&Membership::Join) && r.members.get(b) == Some(&Membership::Join))
    }

    /// The rooms `user` is joined to.
    pub fn joined_rooms(&self, user: &str) -> Vec<String> {
        self.rooms.iter().filter(|(_, r)| r.members.get(user) == Some(&Membership::Join)).map(|(id, _)| id.clone()).collect()
    }

    /// A membership change, as a state event.
    pub fn set_membership(&mut self, room: &str, sender: &str, target: &str, m: Membership, action_id: Option<String>) -> &Event {
        if let Some(r) = self.rooms.get_mut(room) {
            r.members.insert(target.to_string(), m);
        }
        let membership = serde_json::to_value(m).expect("serialises");
        self.append(Some(room), sender, "m.room.member", Some(target), Some(&json!({ "membership": membership })), action_id)
    }

    /// Records a request, dropping the oldest beyond the limit.
    pub fn journal(&mut self, entry: JournalEntry) {
        if self.journal.len() == JOURNAL_LIMIT {
            self.journal.pop_front();
        }
        self.journal.push_back(entry);
    }

    /// The answer already given to this action ID by this user and device.
    pub fn action_key(user: &str, device: &str, endpoint: &str, action_id: &str) -> String {
        format!("{user}\u{1f}{device}\u{1f}{endpoint}\u{1f}{action_id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_events_replace_and_delete() {
        let mut s = Store::new("localhost");
        s.rooms.insert("!r".into(), Room::default());
        s.append(Some("!r"), "@a:localhost", "m.room.name", Some(""), Some(&json!({"name": "one"})), None);
        let second = s.append(Some("!r"), "@a:localhost", "m.room.name", Some(""), Some(&json!({"name": "two"})), None).clone();
        assert_eq!(second.prev_content.as_ref().map(parse), Some(json!({"name": "one"})));
        assert_eq!(s.state_event("!r", "m.room.name", "").unwrap().event_id, second.event_id);
        s.append(Some("!r"), "@a:localhost", "m.room.name", Some(""), None, None);
        assert!(s.state_event("!r", "m.room.name", "").is_none());
        assert_eq!(s.events.iter().map(|e| e.position).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn action_ids_show_only_to_the_sender() {
        let mut s = Store::new("localhost");
        let e = s.append(None, "@a:localhost", "m.x", None, Some(&json!({})), Some("t1".into()));
        assert_eq!(e.view("@a:localhost")["action_id"], "t1");
        assert!(e.view("@b:localhost").get("action_id").is_none());
    }

    #[test]
    fn tokens_are_random_and_revocable() {
        let mut s = Store::new("localhost");
        s.accounts.insert("@a:localhost".into(), Account::default());
        let (t1, d) = s.issue_token("@a:localhost", None);
        let (t2, _) = s.issue_token("@a:localhost", Some(d.clone()));
        assert_ne!(t1, t2);
        assert_eq!(t1.len(), 32);
        assert!(s.revoke(&t1) && !s.revoke(&t1));
        assert_eq!(s.accounts["@a:localhost"].devices[&d].tokens.len(), 1);
    }
}
