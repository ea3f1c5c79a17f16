//! Requests the HTTP parser refuses or that break the server's limits, over
//! a raw socket: an over-long path, too many headers, an over-long header,
//! a malformed request line, a malformed chunk size. Each is answered with
//! a JSON error in the served spec's shape, even where hyper would
//! otherwise answer with an empty body of its own: Matrix's `errcode` and
//! `error` (`application/json`) on the built-in server, RFC 9457 problem
//! details (`application/problem+json`) on a spec that describes no error
//! body.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::PathBuf;

/// A server under test: where it listens, a route that reads a body and
/// the token it needs.
struct Target {
    addr: SocketAddr,
    body_route: String,
    token: String,
    /// Whether it answers Matrix's errors (else problem details).
    matrix: bool,
    _engine: Option<Running>,
}

fn matrix() -> Target {
    let server = support::start(support::builtin());
    let (_, token) = server.register("alice");
    Target { addr: server.addr, body_route: "/_matrix/client/v2/createRoom".into(), token, matrix: true, _engine: None }
}

fn engine() -> Target {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/examples/parcels.md");
    let running = spawn_on_loopback(EngineOptions::new(spec, None)).expect("the spec loads");
    let server = support::Server { addr: running.addr };
    let r = server.raw("POST", "/_mock/users", None, Some(&json!({ "user": "alice" }).to_string()));
    let token = r.body["access_token"].as_str().expect("a token").to_string();
    Target { addr: running.addr, body_route: "/parcels".into(), token, matrix: false, _engine: Some(running) }
}

/// The answer to `request` sent as is: status, headers (lower case) and body.
struct Answer {
    status: u16,
    head: String,
    body: Value,
}

fn send(addr: SocketAddr, request: &[u8]) -> Answer {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    s.write_all(request).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no answer head in {text:?}"));
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or_else(|e| panic!("the body is not JSON ({e}): {head}\r\n\r\n{body:?}"));
    Answer { status, head: head.to_ascii_lowercase(), body }
}

/// Asserts `a` is an error of `t`'s spec with `status` whose message says
/// `says`: with `errcode` on the Matrix server, as problem details (the
/// status in the body too) on the other.
fn assert_json_error(t: &Target, a: &Answer, status: u16, errcode: &str, says: &str) {
    let (message, content_type) = if t.matrix {
        assert_eq!((a.status, a.body["errcode"].as_str()), (status, Some(errcode)), "{}\r\n\r\n{}", a.head, a.body);
        (a.body["error"].as_str().unwrap_or_default(), "content-type: application/json")
    } else {
        assert_eq!((a.status, a.body["status"].as_u64()), (status, Some(u64::from(status))), "{}\r\n\r\n{}", a.head, a.body);
        (a.body["detail"].as_str().unwrap_or_default(), "content-type: application/problem+json")
    };
    assert!(a.head.contains(content_type), "{}", a.head);
    assert!(message.contains(says), "`{message}` should say `{says}`");
}

fn get(path: &str, headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n").into_bytes()
}

fn each_server(check: impl Fn(&Target)) {
    check(&matrix());
    check(&engine());
}

#[test]
fn a_100_kb_path_is_a_json_414() {
    each_server(|t| {
        let a = send(t.addr, &get(&format!("/{}", "a".repeat(100_000)), ""));
        assert_json_error(t, &a, 414, "M_TOO_LARGE", "longer than 65534 bytes");
    });
}

#[test]
fn a_path_just_within_the_parsers_bound_meets_the_head_limit_instead() {
    each_server(|t| {
        // 65,534 bytes is the longest target the parser takes; the head is
        // then over 64 KiB, which the server answers itself.
        let a = send(t.addr, &get(&format!("/{}", "a".repeat(65_533)), ""));
        assert_json_error(t, &a, 431, "M_TOO_LARGE", "larger than 64 KiB");
        let a = send(t.addr, &get(&format!("/{}", "a".repeat(65_534)), ""));
        assert_json_error(t, &a, 414, "M_TOO_LARGE", "longer than 65534 bytes");
    });
}

#[test]
fn two_hundred_headers_are_a_json_431() {
    each_server(|t| {
        let headers: String = (0..200).map(|i| format!("X-Header-{i}: {i}\r\n")).collect();
        let a = send(t.addr, &get("/_mock/health", &headers));
        assert_json_error(t, &a, 431, "M_TOO_LARGE", "more than 100 headers");
    });
}

#[test]
fn a_hundred_headers_are_served_and_one_more_is_not() {
    each_server(|t| {
        // `get` adds two: Host and Connection.
        let headers = |n: usize| (0..n).map(|i| format!("X-{i}: {i}\r\n")).collect::<String>();
        assert_eq!(send(t.addr, &get("/_mock/health", &headers(98))).status, 200);
        let a = send(t.addr, &get("/_mock/health", &headers(99)));
        assert_json_error(t, &a, 431, "M_TOO_LARGE", "more than 100 headers");
    });
}

#[test]
fn an_80_kb_header_value_is_a_json_431() {
    each_server(|t| {
        let a = send(t.addr, &get("/_mock/health", &format!("X-Big: {}\r\n", "v".repeat(80_000))));
        assert_json_error(t, &a, 431, "M_TOO_LARGE", "larger than 64 KiB");
        // Past the parser's own bound (256 KiB) the answer is JSON all the same.
        let a = send(t.addr, &get("/_mock/health", &format!("X-Big: {}\r\n", "v".repeat(300_000))));
        assert_json_error(t, &a, 431, "M_TOO_LARGE", "larger than 256 KiB");
    });
}

#[test]
fn a_malformed_request_line_or_header_is_a_json_400() {
    each_server(|t| {
        let a = send(t.addr, b"THIS IS NOT HTTP\r\n\r\n");
        assert_json_error(t, &a, 400, "M_UNRECOGNIZED", "invalid HTTP version");
        let a = send(t.addr, b"G(T / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assert_json_error(t, &a, 400, "M_UNRECOGNIZED", "invalid HTTP method");
        let a = send(t.addr, b"GET /_mock/health HTTP/1.1\r\nHost: localhost\r\nNo Colon Here\r\n\r\n");
        assert_json_error(t, &a, 400, "M_UNRECOGNIZED", "invalid HTTP header");
    });
}

#[test]
fn a_malformed_chunk_size_is_a_json_400_and_the_size_limit_stays_413() {
    each_server(|t| {
        let post = |chunks: &str| {
            format!(
                "POST {} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunks}",
                t.body_route, t.token
            )
        };
        let a = send(t.addr, post("2\r\n{}\r\nzz\r\n\r\n").as_bytes());
        assert_json_error(t, &a, 400, "M_BAD_JSON", "the body could not be read");
        // A chunked body over the limit (no Content-Length to refuse early).
        let big = "x".repeat(70_000);
        let a = send(t.addr, post(&format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len())).as_bytes());
        assert_json_error(t, &a, 413, "M_TOO_LARGE", "larger than 65536 bytes");
    });
}

#[test]
fn a_kept_alive_connection_gets_json_for_a_bad_second_request() {
    each_server(|t| {
        // The first request is fine; the second, on the same connection, is not.
        let mut both = b"GET /_mock/health HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec();
        both.extend_from_slice(b"BAD REQUEST LINE\r\n\r\n");
        let mut s = std::net::TcpStream::connect(t.addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        s.write_all(&both).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw);
        let second = text.match_indices("HTTP/1.1 ").nth(1).map(|(i, _)| &text[i..]).unwrap_or_else(|| panic!("{text}"));
        assert!(second.starts_with("HTTP/1.1 400"), "{text}");
        let (head, body) = second.split_once("\r\n\r\n").unwrap();
        let answer = Answer {
            status: 400,
            head: head.to_ascii_lowercase(),
            body: serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body:?}")),
        };
        assert_json_error(t, &answer, 400, "M_UNRECOGNIZED", "not valid HTTP/1.1");
    });
}

#[test]
fn a_control_routes_body_that_cannot_be_read_is_json_too() {
    each_server(|t| {
        let put = b"PUT /_mock/faults HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\nzz\r\n\r\n";
        let a = send(t.addr, put);
        assert_json_error(t, &a, 400, "M_BAD_JSON", "Failed to buffer the request body");
    });
}
