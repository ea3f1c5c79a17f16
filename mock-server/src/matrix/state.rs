//! The one state store: accounts, devices and tokens, rooms, the event
//! stream, action IDs (the journal of requests is the engine's). Handlers change it through the methods
//! here, under one lock, so every change is whole or not at all.
//!
//! Invariant: `events[i]` has stream position `i + 1`; positions only grow,
//! and a room's timeline lists its events in stream order.

pub use crate::engine::password;
pub mod token;

pub use token::StreamToken;

use crate::engine::error::Inconsistency;
use crate::engine::journal::{is_redacted, redacted};
pub use crate::engine::journal::{now_ms, random_token, to_json, Json, Tokens};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Device {
    pub created_ts: u64,
    pub last_used_ts: u64,
    pub tokens: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Account {
    /// The password's salted hash ([`password::hash`]), never the password.
    #[serde(default)]
    pub password_hash: String,
    /// A plaintext password, as state files written before hashing hold
    /// it: read, hashed by [`Store::reindex`], never written.
    #[serde(default, rename = "password", skip_serializing)]
    pub legacy_password: Option<String>,
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

    /// The event as `viewer` sees it.
    pub fn view_as<'a>(&'a self, viewer: &'a str) -> EventView<'a> {
        EventView { event: self, viewer, keys: None }
    }

    /// The event as `viewer` sees it, as the API's event type.
    pub fn view(&self, viewer: &str) -> client_server_v2::Event {
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
    viewer: &'a str,
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
            event_id: e.event_id.as_str().into(),
            type_: e.kind.clone(),
            room_id: e.room_id.as_deref().filter(|_| shown("room_id")).map(Into::into),
            sender: e.sender.as_str().into(),
            origin_server_ts: e.origin_server_ts,
            state_key: e.state_key.clone().filter(|_| shown("state_key")),
            prev_content: e.prev_content.as_ref().map(parse).filter(|_| shown("prev_content")),
            action_id: e.action_id.as_deref().filter(|_| self.viewer == e.sender && shown("action_id")).map(Into::into),
            // Edits and comments are said in the content (`relates_to`).
            updates: None,
            relates_to: None,
            content,
        }
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
    /// Published-room list snapshots, by id: paged through unchanged, at
    /// most [`SNAPSHOT_LIMIT`] of them, each for [`SNAPSHOT_TTL_MS`]; never
    /// exported or saved.
    #[serde(skip)]
    pub snapshots: BTreeMap<u64, Snapshot>,
    /// Deleted accounts' user IDs: never registered again, so nobody
    /// inherits their rooms, levels, filters or aliases.
    #[serde(default)]
    pub deleted_users: BTreeSet<String>,
    /// Long-polls waiting, by user: woken only by events that user may see.
    #[serde(skip)]
    pub waiters: HashMap<String, Arc<Notify>>,
    pub next_id: u64,
}

/// A published-room list as its first page saw it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub taken_ms: u64,
    pub rooms: Vec<client_server_v2::PublicRoom>,
}

/// How many published-room list snapshots are kept (the oldest go first).
pub const SNAPSHOT_LIMIT: usize = 64;

/// How long a published-room list snapshot can be paged through.
pub const SNAPSHOT_TTL_MS: u64 = 10 * 60 * 1000;

impl Store {
    pub fn new(server_name: &str) -> Self {
        Store { server_name: server_name.to_string(), ..Store::default() }
    }

    /// Rebuilds what is not stored (after an import), and hashes the
    /// plaintext passwords of older state files.
    /// Whether an imported state holds together: every token's account and
    /// device, every member, sender, room and timeline event exists; the
    /// events are the stream in order, each id once; `next_id` is at or
    /// above every number a room, event or filter id carries (the next one
    /// made would otherwise be an id in use) and below
    /// [`crate::engine::store::COUNTER_LIMIT`]. A state that does not is
    /// refused with the first reason (handlers rely on it).
    pub fn check(&self) -> Result<(), Inconsistency> {
        let in_devices = self.accounts.values().flat_map(|a| a.devices.values()).flat_map(|d| d.tokens.iter());
        if let Some(token) = self.tokens.keys().chain(in_devices).find(|t| is_redacted(t)) {
            return Err(Inconsistency(format!("token {token} is redacted: `GET /_mock/state?tokens=true` exports the tokens themselves")));
        }
        let limit = crate::engine::store::COUNTER_LIMIT;
        if self.next_id >= limit {
            return Err(Inconsistency(format!("`next_id` is {}: at most {} ids are counted", self.next_id, limit - 1)));
        }
        let numbered =
            |sigil: &str, id: &str| id.strip_prefix(sigil).and_then(|rest| rest.split(':').next()).and_then(|n| n.parse::<u64>().ok());
        let ids = self
            .rooms
            .keys()
            .map(|r| ("room", r, numbered("!", r)))
            .chain(self.events.iter().map(|e| ("event", &e.event_id, numbered("$", &e.event_id))))
            .chain(self.filters.keys().map(|f| ("filter", f, numbered("f", f))));
        for (what, id, n) in ids {
            if let Some(n) = n.filter(|n| *n > self.next_id) {
                return Err(Inconsistency(format!(
                    "`next_id` is {}, below the {what} `{id}` stored (number {n}): the next id made would be one in use",
                    self.next_id
                )));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, e) in self.events.iter().enumerate() {
            if e.position != i as u64 + 1 {
                return Err(Inconsistency(format!(
                    "event `{}` is at stream position {}, but is event {} of the stream",
                    e.event_id,
                    e.position,
                    i + 1
                )));
            }
            if !seen.insert(e.event_id.as_str()) {
                return Err(Inconsistency(format!("event `{}` is in the stream twice", e.event_id)));
            }
        }
        for (token, (user, device)) in &self.tokens {
            let short = &token[..token.len().min(6)];
            let account =
                self.accounts.get(user).ok_or_else(|| Inconsistency(format!("token {short}… belongs to `{user}`, who has no account")))?;
            if !account.devices.contains_key(device) {
                return Err(Inconsistency(format!("token {short}… names device `{device}`, which `{user}` does not have")));
            }
        }
        let ids: BTreeSet<&str> = self.events.iter().map(|e| e.event_id.as_str()).collect();
        for (id, room) in &self.rooms {
            if !self.accounts.contains_key(&room.creator) && !self.deleted_users.contains(&room.creator) {
                return Err(Inconsistency(format!("room `{id}` was created by `{}`, who has no account", room.creator)));
            }
            if let Some(m) = room.members.keys().find(|m| !self.accounts.contains_key(*m) && !self.deleted_users.contains(*m)) {
                return Err(Inconsistency(format!("room `{id}` has member `{m}`, who has no account")));
            }
            if let Some(e) = room.timeline.iter().find(|e| !ids.contains(e.as_str())) {
                return Err(Inconsistency(format!("room `{id}` lists event `{e}`, which is not among the events")));
            }
        }
        for e in &self.events {
            if let Some(r) = e.room_id.as_ref().filter(|r| !self.rooms.contains_key(*r)) {
                return Err(Inconsistency(format!("event `{}` is in room `{r}`, which does not exist", e.event_id)));
            }
        }
        for (alias, (room, _)) in &self.aliases {
            if !self.rooms.contains_key(room) {
                return Err(Inconsistency(format!("alias `{alias}` points to room `{room}`, which does not exist")));
            }
        }
        Ok(())
    }

    /// The whole store as JSON, its access tokens (in the token table and
    /// in each device) shown or redacted alike.
    pub fn export(&mut self, tokens: Tokens) -> Json {
        if tokens == Tokens::Shown {
            return to_json(self);
        }
        let mut taken = std::collections::HashSet::new();
        let shown: HashMap<String, String> = self.tokens.keys().map(|t| (t.clone(), redacted(t, &mut taken))).collect();
        let table = self.tokens.iter().map(|(t, owner)| (shown[t].clone(), owner.clone())).collect();
        let live_table = std::mem::replace(&mut self.tokens, table);
        let mut live_devices = Vec::new();
        for (user, account) in &mut self.accounts {
            for (device, d) in &mut account.devices {
                let redacted_set = d.tokens.iter().map(|t| shown.get(t).cloned().unwrap_or_else(|| redacted(t, &mut taken))).collect();
                live_devices.push((user.clone(), device.clone(), std::mem::replace(&mut d.tokens, redacted_set)));
            }
        }
        let json = to_json(self);
        self.tokens = live_table;
        for (user, device, live) in live_devices {
            if let Some(d) = self.accounts.get_mut(&user).and_then(|a| a.devices.get_mut(&device)) {
                d.tokens = live;
            }
        }
        json
    }

    pub fn reindex(&mut self) {
        for account in self.accounts.values_mut() {
            if let Some(plain) = account.legacy_password.take() {
                account.password_hash = password::hash(&plain);
            }
        }
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
        match self.forget_token(token) {
            Some((user, device)) => {
                if let Some(d) = self.accounts.get_mut(&user).and_then(|a| a.devices.get_mut(&device)) {
                    d.tokens.remove(token);
                }
                true
            }
            None => false,
        }
    }

    /// Drops a token from the token table, waking its user's long-polls so
    /// that one waiting on it ends (401) at once.
    pub fn forget_token(&mut self, token: &str) -> Option<(String, String)> {
        let owner = self.tokens.remove(token)?;
        if let Some(n) = self.waiters.get(&owner.0) {
            n.notify_waiters();
        }
        Some(owner)
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
        let ev = &self.events[self.events.len() - 1];
        self.wake(ev);
        ev
    }

    /// Wakes the long-polls of the users who may see `ev`, and only those:
    /// an event in a room wakes its members' polls, not every poll.
    fn wake(&self, ev: &Event) {
        if self.waiters.is_empty() {
            return;
        }
        let members = ev.room_id.as_ref().and_then(|r| self.rooms.get(r)).map(|r| &r.members);
        match members {
            // Fewer room members than waiters: look the members up.
            Some(members) if members.len() < self.waiters.len() => {
                let joined = members.iter().filter(|(_, m)| **m == Membership::Join).map(|(u, _)| u.as_str());
                let target = ev.state_key.as_deref().filter(|_| ev.kind == "m.room.member");
                for user in joined.chain(target) {
                    if let Some(n) = self.waiters.get(user) {
                        n.notify_waiters();
                    }
                }
            }
            _ => {
                for (user, n) in &self.waiters {
                    if self.visible(ev, user) {
                        n.notify_waiters();
                    }
                }
            }
        }
    }

    /// The notifier `user`'s long-polls wait on (made on first use).
    pub fn waiter(&mut self, user: &str) -> Arc<Notify> {
        self.waiters.entry(user.to_string()).or_default().clone()
    }

    /// Forgets `user`'s notifier once no long-poll holds it (`held` is the
    /// caller's own handle, about to be dropped).
    pub fn forget_waiter(&mut self, user: &str, held: &Arc<Notify>) {
        // The map's handle and the caller's: nobody else waits.
        if Arc::strong_count(held) <= 2 && self.waiters.get(user).is_some_and(|n| Arc::ptr_eq(n, held)) {
            self.waiters.remove(user);
        }
    }

    /// Keeps a published-room list snapshot, dropping expired ones and the
    /// oldest beyond [`SNAPSHOT_LIMIT`]; returns its id.
    pub fn keep_snapshot(&mut self, rooms: Vec<client_server_v2::PublicRoom>) -> u64 {
        let now = now_ms();
        self.snapshots.retain(|_, s| now.saturating_sub(s.taken_ms) < SNAPSHOT_TTL_MS);
        while self.snapshots.len() >= SNAPSHOT_LIMIT {
            self.snapshots.pop_first();
        }
        self.next_id += 1;
        self.snapshots.insert(self.next_id, Snapshot { taken_ms: now, rooms });
        self.next_id
    }

    /// A live (unexpired) snapshot.
    pub fn snapshot(&self, id: u64) -> Option<&Snapshot> {
        self.snapshots.get(&id).filter(|s| now_ms().saturating_sub(s.taken_ms) < SNAPSHOT_TTL_MS)
    }

    /// The stream as it stands: just after its newest event.
    pub fn now(&self) -> StreamToken {
        StreamToken(self.events.len() as u64)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.event_index.get(id).map(|&i| &self.events[i])
    }

    pub fn state_event(&self, room: &str, kind: &str, key: &str) -> Option<&Event> {
        let id = self.rooms.get(room)?.state.get(kind)?.get(key)?;
        self.event(id)
    }

    /// Current state events of a room, as `viewer` sees them.
    pub fn room_state(&self, room: &str, viewer: &str) -> Vec<client_server_v2::Event> {
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
        assert_eq!(e.view("@a:localhost").action_id, Some("t1".into()));
        assert!(e.view("@b:localhost").action_id.is_none());
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

    /// Whether a notification registered before has arrived.
    fn woken(n: &mut std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>) -> bool {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        std::future::Future::poll(n.as_mut(), &mut cx).is_ready()
    }

    #[test]
    fn events_wake_only_the_polls_of_users_who_may_see_them() {
        let mut s = Store::new("localhost");
        s.rooms.insert("!r".into(), Room::default());
        s.set_membership("!r", "@a:localhost", "@a:localhost", Membership::Join, None);
        let (member, outsider, invitee) = (s.waiter("@a:localhost"), s.waiter("@out:localhost"), s.waiter("@b:localhost"));
        let (m, o, i) = (member.notified(), outsider.notified(), invitee.notified());
        tokio::pin!(m, o, i);
        for n in [&mut m, &mut o, &mut i] {
            n.as_mut().enable();
        }
        s.append(Some("!r"), "@a:localhost", "m.room.message", None, Some(&json!({})), None);
        assert!(woken(&mut m), "a member is woken");
        assert!(!woken(&mut o) && !woken(&mut i), "outsiders are not");
        // An invite reaches its invitee.
        s.set_membership("!r", "@a:localhost", "@b:localhost", Membership::Invite, None);
        assert!(woken(&mut i) && !woken(&mut o));
        // Presence reaches its sender (and those who share a room).
        s.append(None, "@out:localhost", "m.presence", None, Some(&json!({})), None);
        assert!(woken(&mut o));
        // A poll that ends gives its notifier back.
        s.forget_waiter("@out:localhost", &outsider);
        assert!(!s.waiters.contains_key("@out:localhost"));
    }

    #[test]
    fn older_state_files_have_their_passwords_hashed_on_load() {
        let mut s = Store::new("x");
        s.accounts.insert("@a:x".into(), Account::default());
        // A state file as written before passwords were hashed.
        let mut old = serde_json::to_value(&s).unwrap();
        old["accounts"]["@a:x"] = json!({ "password": "pw", "devices": {} });
        let mut s: Store = serde_json::from_value(old).unwrap();
        s.reindex();
        let a = &s.accounts["@a:x"];
        assert!(a.legacy_password.is_none() && password::verify(&a.password_hash, "pw"));
        assert!(!serde_json::to_string(&s).unwrap().contains("\"pw\""));
    }

    #[test]
    fn published_room_list_snapshots_expire_and_are_bounded() {
        let mut s = Store::new("localhost");
        let ids: Vec<u64> = (0..SNAPSHOT_LIMIT + 6).map(|_| s.keep_snapshot(vec![client_server_v2::Example::example()])).collect();
        assert_eq!(s.snapshots.len(), SNAPSHOT_LIMIT);
        assert!(s.snapshot(ids[0]).is_none() && s.snapshot(ids[ids.len() - 1]).is_some());
        let newest = ids[ids.len() - 1];
        s.snapshots.get_mut(&newest).unwrap().taken_ms -= SNAPSHOT_TTL_MS;
        assert!(s.snapshot(newest).is_none(), "an old snapshot is gone");
        s.keep_snapshot(vec![]);
        assert!(!s.snapshots.contains_key(&newest), "and dropped at the next one");
    }
}
