//! The Matrix rules under hostile and careless clients (issue 11): deleted
//! IDs, power-level changes, who reads relations, handlers that must not
//! panic, hashed passwords, event content, aliases, invitees, filters, and
//! published-room list snapshots; over a real socket.

mod support;

use mock_server::engine::EngineOptions;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use support::{enc, Server};

fn create_room(s: &Server, token: &str, body: Value) -> String {
    let r = s.post("/createRoom", Some(token), body);
    assert_eq!(r.status, 200, "{:?}", r.body);
    r.body["room_id"].as_str().unwrap().to_string()
}

fn patch_levels(s: &Server, token: &str, room: &str, key: &str, value: Value) -> support::Reply {
    s.call("PATCH", &format!("/rooms/{}/power_levels", enc(room)), Some(token), Some(&json!({ "key": key, "value": value }).to_string()))
}

fn errcode(r: &support::Reply) -> (u16, &str) {
    (r.status, r.body["errcode"].as_str().unwrap_or_default())
}

#[test]
fn a_deleted_user_id_is_never_registered_again() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let room = create_room(&s, &ta, json!({ "alias_localpart": "lunch" }));
    assert_eq!(s.post(&format!("/user/{}/filter", enc(&alice)), Some(&ta), json!({ "types": ["m.room.message"] })).status, 200);
    assert_eq!(s.call("DELETE", &format!("/account/{}", enc(&alice)), Some(&ta), None).status, 200);
    let again = s.post("/register", None, json!({ "username": "alice", "password": "other" }));
    assert_eq!(errcode(&again), (409, "M_IN_USE"), "{:?}", again.body);
    assert!(again.body["error"].as_str().unwrap().contains("deleted"), "{:?}", again.body);
    // The room keeps its creator's level, but nobody can act as her.
    assert_eq!(s.post("/login", None, json!({ "username": "alice", "password": "other" })).status, 403);
    let (_, tb) = s.register("bob");
    assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(&tb), json!({})).status, 403);
}

#[test]
fn nobody_raises_their_power_above_their_own_or_touches_a_higher_user() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let room = create_room(&s, &ta, json!({ "invitees": [bob] }));
    assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(&tb), json!({})).status, 200);
    // Bob reaches the state-change level (50).
    assert_eq!(patch_levels(&s, &ta, &room, "users", json!({ &bob: 50 })).status, 200);
    // A partial `users` map is merged: Alice keeps her 100.
    let state = s.get("/sync", Some(&ta)).body["rooms"][0]["state"].as_array().unwrap().clone();
    let levels = state.iter().find(|e| e["type"] == "m.room.power_levels").unwrap()["content"].clone();
    assert_eq!(levels["users"], json!({ &alice: 100, &bob: 50 }), "{levels}");
    // Bob may not raise himself above his level, nor lower Alice.
    assert_eq!(errcode(&patch_levels(&s, &tb, &room, "users", json!({ &bob: 101 }))), (403, "M_FORBIDDEN"));
    assert_eq!(errcode(&patch_levels(&s, &tb, &room, "users", json!({ &alice: 0 }))), (403, "M_FORBIDDEN"));
    assert_eq!(errcode(&patch_levels(&s, &tb, &room, "kick", json!(80))), (403, "M_FORBIDDEN"));
    let whole = json!({ "content": { "users": { &bob: 100 }, "users_default": 0, "kick": 50, "state_default": 50 } });
    assert_eq!(s.put(&format!("/rooms/{}/state/m.room.power_levels/main", enc(&room)), Some(&tb), whole).status, 403);
    let batch = json!({ "events": [{ "type": "m.room.power_levels", "state_key": "", "content": { "users": { &bob: 100 } } }] });
    assert_eq!(s.post(&format!("/rooms/{}/state", enc(&room)), Some(&tb), batch).status, 403);
    // So Bob cannot kick the creator.
    let kick = s.post(&format!("/rooms/{}/kick", enc(&room)), Some(&tb), json!({ "user_id": alice }));
    assert_eq!(kick.status, 403, "{:?}", kick.body);
    // Levels are integers: a string or a float is refused, not the default.
    for bad in [json!("100"), json!(75.5)] {
        let r = patch_levels(&s, &ta, &room, "users", json!({ &bob: bad }));
        assert_eq!(errcode(&r), (400, "M_BAD_JSON"), "{bad}: {:?}", r.body);
        assert!(r.body["error"].as_str().unwrap().contains(&format!("value.{bob}")), "{:?}", r.body);
        assert_eq!(errcode(&patch_levels(&s, &ta, &room, "state_default", bad.clone())), (400, "M_BAD_JSON"), "{bad}");
    }
    // Bob may lower himself; Alice may still do anything.
    assert_eq!(patch_levels(&s, &tb, &room, "users", json!({ &bob: 10 })).status, 200);
    assert_eq!(patch_levels(&s, &ta, &room, "kick", json!(80)).status, 200);
}

#[test]
fn relations_are_read_by_room_members_only() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let (carol, tc) = s.register("carol");
    let room = create_room(&s, &ta, json!({ "invitees": [bob, carol] }));
    assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(&tb), json!({})).status, 200);
    let r = enc(&room);
    // Bob is kicked; Carol is only invited. Each has a membership event.
    assert_eq!(s.post(&format!("/rooms/{r}/kick"), Some(&ta), json!({ "user_id": bob })).status, 200);
    let member_event = |token: &str, user: &str| {
        let chunk = s.get("/events?from=t0", Some(token)).body["chunk"].as_array().unwrap().clone();
        chunk.iter().rev().find(|e| e["type"] == "m.room.member" && e["state_key"] == user).unwrap()["event_id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for (token, user) in [(&tb, &bob), (&tc, &carol)] {
        let parent = member_event(token, user);
        let secret = json!({ "content": { "body": format!("about {user}"), "relates_to": parent } });
        assert_eq!(s.post(&format!("/rooms/{r}/send"), Some(&ta), secret).status, 200);
        let read = s.get(&format!("/events/{}/children", enc(&parent)), Some(token));
        assert_eq!(read.status, 404, "{user} read {:?}", read.body);
        // A member reads them.
        let alice_reads = s.get(&format!("/events/{}/children", enc(&parent)), Some(&ta));
        assert_eq!(alice_reads.body["chunk"].as_array().map(Vec::len), Some(1), "{:?}", alice_reads.body);
    }
}

#[test]
fn the_children_of_a_presence_event_are_none_not_a_panic() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    assert_eq!(s.put(&format!("/presence/{}/status", enc(&alice)), Some(&ta), json!({ "presence": "online" })).status, 200);
    let chunk = s.get("/events?from=t0", Some(&ta)).body["chunk"].as_array().unwrap().clone();
    let presence = chunk.iter().find(|e| e["type"] == "m.presence").unwrap()["event_id"].as_str().unwrap().to_string();
    let r = s.get(&format!("/events/{}/children", enc(&presence)), Some(&ta));
    assert_eq!(errcode(&r), (404, "M_NOT_FOUND"), "{:?}", r.body);
}

#[test]
fn listing_devices_of_an_account_deleted_mid_request_is_an_error_not_a_panic() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    // The token is checked when the headers arrive; the account is deleted
    // before the body (a GET may carry one) has all arrived.
    let mut slow = TcpStream::connect(s.addr).unwrap();
    let body = "{}";
    write!(
        slow,
        "GET /_matrix/client/v2/account/{}/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ta}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        enc(&alice),
        body.len(),
        &body[..1]
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(s.call("DELETE", &format!("/account/{}", enc(&alice)), Some(&ta), None).status, 200);
    slow.write_all(&body.as_bytes()[1..]).unwrap();
    let mut raw = String::new();
    slow.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 401"), "{raw:?}");
    assert!(raw.contains("M_UNKNOWN_TOKEN"), "{raw:?}");
}

#[test]
fn passwords_are_stored_hashed_and_never_exported_or_journaled() {
    let dir = std::env::temp_dir().join(format!("mock-passwords-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let s = support::start(EngineOptions { state_file: Some(file.clone()), ..support::builtin() });
    let password = "correct-horse-battery";
    assert_eq!(s.post("/register", None, json!({ "username": "alice", "password": password })).status, 200);
    assert_eq!(s.post("/login", None, json!({ "username": "alice", "password": password })).status, 200);
    assert_eq!(s.post("/login", None, json!({ "username": "alice", "password": "wrong" })).status, 403);
    let export = s.get("/_mock/state?tokens=true", None);
    assert_eq!(export.status, 200);
    assert!(!export.body.to_string().contains(password), "the export holds the password");
    let journal = s.get("/_mock/journal", None).body.to_string();
    assert!(!journal.contains(password), "the journal holds the password");
    assert!(journal.contains("<redacted>"), "{journal}");
    assert_eq!(s.post("/_mock/save", None, json!({})).status, 200);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(!saved.contains(password), "the state file holds the password");
    // A restored state still logs in.
    let t = support::start(support::builtin());
    assert_eq!(t.put("/_mock/state", None, export.body).status, 200);
    assert_eq!(t.post("/login", None, json!({ "username": "alice", "password": password })).status, 200);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn event_content_is_a_json_object_everywhere_and_errors_name_the_field() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let r = enc(&create_room(&s, &ta, json!({})));
    for bad in [json!("hello"), json!([1, 2]), json!(5), Value::Null] {
        let send = s.post(&format!("/rooms/{r}/send"), Some(&ta), json!({ "content": bad }));
        assert_eq!(errcode(&send), (400, "M_BAD_JSON"), "send {bad}: {:?}", send.body);
        assert!(send.body["error"].as_str().unwrap().starts_with("field `content`"), "{:?}", send.body);
        let batch = json!({ "messages": [{ "content": {} }, { "content": bad }] });
        let sent = s.post(&format!("/rooms/{r}/send_batch"), Some(&ta), batch);
        assert_eq!(errcode(&sent), (400, "M_BAD_JSON"), "send_batch {bad}: {:?}", sent.body);
        assert!(sent.body["error"].as_str().unwrap().contains("`messages[1].content`"), "{:?}", sent.body);
        let state = json!({ "events": [{ "type": "m.room.topic", "state_key": "", "content": bad }] });
        let set = s.post(&format!("/rooms/{r}/state"), Some(&ta), state);
        assert_eq!(set.status, 400, "state {bad}: {:?}", set.body);
        assert!(set.body["error"].as_str().unwrap().contains("`events[0].content`"), "{:?}", set.body);
    }
    assert_eq!(s.post(&format!("/rooms/{r}/send"), Some(&ta), json!({ "content": { "body": "ok" } })).status, 200);
}

#[test]
fn create_room_aliases_follow_the_alias_rules() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let room = create_room(&s, &ta, json!({}));
    for bad in ["", "a b", "x:y", "../x"] {
        let r = s.post("/createRoom", Some(&ta), json!({ "alias_localpart": bad }));
        assert_eq!(errcode(&r), (400, "M_BAD_JSON"), "{bad:?}: {:?}", r.body);
        assert!(r.body["error"].as_str().unwrap().contains("`alias_localpart`"), "{:?}", r.body);
        let direct = s.post(&format!("/rooms/{}/aliases", enc(&room)), Some(&ta), json!({ "localpart": bad }));
        assert_eq!(errcode(&direct), (400, "M_BAD_JSON"), "{bad:?}");
    }
    create_room(&s, &ta, json!({ "alias_localpart": "lunch.room" }));
    assert_eq!(errcode(&s.post("/createRoom", Some(&ta), json!({ "alias_localpart": "lunch.room" }))), (409, "M_IN_USE"));
}

#[test]
fn the_creator_is_never_an_invitee_and_duplicates_count_once() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let (bob, _) = s.register("bob");
    let invitees: Vec<&str> = [alice.as_str()].into_iter().chain(std::iter::repeat_n(bob.as_str(), 1000)).collect();
    let room = create_room(&s, &ta, json!({ "invitees": invitees }));
    assert_eq!(s.post(&format!("/rooms/{}/send", enc(&room)), Some(&ta), json!({ "content": { "body": "still here" } })).status, 200);
    let chunk = s.get("/events?from=t0", Some(&ta)).body["chunk"].as_array().unwrap().clone();
    let invites: Vec<&Value> = chunk.iter().filter(|e| e["type"] == "m.room.member" && e["content"]["membership"] == "invite").collect();
    assert_eq!(invites.len(), 1, "{invites:?}");
    assert_eq!(invites[0]["state_key"], bob.as_str());
    // Inviting an invitee again answers as before and adds no event.
    let again = s.post(&format!("/rooms/{}/invite", enc(&room)), Some(&ta), json!({ "user_id": bob }));
    assert_eq!(again.status, 200, "{:?}", again.body);
    let chunk = s.get("/events?from=t0", Some(&ta)).body["chunk"].as_array().unwrap().clone();
    assert_eq!(chunk.iter().filter(|e| e["type"] == "m.room.member" && e["content"]["membership"] == "invite").count(), 1);
}

#[test]
fn unknown_filter_fields_are_refused_by_name() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let r = s.post(&format!("/user/{}/filter", enc(&alice)), Some(&ta), json!({ "event_types": ["m.room.message"], "rooms": [] }));
    assert_eq!(errcode(&r), (400, "M_BAD_JSON"), "{:?}", r.body);
    assert!(r.body["error"].as_str().unwrap().contains("`event_types`"), "{:?}", r.body);
    assert_eq!(s.post(&format!("/user/{}/filter", enc(&alice)), Some(&ta), json!({ "types": ["m.room.message"] })).status, 200);
}

#[test]
fn published_room_list_snapshots_are_bounded_and_not_exported() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    for k in 0..12 {
        create_room(&s, &ta, json!({ "published": true, "name": format!("room {k}") }));
    }
    let first = s.get("/publicRooms?limit=5", Some(&ta)).body;
    let token = first["next_token"].as_str().unwrap().to_string();
    for _ in 0..200 {
        assert_eq!(s.get("/publicRooms?limit=5", Some(&ta)).status, 200);
    }
    let export = s.get("/_mock/state", None).body;
    assert!(export.get("snapshots").is_none(), "snapshots are exported: {}", export["snapshots"].as_object().map_or(0, |m| m.len()));
    // The oldest snapshot went with the bound; a recent one still pages.
    let old = s.get(&format!("/publicRooms?limit=5&since={token}"), Some(&ta));
    assert_eq!(errcode(&old), (404, "M_NOT_FOUND"), "{:?}", old.body);
    assert!(old.body["error"].as_str().unwrap().contains("expired"), "{:?}", old.body);
    let recent = s.get("/publicRooms?limit=5", Some(&ta)).body["next_token"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/publicRooms?limit=5&since={recent}"), Some(&ta)).body["page"], 2);
}

#[test]
fn a_long_poll_ends_with_401_when_its_token_is_revoked() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let other =
        s.post("/login", None, json!({ "username": "alice", "password": "secret" })).body["access_token"].as_str().unwrap().to_string();
    let mut poll = TcpStream::connect(s.addr).unwrap();
    poll.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    write!(
        poll,
        "GET /_matrix/client/v2/events?timeout=60000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {other}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(s.post(&format!("/account/{}/tokens/revoke", enc(&alice)), Some(&ta), json!({ "access_token": other })).status, 200);
    let mut raw = String::new();
    poll.read_to_string(&mut raw).expect("the poll answers before its timeout");
    assert!(raw.starts_with("HTTP/1.1 401") && raw.contains("M_UNKNOWN_TOKEN"), "{raw:?}");
}

#[test]
fn a_token_revoked_while_the_body_arrives_does_not_act() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let room = create_room(&s, &ta, json!({}));
    let second =
        s.post("/login", None, json!({ "username": "alice", "password": "secret" })).body["access_token"].as_str().unwrap().to_string();
    let body = r#"{"content": {"body": "after revocation"}}"#;
    let mut slow = TcpStream::connect(s.addr).unwrap();
    write!(
        slow,
        "POST /_matrix/client/v2/rooms/{}/send HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ta}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
        enc(&room),
        body.len(),
        &body[..5]
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let revoke = s.post(&format!("/account/{}/tokens/revoke", enc(&alice)), Some(&second), json!({ "access_token": ta }));
    assert_eq!(revoke.status, 200, "{:?}", revoke.body);
    slow.write_all(&body.as_bytes()[5..]).unwrap();
    let mut raw = String::new();
    slow.read_to_string(&mut raw).unwrap();
    assert!(raw.starts_with("HTTP/1.1 401"), "{raw:?}");
    let msgs = s.get(&format!("/rooms/{}/messages", enc(&room)), Some(&second));
    assert!(!msgs.body.to_string().contains("after revocation"), "the revoked request acted: {:?}", msgs.body);
}

#[test]
fn a_body_of_whitespace_is_not_json_and_a_missing_body_misses_its_fields() {
    let s = support::start(support::builtin());
    let (_, t) = s.register("alice");
    for body in ["   ", "\u{c}"] {
        let r = s.call("POST", "/createRoom", Some(&t), Some(body));
        assert_eq!(errcode(&r), (400, "M_NOT_JSON"), "{body:?}");
    }
    let room = create_room(&s, &t, json!({}));
    let r = s.call("POST", &format!("/rooms/{}/send", enc(&room)), Some(&t), None);
    assert_eq!(errcode(&r), (400, "M_MISSING_PARAM"));
}

#[test]
fn fault_names_are_endpoints() {
    let s = support::start(support::builtin());
    let r = s.put("/_mock/faults", None, json!({ "sned": { "latency_ms": 5 } }));
    assert_eq!(errcode(&r), (400, "M_BAD_JSON"));
    assert!(r.body["error"].as_str().unwrap().contains("`sned`"), "{:?}", r.body);
    let r = s.put("/_mock/faults", None, json!({ "send": { "latncy_ms": 5 } }));
    assert_eq!(errcode(&r), (400, "M_BAD_JSON"));
    assert_eq!(s.put("/_mock/faults", None, json!({ "send": { "latency_ms": 5 } })).status, 200);
}

#[test]
fn an_inconsistent_state_is_refused_on_import_and_the_old_one_kept() {
    let s = support::start(support::builtin());
    let (_, t) = s.register("alice");
    let mut state = s.get("/_mock/state?tokens=true", None).body;
    state["tokens"]["stray"] = json!(["@ghost:localhost", "DEVICE"]);
    let r = s.put("/_mock/state", None, state.clone());
    assert_eq!(errcode(&r), (400, "M_BAD_JSON"));
    assert!(r.body["error"].as_str().unwrap().contains("@ghost:localhost"), "{:?}", r.body);
    assert_eq!(s.post("/createRoom", Some(&t), json!({})).status, 200, "the old state still serves");
    state["tokens"].as_object_mut().unwrap().remove("stray");
    assert_eq!(s.put("/_mock/state", None, state).status, 200);
}

#[test]
fn a_path_parameter_that_is_not_utf8_is_a_json_error_with_the_spec_headers() {
    let s = support::start(support::builtin());
    let (_, t) = s.register("alice");
    let r = s.get("/rooms/%FF%FE/messages", Some(&t));
    assert_eq!(errcode(&r), (400, "M_BAD_JSON"));
    assert!(r.body["error"].as_str().unwrap().contains("path parameter"), "{:?}", r.body);
    assert_eq!(r.header("x-spec-section"), Some("Scrollback API"));
}
