//! Whether an imported state holds together.

use super::store::Store;
use crate::engine::error::Inconsistency;
use crate::engine::journal::is_redacted;
use client_server_v2::EventId;
use std::collections::BTreeSet;

impl Store {
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
            .map(|r| ("room", r.as_str(), numbered("!", r.as_str())))
            .chain(self.events.iter().map(|e| ("event", e.event_id.as_str(), numbered("$", e.event_id.as_str()))))
            .chain(self.filters.keys().map(|f| ("filter", f.as_str(), numbered("f", f.as_str()))));
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
            if !seen.insert(&e.event_id) {
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
        let ids: BTreeSet<&EventId> = self.events.iter().map(|e| &e.event_id).collect();
        for (id, room) in &self.rooms {
            if !self.accounts.contains_key(&room.creator) && !self.deleted_users.contains(&room.creator) {
                return Err(Inconsistency(format!("room `{id}` was created by `{}`, who has no account", room.creator)));
            }
            if let Some(m) = room.members.keys().find(|m| !self.accounts.contains_key(*m) && !self.deleted_users.contains(*m)) {
                return Err(Inconsistency(format!("room `{id}` has member `{m}`, who has no account")));
            }
            if let Some(e) = room.timeline.iter().find(|e| !ids.contains(e)) {
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
}
