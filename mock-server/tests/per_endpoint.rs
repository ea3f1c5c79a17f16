//! Every endpoint of the built-in spec, one by one, against the errors of
//! the binding: no token and an unknown token (401), a method the path does
//! not serve (405), a body that is not JSON, each required parameter left
//! out (`M_MISSING_PARAM` naming it), each typed body field given a value of
//! another JSON type (`M_BAD_JSON` naming it), a body over the limit (413).
//! The requests are built from the generated example of each request type
//! and the field types from the OpenAPI document, not written by hand, so a
//! new endpoint is covered the day it is bound.

mod support;

use client_server_v2::dispatch::example_request;
use client_server_v2::support::{Endpoint, Location, Method};
use client_server_v2::{Status, ENDPOINTS};
use serde_json::{json, Map, Value};
use support::{enc, Server};

/// A request of an endpoint: path, query string and body, from parameters
/// by wire name.
struct Call {
    path: String,
    body: Map<String, Value>,
}

fn query_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Call {
    /// The endpoint's example request, split by where each field travels.
    fn example(ep: &Endpoint) -> Call {
        let example = example_request(ep.name).unwrap_or_else(|| json!({}));
        let mut path = ep.path.to_string();
        let mut query = Vec::new();
        let mut body = Map::new();
        for p in ep.params {
            let Some(v) = example.get(p.wire).filter(|v| !v.is_null()) else { continue };
            match p.location {
                Location::Path => path = path.replace(&format!("{{{}}}", p.wire), &enc(&query_text(v))),
                Location::Query => query.push(format!("{}={}", p.wire, enc(&query_text(v)))),
                Location::Body => {
                    body.insert(p.wire.to_string(), v.clone());
                }
            }
        }
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        Call { path, body }
    }

    fn send(&self, s: &Server, ep: &Endpoint, token: Option<&str>) -> support::Reply {
        s.call(ep.method.as_str(), &self.path, token, Some(&Value::Object(self.body.clone()).to_string()))
    }
}

/// The schema of a body field in the OpenAPI document, `$ref`s followed.
fn field_schema<'a>(doc: &'a Value, ep: &Endpoint, wire: &str) -> Option<&'a Value> {
    let op = &doc["paths"][ep.path][ep.method.as_str().to_ascii_lowercase()];
    let mut schema = op["requestBody"]["content"]["application/json"]["schema"]["properties"].get(wire)?;
    while let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        schema = &doc["components"]["schemas"][r.rsplit('/').next()?];
    }
    Some(schema)
}

/// A value of another JSON type than the schema's (`None` when the schema
/// accepts any JSON).
fn wrong_value(schema: &Value) -> Option<Value> {
    Some(match schema.get("type")?.as_str()? {
        "string" => json!(12345),
        "integer" | "number" | "boolean" | "array" => json!("not that"),
        "object" => json!([1, 2]),
        _ => return None,
    })
}

fn errcode(r: &support::Reply) -> (u16, String) {
    (r.status, r.body["errcode"].as_str().unwrap_or_default().to_string())
}

/// One endpoint's errors; returns how many checks it made.
fn check_endpoint(s: &Server, doc: &Value, token: &str, ep: &Endpoint) -> usize {
    let name = ep.name;
    let call = Call::example(ep);
    let mut checks = 0;
    if ep.status == Status::Todo {
        let r = call.send(s, ep, Some(token));
        assert_eq!(r.status, 501, "{name}: a TODO section answers 501");
        return 1;
    }
    if ep.auth {
        assert_eq!(errcode(&call.send(s, ep, None)), (401, "M_MISSING_TOKEN".into()), "{name} without a token");
        assert_eq!(errcode(&call.send(s, ep, Some("no-such-token"))), (401, "M_UNKNOWN_TOKEN".into()), "{name} with an unknown token");
        checks += 2;
    }
    let served: Vec<Method> = ENDPOINTS.iter().filter(|e| e.path == ep.path).map(|e| e.method).collect();
    if let Some(other) = [Method::Get, Method::Put, Method::Post, Method::Delete].into_iter().find(|m| !served.contains(m)) {
        let r = s.call(other.as_str(), &call.path, Some(token), None);
        assert_eq!(errcode(&r), (405, "M_UNRECOGNIZED".into()), "{name}: {} is not served at {}", other.as_str(), ep.path);
        checks += 1;
    }
    // The example itself passes validation (the handler may still refuse it
    // for what it means: an unknown room, a forbidden change).
    let r = call.send(s, ep, Some(token));
    assert!(!["M_NOT_JSON", "M_MISSING_PARAM"].contains(&errcode(&r).1.as_str()), "{name}: the example request was refused: {:?}", r.body);
    let body_params: Vec<_> = ep.params.iter().filter(|p| p.location == Location::Body).collect();
    if !body_params.is_empty() {
        let r = s.call(ep.method.as_str(), &call.path, Some(token), Some("{\"unclosed\": "));
        assert_eq!(errcode(&r), (400, "M_NOT_JSON".into()), "{name} with a body that is not JSON");
        let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(70_000));
        assert_eq!(errcode(&s.call(ep.method.as_str(), &call.path, Some(token), Some(&big))), (413, "M_TOO_LARGE".into()), "{name}");
        checks += 2;
    }
    for p in ep.params.iter().filter(|p| p.required && p.location != Location::Path) {
        let mut without = Call { path: call.path.clone(), body: call.body.clone() };
        match p.location {
            Location::Body => {
                without.body.remove(p.wire);
            }
            _ => {
                let (base, q) = call.path.split_once('?').unwrap_or((&call.path, ""));
                let kept: Vec<&str> = q.split('&').filter(|kv| !kv.is_empty() && !kv.starts_with(&format!("{}=", p.wire))).collect();
                without.path = if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) };
            }
        }
        let r = without.send(s, ep, Some(token));
        assert_eq!(errcode(&r), (400, "M_MISSING_PARAM".into()), "{name} without `{}`: {:?}", p.wire, r.body);
        assert!(r.body["error"].as_str().unwrap_or_default().contains(&format!("`{}`", p.wire)), "{name}: {:?}", r.body);
        checks += 1;
    }
    for p in body_params {
        let Some(wrong) = field_schema(doc, ep, p.wire).and_then(wrong_value) else { continue };
        let mut bad = Call { path: call.path.clone(), body: call.body.clone() };
        bad.body.insert(p.wire.to_string(), wrong.clone());
        let r = bad.send(s, ep, Some(token));
        assert_eq!(errcode(&r), (400, "M_BAD_JSON".into()), "{name} with `{}`: {wrong}: {:?}", p.wire, r.body);
        assert!(r.body["error"].as_str().unwrap_or_default().contains(&format!("`{}", p.wire)), "{name}: {:?}", r.body);
        checks += 1;
    }
    checks
}

#[test]
fn every_endpoint_answers_the_errors_of_the_binding() {
    let s = support::start(support::builtin());
    let (_, token) = s.register("alice");
    let doc: Value = serde_json::from_str(client_server_v2::OPENAPI_JSON).unwrap();
    let mut total = 0;
    for ep in ENDPOINTS {
        let n = check_endpoint(&s, &doc, &token, ep);
        assert!(n > 0 || !ep.auth, "{}: nothing was checked", ep.name);
        total += n;
    }
    // Every endpoint was reached, and most fields were tried: the count
    // catches a table that silently stops producing cases.
    assert!(total >= 3 * ENDPOINTS.len(), "only {total} checks for {} endpoints", ENDPOINTS.len());
}
