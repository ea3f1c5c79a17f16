//! Generic engine (shared with the Matrix profile): the `--state-file`,
//! read at start and written atomically. Saves queue behind one lock; each
//! writes its own temporary file beside the target, syncs it, renames it
//! over the target and syncs the directory, so a reader, a concurrent save
//! or a crash (even SIGKILL) sees the old file or the new one, never a part.
//! The files are the owner's alone (mode 0600: the state holds live access
//! tokens); a temporary file a killed process left behind is removed when
//! the state is next read.

use super::error::EngineError;
use serde::Serialize;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// The stored state's bytes, if the file exists (its reader parses them
/// once, and says what is wrong).
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, EngineError> {
    remove_stale_temporaries(path);
    if !path.exists() {
        return Ok(None);
    }
    std::fs::read(path).map(Some).map_err(|error| EngineError::ReadState { path: path.to_path_buf(), error })
}

/// Writes `state` to `path` atomically; a failure names the path.
pub fn write<T: Serialize>(path: &Path, state: &T) -> Result<(), EngineError> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _saving = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let saved = serde_json::to_vec(state).map_err(std::io::Error::other).and_then(|json| write_atomically(path, &json));
    saved.map_err(|error| EngineError::SaveState { path: path.to_path_buf(), error })
}

/// The temporary files of saves to `path`: `.NAME.PID.N.tmp`, with the
/// saving process's id.
fn temporaries(path: &Path) -> (String, impl Fn(&str) -> Option<u32>) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "state".into());
    let prefix = format!(".{name}.");
    let pid_of = move |file: &str| -> Option<u32> {
        let rest = file.strip_prefix(prefix.as_str())?.strip_suffix(".tmp")?;
        let (pid, n) = rest.split_once('.')?;
        n.parse::<u64>().ok()?;
        pid.parse().ok()
    };
    (name, pid_of)
}

/// Removes the temporary files of saves to `path` that a process no longer
/// running left behind (killed during a save); those of a running process
/// (this one, or another saving there now) stay.
fn remove_stale_temporaries(path: &Path) {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let (_, pid_of) = temporaries(path);
    let running = |pid: u32| pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if pid_of(&file).is_some_and(|pid| !running(pid)) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => tracing::info!("removed {}, left by a save that did not finish", entry.path().display()),
                Err(e) => tracing::warn!("cannot remove {}, left by a save that did not finish: {e}", entry.path().display()),
            }
        }
    }
}

/// `bytes` into `path` through a temporary file of its own (mode 0600),
/// synced, renamed over `path`, and the directory synced (the rename itself
/// is durable).
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let (name, _) = temporaries(path);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut f = options.open(&tmp)?;
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
