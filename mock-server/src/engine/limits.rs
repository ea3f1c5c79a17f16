//! The last lines of defence around every request, before and after the
//! pipeline: a body declared larger than the limit is refused at once, and a
//! handler that panics answers a JSON 500 instead of dropping the connection.
//!
//! Invariant: every answer, even these, is JSON `{errcode, error}`.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// How much of a refused body is read and thrown away before answering, so
/// that an ordinary client, still sending, reads the 413 rather than a reset
/// connection (a lingering close). Larger bodies are answered at once.
const DRAIN: usize = 1 << 20;

/// Refuses a request whose `Content-Length` is over `limit` without waiting
/// for (or keeping) its body.
pub async fn declared_body_limit(limit: usize, request: Request, next: Next) -> Response {
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => {
            if n <= DRAIN as u64 {
                let _ = tokio::time::timeout(Duration::from_secs(2), axum::body::to_bytes(request.into_body(), DRAIN)).await;
            }
            let body = serde_json::json!({ "errcode": "M_TOO_LARGE", "error": format!("the body is {n} bytes, more than {limit}") });
            (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONNECTION, "close")], axum::Json(body)).into_response()
        }
        _ => next.run(request).await,
    }
}

/// The answer when a handler panicked: logged, and a JSON 500.
pub fn panicked(why: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = why.downcast_ref::<String>().map(String::as_str).or_else(|| why.downcast_ref::<&str>().copied()).unwrap_or("(no message)");
    tracing::error!("a handler panicked: {what}");
    let body = serde_json::json!({ "errcode": "M_UNKNOWN", "error": "the mock failed on this request (a bug: its log says where)" });
    (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::{get, post};
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("boom")
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
    }

    fn app() -> axum::Router {
        axum::Router::new()
            .route("/panic", get(boom))
            .route("/echo", post(|b: String| async move { b }))
            .layer(axum::middleware::from_fn(|r, n| declared_body_limit(10, r, n)))
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
        assert_eq!((status, body["errcode"].as_str()), (StatusCode::INTERNAL_SERVER_ERROR, Some("M_UNKNOWN")));
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused() {
        let r = Request::post("/echo").header("content-length", "11").body(axum::body::Body::from("x".repeat(11))).unwrap();
        let (status, body) = block_on(call(r));
        assert_eq!((status, body["errcode"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("M_TOO_LARGE")));
        let r = Request::post("/echo").header("content-length", "3").body(axum::body::Body::from("abc")).unwrap();
        assert_eq!(block_on(app().oneshot(r)).unwrap().status(), StatusCode::OK);
    }
}
