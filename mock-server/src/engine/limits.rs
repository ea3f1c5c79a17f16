//! The last lines of defence around every request, before and after the
//! pipeline: a head over the limits is refused, a body declared larger than
//! the limit is refused at once, and a handler that panics answers a JSON
//! 500 instead of dropping the connection.
//!
//! Invariant: every error answer, even these, is written in the served
//! spec's error format (an [`ApiError`] rendered through [`ErrorStyle`]).

use super::around::{Around, Then};
use crate::error::{ApiError, ErrorKind, ErrorStyle};
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The largest request head served: the request line and the header lines.
pub const MAX_HEAD: usize = 64 * 1024;
/// The most header lines a request may have (the HTTP parser refuses more
/// itself: see [`super::serve`]).
pub const MAX_HEADERS: usize = 100;

/// The server's edge, around everything else (one layer, as each layer
/// costs every request): refuses, with a 431, a request whose head is over
/// [`MAX_HEAD`] (the HTTP parser's own bound lies above: see
/// [`super::serve`]); writes every error answer in the served spec's
/// format (`errors`): those the pipeline gives as an [`ApiError`], and
/// those that are not JSON at all (one of axum's own, such as a control
/// route's body that cannot be read).
#[derive(Clone)]
pub struct Edge(pub ErrorStyle);

impl Around for Edge {
    type Seen = ();

    fn before(&self, request: &Request) -> Then<()> {
        match over_head_limit(request) {
            Some(e) => Then::Answer(closing(e.response_in(&self.0.current()))),
            None => Then::Call(()),
        }
    }

    async fn after(self, (): (), mut response: Response) -> Response {
        let errors = self.0;
        let status = response.status();
        if let Some(e) = response.extensions_mut().remove::<ApiError>() {
            let mut written = e.response_in(&errors.current());
            keep_headers(response.headers(), &mut written);
            response = written;
        } else if (status.is_client_error() || status.is_server_error()) && !is_json(response.headers()) {
            response = as_json(response, &errors).await;
        }
        // A body refused as too large may be partly unread: the connection
        // cannot carry another request, so it closes (lingering).
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            response.headers_mut().insert(header::CONNECTION, header::HeaderValue::from_static("close"));
        }
        response
    }
}

fn over_head_limit(request: &Request) -> Option<ApiError> {
    let size = head_size(request);
    (size > MAX_HEAD).then(|| {
        let m = format!("the request head is {size} bytes, larger than {} KiB", MAX_HEAD / 1024);
        ApiError::too_large(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, m)
    })
}

/// The head's size as sent, counted from what was parsed: the request line
/// and each header line with its line end, and the empty line.
fn head_size(request: &Request) -> usize {
    let uri = request.uri();
    let target = uri.scheme_str().map_or(0, |s| s.len() + "://".len())
        + uri.authority().map_or(0, |a| a.as_str().len())
        + uri.path_and_query().map_or(0, |p| p.as_str().len());
    let line = request.method().as_str().len() + 1 + target + " HTTP/1.1\r\n".len();
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + ": ".len() + value.len() + 2).sum();
    line + headers + 2
}

/// Refuses a request whose `Content-Length` is over `limit` at once,
/// without reading (or keeping) its body: the connection closes after the
/// answer, lingering so that a client still sending reads it (see
/// [`super::serve`]).
///
/// The limit is the function's, per request (a state put back takes more).
#[derive(Clone)]
pub struct DeclaredBodyLimit<F>(pub F);

impl<F: Fn(&Request) -> usize + Clone + Send + Sync + 'static> Around for DeclaredBodyLimit<F> {
    type Seen = ();

    fn before(&self, request: &Request) -> Then<()> {
        let limit = (self.0)(request);
        let declared =
            request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
        match declared {
            Some(n) if n > limit as u64 => {
                let e = ApiError::too_large(StatusCode::PAYLOAD_TOO_LARGE, format!("the body is {n} bytes, more than {limit}"));
                Then::Answer(closing(e.into_response()))
            }
            _ => Then::Call(()),
        }
    }

    async fn after(self, (): (), response: Response) -> Response {
        response
    }
}

/// The error answer `response` with the same status and headers, its text
/// as the message of the served spec's error body.
async fn as_json(response: Response, errors: &ErrorStyle) -> Response {
    let (parts, body) = response.into_parts();
    let status = parts.status;
    let text = axum::body::to_bytes(body, 64 * 1024).await.map(|b| String::from_utf8_lossy(&b).trim().to_string()).unwrap_or_default();
    let kind = match status.as_u16() {
        400 => ErrorKind::BadJson,
        404 | 405 => ErrorKind::Unrecognized,
        413 | 414 | 431 => ErrorKind::TooLarge,
        _ => ErrorKind::Internal,
    };
    let error = if text.is_empty() { status.canonical_reason().unwrap_or("an error").to_string() } else { text };
    let mut written = ApiError::new(status, kind, error).response_in(&errors.current());
    keep_headers(&parts.headers, &mut written);
    written
}

/// The headers an answer had (Allow, Retry-After, Connection, CORS) kept
/// on the error body written in its place; its own body's type and length
/// are the new body's.
fn keep_headers(from: &header::HeaderMap, to: &mut Response) {
    for (name, value) in from {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            to.headers_mut().insert(name.clone(), value.clone());
        }
    }
}

/// Whether a content type is JSON (`application/json`, or a `+json` type
/// such as problem details).
fn is_json(headers: &header::HeaderMap) -> bool {
    let essence = |v: &str| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(essence)
        .is_some_and(|v| v == "application/json" || v.ends_with("+json"))
}

/// The answer when a handler panicked: logged, and a JSON 500.
pub fn panicked(why: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = why.downcast_ref::<String>().map(String::as_str).or_else(|| why.downcast_ref::<&str>().copied()).unwrap_or("(no message)");
    tracing::error!("a handler panicked: {what}");
    ApiError::internal("the mock failed on this request (a bug: its log says where)").into_response()
}

/// `response`, and the connection closed after it.
fn closing(mut response: Response) -> Response {
    response.headers_mut().insert(header::CONNECTION, header::HeaderValue::from_static("close"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::{get, post};
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("boom")
    }

    /// A spec whose errors are `{"code", "message"}`.
    fn spec_style() -> ErrorStyle {
        let written = specgen::model::errors::ErrorConvention {
            pos: Default::default(),
            code: Some(vec!["code".into()]),
            message: Some(vec!["message".into()]),
            status: None,
            fixed: vec![],
            style: None,
            codes: Default::default(),
            as_200_except: None,
        };
        ErrorStyle::fixed(crate::error::ErrorFormat { written: Some(written), ..Default::default() })
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    fn app() -> axum::Router {
        axum::Router::new()
            .route("/panic", get(boom))
            .route("/echo", post(|b: String| async move { b }))
            .layer(crate::engine::around::AroundLayer(DeclaredBodyLimit(|_: &Request| 10)))
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
    }

    async fn call(r: Request) -> (StatusCode, serde_json::Value) {
        let res = app().oneshot(r).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    }

    #[test]
    fn a_panic_is_a_json_500() {
        let (status, body) = block_on(call(Request::get("/panic").body(axum::body::Body::empty()).unwrap()));
        assert_eq!((status, body["title"].as_str()), (StatusCode::INTERNAL_SERVER_ERROR, Some("Internal Server Error")));
    }

    #[test]
    fn an_error_that_is_not_json_becomes_json() {
        let app = axum::Router::new()
            .route("/text", get(|| async { (StatusCode::BAD_REQUEST, [("vary", "origin")], "Failed to buffer the request body") }))
            .route("/ok", get(|| async { "plain" }))
            .layer(crate::engine::around::AroundLayer(Edge(spec_style())));
        let res = block_on(app.clone().oneshot(Request::get("/text").body(axum::body::Body::empty()).unwrap())).unwrap();
        assert_eq!((res.status(), res.headers()["content-type"].to_str().unwrap()), (StatusCode::BAD_REQUEST, "application/json"));
        assert_eq!(res.headers()["vary"], "origin", "the other headers are kept");
        let bytes = block_on(axum::body::to_bytes(res.into_body(), 1 << 16)).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body, serde_json::json!({ "code": "bad_request", "message": "Failed to buffer the request body" }));
        let res = block_on(app.oneshot(Request::get("/ok").body(axum::body::Body::empty()).unwrap())).unwrap();
        assert_eq!(res.headers()["content-type"], "text/plain; charset=utf-8", "a success is left alone");
    }

    #[test]
    fn a_head_over_the_limit_is_a_431() {
        // "GET /echo HTTP/1.1\r\n" (20) + "x: " + value + "\r\n" + "\r\n": 64 KiB exactly passes.
        let fits = Request::get("/echo").header("x", "v".repeat(MAX_HEAD - 27)).body(axum::body::Body::empty()).unwrap();
        assert_eq!(block_on(call_with_head_limits(fits)).0, StatusCode::OK);
        let over = Request::get("/echo").header("x", "v".repeat(MAX_HEAD - 26)).body(axum::body::Body::empty()).unwrap();
        let (status, body) = block_on(call_with_head_limits(over));
        assert_eq!(
            (status, body["message"].as_str().unwrap()),
            (StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, "the request head is 65537 bytes, larger than 64 KiB")
        );
    }

    async fn call_with_head_limits(r: Request) -> (StatusCode, serde_json::Value) {
        let app = axum::Router::new().route("/echo", get(|| async { "{}" })).layer(crate::engine::around::AroundLayer(Edge(spec_style())));
        let res = app.oneshot(r).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 16).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused() {
        let r = Request::post("/echo").header("content-length", "11").body(axum::body::Body::from("x".repeat(11))).unwrap();
        let (status, body) = block_on(call(r));
        assert_eq!((status, body["detail"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("the body is 11 bytes, more than 10")));
        let r = Request::post("/echo").header("content-length", "3").body(axum::body::Body::from("abc")).unwrap();
        assert_eq!(block_on(app().oneshot(r)).unwrap().status(), StatusCode::OK);
    }
}
