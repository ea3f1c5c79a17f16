//! The lifecycle a draft's prose states, kept by the mock: a new record
//! starts in the status the draft names, an action named after a status
//! moves the record there, a status the prose locks refuses changes with
//! the status and code it writes, a list leaves out what the prose hides
//! (unless its filter asks), and a soft delete keeps the record.

mod support;

use serde_json::{json, Value};

fn ids(list: &Value, key: &str, id: &str) -> Vec<String> {
    list[key].as_array().unwrap_or_else(|| panic!("{list}")).iter().map(|e| e[id].as_str().unwrap_or_default().to_string()).collect()
}

#[test]
fn a_submitted_application_is_locked_and_a_withdrawn_one_leaves_the_listings() {
    // grants.md: "An application is created as a draft"; "an application
    // is locked once it has been submitted"; "A withdrawn application
    // disappears from listings, but it can still be read by its ID".
    let (_r, s) = support::corpus("grants.md");
    let t = s.mock_user("office");
    let make = |title: &str| {
        let body = json!({ "title": title, "pi_applicant_id": "APP-10442", "institution_id": "INST-0031", "co_investigator_ids": [],
            "abstract": "x", "start_date": "2026-01-01", "duration_months": 36, "amount_requested": "248500.00" });
        let made = s.raw("POST", "/calls/CFP-2025-07/applications", Some(&t), Some(&body.to_string()));
        assert_eq!((made.status, &made.body["status"]), (201, &json!("draft")), "{:?}", made.body);
        made.body["application_id"].as_str().unwrap().to_string()
    };
    let (soil, other) = (make("Soil"), make("Other"));
    let read = s.raw("GET", &format!("/applications/{soil}"), Some(&t), None).body;
    assert_eq!(read["working_title"], "Soil", "a read answers what the create stored, in the read's own words: {read}");
    let change =
        |title: &str| s.raw("PATCH", &format!("/applications/{soil}"), Some(&t), Some(&json!({ "working_title": title }).to_string()));
    assert_eq!(change("Soil 2").status, 200, "a draft can be changed");
    let submitted = s.raw("POST", &format!("/applications/{soil}/submit"), Some(&t), Some(r#"{"confirmation": true}"#));
    assert_eq!((submitted.status, &submitted.body["status"]), (200, &json!("submitted")), "{:?}", submitted.body);
    let refused = change("Soil 3");
    assert_eq!((refused.status, &refused.body["error"]), (409, &json!("conflict")), "{:?}", refused.body);
    let read = s.raw("GET", &format!("/applications/{soil}"), Some(&t), None).body;
    assert_eq!(read["working_title"], "Soil 2", "the refused change stored nothing: {read}");
    let only = s.raw("GET", "/calls/CFP-2025-07/applications?status=submitted", Some(&t), None).body;
    assert_eq!(ids(&only, "applications", "application_id"), vec![soil.clone()], "the filter names a status");
    s.raw("POST", &format!("/applications/{soil}/withdraw"), Some(&t), Some("{}"));
    let listed = s.raw("GET", "/calls/CFP-2025-07/applications", Some(&t), None).body;
    assert_eq!(ids(&listed, "applications", "application_id"), [other], "withdrawn applications are never listed");
    let still = s.raw("GET", &format!("/applications/{soil}"), Some(&t), None);
    assert_eq!((still.status, &still.body["status"]), (200, &json!("withdrawn")), "it can still be read by its ID");
}

#[test]
fn a_retired_vehicle_is_gone_but_listed_when_asked_and_refuses_what_the_draft_documents() {
    // fleet.rst: "Retire vehicle: Soft delete."; "Retired ones hidden
    // unless asked for"; "Errors: - 409 - vehicle retired" on "Assign
    // driver" and "Upload positions".
    let (_r, s) = support::corpus("fleet.rst");
    let t = s.mock_user("ops");
    let mut made = Vec::new();
    for (vin, plate) in [("1FTFW1ET5DFC10312", "KX-482-PL"), ("WDB9066331S123456", "KX-511-PL")] {
        let v = s.raw("POST", "/vehicles", Some(&t), Some(&json!({ "vin": vin, "plate": plate }).to_string()));
        assert_eq!((v.status, &v.body["status"]), (201, &json!("active")), "{:?}", v.body);
        made.push(v.body["id"].as_str().unwrap().to_string());
    }
    let gone = s.raw("DELETE", &format!("/vehicles/{}", made[0]), Some(&t), None);
    assert_eq!(gone.status, 204, "{:?}", gone.body);
    // Deleted for a client (the draft does not say a retired vehicle can
    // still be read), kept for lists that ask for it.
    let read = s.raw("GET", &format!("/vehicles/{}", made[0]), Some(&t), None);
    assert_eq!(read.status, 404, "{:?}", read.body);
    assert_eq!(s.raw("DELETE", &format!("/vehicles/{}", made[0]), Some(&t), None).status, 404, "deleted once");
    let under = s.raw("GET", &format!("/vehicles/{}/trips?from=2026-12-07T19%3A58%3A24Z", made[0]), Some(&t), None);
    assert_eq!(under.status, 404, "what sits under it is gone with it: {:?}", under.body);
    let listed = s.raw("GET", "/vehicles", Some(&t), None).body;
    assert_eq!(ids(&listed, "vehicles", "id"), [made[1].clone()]);
    let asked = s.raw("GET", "/vehicles?status=retired", Some(&t), None).body;
    assert_eq!(ids(&asked, "vehicles", "id"), [made[0].clone()], "unless asked for");
    let assign = s.raw("POST", &format!("/vehicles/{}/assign", made[0]), Some(&t), Some(r#"{"driver_id": null}"#));
    assert_eq!(assign.status, 409, "{:?}", assign.body);
    assert!(assign.body["message"].as_str().unwrap().contains("vehicle retired"), "{:?}", assign.body);
    let fine = s.raw("POST", &format!("/vehicles/{}/assign", made[1]), Some(&t), Some(r#"{"driver_id": null}"#));
    assert_eq!(fine.status, 200, "an active vehicle takes a driver: {:?}", fine.body);
}

#[test]
fn a_deleted_device_goes_to_the_status_the_draft_names() {
    // devices.md: "Soft delete: the device goes to `DEVICE_STATE_RETIRED`
    // [...] it drops out of ListDevices by default"; "Retired devices are
    // left out unless you ask for `state=DEVICE_STATE_RETIRED`".
    let (_r, s) = support::corpus("devices.md");
    let t = s.mock_user("ops");
    let group = s.raw("POST", "/v1/deviceGroups", Some(&t), Some(r#"{"displayName": "Hamburg"}"#)).body;
    let group = group["groupId"].as_str().or_else(|| group["id"].as_str()).unwrap_or_else(|| panic!("{group}")).to_string();
    let body = json!({ "serialNumber": "TH200-0049821", "model": "TH-200", "displayName": "Cold room 3", "groupId": group, "labels": {"site": "hamburg", "room": "cold-3"} });
    let made = s.raw("POST", "/v1/devices", Some(&t), Some(&body.to_string()));
    assert_eq!(made.status, 200, "{:?}", made.body);
    let id = made.body["deviceId"].as_str().or_else(|| made.body["id"].as_str()).unwrap_or_else(|| panic!("{:?}", made.body)).to_string();
    let gone = s.raw("DELETE", &format!("/v1/devices/{id}"), Some(&t), None);
    assert!(gone.status < 300, "{:?}", gone.body);
    let read = s.raw("GET", &format!("/v1/devices/{id}"), Some(&t), None);
    assert_eq!((read.status, &read.body["state"]), (200, &json!("DEVICE_STATE_RETIRED")), "{:?}", read.body);
    let listed = s.raw("GET", "/v1/devices", Some(&t), None).body;
    assert_eq!(listed["devices"].as_array().map(Vec::len).unwrap_or(0), 0, "{listed}");
    let asked = s.raw("GET", "/v1/devices?state=DEVICE_STATE_RETIRED", Some(&t), None).body;
    assert_eq!(asked["devices"].as_array().map(Vec::len), Some(1), "{asked}");
}

#[test]
fn the_overlay_sets_the_rules_the_prose_gives_otherwise() {
    // grants.md's rules ("Only a draft can be changed", "Submitting" moves
    // to `submitted`, withdrawn ones never listed), each set otherwise by a
    // `[[lifecycle]]` of the overlay.
    let dir = std::env::temp_dir().join(format!("specgen-lifecycle-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let corpus = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/specs/corpus/grants.md");
    std::fs::copy(&corpus, dir.join("grants.md")).unwrap();
    let overlay = |text: &str| {
        std::fs::write(dir.join("grants.toml"), text).unwrap();
        mock_server::engine::spawn_on_loopback(mock_server::engine::EngineOptions::new(
            dir.join("grants.md"),
            Some(dir.join("grants.toml")),
        ))
    };
    let bad = overlay("[[lifecycle]]\nendpoint = \"submit_application\"\nmoves = \"sent\"\n").err().expect("a value the enum lacks");
    assert!(format!("{bad:?}").contains("`sent` is no value of the application's `status`"), "{bad:?}");
    let running = overlay(
        "[[lifecycle]]\nendpoint = \"change_application\"\nlocked_in = [\"withdrawn\"]\n\n\
         [[lifecycle]]\nendpoint = \"submit_application\"\nmoves = \"under review\"\n\n\
         [[lifecycle]]\nendpoint = \"list_applications\"\nhidden = []\n",
    )
    .expect("the overlay fits");
    let s = support::Server { addr: running.addr };
    let t = s.mock_user("office");
    let body = json!({ "title": "Soil", "pi_applicant_id": "APP-10442", "institution_id": "INST-0031", "co_investigator_ids": [],
        "abstract": "x", "start_date": "2026-01-01", "duration_months": 36, "amount_requested": "248500.00" });
    let id = s.raw("POST", "/calls/CFP-2025-07/applications", Some(&t), Some(&body.to_string())).body["application_id"]
        .as_str()
        .unwrap()
        .to_string();
    let submitted = s.raw("POST", &format!("/applications/{id}/submit"), Some(&t), Some(r#"{"confirmation": true}"#));
    assert_eq!(submitted.body["status"], "under review", "{:?}", submitted.body);
    let change = || s.raw("PATCH", &format!("/applications/{id}"), Some(&t), Some(r#"{"working_title": "Soil 2"}"#)).status;
    assert_eq!(change(), 200, "only `withdrawn` locks it now");
    s.raw("POST", &format!("/applications/{id}/withdraw"), Some(&t), Some("{}"));
    assert_eq!(change(), 409);
    let listed = s.raw("GET", "/calls/CFP-2025-07/applications", Some(&t), None).body;
    assert_eq!(ids(&listed, "applications", "application_id"), [id], "nothing hidden");
    std::fs::remove_dir_all(&dir).ok();
}
