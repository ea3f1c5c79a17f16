//! Aliases, the published room list, filters, context windows, relates-to
//! children, capabilities, and state export and import.

mod support;

use serde_json::{json, Value};
use support::enc;

#[test]
fn aliases_and_the_published_list() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let (_, tb) = s.register("bob");
    let mut rooms = Vec::new();
    for k in 0..5 {
        let r = s.post("/createRoom", Some(&ta), json!({ "published": true, "name": format!("Soup {k}"), "topic": "lunch" })).body
            ["room_id"]
            .as_str()
            .unwrap()
            .to_string();
        rooms.push(r);
    }
    s.post("/createRoom", Some(&ta), json!({ "published": false, "name": "Secret soup" }));
    // Aliases: made by members, resolved by anyone, deleted by their creator or a member.
    let made = s.post(&format!("/rooms/{}/aliases", enc(&rooms[0])), Some(&ta), json!({ "localpart": "soup" }));
    assert_eq!(made.body["room_alias"], "#soup:localhost");
    assert_eq!(s.post(&format!("/rooms/{}/aliases", enc(&rooms[0])), Some(&tb), json!({ "localpart": "bob" })).status, 403);
    assert_eq!(s.post(&format!("/rooms/{}/aliases", enc(&rooms[1])), Some(&ta), json!({ "localpart": "soup" })).status, 409);
    let resolved = s.get(&format!("/directory/room/{}", enc("#soup:localhost")), Some(&tb));
    assert_eq!((resolved.body["room_id"].as_str(), resolved.body["servers"][0].as_str()), (Some(rooms[0].as_str()), Some("localhost")));
    assert_eq!(s.call("DELETE", &format!("/directory/room/{}", enc("#soup:localhost")), Some(&tb), None).status, 403);
    assert_eq!(s.call("DELETE", &format!("/directory/room/{}", enc("#soup:localhost")), Some(&ta), None).status, 200);
    assert_eq!(s.get(&format!("/directory/room/{}", enc("#soup:localhost")), Some(&tb)).status, 404);
    // Published list: a snapshot paged through unchanged.
    let p1 = s.get("/publicRooms?limit=2&search=soup", Some(&tb));
    assert_eq!((p1.body["total"].as_u64(), p1.body["page"].as_u64()), (Some(5), Some(1)));
    assert_eq!(p1.body["rooms"].as_array().unwrap().len(), 2);
    s.post("/createRoom", Some(&ta), json!({ "published": true, "name": "Late soup" }));
    let mut seen: Vec<Value> = p1.body["rooms"].as_array().unwrap().clone();
    let mut next = p1.body["next_token"].as_str().map(str::to_string);
    while let Some(t) = next {
        let p = s.get(&format!("/publicRooms?limit=2&since={t}"), Some(&tb));
        assert_eq!(p.body["total"], 5, "the snapshot does not move");
        seen.extend(p.body["rooms"].as_array().unwrap().iter().cloned());
        next = p.body["next_token"].as_str().map(str::to_string);
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.iter().all(|r| r["name"] != "Secret soup" && r["name"] != "Late soup"));
    assert_eq!(s.get("/publicRooms", Some(&tb)).body["total"], 6, "a new first page sees the new room");
}

#[test]
fn filters_context_and_children() {
    let s = support::start(support::builtin());
    let (alice, ta) = s.register("alice");
    let (_, tb) = s.register("bob");
    let room = s.post("/createRoom", Some(&ta), json!({})).body["room_id"].as_str().unwrap().to_string();
    let r = enc(&room);
    let f = s.post(&format!("/user/{}/filter", enc(&alice)), Some(&ta), json!({ "types": ["m.room.mess*"], "keys": ["type", "content"] }));
    let token = f.body["filter_token"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/user/{}/filter/{token}", enc(&alice)), Some(&ta)).body["types"], json!(["m.room.mess*"]));
    assert_eq!(s.get(&format!("/user/{}/filter/{token}", enc(&alice)), Some(&tb)).status, 404, "another user's filter");
    let mut ids = Vec::new();
    for k in 0..6 {
        ids.push(
            s.post(&format!("/rooms/{r}/send"), Some(&ta), json!({ "content": { "body": format!("m{k}") } })).body["event_id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let all = s.get(&format!("/events?from=t0&timeout=0&filter={token}"), Some(&ta));
    let chunk = all.body["chunk"].as_array().unwrap();
    assert_eq!(chunk.len(), 6, "only messages pass the type wildcard");
    // The keys asked for, and those every event has (its type requires them).
    let keys: Vec<&str> = chunk[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["content", "event_id", "origin_server_ts", "sender", "type"], "only the keys asked for: {:?}", chunk[0]);
    let sync = s.get(&format!("/sync?filter={token}&limit=3"), Some(&ta));
    assert_eq!(sync.body["rooms"][0]["messages"]["chunk"].as_array().unwrap().len(), 3);
    // Context windows.
    let around = s.get(&format!("/rooms/{r}/context/{}?dir=around&limit=2", enc(&ids[3])), Some(&ta));
    let bodies: Vec<&str> = around.body["chunk"].as_array().unwrap().iter().map(|e| e["content"]["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["m2", "m3", "m4"]);
    let before = s.get(&format!("/rooms/{r}/context/{}?dir=before&limit=2", enc(&ids[3])), Some(&ta));
    assert_eq!(before.body["chunk"].as_array().unwrap().last().unwrap()["content"]["body"], "m3");
    assert_eq!(s.get(&format!("/rooms/{r}/context/{}?dir=after", enc(&ids[3])), Some(&tb)).status, 403, "Bob is not in the room");
    // Relates-to children, paged.
    for k in 0..3 {
        s.post(&format!("/rooms/{r}/send"), Some(&ta), json!({ "content": { "body": format!("c{k}"), "relates_to": ids[0] } }));
    }
    let page = s.get(&format!("/events/{}/children?limit=2", enc(&ids[0])), Some(&ta));
    assert_eq!(page.body["chunk"].as_array().unwrap().len(), 2);
    let rest = s.get(&format!("/events/{}/children?limit=2&from={}", enc(&ids[0]), page.body["next"].as_str().unwrap()), Some(&ta));
    assert_eq!(rest.body["chunk"].as_array().unwrap().len(), 1);
    assert!(rest.body["next"].is_null());
    assert_eq!(s.get(&format!("/events/{}/children", enc(&ids[0])), Some(&tb)).status, 404, "not visible to Bob");
    let caps = s.get("/capabilities", Some(&tb));
    assert!(caps.body["capabilities"].is_object() && caps.body["hash"].is_string());
}

#[test]
fn state_exports_and_imports_as_fixtures() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let room = s.post("/createRoom", Some(&ta), json!({ "name": "Kept" })).body["room_id"].as_str().unwrap().to_string();
    let exported = s.get("/_mock/state?tokens=true", None).body;
    assert_eq!(s.post("/_mock/reset", None, json!({})).status, 200);
    assert_eq!(s.post("/createRoom", Some(&ta), json!({})).status, 401, "reset forgets the token");
    let other = support::start(support::builtin());
    assert_eq!(other.call("PUT", "/_mock/state", None, Some(&exported.to_string())).status, 200);
    let sync = other.get("/sync", Some(&ta));
    assert_eq!(sync.body["rooms"][0]["room_id"], room.as_str(), "the imported state serves the same token and room");
    assert_eq!(other.call("PUT", "/_mock/state", None, Some(r#"{"nope": 1}"#)).status, 400);
}
