//! Connections that never give their slot back, and clients that read
//! late or close early, against the real binary on loopback:
//!
//! - at the connection cap (the descriptor limit, here lowered with
//!   `ulimit -n`), clients that never finish their request head, and
//!   clients that never read their answers, once kept a normal request
//!   waiting for the header timeout (28 s of 30) or for as long as they
//!   stayed; they are shed now, the oldest first, and it is served at once;
//! - a client that shuts its side after a complete request once often got
//!   no answer at all;
//! - a client that writes its whole body before reading, over the limit,
//!   once got a broken pipe: the server answered and closed before reading
//!   the body; it lingers now, and the client reads its 413.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::Proc;

/// The binary with its descriptor limit set to `files`, on a free port.
fn start(files: u32) -> (Proc, SocketAddr) {
    let mut child = Command::new("sh")
        .args(["-c", &format!("ulimit -n {files} && exec \"$0\" --port 0"), env!("CARGO_BIN_EXE_mock-server")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mock-server starts");
    let stderr = child.stderr.take().unwrap();
    let proc = Proc(child);
    let mut lines = BufReader::new(stderr).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.split_whitespace().find(|w| w.starts_with("http://")).map(str::to_string))
        .expect("a log line with the address");
    std::thread::spawn(move || lines.for_each(drop));
    (proc, url.trim_start_matches("http://").split('/').next().unwrap().parse().unwrap())
}

/// One whole exchange on a new connection: the time it took and the
/// answer's status line.
fn timed_health(addr: SocketAddr) -> (Duration, String) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    (started.elapsed(), answer.lines().next().unwrap_or("(no answer)").to_string())
}

/// 200 descriptors: a cap of 136 connections (64 kept for files).
const FILES: u32 = 200;
const STALLED: usize = 160;

#[test]
fn at_the_cap_clients_that_never_finish_their_head_are_shed() {
    let (_proc, addr) = start(FILES);
    let mut stalled = Vec::new();
    for _ in 0..STALLED {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
        stalled.push(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    let (took, status) = timed_health(addr);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(took < Duration::from_secs(2), "served after {took:?} behind {STALLED} stalled heads");
}

#[test]
fn at_the_cap_clients_that_never_read_their_answers_are_shed() {
    let (_proc, addr) = start(FILES);
    // Each asks for the OpenAPI document 20 times over (about 1.5 MB) and
    // reads none of it: the server's writes stall.
    let asks = "GET /_mock/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(20);
    let mut stalled = Vec::new();
    for _ in 0..STALLED {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(asks.as_bytes()).unwrap();
        stalled.push(s);
    }
    std::thread::sleep(Duration::from_millis(500));
    let (took, status) = timed_health(addr);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(took < Duration::from_secs(2), "served after {took:?} behind {STALLED} clients that do not read");
}

#[test]
fn a_client_that_shuts_its_side_after_its_request_gets_its_answer() {
    let (_proc, addr) = start(1024);
    for round in 0..50 {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let body = r#"{"username": "half", "password": "closed"}"#;
        let user = format!("half{round}");
        let body = body.replace("half", &user);
        write!(s, "POST /_matrix/client/v2/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        s.shutdown(Shutdown::Write).unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200 OK") && answer.contains("access_token"), "round {round}: {answer:?}");
    }
}

#[test]
fn a_client_that_writes_its_whole_body_first_reads_the_413() {
    let (_proc, addr) = start(1024);
    let body = vec![b'x'; 2 << 20];
    for round in 0..30 {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let (head, chunked) = if round % 2 == 0 {
            (format!("POST /_matrix/client/v2/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n\r\n", body.len()), false)
        } else {
            ("POST /_matrix/client/v2/register HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n".to_string(), true)
        };
        // As Python's urllib does: the whole request, then the answer.
        s.write_all(head.as_bytes()).unwrap_or_else(|e| panic!("round {round}: the head: {e}"));
        let sent = if chunked {
            s.write_all(format!("{:x}\r\n", body.len()).as_bytes())
                .and_then(|()| s.write_all(&body))
                .and_then(|()| s.write_all(b"\r\n0\r\n\r\n"))
        } else {
            s.write_all(&body)
        };
        sent.unwrap_or_else(|e| panic!("round {round} (chunked: {chunked}): the body: {e}"));
        let mut answer = String::new();
        s.read_to_string(&mut answer).unwrap_or_else(|e| panic!("round {round}: the answer: {e}"));
        assert!(answer.starts_with("HTTP/1.1 413") && answer.contains("M_TOO_LARGE"), "round {round}: {answer:?}");
    }
}
