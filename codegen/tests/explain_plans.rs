//! `specgen explain`'s per-endpoint plan: effect, resource, the inputs that
//! pick an item or steer the mock, the answer fields from state, and the
//! rule behind each; and the plan library on a spec nobody tuned it for.

mod support;

use specgen::plan::{self, Effect, EffectRule, ResourceRule};
use std::process::{Command, Output};

fn explain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen")).current_dir(support::workspace_root()).arg("explain").args(args).output().expect("runs")
}

/// The endpoint lines and their plan lines of an explanation.
fn plan_lines(out: &Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let keep = ["  endpoint ", "    effect: ", "    resource: ", "    picks: ", "    control inputs: ", "    answer from state: "];
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().filter(|l| keep.iter().any(|k| l.starts_with(k))).map(|l| format!("{l}\n")).collect()
}

#[test]
fn parcels_with_the_overlay_name_effects_resources_and_state_fields() {
    let lines = plan_lines(&explain(&["spec/examples/parcels.md", "--bindings", "spec/examples/parcels.toml"]));
    // The booking section has no verb: the overlay says what it does.
    assert!(lines.contains("  endpoint `book_parcel`: POST /v1/parcels (bound in the overlay)\n    effect: create (the overlay's `effect`, bindings line 11)\n    resource: parcel, ids ParcelId (the overlay's `resource`, bindings line 12)\n"), "{lines}");
    insta::assert_snapshot!("parcels_with_overlay", lines);
}

#[test]
fn parcels_without_an_overlay_take_the_effect_from_the_method_and_path() {
    let lines = plan_lines(&explain(&["spec/examples/parcels.md"]));
    assert!(lines.contains("    effect: create (no verb in \"Parcels API\": the method and path, POST on a collection)\n    resource: parcel, ids ParcelId (the path's last literal segment)\n"), "{lines}");
    insta::assert_snapshot!("parcels_without_overlay", lines);
}

#[test]
fn one_api_shows_only_its_plans() {
    let lines = plan_lines(&explain(&["spec/examples/parcels.md", "--api", "scans api"]));
    let endpoints: Vec<&str> = lines.lines().filter(|l| l.starts_with("  endpoint")).collect();
    assert_eq!(endpoints.len(), 3, "{lines}");
    assert_eq!(lines.matches("    effect: ").count(), 3, "{lines}");
    assert!(lines.contains("    picks: the scan by `scan_id`; parent ParcelId by `parcel_id`\n"), "{lines}");
}

#[test]
fn an_unknown_effect_in_the_overlay_is_an_error_at_its_place() {
    let dir = std::env::temp_dir().join(format!("specgen-explain-effect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let overlay = dir.join("bad.toml");
    let good = std::fs::read_to_string(support::workspace_root().join("spec/examples/parcels.toml")).unwrap();
    std::fs::write(&overlay, good.replace("effect = \"create\"", "effect = \"explode\"")).unwrap();
    let out = explain(&["spec/examples/parcels.md", "--bindings", overlay.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown effect `explode`: expected one of create, read"), "{err}");
    assert!(err.contains("bad.toml:11:10"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The plans of `codegen/tests/specs/parcels.md`, a spec the inference was
/// not written against: (endpoint, effect, resource, state fields).
#[test]
fn plans_of_a_spec_nobody_tuned_them_for() {
    let root = support::workspace_root();
    let g = specgen::Config::new(root.join("codegen/tests/specs/parcels.md")).generate().expect("generates");
    let plans = plan::plans(&g.space, None).expect("no overlay, no error");
    let all: Vec<_> = g.space.apis.iter().zip(&plans).flat_map(|(a, p)| a.endpoints.iter().zip(p)).collect();
    let mut got = Vec::new();
    for (a, (api, ps)) in g.space.apis.iter().zip(&plans).enumerate() {
        for (ep, p) in api.endpoints.iter().zip(ps) {
            let state = plan::state_fields(&g.space, a, ep, p, &all);
            got.push((ep.name.as_str(), p.effect, p.resource.as_str(), state.join(" ")));
        }
    }
    let want = [
        ("register_parcel", Effect::Create, "parcel", "parcel_id"),
        ("get_parcel", Effect::Read, "parcel", "sender parcel_id"),
        ("list_parcels", Effect::List, "parcel", "parcels next"),
        // "Cancelling" is no verb of the five, but its route is `DELETE
        // /parcels/{parcel_id}` and no parcel status is "cancelled": the
        // method says the parcel goes.
        ("cancel_parcel", Effect::Delete, "parcel", ""),
        ("add_tracking_event", Effect::Create, "tracking event", "event_id"),
        ("list_tracking_events", Effect::List, "tracking event", "events"),
        ("subscribe_parcel", Effect::Action, "parcel", ""),
        ("unsubscribe", Effect::Delete, "subscription", ""),
    ];
    let got: Vec<_> = got.iter().map(|(n, e, r, s)| (*n, *e, *r, s.as_str())).collect();
    assert_eq!(got, want);
    let p = |name: &str| all.iter().find(|(e, _)| e.name == name).map(|(_, p)| *p).unwrap();
    assert_eq!((p("get_parcel").effect_rule.clone(), p("get_parcel").item.as_deref()), (EffectRule::Verb, Some("parcel_id")));
    // The example's `from` is the prose's "Page token for the next page":
    // one field, travelling as the example writes it.
    assert_eq!((p("list_parcels").limit.as_deref(), p("list_parcels").cursor.as_deref()), (Some("limit"), Some("from")));
    // "Unsubscribing" names no resource: the method and the path tell.
    assert_eq!((p("unsubscribe").effect_rule.clone(), p("unsubscribe").resource_rule), (EffectRule::Route, ResourceRule::Path));
    assert_eq!(p("unsubscribe").parents, [("parcelId".to_string(), "ParcelId".to_string())]);
}

#[test]
fn a_spec_whose_overlay_binds_a_profile_says_the_mock_serves_it_with_that_profile() {
    let out = String::from_utf8(explain(&["--api", "send a message"]).stdout).unwrap();
    assert!(out.starts_with("mock-server serves this spec with its `matrix` profile (bound in the overlay, line "), "{out}");
    let out = String::from_utf8(explain(&["spec/examples/parcels.md"]).stdout).unwrap();
    assert!(!out.contains("profile"), "no overlay binds one: {out}");
}

/// Plans of one endpoint of `spec`, by name.
fn plan_of(spec: &std::path::Path, name: &str) -> plan::Plan {
    let g = specgen::Config::new(spec).generate().expect("generates");
    let plans = plan::plans(&g.space, None).expect("no overlay, no error");
    let all = g.space.apis.iter().zip(&plans).flat_map(|(a, p)| a.endpoints.iter().zip(p));
    all.into_iter().find(|(e, _)| e.name == name).map(|(_, p)| p.clone()).unwrap_or_else(|| panic!("no endpoint {name}"))
}

#[test]
fn a_from_beside_a_to_is_one_end_of_a_route_not_a_cursor() {
    let p = plan_of(&support::workspace_root().join("codegen/tests/specs/corpus/ferry.rst"), "list_sailings");
    assert_ne!(p.cursor.as_deref(), Some("from"), "`?from=DUB&to=HOL` names two ports");
}

#[test]
fn a_post_answering_201_with_the_id_of_its_collections_records_makes_one() {
    let dir = std::env::temp_dir().join(format!("specgen-borrow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("loans.md");
    std::fs::write(
        &spec,
        "# Loans\n\n## Loans API [Draft]\n\n### Borrow a book\n\nInputs:\n\n- Member ID\n- Book ISBN (string)\n\nOutputs:\n\n- Loan ID\n\n\
         ```http\nPOST /loans\n\n{\"member_id\": \"m_1\", \"book_isbn\": \"978\"}\n```\n\n```http\nHTTP/1.1 201 Created\n\n{\"loan_id\": \"loan_1\"}\n```\n\n\
         ### Read a loan\n\nInputs:\n\n- Loan ID\n\nOutputs:\n\n- Book ISBN\n",
    )
    .unwrap();
    let p = plan_of(&spec, "borrow_book");
    assert_eq!((p.effect, p.effect_rule, p.resource.as_str()), (Effect::Create, EffectRule::Created, "loan"));
    std::fs::remove_dir_all(&dir).unwrap();
}
