//! The generic engine on a spec of another domain (`spec/examples/parcels.md`),
//! with and without its overlay, through a client over a real socket:
//! create, list, read, update then read, delete then 404, batch create,
//! retry with the same request ID, validation errors naming the field, 501
//! for the TODO section, a feed woken by a write.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::{json, Value};
use std::path::PathBuf;
use support::{Reply, Server};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Client {
    server: Server,
    prefix: &'static str,
    _running: Running,
}

impl Client {
    fn start(overlay: bool) -> Client {
        let spec = root().join("spec/examples/parcels.md");
        let bindings = overlay.then(|| root().join("spec/examples/parcels.toml"));
        let running = spawn_on_loopback(EngineOptions::new(spec, bindings)).expect("the spec loads");
        Client { server: Server { addr: running.addr }, prefix: if overlay { "/v1" } else { "" }, _running: running }
    }

    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let full = if path.starts_with("/_") { path.to_string() } else { format!("{}{path}", self.prefix) };
        self.server.raw(method, &full, token, body.map(|b| b.to_string()).as_deref())
    }

    fn user(&self, name: &str) -> String {
        let r = self.call("POST", "/_mock/users", None, Some(json!({ "user": name })));
        assert_eq!(r.status, 200, "{:?}", r.body);
        assert_eq!(r.body["user_id"], name);
        r.body["access_token"].as_str().unwrap().to_string()
    }

    fn book(&self, token: &str, name: &str) -> String {
        let r = self.call("POST", "/parcels", Some(token), Some(parcel(name)));
        assert_eq!(r.status, 200, "{:?}", r.body);
        r.body["parcel_id"].as_str().unwrap().to_string()
    }
}

fn parcel(name: &str) -> Value {
    json!({ "recipient_name": name, "delivery_address": "12 Analytical Row", "weight": 1200, "require_signature": true })
}

fn names(r: &Reply) -> Vec<&str> {
    r.body["parcels"].as_array().unwrap().iter().map(|p| p["recipient_name"].as_str().unwrap()).collect()
}

fn scenario(overlay: bool) {
    let c = Client::start(overlay);
    let ada = c.user("ada");

    // Auth: the spec's "Access token (for auth)" inputs need a token.
    assert_eq!(c.call("POST", "/parcels", None, Some(parcel("x"))).status, 401);
    assert_eq!(
        c.call("POST", "/parcels", Some("nope"), Some(parcel("x"))).body["detail"],
        "the access token is not known (revoked, or its account deleted)"
    );

    // Create: fresh ids.
    let p1 = c.book(&ada, "Ada");
    let p2 = c.book(&ada, "Bob");
    assert_ne!(p1, p2);

    // List, paged by the spec's own limit and cursor; pages stay stable
    // while others write.
    let all = c.call("GET", "/parcels", Some(&ada), None);
    assert_eq!(names(&all), ["Ada", "Bob"]);
    let first = c.call("GET", "/parcels?limit=1", Some(&ada), None);
    assert_eq!(names(&first), ["Ada"]);
    let cursor = first.body["next_page"].as_str().unwrap().to_string();
    let p3 = c.book(&ada, "Cy");
    let second = c.call("GET", &format!("/parcels?limit=1&page_cursor={cursor}"), Some(&ada), None);
    assert_eq!(names(&second), ["Bob"]);
    assert_eq!(second.body["parcels"][0]["parcel_id"], p2.as_str());
    // To the end of the list; the cursor the last page answers ("": there
    // is no next page) sent back is the end too, not an error.
    let mut cursor = second.body["next_page"].as_str().unwrap().to_string();
    let mut seen = names(&first).len() + names(&second).len();
    while !cursor.is_empty() {
        let page = c.call("GET", &format!("/parcels?limit=1&page_cursor={cursor}"), Some(&ada), None);
        seen += names(&page).len();
        cursor = page.body["next_page"].as_str().unwrap().to_string();
    }
    assert_eq!(seen, 3);
    let end = c.call("GET", "/parcels?limit=1&page_cursor=", Some(&ada), None);
    assert_eq!((end.status, names(&end).len()), (200, 0), "{:?}", end.body);
    // A limit of 0 gives no items, and a cursor that stays put.
    let none = c.call("GET", "/parcels?limit=0", Some(&ada), None);
    assert_eq!((none.status, names(&none).len()), (200, 0), "{:?}", none.body);
    let from_start = c.call("GET", &format!("/parcels?limit=1&page_cursor={}", none.body["next_page"].as_str().unwrap()), Some(&ada), None);
    assert_eq!(names(&from_start), ["Ada"]);

    // Read (no auth input on this API), unknown ids 404.
    let read = c.call("GET", &format!("/parcels/{p1}"), None, None);
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.header("x-spec-section"), Some("Tracking API"));
    assert_eq!(read.header("x-spec-status"), Some("final"));
    assert_eq!(read.body["scans"], json!([]), "no scans yet");
    assert_eq!(c.call("GET", "/parcels/parcel_404", None, None).status, 404);

    // Update then read: "New recipient name" is the list entry's
    // "Recipient name".
    let up = c.call("PATCH", &format!("/parcels/{p1}"), Some(&ada), Some(json!({ "recipient_name": "Ada L." })));
    assert_eq!(up.status, 200, "{:?}", up.body);
    assert_eq!(up.body["recipient_name"], "Ada L.");
    assert_eq!(up.body["delivery_address"], "12 Analytical Row");
    assert_eq!(names(&c.call("GET", "/parcels", Some(&ada), None)), ["Ada L.", "Bob", "Cy"]);
    // Only its creator changes or deletes a record; anyone may read it.
    let eve = c.user("eve");
    let hijack = c.call("PATCH", &format!("/parcels/{p1}"), Some(&eve), Some(json!({ "recipient_name": "Eve" })));
    assert_eq!(hijack.status, 403, "{:?}", hijack.body);
    assert!(hijack.body["detail"].as_str().unwrap().contains("belongs to another user"), "{:?}", hijack.body);
    assert_eq!(c.call("DELETE", &format!("/parcels/{p1}"), Some(&eve), None).status, 403);
    assert_eq!(names(&c.call("GET", "/parcels", Some(&eve), None)), ["Ada L.", "Bob", "Cy"]);

    // Delete then 404, on read, update and delete.
    assert_eq!(c.call("DELETE", &format!("/parcels/{p3}"), Some(&ada), None).status, 200);
    assert_eq!(c.call("GET", &format!("/parcels/{p3}"), None, None).status, 404);
    assert_eq!(c.call("PATCH", &format!("/parcels/{p3}"), Some(&ada), Some(json!({}))).status, 404);
    assert_eq!(c.call("DELETE", &format!("/parcels/{p3}"), Some(&ada), None).status, 404);

    // Nested: scans under a parcel; the parcel's read shows them.
    let scan =
        c.call("POST", &format!("/parcels/{p1}/scans"), Some(&ada), Some(json!({ "depot_id": "depot_9", "time": "2024-05-02T12:00:00Z" })));
    assert_eq!(scan.status, 200, "{:?}", scan.body);
    let scans = c.call("GET", &format!("/parcels/{p1}"), None, None).body["scans"].clone();
    assert_eq!(scans.as_array().map(Vec::len), Some(1), "{scans}");
    assert_eq!(scans[0]["depot_id"], "depot_9");
    c.call("POST", &format!("/parcels/{p2}/scans"), Some(&ada), Some(json!({ "depot_id": "depot_2", "time": "2024-05-02T19:30:00Z" })));
    let listed = c.call("GET", &format!("/parcels/{p1}/scans"), Some(&ada), None);
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(
        listed.body["scans"],
        json!([{ "scan_id": scan.body["scan_id"], "depot_id": "depot_9", "time": "2024-05-02T12:00:00Z" }]),
        "only the parcel's own, \"Scan time\" being the scan's \"time\""
    );
    let orphan = c.call("POST", "/parcels/parcel_404/scans", Some(&ada), Some(json!({ "depot_id": "d", "time": "2024-05-02T12:00:00Z" })));
    assert_eq!(orphan.status, 404);

    // Batch: one label per value, every id answered.
    let labels = c.call("POST", &format!("/parcels/{p1}/labels"), Some(&ada), Some(json!({ "texts": ["fragile", "urgent", "heavy"] })));
    assert_eq!(labels.status, 200, "{:?}", labels.body);
    let ids = labels.body["label_ids"].as_array().unwrap();
    assert_eq!(ids.len(), 3);
    assert!(ids[0] != ids[1] && ids[1] != ids[2], "{ids:?}");

    let none = c.call("POST", &format!("/parcels/{p1}/labels"), Some(&ada), Some(json!({ "texts": [] })));
    assert!(none.body["detail"].as_str().unwrap().contains("`texts`: expected at least one value"), "{:?}", none.body);

    // Retry with the same request ID: the first answer, nothing changed.
    let mut once = parcel("Dee");
    once["request_id"] = json!("req-1");
    let a = c.call("POST", "/parcels", Some(&ada), Some(once.clone()));
    let b = c.call("POST", "/parcels", Some(&ada), Some(once.clone()));
    assert_eq!(a.body, b.body);
    assert_eq!(names(&c.call("GET", "/parcels", Some(&ada), None)), ["Ada L.", "Bob", "Dee"]);
    // The same ID with another request is refused, naming the ID, and
    // changes nothing; an invalid request is refused as invalid, not
    // answered from the first.
    let mut changed = once.clone();
    changed["recipient_name"] = json!("Dee D.");
    let refused = c.call("POST", "/parcels", Some(&ada), Some(changed));
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert!(refused.body["detail"].as_str().unwrap().contains("request ID `req-1` was already used"), "{:?}", refused.body);
    let mut invalid = once.clone();
    invalid["weight"] = json!("heavy");
    assert_eq!(c.call("POST", "/parcels", Some(&ada), Some(invalid)).status, 400);
    assert_eq!(names(&c.call("GET", "/parcels", Some(&ada), None)), ["Ada L.", "Bob", "Dee"]);
    // Another caller's request ID is their own.
    let bob = c.user("bob");
    assert_ne!(c.call("POST", "/parcels", Some(&bob), Some(once)).body["parcel_id"], a.body["parcel_id"]);

    // Validation errors name the field and what was expected.
    let mut bad = parcel("E");
    bad["weight"] = json!("heavy");
    let r = c.call("POST", "/parcels", Some(&ada), Some(bad));
    assert_eq!((r.status, r.body["field"].as_str()), (400, Some("weight")));
    assert!(r.body["detail"].as_str().unwrap().contains("`weight`: expected a non-negative integer"), "{:?}", r.body);
    let r = c.call("POST", "/parcels", Some(&ada), Some(json!({ "recipient_name": "E" })));
    assert_eq!((r.status, r.body["field"].as_str()), (400, Some("delivery_address")));
    assert!(r.body["detail"].as_str().unwrap().contains("`delivery_address`"), "{:?}", r.body);
    let mut extra = parcel("E");
    extra["colour"] = json!("red");
    let r = c.call("POST", "/parcels", Some(&ada), Some(extra));
    assert!(r.body["detail"].as_str().unwrap().contains("unknown field `colour`"), "{:?}", r.body);
    let r = c.call("GET", "/parcels?limit=ten", Some(&ada), None);
    assert!(r.body["detail"].as_str().unwrap().contains("`limit`"), "{:?}", r.body);
    let r = c.call("GET", "/parcels?limt=5", Some(&ada), None);
    assert!(
        r.body["detail"].as_str().unwrap().contains("unknown query parameter `limt`: expected one of limit, page_cursor"),
        "{:?}",
        r.body
    );
    let r = c.call("GET", "/parcels?page_cursor=2024", Some(&ada), None);
    assert_eq!(r.status, 200, "a string query value stays a string: {:?}", r.body);

    // The TODO section answers 501.
    let todo = c.call("POST", &format!("/parcels/{p1}/returns"), Some(&ada), Some(json!({ "reason": "x" })));
    assert_eq!((todo.status, todo.body["title"].as_str()), (501, Some("Not Implemented")));

    // A feed: every change so far, then a long-poll woken by a write.
    let feed = c.call("GET", "/parcel-changes", Some(&ada), None);
    assert_eq!(feed.status, 200, "{:?}", feed.body);
    let kinds: Vec<&str> = feed.body["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"created") && kinds.contains(&"updated") && kinds.contains(&"deleted"), "{kinds:?}");
    let position = feed.body["next_position"].as_str().unwrap().to_string();
    let waiting = {
        let (addr, prefix, token) = (c.server.addr, c.prefix, ada.clone());
        std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let r =
                Server { addr }.raw("GET", &format!("{prefix}/parcel-changes?position={position}&timeout_ms=10000"), Some(&token), None);
            (r.body, started.elapsed())
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(300));
    let p5 = c.book(&ada, "Fay");
    let (woken, waited) = waiting.join().unwrap();
    assert!(waited < std::time::Duration::from_secs(5), "the write woke the feed ({waited:?})");
    assert_eq!(woken["changes"].as_array().map(Vec::len), Some(1), "{woken}");
    assert_eq!(woken["changes"][0]["parcel_id"], p5.as_str());

    // The journal saw it all; the endpoint table says what is inferred.
    assert!(c.call("GET", "/_mock/journal", None, None).body["requests"].as_array().unwrap().len() > 20);
    let table = c.call("GET", "/_mock/endpoints", None, None).body;
    let create = table.as_array().unwrap().iter().find(|e| e["path"] == format!("{}/parcels", c.prefix) && e["method"] == "POST").unwrap();
    assert_eq!((create["effect"].as_str(), create["resource"].as_str()), (Some("create"), Some("parcel")));
    let watch = table.as_array().unwrap().iter().find(|e| e["name"] == "watch_parcel_change").unwrap();
    assert_eq!(watch["effect"], "feed");
    assert_eq!(watch["from_state"], json!(["changes", "next_position"]));
}

#[test]
fn parcels_without_an_overlay() {
    scenario(false);
}

#[test]
fn parcels_with_an_overlay() {
    scenario(true);
}

#[test]
fn control_routes_serve_any_spec() {
    let c = Client::start(false);
    let ada = c.user("ada");
    let p1 = c.book(&ada, "Ada");
    let openapi = c.call("GET", "/_mock/openapi.json", None, None).body;
    assert!(openapi["paths"]["/parcels/{parcel_id}"]["get"].is_object(), "{openapi}");
    let state = c.call("GET", "/_mock/state?tokens=true", None, None).body;
    assert_eq!(c.call("POST", "/_mock/reset", None, None).status, 200);
    assert_eq!(c.call("GET", &format!("/parcels/{p1}"), None, None).status, 404);
    assert_eq!(c.call("PUT", "/_mock/state", None, Some(state)).status, 200);
    assert_eq!(c.call("GET", &format!("/parcels/{p1}"), None, None).status, 200);
    let faults = c.call("PUT", "/_mock/faults", None, Some(json!({ "read_parcel": { "error_rate": 1.0 } })));
    assert_eq!(faults.status, 200);
    assert_eq!(c.call("GET", &format!("/parcels/{p1}"), None, None).status, 500);
    c.call("PUT", "/_mock/faults", None, Some(json!({})));
    assert_eq!(c.call("GET", "/nowhere", None, None).status, 404);
    assert_eq!(c.call("PUT", &format!("/parcels/{p1}"), None, None).status, 405);
}

#[test]
fn the_specs_own_register_and_login_give_tokens() {
    // The built-in spec without its Matrix profile: the engine's own
    // inference of register and login.
    let spec = root().join("spec/client_server_v2.rst");
    let text = std::fs::read_to_string(root().join("spec/bindings.toml")).unwrap();
    let unbound = overlay("no-profile", &text.replace("profile = \"matrix\"", ""));
    let running = spawn_on_loopback(EngineOptions::new(spec, Some(unbound))).expect("the spec loads");
    let s = Server { addr: running.addr };
    let reg = s.post("/register", None, json!({ "username": "ada", "password": "pw" }));
    assert_eq!(reg.status, 200, "{:?}", reg.body);
    assert_eq!(reg.body["user_id"], "ada");
    let token = reg.body["access_token"].as_str().unwrap().to_string();
    assert_eq!(s.post("/register", None, json!({ "username": "ada", "password": "pw" })).status, 409);
    // The overlay's `[errors]` says a wrong password is a 403 (Matrix's).
    assert_eq!(s.post("/login", None, json!({ "username": "ada", "password": "nope" })).status, 403);
    let login = s.post("/login", None, json!({ "username": "ada", "password": "pw" }));
    assert_eq!(login.status, 200, "{:?}", login.body);
    assert_ne!(login.body["access_token"], token.as_str());
    // The token is good for an endpoint that needs one.
    assert_eq!(s.get("/capabilities", Some(&token)).status, 200);
    assert_eq!(s.get("/capabilities", None).status, 401);
    // Records remember who made them.
    let room = s.post("/createRoom", Some(&token), json!({}));
    assert_eq!(room.status, 200, "{:?}", room.body);
    let state = s.get("/_mock/state", None).body;
    let rooms = state["collections"].as_object().unwrap().values().next().unwrap()["records"].as_object().unwrap().clone();
    assert_eq!(rooms.values().next().unwrap()["owner"], "ada");
    // Passwords are kept as salted hashes and journaled redacted.
    assert!(!state.to_string().contains("\"pw\"") && state["users"]["ada"].as_str().unwrap().starts_with("sha256$"), "{state}");
    let journal = s.get("/_mock/journal", None).body;
    assert!(!journal.to_string().contains("\"pw\"") && journal.to_string().contains("<redacted>"), "{journal}");
}

/// A scratch overlay beside nothing: `text` in a temporary file.
fn overlay(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("engine-overlay-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("parcels.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_overlay_says_what_inference_cannot() {
    let spec = root().join("spec/examples/parcels.md");
    // "Reading a parcel" made an action on another resource: the parcel ID
    // is then the parent of a consignment, still checked.
    let bound = overlay(
        "action",
        "[[endpoint]]\napi = \"Tracking API\"\nname = \"read_parcel\"\nmethod = \"GET\"\npath = \"/parcels/{parcel_id}\"\nauth = false\neffect = \"action\"\nresource = \"consignment\"\n",
    );
    let running = spawn_on_loopback(EngineOptions::new(&spec, Some(bound))).expect("the spec loads");
    let s = Server { addr: running.addr };
    let table = s.raw("GET", "/_mock/endpoints", None, None).body;
    let read = table.as_array().unwrap().iter().find(|e| e["name"] == "read_parcel").unwrap();
    assert_eq!((read["effect"].as_str(), read["resource"].as_str()), (Some("action"), Some("consignment")));
    let r = s.raw("GET", "/parcels/parcel_404", None, None);
    assert_eq!((r.status, r.body["detail"].as_str()), (404, Some("no parcel `parcel_404`")));
    // An effect the engine does not know is refused at its place.
    let bad = overlay(
        "bad",
        "[[endpoint]]\napi = \"Tracking API\"\nname = \"read_parcel\"\nmethod = \"GET\"\npath = \"/p\"\neffect = \"explode\"\n",
    );
    let e = spawn_on_loopback(EngineOptions::new(&spec, Some(bad.clone()))).err().expect("refused").to_string();
    assert!(e.contains(&format!("{}:6:10: error: unknown effect `explode`", bad.display())), "{e}");
}

#[test]
fn min_status_hides_the_sections_below_it() {
    let mut options = EngineOptions::new(root().join("spec/examples/parcels.md"), None);
    options.min_status = specgen::Status::Final;
    let running = spawn_on_loopback(options).expect("the spec loads");
    let s = Server { addr: running.addr };
    let token = s.raw("POST", "/_mock/users", None, Some(r#"{"user":"ada"}"#)).body["access_token"].as_str().unwrap().to_string();
    let draft = s.raw("GET", "/parcels", Some(&token), None);
    assert_eq!((draft.status, draft.body["title"].as_str()), (404, Some("Not Found")));
    assert_eq!(s.raw("GET", "/parcels/parcel_1", None, None).status, 404, "final: served (no such parcel)");
    assert_eq!(s.raw("GET", "/parcels/parcel_1", None, None).body["detail"], "no parcel `parcel_1`");
}

#[test]
fn the_state_file_keeps_records_across_a_restart() {
    let dir = std::env::temp_dir().join(format!("engine-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let options = || {
        let mut o = EngineOptions::new(root().join("spec/examples/parcels.md"), None);
        o.state_file = Some(file.clone());
        o
    };
    let first = spawn_on_loopback(options()).expect("the spec loads");
    let s = Server { addr: first.addr };
    let token = s.raw("POST", "/_mock/users", None, Some(r#"{"user":"ada"}"#)).body["access_token"].as_str().unwrap().to_string();
    let id = s.raw("POST", "/parcels", Some(&token), Some(&parcel("Ada").to_string())).body["parcel_id"].as_str().unwrap().to_string();
    assert_eq!(s.raw("POST", "/_mock/save", None, None).status, 200);
    drop(first);
    let second = spawn_on_loopback(options()).expect("the spec and the state load");
    let s = Server { addr: second.addr };
    assert_eq!(s.raw("GET", &format!("/parcels/{id}"), None, None).status, 200);
    let again = s.raw("POST", "/parcels", Some(&token), Some(&parcel("Bob").to_string()));
    assert_eq!(again.status, 200, "the token is kept too: {:?}", again.body);
    assert_ne!(again.body["parcel_id"], id.as_str(), "ids stay fresh after a restart");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_id_of_another_resource_must_name_a_record_that_exists() {
    let dir = std::env::temp_dir().join(format!("engine-loans-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("loans.md");
    std::fs::write(
        &spec,
        "# Library loans\n\n## Members API [Draft]\n\nInputs:\n- Access token (for auth)\n- Member name\n\nOutputs:\n- Member ID\n\n\
         ## Loans API [Draft]\n\nInputs:\n- Access token (for auth)\n- Member ID\n- Book title\n\nOutputs:\n- Loan ID\n",
    )
    .unwrap();
    let running = spawn_on_loopback(EngineOptions::new(&spec, None)).expect("the spec loads");
    let s = Server { addr: running.addr };
    let token = s.post("/_mock/users", None, json!({ "user": "ada" })).body["access_token"].as_str().unwrap().to_string();
    let post = |path: &str, body: Value| s.raw("POST", path, Some(&token), Some(&body.to_string()));
    let member = post("/members", json!({ "member_name": "Ada" }));
    assert_eq!(member.status, 200, "{:?}", member.body);
    let id = member.body["member_id"].as_str().unwrap().to_string();
    let loan = post("/loans", json!({ "member_id": id, "book_title": "Dune" }));
    assert_eq!(loan.status, 200, "{:?}", loan.body);
    let ghost = post("/loans", json!({ "member_id": "member_9", "book_title": "Dune" }));
    assert_eq!(ghost.status, 404, "{:?}", ghost.body);
    assert_eq!(ghost.body["detail"], "field `member_id`: no member `member_9`");
}
