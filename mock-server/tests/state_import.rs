//! `PUT /_mock/state` (and a state file) takes only a state it can trust:
//! counters below the ids they gave once made the next create overwrite a
//! record (generic engine) or repeat an event id (built-in), a counter at
//! `u64::MAX` wrapped to `!0:localhost`; each is refused now, naming what is
//! wrong, and the state before is kept. A state larger than a request's
//! body limit, as an export gives, goes back in.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions};
use serde_json::{json, Value};
use std::path::PathBuf;
use support::Server;

fn notebooks() -> (mock_server::engine::Running, Server) {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/specs/notebooks.md");
    let running = spawn_on_loopback(EngineOptions::new(spec, None)).expect("the spec loads");
    let s = Server { addr: running.addr };
    (running, s)
}

fn put(s: &Server, state: &Value) -> support::Reply {
    s.raw("PUT", "/_mock/state", None, Some(&state.to_string()))
}

#[test]
fn generic_counters_below_their_ids_or_at_the_top_are_refused_by_name() {
    let (_running, s) = notebooks();
    let token = s.raw("POST", "/_mock/users", None, Some(r#"{"user": "ada"}"#)).body["access_token"].as_str().unwrap().to_string();
    let made = s.raw("POST", "/notebooks", Some(&token), Some(r#"{"title": "one"}"#));
    assert_eq!(made.body["notebook_id"], "notebook_1");
    let state = s.raw("GET", "/_mock/state?tokens=true", None, None).body;

    for (counter, says) in [
        (json!(0), "counter `NotebookId` is 0, below the `notebook` `notebook_1`"),
        (json!(u64::MAX), "counter `NotebookId` is 18446744073709551615"),
    ] {
        let mut bad = state.clone();
        bad["counters"]["NotebookId"] = counter;
        let r = put(&s, &bad);
        assert_eq!(r.status, 400, "{:?}", r.body);
        assert!(r.body["detail"].as_str().unwrap().contains(says), "{:?}", r.body);
    }
    let mut twice = state.clone();
    twice["collections"]["notebook"]["records"]["2"] = state["collections"]["notebook"]["records"]["1"].clone();
    twice["collections"]["notebook"]["next"] = json!(2);
    assert!(put(&s, &twice).body["detail"].as_str().unwrap().contains("holds the id `notebook_1` twice"));

    // The state before is kept: the next notebook is a new one.
    let next = s.raw("POST", "/notebooks", Some(&token), Some(r#"{"title": "two"}"#));
    assert_eq!(next.body["notebook_id"], "notebook_2", "{:?}", next.body);
    let records = s.raw("GET", "/_mock/state", None, None).body["collections"]["notebook"]["records"].clone();
    assert_eq!(records.as_object().unwrap().len(), 2);
}

#[test]
fn a_state_larger_than_a_request_goes_back_in() {
    let (_running, s) = notebooks();
    let token = s.raw("POST", "/_mock/users", None, Some(r#"{"user": "ada"}"#)).body["access_token"].as_str().unwrap().to_string();
    let title = "t".repeat(1_000);
    for _ in 0..100 {
        s.raw("POST", "/notebooks", Some(&token), Some(&json!({ "title": title }).to_string()));
    }
    let state = s.raw("GET", "/_mock/state?tokens=true", None, None).body;
    let text = state.to_string();
    assert!(text.len() > 100 * 1024, "{} bytes", text.len());
    let r = put(&s, &state);
    assert_eq!(r.status, 200, "once 413 over 64 KiB: {:?}", r.body);
    assert_eq!(s.raw("GET", "/_mock/state?tokens=true", None, None).body, state);
}

#[test]
fn builtin_next_id_below_its_ids_or_at_the_top_is_refused_by_name() {
    let s = support::start(support::builtin());
    let (_, alice) = s.register("alice");
    let room = s.post("/createRoom", Some(&alice), json!({}));
    assert_eq!(room.status, 200);
    let state = s.get("/_mock/state?tokens=true", None).body;
    for (next_id, says) in [(json!(0), "`next_id` is 0, below the "), (json!(u64::MAX), "`next_id` is 18446744073709551615")] {
        let mut bad = state.clone();
        bad["next_id"] = next_id;
        let r = s.put("/_mock/state", None, bad);
        assert_eq!(r.status, 400, "{:?}", r.body);
        assert!(r.body["error"].as_str().unwrap().contains(says), "{:?}", r.body);
    }
    // Kept: the next room is a new id, not `!0:localhost` nor one in use.
    let next = s.post("/createRoom", Some(&alice), json!({})).body["room_id"].as_str().unwrap().to_string();
    assert_ne!(next, room.body["room_id"].as_str().unwrap());
    assert_ne!(next, "!0:localhost");
}
