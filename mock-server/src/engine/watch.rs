//! Generic engine: `--watch`. The spec and overlay files are polled (their
//! modification times, every [`PERIOD`]); on a change the spec is read
//! again and served, the store kept. A spec with errors leaves the one
//! served in place and logs its located diagnostics.

use super::spec;
use super::Engine;
use std::path::Path;
use std::time::{Duration, SystemTime};

pub const PERIOD: Duration = Duration::from_millis(300);

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The stamps of the spec and the overlay.
fn stamps(engine: &Engine) -> Vec<Option<(SystemTime, u64)>> {
    let src = &engine.options().source;
    std::iter::once(&src.spec).chain(src.bindings.as_ref()).map(|p| stamp(p)).collect()
}

/// Polls until the runtime stops.
pub async fn run(engine: Engine) {
    let mut last = stamps(&engine);
    loop {
        tokio::time::sleep(PERIOD).await;
        let now = stamps(&engine);
        if now == last {
            continue;
        }
        last = now;
        reload(&engine);
    }
}

/// Reads the spec again; returns whether the new one is served.
pub fn reload(engine: &Engine) -> bool {
    let started = std::time::Instant::now();
    match spec::load(&engine.options().source, &engine.options().profiles) {
        Ok(served) => {
            let n = served.routes.len();
            engine.replace(served);
            tracing::info!("reloaded {}: {n} endpoints in {:?}", engine.options().source.spec.display(), started.elapsed());
            true
        }
        Err(e) => {
            tracing::error!("the spec has errors; still serving the previous version:\n{e}");
            false
        }
    }
}
