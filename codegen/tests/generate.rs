//! The build step from the outside: what the seed's change does to the
//! types, determinism, overlay errors with their place, staleness, explain.

mod support;

use specgen::types::{Endpoint, TypeSpace};
use specgen::Config;
use std::path::PathBuf;
use std::process::Command;

fn endpoint<'a>(space: &'a TypeSpace, api: &str) -> &'a Endpoint {
    &space.apis.iter().find(|a| a.title == api).expect("API present").endpoints[0]
}

fn types_of(e: &Endpoint) -> Vec<(String, String)> {
    e.request.fields.iter().map(|f| (f.rust.clone(), f.ty.rust())).collect()
}

#[test]
fn the_seed_change_shows_in_the_types() {
    let (Some(r33), Some(r34)) = (support::revision(33), support::revision(34)) else { return };
    let g33 = Config::new(&r33).generate().expect("revision 33 generates");
    let g34 = Config::new(&r34).generate().expect("revision 34 generates");
    let before = types_of(endpoint(&g33.space, "Sending state events"));
    let after = types_of(endpoint(&g34.space, "Sending state events"));
    let pick = |v: &[(String, String)], n: &str| v.iter().find(|(r, _)| r == n).map(|(_, t)| t.clone()).unwrap();
    assert_eq!(pick(&before, "event_type"), "String");
    assert_eq!(pick(&before, "state_key"), "String");
    assert_eq!(pick(&before, "content"), "serde_json::Value");
    // A batch is a list: its name is plural.
    assert_eq!(pick(&after, "event_types"), "OneOrMany<String>");
    assert_eq!(pick(&after, "state_keys"), "OneOrMany<String>");
    assert_eq!(pick(&after, "contents"), "OneOrMany<serde_json::Value>");
    assert_eq!(pick(&after, "room_id"), "RoomId");
    // The Typing API went Final, and its module is always compiled in.
    let typing = g34.space.apis.iter().find(|a| a.title == "Typing API").unwrap();
    assert_eq!(typing.status, specgen::Status::Final);
}

fn builtin() -> Config {
    let root = support::workspace_root();
    Config::new(root.join("spec/client_server_v2.rst")).with_bindings(root.join("spec/bindings.toml")).with_crate_name("client-server-v2")
}

#[test]
fn generation_is_deterministic_and_the_checked_in_crate_is_current() {
    let a = builtin().generate().expect("built-in spec generates");
    let b = builtin().generate().expect("again");
    assert_eq!(a.files, b.files);
    let warnings: Vec<String> = a.read.diagnostics.items.iter().map(|d| d.one_line(&a.read.sources)).collect();
    assert!(warnings.is_empty(), "the built-in spec and overlay generate without warnings: {warnings:#?}");
    let stale = builtin().with_out_dir(support::workspace_root().join("generated")).check().unwrap();
    let names: Vec<_> = stale.iter().map(|s| s.path.display().to_string()).collect();
    assert!(stale.is_empty(), "generated/ is stale (run `specgen generate`): {names:?}");
}

#[test]
fn every_endpoint_of_the_binding_is_bound() {
    let g = builtin().generate().unwrap();
    let all: Vec<&Endpoint> = g.space.apis.iter().flat_map(|a| &a.endpoints).collect();
    let unbound: Vec<&str> =
        all.iter().filter(|e| matches!(e.route, specgen::types::RouteSource::Derived { .. })).map(|e| e.name.as_str()).collect();
    assert!(unbound.is_empty(), "derived endpoints in the built-in spec: {unbound:?}");
    let find = |n: &str| all.iter().find(|e| e.name == n).unwrap_or_else(|| panic!("no endpoint {n}"));
    assert_eq!((find("send").method.as_str(), find("send").path.as_str()), ("POST", "/_matrix/client/v2/rooms/{roomId}/send"));
    assert_eq!(find("typing").request.fields.len(), 4);
    assert!(!find("register").auth && find("sync").auth);
    assert_eq!(all.len(), 38);
}

fn write_overlay(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specgen-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn overlay_error(name: &str, text: &str) -> String {
    let root = support::workspace_root();
    let p = write_overlay(name, text);
    let err = Config::new(root.join("spec/client_server_v2.rst")).with_bindings(&p).generate().err().expect("the overlay is rejected");
    err.to_string()
}

#[test]
fn overlay_entries_naming_nothing_are_errors_at_their_line() {
    let e = overlay_error("a.toml", "[[endpoint]]\napi = \"Chat API\"\nname = \"chat\"\nmethod = \"GET\"\npath = \"/chat\"\n");
    assert!(e.contains("a.toml:2:7") && e.contains("no section `Chat API`"), "{e}");
    let e = overlay_error(
        "b.toml",
        "[[endpoint]]\napi = \"Room Alias API\"\noperation = \"Renaming\"\nname = \"x\"\nmethod = \"GET\"\npath = \"/x\"\n",
    );
    assert!(e.contains("b.toml:3:13") && e.contains("no operation `Renaming`"), "{e}");
    let e = overlay_error("c.toml", "[[endpoint]]\napi = \"Kicking a user\"\nname = \"kick\"\nmethod = \"POST\"\npath = \"/k\"\n[endpoint.inputs]\n\"Room IDs\" = { name = \"r\" }\n");
    assert!(e.contains("c.toml:7:1") && e.contains("no input `Room IDs`"), "{e}");
    let e = overlay_error(
        "d.toml",
        "[[endpoint]]\napi = \"Kicking a user\"\nname = \"kick\"\nmethod = \"POST\"\npath = \"/rooms/{roomId}/kick\"\n",
    );
    assert!(e.contains("d.toml:5:8") && e.contains("path parameter `{roomId}`"), "{e}");
    let e = overlay_error("e.toml", "[[endpoint]]\napi = \"Typing API\"\nname = \"typing\"\nmethod = \"PUT\"\npath = \"/t\"\nprose = false\nfields = [{ name = \"x\", type = \"Vec<\" }]\n");
    assert!(e.contains("e.toml:7:") && e.contains("not a Rust type"), "{e}");
    let e = overlay_error("f.toml", "[[endpoint]]\napi = \"Typing API\"\nname = \"typing\"\nmethod = \"PUT\"\npath = \"/t\"\nprose = false\nfields = [{ name = \"x\", type = \"String\", pattern = \"^[a-z\" }]\n");
    assert!(e.contains("f.toml:7:") && e.contains("is not a regular expression"), "{e}");
}

#[test]
fn an_overlay_pattern_is_checked_and_documented() {
    use specgen::types::values::check_bounds;
    let root = support::workspace_root();
    let g = Config::new(root.join("spec/client_server_v2.rst")).with_bindings(root.join("spec/bindings.toml")).generate().unwrap();
    let register = g.space.apis.iter().flat_map(|a| &a.endpoints).find(|e| e.name == "register").unwrap();
    let username = register.request.fields.iter().find(|f| f.wire == "username").unwrap();
    assert!(check_bounds(username, &serde_json::json!("alice"), "username").is_ok());
    let bad = check_bounds(username, &serde_json::json!("Alice!"), "username").unwrap_err();
    assert!(bad.expected.contains("does not match `^[a-z0-9._=-]{1,64}$`"), "{bad:?}");
    let password = register.request.fields.iter().find(|f| f.wire == "password").unwrap();
    assert!(check_bounds(password, &serde_json::json!(""), "password").is_err(), "min_length = 1");
    let doc = specgen::emit::openapi::document(&g.space, "x");
    let body = &doc["paths"]["/_matrix/client/v2/register"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["properties"]["username"]["pattern"], "^[a-z0-9._=-]{1,64}$", "{body}");
    assert_eq!(body["properties"]["password"]["minLength"], 1, "{body}");
}

#[test]
fn without_an_overlay_every_api_still_generates_and_explain_says_derived() {
    let root = support::workspace_root();
    let out = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .args(["explain", root.join("spec/client_server_v2.rst").to_str().unwrap(), "--api", "Kicking a user"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("derived from the operation's verb and noun"), "{text}");
    assert!(text.contains("\"Action ID (optional)\""), "{text}");
    assert!(text.contains("-> action_id: Option<ActionId> in the body"), "{text}");
    assert!(text.contains("rule: identifies the caller") || !text.contains("for auth"), "{text}");
}

#[test]
fn check_reports_a_stale_file_with_a_diff() {
    let dir = std::env::temp_dir().join(format!("specgen-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let config = builtin().with_out_dir(&dir);
    config.write().unwrap();
    assert!(config.check().unwrap().is_empty());
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, text.replace("pub mod ids;", "pub mod idz;")).unwrap();
    std::fs::write(dir.join("src/extra.rs"), "// Generated by specgen from old.rst; do not edit.\n").unwrap();
    let stale = config.check().unwrap();
    assert_eq!(stale.len(), 2);
    assert!(stale[0].diff.contains("-pub mod idz;") && stale[0].diff.contains("+pub mod ids;"), "{}", stale[0].diff);
    let report = config.write().unwrap();
    assert_eq!((report.written.len(), report.removed.len()), (1, 1));
    assert!(config.check().unwrap().is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn export_openapi_matches_the_generated_document() {
    let out = Command::new(env!("CARGO_BIN_EXE_specgen")).args(["export", "openapi"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let exported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let checked_in: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(support::workspace_root().join("generated/src/openapi.json")).unwrap()).unwrap();
    assert_eq!(exported, checked_in);
    let room = &exported["components"]["schemas"]["RoomId"];
    assert_eq!(room["type"], "string");
}

/// A scratch spec of `text`, generated.
fn generate_text(name: &str, text: &str) -> Result<specgen::generate::Generated, specgen::generate::GenerateError> {
    let dir = std::env::temp_dir().join(format!("specgen-routes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.md");
    std::fs::write(&spec, text).unwrap();
    let out = Config::new(&spec).generate();
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

const TWO_LISTS: &str = "# Parcels [Draft]\n\nListing parcels:\n\nInputs:\n\n- Limit (optional)\n\nOutputs:\n\n- A list of parcels\n\n\
Searching parcels:\n\nInputs:\n\n- Name of the owner\n\nOutputs:\n\n- A list of parcels\n";

#[test]
fn a_derived_route_gives_way_to_another_with_a_warning() {
    let g = generate_text("derived", TWO_LISTS).expect("a clash of derived routes does not refuse the spec");
    let routes: Vec<(String, String)> =
        g.space.apis.iter().flat_map(|a| &a.endpoints).map(|e| (e.name.clone(), format!("{} {}", e.method, e.path))).collect();
    assert_eq!(
        routes,
        [("list_parcels".to_string(), "GET /parcels".to_string()), ("search_parcels".to_string(), "GET /parcels/search".to_string())]
    );
    let warnings: Vec<String> = g.read.diagnostics.items.iter().map(|d| d.one_line(&g.read.sources)).collect();
    assert!(
        warnings.iter().any(|w| w.contains("spec.md:13:1") && w.contains("served at `GET /parcels/search`")),
        "the moved route is said where it is: {warnings:#?}"
    );
}

#[test]
fn two_written_routes_on_one_method_and_path_are_an_error_at_both() {
    let text = TWO_LISTS.replace("Outputs:\n\n- A list of parcels\n", "Outputs:\n\n- A list of parcels\n\n```\nGET /parcels\n```\n");
    let e = generate_text("written", &text).err().expect("two written routes clash");
    let specgen::generate::GenerateError::Spec { diagnostics, .. } = &e else { panic!("{e:?}") };
    let errors: Vec<String> = diagnostics.errors().map(|d| d.message.clone()).collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors.iter().all(|m| m.contains("GET /parcels")), "{errors:#?}");
}

/// Choices written in words take the spelling the spec's example shows,
/// and the others of the spec follow it.
const DECISIONS: &str = "# Decisions [Draft]\n\nIssuing a decision:\n\nInputs:\n\n\
- Result (approval, approval with conditions, rejection)\n- Kind of fee (basic fee, extra fee, late fee)\n\nOutputs:\n\n- Decision ID\n\n\
```\nPOST /decisions\n\n{\"result\": \"approval_with_conditions\", \"kind_of_fee\": \"basic_fee\"}\n```\n";

#[test]
fn choices_are_spelled_as_the_example_writes_them() {
    let g = generate_text("spelling", DECISIONS).expect("generates");
    let wires: Vec<String> =
        g.space.apis.iter().flat_map(|a| a.enums.values()).flat_map(|e| e.variants.iter().map(|(_, w)| w.clone())).collect();
    assert!(wires.contains(&"approval_with_conditions".to_string()), "{wires:?}");
    assert!(wires.contains(&"extra_fee".to_string()), "{wires:?}");
    assert!(!wires.iter().any(|w| w.contains(' ')), "{wires:?}");
    let misfits: Vec<String> = g.read.diagnostics.items.iter().map(|d| d.message.clone()).filter(|m| m.contains("HTTP example")).collect();
    assert!(misfits.is_empty(), "{misfits:#?}");
}

/// What a label's aside says of all its items holds for each.
#[test]
fn a_label_aside_speaks_for_all_its_items() {
    let text = "# History [Draft]\n\nwhat got played\n\n``GET /history``\n\ninputs (all in the query string, all can be left out):\n\n\
- since (unix seconds)\n- until (unix seconds)\n\noutputs:\n\n- plays (list)\n";
    let g = generate_text("aside", text).expect("generates");
    let ep = &g.space.apis[0].endpoints[0];
    let inputs: Vec<(String, bool, String)> = ep
        .request
        .fields
        .iter()
        .map(|f| (f.wire.clone(), matches!(f.ty, specgen::types::Ty::Option(_)), format!("{:?}", f.location)))
        .collect();
    assert_eq!(inputs, [("since".into(), true, "Query".into()), ("until".into(), true, "Query".into())]);
}

/// "Each claim in the list:" gives the fields of each element of the list
/// above it; "Status (Text): As in Reading a claim" is that operation's
/// status, not all of its outputs.
const EACH: &str = "# Claims [Draft]\n\n## Reading a claim\n\nInputs:\n\n- Claim ID (in the path)\n\nOutputs:\n\n\
- Claim ID (Text)\n- Status (Text): one of open, paid or closed\n- Notes (Text)\n\n## Listing claims\n\nOutputs:\n\n\
| Field | Type | Description |\n|---|---|---|\n| Claims | List of claims | Newest first. |\n\nEach claim in the list:\n\n\
| Field | Type | Description |\n|---|---|---|\n| Claim ID | Text | |\n| Status | Text | As in Reading a claim. |\n";

#[test]
fn each_element_takes_the_table_under_its_list() {
    let g = generate_text("each", EACH).expect("generates");
    let api = &g.space.apis[0];
    let list = api.endpoints.iter().find(|e| e.name == "list_claims").expect("list_claims");
    let claims = list.response.fields.iter().find(|f| f.wire == "claims").expect("claims");
    let specgen::types::Ty::Vec(inner) = &claims.ty else { panic!("{:?}", claims.ty) };
    let specgen::types::Ty::Named(element) = inner.as_ref() else { panic!("{inner:?}") };
    let fields: Vec<(String, String)> = api.structs[element].fields.iter().map(|f| (f.wire.clone(), f.ty.rust())).collect();
    assert_eq!(fields.len(), 2, "{fields:?}");
    assert_eq!(fields[0].0, "claim_id");
    assert_eq!(fields[1].0, "status");
    assert!(fields[1].1.ends_with("Status"), "the status is the enum of Reading a claim: {fields:?}");
}

/// "Response: the created `Rollout`, in …" and a route paragraph that ends
/// "Response: the updated `Rollout`." answer the `Rollout` record.
const ROLLOUTS: &str = "# Rollouts [Draft]\n\n`Rollout` message:\n\n- `rolloutId` string, output only\n- `groupId` string, required\n\n\
### CreateRollout\n\n`POST /v1/rollouts`\n\nBody: a `Rollout`.\n\nResponse: the created `Rollout`, pending. `409` if the group already has a rollout.\n\n\
### ResumeRollout\n\n`POST /v1/rollouts/{rolloutId}:resume` — send `{}`.\nResponse: the updated `Rollout`.\n";

#[test]
fn a_response_sentence_names_the_record() {
    let g = generate_text("rollouts", ROLLOUTS).expect("generates");
    for ep in &g.space.apis[0].endpoints {
        let keys: Vec<&str> = ep.response.fields.iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(keys, ["rolloutId", "groupId"], "{}", ep.name);
    }
}

/// "you get back something like:" above a JSON block is the example's
/// answer: the operation keeps its outputs and the next one its name.
const SPOKEN: &str = "# members [Final]\n\nlog in:\n\ninputs:\n\n- email\n- password\n\noutputs:\n\n- token\n- member id\n\n\
you get back something like:\n\n    {\"token\": \"9f2c\", \"member_id\": 57}\n\nwrong password = 401.\n\n\
list of members:\n\ninputs:\n\n- only people with a plot? (yes/no, default no)\n\noutputs:\n\n- members (list)\n";

#[test]
fn a_label_in_own_words_above_a_block_ends_nothing() {
    let g = generate_text("spoken", SPOKEN).expect("generates");
    let eps = &g.space.apis[0].endpoints;
    let names: Vec<&str> = eps.iter().map(|e| e.operation.as_str()).collect();
    assert_eq!(names, ["log in", "list of members"]);
    let outputs: Vec<&str> = eps[0].response.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(outputs, ["token", "member_id"]);
    let warnings: Vec<String> = g.read.diagnostics.items.iter().map(|d| d.message.clone()).collect();
    assert!(!warnings.iter().any(|w| w.contains("not followed by a list")), "{warnings:#?}");
}

/// "Outputs: the whole meter again, like this:" above a JSON block that no
/// request line owns: the block's keys are the outputs.
const SHOWN: &str = "# meters [Draft]\n\n### changing a meter\n\nInputs:\n\n- meter id (in the url)\n- new label (optional)\n\n\
Outputs: the whole meter again, like this:\n\n```json\n{\"id\": 12, \"label\": \"chest freezer\", \"max_watts\": 300, \"updated_at\": 1717240000}\n```\n";

#[test]
fn an_object_shown_in_place_of_a_list_is_its_keys() {
    let g = generate_text("shown", SHOWN).expect("generates");
    let ep = &g.space.apis[0].endpoints[0];
    let outputs: Vec<(&str, String)> = ep.response.fields.iter().map(|f| (f.wire.as_str(), f.ty.rust())).collect();
    let wires: Vec<&str> = outputs.iter().map(|(w, _)| *w).collect();
    assert_eq!(wires, ["id", "label", "max_watts", "updated_at"], "{outputs:?}");
    assert_eq!(outputs[3].1, "UnixSeconds", "a time key with a number is unix seconds: {outputs:?}");
}

/// References in the author's words: "exactly as described under …" gives
/// that operation's outputs; "Any field from publishing" its inputs, each
/// optional; an echo of the inputs adds no second field of a name the list
/// already has; "the reference of the reservation" is the reservation's id.
const REFERRING: &str = "# Postings [Draft]\n\n## Publishing a posting\n\nInputs:\n\n- Job title (text)\n- Location (text)\n\n\
Outputs:\n\n- Posting ID\n- Job title (text)\n\n## Viewing a posting\n\nInputs:\n\n- Posting ID (in the path)\n\n\
Outputs:\n\n- The full posting, exactly as described under \"Publishing a posting\"\n\n## Editing a posting\n\nInputs:\n\n\
- Posting ID (in the path)\n- Any field from publishing\n\nOutputs:\n\n- Posting ID\n- all input fields, echoed back\n\n\
# Reservations [Draft]\n\n## Creating a reservation\n\nInputs:\n\n- Room (text)\n\nOutputs:\n\n- the reference of the reservation\n";

#[test]
fn references_in_the_authors_words() {
    let g = generate_text("referring", REFERRING).expect("generates");
    let eps: Vec<&specgen::types::Endpoint> = g.space.apis.iter().flat_map(|a| &a.endpoints).collect();
    let ep = |name: &str| {
        *eps.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name}: {:?}", eps.iter().map(|e| &e.name).collect::<Vec<_>>()))
    };
    let wires = |fields: &[specgen::types::Field]| fields.iter().map(|f| f.wire.clone()).collect::<Vec<_>>();
    assert_eq!(wires(&ep("view_posting").response.fields), ["posting_id", "job_title"]);
    let edit = ep("edit_posting");
    assert_eq!(wires(&edit.request.fields), ["posting_id", "job_title", "location"]);
    assert!(edit.request.fields[1..].iter().all(|f| f.ty.is_option()), "any field from publishing is optional");
    assert_eq!(wires(&edit.response.fields), ["posting_id", "job_title", "location"], "no second posting id");
    let reference = &ep("create_reservation").response.fields[0];
    assert_eq!(reference.ty.rust(), "ReservationId");
}
