//! The generic engine: serves any spec the specgen reader accepts, read at
//! run time (`mock-server --spec FILE`), with no code generation. Nothing
//! here knows Matrix; the built-in spec's Matrix profile lives in
//! [`crate::matrix`], and uses the generic pieces of [`faults`], [`http`],
//! [`retry`] and [`journal`].
//!
//! Layout: [`spec`] (the spec read and planned) → [`routing`] (matching a
//! request to an endpoint, the pipeline) → [`validation`] (requests checked
//! against the runtime [`types`]) → [`semantics`] (what each endpoint does,
//! inferred) → [`effects`] (the plan applied to the [`store`], its
//! [`unique`] inputs kept, its [`stamps`] set) →
//! [`render`] (answers from the response type); [`control`] (the `/_mock/`
//! routes), [`watch`] (reloads), [`faults`], [`http`] (token, query,
//! body), [`retry`] (request IDs), [`journal`], [`state_file`], [`upstream`] (the hybrid mode: the real server first). [`handle`] holds the [`Engine`] (the
//! served spec and its state), [`options`] what it serves with, [`app`] the
//! router with its layers, [`loopback`] a server for tests, [`error`] what
//! can go wrong ([`EngineError`]).
//!
//! Invariant: no two files import each other; this file only declares the
//! modules and names what the crate uses most.

pub mod app;
pub mod around;
pub mod control;
pub mod effects;
pub mod error;
pub mod faults;
pub mod filters;
pub mod guard;
pub mod handle;
pub mod http;
pub mod journal;
pub mod lifecycle;
pub mod limits;
pub mod loopback;
pub mod options;
pub mod password;
pub mod profile;
pub mod render;
pub mod retry;
pub mod routing;
pub mod semantics;
pub mod serve;
pub mod spec;
pub mod stamps;
pub mod state_file;
pub mod store;
pub mod unique;
pub mod upstream;
pub use specgen::types::values as types;
pub mod validation;
pub mod watch;

pub use app::application;
pub use error::EngineError;
pub use handle::{Engine, Shared};
pub use loopback::{spawn_on_loopback, Running};
pub use options::EngineOptions;
