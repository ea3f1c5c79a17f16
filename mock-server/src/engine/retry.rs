//! Generic engine: retries keyed like an idempotency key (as Stripe's
//! `Idempotency-Key`): the first answer to a request ID is kept under the
//! caller, the endpoint, every path parameter and the ID, beside the
//! request it answered. A retry of the same request gets that answer back
//! and changes nothing; the same key with another request is refused,
//! naming the key, and changes nothing either.
//!
//! Invariant: a request is validated before its key is looked up, so an
//! invalid request is refused as invalid, never answered from a replay;
//! and an answer is only replayed to the request it answered (same caller,
//! endpoint, path, ID and content).

use crate::error::{ApiError, ErrorKind};
use axum::http::StatusCode;
use serde_json::Value;

/// The key of one retryable request and the request itself, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub key: String,
    pub request: String,
    id: String,
}

impl Retry {
    /// `path`: the values of the endpoint's path parameters, in order;
    /// `request`: the request as validated (body, query and path fields).
    pub fn new(caller: Option<&str>, endpoint: &str, path: &[&str], id: &str, request: &Value) -> Retry {
        let mut key = format!("{}\u{1f}{endpoint}", caller.unwrap_or(""));
        for p in path {
            key.push('\u{1f}');
            key.push_str(p);
        }
        key.push('\u{1f}');
        key.push_str(id);
        Retry { key, request: request.to_string(), id: id.to_string() }
    }

    /// Whether the answer kept for this key may be given back: yes when it
    /// answered this same request (or a state saved before requests were
    /// kept says nothing of it); the key used for another request is a 422.
    pub fn check(&self, kept_request: Option<&str>) -> Result<(), ApiError> {
        match kept_request {
            Some(first) if first != self.request => Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorKind::InUse,
                format!(
                    "request ID `{}` was already used for another request to this endpoint: a retry repeats its request exactly; send a new ID for a new request",
                    self.id
                ),
            )),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keyed_by_caller_endpoint_path_and_id_and_checked_against_the_request() {
        let a = Retry::new(Some("ada"), "add_note", &["notebook_1"], "r1", &json!({"text": "hi"}));
        let other_notebook = Retry::new(Some("ada"), "add_note", &["notebook_2"], "r1", &json!({"text": "hi"}));
        let other_caller = Retry::new(Some("eve"), "add_note", &["notebook_1"], "r1", &json!({"text": "hi"}));
        assert!(a.key != other_notebook.key && a.key != other_caller.key);
        assert_eq!(a.check(Some(&a.request)), Ok(()));
        assert_eq!(a.check(None), Ok(()));
        let changed = Retry::new(Some("ada"), "add_note", &["notebook_1"], "r1", &json!({"text": "bye"}));
        let e = changed.check(Some(&a.request)).unwrap_err();
        assert_eq!((e.status.as_u16(), e.kind), (422, ErrorKind::InUse));
        assert!(e.message.contains("`r1`"), "{}", e.message);
    }
}
