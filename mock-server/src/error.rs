//! Errors as the served spec writes them: the engine says what went wrong
//! (an [`ErrorKind`], a status, a message, the field to blame) and the
//! spec's [`ErrorFormat`] decides the body: `{"code", "message"}`, Matrix's
//! `{"errcode": "M_…", "error"}` from its overlay, RFC 9457 problem details
//! when the spec describes none.
//!
//! Invariant: [`ErrorFormat::render`] is the one place the error body's
//! shape is decided; every error answer of the server, the engine's edges
//! included, is written through it: an [`ApiError`] turned into a response
//! carries itself as an extension, and the server's edge
//! ([`crate::engine::limits::edge`]) renders it in the served spec's format.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
pub use specgen::types::errors::{ErrorFormat, ErrorKind};
use std::sync::Arc;

/// An error answer: its HTTP status, what kind of error, what went wrong
/// and the request field to blame, if one is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {}: {message}", kind.name())]
pub struct ApiError {
    pub status: StatusCode,
    pub kind: ErrorKind,
    pub message: String,
    pub field: Option<String>,
    /// The code the spec documents for this very error, over the format's.
    pub code: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError { status, kind, message: message.into(), field: None, code: None }
    }

    /// The same error with the code the spec documents for it.
    pub fn coded(mut self, code: Option<String>) -> Self {
        self.code = code;
        self
    }

    /// The same error, blaming the request field `field`.
    pub fn on(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn not_json(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorKind::NotJson, m)
    }

    pub fn bad_json(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorKind::BadJson, m)
    }

    /// A request over a size limit: its head (431, or 414 for the target
    /// alone) or its body (413).
    pub fn too_large(status: StatusCode, m: impl Into<String>) -> Self {
        Self::new(status, ErrorKind::TooLarge, m)
    }

    pub fn missing_param(m: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorKind::MissingParam, m)
    }

    pub fn missing_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorKind::MissingToken,
            "an access token is required (Authorization: Bearer TOKEN, or ?access_token=)",
        )
    }

    pub fn unknown_token() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorKind::UnknownToken, "the access token is not known (revoked, or its account deleted)")
    }

    pub fn forbidden(m: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorKind::Forbidden, m)
    }

    pub fn not_found(m: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorKind::NotFound, m)
    }

    pub fn unrecognized(status: StatusCode, m: impl Into<String>) -> Self {
        Self::new(status, ErrorKind::Unrecognized, m)
    }

    pub fn in_use(m: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorKind::InUse, m)
    }

    /// A 500: the mock itself failed.
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorKind::Internal, m)
    }

    /// The answer in `format`: its status (200 where the spec's errors
    /// travel as 200), content type and body.
    pub fn response_in(&self, format: &ErrorFormat) -> Response {
        let r = format.render_coded(self.kind, self.status.as_u16(), self.code.as_deref(), &self.message, self.field.as_deref());
        let status = StatusCode::from_u16(r.status).unwrap_or(self.status);
        let mut response = (status, r.body.to_string()).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(r.content_type));
        response
    }

    /// The body in `format`, as text.
    pub fn body_in(&self, format: &ErrorFormat) -> String {
        format.render_coded(self.kind, self.status.as_u16(), self.code.as_deref(), &self.message, self.field.as_deref()).body.to_string()
    }
}

/// An answer in the default format (problem details) that carries the
/// error itself, for the server's edge to write in the served spec's
/// format ([`ErrorStyle`]).
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.response_in(&ErrorFormat::default());
        response.extensions_mut().insert(self);
        response
    }
}

/// Where the server reads the error format of the spec it serves now (a
/// reload may change it).
#[derive(Clone)]
pub struct ErrorStyle(Arc<dyn Fn() -> Arc<ErrorFormat> + Send + Sync>);

impl ErrorStyle {
    pub fn new(current: impl Fn() -> Arc<ErrorFormat> + Send + Sync + 'static) -> Self {
        ErrorStyle(Arc::new(current))
    }

    /// Always `format`.
    pub fn fixed(format: ErrorFormat) -> Self {
        let format = Arc::new(format);
        ErrorStyle::new(move || format.clone())
    }

    pub fn current(&self) -> Arc<ErrorFormat> {
        (self.0)()
    }
}

impl Default for ErrorStyle {
    fn default() -> Self {
        ErrorStyle::fixed(ErrorFormat::default())
    }
}

impl std::fmt::Debug for ErrorStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ErrorStyle")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_answers_its_status_and_carries_itself() {
        let e = ApiError::forbidden("no");
        assert_eq!(e.to_string(), "403 Forbidden forbidden: no");
        let response = e.clone().into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(response.extensions().get::<ApiError>(), Some(&e));
        let read = axum::body::to_bytes(response.into_body(), 1024);
        let bytes = tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(read).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!((body["status"].as_u64(), body["detail"].as_str()), (Some(403), Some("no")));
    }
}
