//! Generic engine (shared with the Matrix profile): the `--state-file`,
//! read at start and written atomically (a temporary file renamed over it,
//! so a crash mid-write loses nothing already saved).

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::Path;

/// The stored state, if the file exists.
pub fn read<T: DeserializeOwned>(path: &Path) -> anyhow::Result<Option<T>> {
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read(path)?;
    let state = serde_json::from_slice(&text).map_err(|e| anyhow::anyhow!("{}: not a state file: {e}", path.display()))?;
    Ok(Some(state))
}

/// Writes `state` to `path` atomically.
pub fn write<T: Serialize>(path: &Path, state: &T) -> anyhow::Result<()> {
    let json = serde_json::to_vec(state)?;
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}
