//! Generic engine (shared with the Matrix profile): the pieces of a request
//! every spec reads the same way: the access token, the query string, the
//! body and the JSON in it.

use crate::error::{ApiError, ErrorKind};
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};
use std::pin::Pin;

/// The access token of a request: `Authorization: Bearer …` or
/// `?access_token=…`.
pub fn token(headers: &HeaderMap, query: &Map<String, Value>) -> Option<String> {
    let header =
        headers.get("authorization").and_then(|h| h.to_str().ok()).and_then(|h| h.strip_prefix("Bearer ")).map(|t| t.trim().to_string());
    header.or_else(|| query.get("access_token").and_then(Value::as_str).map(str::to_string))
}

/// Parses a query string into strings by key; a key or value that is not
/// UTF-8 once percent-decoded, or a key given twice (`limit=1&limit=2`:
/// which one was meant? a body giving a key twice is refused the same
/// way), is a 400 naming it.
pub fn parse_query(raw: Option<&str>) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let not_utf8 = |what: &str| ApiError::bad_json(format!("query parameter {what}: {k:?} is not UTF-8 once percent-decoded"));
        let key = decode(k, true).ok_or_else(|| not_utf8("name"))?;
        let value = decode(v, true).ok_or_else(|| not_utf8(&format!("`{key}`")))?;
        if out.contains_key(&key) {
            return Err(ApiError::bad_json(format!("query parameter `{key}` is given twice")));
        }
        out.insert(key, Value::String(value));
    }
    Ok(out)
}

/// Whether a request's body, when it has one, is JSON by its headers: a
/// `Content-Type` other than JSON (`application/json`, `…+json`), or a
/// `Content-Encoding` other than `identity`, is a 415 naming it (a body is
/// never guessed at). No `Content-Type` at all is read as JSON.
pub fn json_body_headers(headers: &HeaderMap) -> Result<(), ApiError> {
    let unsupported = |m: String| ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, ErrorKind::NotJson, m);
    if let Some(ct) = headers.get(axum::http::header::CONTENT_TYPE) {
        let text = ct.to_str().unwrap_or("").to_ascii_lowercase();
        let media = text.split(';').next().unwrap_or("").trim();
        if media != "application/json" && !(media.starts_with("application/") && media.ends_with("+json")) {
            return Err(unsupported(format!(
                "the body is sent as {:?}; send it as application/json",
                String::from_utf8_lossy(ct.as_bytes())
            )));
        }
    }
    for enc in headers.get_all(axum::http::header::CONTENT_ENCODING) {
        let text = enc.to_str().unwrap_or("");
        if text.split(',').any(|e| !e.trim().eq_ignore_ascii_case("identity")) {
            return Err(unsupported(format!("the body is encoded {text:?}, which is not read; send it unencoded")));
        }
    }
    Ok(())
}

/// An id a request names, as the store keeps ids (text): a string, or an
/// id the spec writes as a number (`/shows/17`).
pub fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        _ => None,
    }
}

/// A path segment percent-decoded (`+` is itself there); `None` when the
/// bytes are not UTF-8.
pub fn path_decode(s: &str) -> Option<String> {
    decode(s, false)
}

/// `%XX` escapes decoded (and `+` as a space in a query); `None` when the
/// bytes are not UTF-8. A `%` not followed by two hex digits is itself.
fn decode(s: &str, plus_is_space: bool) -> Option<String> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let decoded = (bytes[i] == b'%' && i + 2 < bytes.len()).then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?)).flatten();
        match (bytes[i], decoded) {
            (_, Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', None) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            (b, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The body as a JSON object: empty is `{}`; not JSON is `M_NOT_JSON`; not
/// an object is `M_BAD_JSON`.
pub fn body_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    // No body at all is no fields (required ones are then missing); a body
    // of whitespace, or of a form feed, is not JSON.
    if bytes.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<JsonBody>(bytes) {
        Ok(JsonBody::Object(m)) => Ok(m),
        Ok(JsonBody::Other) => Err(ApiError::bad_json("the body must be a JSON object")),
        Ok(JsonBody::Twice(key)) => Err(ApiError::bad_json(format!("field `{key}` is given twice in the body"))),
        Err(e) => Err(ApiError::not_json(format!("the body is not JSON: {e}"))),
    }
}

/// A request body as read: an object whose keys are each given once (the
/// generated serde types refuse a field given twice; a map would keep the
/// last silently), or the first key given twice, or another JSON value.
enum JsonBody {
    Object(Map<String, Value>),
    Twice(String),
    Other,
}

impl<'de> serde::Deserialize<'de> for JsonBody {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = JsonBody;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<JsonBody, A::Error> {
                let mut m = Map::new();
                let mut twice = None;
                while let Some(k) = a.next_key::<String>()? {
                    let v: Value = a.next_value()?;
                    if m.contains_key(&k) {
                        twice.get_or_insert(k);
                    } else {
                        m.insert(k, v);
                    }
                }
                Ok(twice.map_or(JsonBody::Object(m), JsonBody::Twice))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<JsonBody, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(JsonBody::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<JsonBody, E> {
                Ok(JsonBody::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<JsonBody, E> {
                Ok(JsonBody::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<JsonBody, E> {
                Ok(JsonBody::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<JsonBody, E> {
                Ok(JsonBody::Other)
            }
            fn visit_str<E>(self, _: &str) -> Result<JsonBody, E> {
                Ok(JsonBody::Other)
            }
            fn visit_unit<E>(self) -> Result<JsonBody, E> {
                Ok(JsonBody::Other)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Reads a request body of at most `limit` bytes. Over the limit is 413
/// `M_TOO_LARGE`; a body that cannot be read (a malformed chunk size, a
/// connection closed halfway, the body timeout) is 400 `M_BAD_JSON` saying
/// why. Trailers carry no body and are passed over.
pub async fn read_body(mut body: Body, limit: usize) -> Result<Bytes, ApiError> {
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame = frame.map_err(|e| ApiError::bad_json(format!("the body could not be read: {}", causes(&e))))?;
        let Ok(data) = frame.into_data() else { continue };
        if out.len() + data.len() > limit {
            return Err(ApiError::too_large(StatusCode::PAYLOAD_TOO_LARGE, format!("the body is larger than {limit} bytes")));
        }
        out.extend_from_slice(&data);
    }
    Ok(out.into())
}

/// An error and its causes, `: `-separated, each said once (a wrapper that
/// shows its cause's text is not repeated).
fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut next = e.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.ends_with(&text)) {
            parts.push(text);
        }
        next = cause.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_refused_by_name() {
        let e = body_object(br#"{"title": "a", "n": 1, "title": "b"}"#).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (crate::error::ErrorKind::BadJson, "field `title` is given twice in the body"));
        assert_eq!(body_object(br#"{"a": {"b": 1}, "c": [1, {"d": null}]}"#).unwrap().len(), 2);
        assert_eq!(body_object(b"[1, 2]").unwrap_err().kind, crate::error::ErrorKind::BadJson);
        assert_eq!(body_object(b"\"x\"").unwrap_err().kind, crate::error::ErrorKind::BadJson);
        assert_eq!(body_object(b"{\"a\": ").unwrap_err().kind, crate::error::ErrorKind::NotJson);
    }

    #[test]
    fn a_query_key_given_twice_is_refused_by_name() {
        let e = parse_query(Some("limit=1&from=x&limit=2")).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (crate::error::ErrorKind::BadJson, "query parameter `limit` is given twice"));
        assert_eq!(parse_query(Some("limit=1&from=x")).unwrap().len(), 2);
    }

    #[test]
    fn only_json_bodies_are_read() {
        let with = |pairs: &[(&'static str, &'static str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.append(*k, axum::http::HeaderValue::from_static(v));
            }
            json_body_headers(&h).map_err(|e| (e.status.as_u16(), e.message))
        };
        assert!(with(&[]).is_ok());
        assert!(with(&[("content-type", "application/json; charset=utf-8"), ("content-encoding", "identity")]).is_ok());
        assert!(with(&[("content-type", "application/merge-patch+json")]).is_ok());
        let e = with(&[("content-type", "application/x-www-form-urlencoded")]).unwrap_err();
        assert_eq!(e, (415, "the body is sent as \"application/x-www-form-urlencoded\"; send it as application/json".into()));
        assert_eq!(with(&[("content-type", "text/plain")]).unwrap_err().0, 415);
        assert_eq!(
            with(&[("content-encoding", "gzip")]).unwrap_err().1,
            "the body is encoded \"gzip\", which is not read; send it unencoded"
        );
    }

    #[test]
    fn a_query_value_that_is_not_utf8_is_refused_by_name() {
        let e = parse_query(Some("limit=5&search=%FF%FE")).unwrap_err();
        assert!(e.message.starts_with("query parameter `search`:"), "{}", e.message);
        assert_eq!(parse_query(Some("q=caf%C3%A9+au+lait")).unwrap()["q"], "café au lait");
    }
}
