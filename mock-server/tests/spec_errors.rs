//! Errors in the served spec's own shape: drafts of the corpus (written by
//! others) describe their error bodies in prose; the mock answers in that
//! shape, with the codes the draft lists by status, and its OpenAPI
//! document says the same, with nothing of Matrix in it.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::{json, Value};
use std::path::PathBuf;
use support::Server;

fn serve(draft: &str) -> (Running, Server) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/specs/corpus").join(draft);
    let running = spawn_on_loopback(EngineOptions::new(spec, None)).expect("the draft loads");
    let server = Server { addr: running.addr };
    (running, server)
}

#[test]
fn a_flat_code_and_message_with_the_codes_listed_by_status() {
    // fleet.rst: `{"code": "not_found", "message": "…"}`, "401 - no/expired
    // token (code unauthorized)", "404 - unknown id (code not_found)".
    let (_r, s) = serve("fleet.rst");
    let r = s.raw("GET", "/vehicles", None, None);
    assert_eq!((r.status, r.header("content-type")), (401, Some("application/json")), "{:?}", r.body);
    assert_eq!(r.body["code"], "unauthorized", "{:?}", r.body);
    assert!(r.body["message"].as_str().is_some_and(|m| m.contains("access token")), "{:?}", r.body);
    assert_eq!(r.body.as_object().map(|m| m.len()), Some(2), "{:?}", r.body);
    let r = s.raw("GET", "/no-such-thing", None, None);
    assert_eq!((r.status, &r.body["code"]), (404, &json!("not_found")), "{:?}", r.body);
}

#[test]
fn a_nested_body_with_the_status_in_it() {
    // devices.md: google.rpc.Status wrapped in `error`, codes in a table.
    let (_r, s) = serve("devices.md");
    let r = s.raw("GET", "/v1/no-such-thing", None, None);
    assert_eq!(r.status, 404, "{:?}", r.body);
    assert_eq!((&r.body["error"]["code"], &r.body["error"]["status"]), (&json!(404), &json!("NOT_FOUND")), "{:?}", r.body);
    assert!(r.body["error"]["message"].is_string(), "{:?}", r.body);
}

#[test]
fn errors_that_travel_as_200_say_ok_false() {
    // ledger.md: "On failure it is {"ok": false, "error": "invoice_not_found"}.
    // Errors come back as HTTP 200 too … The only exceptions are 429 and 5xx."
    let (_r, s) = serve("ledger.md");
    let r = s.raw("GET", "/customers.list", None, None);
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!((&r.body["ok"], &r.body["error"]), (&json!(false), &json!("not_authed")), "{:?}", r.body);
}

#[test]
fn the_document_carries_the_spec_shape_and_no_matrix() {
    for draft in ["fleet.rst", "devices.md", "garden.md"] {
        let (_r, s) = serve(draft);
        let doc: Value = s.get("/_mock/openapi.json", None).body;
        let text = doc.to_string();
        for matrix in ["errcode", "M_", "localhost", "#lobby"] {
            assert!(!text.contains(matrix), "{draft}: the document says {matrix:?}");
        }
        let schema = &doc["components"]["schemas"]["Error"];
        let example = doc["components"]["responses"]["Unauthorized"]["content"]["application/json"]["examples"]
            .as_object()
            .and_then(|m| m.values().next())
            .map(|e| e["value"].clone())
            .unwrap_or_else(|| panic!("{draft}: no example: {:?}", doc["components"]["responses"]));
        for key in schema["required"].as_array().unwrap_or_else(|| panic!("{draft}: {schema}")) {
            assert!(example.get(key.as_str().unwrap()).is_some(), "{draft}: the example {example} has no {key}");
        }
    }
}

#[test]
fn the_served_document_is_the_exported_one_byte_for_byte() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/specs/corpus/fleet.rst");
    let source = mock_server::engine::spec::Source { spec: spec.clone(), bindings: None, embedded: None };
    let loaded = specgen::load(&source.specgen()).expect("the draft loads");
    let exported = specgen::emit::openapi::text(&loaded.space, "fleet.rst");
    let (_r, s) = serve("fleet.rst");
    let served = raw_get(s.addr, "/_mock/openapi.json");
    assert_eq!(served, exported);
    let doc: Value = serde_json::from_str(&served).unwrap();
    let body = &doc["paths"]["/vehicles"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["additionalProperties"], json!(false), "unknown keys are refused, and the document says so: {body}");
    assert!(body["properties"]["make"].to_string().contains("null"), "an optional input may be null: {}", body["properties"]["make"]);
}

/// The raw body text of a GET.
fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}
