//! Stopping and saving the real binary: SIGTERM saves like SIGINT, a client
//! that never finishes its request cannot hold the server up, a second
//! signal stops at once, and concurrent saves never leave a broken file.

mod support;

use serde_json::json;
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{enc, Server};

fn signal(p: &support::Proc, sig: &str) {
    Command::new("kill").args([sig, &p.0.id().to_string()]).status().unwrap();
}

/// Waits for the process to exit, at most `limit`; the time it took.
fn exits_within(p: &mut support::Proc, limit: Duration) -> Duration {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(status) = p.0.try_wait().unwrap() {
            assert!(status.success(), "clean exit: {status}");
            return start.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("still running after {limit:?}");
}

fn setup(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mock-durability-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary on the state file, and a client of it.
fn start(state: &std::path::Path) -> (support::Proc, Server) {
    let (p, addr) = support::spawn_binary(state);
    (p, Server { addr })
}

#[test]
fn sigterm_saves_the_state_like_sigint() {
    let dir = setup("term");
    let state = dir.join("state.json");
    let (mut p, s) = start(&state);
    let (_, t) = s.register("alice");
    let room = s.post("/createRoom", Some(&t), json!({ "name": "Kept" })).body["room_id"].as_str().unwrap().to_string();
    signal(&p, "-TERM");
    exits_within(&mut p, Duration::from_secs(10));
    let text = std::fs::read_to_string(&state).expect("saved on SIGTERM");
    assert!(text.contains(&room), "the room is in the saved state");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_half_sent_request_cannot_hold_the_server_up_and_a_second_signal_stops_at_once() {
    let dir = setup("drain");
    let state = dir.join("state.json");
    let (mut p, s) = start(&state);
    s.register("alice");
    // Half a request header, never finished.
    let mut slow = std::net::TcpStream::connect(s.addr).unwrap();
    slow.write_all(b"POST /_matrix/client/v2/createRoom HTTP/1.1\r\nHost: x\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    signal(&p, "-INT");
    let took = exits_within(&mut p, Duration::from_secs(8));
    assert!(std::fs::read_to_string(&state).unwrap().contains("alice"), "saved despite the open connection ({took:?})");

    // Again, with a second signal: no drain wait.
    let (mut p, s) = start(&state);
    let mut slow = std::net::TcpStream::connect(s.addr).unwrap();
    slow.write_all(b"GET /_matrix/client/v2/sync HTTP/1.1\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    signal(&p, "-INT");
    std::thread::sleep(Duration::from_millis(200));
    signal(&p, "-INT");
    let took = exits_within(&mut p, Duration::from_secs(2));
    assert!(took < Duration::from_secs(2), "a second signal stops at once ({took:?})");
    drop(slow);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn concurrent_saves_all_succeed_and_readers_never_see_a_broken_file() {
    let dir = setup("saves");
    let state = dir.join("state.json");
    let (_p, s) = start(&state);
    let (_, t) = s.register("alice");
    let room = s.post("/createRoom", Some(&t), json!({})).body["room_id"].as_str().unwrap().to_string();
    assert_eq!(s.post("/_mock/save", None, json!({})).status, 200);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (state, stop) = (state.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let text = std::fs::read(&state).unwrap();
                assert!(serde_json::from_slice::<serde_json::Value>(&text).is_ok(), "a reader saw a broken state file");
                reads += 1;
            }
            reads
        })
    };
    let savers: Vec<_> = (0..8)
        .map(|_| {
            let s = Server { addr: s.addr };
            let (t, room) = (t.clone(), room.clone());
            std::thread::spawn(move || {
                for i in 0..25 {
                    s.post(&format!("/rooms/{}/send", enc(&room)), Some(&t), json!({ "content": { "n": i } }));
                    let r = s.post("/_mock/save", None, json!({}));
                    assert_eq!(r.status, 200, "a save failed: {:?}", r.body);
                }
            })
        })
        .collect();
    for h in savers {
        h.join().unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    let leftovers: Vec<_> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn slow_clients_are_cut_off_and_others_are_served_meanwhile() {
    let header_timeout = Duration::from_secs(2);
    let s = support::start(mock_server::engine::EngineOptions { header_timeout, ..support::builtin() });
    let mut slow: Vec<std::net::TcpStream> = (0..50)
        .map(|_| {
            let mut c = std::net::TcpStream::connect(s.addr).unwrap();
            c.write_all(b"POST /_matrix/client/v2/register HTTP/1.1\r\nHost: x\r\n").unwrap();
            c
        })
        .collect();
    // Others are served while the slow ones hang.
    let started = Instant::now();
    s.register("alice");
    assert!(started.elapsed() < Duration::from_secs(2));
    // Past the header timeout, the server has closed every slow connection.
    std::thread::sleep(header_timeout + Duration::from_secs(1));
    for c in &mut slow {
        c.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let mut buf = Vec::new();
        let closed = std::io::Read::read_to_end(c, &mut buf);
        assert!(closed.is_ok(), "a slow connection is still open: {closed:?}");
        let text = String::from_utf8_lossy(&buf);
        assert!(buf.is_empty() || text.starts_with("HTTP/1.1 408"), "a slow client got {text:?}");
    }
    assert!(mock_server::engine::serve::connection_cap() >= 64);
}
