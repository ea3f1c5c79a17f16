//! One request of a spec endpoint as the profile gets it from the engine:
//! its parameters (path, query and body merged into one JSON object,
//! already validated by the engine against the endpoint's request type) and
//! the caller, resolved from the access token when the request acts.

pub use crate::engine::http::{body_object, parse_query, token};
use crate::error::ApiError;
use crate::matrix::app::App;
use client_server_v2::support::Endpoint;
use client_server_v2::{DeviceId, UserId};
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Caller {
    pub user: UserId,
    pub device: DeviceId,
    pub token: String,
}

#[derive(Debug, Clone)]
pub struct Incoming {
    pub endpoint: &'static Endpoint,
    /// Path, query and body parameters by wire name, after validation:
    /// read by handlers only as their request type (see
    /// [`crate::matrix::handlers::typed`]).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_are_decoded() {
        let q = parse_query(Some("a=1&b=x%20y&c=a+b&access_token=t&d=%23room%3Alocalhost&e=100%")).unwrap();
        assert_eq!(q["d"], "#room:localhost");
        assert_eq!(q["e"], "100%");
        assert_eq!(q["b"], "x y");
        assert_eq!(q["c"], "a b");
        assert_eq!(q["access_token"], "t");
    }

    #[test]
    fn bodies_must_be_json_objects() {
        assert_eq!(body_object(b"").unwrap().len(), 0);
        assert_eq!(body_object(b"{nope").unwrap_err().kind, crate::error::ErrorKind::NotJson);
        assert_eq!(body_object(b"[1]").unwrap_err().kind, crate::error::ErrorKind::BadJson);
    }
}
