//! The scanner: a literal read into pieces (request lines, status lines,
//! JSON values, notes) and assembled into examples; labelled body and
//! query blocks added to an example.

use super::example::{Body, Finding, HttpExample, HttpMethod, Note, QueryParam, Response};
use super::lines::{normalise_path, param_line, query_string, quoted, request_line, status_line, Label};
use super::locator::Locator;
use crate::model::loose_json::{self, JsonError};
use crate::source::Pos;

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
