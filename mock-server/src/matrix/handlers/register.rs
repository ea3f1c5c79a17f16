//! How a handler is registered by its request type, and erased behind the
//! [`Handler`] the profile calls: the validated parameters read as the
//! request type, the answer written as JSON text of the response type.

use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::{Caller, Incoming};
use crate::matrix::state::{to_json, Json};
use client_server_v2::support::{Location, Request};
use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

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
/// use mock_server::error::ApiError;
/// use mock_server::matrix::{app::App, handlers::typed, request::Caller};
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
/// use mock_server::error::ApiError;
/// use mock_server::matrix::{app::App, handlers::typed, request::Caller};
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
