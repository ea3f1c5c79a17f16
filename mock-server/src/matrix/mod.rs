//! The Matrix profile: the built-in spec (`spec/client_server_v2.rst`)
//! served against its generated crate (`client-server-v2`), with the
//! domain's rules (accounts, rooms, membership, state, messages, the event
//! stream, sync, aliases, profiles, presence, typing). What `mock-server`
//! serves without `--spec`. The generic engine is [`crate::engine`].
//!
//! Layout: [`routes`] (the router and the request pipeline) →
//! [`handlers`] (one module per API group, and the generic path) →
//! [`state`] (the one store); [`app`] (options, shared state), [`request`]
//! (validation against the generated types).

pub mod app;
pub mod handlers;
pub mod request;
pub mod routes;
pub mod state;
