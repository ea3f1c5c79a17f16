//! A stateful, in-memory mock of the built-in spec's endpoints, for client
//! developers: routed from the generated endpoint table, requests validated
//! against the generated types, one state store behind them.
//!
//! Layout: [`routes`] (the router and the request pipeline) →
//! [`handlers`] (one module per API group, and the generic path) →
//! [`state`] (the one store).

pub mod app;
pub mod error;
pub mod handlers;
pub mod request;
pub mod routes;
pub mod state;

pub use app::{App, Options};

/// The application with CORS (browser clients work) and its routes.
pub fn application(options: Options) -> axum::Router {
    router(App::new(options))
}

/// The routes of an existing app (e.g. one loaded from a state file).
pub fn router(app: App) -> axum::Router {
    routes::router(app).layer(tower_http::cors::CorsLayer::permissive())
}
