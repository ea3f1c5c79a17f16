//! The Matrix profile's state, and the options of the built-in server.

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

pub struct Shared {
    pub options: Options,
    store: Mutex<Store>,
    /// Woken on every new event (long-polls wait on it).
    pub events: Notify,
}

/// A handle on the profile's state, cheap to clone.
#[derive(Clone)]
pub struct App(pub Arc<Shared>);

impl App {
    pub fn new(options: Options) -> Self {
        let store = Store::new(&options.server_name);
        App(Arc::new(Shared { options, store: Mutex::new(store), events: Notify::new() }))
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
