//! Generic engine: the `/_mock/` control routes of any served spec: reset,
//! health, the OpenAPI document, save, faults, state export and import, the
//! journal, the endpoint table with each endpoint's inferred plan, and
//! accounts with tokens for any spec (`POST /_mock/users`).

use super::handle::Engine;
use super::journal::Json as JsonText;
use super::journal::Tokens;
use super::semantics::state_fields;
use super::spec::{Route, Served};
use crate::error::ApiError;
use axum::extract::{RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// The largest state `PUT /_mock/state` takes: far more than a request's
/// body limit, as large as the exports of any state the mock holds in
/// memory, so a state taken out can be put back.
pub const STATE_LIMIT: usize = 1 << 30;

/// Whether a request puts a state back (`PUT /_mock/state`), which takes
/// bodies up to [`STATE_LIMIT`].
pub fn is_state_import(r: &axum::extract::Request) -> bool {
    r.method() == axum::http::Method::PUT && r.uri().path() == "/_mock/state"
}

pub fn routes() -> Router<Engine> {
    Router::new()
        .route("/_mock/reset", post(reset))
        .route("/_mock/health", get(|| async { Json(json!({ "ok": true })) }))
        .route("/_mock/openapi.json", get(openapi))
        .route("/_mock/save", post(save))
        .route("/_mock/faults", get(faults).put(set_faults))
        .route("/_mock/state", get(export).put(import).layer(axum::extract::DefaultBodyLimit::max(STATE_LIMIT)))
        .route("/_mock/journal", get(journal))
        .route("/_mock/drift", get(drift))
        .route("/_mock/endpoints", get(endpoints))
        .route("/_mock/users", post(user))
}

async fn openapi(State(engine): State<Engine>) -> Response {
    ([(CONTENT_TYPE, "application/json")], engine.served().openapi.clone()).into_response()
}

async fn reset(State(engine): State<Engine>) -> Json<Value> {
    engine.reset();
    Json(json!({}))
}

async fn save(State(engine): State<Engine>) -> Response {
    match engine.save() {
        Ok(true) => Json(json!({ "saved": engine.options().state_file })).into_response(),
        Ok(false) => ApiError::not_found("no --state-file was given").into_response(),
        Err(e) => ApiError::internal(format!("saving failed: {e}")).into_response(),
    }
}

async fn faults(State(engine): State<Engine>) -> Json<Value> {
    Json(serde_json::to_value(engine.0.faults.all()).unwrap_or_default())
}

/// A control body's headers say JSON (see [`super::http::json_body_headers`]).
fn json_headers(headers: &HeaderMap, body: &[u8]) -> Result<(), ApiError> {
    if body.is_empty() {
        return Ok(());
    }
    super::http::json_body_headers(headers)
}

async fn set_faults(State(engine): State<Engine>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(e) = json_headers(&headers, &body) {
        return e.into_response();
    }
    let served = engine.served();
    match super::faults::parse(&body, served.routes.iter().map(|r| served.endpoint(r).name.as_str())) {
        Ok(f) => {
            engine.0.faults.set(f);
            Json(json!({})).into_response()
        }
        Err(e) => ApiError::bad_json(e.to_string()).into_response(),
    }
}

/// The state: the bound profile's, else the store (records, accounts,
/// tokens, the journal).
/// Access tokens are shown only when asked (`?tokens=true`).
async fn export(State(engine): State<Engine>, RawQuery(query): RawQuery) -> Response {
    let asked = query.is_some_and(|q| q.split('&').any(|p| p == "tokens=true"));
    let tokens = if asked { Tokens::Shown } else { Tokens::Redacted };
    match &engine.served().profile {
        Some(p) => json_text(p.export(tokens)),
        None => json_text(engine.store().export(tokens)),
    }
}

fn json_text(text: JsonText) -> Response {
    ([(CONTENT_TYPE, "application/json")], String::from(Box::<str>::from(text))).into_response()
}

async fn import(State(engine): State<Engine>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(e) = json_headers(&headers, &body) {
        return e.into_response();
    }
    match engine.import(&body) {
        Ok(()) => Json(json!({})).into_response(),
        Err(why) => ApiError::bad_json(why.to_string()).into_response(),
    }
}

/// What the hybrid mode's server answered that differs from the draft.
async fn drift(State(engine): State<Engine>) -> Response {
    match &engine.0.upstream {
        Some(u) => Json(u.drift()).into_response(),
        None => ApiError::not_found("no --upstream was given: nothing is forwarded").into_response(),
    }
}

async fn journal(State(engine): State<Engine>) -> Json<Value> {
    Json(json!({ "requests": engine.store().journal }))
}

/// `{"user": "name"}` → `{"user_id", "access_token"}`: an account (made on
/// first use) and a fresh token, for any spec.
async fn user(State(engine): State<Engine>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Err(e) = json_headers(&headers, &body) {
        return e.into_response();
    }
    let name = serde_json::from_slice::<Value>(&body).ok().and_then(|v| v.get("user").and_then(Value::as_str).map(str::to_string));
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return ApiError::bad_json("expected {\"user\": \"a name\"}").into_response();
    };
    let (user, token) = match &engine.served().profile {
        Some(p) => match p.issue_token(&name) {
            Ok(issued) => issued,
            Err(e) => return e.into_response(),
        },
        None => {
            let mut store = engine.store();
            if store.deleted_users.contains(&name) {
                return ApiError::forbidden(format!("the account `{name}` was deleted; its name is not given again")).into_response();
            }
            (name.clone(), store.issue_token(&name))
        }
    };
    Json(json!({ "user_id": user, "access_token": token })).into_response()
}

/// Every endpoint with its plan: effect, resource and which answer fields
/// come from state.
async fn endpoints(State(engine): State<Engine>) -> Json<Value> {
    let served = engine.served();
    Json(Value::Array(served.routes.iter().map(|r| describe(&served, r)).collect()))
}

pub fn describe(served: &Served, r: &Route) -> Value {
    let ep = served.endpoint(r);
    json!({
        "name": ep.name,
        "operation": ep.operation,
        "method": ep.method.as_str(),
        "path": ep.path.as_str(),
        "section": served.types.space.apis[r.api].title,
        "status": r.status.as_str(),
        "auth": ep.auth,
        "profile": served.profile.as_ref().map(|p| p.name()),
        "kind": kind(served, r),
        "effect": r.plan.effect().as_str(),
        "resource": r.plan.resource,
        "from_state": from_state(served, r),
    })
}

/// How the endpoint is served: `todo (501)`, by the bound profile's rule
/// (`matrix profile`), from an example of its response type (a profile
/// without a rule for it), or by the engine's inferred semantics.
fn kind(served: &Served, r: &Route) -> String {
    let ep = served.endpoint(r);
    match &served.profile {
        _ if r.status == specgen::Status::Todo => "todo (501)".into(),
        Some(p) if p.serves(&ep.name) => format!("{} profile", p.name()),
        Some(_) => "example".into(),
        None => "inferred".into(),
    }
}

/// The answer fields filled from state, as the specgen library computes
/// them for `specgen explain` too.
pub fn from_state(served: &Served, r: &Route) -> Vec<String> {
    let all: Vec<_> = served.routes.iter().map(|o| (served.endpoint(o), &o.plan)).collect();
    state_fields(&served.types.space, r.api, served.endpoint(r), &r.plan, &all)
}
