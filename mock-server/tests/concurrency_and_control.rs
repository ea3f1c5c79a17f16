//! Many clients at once (nothing lost, duplicated or reordered; one event
//! per action ID under concurrent retries), fault injection, and the state
//! file across a restart of the real binary.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::process::Command;
use std::time::{Duration, Instant};
use support::{enc, Server};

#[test]
fn many_clients_sending_at_once_lose_nothing() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let room = s.post("/createRoom", Some(&ta), json!({ "published": true })).body["room_id"].as_str().unwrap().to_string();
    let (threads, each) = (8, 25);
    let mut tokens = Vec::new();
    for k in 0..threads {
        let (_, t) = s.register(&format!("user{k}"));
        assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(&t), json!({})).status, 200);
        tokens.push(t);
    }
    let handles: Vec<_> = tokens
        .into_iter()
        .enumerate()
        .map(|(k, t)| {
            let (addr, room) = (s.addr, room.clone());
            std::thread::spawn(move || {
                let s = Server { addr };
                for n in 0..each {
                    let r = s.post(&format!("/rooms/{}/send", enc(&room)), Some(&t), json!({ "content": { "body": format!("{k}:{n}") } }));
                    assert_eq!(r.status, 200);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let all = s.get(&format!("/rooms/{}/messages?limit=1000", enc(&room)), Some(&ta)).body["chunk"].as_array().unwrap().clone();
    let bodies: Vec<String> =
        all.iter().rev().filter(|e| e["type"] == "m.room.message").map(|e| e["content"]["body"].as_str().unwrap().to_string()).collect();
    assert_eq!(bodies.len(), threads * each, "no event lost");
    assert_eq!(bodies.iter().collect::<BTreeSet<_>>().len(), bodies.len(), "no event duplicated");
    for k in 0..threads {
        let mine: Vec<usize> = bodies.iter().filter_map(|b| b.strip_prefix(&format!("{k}:"))).map(|n| n.parse().unwrap()).collect();
        assert_eq!(mine, (0..each).collect::<Vec<_>>(), "each client's messages keep their order");
    }
    let stream = s.get("/events?from=t0&timeout=0", Some(&ta)).body["chunk"].as_array().unwrap().clone();
    let in_stream: Vec<&Value> = stream.iter().filter(|e| e["type"] == "m.room.message").collect();
    assert_eq!(in_stream.len(), bodies.len(), "the stream and the room agree");
}

#[test]
fn concurrent_retries_with_one_action_id_make_one_event() {
    let s = support::start(support::builtin());
    let (_, t) = s.register("alice");
    let room = s.post("/createRoom", Some(&t), json!({})).body["room_id"].as_str().unwrap().to_string();
    let handles: Vec<_> = (0..10)
        .map(|_| {
            let (addr, room, t) = (s.addr, room.clone(), t.clone());
            std::thread::spawn(move || {
                Server { addr }
                    .post(
                        &format!("/rooms/{}/send", enc(&room)),
                        Some(&t),
                        json!({ "content": { "body": "once" }, "action_id": "retry-1" }),
                    )
                    .body["event_id"]
                    .clone()
            })
        })
        .collect();
    let ids: BTreeSet<String> = handles.into_iter().map(|h| h.join().unwrap().as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 1, "every retry got the first event back");
    let msgs = s.get(&format!("/rooms/{}/messages?limit=100", enc(&room)), Some(&t)).body["chunk"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "m.room.message")
        .count();
    assert_eq!(msgs, 1);
}

#[test]
fn faults_add_latency_and_errors() {
    let s = support::start(support::builtin());
    let (_, t) = s.register("alice");
    assert_eq!(s.put("/_mock/faults", None, json!({ "create_room": { "error_rate": 1.0 } })).status, 200);
    let r = s.post("/createRoom", Some(&t), json!({}));
    assert_eq!((r.status, r.body["errcode"].as_str()), (500, Some("M_UNKNOWN")));
    assert_eq!(s.put("/_mock/faults", None, json!({ "*": { "latency_ms": 300 } })).status, 200);
    let start = Instant::now();
    assert_eq!(s.post("/createRoom", Some(&t), json!({})).status, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert_eq!(s.put("/_mock/faults", None, json!({ "send": { "error_rate": 2 } })).status, 400);
    assert_eq!(s.put("/_mock/faults", None, json!({})).status, 200);
}

#[test]
fn the_state_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("mock-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("state.json");
    let (mut p, addr) = support::spawn_binary(&state);
    let s = Server { addr };
    let (_, t) = s.register("alice");
    let room = s.post("/createRoom", Some(&t), json!({ "name": "Kept" })).body["room_id"].as_str().unwrap().to_string();
    assert_eq!(s.post("/_mock/save", None, json!({})).status, 200);
    assert!(state.exists());
    // A message after the save, then a clean shutdown (SIGINT) saves again.
    s.post(&format!("/rooms/{}/send", enc(&room)), Some(&t), json!({ "content": { "body": "after save" } }));
    Command::new("kill").args(["-INT", &p.0.id().to_string()]).status().unwrap();
    let status = p.0.wait().unwrap();
    assert!(status.success(), "clean shutdown: {status}");
    // Another port after the restart; the same state.
    let (_p, addr) = support::spawn_binary(&state);
    let s = Server { addr };
    let msgs = s.get(&format!("/rooms/{}/messages", enc(&room)), Some(&t));
    assert_eq!(msgs.status, 200, "the token still works after the restart: {:?}", msgs.body);
    assert_eq!(msgs.body["chunk"][0]["content"]["body"], "after save", "nothing was lost");
    std::fs::remove_dir_all(&dir).unwrap();
}
