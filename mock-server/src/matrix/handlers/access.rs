//! Who may act in a room: its members, each with a power level.

use crate::error::ApiError;
use crate::matrix::request::Caller;
use crate::matrix::state::Store;
use client_server_v2::RoomId;
use serde_json::Value;

/// The room's current power levels (`null` if none are set).
pub fn levels(store: &Store, room: &str) -> Value {
    store.state_event(room, "m.room.power_levels", "").and_then(|e| e.content()).unwrap_or(Value::Null)
}

/// The power level of `user` in `room` (the creator 100, others the
/// `users_default`, 0 unless set).
pub fn power(store: &Store, room: &str, user: &str) -> i64 {
    let levels = levels(store, room);
    levels["users"][user].as_i64().unwrap_or_else(|| levels["users_default"].as_i64().unwrap_or(0))
}

/// The level an action needs (`kick`, `invite`, `state_default` …).
pub fn required(store: &Store, room: &str, action: &str, default: i64) -> i64 {
    levels(store, room).get(action).and_then(Value::as_i64).unwrap_or(default)
}

/// The caller must be joined to the room (which must exist).
pub fn member<'a>(store: &Store, me: &Caller, room: &'a RoomId) -> Result<&'a str, ApiError> {
    let room = room.as_str();
    if !store.rooms.contains_key(room) || !store.is_joined(room, &me.user) {
        // The same answer whether the room exists or not: no probing.
        return Err(ApiError::forbidden(format!("{} is not in room {room}", me.user)));
    }
    Ok(room)
}
