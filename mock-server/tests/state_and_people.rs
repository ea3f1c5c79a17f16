//! State events, power levels, markers, rejected invites; profiles,
//! presence and typing notices; over a real socket.

mod support;

use serde_json::{json, Value};
use support::{enc, Server};

fn room_with(s: &Server, ta: &str, tb: &str, bob: &str) -> String {
    let room = s.post("/createRoom", Some(ta), json!({ "invitees": [bob] })).body["room_id"].as_str().unwrap().to_string();
    assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(tb), json!({})).status, 200);
    room
}

fn events_since(s: &Server, token: &str, from: &str) -> (Vec<Value>, String) {
    let r = s.get(&format!("/events?from={from}&timeout=0"), Some(token));
    (r.body["chunk"].as_array().unwrap().clone(), r.body["next"].as_str().unwrap().to_string())
}

#[test]
fn state_events_and_power_levels() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let room = room_with(&s, &ta, &tb, &bob);
    let r = enc(&room);
    // Alice (100) sets the topic; Bob (0) may not.
    // An empty state key (`…/m.room.topic/`) is a state key like another.
    assert_eq!(s.put(&format!("/rooms/{r}/state/m.room.topic/"), Some(&ta), json!({ "content": { "topic": "soup" } })).status, 200);
    assert_eq!(s.put(&format!("/rooms/{r}/state/m.room.topic/"), Some(&tb), json!({ "content": { "topic": "no" } })).status, 403);
    assert_eq!(s.call("DELETE", &format!("/rooms/{r}/state/m.room.topic/"), Some(&ta), None).status, 200);
    assert_eq!(s.put(&format!("/rooms/{r}/state/m.room.topic/main"), Some(&ta), json!({ "content": { "topic": "soup" } })).status, 200);
    assert_eq!(s.put(&format!("/rooms/{r}/state/m.room.topic/main"), Some(&tb), json!({ "content": { "topic": "no" } })).status, 403);
    // A batch is all or nothing.
    let batch = json!({ "events": [{ "type": "m.room.name", "state_key": "", "content": { "name": "Lunch" } }, { "type": "m.room.member", "state_key": bob, "content": {} }] });
    assert_eq!(s.post(&format!("/rooms/{r}/state"), Some(&ta), batch).status, 403);
    let sync = s.get("/sync", Some(&ta));
    let state = sync.body["rooms"][0]["state"].as_array().unwrap().clone();
    assert!(!state.iter().any(|e| e["type"] == "m.room.name"), "nothing of the refused batch was set");
    let ok = json!({ "events": [{ "type": "m.room.name", "state_key": "", "content": { "name": "Lunch" } }, { "type": "m.room.topic", "state_key": "main", "content": { "topic": "stew" } }] });
    assert_eq!(s.post(&format!("/rooms/{r}/state"), Some(&ta), ok).status, 200);
    // Deleting state: an event without content reaches the stream.
    let (_, from) = events_since(&s, &tb, "t0");
    assert_eq!(s.call("DELETE", &format!("/rooms/{r}/state/m.room.topic/main"), Some(&ta), None).status, 200);
    let (chunk, _) = events_since(&s, &tb, &from);
    assert_eq!(chunk.len(), 1);
    assert!(chunk[0].get("content").is_none() && chunk[0]["prev_content"]["topic"] == "stew", "{chunk:?}");
    assert_eq!(s.call("DELETE", &format!("/rooms/{r}/state/m.room.topic/main"), Some(&ta), None).status, 404);
    // Patching one power level key lets Bob set state.
    assert_eq!(
        s.call("PATCH", &format!("/rooms/{r}/power_levels"), Some(&tb), Some(&json!({ "key": "state_default", "value": 0 }).to_string()))
            .status,
        403
    );
    assert_eq!(
        s.call("PATCH", &format!("/rooms/{r}/power_levels"), Some(&ta), Some(&json!({ "key": "state_default", "value": 0 }).to_string()))
            .status,
        200
    );
    assert_eq!(s.put(&format!("/rooms/{r}/state/m.room.topic/main"), Some(&tb), json!({ "content": { "topic": "bob's" } })).status, 200);
    let levels = s.get("/sync", Some(&ta)).body["rooms"][0]["state"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "m.room.power_levels")
        .cloned()
        .unwrap();
    assert_eq!(levels["content"]["kick"], 50, "the other keys are kept");
    // Read-up-to markers are state each user owns.
    let msg = s.post(&format!("/rooms/{r}/send"), Some(&ta), json!({ "content": { "body": "hi" } })).body["event_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.put(&format!("/rooms/{r}/markers/m.room.marker.read"), Some(&tb), json!({ "event_id": msg })).status, 200);
    assert_eq!(s.put(&format!("/rooms/{r}/markers/m.room.marker.seen"), Some(&tb), json!({ "event_id": msg })).status, 400);
    assert_eq!(s.put(&format!("/rooms/{r}/markers/m.room.marker.read"), Some(&tb), json!({ "event_id": "$nope:localhost" })).status, 404);
}

#[test]
fn rejecting_an_invite_deletes_the_membership_event() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let room = s.post("/createRoom", Some(&ta), json!({ "invitees": [bob] })).body["room_id"].as_str().unwrap().to_string();
    let invite = s.get("/sync", Some(&tb)).body["invites"][0]["invite_event"]["event_id"].as_str().unwrap().to_string();
    assert_eq!(s.post(&format!("/invites/{}/reject", enc(&invite)), Some(&ta), json!({})).status, 404, "not Alice's invite");
    assert_eq!(s.post(&format!("/invites/{}/reject", enc(&invite)), Some(&tb), json!({})).status, 200);
    assert!(s.get("/sync", Some(&tb)).body["invites"].as_array().unwrap().is_empty());
    let state = s.get("/sync", Some(&ta)).body["rooms"][0]["state"].as_array().unwrap().clone();
    assert!(!state.iter().any(|e| e["type"] == "m.room.member" && e["state_key"] == bob), "Bob's membership event is gone");
    assert_eq!(s.post(&format!("/join/{}", enc(&room)), Some(&tb), json!({})).status, 403, "a rejected invite no longer lets him in");
}

#[test]
fn profiles_presence_and_typing() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let (bob, tb) = s.register("bob");
    let (carol, tc) = s.register("carol");
    let room = room_with(&s, &ta, &tb, &bob);
    let (_, from) = events_since(&s, &tb, "t0");
    // A display name change reaches the rooms Alice is in.
    assert_eq!(s.put(&format!("/profile/{}/displayname", enc(&alice)), Some(&ta), json!({ "displayname": "Alice" })).status, 200);
    assert_eq!(s.put(&format!("/profile/{}/displayname", enc(&alice)), Some(&tb), json!({ "displayname": "Mallory" })).status, 403);
    let (chunk, from) = events_since(&s, &tb, &from);
    assert!(chunk.iter().any(|e| e["type"] == "m.room.member" && e["content"]["displayname"] == "Alice"), "{chunk:?}");
    assert_eq!(s.get(&format!("/profile/{}?keys=displayname", enc(&alice)), Some(&tc)).body, json!({ "displayname": "Alice" }));
    let avatar = json!({ "avatar_url": "mxc://localhost/alice" });
    assert_eq!(s.put(&format!("/profile/{}/avatar_url", enc(&alice)), Some(&ta), avatar.clone()).status, 200);
    assert_eq!(s.put(&format!("/profile/{}/avatar_url", enc(&alice)), Some(&tb), json!({ "avatar_url": "mxc://x/y" })).status, 403);
    let (chunk, from) = events_since(&s, &tb, &from);
    assert!(chunk.iter().any(|e| e["type"] == "m.room.member" && e["content"]["avatar_url"] == avatar["avatar_url"]), "{chunk:?}");
    let profile = s.get(&format!("/profile/{}", enc(&alice)), Some(&tc)).body;
    assert_eq!((profile["displayname"].as_str(), &profile["avatar_url"]), (Some("Alice"), &avatar["avatar_url"]));
    // Presence reaches Bob (shares a room), not Carol.
    // "online, offline, away, busy, do not disturb, etc": the list is open.
    assert_eq!(s.put(&format!("/presence/{}/status", enc(&alice)), Some(&ta), json!({ "presence": "sleepy" })).status, 200);
    assert_eq!(s.put(&format!("/presence/{}/status", enc(&alice)), Some(&ta), json!({ "presence": "away" })).status, 200);
    let (chunk, from) = events_since(&s, &tb, &from);
    assert!(chunk.iter().any(|e| e["type"] == "m.presence" && e["content"]["presence"] == "away"));
    let (carols, _) = events_since(&s, &tc, "t0");
    assert!(!carols.iter().any(|e| e["type"] == "m.presence" && e["sender"] == alice), "{carols:?}");
    assert_eq!(s.get(&format!("/presence/{}/status", enc(&alice)), Some(&tb)).body["presence"], "away");
    assert_eq!(s.get(&format!("/presence/{}/status", enc(&alice)), Some(&tc)).status, 403);
    let _ = carol;
    // Typing: a notice, then its expiry after the timeout.
    let path = format!("/rooms/{}/typing/{}", enc(&room), enc(&alice));
    assert_eq!(s.put(&path, Some(&ta), json!({ "typing": true, "timeout": 300 })).status, 200);
    let (chunk, from) = events_since(&s, &tb, &from);
    assert_eq!(chunk.last().unwrap()["content"]["user_ids"], json!([alice]));
    let woke = s.get(&format!("/events?from={from}&timeout=5000"), Some(&tb));
    let last = woke.body["chunk"].as_array().unwrap().last().cloned().unwrap();
    assert_eq!((last["type"].as_str(), last["content"]["user_ids"].clone()), (Some("m.typing"), json!([])), "the notice expired");
    assert_eq!(s.put(&path, Some(&tb), json!({ "typing": true })).status, 403, "Bob cannot type as Alice");
}
