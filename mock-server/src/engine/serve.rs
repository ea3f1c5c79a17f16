//! Generic engine (shared with the Matrix profile): connections served one
//! task each, with the protections a server on a developer's machine needs
//! against slow or careless clients.
//!
//! Invariants: a client has [`HEADER_TIMEOUT`] (or what the caller says) to
//! send its request head, which is also how long a kept-alive connection may
//! stay idle, and [`BODY_TIMEOUT`] to send its body; at most [`connection_cap`] connections
//! are open at once (the rest wait in the listen queue, so the process never
//! runs out of file descriptors and keeps serving); a failed accept (such as
//! running out of descriptors anyway) waits a moment instead of spinning.

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
    router: axum::Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) -> impl Future<Output = ()> {
    let permits = Arc::new(Semaphore::new(connection_cap()));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(header_timeout);
    let router = router.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(BODY_TIMEOUT));
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
            () = &mut stop => break,
        };
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
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    async move { graceful.shutdown().await }
}
