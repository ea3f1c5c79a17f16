//! The hybrid mode (`--upstream`): a "real server" (the mock of a smaller,
//! slightly different draft: no Scans API, and a read that answers
//! `expected_delay_days` where the draft says `expect_delay`) behind the
//! mock of the full parcels draft. What the server has, it answers; what it
//! lacks, the mock answers, on the server's records and tokens; its answers
//! that differ from the draft are counted in `/_mock/drift`, and answered
//! 502 under `--strict`.

mod support;

use mock_server::engine::upstream::Target;
use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::json;
use std::path::PathBuf;
use support::{Reply, Server};

/// A request to exactly `path`.
fn post(s: &Server, path: &str, token: Option<&str>, body: serde_json::Value) -> Reply {
    s.raw("POST", path, token, Some(&body.to_string()))
}

fn get(s: &Server, path: &str, token: Option<&str>) -> Reply {
    s.raw("GET", path, token, None)
}

fn parcels() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/examples/parcels.md")
}

/// The real server: the parcels draft without its Scans API and its
/// update, its read answering another field.
fn real_server(dir: &std::path::Path) -> (Running, Server) {
    let text = std::fs::read_to_string(parcels()).unwrap();
    let start = text.find("## Scans API").unwrap();
    let end = text.find("## Tracking API").unwrap();
    let (up, down) = (text.find("### Updating a parcel").unwrap(), text.find("### Deleting a parcel").unwrap());
    let smaller = format!("{}{}{}", &text[..up], &text[down..start], &text[end..])
        .replace("- Whether to expect a delay", "- Expected delay in days (int)");
    let path = dir.join("server.md");
    std::fs::write(&path, smaller).unwrap();
    let running = spawn_on_loopback(EngineOptions::new(&path, None)).unwrap();
    let server = Server { addr: running.addr };
    (running, server)
}

fn hybrid(upstream: &str, strict: bool) -> (Running, Server) {
    let options = EngineOptions { upstream: Some(Target::parse(upstream, strict).unwrap()), ..EngineOptions::new(parcels(), None) };
    let running = spawn_on_loopback(options).unwrap();
    let server = Server { addr: running.addr };
    (running, server)
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specgen-hybrid-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_server_answers_what_it_has_and_the_mock_the_rest() {
    let dir = tmp("split");
    let (_up, real) = real_server(&dir);
    let (_hy, mock) = hybrid(&format!("http://{}", real.addr), false);
    // The server's own account; its token works on both sides.
    let token = real.mock_user("ada");
    let made = post(&mock, "/parcels", Some(&token), json!({"recipient_name": "Ada", "delivery_address": "1 Main St", "weight": 3}));
    assert_eq!(made.status, 200, "{:?}", made.body);
    assert_eq!(made.header("x-mock-source"), Some("upstream"));
    let parcel = made.body["parcel_id"].as_str().unwrap().to_string();
    // Scans are not the server's: the mock records one on the server's parcel.
    let scan = post(&mock, &format!("/parcels/{parcel}/scans"), Some(&token), json!({"depot_id": "D1", "time": "2024-05-02T10:00:00Z"}));
    assert_eq!((scan.status, scan.header("x-mock-source")), (200, Some("mock")), "{:?}", scan.body);
    let listed = get(&mock, &format!("/parcels/{parcel}/scans"), Some(&token));
    assert_eq!(listed.body["scans"][0]["depot_id"], "D1");
    // The update is not the server's either (405 there): the mock reads the
    // server's parcel (else it would answer 404) and updates its own copy.
    let patched = mock.raw("PATCH", &format!("/parcels/{parcel}"), Some(&token), Some(r#"{"recipient_name":"Bea"}"#));
    assert_eq!((patched.status, patched.header("x-mock-source")), (200, Some("mock")), "{:?}", patched.body);
    assert_eq!(patched.body["recipient_name"], "Bea");
    // The server's read drifts from the draft: passed on, and counted.
    let read = get(&mock, &format!("/parcels/{parcel}"), Some(&token));
    assert_eq!((read.status, read.header("x-mock-source")), (200, Some("upstream")));
    let drift = get(&mock, "/_mock/drift", None).body;
    assert_eq!(drift["total"], 1, "{drift}");
    assert_eq!(drift["by_endpoint"]["read_parcel"], 1);
    let problem = drift["recent"][0]["problem"].as_str().unwrap();
    assert!(problem.contains("`expected_delay_days`") && problem.contains("ReadParcelResponse"), "{problem}");
    // Once the server has answered an endpoint, its 404s are its own.
    let missing = get(&mock, "/parcels/parcel_999", Some(&token));
    assert_eq!((missing.status, missing.header("x-mock-source")), (404, Some("upstream")));
    // A reset forgets the drifts.
    post(&mock, "/_mock/reset", None, json!({}));
    assert_eq!(get(&mock, "/_mock/drift", None).body["total"], 0);
}

#[test]
fn strict_answers_a_drift_with_502_and_an_unreachable_server_leaves_the_mock() {
    let dir = tmp("strict");
    let (_up, real) = real_server(&dir);
    let (_hy, mock) = hybrid(&format!("http://{}", real.addr), true);
    let token = real.mock_user("ada");
    let made = post(&mock, "/parcels", Some(&token), json!({"recipient_name": "Ada", "delivery_address": "1 Main St", "weight": 3}));
    let parcel = made.body["parcel_id"].as_str().unwrap().to_string();
    let read = get(&mock, &format!("/parcels/{parcel}"), Some(&token));
    assert_eq!(read.status, 502, "{:?}", read.body);
    assert!(read.body.to_string().contains("expected_delay_days"), "{:?}", read.body);
    // No server at all: the mock answers everything, with its own tokens.
    let (_gone, alone) = hybrid("http://127.0.0.1:9", false);
    let token = alone.mock_user("bob");
    let made = post(&alone, "/parcels", Some(&token), json!({"recipient_name": "Bob", "delivery_address": "2 Side St", "weight": 1}));
    assert_eq!(made.status, 200, "{:?}", made.body);
    assert!(made.header("x-mock-source").is_some_and(|s| s.starts_with("mock")), "{:?}", made.headers);
    assert_eq!(get(&alone, "/_mock/drift", None).body["total"], 0);
    // Without --upstream there is no drift to show.
    let (_plain, plain) = support::draft_at("../spec/examples/parcels.md");
    assert_eq!(get(&plain, "/_mock/drift", None).status, 404);
}

#[test]
fn an_upstream_must_be_plain_http() {
    assert!(Target::parse("https://example.org", false).unwrap_err().contains("http://"));
    assert_eq!(Target::parse("http://127.0.0.1:8008/", true).unwrap().url, "http://127.0.0.1:8008");
}
