//! One chunk token for every route: a token one route answers (join, sync,
//! scrollback, context, the event stream) is one every route that takes a
//! token reads; a malformed token is a 400 naming its field. And action-ID
//! retries get the first answer back unchanged.

mod support;

use serde_json::{json, Value};
use support::{enc, Reply, Server};

fn bodies(r: &Reply) -> Vec<String> {
    r.body["chunk"]
        .as_array()
        .unwrap_or_else(|| panic!("no chunk: {} {:?}", r.status, r.body))
        .iter()
        .filter_map(|e| e["content"]["body"].as_str().map(str::to_string))
        .collect()
}

fn send(s: &Server, token: &str, room: &str, body: &str) -> String {
    let r = s.post(&format!("/rooms/{}/send", enc(room)), Some(token), json!({ "content": { "body": body } }));
    assert_eq!(r.status, 200, "{:?}", r.body);
    r.body["event_id"].as_str().unwrap().to_string()
}

fn token<'a>(r: &'a Reply, at: &[&str]) -> &'a str {
    let v = at.iter().fold(&r.body, |v: &Value, k| &v[*k]);
    v.as_str().unwrap_or_else(|| panic!("no token at {at:?}: {} {:?}", r.status, r.body))
}

#[test]
fn a_token_one_route_gives_every_route_takes() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let room = s.post("/createRoom", Some(&ta), json!({})).body["room_id"].as_str().unwrap().to_string();
    let r = enc(&room);
    let ids: Vec<String> = (0..4).map(|k| send(&s, &ta, &room, &format!("m{k}"))).collect();
    let scrollback = |from: &str| s.get(&format!("/rooms/{r}/messages?limit=50&from={from}"), Some(&ta));
    let stream = |from: &str| s.get(&format!("/events?timeout=0&from={from}"), Some(&ta));

    // Join's tokens: now. Back from it is the whole room, on from it nothing yet.
    let joined = s.post(&format!("/join/{r}"), Some(&ta), json!({}));
    let (start, end) = (token(&joined, &["messages", "start"]), token(&joined, &["messages", "end"]));
    assert_eq!(bodies(&scrollback(start)), ["m3", "m2", "m1", "m0"]);
    assert_eq!(bodies(&stream(end)), Vec::<String>::new());
    send(&s, &ta, &room, "m4");
    assert_eq!(bodies(&stream(end)), ["m4"], "the event stream reads on from join's token");

    // Sync's room tokens, and its `next`.
    let sync = s.get("/sync", Some(&ta));
    let room_start = sync.body["rooms"][0]["messages"]["start"].as_str().unwrap();
    assert_eq!(bodies(&scrollback(room_start)).len(), 5, "scrollback reads back from sync's token");
    assert_eq!(s.get(&format!("/sync?since={}", token(&sync, &["next"])), Some(&ta)).body["rooms"], json!([]));

    // A context window's tokens: back from its first event, on from its last.
    let window = s.get(&format!("/rooms/{r}/context/{}?dir=around&limit=2", enc(&ids[2])), Some(&ta));
    assert_eq!(bodies(&window), ["m1", "m2", "m3"]);
    assert_eq!(bodies(&scrollback(token(&window, &["start"]))), ["m0"], "back from the window: before m1");
    assert_eq!(bodies(&stream(token(&window, &["end"]))), ["m4"], "on from the window: after m3");

    // Scrollback's `end` reads on back, and the stream's `next` reads on.
    let page = s.get(&format!("/rooms/{r}/messages?limit=2"), Some(&ta));
    assert_eq!(bodies(&page), ["m4", "m3"]);
    assert_eq!(bodies(&scrollback(token(&page, &["end"])))[..3], ["m2", "m1", "m0"]);
    let next = token(&stream(end), &["next"]).to_string();
    send(&s, &ta, &room, "m5");
    assert_eq!(bodies(&stream(&next)), ["m5"]);
}

#[test]
fn a_malformed_token_is_a_400_naming_its_field() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let room = s.post("/createRoom", Some(&ta), json!({})).body["room_id"].as_str().unwrap().to_string();
    let parent = send(&s, &ta, &room, "parent");
    let r = enc(&room);
    // `s…` was the event stream's own form once: one form now, `t…`.
    for (path, field) in [
        ("/events?timeout=0&from=s0".to_string(), "from"),
        ("/sync?since=s1".to_string(), "since"),
        (format!("/rooms/{r}/messages?from=t-1"), "from"),
        (format!("/events/{}/children?from=t", enc(&parent)), "from"),
        ("/sync?since=t1x".to_string(), "since"),
    ] {
        let answer = s.get(&path, Some(&ta));
        assert_eq!((answer.status, answer.body["errcode"].as_str()), (400, Some("M_BAD_JSON")), "{path}: {:?}", answer.body);
        let message = answer.body["error"].as_str().unwrap();
        assert!(message.starts_with(&format!("field `{field}`:")), "{path}: {message}");
    }
}

#[test]
fn a_retry_gets_the_first_answer_unchanged() {
    let s = support::start(support::builtin());
    let (_, ta) = s.register("alice");
    let room = s.post("/createRoom", Some(&ta), json!({})).body["room_id"].as_str().unwrap().to_string();
    let path = format!("/rooms/{}/send", enc(&room));
    let first = s.post(&path, Some(&ta), json!({ "content": { "body": "once" }, "action_id": "a1" }));
    assert_eq!(first.status, 200);
    // The retry asks for the compact form: it still gets the first answer.
    let again = s.post(&format!("{path}?compact=true"), Some(&ta), json!({ "content": { "body": "once" }, "action_id": "a1" }));
    assert_eq!(again.body, first.body);
    assert_eq!(first.body["content"]["body"], "once");
    let stream = s.get("/events?timeout=0&from=t0", Some(&ta));
    assert_eq!(bodies(&stream), ["once"], "one event for both");
}
