//! Send throughput with many idle long-polls: one client sends message after
//! message into a room for a few seconds, first with no long-poll parked,
//! then with N (default 2,000) long-polls of users outside the room; prints
//! both rates and their ratio. The server runs in this process on loopback.
//!
//! `cargo run --release -p mock-server --example idle_polls [N] [SECONDS]`

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A keep-alive connection that reads each answer to its Content-Length.
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: SocketAddr) -> Conn {
        Conn { reader: BufReader::new(TcpStream::connect(addr).expect("connect")) }
    }

    fn call(&mut self, method: &str, path: &str, token: Option<&str>, body: &str) -> Value {
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        let head = format!("{method} /_matrix/client/v2{path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: {}\r\n\r\n{body}", body.len());
        self.reader.get_mut().write_all(head.as_bytes()).expect("write");
        let mut len = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("read");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; len];
        self.reader.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).unwrap_or(Value::Null)
    }
}

fn register(c: &mut Conn, name: &str) -> String {
    let r = c.call("POST", "/register", None, &json!({ "username": name, "password": "pw" }).to_string());
    r["access_token"].as_str().expect("registered").to_string()
}

/// Sends into the room for `secs` seconds; returns sends per second.
fn send_rate(c: &mut Conn, token: &str, room: &str, secs: f64) -> f64 {
    let path = format!("/rooms/{}/send", room.replace('!', "%21").replace(':', "%3A"));
    let (start, mut sent) = (Instant::now(), 0u64);
    while start.elapsed().as_secs_f64() < secs {
        let r = c.call("POST", &path, Some(token), r#"{"content": {"body": "hello"}}"#);
        assert!(r["event_id"].is_string(), "{r}");
        sent += 1;
    }
    sent as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let polls: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let secs: f64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(3.0);
    let addr = mock_server::spawn_on_loopback(mock_server::builtin(mock_server::SERVER_NAME));
    let mut c = Conn::open(addr);
    let sender = register(&mut c, "sender");
    let room = c.call("POST", "/createRoom", Some(&sender), "{}")["room_id"].as_str().expect("room").to_string();
    let outsiders: Vec<String> = (0..polls).map(|k| register(&mut c, &format!("idle{k}"))).collect();
    send_rate(&mut c, &sender, &room, 1.0); // warm-up
    let without = send_rate(&mut c, &sender, &room, secs);
    // The polls: users in no room, waiting on one thread of their own.
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            use tokio::io::AsyncWriteExt;
            let mut open = Vec::with_capacity(outsiders.len());
            for t in outsiders {
                let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
                let req = format!("GET /_matrix/client/v2/events?timeout=120000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\n\r\n");
                s.write_all(req.as_bytes()).await.expect("write");
                open.push(s);
            }
            ready_tx.send(()).expect("ready");
            tokio::time::sleep(Duration::from_secs(3600)).await;
        })
    });
    ready_rx.recv().expect("polls parked");
    // Every poll is parked in the server before the sends.
    std::thread::sleep(Duration::from_millis(1500));
    let with = send_rate(&mut c, &sender, &room, secs);
    println!(
        "sends/s into a room: {without:.0} with no long-poll, {with:.0} with {polls} idle long-polls of outsiders: {:.0}% (target at least 80%)",
        100.0 * with / without
    );
}
