//! Who may reach the control routes (`/_mock/*`): a developer's own tools,
//! never a web page. Any page a developer visits could otherwise read every
//! token from `/_mock/state` or reset the server.
//!
//! Invariants: `/_mock/*` answers carry no CORS headers (a page cannot read
//! them), and a request to `/_mock/*` is refused when a browser says it
//! comes from another site (`Origin` of another host, `Sec-Fetch-Site` other
//! than same-origin or none) or when it names the server by a DNS name other
//! than `localhost` (a rebinding attack makes a page's own origin point here).
//! The spec's own routes stay open to browser clients, with CORS.

use super::around::{Around, Then};
use crate::error::ApiError;
use axum::extract::Request;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

/// CORS for the spec's routes (any origin, as browser clients need), none
/// for the control routes.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|_, parts| !is_control(parts.uri.path())))
        .allow_methods(Any)
        .allow_headers(Any)
        .expose_headers(Any)
}

fn is_control(path: &str) -> bool {
    path == "/_mock" || path.starts_with("/_mock/")
}

/// Outside [`cors`]: a control request from a web page is refused (see the
/// module's invariants), a preflight for one too, and a control route's
/// answer carries no `Access-Control-*` header at all (the CORS layer
/// would still expose headers and answer preflights).
#[derive(Clone, Copy)]
pub struct ControlWithoutCors;

impl Around for ControlWithoutCors {
    /// Whether the request is for a control route.
    type Seen = bool;

    fn before(&self, request: &Request) -> Then<bool> {
        if !is_control(request.uri().path()) {
            return Then::Call(false);
        }
        if request.method() == axum::http::Method::OPTIONS {
            return Then::Answer(refused(Refusal::Preflight).into_response());
        }
        match allowed(request.headers()) {
            Ok(()) => Then::Call(true),
            Err(why) => Then::Answer(refused(why).into_response()),
        }
    }

    async fn after(self, control: bool, mut response: Response) -> Response {
        if control {
            let cors: Vec<header::HeaderName> =
                response.headers().keys().filter(|k| k.as_str().starts_with("access-control-")).cloned().collect();
            for name in cors {
                response.headers_mut().remove(name);
            }
        }
        response
    }
}

/// Why a control request was refused.
#[derive(Debug, thiserror::Error)]
enum Refusal {
    #[error("no cross-origin requests")]
    Preflight,
    #[error("reach them as localhost or by IP address, not as `{0}`")]
    Host(String),
    #[error("the request comes from another site (Sec-Fetch-Site: {0})")]
    Site(String),
    #[error("the request comes from the page {0}")]
    Origin(String),
}

fn refused(why: Refusal) -> ApiError {
    ApiError::forbidden(format!("the control routes are not for web pages: {why}"))
}

fn allowed(headers: &HeaderMap) -> Result<(), Refusal> {
    let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("(not text)").to_string());
    let host = text(header::HOST).unwrap_or_default();
    let host_name = host_name(&host);
    if !(host_name.eq_ignore_ascii_case("localhost") || host_name.parse::<std::net::IpAddr>().is_ok()) {
        return Err(Refusal::Host(host));
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return Err(Refusal::Site(site.to_string()));
        }
    }
    if let Some(origin) = text(header::ORIGIN) {
        let origin_host = origin.split_once("://").map_or(origin.as_str(), |(_, rest)| rest);
        if !origin_host.eq_ignore_ascii_case(&host) {
            return Err(Refusal::Origin(origin));
        }
    }
    Ok(())
}

/// `127.0.0.1:8008` → `127.0.0.1`; `[::1]:8008` → `::1`; `localhost` → itself.
fn host_name(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, port)| if port.chars().all(|c| c.is_ascii_digit()) { name } else { host })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(header::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    #[test]
    fn tools_pass_and_pages_do_not() {
        assert!(allowed(&headers(&[("host", "127.0.0.1:8008")])).is_ok(), "curl");
        assert!(allowed(&headers(&[("host", "localhost:8008"), ("origin", "http://localhost:8008")])).is_ok(), "the mock's own page");
        assert!(allowed(&headers(&[("host", "[::1]:8008"), ("sec-fetch-site", "none")])).is_ok(), "typed in the address bar");
        assert!(allowed(&headers(&[("host", "127.0.0.1:8008"), ("origin", "https://evil.example")])).is_err());
        assert!(allowed(&headers(&[("host", "127.0.0.1:8008"), ("sec-fetch-site", "cross-site")])).is_err());
        assert!(allowed(&headers(&[("host", "evil.example:8008"), ("origin", "http://evil.example:8008")])).is_err(), "DNS rebinding");
    }

    #[test]
    fn host_names() {
        assert_eq!(host_name("127.0.0.1:8008"), "127.0.0.1");
        assert_eq!(host_name("[::1]:8008"), "::1");
        assert_eq!(host_name("localhost"), "localhost");
    }
}
