//! Generic engine: the served application, the router with its layers.

use super::around::AroundLayer;
use super::handle::Engine;
use super::{control, guard, limits, routing};
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use tower::util::BoxCloneSyncService;
use tower::ServiceExt;

/// The application as one service: its layers wrap the router once, so each
/// runs once per request (on `Router::layer` they wrap every route, and are
/// cloned with it on every call).
pub type App = BoxCloneSyncService<Request, Response, Infallible>;

/// The engine's routes: CORS on the spec's routes, control routes closed to
/// web pages ([`guard`]), bodies declared too large refused at once and
/// panics answered as JSON ([`limits`]).
pub fn application(engine: Engine) -> App {
    let limit = engine.options().body_limit;
    // A state put back takes what an export gives, not a request's limit.
    let limit_of = move |r: &Request| if control::is_state_import(r) { control::STATE_LIMIT } else { limit };
    let stack = tower::ServiceBuilder::new()
        .layer(AroundLayer(guard::ControlWithoutCors))
        .layer(guard::cors())
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(limits::panicked))
        .layer(AroundLayer(limits::DeclaredBodyLimit(limit_of)))
        .service(routing::router(engine));
    BoxCloneSyncService::new(stack.map_response(IntoResponse::into_response))
}
