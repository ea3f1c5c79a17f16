//! The mock server over a real socket: errors of the binding, status gates,
//! spec headers, accounts, and a two-user scenario (room, invite, join by
//! alias, messages, the event stream, action-ID retries).

mod support;

use mock_server::engine::EngineOptions;
use serde_json::json;
use support::enc;

#[test]
fn errors_follow_the_binding() {
    let s = support::start(support::builtin());
    let (_, t) = s.register("alice");
    let r = s.call("POST", "/createRoom", Some(&t), Some("{nope"));
    assert_eq!((r.status, r.body["errcode"].as_str()), (400, Some("M_NOT_JSON")));
    let r = s.post("/createRoom", Some(&t), json!({ "published": "yes" }));
    assert_eq!((r.status, r.body["errcode"].as_str()), (400, Some("M_BAD_JSON")));
    assert!(r.body["error"].as_str().unwrap().contains("`published`"), "{:?}", r.body);
    let r = s.post("/rooms/!x:localhost/kick", Some(&t), json!({}));
    assert_eq!((r.status, r.body["errcode"].as_str()), (400, Some("M_MISSING_PARAM")));
    assert!(r.body["error"].as_str().unwrap().contains("`user_id`"));
    let r = s.post("/createRoom", None, json!({}));
    assert_eq!((r.status, r.body["errcode"].as_str()), (401, Some("M_MISSING_TOKEN")));
    let r = s.post("/createRoom", Some("not-a-token"), json!({}));
    assert_eq!((r.status, r.body["errcode"].as_str()), (401, Some("M_UNKNOWN_TOKEN")));
    let r = s.get("/nowhere", Some(&t));
    assert_eq!((r.status, r.body["errcode"].as_str()), (404, Some("M_UNRECOGNIZED")));
    let r = s.get("/createRoom", Some(&t));
    assert_eq!((r.status, r.body["errcode"].as_str(), r.header("allow")), (405, Some("M_UNRECOGNIZED"), Some("POST")));
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(70_000));
    let r = s.call("POST", "/createRoom", Some(&t), Some(&big));
    assert_eq!((r.status, r.body["errcode"].as_str()), (413, Some("M_TOO_LARGE")));
    let r = s.post("/register", None, json!({ "username": "alice", "password": "x" }));
    assert_eq!((r.status, r.body["errcode"].as_str()), (409, Some("M_IN_USE")));
}

#[test]
fn status_gates_and_spec_headers() {
    let s = support::start(EngineOptions { min_status: specgen::Status::Final, ..support::builtin() });
    let (_, t) = s.register("alice");
    let r = s.post("/rooms/!x:localhost/knock", Some(&t), json!({}));
    assert_eq!(r.status, 501, "TODO sections answer 501");
    assert!(r.body["error"].as_str().unwrap().contains("Knocking on a room"));
    let r = s.post("/createRoom", Some(&t), json!({}));
    assert_eq!((r.status, r.body["errcode"].as_str()), (404, Some("M_UNRECOGNIZED")));
    assert!(r.body["error"].as_str().unwrap().contains("draft") && r.body["error"].as_str().unwrap().contains("final"), "{:?}", r.body);
    let r = s.post("/rooms/!x:localhost/leave", Some(&t), json!({}));
    assert_eq!(r.header("x-spec-section"), Some("Leaving a room"));
    assert_eq!(r.header("x-spec-status"), Some("final"));
}

#[test]
fn accounts_devices_and_tokens() {
    let s = support::start(support::builtin());
    let (alice, t1) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let login = s.post("/login", None, json!({ "username": "alice", "password": "secret" }));
    assert_eq!(login.status, 200);
    let t2 = login.body["access_token"].as_str().unwrap().to_string();
    let d2 = login.body["device_id"].as_str().unwrap().to_string();
    assert_ne!(t1, t2);
    assert_eq!(s.post("/login", None, json!({ "username": "alice", "password": "wrong" })).status, 403);
    let devices = s.get(&format!("/account/{}/devices", enc(&alice)), Some(&t1));
    assert_eq!(devices.body["devices"].as_array().unwrap().len(), 2);
    // Nobody manages another's account.
    assert_eq!(s.get(&format!("/account/{}/devices", enc(&alice)), Some(&tb)).status, 403);
    // Revoking a token: it stops working.
    assert_eq!(s.post(&format!("/account/{}/tokens/revoke", enc(&alice)), Some(&t1), json!({ "access_token": t2 })).status, 200);
    assert_eq!(s.get(&format!("/account/{}/devices", enc(&alice)), Some(&t2)).status, 401);
    // Removing a device revokes its tokens.
    let t3 = s.post("/login", None, json!({ "username": "alice", "password": "secret", "device_id": d2 })).body["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.call("DELETE", &format!("/account/{}/devices/{d2}", enc(&alice)), Some(&t1), None).status, 200);
    assert_eq!(s.get(&format!("/account/{}/devices", enc(&alice)), Some(&t3)).status, 401);
    // A deleted account's tokens stop working at once.
    assert_eq!(s.call("DELETE", &format!("/account/{}", enc(&bob)), Some(&tb), None).status, 200);
    assert_eq!(s.post("/createRoom", Some(&tb), json!({})).status, 401);
}

#[test]
fn two_users_a_room_messages_and_the_event_stream() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let room = s.post("/createRoom", Some(&ta), json!({ "name": "Lunch", "alias_localpart": "lunch" })).body["room_id"]
        .as_str()
        .unwrap()
        .to_string();
    // Bob is not in the room: he sees and changes nothing there.
    assert_eq!(s.post(&format!("/rooms/{}/send", enc(&room)), Some(&tb), json!({ "content": { "body": "hi" } })).status, 403);
    assert_eq!(s.get(&format!("/rooms/{}/messages", enc(&room)), Some(&tb)).status, 403);
    assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(&tb), json!({})).status, 403, "not invited, not published");
    // Invite, then join by alias.
    let inv = s.post(&format!("/rooms/{}/invite", enc(&room)), Some(&ta), json!({ "user_id": bob }));
    assert_eq!(inv.status, 200, "{:?}", inv.body);
    let sync = s.get("/sync", Some(&tb));
    assert_eq!(sync.body["invites"][0]["name"], "Lunch");
    let joined = s.post(&format!("/join/{}", enc("#lunch:localhost")), Some(&tb), json!({}));
    assert_eq!((joined.status, joined.body["room_id"].as_str()), (200, Some(room.as_str())));
    // Bob waits on the stream; Alice's message wakes him.
    let from = s.get("/events?timeout=0", Some(&tb)).body["next"].as_str().unwrap().to_string();
    let waiter = {
        let (addr, tb, from) = (s.addr, tb.clone(), from.clone());
        std::thread::spawn(move || support::Server { addr }.get(&format!("/events?from={from}&timeout=10000"), Some(&tb)))
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    let sent = s.post(&format!("/rooms/{}/send", enc(&room)), Some(&ta), json!({ "content": { "body": "soup?" }, "action_id": "a1" }));
    assert_eq!(sent.status, 200);
    assert_eq!(sent.body["action_id"], "a1", "the sender sees their action ID");
    let woke = waiter.join().unwrap();
    let chunk = woke.body["chunk"].as_array().unwrap();
    assert_eq!(chunk.len(), 1, "{chunk:?}");
    assert_eq!(chunk[0]["content"]["body"], "soup?");
    assert!(chunk[0].get("action_id").is_none(), "action IDs are not in other users' streams");
    // A retry with the same action ID: the same event, nothing new.
    let again = s.post(&format!("/rooms/{}/send", enc(&room)), Some(&ta), json!({ "content": { "body": "soup?" }, "action_id": "a1" }));
    assert_eq!(again.body["event_id"], sent.body["event_id"]);
    // The same action ID for another room is not a retry: a room that does
    // not exist is refused, not answered with this room's event; with
    // another message it is refused, naming the ID.
    let elsewhere =
        s.post(&format!("/rooms/{}/send", enc("!999:localhost")), Some(&ta), json!({ "content": { "body": "soup?" }, "action_id": "a1" }));
    assert!(elsewhere.status == 403 || elsewhere.status == 404, "{:?}", elsewhere.body);
    let changed = s.post(&format!("/rooms/{}/send", enc(&room)), Some(&ta), json!({ "content": { "body": "stew?" }, "action_id": "a1" }));
    assert_eq!((changed.status, changed.body["errcode"].as_str()), (422, Some("M_IN_USE")), "{:?}", changed.body);
    let compact = s.call(
        "POST",
        &format!("/rooms/{}/send?compact=true", enc(&room)),
        Some(&ta),
        Some(&json!({ "content": { "body": "x" } }).to_string()),
    );
    assert_eq!(compact.body.as_object().unwrap().len(), 2, "{:?}", compact.body);
    let history = s.get(&format!("/rooms/{}/messages?limit=2", enc(&room)), Some(&tb));
    assert_eq!(history.body["chunk"].as_array().unwrap().len(), 2);
    assert_eq!(history.body["chunk"][0]["content"]["body"], "x", "newest first");
    assert_eq!(history.body["more"], true);
    let older = s.get(&format!("/rooms/{}/messages?limit=50&from={}", enc(&room), history.body["end"].as_str().unwrap()), Some(&tb));
    assert!(older.body["chunk"].as_array().unwrap().iter().all(|e| e["content"]["body"] != "x"));
    // Power levels: Bob (0) may not kick Alice (100).
    assert_eq!(s.post(&format!("/rooms/{}/kick", enc(&room)), Some(&tb), json!({ "user_id": alice })).status, 403);
    assert_eq!(s.post(&format!("/rooms/{}/kick", enc(&room)), Some(&ta), json!({ "user_id": bob })).status, 200);
    assert_eq!(s.get(&format!("/rooms/{}/messages", enc(&room)), Some(&tb)).status, 403, "kicked: no longer sees the room");
}

#[test]
fn batches_of_messages_with_action_ids() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let room = s.post("/createRoom", Some(&ta), json!({})).body["room_id"].as_str().unwrap().to_string();
    let path = format!("/rooms/{}/send_batch", enc(&room));
    let batch = json!({ "messages": [{ "content": { "body": "one" }, "action_id": "b1" }, { "content": { "body": "two" } }] });
    let first = s.post(&path, Some(&ta), batch.clone());
    assert_eq!(first.status, 200, "{:?}", first.body);
    let events = first.body["events"].as_array().unwrap();
    assert_eq!(events.iter().map(|e| e["content"]["body"].as_str().unwrap()).collect::<Vec<_>>(), ["one", "two"]);
    assert_eq!((events[0]["action_id"].as_str(), events[0]["sender"].as_str()), (Some("b1"), Some(alice.as_str())));
    // The retry: the message with an action ID is not sent again, the one
    // without is.
    let again = s.post(&path, Some(&ta), batch);
    assert_eq!(again.body["events"][0]["event_id"], events[0]["event_id"]);
    assert_ne!(again.body["events"][1]["event_id"], events[1]["event_id"]);
    let history = s.get(&format!("/rooms/{}/messages?limit=50", enc(&room)), Some(&ta)).body;
    let bodies: Vec<&str> = history["chunk"].as_array().unwrap().iter().filter_map(|e| e["content"]["body"].as_str()).collect();
    assert_eq!(bodies, ["two", "two", "one"], "newest first, `one` once");
    let bad = s.post(&path, Some(&ta), json!({ "messages": [{ "content": {} }, "not an object"] }));
    assert_eq!((bad.status, bad.body["errcode"].as_str()), (400, Some("M_BAD_JSON")));
    assert!(bad.body["error"].as_str().unwrap().contains("messages[1]"), "{:?}", bad.body);
    let (_, tb) = s.register("bob");
    assert_eq!(s.post(&path, Some(&tb), json!({ "messages": [] })).status, 403, "Bob is not in the room");
}

#[test]
fn every_endpoint_is_listed_with_its_kind() {
    let s = support::start(support::builtin());
    let list = s.get("/_mock/endpoints", None).body;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), client_server_v2::ENDPOINTS.len());
    // Nothing is generic by accident: every endpoint of the built-in spec
    // has its handler; the TODO section answers 501.
    for e in list {
        let expected = if e["name"] == "knock" { "todo (501)" } else { "matrix profile" };
        assert_eq!(e["kind"], expected, "{e}");
    }
    let (_, t) = s.register("alice");
    s.put("/presence/%40alice%3Alocalhost/status", Some(&t), json!({ "presence": "online" }));
    let journal = s.get("/_mock/journal", None).body;
    assert!(journal["requests"].as_array().unwrap().iter().any(|j| j["endpoint"] == "set_presence" && j["user"] == "@alice:localhost"));
}

#[test]
fn the_openapi_document_of_what_is_served() {
    let s = support::start(support::builtin());
    let doc = s.get("/_mock/openapi.json", None).body;
    assert_eq!(doc["openapi"], "3.1.0");
    let send = &doc["paths"]["/_matrix/client/v2/rooms/{roomId}/send"]["post"];
    assert_eq!((send["x-spec-section"].as_str(), send["x-spec-status"].as_str()), (Some("Send a message"), Some("ongoing")));
    assert_eq!(send["requestBody"]["content"]["application/json"]["schema"]["properties"]["content"]["description"], "Message contents");
    let ops: usize = doc["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(ops, client_server_v2::ENDPOINTS.len(), "every endpoint is in the document");
}
