//! Rooms: their members and current state.

use client_server_v2::{EventId, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Membership {
    Invite,
    Join,
    Leave,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Room {
    pub creator: UserId,
    pub members: BTreeMap<UserId, Membership>,
    /// (type, state_key) → event id of the current state event.
    pub state: BTreeMap<String, BTreeMap<String, EventId>>,
    /// Event ids in stream order.
    pub timeline: Vec<EventId>,
    pub published: bool,
}

impl Room {
    /// A new room: no members, state or events yet, not published.
    pub fn new(creator: UserId) -> Self {
        Room { creator, members: BTreeMap::new(), state: BTreeMap::new(), timeline: Vec::new(), published: false }
    }
}
