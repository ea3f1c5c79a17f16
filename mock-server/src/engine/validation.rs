//! Generic engine: a request's path, query and body checked against its
//! endpoint's request type and merged into one object by wire name. Path
//! and query strings are converted by their declared type; body fields are
//! checked as serde reads the generated types; unknown body fields and
//! query parameters are errors naming them.

use super::spec::Served;
use crate::error::ApiError;
use serde_json::{Map, Value};
use specgen::types::values::{check_bounds, describe, Invalid, Problem};
use specgen::types::{Endpoint, Location};

/// The parameters of a request, validated: `path` by wire name, `query`
/// parsed, `body` the JSON object sent.
pub fn validate(
    served: &Served,
    api: usize,
    ep: &Endpoint,
    path: &[(String, String)],
    query: &Map<String, Value>,
    body: Map<String, Value>,
) -> Result<Map<String, Value>, ApiError> {
    let types = &served.types;
    // A query parameter the endpoint does not take is refused, not dropped
    // (`access_token` is the caller's, read before).
    let in_query: Vec<&str> = ep.request.fields.iter().filter(|f| f.location == Location::Query).map(|f| f.wire.as_str()).collect();
    if let Some(k) = query.keys().find(|k| *k != "access_token" && !in_query.contains(&k.as_str())) {
        let expected = if in_query.is_empty() { "none".to_string() } else { format!("one of {}", in_query.join(", ")) };
        return Err(ApiError::bad_json(format!("unknown query parameter `{k}`: expected {expected}")).on(k.as_str()));
    }
    let body_fields: Vec<_> = ep.request.fields.iter().filter(|f| f.location == Location::Body).collect();
    let mut body = body;
    types.integral_fields(api, &body_fields, &mut body);
    types.check_fields(api, &body_fields, &body, "").map_err(|e| refusal(ep, e))?;
    let mut params = body;
    for f in ep.request.fields.iter().filter(|f| f.location != Location::Body) {
        let text = match f.location {
            Location::Path => path.iter().find(|(k, _)| k == &f.wire).map(|(_, v)| v.as_str()),
            _ => query.get(&f.wire).and_then(Value::as_str),
        };
        match text {
            Some(t) => {
                let v = types.convert(api, &f.ty, t, &f.wire).map_err(|e| refusal(ep, e))?;
                check_bounds(f, &v, &f.wire).map_err(|e| refusal(ep, e))?;
                params.insert(f.wire.clone(), v);
            }
            None if f.ty.is_option() => {}
            None => return Err(refusal(ep, Invalid { at: f.wire.clone(), expected: describe(&f.ty), problem: Problem::Missing })),
        }
    }
    // A missing optional input takes the default its prose states.
    for f in &ep.request.fields {
        if let Some(d) = f.constraints.default.as_ref().filter(|_| !params.contains_key(&f.wire)) {
            if types.check(api, &f.ty, d, &f.wire).is_ok() {
                params.insert(f.wire.clone(), d.clone());
            }
        }
    }
    Ok(params)
}

/// The error for an invalid request, naming the field and where it travels.
fn refusal(ep: &Endpoint, e: Invalid) -> ApiError {
    let top = e.at.split(['.', '[']).next().unwrap_or("");
    let place = ep.request.fields.iter().find(|f| f.wire == top).map_or("body", |f| f.location.as_str());
    let message = format!("{} (in the {place})", e.message());
    let refused = match e.problem {
        Problem::Missing => ApiError::missing_param(message),
        _ => ApiError::bad_json(message),
    };
    refused.on(e.at)
}
