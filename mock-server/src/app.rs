//! The server's shared state and options.

use crate::state::Store;
use client_server_v2::Status;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
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
}

impl Default for Options {
    fn default() -> Self {
        Options { server_name: "localhost".into(), min_status: Status::Todo, body_limit: 64 * 1024, state_file: None }
    }
}

/// Injected faults, per endpoint name (`*` for all).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Fault {
    /// Added before answering.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests (0..=1) answered with 500 `M_UNKNOWN`.
    #[serde(default)]
    pub error_rate: f64,
}

/// Faults by endpoint name.
pub type Faults = BTreeMap<String, Fault>;

pub struct Shared {
    pub options: Options,
    store: Mutex<Store>,
    faults: Mutex<Faults>,
    /// Whether `faults` has any entry: requests read this, not the lock,
    /// while no fault is set (the usual case).
    any_faults: AtomicBool,
    /// Woken on every new event (long-polls wait on it).
    pub events: Notify,
    /// Held while the state file is written: saves queue, never interleave.
    saving: Mutex<()>,
}

/// A handle on the server's state, cheap to clone.
#[derive(Clone)]
pub struct App(pub Arc<Shared>);

impl App {
    pub fn new(options: Options) -> Self {
        let store = Store::new(&options.server_name);
        App(Arc::new(Shared {
            options,
            store: Mutex::new(store),
            faults: Mutex::default(),
            any_faults: AtomicBool::new(false),
            events: Notify::new(),
            saving: Mutex::new(()),
        }))
    }

    /// Loads the state file, if one is set and exists.
    pub fn load(&self) -> anyhow::Result<bool> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        if !path.exists() {
            return Ok(false);
        }
        let text = std::fs::read(path)?;
        let mut store: Store = serde_json::from_slice(&text).map_err(|e| anyhow::anyhow!("{}: not a state file: {e}", path.display()))?;
        store.reindex();
        *self.store() = store;
        Ok(true)
    }

    /// Writes the state file atomically. Saves queue behind one lock; each
    /// writes its own temporary file beside the target, syncs it, renames it
    /// over the target and syncs the directory, so a reader, a concurrent
    /// save or a crash (even SIGKILL) sees the old file or the new one,
    /// never a part. A failure names the path.
    pub fn save(&self) -> anyhow::Result<bool> {
        let Some(path) = &self.options().state_file else { return Ok(false) };
        let _one_at_a_time = self.0.saving.lock().unwrap_or_else(|p| p.into_inner());
        let json = serde_json::to_vec(&*self.store())?;
        write_atomically(path, &json).map_err(|e| anyhow::anyhow!("cannot save the state to {}: {e}", path.display()))?;
        Ok(true)
    }

    /// The fault for an endpoint (its own, else `*`).
    pub fn fault(&self, endpoint: &str) -> Option<Fault> {
        if !self.0.any_faults.load(Ordering::Acquire) {
            return None;
        }
        let f = self.lock_faults();
        f.get(endpoint).or_else(|| f.get("*")).cloned()
    }

    /// The faults set now (a copy: only [`App::set_faults`] changes them,
    /// so `any_faults` stays true to the map).
    pub fn faults(&self) -> Faults {
        self.lock_faults().clone()
    }

    fn lock_faults(&self) -> MutexGuard<'_, Faults> {
        self.0.faults.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the faults (an empty map clears them).
    pub fn set_faults(&self, faults: Faults) {
        let mut f = self.lock_faults();
        self.0.any_faults.store(!faults.is_empty(), Ordering::Release);
        *f = faults;
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

/// `bytes` into `path` through a temporary file of its own, synced, renamed
/// over `path`, and the directory synced (the rename itself is durable).
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    std::fs::File::open(dir)?.sync_all()
}
