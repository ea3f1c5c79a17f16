//! Generic engine: what each endpoint does to the state. The inference
//! lives in the specgen library ([`specgen::plan`]), so the engine and
//! `specgen explain` read the same plans; this module names what the
//! engine uses of it.

pub use specgen::plan::words::{attribute, is_access_token, is_cursor, is_position, names_id, split_words};
pub use specgen::plan::{child_resource, state_fields, Effect, Plan};
