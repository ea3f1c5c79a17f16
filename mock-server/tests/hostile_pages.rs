//! A web page the developer visits must not reach the control routes: no
//! CORS answer lets it read `/_mock/state`, and a cross-site request to
//! change anything is refused. The spec's own routes stay open to browsers.

mod support;

use std::io::{Read, Write};

/// One raw request; the status line and the headers of the answer.
fn raw(addr: std::net::SocketAddr, request: &str) -> (u16, String) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out.split_whitespace().nth(1).unwrap().parse().unwrap();
    let head = out.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
    (status, head)
}

fn status_of(head: &str) -> u16 {
    head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn control_routes_are_closed_to_other_sites() {
    let s = support::start(support::builtin());
    let a = s.addr;
    let host = format!("127.0.0.1:{}", a.port());
    // A page's fetch of the whole state: refused, and no CORS header.
    let (status, head) =
        raw(a, &format!("GET /_mock/state HTTP/1.1\r\nHost: {host}\r\nOrigin: https://evil.example\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 403);
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    // A preflight for a reset gets no permission either.
    let (_, head) = raw(
        a,
        &format!("OPTIONS /_mock/reset HTTP/1.1\r\nHost: {host}\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n"),
    );
    assert!(!head.contains("access-control-allow-origin"), "{head}");
    assert!(!head.contains("access-control-"), "no CORS header at all on a control route: {head}");
    assert_eq!(status_of(&head), 403, "{head}");
    // Nor on the answers of the developer's own tools.
    let (_, head) = raw(a, &format!("GET /_mock/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    assert!(!head.contains("access-control-"), "{head}");
    // A form post (no preflight) marked cross-site by the browser.
    let (status, _) = raw(
        a,
        &format!("POST /_mock/reset HTTP/1.1\r\nHost: {host}\r\nSec-Fetch-Site: cross-site\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 403);
    // DNS rebinding: the page's own name pointed at the mock.
    let (status, _) = raw(
        a,
        &format!(
            "GET /_mock/state HTTP/1.1\r\nHost: evil.example:{0}\r\nOrigin: http://evil.example:{0}\r\nConnection: close\r\n\r\n",
            a.port()
        ),
    );
    assert_eq!(status, 403);
    // The developer's own tools still work.
    let (status, _) = raw(a, &format!("GET /_mock/state HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200);
    // And the spec's routes keep CORS for browser clients.
    let (_, head) = raw(
        a,
        &format!("OPTIONS /_matrix/client/v2/createRoom HTTP/1.1\r\nHost: {host}\r\nOrigin: https://app.example\r\nAccess-Control-Request-Method: POST\r\nConnection: close\r\n\r\n"),
    );
    assert!(head.contains("access-control-allow-origin"), "{head}");
}
