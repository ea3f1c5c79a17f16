//! The server's shared state and options.

use crate::state::Store;
use client_server_v2::Status;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

#[derive(Debug, Clone)]
pub struct Options {
    pub server_name: String,
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            server_name: "localhost".into(),
            min_status: Status::Todo,
            body_limit: 64 * 1024,
            state_file: None,
            header_timeout: crate::engine::serve::HEADER_TIMEOUT,
        }
    }
}

pub use crate::engine::faults::{Fault, Faults};

pub struct Shared {
    pub options: Options,
    store: Mutex<Store>,
    faults: crate::engine::faults::FaultTable,
    /// Woken on every new event (long-polls wait on it).
    pub events: Notify,
}

/// A handle on the server's state, cheap to clone.
#[derive(Clone)]
pub struct App(pub Arc<Shared>);

impl App {
    pub fn new(options: Options) -> Self {
        let store = Store::new(&options.server_name);
        App(Arc::new(Shared { options, store: Mutex::new(store), faults: Default::default(), events: Notify::new() }))
    }

    /// Loads the state file, if one is set and exists.
    pub fn load(&self) -> anyhow::Result<bool> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        let Some(mut store) = crate::engine::state_file::read::<Store>(path)? else { return Ok(false) };
        store.check().map_err(|why| anyhow::anyhow!("{}: the state does not hold together: {why}", path.display()))?;
        store.reindex();
        *self.store() = store;
        Ok(true)
    }

    /// Writes the state file, if one is set.
    pub fn save(&self) -> anyhow::Result<bool> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        crate::engine::state_file::write(path, &*self.store())?;
        Ok(true)
    }

    /// The fault for an endpoint (its own, else `*`).
    pub fn fault(&self, endpoint: &str) -> Option<Fault> {
        self.0.faults.get(endpoint)
    }

    /// The faults set now (a copy).
    pub fn faults(&self) -> Faults {
        self.0.faults.all()
    }

    /// Replaces the faults (an empty map clears them).
    pub fn set_faults(&self, faults: Faults) {
        self.0.faults.set(faults)
    }

    /// The store, locked. A handler that panicked while holding the lock
    /// left no half-change behind it (changes are made after all checks), so
    /// a poisoned lock is taken over.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn options(&self) -> &Options {
        &self.0.options
    }
}
