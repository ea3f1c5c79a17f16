//! The lenient cases, decided: a body that is not JSON by its headers
//! (another `Content-Type`, a `Content-Encoding`) is a 415, a query key
//! given twice a 400 as a body key given twice is, `Content-Length` with
//! `Transfer-Encoding` framed by the chunks and the connection closed after
//! the answer, a fault's latency
//! at most a minute; `GET /_mock/state` shows access tokens only when
//! asked, and a redacted export is not taken back; state files are the
//! owner's alone, and the temporary files of a save a kill cut short are
//! removed at the next start.

mod support;

use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use support::Server;

/// A raw request; the whole answer as text.
fn raw(s: &Server, request: &str) -> String {
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = c.read_to_string(&mut answer);
    answer
}

fn post(path: &str, headers: &str, body: &str) -> String {
    format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
}

#[test]
fn a_body_that_is_not_json_by_its_headers_is_a_415() {
    let s = support::start(support::builtin());
    let body = r#"{"username": "ann", "password": "pw"}"#;
    for (headers, says) in [
        ("Content-Type: text/plain\r\n", "the body is sent as \\\"text/plain\\\""),
        ("Content-Type: application/x-www-form-urlencoded\r\n", "application/x-www-form-urlencoded"),
        ("Content-Type: application/json\r\nContent-Encoding: gzip\r\n", "the body is encoded \\\"gzip\\\""),
    ] {
        for path in ["/_matrix/client/v2/register", "/_mock/users"] {
            let a = raw(&s, &post(path, headers, body));
            assert!(a.starts_with("HTTP/1.1 415") && a.contains("M_NOT_JSON") && a.contains(says), "{path} {headers:?}: {a}");
        }
    }
    // JSON, with or without saying so, is read.
    assert!(raw(&s, &post("/_matrix/client/v2/register", "Content-Type: application/json; charset=utf-8\r\n", body))
        .starts_with("HTTP/1.1 200"));
    let other = body.replace("ann", "bo");
    assert!(raw(&s, &post("/_matrix/client/v2/register", "", &other)).starts_with("HTTP/1.1 200"));
}

#[test]
fn a_query_key_given_twice_is_refused_as_a_body_key_is() {
    let s = support::start(support::builtin());
    let (_, token) = s.register("ann");
    let room = s.post("/createRoom", Some(&token), json!({})).body["room_id"].as_str().unwrap().to_string();
    let r = s.get(&format!("/rooms/{}/messages?limit=1&limit=2", support::enc(&room)), Some(&token));
    assert_eq!((r.status, r.body["error"].as_str()), (400, Some("query parameter `limit` is given twice")), "{:?}", r.body);
}

/// `Content-Length` with `Transfer-Encoding`: the body ends where the
/// chunks say (the parser drops the length before any layer sees it, as
/// RFC 9112 allows), and the connection closes after the answer, so what
/// follows the body is never read as a request (no smuggling).
#[test]
fn content_length_with_transfer_encoding_closes_the_connection_after_the_answer() {
    let s = support::start(support::builtin());
    let smuggled = "POST /_matrix/client/v2/register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let a = raw(&s, smuggled);
    assert!(a.starts_with("HTTP/1.1 400") && a.contains("connection: close"), "{a}");
    assert_eq!(a.matches("HTTP/1.1 ").count(), 1, "nothing after the body is read as a request: {a}");
}

#[test]
fn a_faults_latency_is_at_most_a_minute() {
    let s = support::start(support::builtin());
    let r = s.put("/_mock/faults", None, json!({ "*": { "latency_ms": u64::MAX } }));
    assert_eq!((r.status, r.body["error"].as_str()), (400, Some("field `latency_ms`: at most 60000 (a minute)")));
    assert_eq!(s.get("/_mock/faults", None).body, json!({}));
}

#[test]
fn tokens_are_shown_in_the_state_only_when_asked() {
    let s = support::start(support::builtin());
    let (_, token) = s.register("ann");
    let redacted = s.get("/_mock/state", None).body;
    let text = redacted.to_string();
    assert!(!text.contains(&token), "the live token is in the export");
    assert!(text.contains(&format!("{}…", &token[..8])), "{text}");
    let shown = s.get("/_mock/state?tokens=true", None).body;
    assert!(shown.to_string().contains(&token));
    // A redacted export cannot be put back (its tokens are none).
    let r = s.put("/_mock/state", None, redacted);
    assert_eq!(r.status, 400);
    assert!(r.body["error"].as_str().unwrap().contains("is redacted"), "{:?}", r.body);
    assert_eq!(s.put("/_mock/state", None, shown).status, 200);
    assert_eq!(s.post("/createRoom", Some(&token), json!({})).status, 200, "the token still works");
}

#[test]
fn state_files_are_the_owners_alone_and_stale_temporaries_go() {
    let dir = std::env::temp_dir().join(format!("mock-strict-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    // Left by a save a SIGKILL cut short (no process has that id).
    let stale = dir.join(".state.json.4194304999.3.tmp");
    std::fs::write(&stale, "{\"half\": ").unwrap();
    let unrelated = dir.join(".other.json.1.1.tmp");
    std::fs::write(&unrelated, "x").unwrap();
    let s = support::start(mock_server::engine::EngineOptions { state_file: Some(state.clone()), ..support::builtin() });
    assert!(!stale.exists(), "the stale temporary file is removed at start");
    assert!(unrelated.exists(), "another file's temporaries are left alone");
    s.register("ann");
    assert_eq!(s.call("POST", "/_mock/save", None, None).status, 200);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&state).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{mode:o}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_integral_float_is_an_integer_however_many_digits_it_has() {
    // photos.md: "sizeBytes (integer, required) — at most 50 MB
    // (52428800)". JSON Schema counts `52428800.0` as an integer, and so
    // does the mock, read exactly (not to the nearest float schemathesis
    // found refused: -1857301621651007.0).
    let (_r, s) = support::corpus("photos.md");
    let t = s.mock_user("ana");
    let album = s.raw("POST", "/albums", Some(&t), Some(r#"{"title": "x"}"#)).body["albumId"].as_str().unwrap().to_string();
    let upload = |size: &str| {
        let body = format!(r#"{{"contentType": "image/jpeg", "sizeBytes": {size}, "filename": "a.jpg"}}"#);
        s.raw("POST", &format!("/albums/{album}/uploadSessions"), Some(&t), Some(&body))
    };
    for size in ["52428800.0", "-1857301621651007.0", "1e3"] {
        let r = upload(size);
        assert!(r.status < 300, "{size}: {} {:?}", r.status, r.body);
    }
    for size in ["3.5", "52428801.0"] {
        assert_eq!(upload(size).status, 400, "{size}");
    }
}
