//! 1,000 clients long-polling `/events` on one room, all woken by one send:
//! prints the wake-up latency percentiles (from the send to each answer).
//! The server runs in this process on loopback; clients are plain threads.
//! Used by `bench/mock`.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn call(addr: SocketAddr, method: &str, path: &str, token: Option<&str>, body: &str) -> Value {
    let mut s = TcpStream::connect(addr).expect("connect");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        s,
        "{method} /_matrix/client/v2{path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(body).unwrap_or(Value::Null)
}

fn main() {
    let clients: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let addr = mock_server::spawn_on_loopback(mock_server::builtin(mock_server::SERVER_NAME));
    let reg = call(addr, "POST", "/register", None, &json!({ "username": "sender", "password": "pw" }).to_string());
    let sender = reg["access_token"].as_str().unwrap().to_string();
    let room = call(addr, "POST", "/createRoom", Some(&sender), r#"{"published": true}"#)["room_id"].as_str().unwrap().to_string();
    let enc = |s: &str| s.replace('!', "%21").replace(':', "%3A");
    let mut tokens = Vec::with_capacity(clients);
    for k in 0..clients {
        let t = call(addr, "POST", "/register", None, &json!({ "username": format!("c{k}"), "password": "pw" }).to_string())
            ["access_token"]
            .as_str()
            .unwrap()
            .to_string();
        call(addr, "POST", &format!("/join/{}", enc(&room)), Some(&t), "{}");
        tokens.push(t);
    }
    let from = call(addr, "GET", "/events?timeout=0", Some(&sender), "")["next"].as_str().unwrap().to_string();
    // The clients: async sockets on one thread of their own, so 1,000 OS
    // threads do not compete with the server for the cores.
    let (sent_tx, sent_rx) = tokio::sync::oneshot::channel::<Instant>();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let clients_thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut set = tokio::task::JoinSet::new();
            for t in tokens {
                let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
                // Keep-alive, as real clients poll: the answer is read to its
                // Content-Length, the connection stays open.
                let req = format!(
                    "GET /_matrix/client/v2/events?from={from}&timeout=30000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\n\r\n"
                );
                s.write_all(req.as_bytes()).await.unwrap();
                set.spawn(async move {
                    let mut raw = Vec::new();
                    let mut buf = [0u8; 4096];
                    loop {
                        let n = s.read(&mut buf).await.unwrap();
                        raw.extend_from_slice(&buf[..n]);
                        let text = String::from_utf8_lossy(&raw);
                        if let Some((head, body)) = text.split_once("\r\n\r\n") {
                            let len = head.lines().find_map(|l| {
                                l.to_ascii_lowercase().strip_prefix("content-length: ").and_then(|v| v.trim().parse::<usize>().ok())
                            });
                            if len.is_some_and(|l| body.len() >= l) || n == 0 {
                                return (Instant::now(), body.contains("\"m.room.message\""), s);
                            }
                        }
                        if n == 0 {
                            return (Instant::now(), false, s);
                        }
                    }
                });
            }
            ready_tx.send(()).unwrap();
            let sent = sent_rx.await.unwrap();
            let mut lat = Vec::new();
            // The connections stay open until every answer is in, as a
            // client's would for its next poll.
            let mut open = Vec::new();
            while let Some(r) = set.join_next().await {
                let (done, got, s) = r.unwrap();
                assert!(got, "a poll returned without the message");
                lat.push(done.saturating_duration_since(sent).as_secs_f64() * 1000.0);
                open.push(s);
            }
            lat
        })
    });
    ready_rx.recv().unwrap();
    // Every poll is parked in the server before the send.
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Instant::now();
    sent_tx.send(sent).unwrap();
    call(addr, "POST", &format!("/rooms/{}/send", enc(&room)), Some(&sender), r#"{"content": {"body": "wake up"}}"#);
    let mut lat = clients_thread.join().unwrap();
    lat.sort_by(f64::total_cmp);
    let p = |q: f64| lat[((lat.len() as f64 * q).ceil() as usize).clamp(1, lat.len()) - 1];
    println!(
        "{clients} long-polls woken by one send: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 < 50 ms)",
        p(0.5),
        p(0.99),
        p(1.0)
    );
}
