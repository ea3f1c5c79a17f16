//! Generic engine (shared with the Matrix profile): connections served one
//! task each, with the protections a server on a developer's machine needs
//! against slow or careless clients, as nginx has them.
//!
//! Invariants: a client has [`HEADER_TIMEOUT`] (or what the caller says) to
//! send its request head, which is also how long a kept-alive connection may
//! stay idle, [`BODY_TIMEOUT`] to send its body, and
//! [`socket::WRITE_TIMEOUT`] for each write of its answer to make progress;
//! a client that shuts its side after its request still gets its answer
//! (half-close); a connection the server closes while the client may still
//! be sending (a body over the limit) lingers, reading and throwing away
//! what comes, so the client reads the answer. At most [`connection_cap`]
//! connections are open at once (the process never runs out of file
//! descriptors); at the cap, the connection that has waited longest without
//! a request running ([`conns`]) is shed for the new one, so a complete
//! request is served even while hundreds of clients stall, and only when
//! every connection has a request running does a new one wait in the
//! listen queue. A failed accept (such as running out of descriptors
//! anyway) waits a moment instead of spinning.
//!
//! Every answer is JSON, even to a request the HTTP parser (hyper) refuses:
//! the head limit ([`limits::MAX_HEAD`]) is checked in a layer, with the
//! parser's bound set above it ([`PARSER_MAX_HEAD`]); what the parser
//! refuses itself (a malformed request line or header, a target longer than
//! [`PARSER_MAX_TARGET`], more than [`limits::MAX_HEADERS`] headers, a head
//! past [`PARSER_MAX_HEAD`]) it would answer with an empty 400, 414 or 431:
//! [`parse_errors`] puts a JSON answer in its place.

pub mod body_timeout;
pub mod conns;
mod parse_errors;
pub mod socket;

use super::app::App;
use super::around::AroundLayer;
use super::limits;
use crate::error::ErrorStyle;
use axum::body::Body;
use axum::http::Request;
use hyper::body::Incoming;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a client may take to send its request line and headers (and
/// how long a kept-alive connection may wait for its next request).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take to send its body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
pub use parse_errors::{PARSER_MAX_HEAD, PARSER_MAX_TARGET};

/// The most connections open at once: the process's descriptor limit less
/// a reserve for files (the state file, logs), at least 64.
pub fn connection_cap() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|t| t.lines().find(|l| l.starts_with("Max open files")).and_then(|l| l.split_whitespace().nth(3)?.parse::<usize>().ok()));
    soft.map_or(1024, |n| n.saturating_sub(64).max(64))
}

/// Serves `router` on `listener` until `stop` resolves; then stops
/// accepting and returns a future that resolves when every open connection
/// has finished (the caller bounds how long it waits).
pub async fn serve(
    listener: TcpListener,
    app: App,
    header_timeout: Duration,
    errors: ErrorStyle,
    stop: impl Future<Output = ()>,
) -> impl Future<Output = ()> {
    let permits = Arc::new(Semaphore::new(connection_cap()));
    let conns = Arc::new(conns::Conns::default());
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    // No more headers than hyper's default (100): its header table then
    // stays on the stack (more would cost every request a heap allocation).
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_header_size(PARSER_MAX_HEAD)
        .max_headers(limits::MAX_HEADERS)
        .half_close(true);
    // Around the whole application once: the edge, then the body timeout.
    let app = tower::ServiceBuilder::new()
        .map_request(|r: Request<Incoming>| r.map(Body::new))
        .layer(AroundLayer(limits::Edge(errors.clone())))
        .map_request(|r: Request<Body>| r.map(|b| Body::new(body_timeout::LazyTimeout::new(BODY_TIMEOUT, b))))
        .service(app);
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!("accept failed ({e}); retrying in 100 ms");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let Some(permit) = slot(&permits, &conns, &mut stop).await else { break };
        let _ = stream.set_nodelay(true);
        let (id, conn) = conns.open();
        let inner = TowerToHyperService::new(app.clone());
        let marked = conn.clone();
        // The connection waits, and may be shed, but while a handler runs.
        let service = hyper::service::service_fn(move |req| {
            let running = marked.running();
            let answered = hyper::service::Service::call(&inner, req);
            async move {
                let answer = answered.await;
                drop(running);
                answer
            }
        });
        let (socket, mut held) = socket::Socket::new(stream, conn.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(socket), service));
        let conns = conns.clone();
        let errors = errors.clone();
        tokio::spawn(async move {
            tokio::select! {
                ended = connection => {
                    // The socket is back when it held the parser's own
                    // answer, or the client may still be sending.
                    if let Ok(held) = held.try_recv() {
                        let format = errors.current();
                        tokio::select! {
                            () = parse_errors::linger(held, ended.err(), &format) => {}
                            () = conn.until_shed() => {}
                        }
                    }
                }
                () = conn.until_shed() => {}
            }
            conns.close(id);
            drop(permit);
        });
    }
    async move { graceful.shutdown().await }
}

/// A connection slot for a connection just accepted: a free one, else the
/// one of the connection that has waited longest without a request running
/// (shed for it), else the first to come free. `None` when `stop` comes
/// first.
async fn slot(
    permits: &Arc<Semaphore>,
    conns: &conns::Conns,
    stop: &mut std::pin::Pin<&mut impl Future<Output = ()>>,
) -> Option<tokio::sync::OwnedSemaphorePermit> {
    loop {
        if let Ok(p) = permits.clone().try_acquire_owned() {
            return Some(p);
        }
        let shed = conns.shed_oldest();
        // A shed connection gives its slot back at once; without one, look
        // again now and then (a handler may finish and its connection wait).
        let wait = if shed { Duration::from_secs(1) } else { Duration::from_millis(50) };
        tokio::select! {
            p = permits.clone().acquire_owned() => return p.ok(),
            () = tokio::time::sleep(wait) => {}
            () = stop.as_mut() => return None,
        }
    }
}
