//! Handlers per API group, and the generic path for endpoints without one:
//! the request already validated against its generated type, an example
//! response built from the response type.

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
use crate::request::Incoming;
use crate::state::{to_json, Json};
use client_server_v2::dispatch::{with_response, TypeVisitor};
use client_server_v2::Example;
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

pub type Reply = Result<Answer, ApiError>;

/// What a handler answers: a JSON tree, or JSON text written straight from
/// the store (event views, without building a tree first).
#[derive(Debug, Clone)]
pub enum Answer {
    Tree(Value),
    Text(Json),
}

impl From<Value> for Answer {
    fn from(v: Value) -> Self {
        Answer::Tree(v)
    }
}

impl Answer {
    /// The JSON text of a serialisable answer.
    pub fn text(v: &impl serde::Serialize) -> Answer {
        Answer::Text(to_json(v))
    }

    /// As compact JSON text (to keep, for action-ID retries).
    pub fn to_json(&self) -> Json {
        match self {
            Answer::Tree(v) => to_json(v),
            Answer::Text(t) => t.clone(),
        }
    }
}
pub type BoxReply = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// How an endpoint is served.
#[derive(Clone, Copy)]
pub enum Handler {
    /// Stateful, answered at once.
    Sync(fn(&App, &Incoming) -> Reply),
    /// Stateful, may wait (the event stream's long-poll).
    Async(fn(App, Incoming) -> BoxReply),
    /// No handler: an example response of the response type.
    Generic,
}

impl Handler {
    pub fn kind(&self) -> &'static str {
        match self {
            Handler::Generic => "generic",
            _ => "stateful",
        }
    }
}

/// How an endpoint is served, for `/_mock/endpoints`: TODO sections answer
/// 501 whatever their handler.
pub fn kind(ep: &client_server_v2::support::Endpoint) -> &'static str {
    if ep.status == client_server_v2::Status::Todo {
        "todo (501)"
    } else {
        handler(ep.name).kind()
    }
}

/// The handler of an endpoint, by the endpoint's name.
pub fn handler(name: &str) -> Handler {
    [
        accounts::handler,
        rooms::handler,
        state_events::handler,
        messages::handler,
        events::handler,
        people::handler,
        directory::handler,
        reading::handler,
    ]
    .iter()
    .find_map(|group| group(name))
    .unwrap_or(Handler::Generic)
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
    Ok(with_response(req.endpoint.name, ExampleOf).unwrap_or_else(|| Value::Object(Default::default())).into())
}

/// Event content at `field`: a JSON object. Absent content is `{}`; `null`,
/// strings, numbers and arrays are refused, naming the field.
pub fn content(value: Option<&Value>, field: &str) -> Result<Value, ApiError> {
    match value {
        None => Ok(Value::Object(Default::default())),
        Some(v @ Value::Object(_)) => Ok(v.clone()),
        Some(other) => Err(ApiError::bad_json(format!("field `{field}`: event content must be a JSON object, not {}", kind_of(other)))),
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

/// The `limit` (default 10, at most 1,000) and the `from` token
/// (`t<position>`: events before it; none: from the newest) of a paged read.
pub fn page(req: &Incoming) -> Result<(usize, u64), ApiError> {
    let limit = req.u64("limit").unwrap_or(10).clamp(1, 1000) as usize;
    let before = match req.str("from") {
        None => u64::MAX,
        Some(t) => t
            .strip_prefix('t')
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| ApiError::bad_json(format!("field `from`: {t:?} is not a token of this API")))?,
    };
    Ok((limit, before))
}

/// Runs an action once per (user, device, endpoint, action ID): a retry
/// gets the first answer back and changes nothing.
pub fn once(app: &App, req: &Incoming, action: impl FnOnce(&mut crate::state::Store) -> Reply) -> Reply {
    let me = req.me();
    let key = req.str("action_id").map(|a| crate::state::Store::action_key(&me.user, &me.device, req.endpoint.name, a));
    let mut store = app.store();
    if let Some(first) = key.as_ref().and_then(|k| store.actions.get(k)) {
        return Ok(Answer::Text(first.clone()));
    }
    // New events wake their viewers' long-polls as they are appended.
    let answer = action(&mut store)?;
    if let Some(k) = key {
        store.actions.insert(k, answer.to_json());
    }
    Ok(answer)
}
