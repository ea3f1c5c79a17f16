//! The statuses a draft documents: a success answers the status its HTTP
//! example or prose shows (201 Created, 204 No Content with no body), and
//! a method the path is not served with is a 405 that says, in `Allow`,
//! which methods it is.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions};
use serde_json::json;
use std::path::PathBuf;
use support::Server;

#[test]
fn successes_answer_the_status_the_draft_shows() {
    // photos.md: "HTTP/1.1 201 Created" under "Create album", "Returns
    // `204` with no body" under "Delete album".
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/specs/corpus/photos.md");
    let running = spawn_on_loopback(EngineOptions::new(spec, None)).expect("the draft loads");
    let s = Server { addr: running.addr };
    let token =
        s.raw("POST", "/_mock/users", None, Some(&json!({ "user": "ana" }).to_string())).body["access_token"].as_str().unwrap().to_string();
    let made = s.raw("POST", "/albums", Some(&token), Some(r#"{"title": "Lisbon 2023", "visibility": "unlisted"}"#));
    assert_eq!(made.status, 201, "{:?}", made.body);
    let state = s.raw("GET", "/_mock/state", None, None).body;
    let id = state["collections"]["album"]["records"]["1"]["id"].as_str().unwrap_or_else(|| panic!("{state}")).to_string();
    assert_eq!(state["journal"][0]["status"], 201, "the journal says what was answered");
    let gone = s.raw("DELETE", &format!("/albums/{id}?force=true"), Some(&token), None);
    assert_eq!((gone.status, gone.body.clone(), gone.header("content-length")), (204, json!(""), None), "no body");
    let read = s.raw("GET", &format!("/albums/{id}"), Some(&token), None);
    assert_eq!(read.status, 404, "{:?}", read.body);
    let wrong = s.raw("PUT", "/albums", Some(&token), None);
    assert_eq!((wrong.status, wrong.header("allow")), (405, Some("POST, GET")), "{:?}", wrong.body);
}
