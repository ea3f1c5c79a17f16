//! Who may act in a room: its members (each with a power level, see
//! [`crate::matrix::state::PowerLevels`]).

use crate::error::ApiError;
use crate::matrix::request::Caller;
use crate::matrix::state::Store;
use client_server_v2::RoomId;

/// The caller must be joined to the room (which must exist).
pub fn member<'a>(store: &Store, me: &Caller, room: &'a RoomId) -> Result<&'a RoomId, ApiError> {
    if !store.rooms.contains_key(room) || !store.is_joined(room, &me.user) {
        // The same answer whether the room exists or not: no probing.
        return Err(ApiError::forbidden(format!("{} is not in room {room}", me.user)));
    }
    Ok(room)
}
