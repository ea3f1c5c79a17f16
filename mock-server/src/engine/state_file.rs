//! Generic engine (shared with the Matrix profile): the `--state-file`,
//! read at start and written atomically. Saves queue behind one lock; each
//! writes its own temporary file beside the target, syncs it, renames it
//! over the target and syncs the directory, so a reader, a concurrent save
//! or a crash (even SIGKILL) sees the old file or the new one, never a part.

use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The stored state's bytes, if the file exists (its reader parses them
/// once, and says what is wrong).
pub fn read(path: &Path) -> anyhow::Result<Option<Vec<u8>>> {
    if !path.exists() {
        return Ok(None);
    }
    std::fs::read(path).map(Some).map_err(|e| anyhow::anyhow!("cannot read the state from {}: {e}", path.display()))
}

/// Writes `state` to `path` atomically; a failure names the path.
pub fn write<T: Serialize>(path: &Path, state: &T) -> anyhow::Result<()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _saving = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let json = serde_json::to_vec(state)?;
    write_atomically(path, &json).map_err(|e| anyhow::anyhow!("cannot save the state to {}: {e}", path.display()))
}

/// `bytes` into `path` through a temporary file of its own, synced, renamed
/// over `path`, and the directory synced (the rename itself is durable).
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
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
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::File::open(dir)?.sync_all()
}
