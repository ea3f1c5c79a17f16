//! Rooms: their members and current state.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
