//! Generic engine: the router of a served spec with the layers around it.

use super::handle::Engine;
use super::{control, guard, limits, routing};

/// The engine's routes: CORS on the spec's routes, control routes closed to
/// web pages ([`guard`]), bodies declared too large refused at once and
/// panics answered as JSON ([`limits`]).
pub fn application(engine: Engine) -> axum::Router {
    let limit = engine.options().body_limit;
    // A state put back takes what an export gives, not a request's limit.
    let limit_of = move |r: &axum::extract::Request| if control::is_state_import(r) { control::STATE_LIMIT } else { limit };
    routing::router(engine)
        .layer(axum::middleware::from_fn(move |r, n| limits::declared_body_limit(limit_of(&r), r, n)))
        .layer(axum::middleware::from_fn(guard::control_routes))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(limits::panicked))
        .layer(guard::cors())
        .layer(axum::middleware::from_fn(guard::control_without_cors))
}
