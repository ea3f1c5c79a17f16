//! Reading a file's history through the `git` CLI: one `git log --follow`
//! for the list of commits (renames of the file followed), and one
//! `git cat-file --batch` for every revision's contents.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// One commit that touched the file, and the file's path in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub commit: String,
    /// Author date, RFC 3339.
    pub date: String,
    pub subject: String,
    pub path: String,
    /// The commit deletes the file (`path` is where it was).
    pub deleted: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("cannot run git: {0}")]
    Spawn(std::io::Error),
    #[error("git {args} failed: {stderr}")]
    Failed { args: String, stderr: String },
    #[error("git output is not what was expected: {0}")]
    Protocol(String),
}

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(repo);
    c
}

/// The commits that touched `path` (following renames), oldest first.
pub fn log(repo: &Path, path: &str) -> Result<Vec<Commit>, GitError> {
    let out = git(repo)
        .args(["log", "--follow", "--format=%x1e%H%x1f%aI%x1f%s", "--name-status", "--", path])
        .output()
        .map_err(GitError::Spawn)?;
    if !out.status.success() {
        return Err(GitError::Failed {
            args: format!("log --follow -- {path}"),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut revs = Vec::new();
    for record in text.split('\x1e').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let head = lines.next().unwrap_or("");
        let mut parts = head.split('\x1f');
        let (Some(commit), Some(date), Some(subject)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(GitError::Protocol(format!("log record {head:?}")));
        };
        // `M\tpath`, `A\tpath`, `D\tpath`, `R100\told\tnew`: the last
        // field is the path here, the first letter what happened to it.
        let status = lines.rfind(|l| !l.trim().is_empty()).unwrap_or("");
        let file = status.split('\t').next_back().filter(|f| !f.is_empty() && status.contains('\t')).unwrap_or(path);
        revs.push(Commit {
            commit: commit.to_string(),
            date: date.to_string(),
            subject: subject.to_string(),
            path: file.to_string(),
            deleted: status.starts_with('D'),
        });
    }
    revs.reverse();
    Ok(revs)
}

/// The contents of `REV:PATH` objects, in order, through one
/// `git cat-file --batch`; `None` for an object that does not exist.
pub fn cat_files(repo: &Path, objects: &[String]) -> Result<Vec<Option<Vec<u8>>>, GitError> {
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::Spawn)?;
    let mut stdin = child.stdin.take().expect("piped");
    let requests: String = objects.iter().map(|o| format!("{o}\n")).collect();
    // Written from another thread: git answers while we still write.
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut out = Vec::with_capacity(objects.len());
    for o in objects {
        let mut header = String::new();
        stdout.read_line(&mut header).map_err(|e| GitError::Protocol(e.to_string()))?;
        let header = header.trim_end();
        if header.ends_with(" missing") || header.ends_with(" ambiguous") {
            out.push(None);
            continue;
        }
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| GitError::Protocol(format!("cat-file header {header:?} for {o}")))?;
        let mut body = vec![0; size + 1];
        stdout.read_exact(&mut body).map_err(|e| GitError::Protocol(e.to_string()))?;
        body.pop();
        out.push(Some(body));
    }
    writer.join().map_err(|_| GitError::Protocol("writer thread".into()))?.map_err(GitError::Spawn)?;
    let status = child.wait().map_err(GitError::Spawn)?;
    if !status.success() {
        return Err(GitError::Failed { args: "cat-file --batch".into(), stderr: String::new() });
    }
    Ok(out)
}
