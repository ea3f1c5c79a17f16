//! What an HTTP example holds: the request (method, path, query, body),
//! the responses, status codes and notes, each fact with its position.

use crate::source::Pos;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// The methods a request line may start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
}

impl HttpMethod {
    pub const ALL: [HttpMethod; 7] =
        [HttpMethod::Get, HttpMethod::Put, HttpMethod::Post, HttpMethod::Delete, HttpMethod::Patch, HttpMethod::Head, HttpMethod::Options];

    /// The upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
        }
    }

    /// The method a word names (upper case only, as request lines write it).
    pub fn parse(word: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.into_iter().find(|m| m.as_str() == word)
    }

    /// The endpoint method this is; `None` for HEAD and OPTIONS, which are a
    /// server's own.
    pub fn endpoint(self) -> Option<specgen_runtime::Method> {
        use specgen_runtime::Method;
        match self {
            HttpMethod::Get => Some(Method::Get),
            HttpMethod::Put => Some(Method::Put),
            HttpMethod::Post => Some(Method::Post),
            HttpMethod::Delete => Some(Method::Delete),
            HttpMethod::Patch => Some(Method::Patch),
            HttpMethod::Head | HttpMethod::Options => None,
        }
    }

    /// Whether a lone body in an example is the response (reads) rather than
    /// the request.
    pub fn reads(self) -> bool {
        matches!(self, HttpMethod::Get | HttpMethod::Head | HttpMethod::Delete | HttpMethod::Options)
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HttpMethod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What one operation's HTTP example says.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HttpExample {
    pub method: HttpMethod,
    /// The path without its query string, every variable written `{name}`.
    pub path: String,
    /// The request target as written (`/rooms/$room_id/events?limit=5`).
    pub written: String,
    /// Where the request line is.
    #[serde(flatten)]
    pub pos: Pos,
    /// The path's variables, in order.
    pub path_params: Vec<PathParam>,
    /// Query parameters from the query string and from "GET parameters"
    /// blocks, in the order first met.
    pub query: Vec<QueryParam>,
    /// The request body's value (placeholders dropped); the same as
    /// `request_body.value`.
    pub request: Option<Value>,
    /// The first success (or unlabelled) response body's value.
    pub response: Option<Value>,
    pub request_body: Option<Body>,
    pub responses: Vec<Response>,
    /// Documented status codes with their meanings.
    pub status_codes: Vec<StatusCode>,
    /// Lines in the example's blocks that are prose, not HTTP (`e.g.:`).
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathParam {
    pub name: String,
    /// As written: `{room_id}`, `$room_id`, `:room_id`, `<room_id>`.
    pub written: String,
    #[serde(flatten)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryParam {
    pub name: String,
    pub description: Option<String>,
    /// Example values: a literal value in the query string, quoted strings
    /// in the description.
    pub examples: Vec<String>,
    /// Where the parameter is first named.
    #[serde(flatten)]
    pub pos: Pos,
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    pub value: Value,
    /// Arrays and objects whose content was elided.
    pub elided: Vec<Elision>,
    /// Each object's keys in the order written, by JSON pointer; not part
    /// of the JSON contract.
    #[serde(skip)]
    pub order: Vec<(String, Vec<String>)>,
    #[serde(flatten)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elision {
    /// JSON pointer of the array or object whose elements are unknown.
    pub pointer: String,
    pub placeholder: String,
    /// The part it repeats, for `[... same as X ...]`.
    pub same_as: Option<String>,
    #[serde(flatten)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The status code written with it, if any.
    pub status: Option<u16>,
    pub reason: Option<String>,
    pub body: Option<Body>,
    /// Where the status (or else the body) is written.
    #[serde(flatten)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusCode {
    pub code: u16,
    pub meaning: String,
    #[serde(flatten)]
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub text: String,
    #[serde(flatten)]
    pub pos: Pos,
}

/// Something that looks like part of an example but does not read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub pos: Pos,
    pub message: String,
}

impl HttpExample {
    /// The request body, unless one is set already (then it is a note).
    pub fn set_request(&mut self, body: Body) {
        if self.request_body.is_some() {
            self.notes.push(Note { text: "a second request body; the first one is kept".into(), pos: body.pos });
            return;
        }
        self.request = Some(body.value.clone()).filter(|v| !v.is_null());
        self.request_body = Some(body);
    }

    pub fn add_response(&mut self, response: Response) {
        let success = response.status.is_none_or(|s| (200..300).contains(&s));
        if self.response.is_none() && success {
            self.response = response.body.as_ref().map(|b| b.value.clone()).filter(|v| !v.is_null());
        }
        self.responses.push(response);
    }

    /// Adds query parameters, merging those already named.
    pub fn add_query(&mut self, params: Vec<QueryParam>) {
        for p in params {
            match self.query.iter_mut().find(|q| q.name == p.name) {
                Some(q) => {
                    if q.description.is_none() {
                        q.description = p.description;
                    }
                    for e in p.examples {
                        if !q.examples.contains(&e) {
                            q.examples.push(e);
                        }
                    }
                }
                None => self.query.push(p),
            }
        }
    }
}
