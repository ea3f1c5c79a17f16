//! A stateful, in-memory mock for client developers, in two parts that live
//! apart:
//!
//! - [`engine`]: generic. Serves any prose spec read at run time
//!   (`mock-server --spec FILE`): routes from its type space, requests
//!   validated against the runtime types, state inferred per endpoint, and
//!   a plug-in point ([`engine::profile::Profile`]) for domain profiles.
//! - [`matrix`]: the Matrix profile of the built-in spec, compiled against
//!   the generated crate and bound by the spec's overlay
//!   (`profile = "matrix"`). `mock-server` without `--spec` serves the
//!   built-in spec through the engine with this profile.
//!
//! [`error`] (the binding's JSON errors) is shared by both.

pub mod engine;
pub mod error;
pub mod matrix;

pub use matrix::{app, handlers, request, state};

pub use app::{App, Options};

use engine::profile::Profiles;
use engine::spec::{Embedded, Source};
use engine::EngineOptions;
use std::sync::Arc;

/// The built-in spec and its overlay, compiled into the server: what it
/// serves without `--spec`.
pub const BUILTIN: Embedded =
    Embedded { spec: include_str!("../../spec/client_server_v2.rst"), bindings: Some(include_str!("../../spec/bindings.toml")) };

/// The profiles this server has: Matrix's, over a fresh state.
pub fn profiles(options: &Options) -> Profiles {
    Profiles::default().with(Arc::new(matrix::profile::Matrix::new(App::new(options.clone()))))
}

/// The engine options that serve the built-in spec with its Matrix profile.
pub fn builtin(options: &Options) -> EngineOptions {
    let min_status = specgen::Status::parse(options.min_status.as_str()).unwrap_or(specgen::Status::Todo);
    EngineOptions {
        source: Source { spec: "spec/client_server_v2.rst".into(), bindings: Some("spec/bindings.toml".into()), embedded: Some(BUILTIN) },
        min_status,
        body_limit: options.body_limit,
        state_file: options.state_file.clone(),
        header_timeout: options.header_timeout,
        profiles: profiles(options),
    }
}

/// Serves `options` on 127.0.0.1 (a free port) from a background thread
/// with its own runtime (the state file loaded first, when set), and
/// returns the address once it listens. For tests, examples and
/// benchmarks; the binary serves through `main`.
pub fn spawn_on_loopback(options: Options) -> std::net::SocketAddr {
    let running = engine::spawn_on_loopback(builtin(&options)).unwrap_or_else(|e| panic!("the built-in spec serves: {e}"));
    let addr = running.addr;
    // Served until the process ends, as before.
    std::mem::forget(running);
    addr
}
