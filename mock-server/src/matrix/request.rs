//! One request of a spec endpoint, checked: the caller (from the access
//! token), and its parameters (path, query and body merged into one JSON
//! object) validated against the endpoint's generated request type.

use crate::app::App;
pub use crate::engine::http::{body_object, parse_query, percent_decode, token};
use crate::error::ApiError;
use axum::http::StatusCode;
use client_server_v2::dispatch::{with_request, TypeVisitor};
use client_server_v2::support::{Endpoint, Location};
use client_server_v2::Example;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: String,
    pub device: String,
    pub token: String,
}

#[derive(Debug, Clone)]
pub struct Incoming {
    pub endpoint: &'static Endpoint,
    /// Path, query and body parameters by wire name, after validation:
    /// read by handlers only as their request type (see
    /// [`crate::handlers::typed`]).
    pub params: Map<String, Value>,
    pub caller: Option<Caller>,
}

/// Resolves the caller, or fails with 401.
pub fn authenticate(app: &App, token: Option<String>) -> Result<Caller, ApiError> {
    let token = token.ok_or_else(ApiError::missing_token)?;
    let store = app.store();
    let (user, device) = store.tokens.get(&token).cloned().ok_or_else(ApiError::unknown_token)?;
    Ok(Caller { user, device, token })
}

/// Whether a value is of a type: the quick check, which every valid
/// request takes.
struct Fits<'a>(&'a Value);

impl TypeVisitor for Fits<'_> {
    type Output = bool;
    fn visit<T: serde::de::DeserializeOwned + serde::Serialize + Example + 'static>(self) -> bool {
        T::deserialize(self.0).is_ok()
    }
}

/// Why a value is not of a type, naming the field (the slow check, for
/// requests that failed the quick one).
struct Check<'a>(&'a Value);

impl TypeVisitor for Check<'_> {
    type Output = Result<(), (String, String)>;
    fn visit<T: serde::de::DeserializeOwned + serde::Serialize + Example + 'static>(self) -> Self::Output {
        serde_path_to_error::deserialize::<_, T>(self.0).map(|_| ()).map_err(|e| (e.path().to_string(), e.inner().to_string()))
    }
}

/// Path and query values arrive as strings; numbers and booleans are read
/// as such when the type wants them (`None`: the string stays a string).
fn coerce(s: &str) -> Option<Value> {
    match s {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        _ if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse::<u64>().ok().map(Value::from),
        _ => None,
    }
}

/// Merges path, query and body parameters and validates them against the
/// endpoint's request type (when the crate has it).
pub fn validate(
    endpoint: &'static Endpoint,
    path: Vec<(String, String)>,
    query: &Map<String, Value>,
    body: Map<String, Value>,
) -> Result<Map<String, Value>, ApiError> {
    let mut params = body;
    // The path and query strings read as numbers or booleans, by wire name.
    let mut coerced: Vec<(&'static str, String)> = Vec::new();
    for p in endpoint.params.iter().filter(|p| p.location != Location::Body) {
        let text = match p.location {
            Location::Path => path.iter().find(|(k, _)| k == p.wire).map(|(_, v)| v.as_str()),
            _ => query.get(p.wire).and_then(Value::as_str),
        };
        let Some(text) = text else { continue };
        let value = match coerce(text) {
            Some(v) => {
                coerced.push((p.wire, text.to_string()));
                v
            }
            None => Value::String(text.to_string()),
        };
        params.insert(p.wire.to_string(), value);
    }
    let mut params = Value::Object(params);
    match with_request(endpoint.name, Fits(&params)) {
        None | Some(true) => return Ok(into_map(params)),
        Some(false) => {}
    }
    let Some(Err(first)) = with_request(endpoint.name, Check(&params)) else { return Ok(into_map(params)) };
    // A string the type wanted as a string after all (`?search=123`): the
    // strings, once more.
    if !coerced.is_empty() {
        if let Value::Object(m) = &mut params {
            for (wire, text) in coerced {
                m.insert(wire.to_string(), Value::String(text));
            }
        }
        if let Some(true) = with_request(endpoint.name, Fits(&params)) {
            return Ok(into_map(params));
        }
    }
    let (path, msg) = first;
    if let Some(field) = msg.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
        let place = endpoint.params.iter().find(|p| p.wire == field).map_or("body", |p| match p.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
        });
        return Err(ApiError::missing_param(format!("missing parameter `{field}` (in the {place})")));
    }
    let at = if path == "." { String::from("the body") } else { format!("field `{path}`") };
    Err(ApiError::new(StatusCode::BAD_REQUEST, "M_BAD_JSON", format!("{at}: {msg}")))
}

fn into_map(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_decoded() {
        let q = parse_query(Some("a=1&b=x%20y&c=a+b&access_token=t&d=%23room%3Alocalhost&e=100%"));
        assert_eq!(q["d"], "#room:localhost");
        assert_eq!(q["e"], "100%");
        assert_eq!(q["b"], "x y");
        assert_eq!(q["c"], "a b");
        assert_eq!(q["access_token"], "t");
    }

    #[test]
    fn bodies_must_be_json_objects() {
        assert_eq!(body_object(b"").unwrap().len(), 0);
        assert_eq!(body_object(b"{nope").unwrap_err().errcode, "M_NOT_JSON");
        assert_eq!(body_object(b"[1]").unwrap_err().errcode, "M_BAD_JSON");
    }
}
