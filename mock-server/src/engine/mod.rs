//! The generic engine: serves any spec the specgen reader accepts, read at
//! run time (`mock-server --spec FILE`), with no code generation. Nothing
//! here knows Matrix; the built-in spec's Matrix profile lives in
//! [`crate::matrix`], and uses the generic pieces of [`faults`], [`http`]
//! and [`journal`].
//!
//! Layout: [`spec`] (the spec read and planned) → [`routing`] (matching a
//! request to an endpoint, the pipeline) → [`validation`] (requests checked
//! against the runtime [`types`]) → [`semantics`] (what each endpoint does,
//! inferred) → [`effects`] (the plan applied to the [`store`]) →
//! [`render`] (answers from the response type); [`control`] (the `/_mock/`
//! routes), [`watch`] (reloads), [`faults`], [`http`] (token, query,
//! body), [`journal`], [`state_file`].

pub mod control;
pub mod effects;
pub mod faults;
pub mod guard;
pub mod http;
pub mod journal;
pub mod limits;
pub mod password;
pub mod profile;
pub mod render;
pub mod routing;
pub mod semantics;
pub mod serve;
pub mod spec;
pub mod state_file;
pub mod store;
pub use specgen::types::values as types;
pub mod validation;
pub mod watch;

use spec::{Served, Source};
use specgen::Status;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use store::Store;
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub source: Source,
    /// Sections below this status answer 404 `M_UNRECOGNIZED`.
    pub min_status: Status,
    /// Largest request body accepted (413 `M_TOO_LARGE` beyond).
    pub body_limit: usize,
    /// Where the state is loaded from at start and saved to at shutdown and
    /// on `POST /_mock/save`.
    pub state_file: Option<std::path::PathBuf>,
    /// How long a client may take to send a request head, and how long a
    /// kept-alive connection may stay idle.
    pub header_timeout: std::time::Duration,
    /// The domain profiles an overlay may bind (`profile = "matrix"`).
    pub profiles: profile::Profiles,
}

impl EngineOptions {
    pub fn new(spec: impl Into<std::path::PathBuf>, bindings: Option<std::path::PathBuf>) -> Self {
        EngineOptions {
            source: Source { spec: spec.into(), bindings, embedded: None },
            min_status: Status::Todo,
            body_limit: 64 * 1024,
            state_file: None,
            header_timeout: serve::HEADER_TIMEOUT,
            profiles: profile::Profiles::default(),
        }
    }
}

pub struct Shared {
    pub options: EngineOptions,
    served: RwLock<Arc<Served>>,
    store: Mutex<Store>,
    pub faults: faults::FaultTable,
    /// Woken on every write (feeds wait on it).
    pub changes: Notify,
}

/// A handle on a served spec and its state, cheap to clone.
#[derive(Clone)]
pub struct Engine(pub Arc<Shared>);

impl Engine {
    /// Reads the spec; the error lists its located diagnostics.
    pub fn new(options: EngineOptions) -> Result<Self, String> {
        let served = spec::load(&options.source, &options.profiles)?;
        Ok(Engine(Arc::new(Shared {
            options,
            served: RwLock::new(Arc::new(served)),
            store: Mutex::default(),
            faults: Default::default(),
            changes: Notify::new(),
        })))
    }

    /// The spec served now (a reload replaces it; requests keep the one they
    /// started with).
    pub fn served(&self) -> Arc<Served> {
        self.0.served.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Serves `served` from now on; the store is kept (records of resources
    /// the new spec no longer has stay stored, unserved).
    pub fn replace(&self, served: Served) {
        *self.0.served.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(served);
    }

    /// The store, locked. Changes are made after every check, so a panic
    /// leaves no half-change and a poisoned lock is taken over.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn options(&self) -> &EngineOptions {
        &self.0.options
    }

    /// Loads the state file, if one is set and exists (a bound profile
    /// reads it as its own state).
    pub fn load(&self) -> anyhow::Result<bool> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        let Some(state) = state_file::read(path)? else { return Ok(false) };
        self.import(&state).map_err(|why| anyhow::anyhow!("{}: {why}", path.display()))?;
        Ok(true)
    }

    /// Writes the state file, if one is set.
    pub fn save(&self) -> anyhow::Result<bool> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        match &self.served().profile {
            Some(p) => state_file::write(path, &p.export(journal::Tokens::Shown))?,
            None => state_file::write(path, &self.store().export(journal::Tokens::Shown))?,
        }
        Ok(true)
    }

    /// Replaces the state with an export (the bound profile's, or the
    /// store's); refused, naming why, when it does not hold together.
    pub fn import(&self, state: &[u8]) -> Result<(), String> {
        match &self.served().profile {
            Some(p) => p.import(state)?,
            None => {
                let mut store: Store = serde_json::from_slice(state).map_err(|e| format!("not a state export: {e}"))?;
                let served = self.served();
                let creates = served.routes.iter().filter(|r| r.plan.effect() == semantics::Effect::Create);
                let kinds: Vec<(&str, &str, String)> = creates
                    .map(|r| {
                        let (counter, example) = effects::id_example(&served, &r.plan);
                        (r.plan.resource.as_str(), counter, example)
                    })
                    .collect();
                let kinds: Vec<(&str, &str, &str)> = kinds.iter().map(|(r, c, e)| (*r, *c, e.as_str())).collect();
                store.check(&kinds).map_err(|why| format!("the state does not hold together: {why}"))?;
                store.reindex();
                *self.store() = store;
            }
        }
        self.0.changes.notify_waiters();
        Ok(())
    }

    /// Forgets every record, account and request (and the profile's state).
    pub fn reset(&self) {
        *self.store() = Store::default();
        if let Some(p) = &self.served().profile {
            p.reset();
        }
        self.0.changes.notify_waiters();
    }
}

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

/// A served engine on a loopback port, stopped when dropped.
pub struct Running {
    pub addr: std::net::SocketAddr,
    pub engine: Engine,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Serves `options` on 127.0.0.1 (a free port) from a background thread
/// with its own runtime (the state file loaded first, when set), until the
/// handle is dropped. For tests, examples
/// and benchmarks; the binary serves through `main`.
pub fn spawn_on_loopback(options: EngineOptions) -> Result<Running, String> {
    let engine = Engine::new(options)?;
    engine.load().map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = engine.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
            tx.send(listener.local_addr().expect("bound")).expect("the caller waits");
            let header_timeout = serving.options().header_timeout;
            let drained = serve::serve(listener, application(serving), header_timeout, async {
                let _ = stopped.await;
            })
            .await;
            drained.await;
        });
    });
    let addr = rx.recv().expect("the server thread reports its address");
    Ok(Running { addr, engine, stop: Some(stop) })
}
