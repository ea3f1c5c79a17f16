//! Explicit HTTP examples in literal blocks: a `METHOD /path` line, then the
//! request JSON and the response JSON.
//!
//! The boundary between request and response is a status line (`200`,
//! `HTTP/1.1 200 OK`), a `Response:` line, or an arrow (`-->`, `<--`, `=>`).
//! Without one, two JSON values are request then response; a single value is
//! the response for GET, HEAD and DELETE and the request otherwise.

use crate::source::Pos;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HttpExample {
    pub method: String,
    pub path: String,
    #[serde(flatten)]
    pub pos: Pos,
    pub request: Option<Value>,
    pub response: Option<Value>,
}

const METHODS: [&str; 7] = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// Why a literal that starts like an HTTP example is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadExample {
    /// 0-based line within the literal.
    pub line: usize,
    pub message: String,
}

/// `Ok(None)` when the literal is not an HTTP example at all.
pub fn parse(text: &str, pos: Pos) -> Result<Option<HttpExample>, BadExample> {
    let mut lines = text.lines().enumerate().skip_while(|(_, l)| l.trim().is_empty());
    let Some((_, first)) = lines.next() else { return Ok(None) };
    let mut words = first.split_whitespace();
    let (Some(method), Some(path)) = (words.next(), words.next()) else { return Ok(None) };
    if !METHODS.contains(&method) || !path.starts_with('/') {
        return Ok(None);
    }
    let mut parts: Vec<(usize, String)> = vec![(0, String::new())];
    let mut boundary = false;
    for (n, line) in lines {
        if is_boundary(line) {
            boundary = true;
            parts.push((n + 1, String::new()));
        } else {
            let (start, part) = parts.last_mut().expect("one part at least");
            if part.trim().is_empty() {
                *start = n;
            }
            part.push_str(line);
            part.push('\n');
        }
    }
    let mut per_part: Vec<Vec<Value>> = Vec::with_capacity(parts.len());
    for (start, part) in &parts {
        let values = serde_json::Deserializer::from_str(part)
            .into_iter::<Value>()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| BadExample { line: start + e.line().saturating_sub(1), message: format!("invalid JSON: {e}") })?;
        per_part.push(values);
    }
    let reads = matches!(method, "GET" | "HEAD" | "DELETE");
    let first = |i: usize| per_part.get(i).and_then(|v| v.first().cloned());
    let (request, response) = match (boundary, per_part[0].len()) {
        (true, _) => (first(0), first(1)),
        (false, 1) if reads => (None, first(0)),
        (false, 1) => (first(0), None),
        (false, _) => (first(0), per_part[0].get(1).cloned()),
    };
    let nonnull = |v: Option<Value>| v.filter(|v| !v.is_null());
    Ok(Some(HttpExample {
        method: method.to_string(),
        path: path.to_string(),
        pos,
        request: nonnull(request),
        response: nonnull(response),
    }))
}

fn is_boundary(line: &str) -> bool {
    let t = line.trim();
    if matches!(t, "-->" | "<--" | "=>" | "->") || t.eq_ignore_ascii_case("response:") {
        return true;
    }
    let t = t.strip_prefix("HTTP/1.1 ").or_else(|| t.strip_prefix("HTTP/2 ")).unwrap_or(t);
    let b = t.as_bytes();
    b.len() >= 3 && b[..3].iter().all(u8::is_ascii_digit) && (b.len() == 3 || b[3] == b' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_and_response_split_by_status_line() {
        let ex = parse("POST /createRoom\n{\"name\": \"a\"}\n\n200 OK\n{\"room_id\": \"!r:x\"}", Pos::default()).unwrap().unwrap();
        assert_eq!((ex.method.as_str(), ex.path.as_str()), ("POST", "/createRoom"));
        assert_eq!(ex.request, Some(json!({"name": "a"})));
        assert_eq!(ex.response, Some(json!({"room_id": "!r:x"})));
    }

    #[test]
    fn single_value_goes_by_method() {
        let ex = parse("GET /sync\n{\"next\": \"s1\"}", Pos::default()).unwrap().unwrap();
        assert_eq!((ex.request, ex.response), (None, Some(json!({"next": "s1"}))));
        let ex = parse("PUT /x\n{\"a\": 1}\n{\"b\": 2}", Pos::default()).unwrap().unwrap();
        assert_eq!((ex.request, ex.response), (Some(json!({"a": 1})), Some(json!({"b": 2}))));
    }

    #[test]
    fn boundary_lines_with_wide_characters_do_not_panic() {
        assert!(!is_boundary("é2"));
        assert!(is_boundary("HTTP/1.1 200 OK"));
    }

    #[test]
    fn not_an_example_and_bad_json() {
        assert_eq!(parse("caller   callee\n |---|", Pos::default()), Ok(None));
        let err = parse("POST /x\n{\"a\": }", Pos::default()).unwrap_err();
        assert_eq!(err.line, 1);
    }
}
