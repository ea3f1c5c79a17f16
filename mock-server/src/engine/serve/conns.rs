//! The open connections and what each is doing, so that at the connection
//! cap the server sheds the one that has waited longest without a request
//! running (one still sending its head, idle between requests, not reading
//! its answer, or lingering after its close), oldest first, and a complete
//! request is served.
//!
//! Invariants: a connection is waiting from its accept until a handler
//! takes a request, and again from the moment that handler is done (or
//! dropped); a connection whose request a handler is working on (a
//! long-poll, a body being read) is never shed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;
use tokio::sync::Notify;

/// `waiting_since` while a handler works on the connection's request.
const RUNNING: u64 = u64::MAX;

/// Nanoseconds since the first call, process-wide: the connections' clock.
fn now() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// One connection's state.
pub struct Conn {
    /// When it last started waiting ([`now`]), or [`RUNNING`].
    waiting_since: AtomicU64,
    shed: AtomicBool,
    /// Woken when it is shed.
    shed_signal: Notify,
}

impl Default for Conn {
    fn default() -> Self {
        Conn { waiting_since: AtomicU64::new(now()), shed: AtomicBool::new(false), shed_signal: Notify::new() }
    }
}

impl Conn {
    /// Marks a request running until the guard is dropped.
    pub fn running(self: &Arc<Self>) -> Running {
        self.waiting_since.store(RUNNING, Ordering::Relaxed);
        Running(self.clone())
    }

    pub fn is_shed(&self) -> bool {
        self.shed.load(Ordering::Acquire)
    }

    /// Tells the connection to close at once.
    pub fn shed(&self) {
        self.shed.store(true, Ordering::Release);
        self.shed_signal.notify_one();
    }

    /// Resolves once the connection is shed.
    pub async fn until_shed(&self) {
        self.shed_signal.notified().await;
    }
}

/// A request running on a connection; dropped when its handler is done.
pub struct Running(Arc<Conn>);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.waiting_since.store(now(), Ordering::Relaxed);
    }
}

/// Every open connection, by a number of its own.
#[derive(Default)]
pub struct Conns {
    open: Mutex<HashMap<u64, Arc<Conn>>>,
    next: AtomicU64,
}

impl Conns {
    /// Registers a connection just accepted (waiting for its head).
    pub fn open(&self) -> (u64, Arc<Conn>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn::default());
        self.lock().insert(id, conn.clone());
        (id, conn)
    }

    pub fn close(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Sheds the connection that has waited longest; false when every one
    /// has a request running (or is shed already).
    pub fn shed_oldest(&self) -> bool {
        let open = self.lock();
        let oldest = open
            .values()
            .filter(|c| !c.is_shed())
            .map(|c| (c.waiting_since.load(Ordering::Relaxed), c))
            .filter(|(since, _)| *since != RUNNING)
            .min_by_key(|(since, _)| *since);
        match oldest {
            Some((_, c)) => {
                c.shed();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_waiting_connection_is_shed_never_a_running_one() {
        let conns = Conns::default();
        let (_, first) = conns.open();
        let (_, second) = conns.open();
        let (third_id, third) = conns.open();
        let running = first.running();
        assert!(conns.shed_oldest());
        assert!(second.is_shed() && !first.is_shed() && !third.is_shed(), "the oldest waiting one");
        conns.close(third_id);
        assert!(!conns.shed_oldest(), "the one left has a request running");
        drop(running);
        assert!(conns.shed_oldest() && first.is_shed(), "waiting again once its handler is done");
    }
}
