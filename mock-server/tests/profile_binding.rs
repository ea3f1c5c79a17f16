//! The Matrix profile is a plug-in of the engine, bound by the overlay's
//! `profile = "matrix"` and only to the spec it was compiled for: never
//! picked because a foreign endpoint's name matches one of its own.

mod support;

use mock_server::engine::error::{BindError, EngineError, Mismatch};
use mock_server::engine::{spawn_on_loopback, EngineOptions};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use support::Server;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The options `mock-server --spec` has: the server's profiles.
fn with_profiles(spec: impl Into<PathBuf>, bindings: Option<PathBuf>) -> EngineOptions {
    EngineOptions { profiles: mock_server::profiles(mock_server::SERVER_NAME), ..EngineOptions::new(spec, bindings) }
}

/// `files` written in a fresh directory.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("profile-binding-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join(file), text).unwrap();
    }
    dir
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

#[test]
fn the_built_in_spec_given_with_spec_is_served_by_its_matrix_profile() {
    let running = spawn_on_loopback(with_profiles(root().join("spec/client_server_v2.rst"), Some(root().join("spec/bindings.toml"))))
        .expect("the built-in spec binds its profile");
    let s = Server { addr: running.addr };
    let (alice, ta) = s.register("alice");
    assert_eq!(alice, "@alice:localhost", "Matrix user IDs: the profile serves register");
    let room = s.post("/createRoom", Some(&ta), json!({}));
    assert_eq!(room.status, 200, "{:?}", room.body);
    let room = room.body["room_id"].as_str().unwrap().to_string();
    assert!(room.starts_with('!'), "{room}");
    let enc = room.replace('!', "%21").replace(':', "%3A");
    let sent = s.post(&format!("/rooms/{enc}/send"), Some(&ta), json!({ "content": { "body": "hi" } }));
    assert_eq!(sent.status, 200, "{:?}", sent.body);
    let listed = s.get("/_mock/endpoints", None).body;
    let send = listed.as_array().unwrap().iter().find(|e| e["name"] == "send").unwrap().clone();
    assert_eq!((send["profile"].clone(), send["kind"].clone()), (json!("matrix"), json!("matrix profile")));
    // The engine's journal and control routes serve the profile too.
    let journal = s.get("/_mock/journal", None).body;
    assert!(journal["requests"].as_array().unwrap().iter().any(|j| j["endpoint"] == "send" && j["user"] == "@alice:localhost"));
    let (bob, tb) = {
        let r = s.post("/_mock/users", None, json!({ "user": "bob" }));
        assert_eq!(r.status, 200, "{:?}", r.body);
        (r.body["user_id"].as_str().unwrap().to_string(), r.body["access_token"].as_str().unwrap().to_string())
    };
    assert_eq!(bob, "@bob:localhost");
    assert_eq!(s.get("/account/%40bob%3Alocalhost/devices", Some(&tb)).status, 200, "a /_mock/users token is a Matrix token");
    let state = s.get("/_mock/state", None).body;
    assert!(state["accounts"].get("@alice:localhost").is_some(), "the export is the profile's state: {state}");
}

#[test]
fn a_server_without_the_profile_refuses_an_overlay_that_binds_it() {
    let e = spawn_on_loopback(EngineOptions::new(root().join("spec/client_server_v2.rst"), Some(root().join("spec/bindings.toml"))))
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("bindings.toml:") && e.contains("profile \"matrix\"") && e.contains("does not have"), "{e}");
    let dir = scratch(
        "unknown",
        &[("notes.md", "# Notes [Draft]\n\nCreating a note\n- Inputs: Text\n- Outputs: Note ID\n"), ("b.toml", "profile = \"jira\"\n")],
    );
    let e = spawn_on_loopback(with_profiles(dir.join("notes.md"), Some(dir.join("b.toml")))).err().expect("refused").to_string();
    assert!(e.contains("b.toml:1:") && e.contains("\"jira\"") && e.contains("it has: matrix"), "{e}");
}

#[test]
fn the_profile_refuses_a_spec_it_was_not_written_for() {
    // The built-in spec with one endpoint moved: the profile's compiled
    // table no longer fits, and the error names the difference.
    let overlay = read(&root().join("spec/bindings.toml")).replace("path = \"/rooms/{roomId}/send\"", "path = \"/rooms/{roomId}/post\"");
    let dir = scratch("moved", &[("client_server_v2.rst", &read(&root().join("spec/client_server_v2.rst"))), ("bindings.toml", &overlay)]);
    let refused =
        spawn_on_loopback(with_profiles(dir.join("client_server_v2.rst"), Some(dir.join("bindings.toml")))).err().expect("refused");
    // Typed: the binding that failed and the first difference.
    let EngineError::Profile { error, .. } = &refused else { panic!("not a profile that does not bind: {refused:?}") };
    let BindError::Unfit { name, mismatch: Mismatch::Route { name: endpoint, spec, .. } } = &**error else {
        panic!("not a mismatch of routes: {error:?}")
    };
    assert_eq!((name.as_str(), endpoint.as_str(), spec.as_str()), ("matrix", "send", "POST /_matrix/client/v2/rooms/{roomId}/post"));
    let e = refused.to_string();
    assert!(e.contains("endpoint `send`") && e.contains("/rooms/{roomId}/post") && e.contains("--no-bindings"), "{e}");
}

#[test]
fn a_foreign_endpoint_named_like_a_matrix_one_is_served_by_the_engine() {
    // A notebook service with its own `sync`, `register` and `send`: no
    // overlay binds a profile, so the engine's inferred semantics serve it.
    let spec = "# Notebooks\n\n\
        ## Sync API [Draft]\n\nInputs:\n- Access token (for auth)\n- Since token (optional)\n\nOutputs:\n- Notebook IDs\n\n\
        ## Send API [Draft]\n\nInputs:\n- Access token (for auth)\n- Notebook ID\n- Address\n\nOutputs:\n- Receipt ID\n";
    let dir = scratch("foreign", &[("notebooks.md", spec)]);
    let running = spawn_on_loopback(with_profiles(dir.join("notebooks.md"), None)).expect("served");
    let s = Server { addr: running.addr };
    let listed = s.get("/_mock/endpoints", None).body;
    let listed = listed.as_array().unwrap();
    let names: Vec<&str> = listed.iter().filter_map(|e| e["name"].as_str()).collect();
    assert!(names.contains(&"sync"), "{names:?}");
    let token = s.post("/_mock/users", None, json!({ "user": "ada" })).body["access_token"].as_str().unwrap().to_string();
    for e in listed {
        assert_eq!((e["profile"].clone(), e["kind"].clone()), (Value::Null, json!("inferred")), "{e}");
    }
    for e in listed {
        let r = s.raw(e["method"].as_str().unwrap(), e["path"].as_str().unwrap(), Some(&token), Some("{}"));
        assert!(r.status < 500, "{e}: {} {:?}", r.status, r.body);
    }
}

#[test]
fn a_reload_keeps_the_profile_and_its_state_and_refuses_a_spec_that_no_longer_fits() {
    let spec = read(&root().join("spec/client_server_v2.rst"));
    let overlay = read(&root().join("spec/bindings.toml"));
    let dir = scratch("reload", &[("client_server_v2.rst", &spec), ("bindings.toml", &overlay)]);
    let running = spawn_on_loopback(with_profiles(dir.join("client_server_v2.rst"), Some(dir.join("bindings.toml")))).expect("served");
    let s = Server { addr: running.addr };
    let (_, t) = s.register("alice");
    // A status change fits the profile: served at once, state kept.
    std::fs::write(
        dir.join("client_server_v2.rst"),
        spec.replace("Global initial sync API ``[Draft]``", "Global initial sync API ``[Final]``"),
    )
    .unwrap();
    assert!(mock_server::engine::watch::reload(&running.engine));
    let listed = s.get("/_mock/endpoints", None).body;
    let sync = listed.as_array().unwrap().iter().find(|e| e["section"] == "Global initial sync API").unwrap().clone();
    assert_eq!((sync["status"].clone(), sync["profile"].clone()), (json!("final"), json!("matrix")));
    assert_eq!(s.post("/createRoom", Some(&t), json!({})).status, 200, "the account survived the reload");
    // A moved endpoint does not: the previous spec stays served.
    std::fs::write(dir.join("bindings.toml"), overlay.replace("path = \"/rooms/{roomId}/send\"", "path = \"/rooms/{roomId}/post\""))
        .unwrap();
    assert!(!mock_server::engine::watch::reload(&running.engine));
    let listed = s.get("/_mock/endpoints", None).body;
    let send = listed.as_array().unwrap().iter().find(|e| e["name"] == "send").unwrap().clone();
    assert!(send["path"].as_str().unwrap().ends_with("/rooms/{roomId}/send"), "{send}");
}
