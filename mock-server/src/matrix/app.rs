//! The Matrix profile's state and the server name its ids carry (what it is
//! served with otherwise is the engine's [`crate::engine::EngineOptions`]).

use super::state::Store;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::Notify;

pub struct Shared {
    /// The server name in user, room, alias and event IDs.
    pub server_name: String,
    store: Mutex<Store>,
    /// Woken on every new event (long-polls wait on it).
    pub events: Notify,
}

/// A handle on the profile's state, cheap to clone.
#[derive(Clone)]
pub struct App(pub Arc<Shared>);

impl App {
    pub fn new(server_name: &str) -> Self {
        App(Arc::new(Shared { server_name: server_name.to_string(), store: Mutex::new(Store::new(server_name)), events: Notify::new() }))
    }

    /// The store, locked. A handler that panicked while holding the lock
    /// left no half-change behind it (changes are made after all checks), so
    /// a poisoned lock is taken over.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}
