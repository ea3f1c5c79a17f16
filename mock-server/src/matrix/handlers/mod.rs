//! Handlers per API group, and the generic path for endpoints without one.
//!
//! Every handler is typed against the generated crate: it takes its
//! endpoint's request type and returns its response type (or an error),
//! `fn(&App, &Caller, XRequest) -> Result<XResponse, ApiError>`, so an answer
//! that does not fit the type does not compile. Each group registers its
//! handlers by request type ([`typed`], [`open`] without a caller,
//! [`waiting`] for the long-poll); the endpoint name comes from
//! `R::ENDPOINT.name`. The erasing adapter reads the validated parameters as
//! `R` and writes `R::Response` as JSON text, behind the [`Handler`] the
//! router calls.

pub mod accounts;
pub mod directory;
pub mod events;
pub mod messages;
pub mod people;
pub mod power_levels;
pub mod reading;
pub mod rooms;
pub mod state_events;

use crate::app::App;
use crate::error::ApiError;
use crate::request::{Caller, Incoming};
use crate::state::{to_json, Json, Store, StreamToken};
use client_server_v2::dispatch::{with_response, TypeVisitor};
use client_server_v2::support::{Location, Request};
use client_server_v2::{ActionId, ChunkToken, Example};
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

/// What a handler answers: its response type's JSON text, serialised once.
pub type Reply = Result<Json, ApiError>;

pub type BoxReply = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// A handler with its request and response types erased: what the router
/// calls with the validated parameters.
pub type SyncFn = Arc<dyn Fn(&App, &Incoming) -> Reply + Send + Sync>;
/// The same for a handler that may wait.
pub type AsyncFn = Arc<dyn Fn(App, Incoming) -> BoxReply + Send + Sync>;

/// How an endpoint is served.
#[derive(Clone)]
pub enum Handler {
    /// Stateful, answered at once.
    Sync(SyncFn),
    /// Stateful, may wait (the event stream's long-poll).
    Async(AsyncFn),
    /// No handler: an example response of the response type.
    Generic,
}

/// A handler registered by its request type `R`: the name is
/// `R::ENDPOINT.name`, never written by hand.
pub struct Registered {
    pub name: &'static str,
    /// Whether the handler takes the caller (it must then be an endpoint
    /// with `auth`).
    pub takes_caller: bool,
    pub handler: Handler,
}

/// Every handler, by endpoint name (each group registers its own).
fn table() -> &'static HashMap<&'static str, Handler> {
    static TABLE: OnceLock<HashMap<&'static str, Handler>> = OnceLock::new();
    TABLE.get_or_init(|| registered().into_iter().map(|r| (r.name, r.handler)).collect())
}

/// What every group registers, in order.
pub fn registered() -> Vec<Registered> {
    [
        accounts::handlers,
        rooms::handlers,
        state_events::handlers,
        messages::handlers,
        events::handlers,
        people::handlers,
        directory::handlers,
        reading::handlers,
    ]
    .iter()
    .flat_map(|group| group())
    .collect()
}

/// The handler of an endpoint, by the endpoint's name.
pub fn handler(name: &str) -> Handler {
    table().get(name).cloned().unwrap_or(Handler::Generic)
}

/// The typed request of a validated call (path, query and body merged by
/// wire name). Validation already read them as `R`, so this fails only if
/// the two disagree: then a 400 naming the field, never a panic.
fn request<R: DeserializeOwned>(req: &Incoming) -> Result<R, ApiError> {
    // The quick read; the slow one, tracking paths, only to name a field.
    R::deserialize((&req.params).into_deserializer()).or_else(|_| {
        serde_path_to_error::deserialize((&req.params).into_deserializer())
            .map_err(|e| ApiError::bad_json(format!("field `{}`: {}", e.path(), e.inner())))
    })
}

/// The caller of an authenticated endpoint.
fn caller(req: &Incoming) -> Result<&Caller, ApiError> {
    req.caller.as_ref().ok_or_else(ApiError::missing_token)
}

/// An answer of the response type, as JSON text.
fn answer<T: Serialize>(result: Result<T, ApiError>) -> Reply {
    result.map(|v| to_json(&v))
}

/// An authenticated handler of request type `R`.
///
/// ```
/// use client_server_v2::leaving_a_room::{LeaveRequest, LeaveResponse};
/// use mock_server::{error::ApiError, handlers::typed, request::Caller, App};
/// fn leave(_: &App, _: &Caller, _: LeaveRequest) -> Result<LeaveResponse, ApiError> {
///     Ok(LeaveResponse {})
/// }
/// assert_eq!(typed::<LeaveRequest>(leave).name, "leave");
/// ```
///
/// An answer of another type does not compile:
///
/// ```compile_fail
/// use client_server_v2::leaving_a_room::LeaveRequest;
/// use client_server_v2::kicking_a_user::KickResponse;
/// use mock_server::{error::ApiError, handlers::typed, request::Caller, App};
/// fn leave(_: &App, _: &Caller, _: LeaveRequest) -> Result<KickResponse, ApiError> {
///     Ok(KickResponse {})
/// }
/// typed::<LeaveRequest>(leave);
/// ```
pub fn typed<R>(f: impl Fn(&App, &Caller, R) -> Result<R::Response, ApiError> + Send + Sync + 'static) -> Registered
where
    R: Request + DeserializeOwned + 'static,
    R::Response: Serialize,
{
    let call = move |app: &App, req: &Incoming| answer(f(app, caller(req)?, request(req)?));
    Registered { name: R::ENDPOINT.name, takes_caller: true, handler: Handler::Sync(Arc::new(call)) }
}

/// A handler of request type `R` whose endpoint needs no access token.
pub fn open<R>(f: impl Fn(&App, R) -> Result<R::Response, ApiError> + Send + Sync + 'static) -> Registered
where
    R: Request + DeserializeOwned + 'static,
    R::Response: Serialize,
{
    let call = move |app: &App, req: &Incoming| answer(f(app, request(req)?));
    Registered { name: R::ENDPOINT.name, takes_caller: false, handler: Handler::Sync(Arc::new(call)) }
}

/// An authenticated handler of request type `R` that may wait.
pub fn waiting<R, F, Fut>(f: F) -> Registered
where
    R: Request + DeserializeOwned + Send + 'static,
    R::Response: Serialize,
    F: Fn(App, Caller, R) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<R::Response, ApiError>> + Send + 'static,
{
    let f = Arc::new(f);
    let call = move |app: App, req: Incoming| -> BoxReply {
        let f = f.clone();
        Box::pin(async move {
            let me = caller(&req)?.clone();
            answer(f(app, me, request(&req)?).await)
        })
    };
    Registered { name: R::ENDPOINT.name, takes_caller: true, handler: Handler::Async(Arc::new(call)) }
}

impl Registered {
    /// Refuses parameters the request type does not have, by name (where
    /// a misspelt field would silently change the meaning, as in filters).
    pub fn strict(self) -> Registered {
        let handler = match self.handler {
            Handler::Sync(inner) => Handler::Sync(Arc::new(move |app: &App, req: &Incoming| {
                known_fields(req)?;
                inner(app, req)
            })),
            Handler::Async(inner) => Handler::Async(Arc::new(move |app: App, req: Incoming| -> BoxReply {
                match known_fields(&req) {
                    Ok(()) => inner(app, req),
                    Err(e) => Box::pin(std::future::ready(Err(e))),
                }
            })),
            Handler::Generic => Handler::Generic,
        };
        Registered { handler, ..self }
    }
}

/// Every parameter one of the endpoint's.
fn known_fields(req: &Incoming) -> Result<(), ApiError> {
    let known = |k: &str| req.endpoint.params.iter().any(|p| p.wire == k);
    let unknown: Vec<String> = req.params.keys().filter(|k| !known(k)).map(|k| format!("`{k}`")).collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let body: Vec<&str> = req.endpoint.params.iter().filter(|p| p.location == Location::Body).map(|p| p.wire).collect();
    Err(ApiError::bad_json(format!(
        "unknown field{} {}: `{}` takes {}",
        if unknown.len() == 1 { "" } else { "s" },
        unknown.join(", "),
        req.endpoint.name,
        body.join(", ")
    )))
}

struct ExampleOf;

impl TypeVisitor for ExampleOf {
    type Output = Value;
    fn visit<T: serde::de::DeserializeOwned + serde::Serialize + Example + 'static>(self) -> Value {
        serde_json::to_value(T::example()).unwrap_or(Value::Null)
    }
}

/// The generic answer: an example of the endpoint's response type.
pub fn generic(req: &Incoming) -> Reply {
    Ok(to_json(&with_response(req.endpoint.name, ExampleOf).unwrap_or_else(|| Value::Object(Default::default()))))
}

/// Event content at `field`: a JSON object. `null`, strings, numbers and
/// arrays are refused, naming the field.
pub fn content<'a>(value: &'a Value, field: &str) -> Result<&'a Value, ApiError> {
    match value {
        v @ Value::Object(_) => Ok(v),
        other => Err(ApiError::bad_json(format!("field `{field}`: event content must be a JSON object, not {}", kind_of(other)))),
    }
}

/// What kind of JSON value this is, for error messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `limit` (default 10, at most 1,000) and the `from` token (events at
/// or before it; none: from the newest) of a paged read back.
pub fn page(limit: Option<u64>, from: Option<&ChunkToken>) -> Result<(usize, Option<StreamToken>), ApiError> {
    Ok((limit.unwrap_or(10).clamp(1, 1000) as usize, StreamToken::read(from, "from")?))
}

/// Runs an action of endpoint `R` once per (user, device, endpoint, action
/// ID): the first answer is kept as JSON text of `R::Response`, and a retry
/// gets it back, read as that type, and changes nothing.
pub fn once<R>(
    app: &App,
    me: &Caller,
    action: Option<&ActionId>,
    act: impl FnOnce(&mut Store) -> Result<R::Response, ApiError>,
) -> Result<R::Response, ApiError>
where
    R: Request,
    R::Response: Serialize,
{
    let key = action.map(|a| Store::action_key(&me.user, &me.device, R::ENDPOINT.name, a.as_str()));
    let mut store = app.store();
    if let Some(first) = key.as_ref().and_then(|k| store.actions.get(k)) {
        return kept(first, R::ENDPOINT.name);
    }
    // New events wake their viewers' long-polls as they are appended.
    let answer = act(&mut store)?;
    if let Some(k) = key {
        store.actions.insert(k, to_json(&answer));
    }
    Ok(answer)
}

/// An answer kept for an action ID, read back as its type. One that does
/// not read (a state file from an older server) is an error, not a guess.
pub fn kept<T: DeserializeOwned>(first: &Json, endpoint: &str) -> Result<T, ApiError> {
    serde_json::from_str(first.get()).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "M_UNKNOWN",
            format!("the answer kept for this action ID of `{endpoint}` no longer reads as its type: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use client_server_v2::ENDPOINTS;

    #[test]
    fn every_handler_is_registered_once_for_an_endpoint_of_its_kind() {
        let all = registered();
        let mut seen = std::collections::BTreeSet::new();
        for r in &all {
            assert!(seen.insert(r.name), "`{}` is registered twice", r.name);
            let ep = ENDPOINTS.iter().find(|e| e.name == r.name).unwrap_or_else(|| panic!("`{}` is no endpoint", r.name));
            assert_eq!(r.takes_caller, ep.auth, "`{}`: a handler takes the caller exactly when its endpoint needs a token", r.name);
        }
        // Every endpoint with types has its handler (TODO sections have none).
        let typed: Vec<&str> = ENDPOINTS.iter().filter(|e| !e.request.is_empty()).map(|e| e.name).collect();
        let missing: Vec<&&str> = typed.iter().filter(|n| !seen.contains(**n)).collect();
        assert!(missing.is_empty(), "no handler for {missing:?}");
    }
}
