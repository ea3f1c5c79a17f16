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
/// The message is written to the process's stderr itself, which the test
/// harness does not capture (it captures `eprintln!`), as one line that
/// `.ci/test` repeats at the end of its output.
pub fn skip(why: &str) {
    if in_ci() {
        panic!("cannot skip under CI: {why}");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED: {why}");
}

/// The upstream revisions, oldest first; `None` (after a visible skip
/// message) when `../shared/upstream` is not beside the project.
pub fn corpus() -> Option<Vec<PathBuf>> {
    corpus_in("general_api", 54)
}

/// The revisions of `../shared/upstream/<name>`, oldest first, checked to be
/// `count`; `None` (after a visible skip message) without `../shared`.
pub fn corpus_in(name: &str, count: usize) -> Option<Vec<PathBuf>> {
    let dir = workspace_root().join("../shared/upstream").join(name);
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
    assert_eq!(files.len(), count, "{name} has {count} revisions");
    Some(files)
}

/// The 20 revisions of the draft's HTTP API proposal, oldest first.
pub fn http_api_corpus() -> Option<Vec<PathBuf>> {
    corpus_in("cs_v2_http_api", 20)
}

/// The HTTP API proposal has no status markers: mark every section
/// `[Draft]` (the underline grows with the title) so that its operations and
/// examples become APIs, as a draft author adopting the markers would.
pub fn mark_every_section(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 1024);
    let mut i = 0;
    while i < lines.len() {
        let title = lines[i];
        let under = lines.get(i + 1).copied().unwrap_or("");
        let c = under.chars().next().unwrap_or(' ');
        let is_title = !title.trim().is_empty()
            && !title.starts_with(' ')
            && "=-~^\"'`#*+".contains(c)
            && under.chars().all(|u| u == c)
            && under.chars().count() >= title.chars().count();
        if is_title {
            out.push_str(&format!("{title} [Draft]\n{under}{}\n", c.to_string().repeat(8)));
            i += 2;
        } else {
            out.push_str(title);
            out.push('\n');
            i += 1;
        }
    }
    out
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

/// Runs git in `dir` with fixed identity and dates; panics on failure.
pub fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut c = Command::new("git");
    c.current_dir(dir).args(args);
    c.env("GIT_AUTHOR_NAME", "spec author").env("GIT_AUTHOR_EMAIL", "author@example.org");
    c.env("GIT_COMMITTER_NAME", "spec author").env("GIT_COMMITTER_EMAIL", "author@example.org");
    if let Some(d) = date {
        c.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = c.output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A git repository with one commit per upstream revision, at its date and
/// path (the move to `attic/` included), built from `manifest.tsv`.
/// Returns the repository and the file's final path.
pub fn history_repo(dir: &Path) -> Option<String> {
    let corpus = workspace_root().join("../shared/upstream/general_api");
    let manifest = std::fs::read_to_string(corpus.join("manifest.tsv")).ok()?;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q"], None);
    let mut current: Option<String> = None;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, date, path, subject) = (cols[1], cols[3], cols[4], cols[5]);
        if let Some(old) = current.as_deref().filter(|old| *old != path) {
            std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
            git(dir, &["mv", old, path], None);
        }
        std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
        std::fs::copy(corpus.join(file), dir.join(path)).unwrap();
        git(dir, &["add", path], None);
        git(dir, &["commit", "-q", "--allow-empty", "-m", subject], Some(date));
        current = Some(path.to_string());
    }
    current
}

/// The drafts of other domains in `tests/specs` and its corpus, by path.
pub fn drafts() -> Vec<PathBuf> {
    let root = workspace_root().join("codegen/tests/specs");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("corpus")] {
        let mut here: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("tests/specs exists")
            .map(|e| e.expect("readable").path())
            .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "rst") && p.file_name().is_none_or(|n| n != "TRUTH.md"))
            .collect();
        here.sort();
        out.extend(here);
    }
    out
}
