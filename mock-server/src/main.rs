//! `mock-server`: serves the built-in spec's endpoints on the HTTP binding.

use clap::Parser;
use client_server_v2::Status;
use mock_server::Options;
use std::net::SocketAddr;

/// A stateful, in-memory mock of the Matrix Client-Server API v2 draft
/// (the built-in spec), for developing clients before any server exists.
#[derive(Debug, Parser)]
#[command(name = "mock-server", version, about)]
struct Cli {
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
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

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let level = if cli.verbose { tracing::Level::DEBUG } else { tracing::Level::INFO };
    tracing_subscriber::fmt().with_target(false).with_max_level(level).init();
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
    let addr: SocketAddr = format!("{}:{}", cli.host, cli.port).parse()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!("serving the built-in spec on http://{addr}/_matrix/client/v2 (mock control under /_mock/)");
        axum::serve(listener, mock_server::service(mock_server::router(app.clone())))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        if app.save()? {
            tracing::info!("state saved");
        }
        Ok(())
    })
}
