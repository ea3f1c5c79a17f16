//! Every revision of the upstream draft (`../shared/upstream/general_api`,
//! 54 of them) served by the generic engine with no overlay: every endpoint
//! answers a request built from its example without a 5xx (TODO sections
//! answer 501), and each 2xx answer is of its response type.

mod support;

use mock_server::engine::spec::Served;
use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::{json, Map, Value};
use specgen::types::Location;
use specgen::Status;
use std::path::PathBuf;
use support::{enc, Server};

fn revisions() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream/general_api");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the reference revisions live in ../shared)", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rst"))
        .collect();
    files.sort();
    files
}

/// A path or query value as text: strings as they are, lists joined by
/// commas, anything else as JSON.
fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(as_text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// The request of route `i` built from its fields' examples: (path and
/// query, body).
fn example_request(served: &Served, i: usize) -> (String, String) {
    let route = &served.routes[i];
    let ep = served.endpoint(route);
    let mut path = ep.path.to_string();
    let mut query = Vec::new();
    let mut body = Map::new();
    for f in &ep.request.fields {
        let v = served.types.example(route.api, &f.ty);
        match f.location {
            Location::Path => path = path.replace(&format!("{{{}}}", f.wire), &enc(&as_text(&v))),
            Location::Query => query.push(format!("{}={}", f.wire, enc(&as_text(&v)))),
            Location::Body => {
                body.insert(f.wire.clone(), v);
            }
        }
    }
    // A feed's example asks for no wait.
    if let Some(t) = &route.plan.timeout {
        query.retain(|q| !q.starts_with(&format!("{t}=")));
    }
    let full = if query.is_empty() { path } else { format!("{path}?{}", query.join("&")) };
    (full, Value::Object(body).to_string())
}

/// The server's profiles, as `mock-server --spec` has them: the built-in
/// spec's overlay binds Matrix's.
fn with_profiles(options: EngineOptions) -> EngineOptions {
    EngineOptions { profiles: mock_server::profiles(mock_server::SERVER_NAME), ..options }
}

/// Serves `file` with the server's profiles; returns the server and a
/// token of a user made through `/_mock/users`.
fn start(file: &std::path::Path, bindings: Option<PathBuf>) -> (Running, Server, String) {
    let running =
        spawn_on_loopback(with_profiles(EngineOptions::new(file, bindings))).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let server = Server { addr: running.addr };
    let token = server.raw("POST", "/_mock/users", None, Some(r#"{"user":"ada"}"#)).body["access_token"].as_str().unwrap().to_string();
    (running, server, token)
}

/// Serves `file` and sends every endpoint its example request; returns
/// (answered 200, answered).
fn serve_examples(file: &std::path::Path, bindings: Option<PathBuf>) -> (usize, usize) {
    let (mut answered, mut ok) = (0, 0);
    let (running, server, token) = start(file, bindings);
    let served = running.engine.served();
    for (i, route) in served.routes.iter().enumerate() {
        let ep = served.endpoint(route);
        let (target, body) = example_request(&served, i);
        let r = server.raw(ep.method.as_str(), &target, Some(&token), Some(&body));
        let at = format!("{}: {} {target} ({})", file.display(), ep.method, ep.name);
        answered += 1;
        if route.status == Status::Todo {
            assert_eq!(r.status, 501, "{at}: {:?}", r.body);
            continue;
        }
        assert!(r.status < 500, "{at}: {} {:?}", r.status, r.body);
        if r.status == 200 {
            ok += 1;
            let fields: Vec<_> = ep.response.fields.iter().collect();
            let m = r.body.as_object().unwrap_or_else(|| panic!("{at}: not an object: {:?}", r.body));
            if let Err(e) = served.types.check_fields(route.api, &fields, m, "") {
                panic!("{at}: the answer is not of its response type: {}: {:?}", e.message(), r.body);
            }
        } else if served.profile.is_none() {
            // Only the refusals the engine means: an unknown item, an
            // account that exists already or does not, a page or stream
            // token it never gave. (A profile refuses by its domain's rules,
            // e.g. Matrix's marker types: any 4xx, never a 5xx.)
            let foreign_token = r.status == 400 && r.body.to_string().contains("this server gave");
            assert!([404, 403, 409].contains(&r.status) || foreign_token, "{at}: {} {:?}", r.status, r.body);
        }
    }
    (ok, answered)
}

#[test]
fn every_upstream_revision_is_served_from_its_examples() {
    let files = revisions();
    assert_eq!(files.len(), 54, "the reference revisions");
    let (mut ok, mut answered) = (0, 0);
    for file in files {
        let (o, a) = serve_examples(&file, None);
        ok += o;
        answered += a;
    }
    eprintln!("{ok} of {answered} example requests answered 200");
    assert!(ok * 2 > answered, "most example requests succeed ({ok} of {answered})");
}

#[test]
fn the_built_in_spec_given_with_spec_is_served_by_its_profile_without_a_5xx() {
    // Its overlay binds the Matrix profile: the examples name rooms and
    // events nobody made, so most are refused by Matrix's rules (4xx); none
    // may fail (5xx), and every 2xx answer is of its response type
    // (checked in `serve_examples`).
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let (ok, answered) = serve_examples(&root.join("spec/client_server_v2.rst"), Some(root.join("spec/bindings.toml")));
    eprintln!("built-in spec: {ok} of {answered} example requests answered 200");
    assert!(ok > 0 && answered == client_server_v2::ENDPOINTS.len(), "{ok} of {answered}");
}

/// Values of every JSON type, and some edges.
fn odd_values() -> Vec<Value> {
    vec![Value::Null, json!([]), json!({}), json!(1.5), json!(-1), json!("x"), json!(true), json!(u64::MAX), json!([[{}]])]
}

#[test]
fn wrong_values_are_refused_never_a_5xx() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = vec![
        (root.join("spec/examples/parcels.md"), None),
        (root.join("spec/client_server_v2.rst"), Some(root.join("spec/bindings.toml"))),
    ];
    specs.extend(revisions().into_iter().step_by(10).map(|f| (f, None)));
    let mut sent = 0;
    for (file, bindings) in specs {
        let (running, server, token) = start(&file, bindings);
        let served = running.engine.served();
        for (i, route) in served.routes.iter().enumerate() {
            let ep = served.endpoint(route);
            let (target, body) = example_request(&served, i);
            let body: Value = serde_json::from_str(&body).unwrap();
            // Any body, however wrong, gets a 4xx (or 501 for TODO), never a 5xx.
            let mut no_5xx = |sent_body: &str| {
                let r = server.raw(ep.method.as_str(), &target, Some(&token), Some(sent_body));
                sent += 1;
                assert!(
                    r.status < 500 || r.status == 501,
                    "{}: {} {target} with {sent_body}: {} {:?}",
                    file.display(),
                    ep.method,
                    r.status,
                    r.body
                );
            };
            for f in ep.request.fields.iter().filter(|f| f.location == Location::Body) {
                for v in odd_values() {
                    let mut b = body.clone();
                    b[&f.wire] = v;
                    no_5xx(&b.to_string());
                }
            }
            for garbage in ["[1]", "nul", "{\"a\": ", "\"x\""] {
                no_5xx(garbage);
            }
        }
    }
    assert!(sent > 1000, "{sent} requests");
}
