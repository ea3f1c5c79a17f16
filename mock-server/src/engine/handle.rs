//! Generic engine: the handle on a served spec and its state, shared by
//! every request, the control routes and the watcher.

use super::error::{EngineError, StateError};
use super::journal::Tokens;
use super::options::EngineOptions;
use super::spec::{self, Served};
use super::store::Store;
use super::{effects, faults, semantics, state_file};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use tokio::sync::Notify;

pub struct Shared {
    pub options: EngineOptions,
    served: RwLock<Arc<Served>>,
    store: Mutex<Store>,
    pub faults: faults::FaultTable,
    /// Woken on every write (feeds wait on it).
    pub changes: Notify,
    /// The real server of the hybrid mode.
    pub upstream: Option<super::upstream::Upstream>,
}

/// A handle on a served spec and its state, cheap to clone.
#[derive(Clone)]
pub struct Engine(pub Arc<Shared>);

impl Engine {
    /// Reads the spec; the error lists its located diagnostics.
    pub fn new(options: EngineOptions) -> Result<Self, EngineError> {
        let served = spec::load(&options.source, &options.profiles)?;
        let upstream = options.upstream.clone().map(super::upstream::Upstream::new);
        Ok(Engine(Arc::new(Shared {
            upstream,
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
    /// The error format of the spec served at the time of each answer.
    pub fn error_style(&self) -> crate::error::ErrorStyle {
        let engine = self.clone();
        crate::error::ErrorStyle::new(move || engine.served().errors.clone())
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn options(&self) -> &EngineOptions {
        &self.0.options
    }

    /// Loads the state file, if one is set and exists (a bound profile
    /// reads it as its own state).
    pub fn load(&self) -> Result<bool, EngineError> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        let Some(state) = state_file::read(path)? else { return Ok(false) };
        self.import(&state).map_err(|error| EngineError::StateFile { path: path.clone(), error })?;
        Ok(true)
    }

    /// Writes the state file, if one is set.
    pub fn save(&self) -> Result<bool, EngineError> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        match &self.served().profile {
            Some(p) => state_file::write(path, &p.export(Tokens::Shown))?,
            None => state_file::write(path, &self.store().export(Tokens::Shown))?,
        }
        Ok(true)
    }

    /// Replaces the state with an export (the bound profile's, or the
    /// store's); refused, naming why, when it does not hold together.
    pub fn import(&self, state: &[u8]) -> Result<(), StateError> {
        match &self.served().profile {
            Some(p) => p.import(state)?,
            None => {
                let mut store: Store = serde_json::from_slice(state).map_err(StateError::NotAnExport)?;
                let served = self.served();
                let creates = served.routes.iter().filter(|r| r.plan.effect() == semantics::Effect::Create);
                let kinds: Vec<(&str, &str, String)> = creates
                    .map(|r| {
                        let (counter, example) = effects::id_example(&served, &r.plan);
                        (r.plan.resource.as_str(), counter, example)
                    })
                    .collect();
                let kinds: Vec<(&str, &str, &str)> = kinds.iter().map(|(r, c, e)| (*r, *c, e.as_str())).collect();
                store.check(&kinds).map_err(StateError::Inconsistent)?;
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
        if let Some(u) = &self.0.upstream {
            u.reset();
        }
        self.0.changes.notify_waiters();
    }
}
