//! The `mock-server` binary from the outside: host names resolve, a busy
//! port is named in the error, logs redirected carry no colour codes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};

fn mock_server(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mock-server"));
    c.args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    c
}

/// Kills the server when the test ends, passing or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_host_name_resolves_and_redirected_logs_have_no_colour() {
    let mut server = Running(mock_server(&["--host", "localhost", "--port", "0"]).spawn().expect("mock-server starts"));
    let mut stderr = BufReader::new(server.0.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(!line.contains('\x1b'), "colour codes in a redirected log: {line:?}");
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).unwrap_or_else(|| panic!("no address in {line:?}"));
    let addr = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut conn = TcpStream::connect(addr).expect("the server listens where it says");
    conn.write_all(b"GET /_mock/health HTTP/1.0\r\nHost: localhost\r\n\r\n").unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_busy_port_is_named_in_the_error() {
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = mock_server(&["--port", &port]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{err}");
    assert!(!err.contains("Stack backtrace"), "{err}");
}

#[test]
fn an_overlay_read_because_it_lies_beside_the_spec_is_named() {
    // A new spec saved next to the built-in one picks up its overlay, which
    // does not fit: the error says why that overlay was read and what to do.
    let dir = std::env::temp_dir().join(format!("mock-cli-beside-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(root.join("spec/bindings.toml"), dir.join("bindings.toml")).unwrap();
    std::fs::copy(root.join("spec/examples/parcels.md"), dir.join("library.md")).unwrap();
    let spec = dir.join("library.md");
    let out = mock_server(&["--spec", spec.to_str().unwrap(), "--port", "0"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("was read because it lies beside the spec") && err.contains("--no-bindings"), "{err}");
}
