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

use engine::profile::Profiles;
use engine::spec::Embedded;
use engine::EngineOptions;
use std::sync::Arc;

/// The built-in spec and its overlay, compiled into the server: what it
/// serves without `--spec`.
pub const BUILTIN: Embedded =
    Embedded { spec: include_str!("../../spec/client_server_v2.rst"), bindings: Some(include_str!("../../spec/bindings.toml")) };

/// The server name in the Matrix profile's ids unless `--server-name` says
/// otherwise.
pub const SERVER_NAME: &str = "localhost";

/// The profiles this server has: Matrix's (its ids on `server_name`), over
/// a fresh state.
pub fn profiles(server_name: &str) -> Profiles {
    Profiles::default().with(Arc::new(matrix::profile::Matrix::new(matrix::app::App::new(server_name))))
}

/// The options that serve the built-in spec with its Matrix profile (over
/// a fresh state), the others at their defaults.
pub fn builtin(server_name: &str) -> EngineOptions {
    let mut options = EngineOptions::new("spec/client_server_v2.rst", Some("spec/bindings.toml".into()));
    options.source.embedded = Some(BUILTIN);
    options.profiles = profiles(server_name);
    options
}

/// Serves `options` on 127.0.0.1 (a free port) from a background thread
/// with its own runtime (the state file loaded first, when set), and
/// returns the address once it listens. For tests, examples and
/// benchmarks of the built-in spec ([`builtin`]); the binary serves through
/// `main`.
pub fn spawn_on_loopback(options: EngineOptions) -> std::net::SocketAddr {
    let running = engine::spawn_on_loopback(options).unwrap_or_else(|e| panic!("the built-in spec serves: {e}"));
    let addr = running.addr;
    // Served until the process ends, as before.
    std::mem::forget(running);
    addr
}
