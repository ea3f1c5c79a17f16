//! Who is in which room, and who may see what.

use super::event::Event;
use super::room::Membership;
use super::store::Store;
use client_server_v2::{RoomId, UserId};
use serde_json::json;

impl Store {
    pub fn membership(&self, room: &RoomId, user: &UserId) -> Option<Membership> {
        self.rooms.get(room)?.members.get(user).copied()
    }

    pub fn is_joined(&self, room: &RoomId, user: &UserId) -> bool {
        self.membership(room, user) == Some(Membership::Join)
    }

    /// Whether `viewer` may see `ev` on the event stream: events of rooms
    /// they are joined to, and membership events about them.
    pub fn visible(&self, ev: &Event, viewer: &UserId) -> bool {
        match &ev.room_id {
            Some(r) => self.is_joined(r, viewer) || (ev.kind == "m.room.member" && ev.state_key.as_deref() == Some(viewer.as_str())),
            // Presence reaches the user and those who share a room with them.
            None => ev.sender == *viewer || self.share_a_room(&ev.sender, viewer),
        }
    }

    /// Whether two users are joined to a common room.
    pub fn share_a_room(&self, a: &UserId, b: &UserId) -> bool {
        self.rooms.values().any(|r| r.members.get(a) == Some(&Membership::Join) && r.members.get(b) == Some(&Membership::Join))
    }

    /// The rooms `user` is joined to.
    pub fn joined_rooms(&self, user: &UserId) -> Vec<RoomId> {
        self.rooms.iter().filter(|(_, r)| r.members.get(user) == Some(&Membership::Join)).map(|(id, _)| id.clone()).collect()
    }

    /// A membership change, as a state event.
    pub fn set_membership(&mut self, room: &RoomId, sender: &UserId, target: &UserId, m: Membership, action_id: Option<String>) -> &Event {
        if let Some(r) = self.rooms.get_mut(room) {
            r.members.insert(target.clone(), m);
        }
        let membership = serde_json::to_value(m).expect("serialises");
        self.append(Some(room), sender, "m.room.member", Some(target.as_str()), Some(&json!({ "membership": membership })), action_id)
    }
}
