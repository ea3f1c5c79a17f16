//! Errors as the binding defines them: `{"errcode": "M_…", "error": "…"}`
//! with the matching HTTP status.
//!
//! Invariant: [`ApiError::body`] is the one place the error body's shape is
//! decided; every error answer of the server, the engine's edges included,
//! is written through it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answer: its HTTP status, its `errcode` and what went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {errcode}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub errcode: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, errcode: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, errcode, message: message.into() }
    }

    pub fn not_json(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "M_NOT_JSON", m)
    }

    pub fn bad_json(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "M_BAD_JSON", m)
    }

    /// A request over a size limit: its head (431, or 414 for the target
    /// alone) or its body (413).
    pub fn too_large(status: StatusCode, m: impl Into<String>) -> Self {
        Self::new(status, "M_TOO_LARGE", m)
    }

    pub fn missing_param(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "M_MISSING_PARAM", m)
    }

    pub fn missing_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "M_MISSING_TOKEN",
            "an access token is required (Authorization: Bearer TOKEN, or ?access_token=)",
        )
    }

    pub fn unknown_token() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "M_UNKNOWN_TOKEN", "the access token is not known (revoked, or its account deleted)")
    }

    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "M_FORBIDDEN", m)
    }

    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "M_NOT_FOUND", m)
    }

    pub fn unrecognized(status: StatusCode, m: impl Into<String>) -> Self {
        Self::new(status, "M_UNRECOGNIZED", m)
    }

    pub fn in_use(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "M_IN_USE", m)
    }

    /// A 500: the mock itself failed (`M_UNKNOWN`).
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "M_UNKNOWN", m)
    }

    /// The error body: the one place its shape is decided.
    pub fn body(&self) -> serde_json::Value {
        json!({ "errcode": self.errcode, "error": self.message })
    }
}

/// The status with the JSON [`ApiError::body`].
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_answers_its_status_and_body() {
        let e = ApiError::forbidden("no");
        assert_eq!(e.to_string(), "403 Forbidden M_FORBIDDEN: no");
        let response = e.clone().into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.headers()[axum::http::header::CONTENT_TYPE], "application/json");
        let read = axum::body::to_bytes(response.into_body(), 1024);
        let bytes = tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(read).unwrap();
        assert_eq!(&bytes[..], br#"{"errcode":"M_FORBIDDEN","error":"no"}"#);
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(), e.body());
    }
}
