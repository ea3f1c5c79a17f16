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
//! router calls ([`register`]). Shared by the groups: [`access`] (who may
//! act in a room), [`aliases`] (the alias rules), [`actions`] (action IDs:
//! an action done once), [`params`] (event content, paging).

pub mod access;
pub mod accounts;
pub mod actions;
pub mod aliases;
pub mod directory;
pub mod events;
pub mod messages;
pub mod params;
pub mod people;
pub mod power_levels;
pub mod reading;
pub mod register;
pub mod rooms;
pub mod state_events;

use crate::matrix::request::Incoming;
use crate::matrix::state::to_json;
use client_server_v2::dispatch::{with_response, TypeVisitor};
use client_server_v2::Example;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use register::{open, typed, waiting, AsyncFn, BoxReply, Handler, Registered, Reply, SyncFn};

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
