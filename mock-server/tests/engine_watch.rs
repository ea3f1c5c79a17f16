//! `mock-server --spec FILE --watch`: the spec edited under a running
//! server (an API added, a field renamed) is served without a restart, the
//! state kept; a spec with errors leaves the previous one served and the
//! log names the error's place.

mod support;

use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};
use support::Server;

const NOTES: &str = "# Notes API [Draft]\n\nCreating a note:\n\nInputs:\n- Note title\n- Body text\n\nOutputs:\n- Note ID\n\nReading a note:\n\nInputs:\n- Note ID\n\nOutputs:\n- Note title\n- Body text\n";

const TAGS: &str = "\n# Tags API [Draft]\n\nCreating a tag:\n\nInputs:\n- Tag name\n\nOutputs:\n- Tag ID\n";

/// Kills the server when the test ends, passing or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on `spec` with `args`; returns the server and its log
/// lines.
fn start(spec: &std::path::Path, args: &[&str]) -> (Running, Server, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mock-server"))
        .args(["--spec", spec.to_str().unwrap(), "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mock-server starts");
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    // The line that names the address (an overlay found beside the spec is
    // named before it).
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("http://")).map(str::to_string))
        .expect("a log line with the address");
    let addr = url.trim_start_matches("http://").split('/').next().unwrap().parse().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            let _ = tx.send(l);
        }
    });
    (Running(child), Server { addr }, rx)
}

/// Waits (at most 5 s) until `ready` holds.
fn eventually(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(5), "{what}: not within 5 s");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn names(s: &Server) -> Vec<String> {
    let table = s.raw("GET", "/_mock/endpoints", None, None).body;
    table.as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn an_edited_spec_is_served_with_its_state_kept() {
    let dir = std::env::temp_dir().join(format!("mock-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("notes.md");
    std::fs::write(&spec, NOTES).unwrap();
    let (_running, s, log) = start(&spec, &["--no-bindings", "--watch"]);

    let note = s.raw("POST", "/notes", None, Some(&json!({ "title": "one", "body_text": "hello" }).to_string()));
    assert_eq!(note.status, 200, "{:?}", note.body);
    let id = note.body["note_id"].as_str().unwrap().to_string();
    assert_eq!(s.raw("POST", "/tags", None, Some(r#"{"name": "x"}"#)).status, 404);

    // An API added and a field renamed.
    std::fs::write(&spec, format!("{}{TAGS}", NOTES.replace("Body text", "Body content"))).unwrap();
    eventually("the new API is served", || names(&s).contains(&"create_tag".to_string()));
    let tag = s.raw("POST", "/tags", None, Some(r#"{"name": "x"}"#));
    assert_eq!(tag.status, 200, "{:?}", tag.body);
    let old = s.raw("POST", "/notes", None, Some(&json!({ "title": "two", "body_text": "hi" }).to_string()));
    assert!(old.body["detail"].as_str().is_some_and(|e| e.contains("unknown field `body_text`")), "{:?}", old.body);
    let read = s.raw("GET", &format!("/notes/{id}"), None, None);
    assert_eq!(read.status, 200, "the note made before the reload is kept: {:?}", read.body);
    assert_eq!(read.body["title"], "one");
    assert!(read.body.get("body_content").is_some(), "the renamed field is answered: {:?}", read.body);

    // A spec with errors: the previous one stays served, the log says where.
    std::fs::write(&spec, "# Notes API [Drafty]\n").unwrap();
    let start = Instant::now();
    let line = loop {
        let l = log.recv_timeout(Duration::from_secs(5)).expect("a log line about the error");
        if l.contains("[Drafty]") || l.contains("notes.md:1:") {
            break l;
        }
        assert!(start.elapsed() < Duration::from_secs(5));
    };
    assert!(line.contains("notes.md:1:"), "{line}");
    assert_eq!(s.raw("GET", &format!("/notes/{id}"), None, None).status, 200);
    assert!(names(&s).contains(&"create_tag".to_string()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_overlay_beside_the_spec_is_read_unless_told_not_to() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("mock-beside-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("parcels.md");
    std::fs::copy(root.join("spec/examples/parcels.md"), &spec).unwrap();
    std::fs::copy(root.join("spec/examples/parcels.toml"), dir.join("bindings.toml")).unwrap();
    let paths = |args: &[&str]| {
        let (_running, s, _log) = start(&spec, args);
        let table = s.raw("GET", "/_mock/endpoints", None, None).body;
        table.as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert!(paths(&[]).iter().all(|p| p.starts_with("/v1/")), "the overlay's prefix");
    assert!(paths(&["--no-bindings"]).iter().all(|p| !p.starts_with("/v1")), "no overlay");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A scratch directory of its own for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mock-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Waits (at most 10 s) for a log line holding `what`.
fn log_line(log: &Receiver<String>, what: &str) -> String {
    let start = Instant::now();
    loop {
        let left = Duration::from_secs(10).saturating_sub(start.elapsed());
        let l = log.recv_timeout(left).unwrap_or_else(|_| panic!("no log line with {what:?} within 10 s"));
        if l.contains(what) {
            return l;
        }
    }
}

/// An HTTP example nested 4,000 levels deep (8 KB) once overflowed the
/// stack of the tokio worker that reloaded it: the process died and its
/// state with it. Now the body is a warning, the spec is served, and the
/// note made before is still there.
#[test]
fn a_deeply_nested_edit_does_not_kill_the_server() {
    let dir = scratch("deep");
    let spec = dir.join("notes.md");
    std::fs::write(&spec, NOTES).unwrap();
    let (mut running, s, log) = start(&spec, &["--no-bindings", "--watch"]);
    let note = s.raw("POST", "/notes", None, Some(&json!({ "title": "one", "body_text": "hello" }).to_string()));
    let id = note.body["note_id"].as_str().unwrap().to_string();

    let deep = format!("{}{}", "[".repeat(4_000), "]".repeat(4_000));
    std::fs::write(&spec, format!("{NOTES}{TAGS}\n```\nPOST /tags\n{deep}\n```\n")).unwrap();
    log_line(&log, "reloaded");
    assert!(running.0.try_wait().unwrap().is_none(), "the server is running");
    assert!(names(&s).contains(&"create_tag".to_string()));
    assert_eq!(s.raw("GET", &format!("/notes/{id}"), None, None).status, 200, "the state is kept");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// An editor that saves in chunks: the file is read once it has stayed
/// unchanged for a moment, never half-written (the endpoint table once
/// flickered through every partial count, and clients got 404s).
#[test]
fn a_spec_saved_in_chunks_is_read_once_whole() {
    let dir = scratch("chunks");
    let spec = dir.join("notes.md");
    std::fs::write(&spec, NOTES).unwrap();
    let (_running, s, log) = start(&spec, &["--no-bindings", "--watch"]);
    let before = names(&s).len();
    let whole = format!("{NOTES}{TAGS}{}", TAGS.replace("Tags API", "Labels API").replace("tag", "label").replace("Tag", "Label"));

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (stop, addr) = (stop.clone(), s.addr);
        std::thread::spawn(move || {
            let s = Server { addr };
            let mut counts = std::collections::BTreeSet::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                counts.insert(names(&s).len());
                std::thread::sleep(Duration::from_millis(20));
            }
            counts
        })
    };
    // Twelve pieces, 100 ms apart, each ending inside a line.
    let mut file = std::fs::File::create(&spec).unwrap();
    for piece in whole.as_bytes().chunks(whole.len().div_ceil(12)) {
        std::io::Write::write_all(&mut file, piece).unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(file);
    let reloaded = log_line(&log, "reloaded");
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let counts = sampler.join().unwrap();
    let after = names(&s).len();
    assert_eq!(after, before + 2, "{reloaded}");
    assert_eq!(counts, [before, after].into_iter().collect(), "only the old and the whole new spec were served");
    assert!(log.try_iter().all(|l| !l.contains("reloaded")), "read once");
    std::fs::remove_dir_all(&dir).unwrap();
}
