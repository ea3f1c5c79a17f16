//! Generic engine: `--watch`. The spec and overlay files are polled (their
//! modification times and sizes, every [`PERIOD`]); once they have changed
//! and then stayed unchanged for [`SETTLE`] (an editor that saves in
//! chunks has finished), the spec is read again and served, the store
//! kept. A spec with errors leaves the one served in place and logs its
//! located diagnostics; it is read again only after the next change.
//!
//! Invariants: the watcher runs on a thread of its own, never on the
//! runtime that serves requests, so a reload never holds up an answer
//! (requests keep the spec they started with; the new one is swapped in
//! whole once built); that thread has a large stack and the reader bounds
//! every nesting it recurses into, so no input can overflow it, and a
//! panic while reading is caught and logged, the previous spec kept.

use super::handle::Engine;
use super::spec;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

/// How often the files are looked at.
pub const PERIOD: Duration = Duration::from_millis(100);
/// How long the files must stay unchanged before they are read.
pub const SETTLE: Duration = Duration::from_millis(500);
/// The watcher thread's stack: far more than the reader's bounded
/// recursion needs.
const STACK: usize = 64 << 20;

type Stamp = Option<(SystemTime, u64)>;

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The stamps of the spec and the overlay.
fn stamps(engine: &Engine) -> Vec<Stamp> {
    let src = &engine.options().source;
    std::iter::once(&src.spec).chain(src.bindings.as_ref()).map(|p| stamp(p)).collect()
}

/// Starts watching on a thread of its own; it polls until the process
/// ends.
pub fn spawn(engine: Engine) -> std::io::Result<std::thread::JoinHandle<()>> {
    // The stamps of what is served, taken now: the thread may start late
    // (a loaded machine), and an edit made before it looks must still
    // count as one.
    let read = stamps(&engine);
    std::thread::Builder::new().name("spec-watch".into()).stack_size(STACK).spawn(move || run(&engine, read))
}

fn run(engine: &Engine, mut read: Vec<Stamp>) {
    // The stamps of what was last read, and of what the files are now.
    let mut seen = read.clone();
    let mut still_since = Instant::now();
    loop {
        std::thread::sleep(PERIOD);
        let now = stamps(engine);
        if now != seen {
            seen = now;
            still_since = Instant::now();
        } else if seen != read && still_since.elapsed() >= SETTLE {
            read = seen.clone();
            reload(engine);
        }
    }
}

/// Reads the spec again; returns whether the new one is served.
pub fn reload(engine: &Engine) -> bool {
    let started = Instant::now();
    let source = &engine.options().source;
    // Reading changes nothing before the swap: nothing is half-done after a panic.
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| spec::load(source, &engine.options().profiles)));
    match loaded {
        Ok(Ok(served)) => {
            let n = served.routes.len();
            engine.replace(served);
            tracing::info!("reloaded {}: {n} endpoints in {:?}", source.spec.display(), started.elapsed());
            true
        }
        Ok(Err(e)) => {
            tracing::error!("the spec has errors; still serving the previous version:\n{e}");
            false
        }
        Err(_) => {
            tracing::error!(
                "reading the spec failed (a bug in the reader: the message above says where); still serving the previous version"
            );
            false
        }
    }
}
