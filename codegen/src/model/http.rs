//! HTTP facts as drafts write them: a `METHOD /path` request line (in a
//! literal block, or alone in an inline literal), request and response
//! bodies in loose JSON ([`super::loose_json`]), labelled blocks after it
//! ("Request format:", "Returns 200 OK:", "GET parameters:"), and lists of
//! status codes with their meanings.
//!
//! Inside one literal, the boundary between request and response is a
//! status line (`200`, `200 OK`, `HTTP/1.1 200 OK`, `Returns 200 OK:`), a
//! `Response:` line, or an arrow (`-->`, `<--`, `=>`). Without one, two JSON
//! values are request then response; a single value is the response for GET,
//! HEAD and DELETE and the request otherwise. A new request line starts a new
//! example.
//!
//! Invariant: every fact carries the [`Pos`] of the text it was read from,
//! so a consumer can say where a method, a path or a wire key came from.

use super::loose_json::{self, JsonError};
use crate::source::{Pos, SourceFile};
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
    fn new(method: HttpMethod, target: &str, loc: &Locator, at: usize) -> HttpExample {
        let (path, query) = target.split_once('?').map_or((target, None), |(p, q)| (p, Some(q)));
        let target_at = at + loc.text[at..].find(target).unwrap_or(0);
        let (path_norm, path_params) = normalise_path(path, |i| loc.at(target_at + i));
        let query_at = target_at + path.len() + 1;
        let query = query.map_or_else(Vec::new, |q| query_string(q, |i| loc.at(query_at + i)));
        HttpExample {
            method,
            path: path_norm,
            written: target.to_string(),
            pos: loc.at(at),
            path_params,
            query,
            request: None,
            response: None,
            request_body: None,
            responses: Vec::new(),
            status_codes: Vec::new(),
            notes: Vec::new(),
        }
    }

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

/// Maps byte offsets in a block's text to positions in its file.
///
/// Invariant: line `k` of the text is line `first + k` of the file (literal
/// blocks and code blocks keep their lines), each text line being the file
/// line less some leading indentation.
pub struct Locator<'a> {
    src: &'a SourceFile,
    block: Pos,
    text: &'a str,
    first: u32,
}

impl<'a> Locator<'a> {
    /// `pos` is where the block starts (a literal's first line, a code
    /// fence, an inline literal's first character).
    pub fn new(src: &'a SourceFile, pos: Pos, text: &'a str) -> Self {
        let first_text = text.lines().enumerate().find(|(_, l)| !l.trim().is_empty());
        let first = first_text
            .and_then(|(j, l)| {
                (pos.line..pos.line + 3)
                    .find(|&cand| src.line_text(cand).contains(l.trim()))
                    .map(|cand| cand.saturating_sub(j as u32).max(1))
            })
            .unwrap_or(pos.line.max(1));
        Locator { src, block: pos, text, first }
    }

    /// The file position of a byte offset in the text.
    pub fn at(&self, offset: usize) -> Pos {
        let (line, col) = loose_json::line_col(self.text, offset);
        let tline = self.text.lines().nth(line).unwrap_or("");
        let file_line = self.first + line as u32;
        let ftext = self.src.line_text(file_line);
        let indent = tline.len() - tline.trim_start().len();
        let start = match tline.trim() {
            "" => 0,
            content => ftext.find(content).map_or(0, |p| p.saturating_sub(indent)),
        };
        let mut byte = (start + col).min(ftext.len());
        while !ftext.is_char_boundary(byte) {
            byte -= 1;
        }
        if file_line > self.src.line_count() as u32 {
            return self.block;
        }
        self.src.pos_at(self.block.file, self.src.line_start(file_line) + byte)
    }

    pub fn finding(&self, e: &JsonError) -> Finding {
        Finding { pos: self.at(e.offset), message: e.message.clone() }
    }

    fn body(&self, parsed: loose_json::Parsed, at: usize) -> Body {
        let elided = parsed
            .elided
            .into_iter()
            .map(|e| Elision { pointer: e.pointer, placeholder: e.placeholder, same_as: e.same_as, pos: self.at(e.offset) })
            .collect();
        Body { value: parsed.value, elided, order: parsed.order, pos: self.at(at) }
    }
}

/// `METHOD /target` at the start of a line: the method and the target
/// (a trailing `// comment` or protocol word is not part of it).
pub fn request_line(line: &str) -> Option<(HttpMethod, &str)> {
    let mut words = line.split_whitespace();
    let method = HttpMethod::parse(words.next()?)?;
    let target = words.next()?;
    target.starts_with('/').then_some((method, target))
}

/// `{x}`, `<x>`, `$x` and `:x` → `{x}`; `at(i)` gives the position of byte
/// `i` of the path.
fn normalise_path(path: &str, at: impl Fn(usize) -> Pos) -> (String, Vec<PathParam>) {
    let mut out = String::with_capacity(path.len());
    let mut params = Vec::new();
    let mut i = 0;
    while i < path.len() {
        let rest = &path[i..];
        let segment_start = i == 0 || path.as_bytes()[i - 1] == b'/';
        let var = match rest.as_bytes()[0] {
            b'{' => rest.find('}').map(|e| (&rest[1..e], e + 1)),
            b'<' => rest.find('>').map(|e| (&rest[1..e], e + 1)),
            b'$' | b':' if segment_start => {
                let e = rest[1..].find(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(rest.len(), |e| e + 1);
                (e > 1).then(|| (&rest[1..e], e))
            }
            _ => None,
        };
        match var.filter(|(name, _)| !name.is_empty()) {
            Some((name, len)) => {
                let name = name.trim().to_string();
                out.push('{');
                out.push_str(&name);
                out.push('}');
                params.push(PathParam { name, written: rest[..len].to_string(), pos: at(i) });
                i += len;
            }
            None => {
                let c = rest.chars().next().expect("i < len");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    (out, params)
}

/// `limit=5&from=$token`: names, and the values that are examples rather
/// than variables or `???`.
fn query_string(q: &str, at: impl Fn(usize) -> Pos) -> Vec<QueryParam> {
    let mut out = Vec::new();
    let mut i = 0;
    for pair in q.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if !name.is_empty() {
            let examples = example_value(value).map(str::to_string).into_iter().collect();
            out.push(QueryParam { name: name.to_string(), description: None, examples, pos: at(i) });
        }
        i += pair.len() + 1;
    }
    out
}

fn example_value(v: &str) -> Option<&str> {
    let variable = v.starts_with(['{', '<', '$', ':']) || v.chars().all(|c| c == '?' || c == '.');
    (!v.is_empty() && !variable).then_some(v)
}

/// What a label before a literal (or a list) announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Request,
    Response { status: Option<u16>, reason: Option<String> },
    Query,
    StatusCodes,
}

/// "Request format", "Returns 200 OK", "GET parameters", "Status codes" …
/// (the label without its colon, inline markup removed).
pub fn classify_label(label: &str) -> Option<Label> {
    let l = label.trim().trim_end_matches(':').trim().to_ascii_lowercase();
    let words: Vec<&str> = l.split_whitespace().collect();
    match words.as_slice() {
        ["request", ..] | ["example", "request"] if words.len() <= 3 => Some(Label::Request),
        ["get" | "query" | "url" | "query-string", "parameters" | "params" | "string"] | ["query", "string", "parameters" | "params"] => {
            Some(Label::Query)
        }
        ["status" | "error" | "http", "codes"] | ["errors"] | ["error", "responses"] | ["http", "status", "codes"] => {
            Some(Label::StatusCodes)
        }
        _ => status_line(label).map(|(status, reason)| Label::Response { status, reason }),
    }
}

/// A line that opens a response: an arrow, `Response:`, `Returns:`,
/// `Returns 200 OK`, `HTTP/1.1 404 Not Found`, `200 OK`, `200`.
fn status_line(line: &str) -> Option<(Option<u16>, Option<String>)> {
    let t = line.trim().trim_end_matches(':').trim();
    if matches!(t, "-->" | "<--" | "=>" | "->") {
        return Some((None, None));
    }
    let lower = t.to_ascii_lowercase();
    let after_word = ["returns", "response", "responds with", "example response"]
        .iter()
        .find_map(|w| lower.strip_prefix(w).filter(|r| r.is_empty() || r.starts_with([' ', '`'])).map(|r| t.len() - r.len()));
    let rest = t[after_word.unwrap_or(0)..].trim().trim_matches('`').trim();
    let rest = ["HTTP/1.1 ", "HTTP/1.0 ", "HTTP/2 "].iter().find_map(|p| rest.strip_prefix(p)).unwrap_or(rest);
    if rest.is_empty() {
        return after_word.map(|_| (None, None));
    }
    let (code, reason) = status_code(rest)?;
    let reason = reason.trim().trim_matches('`').trim();
    Some((Some(code), (!reason.is_empty()).then(|| reason.to_string())))
}

/// A status code (100–599) at the start, then what follows it.
fn status_code(t: &str) -> Option<(u16, &str)> {
    let digits = t.get(..3)?;
    let code: u16 = digits.parse().ok()?;
    let rest = &t[3..];
    ((100..600).contains(&code)
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (rest.is_empty() || rest.starts_with([' ', '`', ':', ','])))
    .then_some((code, rest))
}

/// A status code list item: "404 - room not found", "409: name taken".
pub fn status_item(text: &str, pos: Pos) -> Option<StatusCode> {
    let (code, rest) = status_code(text.trim_start().trim_start_matches('`'))?;
    let meaning = rest.trim_start_matches(|c: char| c == '`' || c.is_whitespace() || "-:–—".contains(c)).trim();
    Some(StatusCode { code, meaning: meaning.to_string(), pos })
}

/// One thing found on a line of a literal.
enum Piece {
    Request(HttpMethod, String, usize),
    Status(Option<u16>, Option<String>, usize),
    Json(loose_json::Parsed, usize),
    Note(String, usize),
}

/// Reads a literal into pieces; a JSON error is a finding, and reading
/// goes on at the next request line.
fn scan(text: &str) -> (Vec<Piece>, Vec<(JsonError, usize)>) {
    let mut pieces = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while let Some(at) = next_token(text, i) {
        let line_end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let line = &text[at..line_end];
        if line.starts_with(['{', '[']) {
            match loose_json::parse_at(text, at) {
                Ok(parsed) => {
                    i = parsed.end;
                    pieces.push(Piece::Json(parsed, at));
                }
                Err(e) => {
                    errors.push((e, at));
                    i = next_request_line(text, line_end);
                }
            }
            continue;
        }
        i = line_end;
        if let Some((method, target)) = request_line(line) {
            pieces.push(Piece::Request(method, target.to_string(), at));
        } else if let Some((code, reason)) = status_line(line) {
            pieces.push(Piece::Status(code, reason, at));
        } else {
            pieces.push(Piece::Note(line.trim_end().to_string(), at));
        }
    }
    (pieces, errors)
}

/// The next non-blank, non-comment byte from `i`.
fn next_token(text: &str, mut i: usize) -> Option<usize> {
    loop {
        let rest = &text[i..];
        let t = rest.trim_start();
        i += rest.len() - t.len();
        if t.starts_with("//") {
            i += t.find('\n').unwrap_or(t.len());
        } else if let Some(body) = t.strip_prefix("/*") {
            i += 2 + body.find("*/").map_or(body.len(), |n| n + 2);
        } else if t.starts_with(',') {
            i += 1;
        } else {
            return (!t.is_empty()).then_some(i);
        }
    }
}

/// Whether the first thing in a text, comments aside, is a request line.
pub fn opens_with_request(text: &str) -> bool {
    next_token(text, 0).is_some_and(|i| request_line(&text[i..text[i..].find('\n').map_or(text.len(), |n| i + n)]).is_some())
}

/// Whether the first thing in a text, comments aside, opens a JSON value.
pub fn opens_with_json(text: &str) -> bool {
    next_token(text, 0).is_some_and(|i| text[i..].starts_with(['{', '[']))
}

fn next_request_line(text: &str, from: usize) -> usize {
    let mut i = from;
    for line in text[from..].split_inclusive('\n') {
        if request_line(line.trim_start()).is_some() {
            return i;
        }
        i += line.len();
    }
    text.len()
}

/// What a literal block holds.
pub struct Literal {
    /// The examples it starts (one per request line), in order.
    pub examples: Vec<HttpExample>,
    pub findings: Vec<Finding>,
}

/// Reads a literal that starts (after comments) with a request line; `None`
/// when it does not, so it is not an example at all.
pub fn example_literal(text: &str, loc: &Locator) -> Option<Literal> {
    if !opens_with_request(text) {
        return None;
    }
    let (pieces, errors) = scan(text);
    let findings: Vec<Finding> = errors.iter().map(|(e, _)| loc.finding(e)).collect();
    if !matches!(pieces.first(), Some(Piece::Request(..))) {
        // A literal whose first line fails as JSON is no example either.
        return None;
    }
    let mut examples: Vec<(HttpExample, Vec<Part>)> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Request(method, target, at) => examples.push((HttpExample::new(method, &target, loc, at), vec![Part::default()])),
            Piece::Status(status, reason, at) => {
                let parts = &mut examples.last_mut().expect("first piece is a request").1;
                parts.push(Part { status: Some((status, reason, at)), bodies: vec![] });
            }
            Piece::Json(parsed, at) => {
                let body = loc.body(parsed, at);
                examples.last_mut().expect("first piece is a request").1.last_mut().expect("one part").bodies.push(body);
            }
            Piece::Note(text, at) => examples.last_mut().expect("first piece is a request").0.notes.push(Note { text, pos: loc.at(at) }),
        }
    }
    let examples = examples.into_iter().map(|(ex, parts)| assemble(ex, parts, loc)).collect();
    Some(Literal { examples, findings })
}

/// The bodies between two status lines.
#[derive(Default)]
struct Part {
    status: Option<(Option<u16>, Option<String>, usize)>,
    bodies: Vec<Body>,
}

fn assemble(mut ex: HttpExample, parts: Vec<Part>, loc: &Locator) -> HttpExample {
    let mut parts = parts.into_iter();
    let before = parts.next().map(|p| p.bodies).unwrap_or_default();
    let mut later = parts.peekable();
    let status_lines = later.peek().is_some();
    // Without a status line, a lone body of a read is its response.
    if !status_lines && before.len() == 1 && ex.method.reads() {
        respond(&mut ex, None, None, None, before);
        return ex;
    }
    let mut before = before.into_iter();
    if let Some(req) = before.next() {
        ex.set_request(req);
    }
    let rest: Vec<Body> = before.collect();
    if status_lines {
        for body in rest {
            ex.notes.push(Note { text: "another body before the response; only the first is the request".into(), pos: body.pos });
        }
    } else {
        respond(&mut ex, None, None, None, rest);
    }
    for part in later {
        let (status, reason, at) = part.status.expect("later parts start at a status line");
        respond(&mut ex, status, reason, Some(loc.at(at)), part.bodies);
    }
    ex
}

/// One response per body (a status line with no body still documents a
/// response); each is placed at its status line, else at its body.
fn respond(ex: &mut HttpExample, status: Option<u16>, reason: Option<String>, line: Option<Pos>, bodies: Vec<Body>) {
    if let (true, Some(pos)) = (bodies.is_empty(), line) {
        return ex.add_response(Response { status, reason, body: None, pos });
    }
    for body in bodies {
        ex.add_response(Response { status, reason: reason.clone(), pos: line.unwrap_or(body.pos), body: Some(body) });
    }
}

/// A literal after a "Request:" or "Returns 200 OK:" label (written at
/// `label_at`), or right after a request line: bodies and status lines,
/// prose lines as notes. A response is placed at its status line, else at
/// a label that gives its status, else at its body.
pub fn body_literal(ex: &mut HttpExample, label: &Label, label_at: Option<Pos>, text: &str, loc: &Locator) -> Vec<Finding> {
    let (pieces, errors) = scan(text);
    let label_at = label_at.filter(|_| matches!(label, Label::Response { status: Some(_), .. }));
    let (mut status, mut reason, mut status_pos, mut pending) = match label {
        Label::Response { status, reason } => (*status, reason.clone(), None, Vec::new()),
        _ => (None, None, None, Vec::new()),
    };
    for piece in pieces {
        match piece {
            Piece::Json(parsed, at) => pending.push(loc.body(parsed, at)),
            Piece::Status(s, r, at) if !matches!(label, Label::Request) => {
                if !pending.is_empty() || status_pos.is_some() {
                    respond(ex, status, reason.clone(), status_pos.or(label_at), std::mem::take(&mut pending));
                }
                (status, reason, status_pos) = (s.or(status), r.or(reason), Some(loc.at(at)));
            }
            // The request a template route line stands for: `GET
            // /repos/{id}` then "Request::" `GET /repos/repo_7Hq HTTP/1.1`
            // is the example to send.
            Piece::Request(method, target, at) if matches!(label, Label::Request) && method == ex.method && fills(&ex.path, &target) => {
                // Its query string names parameters the route line did not.
                let concrete = HttpExample::new(method, &target, loc, at);
                for q in concrete.query {
                    if !ex.query.iter().any(|k| k.name == q.name) {
                        ex.query.push(q);
                    }
                }
                ex.written = target;
            }
            Piece::Request(_, _, at) | Piece::Status(_, _, at) | Piece::Note(_, at) => {
                let line = text[at..].lines().next().unwrap_or("").trim_end().to_string();
                ex.notes.push(Note { text: line, pos: loc.at(at) });
            }
        }
    }
    match label {
        Label::Request => pending.into_iter().for_each(|b| ex.set_request(b)),
        _ if !pending.is_empty() || status_pos.is_some() => respond(ex, status, reason, status_pos.or(label_at), pending),
        _ => {
            let pos = loc.at(0);
            ex.notes.push(Note { text: "a response block with no body".into(), pos });
        }
    }
    errors.iter().map(|(e, _)| loc.finding(e)).collect()
}

/// Whether a request target is a route template with values in its
/// placeholders: same segments, literal ones equal.
fn fills(template: &str, target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or(target);
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    template.contains('{')
        && t.len() == p.len()
        && t.iter().zip(&p).all(|(a, b)| if a.starts_with('{') { !b.is_empty() && !b.contains('{') } else { a == b })
}

/// "GET parameters" lines: `name: description`, continuation lines indented
/// deeper, `//` and `#` comment lines skipped; other lines are notes.
pub fn query_block(ex: &mut HttpExample, text: &str, loc: &Locator) {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l.trim_end()))
        })
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let comment = |l: &str| l.trim_start().starts_with("//") || l.trim_start().starts_with('#');
    let indent = |l: &str| l.len() - l.trim_start().len();
    let base = lines.iter().filter(|(_, l)| !comment(l)).map(|(_, l)| indent(l)).min().unwrap_or(0);
    let mut params: Vec<QueryParam> = Vec::new();
    for (at, line) in lines {
        if comment(line) {
            continue;
        }
        let at = at + indent(line);
        match (indent(line) == base).then(|| param_line(line.trim())).flatten() {
            Some((name, description)) => params.push(QueryParam {
                name: name.to_string(),
                examples: quoted(description),
                description: (!description.is_empty()).then(|| description.to_string()),
                pos: loc.at(at),
            }),
            None if indent(line) > base && !params.is_empty() => {
                let p = params.last_mut().expect("checked non-empty");
                let d = p.description.get_or_insert_with(String::new);
                if !d.is_empty() {
                    d.push('\n');
                }
                d.push_str(line.trim());
            }
            None => ex.notes.push(Note { text: line.trim().to_string(), pos: loc.at(at) }),
        }
    }
    ex.add_query(params);
}

/// `name: description` where name is one word of the wire alphabet.
pub fn param_line(line: &str) -> Option<(&str, &str)> {
    let (name, description) = line.split_once(':')?;
    let name = name.trim().trim_matches('`');
    let wire = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c));
    wire.then(|| (name, description.trim()))
}

/// The double-quoted strings of a description: its example values.
fn quoted(text: &str) -> Vec<String> {
    text.split('"').skip(1).step_by(2).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use serde_json::json;

    /// A literal at line 10 of a file, indented by 4 spaces.
    fn with_literal<T>(text: &str, f: impl FnOnce(&Locator) -> T) -> T {
        let mut file = "x\n".repeat(9);
        for l in text.lines() {
            if !l.is_empty() {
                file.push_str("    ");
            }
            file.push_str(l);
            file.push('\n');
        }
        let src = SourceFile::new("t.rst", file);
        let pos = src.pos_at(FileId(0), src.line_start(10) + 4);
        f(&Locator::new(&src, pos, text))
    }

    fn one(text: &str) -> (HttpExample, Vec<Finding>) {
        with_literal(text, |loc| {
            let mut lit = example_literal(text, loc).expect("an example");
            assert_eq!(lit.examples.len(), 1, "{text}");
            (lit.examples.remove(0), lit.findings)
        })
    }

    #[test]
    fn request_and_response_split_by_status_line() {
        let (ex, _) = one("POST /createRoom\n{\"name\": \"a\"}\n\n200 OK\n{\"room_id\": \"!r:x\"}");
        assert_eq!((ex.method, ex.path.as_str()), (HttpMethod::Post, "/createRoom"));
        assert_eq!(ex.request, Some(json!({"name": "a"})));
        assert_eq!(ex.response, Some(json!({"room_id": "!r:x"})));
        assert_eq!((ex.responses[0].status, ex.responses[0].reason.as_deref(), ex.responses[0].pos.line), (Some(200), Some("OK"), 13));
        assert_eq!((ex.pos.line, ex.pos.col), (10, 5));
    }

    #[test]
    fn single_value_goes_by_method() {
        let (ex, _) = one("GET /sync\n{\"next\": \"s1\"}");
        assert_eq!((ex.request, ex.response), (None, Some(json!({"next": "s1"}))));
        let (ex, _) = one("PUT /x\n{\"a\": 1}\n{\"b\": 2}");
        assert_eq!((ex.request, ex.response), (Some(json!({"a": 1})), Some(json!({"b": 2}))));
    }

    #[test]
    fn method_serialises_upper_case() {
        assert_eq!(serde_json::to_value(HttpMethod::Delete).unwrap(), json!("DELETE"));
        assert_eq!(HttpMethod::Patch.to_string(), "PATCH");
        assert_eq!(HttpMethod::parse("get"), None);
    }

    #[test]
    fn path_variables_are_normalised_and_kept_as_written() {
        let (ex, _) = one("GET /parcels/$parcel_id/stops/:stopId/{n}/<page>?limit=5&from=$token&x=???");
        assert_eq!(ex.path, "/parcels/{parcel_id}/stops/{stopId}/{n}/{page}");
        let written: Vec<(&str, &str, u32)> = ex.path_params.iter().map(|p| (p.name.as_str(), p.written.as_str(), p.pos.col)).collect();
        assert_eq!(written, [("parcel_id", "$parcel_id", 18), ("stopId", ":stopId", 35), ("n", "{n}", 43), ("page", "<page>", 47)]);
        let q: Vec<(&str, Vec<String>)> = ex.query.iter().map(|q| (q.name.as_str(), q.examples.clone())).collect();
        assert_eq!(q, [("limit", vec!["5".to_string()]), ("from", vec![]), ("x", vec![])]);
        assert_eq!(ex.query[1].pos.col, 62);
        assert!(ex.written.ends_with("x=???"));
    }

    #[test]
    fn dollar_inside_a_segment_is_not_a_variable() {
        let (p, params) = normalise_path("/a/b$c/m.room.name", |_| Pos::default());
        assert_eq!((p.as_str(), params.len()), ("/a/b$c/m.room.name", 0));
    }

    #[test]
    fn comments_before_and_after_the_request_line() {
        let (ex, f) = one("// send in order\n\nPUT /notes/{id}?txn=1 // one per client\n{\n  title: 'x', // the title\n}");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!((ex.method, ex.path.as_str(), ex.pos.line), (HttpMethod::Put, "/notes/{id}", 12));
        assert_eq!(ex.request, Some(json!({"title": "x"})));
    }

    #[test]
    fn several_request_lines_make_several_examples_and_prose_is_kept_as_notes() {
        with_literal("PUT /a/{k}\n\ne.g.:\n\nPUT /a/color\n{ value: \"red\" }\nPUT /a/size", |loc| {
            let lit = example_literal("PUT /a/{k}\n\ne.g.:\n\nPUT /a/color\n{ value: \"red\" }\nPUT /a/size", loc).unwrap();
            let paths: Vec<&str> = lit.examples.iter().map(|e| e.path.as_str()).collect();
            assert_eq!(paths, ["/a/{k}", "/a/color", "/a/size"]);
            assert_eq!(lit.examples[0].notes[0].text, "e.g.:");
            assert_eq!(lit.examples[1].request, Some(json!({"value": "red"})));
        });
    }

    #[test]
    fn bad_json_points_at_its_own_line_and_reading_resumes_at_the_next_request() {
        let text = "PUT /book/{id}\n{ all the pages, in order }\nsaves them\n\nGET /book/{id}\n{ pages: [] }";
        with_literal(text, |loc| {
            let lit = example_literal(text, loc).unwrap();
            assert_eq!(lit.findings.len(), 1);
            let f = &lit.findings[0];
            assert_eq!((f.pos.line, f.pos.col), (11, 11));
            assert_eq!(f.message, "expected `:` after the key `all`, found `t`");
            assert_eq!(lit.examples.len(), 2);
            assert_eq!(lit.examples[1].response, Some(json!({"pages": []})));
        });
    }

    #[test]
    fn elisions_keep_their_place() {
        let (ex, _) = one("POST /f\n{\n  inbox: { kinds: [] },\n  archive: { [... same as inbox ...] },\n}");
        let e = &ex.request_body.as_ref().unwrap().elided[0];
        assert_eq!((e.pointer.as_str(), e.same_as.as_deref(), e.pos.line, e.pos.col), ("/archive", Some("inbox"), 13, 18));
    }

    #[test]
    fn not_an_example() {
        with_literal("caller   callee\n |---|", |loc| assert!(example_literal("caller   callee\n |---|", loc).is_none()));
        with_literal("{\"a\": 1}", |loc| assert!(example_literal("{\"a\": 1}", loc).is_none()));
        assert_eq!(request_line("GET sync"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(classify_label("Request format"), Some(Label::Request));
        assert_eq!(classify_label("Request:"), Some(Label::Request));
        assert_eq!(classify_label("Returns 200 OK"), Some(Label::Response { status: Some(200), reason: Some("OK".into()) }));
        assert_eq!(classify_label("Returns ``200 OK``"), Some(Label::Response { status: Some(200), reason: Some("OK".into()) }));
        assert_eq!(classify_label("Returns"), Some(Label::Response { status: None, reason: None }));
        assert_eq!(classify_label("Response 404"), Some(Label::Response { status: Some(404), reason: None }));
        assert_eq!(classify_label("GET parameters"), Some(Label::Query));
        assert_eq!(classify_label("Query parameters"), Some(Label::Query));
        assert_eq!(classify_label("Status codes"), Some(Label::StatusCodes));
        assert_eq!(classify_label("An example exchange over HTTP"), None);
        assert_eq!(classify_label("Returned values are cached"), None);
        assert_eq!(classify_label("Requested by the client in the body"), None);
    }

    #[test]
    fn status_items() {
        let s = status_item("404 - room not found", Pos::default()).unwrap();
        assert_eq!((s.code, s.meaning.as_str()), (404, "room not found"));
        let s = status_item("409: the name is taken", Pos::default()).unwrap();
        assert_eq!((s.code, s.meaning.as_str()), (409, "the name is taken"));
        assert_eq!(status_item("2015 was a year", Pos::default()), None);
        assert_eq!(status_item("999 - nope", Pos::default()), None);
    }

    #[test]
    fn response_label_literal_with_its_own_status_lines() {
        let (mut ex, _) = one("GET /x");
        let text = "200 OK\n{ a: 1 }\n\n404\n{ errcode: \"M_NOT_FOUND\" }";
        with_literal(text, |loc| body_literal(&mut ex, &Label::Response { status: None, reason: None }, None, text, loc));
        let got: Vec<(Option<u16>, u32)> = ex.responses.iter().map(|r| (r.status, r.pos.line)).collect();
        assert_eq!(got, [(Some(200), 10), (Some(404), 13)]);
        assert_eq!(ex.response, Some(json!({"a": 1})));
    }

    #[test]
    fn response_label_gives_the_status_of_bare_bodies() {
        let (mut ex, _) = one("GET /x");
        let text = "// when compact\n{ a: 1 }\n// otherwise\n{ b: 2 }";
        with_literal(text, |loc| body_literal(&mut ex, &Label::Response { status: Some(201), reason: None }, None, text, loc));
        let got: Vec<(Option<u16>, u32)> = ex.responses.iter().map(|r| (r.status, r.pos.line)).collect();
        assert_eq!(got, [(Some(201), 11), (Some(201), 13)]);
    }

    #[test]
    fn query_blocks() {
        let (mut ex, _) = one("GET /notes?limit=10");
        let text = "limit: how many notes to return.  If more:\n      1. the rest comes next time\n// sorting\nsort: \"title\" or \"date\"\nOtherwise as /search";
        with_literal(text, |loc| query_block(&mut ex, text, loc));
        let q: Vec<(&str, Vec<String>, u32)> = ex.query.iter().map(|q| (q.name.as_str(), q.examples.clone(), q.pos.line)).collect();
        assert_eq!(q, [("limit", vec!["10".to_string()], 10), ("sort", vec!["title".to_string(), "date".to_string()], 13)]);
        assert_eq!(ex.query[0].description.as_deref(), Some("how many notes to return.  If more:\n1. the rest comes next time"));
        assert_eq!((ex.notes[0].text.as_str(), ex.notes[0].pos.line), ("Otherwise as /search", 14));
    }

    #[test]
    fn locator_handles_odd_places() {
        let src = SourceFile::new("t.md", "```\n  GET /é\n```\n");
        let loc = Locator::new(&src, src.pos_at(FileId(0), 0), "  GET /é");
        let p = loc.at(7);
        assert_eq!((p.line, p.col), (2, 8));
        let far = loc.at(0);
        assert_eq!(far.line, 2);
    }
}
