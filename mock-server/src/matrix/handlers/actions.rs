//! Action IDs: an action done once per (user, device, endpoint, action ID),
//! a retry answered with the first answer.

use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{to_json, Json, Store};
use client_server_v2::support::Request;
use client_server_v2::ActionId;
use serde::de::DeserializeOwned;
use serde::Serialize;

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
