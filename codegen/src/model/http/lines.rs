//! Single lines of an example: a request line and its path and query, a
//! label, a status line or status item, a `name: description` parameter.

use super::example::{HttpMethod, PathParam, QueryParam, StatusCode};
use crate::source::Pos;

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
pub(super) fn normalise_path(path: &str, at: impl Fn(usize) -> Pos) -> (String, Vec<PathParam>) {
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
pub(super) fn query_string(q: &str, at: impl Fn(usize) -> Pos) -> Vec<QueryParam> {
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
pub(super) fn status_line(line: &str) -> Option<(Option<u16>, Option<String>)> {
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

/// `name: description` where name is one word of the wire alphabet.
pub fn param_line(line: &str) -> Option<(&str, &str)> {
    let (name, description) = line.split_once(':')?;
    let name = name.trim().trim_matches('`');
    let wire = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c));
    wire.then(|| (name, description.trim()))
}

/// The double-quoted strings of a description: its example values.
pub(super) fn quoted(text: &str) -> Vec<String> {
    text.split('"').skip(1).step_by(2).filter(|s| !s.is_empty()).map(str::to_string).collect()
}
