//! Action IDs: an action done once per (user, device, endpoint, path,
//! action ID), a retry of the same request answered with the first answer,
//! the same ID with another request refused ([`crate::engine::retry`]).

use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{to_json, Json, Store};
use client_server_v2::support::Request;
use client_server_v2::ActionId;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::to_value as value;

fn to_value<T: Serialize>(t: &T) -> serde_json::Value {
    value(t).unwrap_or_default()
}

/// Runs an action of endpoint `R` once per (user, device, endpoint, path,
/// action ID): the first answer is kept as JSON text of `R::Response`, and
/// a retry of `request` gets it back, read as that type, and changes
/// nothing; the ID sent with another request is a 422.
pub fn once<R>(
    app: &App,
    me: &Caller,
    request: &R,
    action: Option<&ActionId>,
    act: impl FnOnce(&mut Store) -> Result<R::Response, ApiError>,
) -> Result<R::Response, ApiError>
where
    R: Request,
    R::Response: Serialize,
{
    let retry =
        action.map(|a| Store::action_retry(&me.user, &me.device, R::ENDPOINT.name, &request.path(), a.as_str(), &to_value(request)));
    let mut store = app.store();
    if let Some(r) = &retry {
        if let Some(first) = store.actions.get(&r.key) {
            r.check(store.action_requests.get(&r.key).map(String::as_str))?;
            return kept(first, R::ENDPOINT.name);
        }
    }
    // New events wake their viewers' long-polls as they are appended.
    let answer = act(&mut store)?;
    if let Some(r) = retry {
        store.actions.insert(r.key.clone(), to_json(&answer));
        store.action_requests.insert(r.key, r.request);
    }
    Ok(answer)
}

/// An answer kept for an action ID, read back as its type. One that does
/// not read (a state file from an older server) is an error, not a guess.
pub fn kept<T: DeserializeOwned>(first: &Json, endpoint: &str) -> Result<T, ApiError> {
    serde_json::from_str(first.get()).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            crate::error::ErrorKind::Internal,
            format!("the answer kept for this action ID of `{endpoint}` no longer reads as its type: {e}"),
        )
    })
}
