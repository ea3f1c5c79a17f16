//! The one state store: accounts, devices and tokens, rooms, the event
//! stream, action IDs (the journal of requests is the engine's). Handlers
//! change it through its methods, under one lock, so every change is whole
//! or not at all. Modules are named after what they hold: [`store`] the
//! [`Store`] (keyed by the generated crate's ids: `UserId`, `RoomId`,
//! `EventId`...); [`account`], [`room`], [`power_levels`], [`event`],
//! [`snapshot`] and [`token`] what it stores; [`check`], [`stream`] and
//! [`membership`] more of its methods.
//!
//! Invariant: `events[i]` has stream position `i + 1`; positions only grow,
//! and a room's timeline lists its events in stream order.

pub mod account;
pub mod check;
pub mod event;
pub mod membership;
pub mod power_levels;
pub mod room;
pub mod snapshot;
pub mod store;
pub mod stream;
pub mod token;

pub use crate::engine::journal::{now_ms, random_token, to_json, Json, Tokens};
pub use crate::engine::password;
pub use account::{Account, Device};
pub use event::{Event, EventView};
pub use power_levels::PowerLevels;
pub use room::{Membership, Room};
pub use snapshot::{Snapshot, SNAPSHOT_LIMIT, SNAPSHOT_TTL_MS};
pub use store::Store;
pub use token::StreamToken;
