//! `specgen explain` and the engine's `GET /_mock/endpoints` report the
//! same plan for every endpoint (effect, resource, answer fields from
//! state): on the parcel spec with and without its overlay, on a parcel spec
//! nobody tuned the inference for, and on the built-in spec.

mod support;

use clap::Parser;
use mock_server::engine::{spawn_on_loopback, EngineOptions};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::Server;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// (effect, resource, answer fields from state) of one endpoint.
type Reported = (String, String, Vec<String>);

/// What `specgen explain` prints, read back per endpoint name.
fn explained(spec: &Path, bindings: Option<&Path>) -> BTreeMap<String, Reported> {
    let mut args = vec!["specgen".to_string(), "explain".into(), spec.display().to_string()];
    match bindings {
        Some(b) => args.extend(["--bindings".into(), b.display().to_string()]),
        None => args.push("--no-bindings".into()),
    }
    let mut out = Vec::new();
    let code = specgen::cli::run(specgen::cli::Cli::parse_from(args), &mut out).expect("explain runs");
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let text = String::from_utf8(out).unwrap();
    let mut table = BTreeMap::new();
    let mut name = String::new();
    let mut effect = String::new();
    let mut resource = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("  endpoint `") {
            name = rest.split('`').next().unwrap().to_string();
        } else if let Some(rest) = line.strip_prefix("    effect: ") {
            effect = rest.split(" (").next().unwrap().to_string();
        } else if let Some(rest) = line.strip_prefix("    resource: ") {
            resource = rest.split(" (").next().unwrap().split(", ids ").next().unwrap().to_string();
        } else if let Some(rest) = line.strip_prefix("    answer from state: ") {
            let fields = rest.split(" (").next().unwrap();
            let fields = fields.split(", ").filter(|f| *f != "none").map(|f| f.trim_matches('`').to_string()).collect();
            table.insert(std::mem::take(&mut name), (effect.clone(), resource.clone(), fields));
        }
    }
    table
}

/// What the engine serving the same spec answers on `/_mock/endpoints`.
fn served(spec: &Path, bindings: Option<&Path>) -> BTreeMap<String, Reported> {
    // With the server's profiles, as `mock-server --spec` has them.
    let options = EngineOptions {
        profiles: mock_server::profiles(mock_server::SERVER_NAME),
        ..EngineOptions::new(spec, bindings.map(Path::to_path_buf))
    };
    let running = spawn_on_loopback(options).expect("the spec loads");
    let list = Server { addr: running.addr }.raw("GET", "/_mock/endpoints", None, None).body;
    let text = |v: &Value| v.as_str().unwrap().to_string();
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let state = e["from_state"].as_array().unwrap().iter().map(text).collect();
            (text(&e["name"]), (text(&e["effect"]), text(&e["resource"]), state))
        })
        .collect()
}

fn same_plans(spec: &str, bindings: Option<&str>) {
    let (spec, bindings) = (root().join(spec), bindings.map(|b| root().join(b)));
    let explained = explained(&spec, bindings.as_deref());
    let served = served(&spec, bindings.as_deref());
    assert!(!served.is_empty());
    assert_eq!(explained.keys().collect::<Vec<_>>(), served.keys().collect::<Vec<_>>(), "{}", spec.display());
    for (name, plan) in &served {
        assert_eq!(&explained[name], plan, "{name} in {}", spec.display());
    }
}

#[test]
fn explain_and_the_endpoint_table_agree_on_the_parcel_specs() {
    same_plans("spec/examples/parcels.md", Some("spec/examples/parcels.toml"));
    same_plans("spec/examples/parcels.md", None);
    same_plans("codegen/tests/specs/parcels.md", None);
}

#[test]
fn explain_and_the_endpoint_table_agree_on_the_built_in_spec() {
    same_plans("spec/client_server_v2.rst", Some("spec/bindings.toml"));
}

/// A `#` in a title once made the mock serve `/scroll#ack`, which no
/// client can request, and an input named "Type" refused the whole spec.
/// Both are served now: the route is `/scroll-ack`, the field travels as
/// `type`.
#[test]
fn titles_and_items_no_identifier_takes_are_served() {
    let spec = root().join("codegen/tests/specs/hostile_names.md");
    let running = spawn_on_loopback(EngineOptions::new(&spec, None)).expect("the spec is served");
    let s = Server { addr: running.addr };
    let table = s.raw("GET", "/_mock/endpoints", None, None).body;
    let paths: Vec<&str> = table.as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"/scroll-ack") && paths.iter().all(|p| !p.contains('#')), "{paths:?}");
    let token = s.raw("POST", "/_mock/users", None, Some(r#"{"user": "ada"}"#)).body["access_token"].as_str().unwrap().to_string();
    let sent =
        s.raw("POST", "/scroll-ack", Some(&token), Some(r#"{"type": "m.read", "match": "m", "self": "s", "use": "u", "x_value": 4}"#));
    assert_eq!(sent.status, 200, "{:?}", sent.body);
    let wrong = s.raw("POST", "/scroll-ack", Some(&token), Some(r#"{"type_": "m.read"}"#));
    assert!(wrong.body["detail"].as_str().unwrap().contains("type_"), "the Rust name is not the wire name: {:?}", wrong.body);
    assert_eq!(s.raw("POST", "/scroll%23ack/r1", None, Some(r#"{"type": "x"}"#)).status, 200, "an example's `#` is encoded");
}
