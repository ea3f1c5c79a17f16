//! The store itself: what it holds, ids, tokens, exports, snapshots and
//! lookups. Its other methods live beside it: [`super::check`] (an import
//! checked), [`super::stream`] (the event stream), [`super::membership`].

use super::account::{Account, Device};
use super::event::Event;
use super::power_levels::PowerLevels;
use super::room::Room;
use super::snapshot::{Snapshot, SNAPSHOT_LIMIT, SNAPSHOT_TTL_MS};
use super::token::StreamToken;
use crate::engine::journal::{now_ms, random_token, redacted, to_json, Json, Tokens};
use crate::engine::password;
use crate::engine::retry::Retry;
use client_server_v2::{DeviceId, EventId, FilterToken, RoomAlias, RoomId, UserId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Store {
    pub server_name: String,
    pub accounts: BTreeMap<UserId, Account>,
    /// Access token → (user, device).
    pub tokens: HashMap<String, (UserId, DeviceId)>,
    pub rooms: BTreeMap<RoomId, Room>,
    pub events: Vec<Event>,
    #[serde(skip)]
    pub event_index: HashMap<EventId, usize>,
    /// (user, device, endpoint, path, action id) → the first answer.
    pub actions: BTreeMap<String, Json>,
    /// The same keys → the request each answered (absent in a state saved
    /// before requests were kept).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub action_requests: BTreeMap<String, String>,
    /// Room alias → (room, the user who made it).
    pub aliases: BTreeMap<RoomAlias, (RoomId, UserId)>,
    /// Room → user → typing deadline (ms since the epoch).
    pub typing: BTreeMap<RoomId, BTreeMap<UserId, u64>>,
    /// Filter token → (owner, the filter as created).
    pub filters: BTreeMap<FilterToken, (UserId, Value)>,
    /// Published-room list snapshots, by id: paged through unchanged, at
    /// most [`SNAPSHOT_LIMIT`] of them, each for [`SNAPSHOT_TTL_MS`]; never
    /// exported or saved.
    #[serde(skip)]
    pub snapshots: BTreeMap<u64, Snapshot>,
    /// Deleted accounts' user IDs: never registered again, so nobody
    /// inherits their rooms, levels, filters or aliases.
    #[serde(default)]
    pub deleted_users: BTreeSet<UserId>,
    /// Long-polls waiting, by user: woken only by events that user may see.
    #[serde(skip)]
    pub waiters: HashMap<UserId, Arc<Notify>>,
    pub next_id: u64,
}

impl Store {
    pub fn new(server_name: &str) -> Self {
        Store { server_name: server_name.to_string(), ..Store::default() }
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

    /// Rebuilds what is not stored (after an import), and hashes the
    /// plaintext passwords of older state files.
    pub fn reindex(&mut self) {
        for account in self.accounts.values_mut() {
            if let Some(plain) = account.legacy_password.take() {
                account.password_hash = password::hash(&plain);
            }
        }
        self.event_index = self.events.iter().enumerate().map(|(i, e)| (e.event_id.clone(), i)).collect();
    }

    /// A new ID: unique, not secret (tokens are the secrets), so a counter.
    pub(super) fn fresh(&mut self, sigil: char) -> String {
        self.next_id += 1;
        format!("{sigil}{}:{}", self.next_id, self.server_name)
    }

    pub fn user_id(&self, localpart: &str) -> UserId {
        UserId(format!("@{localpart}:{}", self.server_name))
    }

    pub fn new_room_id(&mut self) -> RoomId {
        RoomId(self.fresh('!'))
    }

    /// A new device (or a known one) with a new token for `user`.
    pub fn issue_token(&mut self, user: &UserId, device: Option<DeviceId>) -> (String, DeviceId) {
        let device = device.unwrap_or_else(|| DeviceId(format!("DEV{}", &random_token()[..10].to_ascii_uppercase())));
        let token = random_token();
        let now = now_ms();
        let acc = self.accounts.get_mut(user).expect("caller checked the account");
        let d = acc.devices.entry(device.clone()).or_insert_with(|| Device { created_ts: now, ..Device::default() });
        d.last_used_ts = now;
        d.tokens.insert(token.clone());
        self.tokens.insert(token.clone(), (user.clone(), device.clone()));
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
    pub fn forget_token(&mut self, token: &str) -> Option<(UserId, DeviceId)> {
        let owner = self.tokens.remove(token)?;
        if let Some(n) = self.waiters.get(&owner.0) {
            n.notify_waiters();
        }
        Some(owner)
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

    pub fn event(&self, id: &EventId) -> Option<&Event> {
        self.event_index.get(id).map(|&i| &self.events[i])
    }

    pub fn state_event(&self, room: &RoomId, kind: &str, key: &str) -> Option<&Event> {
        let id = self.rooms.get(room)?.state.get(kind)?.get(key)?;
        self.event(id)
    }

    /// Current state events of a room, as `viewer` sees them.
    pub fn room_state(&self, room: &RoomId, viewer: &UserId) -> Vec<client_server_v2::Event> {
        let Some(r) = self.rooms.get(room) else { return vec![] };
        r.state.values().flat_map(|m| m.values()).filter_map(|id| self.event(id)).map(|e| e.view(viewer)).collect()
    }

    /// The room's power levels, as its current `m.room.power_levels` event
    /// states them (none set: every level its default).
    pub fn power_levels(&self, room: &RoomId) -> PowerLevels {
        PowerLevels::from_content(&self.power_levels_content(room))
    }

    /// The content of the room's current `m.room.power_levels` event as it
    /// was set (`null` if none is), for changes to it.
    pub fn power_levels_content(&self, room: &RoomId) -> Value {
        self.state_event(room, "m.room.power_levels", "").and_then(|e| e.content()).unwrap_or(Value::Null)
    }

    /// The key of an action ID sent by `user` from `device` to `endpoint`
    /// at `path`, with `request` (see [`crate::engine::retry`]).
    pub fn action_retry(user: &UserId, device: &DeviceId, endpoint: &str, path: &str, action_id: &str, request: &Value) -> Retry {
        let caller = format!("{user}\u{1f}{device}");
        Retry::new(Some(&caller), endpoint, &[path], action_id, request)
    }
}

#[cfg(test)]
mod tests {
    use super::super::account::Account;
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_are_random_and_revocable() {
        let a = UserId::from("@a:localhost");
        let mut s = Store::new("localhost");
        s.accounts.insert(a.clone(), Account::default());
        let (t1, d) = s.issue_token(&a, None);
        let (t2, _) = s.issue_token(&a, Some(d.clone()));
        assert_ne!(t1, t2);
        assert_eq!(t1.len(), 32);
        assert!(s.revoke(&t1) && !s.revoke(&t1));
        assert_eq!(s.accounts[&a].devices[&d].tokens.len(), 1);
    }

    /// A state as the store wrote it when its maps were keyed by strings:
    /// typed ids read and write the same JSON.
    #[test]
    fn a_state_written_with_string_keys_reads_and_writes_the_same() {
        let written = json!({
            "server_name": "x",
            "accounts": { "@a:x": { "password_hash": "", "devices": { "DEV1": { "created_ts": 1, "last_used_ts": 2, "tokens": ["t"] } },
                                     "displayname": null, "avatar_url": null, "presence": null } },
            "tokens": { "t": ["@a:x", "DEV1"] },
            "rooms": { "!1:x": { "creator": "@a:x", "members": { "@a:x": "join" }, "state": { "m.room.name": { "": "$2:x" } },
                                  "timeline": ["$2:x"], "published": true } },
            "events": [{ "position": 1, "event_id": "$2:x", "type": "m.room.name", "room_id": "!1:x", "sender": "@a:x",
                         "content": { "name": "n" }, "state_key": "", "prev_content": null, "origin_server_ts": 3, "action_id": null }],
            "actions": {},
            "aliases": { "#r:x": ["!1:x", "@a:x"] },
            "typing": { "!1:x": { "@a:x": 4 } },
            "filters": { "f3": ["@a:x", { "types": ["m.*"] }] },
            "deleted_users": ["@gone:x"],
            "next_id": 3
        });
        let mut s: Store = serde_json::from_value(written.clone()).unwrap();
        s.reindex();
        assert!(s.check().is_ok());
        assert_eq!(s.event(&"$2:x".into()).map(|e| e.position), Some(1));
        assert_eq!(serde_json::to_value(&s).unwrap(), written);
    }

    #[test]
    fn older_state_files_have_their_passwords_hashed_on_load() {
        let mut s = Store::new("x");
        s.accounts.insert(UserId::from("@a:x"), Account::default());
        // A state file as written before passwords were hashed.
        let mut old = serde_json::to_value(&s).unwrap();
        old["accounts"]["@a:x"] = json!({ "password": "pw", "devices": {} });
        let mut s: Store = serde_json::from_value(old).unwrap();
        s.reindex();
        let a = &s.accounts[&UserId::from("@a:x")];
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
