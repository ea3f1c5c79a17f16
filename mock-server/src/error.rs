//! Errors as the binding defines them: `{"errcode": "M_…", "error": "…"}`
//! with the matching HTTP status.

use axum::http::StatusCode;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
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

    pub fn body(&self) -> serde_json::Value {
        json!({ "errcode": self.errcode, "error": self.message })
    }
}
