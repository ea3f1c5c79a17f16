//! The Matrix profile: the built-in spec (`spec/client_server_v2.rst`)
//! served against its generated crate (`client-server-v2`), with the
//! domain's rules (accounts, rooms, membership, state, messages, the event
//! stream, sync, aliases, profiles, presence, typing). What `mock-server`
//! serves without `--spec`. The generic engine is [`crate::engine`].
//!
//! It is a plug-in of the engine: the engine routes, gates, validates and
//! journals every request, then hands it to [`profile`] (bound by the
//! overlay's `profile = "matrix"`, checked against the generated endpoint
//! table) → [`handlers`] (one module per API group) → [`state`] (the one
//! store); [`app`] (the server name, shared state), [`request`] (the caller).

pub mod app;
pub mod handlers;
pub mod profile;
pub mod request;
pub mod state;
