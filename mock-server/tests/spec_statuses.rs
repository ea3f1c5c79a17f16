//! The statuses a draft documents: a success answers the status its HTTP
//! example or prose shows (201 Created, 204 No Content with no body), and
//! a method the path is not served with is a 405 that says, in `Allow`,
//! which methods it is.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions};
use serde_json::json;
use std::path::PathBuf;
use support::Server;

#[test]
fn successes_answer_the_status_the_draft_shows() {
    // photos.md: "HTTP/1.1 201 Created" under "Create album", "Returns
    // `204` with no body" under "Delete album".
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/specs/corpus/photos.md");
    let running = spawn_on_loopback(EngineOptions::new(spec, None)).expect("the draft loads");
    let s = Server { addr: running.addr };
    let token =
        s.raw("POST", "/_mock/users", None, Some(&json!({ "user": "ana" }).to_string())).body["access_token"].as_str().unwrap().to_string();
    let made = s.raw("POST", "/albums", Some(&token), Some(r#"{"title": "Lisbon 2023", "visibility": "unlisted"}"#));
    assert_eq!(made.status, 201, "{:?}", made.body);
    let state = s.raw("GET", "/_mock/state", None, None).body;
    let id = state["collections"]["album"]["records"]["1"]["id"].as_str().unwrap_or_else(|| panic!("{state}")).to_string();
    assert_eq!(state["journal"][0]["status"], 201, "the journal says what was answered");
    let gone = s.raw("DELETE", &format!("/albums/{id}?force=true"), Some(&token), None);
    assert_eq!((gone.status, gone.body.clone(), gone.header("content-length")), (204, json!(""), None), "no body");
    let read = s.raw("GET", &format!("/albums/{id}"), Some(&token), None);
    assert_eq!(read.status, 404, "{:?}", read.body);
    let wrong = s.raw("PUT", "/albums", Some(&token), None);
    assert_eq!((wrong.status, wrong.header("allow")), (405, Some("POST, GET")), "{:?}", wrong.body);
}

#[test]
fn a_value_the_draft_says_is_taken_is_refused_as_it_documents() {
    // fleet.rst, "Register vehicle": "Errors: - 409 - VIN already registered".
    let (_r, s) = support::corpus("fleet.rst");
    let t = s.mock_user("ops");
    let vehicle = |vin: &str, plate: &str| json!({ "vin": vin, "plate": plate }).to_string();
    let first = s.raw("POST", "/vehicles", Some(&t), Some(&vehicle("1FTFW1ET5DFC10312", "KX-482-PL")));
    assert_eq!(first.status, 201, "{:?}", first.body);
    let again = s.raw("POST", "/vehicles", Some(&t), Some(&vehicle("1FTFW1ET5DFC10312", "KX-999-PL")));
    assert_eq!(again.status, 409, "{:?}", again.body);
    assert!(again.body["message"].as_str().unwrap().contains("VIN already registered"), "{:?}", again.body);
    let other = s.raw("POST", "/vehicles", Some(&t), Some(&vehicle("2FTFW1ET5DFC10399", "KX-999-PL")));
    assert_eq!(other.status, 201, "another VIN is fine: {:?}", other.body);
    let vehicles = s.raw("GET", "/vehicles", Some(&t), None).body;
    assert_eq!(vehicles["vehicles"].as_array().map(Vec::len), Some(2), "the refused one was not stored: {vehicles}");
}

#[test]
fn a_sign_up_names_the_account_by_what_log_in_takes() {
    // ticketing.md: sign-up and log-in both take `email`; "If the email is
    // already taken you get a `409` with `"error": "email_taken"`".
    let (_r, s) = support::corpus("ticketing.md");
    let maya = json!({ "email": "maya@example.com", "password": "correct-horse-9", "name": "Maya Okafor", "account_type": "organizer" });
    let signed = s.raw("POST", "/v1/auth/signup", None, Some(&maya.to_string()));
    assert_eq!(signed.status, 201, "{:?}", signed.body);
    let mut twin = maya.clone();
    twin["name"] = json!("Maya O.");
    let taken = s.raw("POST", "/v1/auth/signup", None, Some(&twin.to_string()));
    assert_eq!((taken.status, &taken.body["error"]), (409, &json!("email_taken")), "{:?}", taken.body);
    let login =
        s.raw("POST", "/v1/auth/login", None, Some(&json!({ "email": "maya@example.com", "password": "correct-horse-9" }).to_string()));
    assert_eq!(login.status, 200, "{:?}", login.body);
    let wrong = s.raw("POST", "/v1/auth/login", None, Some(&json!({ "email": "maya@example.com", "password": "nope" }).to_string()));
    assert_eq!(wrong.status, 401, "\"Wrong email or password is a `401`\": {:?}", wrong.body);
}

#[test]
fn answers_say_what_was_stored_and_invent_nothing() {
    // fleet.rst: "Nulls: optional fields come back as null, not missing";
    // `created_at` is the server's, not the example's 2024-05-02T14:03:11Z.
    let (_r, s) = support::corpus("fleet.rst");
    let t = s.mock_user("ops");
    let made = s.raw("POST", "/vehicles", Some(&t), Some(&json!({ "vin": "1FTFW1ET5DFC10312", "plate": "KX-482-PL" }).to_string()));
    assert_eq!(made.status, 201, "{:?}", made.body);
    for key in ["make", "model", "year", "driver_id"] {
        assert_eq!(made.body.get(key), Some(&serde_json::Value::Null), "`{key}` was never given: {:?}", made.body);
    }
    let created = made.body["created_at"].as_str().unwrap_or_default();
    assert!(created.len() == 20 && created.ends_with('Z') && created != "2024-05-02T14:03:11Z", "{created}");
    let id = made.body["id"].as_str().unwrap_or_else(|| panic!("{:?}", made.body));
    let read = s.raw("GET", &format!("/vehicles/{id}"), Some(&t), None);
    assert_eq!((read.body["plate"].as_str(), read.body["created_at"].as_str()), (Some("KX-482-PL"), Some(created)), "{:?}", read.body);
    assert_eq!(read.body["make"], serde_json::Value::Null);
}

#[test]
fn an_action_moves_the_status_its_verb_names() {
    // grants.md: an application is a draft until "Submitting an
    // application" makes it `submitted`; the answers name the record by
    // its own id.
    let (_r, s) = support::corpus("grants.md");
    let t = s.mock_user("office");
    let body = json!({ "title": "Soil", "pi_applicant_id": "app_1", "institution_id": "inst_1", "abstract": "x", "duration_months": 12, "amount_requested": "1000.00" });
    let made = s.raw("POST", "/calls/call_1/applications", Some(&t), Some(&body.to_string()));
    assert_eq!((made.status, &made.body["status"]), (201, &json!("draft")), "{:?}", made.body);
    let id = made.body["application_id"].as_str().unwrap_or_else(|| panic!("{:?}", made.body)).to_string();
    let submitted = s.raw("POST", &format!("/applications/{id}/submit"), Some(&t), Some(r#"{"confirmation": true}"#));
    assert_eq!(
        (submitted.status, &submitted.body["status"], &submitted.body["application_id"]),
        (200, &json!("submitted"), &json!(id)),
        "{:?}",
        submitted.body
    );
    let read = s.raw("GET", &format!("/applications/{id}"), Some(&t), None);
    assert_eq!(read.body["status"], "submitted", "{:?}", read.body);
}
