//! Generic engine: every request not under `/_mock/` is matched against the
//! endpoints of the spec served now (so a reload needs no new router), then
//! goes through one pipeline: faults, status gates, body, validation, then
//! under one lock of the store the caller, the effect and the journal; spec
//! headers.

use super::effects::{self, Call};
use super::handle::Engine;
use super::http as request;
use super::journal::Json as JsonText;
use super::journal::{to_json, JournalEntry};
use super::profile;
use super::semantics::{Effect, Plan};
use super::spec::{Route, Served};
use super::store::Store;
use super::upstream;
use super::validation;
use crate::error::{ApiError, ErrorKind};
use axum::body::Body;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{Map, Value};
use specgen::model::http::HttpMethod;
use specgen::types::path::Segment;
use specgen::types::Method;
use specgen::Status;
use std::time::{Duration, Instant};

/// The longest a feed waits for a change, whatever timeout it asks.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// An answer: a JSON tree (the engine's), or JSON text (a profile's).
enum Answer {
    Tree(Value),
    Text(JsonText),
}

pub fn router(engine: Engine) -> Router {
    super::control::routes().fallback(serve).with_state(engine)
}

/// Path parameters by wire name, decoded.
type PathParams = Vec<(String, String)>;

/// The endpoint at `path` for `method`; else the methods the path is
/// served with (none: no endpoint there). A path ending in `/` that matches no endpoint
/// as it is names an empty last parameter (`…/state/m.room.topic/`: the
/// state key "").
fn find<'s>(served: &'s Served, method: HttpMethod, path: &str) -> Result<(&'s Route, PathParams), Vec<Method>> {
    let mut parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match find_parts(served, method, &parts) {
        Err(mut other) if path.ends_with('/') && path.len() > 1 => {
            parts.push("");
            find_parts(served, method, &parts).map_err(|again| {
                for m in again {
                    if !other.contains(&m) {
                        other.push(m);
                    }
                }
                other
            })
        }
        found => found,
    }
}

/// The most specific endpoint that matches: `/sailings/changes` before
/// `/sailings/{sailing_id}` whatever order the spec writes them in (the
/// one with more literal segments; the first of equals).
fn find_parts<'s>(served: &'s Served, method: HttpMethod, parts: &[&str]) -> Result<(&'s Route, PathParams), Vec<Method>> {
    let mut others = Vec::new();
    let mut best: Option<(usize, &Route, PathParams)> = None;
    for r in &served.routes {
        let ep = served.endpoint(r);
        let Some(params) = matches(ep.path.segments(), parts) else { continue };
        if method.endpoint() == Some(ep.method) {
            // All literal: nothing can be more specific.
            if params.is_empty() {
                return Ok((r, params));
            }
            let literal = parts.len() - params.len();
            if best.as_ref().is_none_or(|(n, _, _)| literal > *n) {
                best = Some((literal, r, params));
            }
            continue;
        }
        if !others.contains(&ep.method) {
            others.push(ep.method);
        }
    }
    match best {
        Some((_, r, params)) => Ok((r, params)),
        None => Err(others),
    }
}

/// A 405 that says, in `Allow`, which methods the path is served with.
fn not_allowed(method: impl std::fmt::Display, allowed: &[Method]) -> Response {
    let mut r = ApiError::unrecognized(StatusCode::METHOD_NOT_ALLOWED, format!("method {method} is not allowed here")).into_response();
    let list: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
    if let Ok(v) = HeaderValue::from_str(&list.join(", ")) {
        r.headers_mut().insert(axum::http::header::ALLOW, v);
    }
    r
}

fn matches(segments: &[Segment], parts: &[&str]) -> Option<PathParams> {
    if segments.len() != parts.len() {
        return None;
    }
    let mut params = Vec::new();
    for (k, (s, p)) in segments.iter().zip(parts).enumerate() {
        match s {
            Segment::Literal(l) if l == p => {}
            Segment::Literal(_) => return None,
            // Only the last parameter may be empty (see `find`).
            Segment::Param(_) if p.is_empty() && k + 1 < segments.len() => return None,
            Segment::Param(name) => params.push((name.clone(), p.to_string())),
            Segment::Suffixed(name, suffix) => match p.strip_suffix(suffix.as_str()) {
                Some(value) if !value.is_empty() => params.push((name.clone(), value.to_string())),
                _ => return None,
            },
        }
    }
    Some(params)
}

async fn serve(State(engine): State<Engine>, req: Request<Body>) -> Response {
    let served = engine.served();
    let path = req.uri().path().to_string();
    let Some(method) = HttpMethod::parse(req.method().as_str()) else {
        // No endpoint takes OPTIONS: every method served at the path comes back.
        let allowed = find(&served, HttpMethod::Options, &path).err().unwrap_or_default();
        return not_allowed(req.method(), &allowed);
    };
    let (route, params) = match find(&served, method, &path) {
        Ok(found) => found,
        Err(allowed) if !allowed.is_empty() => return not_allowed(method, &allowed),
        Err(_) => return ApiError::unrecognized(StatusCode::NOT_FOUND, format!("no endpoint at {path}")).into_response(),
    };
    // A success answers the status the spec shows for it (201, 202; 204
    // with no body).
    let success = StatusCode::from_u16(served.endpoint(route).success).unwrap_or(StatusCode::OK);
    // Hybrid mode: the real server first; the mock answers what it lacks.
    let (req, source) = match &engine.0.upstream {
        Some(up) => match up.forward(&served, route, req, engine.options().body_limit).await {
            upstream::Forwarded::Answer(mut resp) => {
                let h = resp.headers_mut();
                h.insert("x-spec-section", route.section.clone());
                h.insert("x-spec-status", route.status_header.clone());
                return resp;
            }
            upstream::Forwarded::Mock(req, source) => (req, Some(source)),
        },
        None => (req, None),
    };
    let mut resp = match pipeline(&engine, &served, route, params, req).await {
        Ok(_) if success == StatusCode::NO_CONTENT => success.into_response(),
        Ok(Answer::Tree(v)) => (success, Json(v)).into_response(),
        Ok(Answer::Text(t)) => {
            (success, [(CONTENT_TYPE, HeaderValue::from_static("application/json"))], String::from(Box::<str>::from(t))).into_response()
        }
        Err(e) => e.into_response(),
    };
    let h = resp.headers_mut();
    h.insert("x-spec-section", route.section.clone());
    h.insert("x-spec-status", route.status_header.clone());
    if let Some(s) = source {
        h.insert("x-mock-source", HeaderValue::from_static(s));
    }
    resp
}

async fn pipeline(
    engine: &Engine,
    served: &Served,
    route: &Route,
    path: Vec<(String, String)>,
    req: Request<Body>,
) -> Result<Answer, ApiError> {
    let ep = served.endpoint(route);
    if let Some(fault) = engine.0.faults.get(&ep.name) {
        tokio::time::sleep(Duration::from_millis(fault.latency_ms)).await;
        if fault.error_rate > 0.0 && super::faults::chance() < fault.error_rate {
            return Err(ApiError::internal(format!("fault injected for `{}`", ep.name)));
        }
    }
    gate(engine, served, route)?;
    let path = decoded(path)?;
    let query = request::parse_query(req.uri().query())?;
    let token = request::token(req.headers(), &query);
    if ep.auth && token.is_none() {
        return Err(ApiError::missing_token());
    }
    let limit = engine.options().body_limit;
    let headers_say_json = request::json_body_headers(req.headers());
    let bytes = request::read_body(req.into_body(), limit).await?;
    if !bytes.is_empty() {
        headers_say_json?;
    }
    let body = request::body_object(&bytes)?;
    let validated = validation::validate(served, route.api, ep, &path, &query, body);
    if let Some(profile) = &served.profile {
        // The profile checks the caller itself, when the request acts; an
        // unknown token is a 401 before any 400, as without a profile.
        let validated = match (validated, &token) {
            (Err(_), Some(t)) if ep.auth && !profile.knows_token(t) => Err(ApiError::unknown_token()),
            (v, _) => v,
        };
        let (reply, logged) = match validated {
            Ok(params) => {
                let logged = logged(&route.plan, &params);
                (profile.call(profile::Call { endpoint: ep.name.clone(), token, params }).await, logged)
            }
            Err(e) => (profile::Reply { user: None, answer: Err(e) }, logged(&route.plan, &Map::new())),
        };
        journal(&mut engine.store(), ep, reply.user, logged, &reply.answer);
        return reply.answer.map(Answer::Text);
    }
    if route.plan.effect() == Effect::Feed {
        adopt(engine, &mut engine.store(), token.as_deref());
        let caller = caller(&engine.store(), ep.auth, token)?;
        let (result, params) = match validated {
            Ok(params) => (feed(engine, served, route, caller.as_deref(), &params).await, params),
            Err(e) => (Err(e), Map::new()),
        };
        journal(&mut engine.store(), ep, caller, logged(&route.plan, &params), &result);
        return result.map(Answer::Tree);
    }
    // Hybrid mode: records the request names that the server made.
    if let (Some(up), Ok(params)) = (&engine.0.upstream, &validated) {
        for (resource, id) in upstream::Upstream::named(served, route, params) {
            if engine.store().record(&resource, &id).is_some() {
                continue;
            }
            let Some(attrs) = up.read_record(served, &resource, &id, params, token.as_deref()).await else { continue };
            let mut store = engine.store();
            if store.record(&resource, &id).is_none() {
                tracing::debug!(resource, id, "a record of the server's, kept by the mock");
                store.collection(&resource).insert(upstream::Upstream::record(id, &attrs));
            }
        }
    }
    // The caller, the change and the journal under one lock.
    let mut store = engine.store();
    adopt(engine, &mut store, token.as_deref());
    let caller = caller(&store, ep.auth, token)?;
    let (result, params) = match validated {
        Ok(params) => (
            effects::apply(
                served,
                route,
                &Call { caller: caller.as_deref(), auth: ep.auth, params: &params, hybrid: engine.0.upstream.is_some() },
                &mut store,
            ),
            params,
        ),
        Err(e) => (Err(e), Map::new()),
    };
    journal(&mut store, ep, caller, logged(&route.plan, &params), &result);
    drop(store);
    result.map(|outcome| {
        if outcome.changed {
            engine.0.changes.notify_waiters();
        }
        Answer::Tree(outcome.answer)
    })
}

/// The path parameters percent-decoded; one that is not UTF-8 then is a
/// 400 naming it.
fn decoded(path: PathParams) -> Result<PathParams, ApiError> {
    path.into_iter()
        .map(|(name, raw)| match request::path_decode(&raw) {
            Some(v) => Ok((name, v)),
            None => Err(ApiError::bad_json(format!("path parameter `{name}`: {raw:?} is not UTF-8 once percent-decoded"))),
        })
        .collect()
}

/// TODO sections answer 501; sections below `--min-status` 404.
fn gate(engine: &Engine, served: &Served, route: &Route) -> Result<(), ApiError> {
    let section = &served.types.space.apis[route.api].title;
    if route.status == Status::Todo {
        return Err(ApiError::new(
            StatusCode::NOT_IMPLEMENTED,
            ErrorKind::Unrecognized,
            format!("\"{section}\" is a TODO section of the spec: not specified yet"),
        ));
    }
    let min = engine.options().min_status;
    if route.status < min {
        return Err(ApiError::unrecognized(
            StatusCode::NOT_FOUND,
            format!("\"{section}\" is {} in the spec, below the served status ({})", route.status.as_str(), min.as_str()),
        ));
    }
    Ok(())
}

/// In the hybrid mode, a token the mock does not know is the real
/// server's (its own register or log in gave it): the mock takes it as an
/// account of its own, so the endpoints it answers know the caller.
fn adopt(engine: &Engine, store: &mut Store, token: Option<&str>) {
    let Some(t) = token.filter(|t| engine.0.upstream.is_some() && !store.tokens.contains_key(*t)) else { return };
    let user = format!("upstream-{}", t.chars().filter(char::is_ascii_alphanumeric).take(12).collect::<String>());
    store.users.entry(user.clone()).or_default();
    store.tokens.insert(t.to_string(), user);
}

/// Who sent the request: on an endpoint that takes a token, its valid
/// token's user, else 401; elsewhere the user of a valid token when one
/// came (so what it creates records its owner), else nobody.
fn caller(store: &Store, auth: bool, token: Option<String>) -> Result<Option<String>, ApiError> {
    let user = token.as_ref().and_then(|t| store.tokens.get(t)).cloned();
    match (auth, token, user) {
        (true, None, _) => Err(ApiError::missing_token()),
        (true, Some(_), None) => Err(ApiError::unknown_token()),
        (_, _, user) => Ok(user),
    }
}

/// A feed: the changes since its position, or (lock released) a wait
/// until a write or its timeout.
async fn feed(
    engine: &Engine,
    served: &Served,
    route: &Route,
    caller: Option<&str>,
    params: &Map<String, Value>,
) -> Result<Value, ApiError> {
    let call = Call { caller, auth: served.endpoint(route).auth, params, hybrid: engine.0.upstream.is_some() };
    let wait = route.plan.timeout.as_ref().and_then(|w| params.get(w)).and_then(Value::as_u64).map(|n| route.plan.timeout_unit.duration(n));
    let deadline = Instant::now() + wait.unwrap_or_default().min(MAX_WAIT);
    let since = effects::since(route, &call, &engine.store())?;
    loop {
        let notified = engine.0.changes.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        {
            let store = engine.store();
            if let Some(v) = effects::feed(served, route, &call, &store, since)? {
                return Ok(v);
            }
            if Instant::now() >= deadline {
                return Ok(effects::empty_feed(served, route, &store));
            }
        }
        let _ = tokio::time::timeout_at(deadline.into(), notified).await;
    }
}

/// A request's parameters as the journal keeps them: passwords (the plan's,
/// and any parameter named like one) written `"<redacted>"`.
fn logged(plan: &Plan, params: &Map<String, Value>) -> JsonText {
    let secret = |wire: &String| plan.password.as_ref() == Some(wire) || wire.to_ascii_lowercase().contains("password");
    if !params.keys().any(secret) {
        return to_json(params);
    }
    let mut redacted = params.clone();
    for (wire, v) in redacted.iter_mut() {
        if secret(wire) {
            *v = Value::String("<redacted>".into());
        }
    }
    to_json(&redacted)
}

/// Records a request.
fn journal<T>(store: &mut Store, ep: &specgen::types::Endpoint, user: Option<String>, request: JsonText, result: &Result<T, ApiError>) {
    let status = result.as_ref().map_or_else(|e| e.status.as_u16(), |_| ep.success);
    tracing::debug!(endpoint = ep.name, status, "{} {}", ep.method, ep.path);
    store.journal(JournalEntry {
        endpoint: ep.name.clone().into(),
        method: ep.method.as_str().into(),
        path: ep.path.to_string().into(),
        user,
        request,
        status,
    });
}
