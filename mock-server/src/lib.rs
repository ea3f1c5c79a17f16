//! A stateful, in-memory mock for client developers, in two parts that live
//! apart:
//!
//! - [`engine`]: generic. Serves any prose spec read at run time
//!   (`mock-server --spec FILE`): routes from its type space, requests
//!   validated against the runtime types, state inferred per endpoint.
//! - [`matrix`]: the Matrix profile of the built-in spec, compiled against
//!   the generated crate: what `mock-server` serves without `--spec`.
//!
//! [`error`] (the binding's JSON errors) is shared by both.

pub mod engine;
pub mod error;
pub mod matrix;

pub use matrix::{app, handlers, request, routes, state};

pub use app::{App, Options};

/// The application with its routes: CORS on the spec's routes (browser
/// clients work), control routes closed to web pages ([`engine::guard`]).
pub fn application(options: Options) -> axum::Router {
    router(App::new(options))
}

/// The routes of an existing app (e.g. one loaded from a state file).
pub fn router(app: App) -> axum::Router {
    let limit = app.options().body_limit;
    routes::router(app)
        .layer(axum::middleware::from_fn(move |r, n| engine::limits::declared_body_limit(limit, r, n)))
        .layer(axum::middleware::from_fn(engine::guard::control_routes))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(engine::limits::panicked))
        .layer(engine::guard::cors())
}

/// The service `axum::serve` takes: the router's routes made ready once.
/// (Served as a bare `Router`, axum rebuilds the whole router, layers and
/// all, for every connection, and drops that copy when it closes: measured,
/// a fifth of the CPU while 1,000 long-polls answer and close.)
pub fn service(router: axum::Router) -> axum::routing::IntoMakeService<axum::Router> {
    router.into_make_service()
}

/// Serves `options` on 127.0.0.1 (a free port) from a background thread
/// with its own runtime, and returns the address once it listens. For tests,
/// examples and benchmarks; the binary serves through `main`.
pub fn spawn_on_loopback(options: Options) -> std::net::SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
            tx.send(listener.local_addr().expect("bound")).expect("the caller waits");
            let header_timeout = options.header_timeout;
            engine::serve::serve(listener, application(options), header_timeout, std::future::pending()).await.await;
        });
    });
    rx.recv().expect("the server thread reports its address")
}
