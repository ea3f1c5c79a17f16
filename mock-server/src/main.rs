//! `mock-server`: serves the built-in spec's endpoints on the HTTP binding
//! (its Matrix profile), or any spec with `--spec` (the generic engine).

use clap::Parser;

/// mimalloc: glibc's allocator spent a tenth of an authenticated send's CPU
/// time (its fast bins consolidated on every allocation of a kilobyte or
/// more); see the README's benchmark section.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use mock_server::engine::EngineOptions;
use specgen::Status;
use std::io::IsTerminal;

/// A stateful, in-memory mock of the Matrix Client-Server API v2 draft
/// (the built-in spec), or of any prose spec given with --spec, for
/// developing clients before any server exists.
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
    /// Serve this spec (reStructuredText or Markdown) instead of the built-in
    /// one: read at start, no code generation; state inferred per endpoint,
    /// or the rules of the profile its overlay binds (profile = "matrix").
    #[arg(long, value_name = "FILE")]
    spec: Option<std::path::PathBuf>,
    /// The bindings overlay of --spec (default: bindings.toml beside the
    /// spec, when there is one).
    #[arg(long, value_name = "FILE", requires = "spec", conflicts_with = "no_bindings")]
    bindings: Option<std::path::PathBuf>,
    /// Read --spec without any overlay.
    #[arg(long, requires = "spec")]
    no_bindings: bool,
    /// Re-read --spec (and its overlay) when they change on disk, keeping
    /// the state; a spec with errors leaves the previous one served.
    #[arg(long, requires = "spec")]
    watch: bool,
    /// Hybrid mode: send each request to this server first (plain
    /// http://); the mock answers an endpoint the server does not have (it
    /// answers 404, 405 or 501, and never answered it otherwise), reading
    /// the server's records it names. Answers that
    /// differ from the draft are logged and counted in GET /_mock/drift.
    #[arg(long, value_name = "URL")]
    upstream: Option<String>,
    /// With --upstream: answer 502 instead of a drifting answer.
    #[arg(long, requires = "upstream")]
    strict: bool,
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
    if let Some(spec) = cli.spec.clone() {
        return serve_spec(cli, spec);
    }
    let options = server_options(&cli, mock_server::builtin(&cli.server_name))?;
    let engine = mock_server::engine::Engine::new(options).map_err(|e| anyhow::anyhow!("cannot serve the built-in spec:\n{e}"))?;
    run(cli, engine, |addr, _| format!("serving the built-in spec on http://{addr}/_matrix/client/v2 (mock control under /_mock/)"))
}

/// Loads the state file, serves `engine` until a stop signal (reloading
/// the spec on changes with `--watch`), then saves the state. `banner` is
/// the first log line once the address is known.
fn run(
    cli: Cli,
    engine: mock_server::engine::Engine,
    banner: impl FnOnce(std::net::SocketAddr, &mock_server::engine::spec::Served) -> String,
) -> anyhow::Result<()> {
    if engine.load()? {
        tracing::info!("state loaded from {}", cli.state_file.as_ref().map(|p| p.display().to_string()).unwrap_or_default());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = listen(&cli.host, cli.port).await?;
        // Watching starts before the banner: an edit made once a client
        // has seen it is one the watcher sees.
        if cli.watch {
            mock_server::engine::watch::spawn(engine.clone())?;
        }
        tracing::info!("{}", banner(listener.local_addr()?, &engine.served()));
        let header_timeout = engine.options().header_timeout;
        serve_until_stopped(listener, mock_server::engine::application(engine.clone()), header_timeout, engine.error_style()).await?;
        if engine.save()? {
            tracing::info!("state saved");
        }
        Ok(())
    })
}

/// `options` with what the command line sets: the status gate and the
/// state file.
fn server_options(cli: &Cli, options: EngineOptions) -> anyhow::Result<EngineOptions> {
    let upstream = match &cli.upstream {
        Some(url) => Some(mock_server::engine::upstream::Target::parse(url, cli.strict).map_err(anyhow::Error::msg)?),
        None => None,
    };
    Ok(EngineOptions { min_status: cli.min_status.unwrap_or(Status::Todo), state_file: cli.state_file.clone(), upstream, ..options })
}

/// Serves `router` until SIGINT or SIGTERM. The first signal stops accepting
/// and lets open requests finish, for at most DRAIN; a second one stops
/// waiting at once. The caller saves the state after it returns.
async fn serve_until_stopped(
    listener: tokio::net::TcpListener,
    app: mock_server::engine::app::App,
    header_timeout: std::time::Duration,
    errors: mock_server::error::ErrorStyle,
) -> anyhow::Result<()> {
    let drained = mock_server::engine::serve::serve(listener, app, header_timeout, errors, shutdown_signal()).await;
    tracing::info!("stopping: finishing open requests (at most {} s; a second signal stops at once)", DRAIN.as_secs());
    tokio::select! {
        () = drained => {}
        () = tokio::time::sleep(DRAIN) => tracing::warn!("open connections left after {} s: closed", DRAIN.as_secs()),
        () = shutdown_signal() => tracing::warn!("second signal: stopping now"),
    }
    Ok(())
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

/// The overlay of `--spec`: `--bindings`, else `bindings.toml` beside the
/// spec unless `--no-bindings`.
fn overlay(cli: &Cli, spec: &std::path::Path) -> Option<std::path::PathBuf> {
    if cli.no_bindings {
        return None;
    }
    cli.bindings.clone().or_else(|| Some(spec.with_file_name("bindings.toml")).filter(|p| p.is_file()))
}

/// Serves `spec` through the generic engine.
fn serve_spec(cli: Cli, spec: std::path::PathBuf) -> anyhow::Result<()> {
    let bindings = overlay(&cli, &spec);
    // An overlay read only because it lies beside the spec is named, so a
    // spec saved next to another spec's overlay is not a puzzle.
    let beside = bindings.as_ref().filter(|_| cli.bindings.is_none()).map(|b| b.display().to_string());
    if let Some(b) = &beside {
        tracing::info!("reading the overlay {b}, found beside the spec (--no-bindings serves the spec without it)");
    }
    // The Matrix profile, which the spec's overlay may bind.
    let options =
        EngineOptions { profiles: mock_server::profiles(&cli.server_name), ..server_options(&cli, EngineOptions::new(&spec, bindings))? };
    let engine = mock_server::engine::Engine::new(options).map_err(|e| match &beside {
        Some(b) => anyhow::anyhow!(
            "cannot serve the spec:\n{e}\n  = note: {b} was read because it lies beside the spec; \
             --no-bindings serves the spec without it, --bindings FILE with another"
        ),
        None => anyhow::anyhow!("cannot serve the spec:\n{e}"),
    })?;
    run(cli, engine, |addr, served| {
        let n = served.routes.len();
        let profile = served.profile.as_ref().map_or(String::new(), |p| format!(", the {} profile", p.name()));
        format!("serving {} ({n} endpoints{profile}) on http://{addr}{} (mock control under /_mock/)", spec.display(), served.prefix)
    })
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
