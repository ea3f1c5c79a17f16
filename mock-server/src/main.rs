//! `mock-server`: serves the built-in spec's endpoints on the HTTP binding.

use clap::Parser;
use client_server_v2::Status;
use mock_server::Options;
use std::io::IsTerminal;

/// A stateful, in-memory mock of the Matrix Client-Server API v2 draft
/// (the built-in spec), for developing clients before any server exists.
#[derive(Debug, Parser)]
#[command(name = "mock-server", version, about)]
struct Cli {
    /// The address or host name to listen on (a name listens on the first
    /// of its addresses that can be bound).
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// The port to listen on (0: any free port, named in the log).
    #[arg(long, default_value_t = 8008)]
    port: u16,
    /// The server name in user, room, alias and event IDs.
    #[arg(long, default_value = "localhost")]
    server_name: String,
    /// Hide sections below this status (404 M_UNRECOGNIZED): draft or final.
    #[arg(long, value_parser = parse_status)]
    min_status: Option<Status>,
    /// Load the state from this file at start; save it there (atomically) at
    /// shutdown and on POST /_mock/save.
    #[arg(long)]
    state_file: Option<std::path::PathBuf>,
    /// Log every request (endpoint, status).
    #[arg(long, short)]
    verbose: bool,
}

fn parse_status(s: &str) -> Result<Status, String> {
    Status::parse(s).ok_or_else(|| format!("{s:?}: one of todo, ongoing, draft, final"))
}

fn main() -> std::process::ExitCode {
    match serve(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn serve(cli: Cli) -> anyhow::Result<()> {
    let level = if cli.verbose { tracing::Level::DEBUG } else { tracing::Level::INFO };
    // Logs go to stderr, coloured only when it is a terminal.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .with_max_level(level)
        .init();
    let options = Options {
        server_name: cli.server_name,
        min_status: cli.min_status.unwrap_or(Status::Todo),
        state_file: cli.state_file,
        ..Options::default()
    };
    let app = mock_server::App::new(options);
    if app.load()? {
        tracing::info!("state loaded from {}", app.options().state_file.as_ref().map(|p| p.display().to_string()).unwrap_or_default());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = listen(&cli.host, cli.port).await?;
        let addr = listener.local_addr()?;
        tracing::info!("serving the built-in spec on http://{addr}/_matrix/client/v2 (mock control under /_mock/)");
        // The first SIGINT or SIGTERM stops accepting and lets open requests
        // finish, for at most DRAIN; a second signal stops waiting at once.
        // Either way the state is saved before exit.
        let stop = std::sync::Arc::new(tokio::sync::Notify::new());
        let stopping = stop.clone();
        let server = axum::serve(listener, mock_server::service(mock_server::router(app.clone())))
            .with_graceful_shutdown(async move { stopping.notified().await });
        let server = std::future::IntoFuture::into_future(server);
        tokio::pin!(server);
        tokio::select! {
            served = &mut server => served?,
            () = async {
                shutdown_signal().await;
                tracing::info!("stopping: finishing open requests (at most {} s; a second signal stops at once)", DRAIN.as_secs());
                stop.notify_one();
                tokio::select! {
                    () = tokio::time::sleep(DRAIN) => tracing::warn!("open connections left after {} s: closed", DRAIN.as_secs()),
                    () = shutdown_signal() => tracing::warn!("second signal: stopping now"),
                }
            } => {}
        }
        if app.save()? {
            tracing::info!("state saved");
        }
        Ok(())
    })
}

/// How long open requests may take to finish after a stop signal.
const DRAIN: std::time::Duration = std::time::Duration::from_secs(3);

/// SIGINT (Ctrl-C) or SIGTERM (how Docker and systemd stop a service).
async fn shutdown_signal() {
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = term => {}
    }
}

/// Listens on `host` (an address or a name, resolved) and `port`: the first
/// resolved address that can be bound. Errors name the addresses tried.
async fn listen(host: &str, port: u16) -> anyhow::Result<tokio::net::TcpListener> {
    let addrs: Vec<_> =
        tokio::net::lookup_host((host, port)).await.map_err(|e| anyhow::anyhow!("cannot resolve --host {host:?}: {e}"))?.collect();
    let mut failures = Vec::new();
    for addr in &addrs {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(e) => failures.push(format!("{addr}: {e}")),
        }
    }
    match failures.as_slice() {
        [one] => anyhow::bail!("cannot listen on {one}"),
        many => anyhow::bail!("cannot listen on {host}:{port}: {}", many.join("; ")),
    }
}
