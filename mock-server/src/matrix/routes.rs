//! The router: one route per endpoint of the generated table, each going
//! through the same pipeline (status gate, caller, validation, journal,
//! handler, spec headers); `/_mock/` control routes; JSON errors for unknown
//! routes and methods.

use crate::app::App;
use crate::error::ApiError;
use crate::handlers::{self, Answer, Handler, Reply};
use crate::request::{self, Incoming};
use crate::state::{to_json, JournalEntry, Store};
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, on, post, MethodFilter, MethodRouter};
use axum::{Json, Router};
use client_server_v2::support::{Endpoint, Method as SpecMethod, Status};
use client_server_v2::ENDPOINTS;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

fn filter(m: SpecMethod) -> MethodFilter {
    match m {
        SpecMethod::Get => MethodFilter::GET,
        SpecMethod::Put => MethodFilter::PUT,
        SpecMethod::Post => MethodFilter::POST,
        SpecMethod::Delete => MethodFilter::DELETE,
        SpecMethod::Patch => MethodFilter::PATCH,
    }
}

/// What a route knows of its endpoint before any request comes: the
/// handler and the spec header values, worked out once.
struct Route {
    ep: &'static Endpoint,
    handler: Handler,
    section: HeaderValue,
    status: HeaderValue,
}

impl Route {
    fn new(ep: &'static Endpoint) -> Self {
        // Header values are visible ASCII: other characters become `?`.
        let section = if ep.section.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            HeaderValue::from_static(ep.section)
        } else {
            let ascii: String = ep.section.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' }).collect();
            HeaderValue::from_str(&ascii).unwrap_or(HeaderValue::from_static("?"))
        };
        Route { ep, handler: handlers::handler(ep.name), section, status: HeaderValue::from_static(ep.status.as_str()) }
    }

    /// `X-Spec-Section` and `X-Spec-Status`, on every answer of a spec
    /// endpoint.
    fn headers(&self, resp: &mut Response) {
        let h = resp.headers_mut();
        h.insert("x-spec-section", self.section.clone());
        h.insert("x-spec-status", self.status.clone());
    }
}

/// The whole application.
pub fn router(app: App) -> Router {
    let mut by_path: BTreeMap<&str, MethodRouter<App>> = BTreeMap::new();
    for ep in ENDPOINTS {
        let entry = by_path.remove(ep.path).unwrap_or_default();
        by_path.insert(ep.path, entry.merge(endpoint_route(ep, false)));
        // Matrix state keys may be empty (room name, topic, power levels):
        // `…/state/m.room.topic/` names the state key "".
        if let Some(prefix) = ep.path.strip_suffix("{stateKey}") {
            let entry = by_path.remove(prefix).unwrap_or_default();
            by_path.insert(prefix, entry.merge(endpoint_route(ep, true)));
        }
    }
    let mut r = Router::new();
    for (path, mr) in by_path {
        r = r.route(
            path,
            mr.fallback(|m: Method| async move {
                error(ApiError::unrecognized(StatusCode::METHOD_NOT_ALLOWED, format!("method {m} is not allowed here")))
            }),
        );
    }
    r.route("/_mock/reset", post(reset))
        .route("/_mock/health", get(|| async { Json(serde_json::json!({ "ok": true })) }))
        .route("/_mock/openapi.json", get(|| async { ([(CONTENT_TYPE, "application/json")], client_server_v2::OPENAPI_JSON) }))
        .route("/_mock/save", post(save))
        .route("/_mock/faults", get(faults).put(set_faults))
        .route("/_mock/state", get(export).put(import))
        .route("/_mock/journal", get(journal))
        .route("/_mock/endpoints", get(endpoints))
        .fallback(|uri: axum::http::Uri| async move {
            error(ApiError::unrecognized(StatusCode::NOT_FOUND, format!("no endpoint at {}", uri.path())))
        })
        .with_state(app)
}

fn error(e: ApiError) -> Response {
    (e.status, Json(e.body())).into_response()
}

/// The method route of an endpoint; `empty_state_key`: served on the path
/// without its trailing `{stateKey}`, which is then "".
fn endpoint_route(ep: &'static Endpoint, empty_state_key: bool) -> MethodRouter<App> {
    let route = Arc::new(Route::new(ep));
    on(
        filter(ep.method),
        move |State(app): State<App>,
              path: Result<Path<Vec<(String, String)>>, PathRejection>,
              RawQuery(q): RawQuery,
              req: Request<Body>| {
            let route = route.clone();
            let path = path_params(path).map(|mut p| {
                if empty_state_key {
                    p.push(("stateKey".to_string(), String::new()));
                }
                p
            });
            async move { serve(app, &route, path, q, req).await }
        },
    )
}

/// The path parameters, or why they cannot be read (a value that is not
/// UTF-8 once percent-decoded): a JSON 400 like any other bad input.
fn path_params(path: Result<Path<Vec<(String, String)>>, PathRejection>) -> Result<Vec<(String, String)>, ApiError> {
    path.map(|Path(p)| p).map_err(|e| ApiError::bad_json(format!("a path parameter cannot be read: {}", e.body_text())))
}

async fn serve(app: App, route: &Route, path: Result<Vec<(String, String)>, ApiError>, q: Option<String>, req: Request<Body>) -> Response {
    let result = match path {
        Ok(path) => pipeline(&app, route, path, q, req).await,
        Err(e) => Err(e),
    };
    let mut resp = match result {
        Ok(Answer::Tree(v)) => Json(v).into_response(),
        Ok(Answer::Text(t)) => {
            ([(CONTENT_TYPE, HeaderValue::from_static("application/json"))], String::from(Box::<str>::from(t))).into_response()
        }
        Err(e) => error(e),
    };
    route.headers(&mut resp);
    resp
}

async fn pipeline(app: &App, route: &Route, path: Vec<(String, String)>, q: Option<String>, req: Request<Body>) -> Reply {
    let ep = route.ep;
    if let Some(fault) = app.fault(ep.name) {
        tokio::time::sleep(std::time::Duration::from_millis(fault.latency_ms)).await;
        if fault.error_rate > 0.0 && crate::engine::faults::chance() < fault.error_rate {
            return Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "M_UNKNOWN", format!("fault injected for `{}`", ep.name)));
        }
    }
    if ep.status == Status::Todo {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            "M_UNRECOGNIZED",
            format!("\"{}\" is a TODO section of the spec: not specified yet", ep.section),
        ));
    }
    let min = app.options().min_status;
    if ep.status < min {
        return Err(ApiError::unrecognized(
            StatusCode::NOT_FOUND,
            format!("\"{}\" is {} in the spec, below the served status ({})", ep.section, ep.status.as_str(), min.as_str()),
        ));
    }
    let query = request::parse_query(q.as_deref());
    let token = request::token(req.headers(), &query);
    if ep.auth && token.is_none() {
        return Err(ApiError::missing_token());
    }
    let bytes = crate::engine::http::read_body(req.into_body(), app.options().body_limit).await?;
    // The caller is checked once the whole request is in: a token revoked
    // (or an account deleted) while the body arrived does not act.
    let caller = if ep.auth { Some(request::authenticate(app, token)?) } else { None };
    let body = request::body_object(&bytes)?;
    let params = request::validate(ep, path, &query, body)?;
    let incoming = Incoming { endpoint: ep, params, caller };
    let result = match route.handler {
        Handler::Sync(f) => f(app, &incoming),
        Handler::Async(f) => f(app.clone(), incoming.clone()).await,
        Handler::Generic => handlers::generic(&incoming),
    };
    let status = result.as_ref().map_or_else(|e| e.status.as_u16(), |_| 200);
    tracing::debug!(endpoint = ep.name, status, "{} {}", ep.method.as_str(), ep.path);
    let mut store = app.store();
    let user = incoming.caller.as_ref().map(|c| c.user.clone());
    store.journal(JournalEntry {
        endpoint: ep.name.into(),
        method: ep.method.as_str().into(),
        path: ep.path.into(),
        user,
        request: to_json(&Value::Object(incoming.params)),
        status,
    });
    result
}

async fn save(State(app): State<App>) -> Response {
    match app.save() {
        Ok(true) => Json(serde_json::json!({ "saved": app.options().state_file })).into_response(),
        Ok(false) => error(ApiError::not_found("no --state-file was given")),
        Err(e) => error(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "M_UNKNOWN", format!("saving failed: {e}"))),
    }
}

async fn faults(State(app): State<App>) -> Json<Value> {
    Json(serde_json::to_value(app.faults()).unwrap_or_default())
}

/// `{ "send": {"latency_ms": 200, "error_rate": 0.5}, "*": {...} }`;
/// replaces the faults (an empty object clears them).
async fn set_faults(State(app): State<App>, body: axum::body::Bytes) -> Response {
    match crate::engine::faults::parse(&body, client_server_v2::ENDPOINTS.iter().map(|e| e.name)) {
        Ok(f) => {
            app.set_faults(f);
            Json(serde_json::json!({})).into_response()
        }
        Err(e) => error(ApiError::bad_json(e)),
    }
}

async fn reset(State(app): State<App>) -> Json<Value> {
    let name = app.options().server_name.clone();
    *app.store() = Store::new(&name);
    app.0.events.notify_waiters();
    Json(serde_json::json!({}))
}

async fn export(State(app): State<App>) -> Json<Store> {
    Json(app.store().clone())
}

async fn import(State(app): State<App>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Store>(&body) {
        Ok(mut s) => {
            if let Err(why) = s.check() {
                return error(ApiError::bad_json(format!("the state does not hold together: {why}")));
            }
            s.reindex();
            *app.store() = s;
            app.0.events.notify_waiters();
            Json(serde_json::json!({})).into_response()
        }
        Err(e) => error(ApiError::bad_json(format!("not a state export: {e}"))),
    }
}

async fn journal(State(app): State<App>) -> Json<Value> {
    Json(serde_json::json!({ "requests": app.store().journal }))
}

/// Every endpoint with how it is served (stateful or generic).
async fn endpoints() -> Json<Value> {
    let list: Vec<Value> = ENDPOINTS
        .iter()
        .map(|e| serde_json::json!({ "name": e.name, "method": e.method.as_str(), "path": e.path, "section": e.section, "status": e.status.as_str(), "kind": handlers::kind(e) }))
        .collect();
    Json(Value::Array(list))
}
