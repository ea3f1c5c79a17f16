//! The event stream: events appended (to their room's timeline and state),
//! and the long-polls they wake.

use super::event::Event;
use super::room::Membership;
use super::store::Store;
use crate::engine::journal::{now_ms, to_json};
use client_server_v2::{EventId, RoomId, UserId};
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::Notify;

impl Store {
    /// Appends an event to the stream (and to its room's timeline and state).
    #[allow(clippy::too_many_arguments)]
    pub fn append(
        &mut self,
        room: Option<&RoomId>,
        sender: &UserId,
        kind: &str,
        state_key: Option<&str>,
        content: Option<&Value>,
        action_id: Option<String>,
    ) -> &Event {
        let event_id = EventId(self.fresh('$'));
        let position = self.events.len() as u64 + 1;
        let prev_content = match (room, state_key) {
            (Some(r), Some(k)) => self.state_event(r, kind, k).and_then(|e| e.content.clone()),
            _ => None,
        };
        let ev = Event {
            position,
            event_id: event_id.clone(),
            kind: kind.to_string(),
            room_id: room.cloned(),
            sender: sender.clone(),
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
                let joined = members.iter().filter(|(_, m)| **m == Membership::Join).map(|(u, _)| u);
                let target = ev.state_key.as_deref().filter(|_| ev.kind == "m.room.member").map(UserId::from);
                for user in joined.chain(target.as_ref()) {
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
    pub fn waiter(&mut self, user: &UserId) -> Arc<Notify> {
        self.waiters.entry(user.clone()).or_default().clone()
    }

    /// Forgets `user`'s notifier once no long-poll holds it (`held` is the
    /// caller's own handle, about to be dropped).
    pub fn forget_waiter(&mut self, user: &UserId, held: &Arc<Notify>) {
        // The map's handle and the caller's: nobody else waits.
        if Arc::strong_count(held) <= 2 && self.waiters.get(user).is_some_and(|n| Arc::ptr_eq(n, held)) {
            self.waiters.remove(user);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::parse;
    use super::super::room::{Membership, Room};
    use super::*;
    use serde_json::json;

    #[test]
    fn state_events_replace_and_delete() {
        let (r, a) = (RoomId::from("!r"), UserId::from("@a:localhost"));
        let mut s = Store::new("localhost");
        s.rooms.insert(r.clone(), Room::new(a.clone()));
        s.append(Some(&r), &a, "m.room.name", Some(""), Some(&json!({"name": "one"})), None);
        let second = s.append(Some(&r), &a, "m.room.name", Some(""), Some(&json!({"name": "two"})), None).clone();
        assert_eq!(second.prev_content.as_ref().map(parse), Some(json!({"name": "one"})));
        assert_eq!(s.state_event(&r, "m.room.name", "").unwrap().event_id, second.event_id);
        s.append(Some(&r), &a, "m.room.name", Some(""), None, None);
        assert!(s.state_event(&r, "m.room.name", "").is_none());
        assert_eq!(s.events.iter().map(|e| e.position).collect::<Vec<_>>(), [1, 2, 3]);
    }

    /// Whether a notification registered before has arrived.
    fn woken(n: &mut std::pin::Pin<&mut tokio::sync::futures::Notified<'_>>) -> bool {
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        std::future::Future::poll(n.as_mut(), &mut cx).is_ready()
    }

    #[test]
    fn events_wake_only_the_polls_of_users_who_may_see_them() {
        let r = RoomId::from("!r");
        let [a, out, b] = ["@a:localhost", "@out:localhost", "@b:localhost"].map(UserId::from);
        let mut s = Store::new("localhost");
        s.rooms.insert(r.clone(), Room::new(a.clone()));
        s.set_membership(&r, &a, &a, Membership::Join, None);
        let (member, outsider, invitee) = (s.waiter(&a), s.waiter(&out), s.waiter(&b));
        let (m, o, i) = (member.notified(), outsider.notified(), invitee.notified());
        tokio::pin!(m, o, i);
        for n in [&mut m, &mut o, &mut i] {
            n.as_mut().enable();
        }
        s.append(Some(&r), &a, "m.room.message", None, Some(&json!({})), None);
        assert!(woken(&mut m), "a member is woken");
        assert!(!woken(&mut o) && !woken(&mut i), "outsiders are not");
        // An invite reaches its invitee.
        s.set_membership(&r, &a, &b, Membership::Invite, None);
        assert!(woken(&mut i) && !woken(&mut o));
        // Presence reaches its sender (and those who share a room).
        s.append(None, &out, "m.presence", None, Some(&json!({})), None);
        assert!(woken(&mut o));
        // A poll that ends gives its notifier back.
        s.forget_waiter(&out, &outsider);
        assert!(!s.waiters.contains_key(&out));
    }
}
