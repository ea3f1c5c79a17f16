//! Shared by the integration tests: where the upstream corpus is, and how a
//! test that needs an outside tool skips (visibly) or, under CI, fails.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ is in the workspace").to_path_buf()
}

/// Whether this run is CI (`CI=true`): nothing may be skipped there.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// Skips the calling test with a visible message, or fails it under CI.
pub fn skip(why: &str) {
    if in_ci() {
        panic!("cannot skip under CI: {why}");
    }
    eprintln!("SKIPPED: {why}");
}

/// The upstream revisions, oldest first; `None` (after a visible skip
/// message) when `../shared/upstream` is not beside the project.
pub fn corpus() -> Option<Vec<PathBuf>> {
    let dir = workspace_root().join("../shared/upstream/general_api");
    if !dir.is_dir() {
        skip(&format!("{} not found: the upstream corpus tests need ../shared beside the project", dir.display()));
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rst"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 54, "the corpus has 54 revisions");
    Some(files)
}

/// The corpus file whose name starts with `NN-`.
pub fn revision(n: u32) -> Option<PathBuf> {
    let prefix = format!("{n:02}-");
    corpus().map(|fs| fs.into_iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&prefix)).expect("revision exists"))
}

/// Whether a command can be run (`cmd --version` or the given probe).
pub fn have(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd).args(args).output().is_ok_and(|o| o.status.success())
}
