//! Ownership as a rule of the engine, on a notebook spec of its own
//! (`tests/specs/notebooks.md`): only who may change a record adds under
//! it, acts on it, changes or deletes it; a share with "may edit" gives
//! that right; deleting a notebook deletes its notes unless told to keep
//! them; an account is deleted only by its own user, and then for good; a
//! valid token on an endpoint that takes none still names the owner.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::{json, Value};
use std::path::PathBuf;
use support::{Reply, Server};

struct Client {
    server: Server,
    _running: Running,
}

impl Client {
    fn start() -> Client {
        let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/specs/notebooks.md");
        let running = spawn_on_loopback(EngineOptions::new(spec, None)).expect("the spec loads");
        Client { server: Server { addr: running.addr }, _running: running }
    }

    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        self.server.raw(method, path, token, body.map(|b| b.to_string()).as_deref())
    }

    /// Registers `name` through the spec's own register; returns its token.
    fn register(&self, name: &str) -> String {
        let r = self.call("POST", "/register", None, Some(json!({ "user_name": name, "password": "pw" })));
        assert_eq!(r.status, 200, "{:?}", r.body);
        r.body["access_token"].as_str().unwrap().to_string()
    }

    fn notebook(&self, token: &str, title: &str) -> String {
        let r = self.call("POST", "/notebooks", Some(token), Some(json!({ "title": title })));
        assert_eq!(r.status, 200, "{:?}", r.body);
        r.body["notebook_id"].as_str().unwrap().to_string()
    }

    fn add_note(&self, token: &str, notebook: &str, body: &str) -> Reply {
        self.call("POST", &format!("/notebooks/{notebook}/notes"), Some(token), Some(json!({ "body": body })))
    }

    fn state(&self) -> Value {
        self.call("GET", "/_mock/state", None, None).body
    }
}

fn forbidden(r: &Reply) -> bool {
    r.status == 403 && r.body["title"] == "Forbidden"
}

#[test]
fn only_who_may_change_a_record_adds_under_it_and_acts_on_it() {
    let c = Client::start();
    let (ada, eve, bob, cy) = (c.register("ada"), c.register("eve"), c.register("bob"), c.register("cy"));
    let nb = c.notebook(&ada, "Recipes");
    assert_eq!(c.add_note(&ada, &nb, "soup").status, 200);

    // Another user once added notes to ada's notebook, and shared it with
    // herself, with the right to edit.
    let intruder = c.add_note(&eve, &nb, "mine now");
    assert!(forbidden(&intruder), "{:?}", intruder.body);
    assert!(intruder.body["detail"].as_str().unwrap().contains("belongs to another user (ada)"), "{:?}", intruder.body);
    let share = json!({ "user_id": "eve", "may_edit": true });
    assert!(forbidden(&c.call("POST", &format!("/notebooks/{nb}/share"), Some(&eve), Some(share))));
    assert!(forbidden(&c.add_note(&eve, &nb, "still not")));
    assert!(forbidden(&c.call("PATCH", &format!("/notebooks/{nb}"), Some(&eve), Some(json!({ "title": "Eve's" })))));

    // The owner shares: "may edit" gives bob the owner's rights on the
    // notebook and what sits under it; cy may only read.
    let shared = c.call("POST", &format!("/notebooks/{nb}/share"), Some(&ada), Some(json!({ "user_id": "bob", "may_edit": true })));
    assert_eq!(shared.status, 200, "{:?}", shared.body);
    c.call("POST", &format!("/notebooks/{nb}/share"), Some(&ada), Some(json!({ "user_id": "cy" })));
    let by_bob = c.add_note(&bob, &nb, "bread");
    assert_eq!(by_bob.status, 200, "{:?}", by_bob.body);
    assert_eq!(c.call("PATCH", &format!("/notebooks/{nb}"), Some(&bob), Some(json!({ "title": "Our recipes" }))).status, 200);
    assert!(forbidden(&c.add_note(&cy, &nb, "cake")));
    let notes = c.call("GET", &format!("/notebooks/{nb}/notes"), None, None);
    let bodies: Vec<&str> = notes.body["notes"].as_array().unwrap().iter().map(|n| n["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["soup", "bread"]);
}

#[test]
fn deleting_a_notebook_deletes_its_notes_unless_told_to_keep_them() {
    let c = Client::start();
    let ada = c.register("ada");
    let nb = c.notebook(&ada, "Recipes");
    let note = c.add_note(&ada, &nb, "soup").body["note_id"].as_str().unwrap().to_string();
    assert_eq!(c.call("GET", &format!("/notebooks/{nb}/notes/{note}"), None, None).status, 200);
    assert_eq!(c.call("DELETE", &format!("/notebooks/{nb}"), Some(&ada), None).status, 200);
    // The note was once left readable under a notebook that was gone.
    assert_eq!(c.call("GET", &format!("/notebooks/{nb}/notes/{note}"), None, None).status, 404);
    assert!(c.state()["collections"]["note"]["records"].as_object().is_none_or(|r| r.is_empty()), "{}", c.state());

    let kept_nb = c.notebook(&ada, "Drafts");
    let kept = c.add_note(&ada, &kept_nb, "draft").body["note_id"].as_str().unwrap().to_string();
    let r = c.call("DELETE", &format!("/notebooks/{kept_nb}?keep_notes=true"), Some(&ada), None);
    assert_eq!(r.status, 200, "{:?}", r.body);
    let notes: Vec<Value> = c.state()["collections"]["note"]["records"].as_object().unwrap().values().cloned().collect();
    assert_eq!(notes.len(), 1, "the note is kept");
    assert_eq!(notes[0]["id"], kept.as_str());
}

#[test]
fn an_account_is_deleted_by_its_own_user_only_and_for_good() {
    let c = Client::start();
    let (ada, eve) = (c.register("ada"), c.register("eve"));
    let nb = c.notebook(&ada, "Recipes");
    // Once `200 {}` for all of these, deleting nothing.
    for target in ["ada", "nobody", "..%2f..%2fetc"] {
        let r = c.call("DELETE", &format!("/users/{target}/account"), Some(&eve), None);
        assert!(forbidden(&r), "{target}: {:?}", r.body);
    }
    assert_eq!(c.call("DELETE", "/users/ada/account", None, None).status, 401);
    assert_eq!(c.call("POST", "/notebooks", Some(&ada), Some(json!({ "title": "still me" }))).status, 200, "ada's token works");

    let r = c.call("DELETE", "/users/ada/account", Some(&ada), None);
    assert_eq!(r.status, 200, "{:?}", r.body);
    // Her tokens stop working, she cannot log in, her name is not given again.
    let stale = c.call("POST", "/notebooks", Some(&ada), Some(json!({ "title": "ghost" })));
    assert_eq!(
        (stale.status, stale.body["detail"].as_str()),
        (401, Some("the access token is not known (revoked, or its account deleted)"))
    );
    assert_eq!(c.call("POST", "/log-in", None, Some(json!({ "user_name": "ada", "password": "pw" }))).status, 401);
    assert_eq!(c.call("POST", "/register", None, Some(json!({ "user_name": "ada", "password": "x" }))).status, 409);
    assert!(forbidden(&c.call("POST", "/_mock/users", None, Some(json!({ "user": "ada" })))));
    // What she made stays, still hers: nobody else may change it.
    assert!(forbidden(&c.call("PATCH", &format!("/notebooks/{nb}"), Some(&eve), Some(json!({ "title": "Eve's" })))));
    assert_eq!(c.call("GET", "/_mock/state", None, None).body["users"].get("ada"), None);
}

#[test]
fn a_valid_token_names_the_owner_where_none_is_required() {
    let c = Client::start();
    let (ada, eve) = (c.register("ada"), c.register("eve"));
    // The Tags API takes no token: what is made with one records its owner
    // (it once recorded none), and anyone may still change it, as the prose
    // allows.
    let tag = c.call("POST", "/tags", Some(&ada), Some(json!({ "name": "food" })));
    let id = tag.body["tag_id"].as_str().unwrap().to_string();
    let anonymous = c.call("POST", "/tags", Some("deadbeef"), Some(json!({ "name": "misc" })));
    assert_eq!(anonymous.status, 200, "a token that is none on an open endpoint: nobody");
    let records = c.state()["collections"]["tag"]["records"].clone();
    let owners: Vec<&Value> = records.as_object().unwrap().values().map(|r| &r["owner"]).collect();
    assert_eq!(owners, [&json!("ada"), &Value::Null]);
    assert_eq!(c.call("PATCH", &format!("/tags/{id}"), Some(&eve), Some(json!({ "name": "meals" }))).status, 200);
}
