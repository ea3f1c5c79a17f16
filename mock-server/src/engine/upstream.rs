//! Generic engine: the hybrid mode (`--upstream URL`). A request for an
//! endpoint of the spec goes to the real server first; the mock answers it
//! from its own state only when the server does not have the endpoint (it
//! answers 404, 405 or 501, and has never answered that endpoint
//! otherwise) or cannot be reached. Every forwarded answer is held to the draft: its
//! status to the success status and the documented errors, a success's
//! body to the response type. A difference is a drift: logged, kept (with
//! the request) for `GET /_mock/drift`, and with `--strict` answered as a
//! 502 naming it.
//!
//! A record a request the mock answers names (the item it picks, its
//! parents) that the mock does not have is the server's: read through the
//! resource's read endpoint and kept, so the mock acts on records the
//! server made.
//!
//! Invariant: an endpoint counts as the server's from its first answer that
//! is none of 404, 405 and 501; from then on its 404s are the server's own (a
//! record it does not have), never the mock's.

use super::http::{self as request, id_text};
use super::journal::to_json;
use super::semantics::{attribute, Effect};
use super::spec::{Route, Served};
use super::store::Record;
use crate::error::{ApiError, ErrorKind};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::Serialize;
use serde_json::{Map, Value};
use specgen::types::path::Piece;
use specgen::types::{Field, Location};
use specgen::verify::call::encode;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// How many drifts `GET /_mock/drift` keeps (the oldest go first).
pub const DRIFT_LIMIT: usize = 1_000;
/// The largest answer taken from the server.
const ANSWER_LIMIT: usize = 16 * 1024 * 1024;
/// How long the server may take to answer.
const TIMEOUT: Duration = Duration::from_secs(60);

/// Where requests go first, and how strictly their answers are held.
#[derive(Debug, Clone)]
pub struct Target {
    /// `http://host:port`, a path prefix allowed.
    pub url: String,
    /// Answer a drifting answer with 502 instead of passing it on.
    pub strict: bool,
}

impl Target {
    /// The target of `url`, or why it is none (plain `http://` only).
    pub fn parse(url: &str, strict: bool) -> Result<Target, String> {
        let url = url.trim_end_matches('/').to_string();
        if !url.starts_with("http://") {
            return Err(format!("--upstream {url}: expected an http:// URL"));
        }
        url.parse::<Uri>().map_err(|e| format!("--upstream {url}: {e}"))?;
        Ok(Target { url, strict })
    }
}

/// One way a forwarded answer differs from the draft.
#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub endpoint: String,
    pub method: String,
    /// The path and query sent.
    pub path: String,
    pub status: u16,
    pub problem: String,
    /// The request body, as sent (empty when none).
    pub request: String,
}

#[derive(Debug, Default, Serialize)]
pub struct DriftLog {
    pub total: u64,
    pub by_endpoint: BTreeMap<String, u64>,
    pub recent: VecDeque<Drift>,
}

/// The client and what the server was seen to have.
pub struct Upstream {
    pub target: Target,
    client: Client<HttpConnector, Full<Bytes>>,
    /// Endpoints the server has answered with none of 404, 405 and 501.
    implemented: Mutex<BTreeSet<String>>,
    drift: Mutex<DriftLog>,
}

/// What forwarding came to: the server's answer (passed on, or a 502 for a
/// drift under `--strict`), or the request back for the mock to answer.
pub enum Forwarded {
    Answer(Response<Body>),
    Mock(Request<Body>, &'static str),
}

impl Upstream {
    pub fn new(target: Target) -> Self {
        let client = Client::builder(TokioExecutor::new()).build_http();
        Upstream { target, client, implemented: Mutex::default(), drift: Mutex::default() }
    }

    /// The drifts seen, as `GET /_mock/drift` shows them.
    pub fn drift(&self) -> Value {
        serde_json::to_value(&*self.drift.lock().unwrap_or_else(|p| p.into_inner())).unwrap_or_default()
    }

    /// Forgets the drifts and what the server was seen to have
    /// (`POST /_mock/reset`).
    pub fn reset(&self) {
        *self.drift.lock().unwrap_or_else(|p| p.into_inner()) = DriftLog::default();
        self.implemented.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    fn is_implemented(&self, endpoint: &str) -> bool {
        self.implemented.lock().unwrap_or_else(|p| p.into_inner()).contains(endpoint)
    }

    /// Sends `req` (for `route`) to the server.
    pub async fn forward(&self, served: &Served, route: &Route, req: Request<Body>, body_limit: usize) -> Forwarded {
        let ep = served.endpoint(route);
        let (parts, body) = req.into_parts();
        let bytes = match request::read_body(body, body_limit).await {
            Ok(b) => b,
            Err(e) => return Forwarded::Answer(axum::response::IntoResponse::into_response(e)),
        };
        let target = parts.uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        let mut out = Request::builder().method(parts.method.clone()).uri(format!("{}{target}", self.target.url));
        for (k, v) in parts.headers.iter().filter(|(k, _)| !is_hop(k.as_str())) {
            out = out.header(k, v);
        }
        let again = |parts: axum::http::request::Parts, bytes: Bytes| Request::from_parts(parts, Body::from(bytes));
        let Ok(out) = out.body(Full::new(bytes.clone())) else { return Forwarded::Mock(again(parts, bytes), "mock") };
        let answer = match tokio::time::timeout(TIMEOUT, self.client.request(out)).await {
            Ok(Ok(a)) => a,
            Ok(Err(e)) => {
                tracing::warn!(endpoint = ep.name, "upstream unreachable ({e}): the mock answers");
                return Forwarded::Mock(again(parts, bytes), "mock (upstream unreachable)");
            }
            Err(_) => {
                tracing::warn!(endpoint = ep.name, "upstream gave no answer in {} s: the mock answers", TIMEOUT.as_secs());
                return Forwarded::Mock(again(parts, bytes), "mock (upstream timed out)");
            }
        };
        let status = answer.status();
        if matches!(status.as_u16(), 404 | 405 | 501) && !self.is_implemented(&ep.name) {
            return Forwarded::Mock(again(parts, bytes), "mock");
        }
        self.implemented.lock().unwrap_or_else(|p| p.into_inner()).insert(ep.name.clone());
        let (aparts, abody) = answer.into_parts();
        let body = match Limited::new(abody, ANSWER_LIMIT).collect().await {
            Ok(b) => b.to_bytes(),
            Err(e) => {
                let e = ApiError::new(StatusCode::BAD_GATEWAY, ErrorKind::Internal, format!("the server's answer could not be read: {e}"));
                return Forwarded::Answer(axum::response::IntoResponse::into_response(e));
            }
        };
        let problems = held_to_draft(served, route, status.as_u16(), &aparts.headers, &body);
        if !problems.is_empty() {
            self.keep(ep, &parts.method, &target, status.as_u16(), &problems, &bytes);
            if self.target.strict {
                let said = format!("the server's answer drifts from the draft: {}", problems.join("; "));
                let e = ApiError::new(StatusCode::BAD_GATEWAY, ErrorKind::Internal, said);
                let mut resp = axum::response::IntoResponse::into_response(e);
                resp.headers_mut().insert("x-mock-source", HeaderValue::from_static("upstream (refused: --strict)"));
                return Forwarded::Answer(resp);
            }
        }
        let mut resp = Response::new(Body::from(body));
        *resp.status_mut() = status;
        // The mock's own CORS layer answers for the origin.
        let cors = |k: &str| k == "vary" || k.starts_with("access-control-");
        for (k, v) in aparts.headers.iter().filter(|(k, _)| !is_hop(k.as_str()) && !cors(k.as_str())) {
            resp.headers_mut().append(k, v.clone());
        }
        resp.headers_mut().insert("x-mock-source", HeaderValue::from_static("upstream"));
        Forwarded::Answer(resp)
    }

    fn keep(&self, ep: &specgen::types::Endpoint, method: &axum::http::Method, path: &str, status: u16, problems: &[String], body: &Bytes) {
        let mut log = self.drift.lock().unwrap_or_else(|p| p.into_inner());
        for p in problems {
            tracing::warn!(endpoint = ep.name, status, "drift: {p}");
            log.total += 1;
            *log.by_endpoint.entry(ep.name.clone()).or_default() += 1;
            if log.recent.len() == DRIFT_LIMIT {
                log.recent.pop_front();
            }
            log.recent.push_back(Drift {
                endpoint: ep.name.clone(),
                method: method.to_string(),
                path: path.to_string(),
                status,
                problem: p.clone(),
                request: String::from_utf8_lossy(body).into_owned(),
            });
        }
    }
}

impl Upstream {
    /// The records a request names, by (resource, id): the item it picks
    /// and its parents, where the spec makes such records.
    pub fn named(served: &Served, route: &Route, params: &Map<String, Value>) -> Vec<(String, String)> {
        let plan = &route.plan;
        let mut wanted: Vec<(String, String)> = Vec::new();
        if let (Some(w), Some(id_type)) = (&plan.item, &plan.id_type) {
            wanted.extend(id_text(params.get(w)).map(|id| (id_type.clone(), id)));
        }
        for (w, id_type) in &plan.parents {
            wanted.extend(id_text(params.get(w)).map(|id| (id_type.clone(), id)));
        }
        wanted.into_iter().filter_map(|(t, id)| Some((served.resource_of(&t)?.to_string(), id))).collect()
    }

    /// A record of the server's, as the mock keeps it: owned by nobody
    /// (the mock knows no owner of it).
    pub fn record(id: String, attrs: &Map<String, Value>) -> Record {
        Record { id, owner: None, parents: vec![], attrs: to_json(attrs), grants: Default::default() }
    }

    /// The attributes of the server's record `id` of `resource`, through
    /// the resource's read endpoint.
    pub async fn read_record(
        &self,
        served: &Served,
        resource: &str,
        id: &str,
        params: &Map<String, Value>,
        token: Option<&str>,
    ) -> Option<Map<String, Value>> {
        let read =
            served.routes.iter().find(|r| r.plan.effect() == Effect::Read && r.plan.resource == resource && r.plan.item.is_some())?;
        let ep = served.endpoint(read);
        let mut path = String::new();
        for piece in ep.path.pieces() {
            match piece {
                Piece::Literal(s) => path.push_str(s),
                Piece::Param(w) if read.plan.item.as_ref() == Some(w) => path.push_str(&encode(id)),
                Piece::Param(w) => path.push_str(&encode(&id_text(params.get(w))?)),
            }
        }
        let mut req = Request::builder().method("GET").uri(format!("{}{path}", self.target.url));
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let answer = tokio::time::timeout(TIMEOUT, self.client.request(req.body(Full::new(Bytes::new())).ok()?)).await.ok()?.ok()?;
        if !answer.status().is_success() {
            return None;
        }
        let body = Limited::new(answer.into_body(), ANSWER_LIMIT).collect().await.ok()?.to_bytes();
        let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&body) else { return None };
        Some(m.into_iter().map(|(k, v)| (attribute(resource, &k), v)).collect())
    }
}

/// Hop-by-hop headers (and the ones the client sets itself), not passed on.
fn is_hop(name: &str) -> bool {
    matches!(
        name,
        "host" | "connection" | "keep-alive" | "proxy-connection" | "transfer-encoding" | "te" | "trailer" | "upgrade" | "content-length"
    )
}

/// The ways an answer differs from what the draft says of `route`: a
/// success with another status than the spec's, an error status the
/// operation does not document (nor any server may answer: 400, 401, 403,
/// 404, 405, 413, 415, 429, 5xx), a success body not of the response type.
pub fn held_to_draft(served: &Served, route: &Route, status: u16, headers: &HeaderMap, body: &[u8]) -> Vec<String> {
    let ep = served.endpoint(route);
    let mut out = Vec::new();
    if (200..300).contains(&status) {
        if status != ep.success {
            out.push(format!("answered {status} where the draft says {}", ep.success));
        }
        let fields: Vec<&Field> = ep.response.fields.iter().filter(|f| f.location == Location::Body).collect();
        if status == 204 || fields.is_empty() {
            return out;
        }
        let json = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(m)) => {
                if let Err(e) = served.types.check_fields(route.api, &fields, &m, "") {
                    out.push(format!("the answer does not fit `{}`: {}", ep.response.name, e.message()));
                }
            }
            Ok(_) => out.push(format!("the answer is not a JSON object, but `{}` has fields", ep.response.name)),
            Err(_) if !json => out.push(format!("the answer is not JSON, but `{}` has fields", ep.response.name)),
            Err(e) => out.push(format!("the answer is not valid JSON: {e}")),
        }
        return out;
    }
    let anyone = matches!(status, 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429) || status >= 500;
    if !anyone && !ep.documented.iter().any(|d| d.status == status) {
        out.push(format!("answered {status}, which the draft does not document for `{}`", ep.name));
    }
    out
}
