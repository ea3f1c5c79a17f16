//! A server on a real loopback socket, and a small blocking HTTP/1.1 client.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

pub struct Server {
    pub addr: SocketAddr,
}

/// Starts a server on 127.0.0.1 (a free port) in a background thread.
pub fn start(options: mock_server::engine::EngineOptions) -> Server {
    Server { addr: mock_server::spawn_on_loopback(options) }
}

/// The built-in spec with its Matrix profile over a fresh state, the other
/// options at their defaults.
pub fn builtin() -> mock_server::engine::EngineOptions {
    mock_server::builtin(mock_server::SERVER_NAME)
}

/// A corpus draft (`codegen/tests/specs/corpus/NAME`) served by the
/// generic engine on a free loopback port; the server stops when the
/// `Running` is dropped.
pub fn corpus(draft: &str) -> (mock_server::engine::Running, Server) {
    draft_at(&format!("../codegen/tests/specs/corpus/{draft}"))
}

/// A draft at `path` (relative to the mock-server crate), without an
/// overlay, served as [`corpus`] serves one.
pub fn draft_at(path: &str) -> (mock_server::engine::Running, Server) {
    let spec = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let running = mock_server::engine::spawn_on_loopback(mock_server::engine::EngineOptions::new(spec, None)).expect("the draft loads");
    let server = Server { addr: running.addr };
    (running, server)
}

impl Server {
    /// A token for `user` from `POST /_mock/users` (made on first use).
    pub fn mock_user(&self, user: &str) -> String {
        let body = serde_json::json!({ "user": user }).to_string();
        self.raw("POST", "/_mock/users", None, Some(&body)).body["access_token"].as_str().unwrap().to_string()
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// One request; `path` below `/_matrix/client/v2` unless it starts with `/_`.
    pub fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Reply {
        let full = if path.starts_with("/_") { path.to_string() } else { format!("/_matrix/client/v2{path}") };
        self.raw(method, &full, token, body)
    }

    /// One request to exactly `full` (a path and query).
    pub fn raw(&self, method: &str, full: &str, token: Option<&str>, body: Option<&str>) -> Reply {
        let mut s = TcpStream::connect(self.addr).unwrap();
        let body = body.unwrap_or("");
        let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
        write!(s, "{method} {full} HTTP/1.1\r\nHost: localhost\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> =
            lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let chunked = headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
        let body_text = if chunked { dechunk(rest) } else { rest.to_string() };
        let body = serde_json::from_str(&body_text).unwrap_or(Value::String(body_text));
        Reply { status, headers, body }
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.call("GET", path, token, None)
    }

    pub fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.call("POST", path, token, Some(&body.to_string()))
    }

    pub fn put(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.call("PUT", path, token, Some(&body.to_string()))
    }

    /// Registers `name`; returns (user id, token).
    pub fn register(&self, name: &str) -> (String, String) {
        let r = self.post("/register", None, serde_json::json!({ "username": name, "password": "secret" }));
        assert_eq!(r.status, 200, "{:?}", r.body);
        (r.body["user_id"].as_str().unwrap().to_string(), r.body["access_token"].as_str().unwrap().to_string())
    }
}

fn dechunk(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&tail[..n]);
        rest = &tail[n + 2..];
    }
    out
}

/// Percent-encodes a path segment (`!`, `#`, `$`, `:`, `@`).
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// The real binary, killed and waited for when dropped (on every path).
pub struct Proc(pub std::process::Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the real binary on `port` with `--state-file`; returns once it
/// accepts connections.
/// Starts the binary on a port the system picks (`--port 0`) and returns it
/// with the address it logged. Binding there, rather than on a port a test
/// found free and released, leaves no moment in which another test's
/// server can take the port.
pub fn spawn_binary(state: &std::path::Path) -> (Proc, std::net::SocketAddr) {
    use std::io::BufRead;
    // Wrapped at once: dropped (killed and waited for) on every path.
    let mut proc = Proc(
        std::process::Command::new(env!("CARGO_BIN_EXE_mock-server"))
            .args(["--port", "0", "--state-file", state.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut log = std::io::BufReader::new(proc.0.stderr.take().expect("piped"));
    let mut line = String::new();
    let addr = loop {
        line.clear();
        if log.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("the server did not start");
        }
        // "… serving the built-in spec on http://127.0.0.1:41234/_matrix/…"
        if let Some(rest) = line.split_once(" on http://").map(|(_, r)| r) {
            let addr = rest.split(['/', ' ']).next().unwrap_or("");
            break addr.parse::<std::net::SocketAddr>().unwrap_or_else(|e| panic!("{addr:?} in {line:?}: {e}"));
        }
    };
    // The rest of the log is read and dropped, so the server never blocks
    // on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
    (proc, addr)
}
