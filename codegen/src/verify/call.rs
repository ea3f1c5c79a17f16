//! One request of a verify run and its answer, and the [`Transport`] that
//! carries it to the server (HTTP in the `specgen verify` command; a test
//! may put a wrapper in between).

use crate::types::Method;
use serde_json::Value;

/// A request, ready to send: the path has its values filled in and
/// percent-encoded, the query its pairs; the token travels as
/// `Authorization: Bearer`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: Method,
    /// The path, without the query.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub token: Option<String>,
}

impl Call {
    /// The path and query as sent: `/parcels?limit=1`.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let q: Vec<String> = self.query.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        format!("{}?{}", self.path, q.join("&"))
    }

    /// `POST /parcels?limit=1`, as a report shows the request.
    pub fn line(&self) -> String {
        format!("{} {}", self.method.as_str(), self.target())
    }

    /// The value of a query pair, if sent.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What the server answered: its status, and its body read as JSON
/// (`Null` when empty or not JSON; `text` keeps it as sent).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub text: String,
}

impl Answer {
    /// An answer with `text` as its body, read as JSON when it is.
    pub fn new(status: u16, text: String) -> Self {
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer { status, body, text }
    }
}

/// Carries a call to the server. An `Err` is a call that got no answer
/// (the connection failed), said in words.
pub trait Transport {
    fn send(&mut self, call: &Call) -> Result<Answer, String>;
}

/// Percent-encodes everything but the unreserved characters (RFC 3986), so
/// an id such as `!abc:example.org` or `#room` stays one path segment.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_encodes_its_query_and_a_line_shows_the_method() {
        let c = Call {
            method: Method::Get,
            path: "/rooms/%21a%3Ab/messages".into(),
            query: vec![("from".into(), "s 1".into())],
            body: None,
            token: None,
        };
        assert_eq!(c.line(), "GET /rooms/%21a%3Ab/messages?from=s%201");
        assert_eq!(encode("#lobby:example.org"), "%23lobby%3Aexample.org");
        assert_eq!(Answer::new(200, "{\"a\":1}".into()).body["a"], 1);
        assert_eq!(Answer::new(204, String::new()).body, Value::Null);
    }
}
