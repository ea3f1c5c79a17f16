//! JSON as drafts write it: strict JSON plus what people type in examples.
//!
//! Accepted on top of JSON: unquoted keys (`type: "x"`), single-quoted
//! strings, `//` and `/* */` comments, trailing commas, a missing comma
//! where the next member or element starts on a new line, `...` and
//! `[... same as X ...]` placeholders (dropped from the value and recorded as
//! [`Elision`]s, so a shape can say "unknown element"), `<batch token>`
//! angle placeholders as string values, and bare words as values (`true`,
//! `false`, `null`, numbers; `true/false` reads as `true`; any other word as
//! a string).
//!
//! Invariants: every offset handed out (errors, elisions, value ends) is a
//! byte offset into the text given, on a character boundary; arrays and
//! objects nest at most [`MAX_DEPTH`] levels (the reader recurses once per
//! level, so a deeper value is an error at its opening bracket, never a
//! stack overflow).

use serde_json::{Map, Number, Value};

/// How deep arrays and objects may nest: serde_json's own bound, so what
/// a server built on it reads, this reads.
pub const MAX_DEPTH: usize = 128;

/// A placeholder that stood for part of an array or object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elision {
    /// JSON pointer (RFC 6901) of the array or object it was written in.
    pub pointer: String,
    /// The placeholder as written (`...`, `[... same as state ...]`,
    /// `<recursively include a filter here>`).
    pub placeholder: String,
    /// `X` of `same as X`: the part the elided one repeats.
    pub same_as: Option<String>,
    /// Byte offset of the placeholder in the text.
    pub offset: usize,
}

/// Why the text is not even loose JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the offending character in the text.
    pub offset: usize,
    pub message: String,
}

/// One value read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub value: Value,
    pub elided: Vec<Elision>,
    /// Each object's keys in the order written, by the object's JSON
    /// pointer (the value's map sorts them).
    pub order: Vec<(String, Vec<String>)>,
    /// Byte offset just past the value.
    pub end: usize,
}

/// Reads one value starting at byte `start` (leading blanks and comments
/// skipped); the text after it is left for the caller.
pub fn parse_at(text: &str, start: usize) -> Result<Parsed, JsonError> {
    let mut p = Parser { s: text, i: start, elided: Vec::new(), order: Vec::new(), depth: 0 };
    p.skip_blank();
    let value = p.value(&mut String::new())?;
    Ok(Parsed { value, elided: p.elided, order: p.order, end: p.i })
}

/// Reads a text that holds exactly one value (comments around it allowed).
pub fn parse(text: &str) -> Result<Parsed, JsonError> {
    let parsed = parse_at(text, 0)?;
    let mut p = Parser { s: text, i: parsed.end, elided: Vec::new(), order: Vec::new(), depth: 0 };
    p.skip_blank();
    match p.peek() {
        None => Ok(parsed),
        Some(c) => Err(p.error(format!("unexpected `{c}` after the value"))),
    }
}

/// Byte offset → (0-based line, byte column in that line).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before.rfind('\n').map_or(before.len(), |n| before.len() - n - 1);
    (line, col)
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
    elided: Vec<Elision>,
    order: Vec<(String, Vec<String>)>,
    /// Arrays and objects open around the value being read.
    depth: usize,
}

/// What separates two members or elements.
enum Sep {
    Comma,
    Newline,
    None,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error(&self, message: String) -> JsonError {
        JsonError { offset: self.i, message }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the example".to_string(),
            Some(c) => format!("`{c}`"),
        }
    }

    /// Skips whitespace and comments; true when a line break was crossed.
    fn skip_blank(&mut self) -> bool {
        let mut newline = false;
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            newline |= rest[..rest.len() - trimmed.len()].contains('\n');
            self.i += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.i += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(body) = trimmed.strip_prefix("/*") {
                let end = body.find("*/").map_or(body.len(), |n| n + 2);
                newline |= body[..end.min(body.len())].contains('\n');
                self.i += 2 + end;
            } else {
                return newline;
            }
        }
    }

    /// After a member or element: a comma, a line break, or nothing.
    fn separator(&mut self) -> Sep {
        let newline = self.skip_blank();
        if self.peek() == Some(',') {
            self.i += 1;
            self.skip_blank();
            Sep::Comma
        } else if newline {
            Sep::Newline
        } else {
            Sep::None
        }
    }

    fn value(&mut self, pointer: &mut String) -> Result<Value, JsonError> {
        match self.peek() {
            Some('{' | '[') if self.depth == MAX_DEPTH => {
                Err(self.error(format!("arrays and objects nested more than {MAX_DEPTH} levels deep")))
            }
            Some(open @ ('{' | '[')) => {
                self.depth += 1;
                let value = if open == '{' { self.object(pointer) } else { self.array(pointer) };
                self.depth -= 1;
                value
            }
            Some(q @ ('"' | '\'')) => self.string(q).map(Value::String),
            Some('<') => self.angle().map(Value::String),
            Some(_) if self.rest().starts_with("...") => {
                Err(self.error("`...` stands for a whole value here; write it inside an array or object".to_string()))
            }
            Some(c) if bare_char(c) => self.bare(),
            _ => Err(self.error(format!("expected a value, found {}", self.found()))),
        }
    }

    fn object(&mut self, pointer: &mut String) -> Result<Value, JsonError> {
        self.i += 1;
        self.skip_blank();
        let mut map = Map::new();
        let mut keys: Vec<String> = Vec::new();
        loop {
            if self.peek() == Some('}') {
                self.i += 1;
                self.order.push((pointer.clone(), keys));
                return Ok(Value::Object(map));
            }
            if !self.placeholder(pointer)? {
                let key_at = self.i;
                let key = self.key()?;
                self.skip_blank();
                if self.peek() != Some(':') {
                    return Err(self.error(format!("expected `:` after the key `{key}`, found {}", self.found())));
                }
                self.i += 1;
                self.skip_blank();
                let len = pointer.len();
                push_pointer(pointer, &key);
                let value = self.value(pointer)?;
                pointer.truncate(len);
                keys.push(key.clone());
                if map.insert(key.clone(), value).is_some() {
                    return Err(JsonError { offset: key_at, message: format!("the key `{key}` appears twice in one object") });
                }
            }
            match self.separator() {
                Sep::Comma | Sep::Newline => {}
                Sep::None if self.peek() == Some('}') => {}
                Sep::None => return Err(self.error(format!("expected `,` or `}}` after a member, found {}", self.found()))),
            }
        }
    }

    fn array(&mut self, pointer: &mut String) -> Result<Value, JsonError> {
        if self.bracket_placeholder(pointer) {
            return Err(self.error("`[... same as X ...]` stands for members or elements; write it inside an array or object".into()));
        }
        self.i += 1;
        self.skip_blank();
        let mut items = Vec::new();
        loop {
            if self.peek() == Some(']') {
                self.i += 1;
                return Ok(Value::Array(items));
            }
            if !self.placeholder(pointer)? {
                let len = pointer.len();
                push_pointer(pointer, &items.len().to_string());
                items.push(self.value(pointer)?);
                pointer.truncate(len);
            }
            match self.separator() {
                Sep::Comma | Sep::Newline => {}
                Sep::None if self.peek() == Some(']') => {}
                Sep::None => return Err(self.error(format!("expected `,` or `]` after an element, found {}", self.found()))),
            }
        }
    }

    /// `...`, `[... same as X ...]` or a `<…>` where a member or element
    /// stands: recorded as an elision of the container at `pointer`.
    fn placeholder(&mut self, pointer: &str) -> Result<bool, JsonError> {
        let start = self.i;
        let rest = self.rest();
        if rest.starts_with("...") || rest.starts_with('…') {
            let len = rest.find(|c: char| c != '.' && c != '…').unwrap_or(rest.len());
            self.i += len;
            self.elide(pointer, start, None);
            return Ok(true);
        }
        if rest.starts_with('<') {
            self.angle()?;
            self.elide(pointer, start, None);
            return Ok(true);
        }
        Ok(self.bracket_placeholder(pointer))
    }

    /// `[... same as X ...]`: consumed and recorded when present.
    fn bracket_placeholder(&mut self, pointer: &str) -> bool {
        let rest = self.rest();
        let Some(inner) = rest.strip_prefix('[') else { return false };
        let t = inner.trim_start();
        if !(t.starts_with("...") || t.starts_with('…')) {
            return false;
        }
        let Some(close) = inner.find(']') else { return false };
        let words = inner[..close].trim_matches(|c: char| c == '.' || c == '…' || c.is_whitespace());
        let same_as = words
            .strip_prefix("same as ")
            .or_else(|| words.strip_prefix("as "))
            .map(|w| w.trim().trim_matches('`').to_string())
            .filter(|w| !w.is_empty());
        let start = self.i;
        self.i += 1 + close + 1;
        self.elide(pointer, start, same_as);
        true
    }

    fn elide(&mut self, pointer: &str, start: usize, same_as: Option<String>) {
        let placeholder = self.s[start..self.i].to_string();
        self.elided.push(Elision { pointer: pointer.to_string(), placeholder, same_as, offset: start });
    }

    fn key(&mut self) -> Result<String, JsonError> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => self.string(q),
            Some(c) if c.is_alphanumeric() || "_$@.-".contains(c) => {
                let len = self.rest().find(|c: char| !(c.is_alphanumeric() || "_$@.-".contains(c))).unwrap_or(self.rest().len());
                let key = self.rest()[..len].to_string();
                self.i += len;
                Ok(key)
            }
            _ => Err(self.error(format!("expected a key or `}}`, found {}", self.found()))),
        }
    }

    fn string(&mut self, quote: char) -> Result<String, JsonError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            // Plain characters up to the next quote, escape or line end in one go.
            let rest = self.rest();
            let plain = rest.find([quote, '\\', '\n']).unwrap_or(rest.len());
            out.push_str(&rest[..plain]);
            self.i += plain;
            let Some(c) = self.peek() else {
                return Err(JsonError { offset: start, message: "string not closed before the end of the example".into() });
            };
            self.i += c.len_utf8();
            match c {
                '\n' => return Err(JsonError { offset: start, message: "string not closed on its line".into() }),
                c if c == quote => return Ok(out),
                '\\' => out.push(self.escape()?),
                c => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let Some(c) = self.peek() else { return Err(self.error("escape at the end of the example".into())) };
        self.i += c.len_utf8();
        Ok(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'u' => {
                let hex = self.rest().get(..4).filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()));
                let Some(hex) = hex else { return Err(self.error("`\\u` needs four hex digits".into())) };
                let code = u32::from_str_radix(hex, 16).expect("checked hex digits");
                self.i += 4;
                char::from_u32(code).unwrap_or('\u{fffd}')
            }
            // `\"`, `\\`, `\/`, `\'`, and drafts' `\*`: the character itself.
            other => other,
        })
    }

    /// `<batch token>`: the whole placeholder, brackets included.
    fn angle(&mut self) -> Result<String, JsonError> {
        let rest = self.rest();
        let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
        let Some(close) = line.find('>') else { return Err(self.error("`<` placeholder not closed with `>` on its line".into())) };
        self.i += close + 1;
        Ok(line[..=close].to_string())
    }

    /// A bare word: `true`, `false`, `null`, a number, `true/false`, or any
    /// other word (a string).
    fn bare(&mut self) -> Result<Value, JsonError> {
        let rest = self.rest();
        let mut len = rest.find(|c: char| !bare_char(c)).unwrap_or(rest.len());
        if let Some(comment) = rest[..len].find("//") {
            len = comment;
        }
        let word = &rest[..len];
        self.i += len;
        let value = match word {
            "true" | "true/false" => Value::Bool(true),
            "false" | "false/true" => Value::Bool(false),
            "null" => Value::Null,
            w => match w.parse::<serde_json::Number>() {
                Ok(n) => Value::Number(n),
                Err(_) => number_like(w).map_or_else(|| Value::String(w.to_string()), Value::Number),
            },
        };
        Ok(value)
    }
}

/// `5.` or `+3`: numbers JSON does not spell that way.
fn number_like(w: &str) -> Option<Number> {
    let f: f64 = w.parse().ok()?;
    if w.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Number::from_f64(f)
}

fn bare_char(c: char) -> bool {
    c.is_alphanumeric() || "_.$@!#+-/?*%&=~^|".contains(c)
}

fn push_pointer(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok(text: &str) -> Parsed {
        parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
    }

    fn err_at(text: &str) -> ((usize, usize), String) {
        let e = parse(text).unwrap_err();
        (line_col(text, e.offset), e.message)
    }

    #[test]
    fn strict_json_reads_as_serde_does() {
        let text = r#"{"a": [1, 2.5, -3e2], "b": {"c": null, "d": "x\"y\u00e9"}, "e": true}"#;
        assert_eq!(ok(text).value, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn unquoted_keys_single_quotes_and_comments() {
        let p = ok("{\n  // what to keep\n  kind: 'note', /* inline */ size: 3, // bytes\n  \"tag-s\": []\n}");
        assert_eq!(p.value, json!({"kind": "note", "size": 3, "tag-s": []}));
    }

    #[test]
    fn trailing_commas_and_missing_commas_between_lines() {
        let p = ok("{\n  \"owner\": \"@ann:example.org\"\n  kind: \"x\",\n  list: [1, 2,],\n}");
        assert_eq!(p.value, json!({"owner": "@ann:example.org", "kind": "x", "list": [1, 2]}));
        let p = ok("[\n  \"a\"\n  \"b\", ...\n]");
        assert_eq!(p.value, json!(["a", "b"]));
    }

    #[test]
    fn missing_comma_on_one_line_is_an_error_at_the_second_value() {
        assert_eq!(err_at("{\n  a: 1 b: 2\n}"), ((1, 7), "expected `,` or `}` after a member, found `b`".to_string()));
    }

    #[test]
    fn ellipses_are_dropped_and_recorded() {
        let p = ok("{\n  ids: [\"n1\", \"n2\", ...],\n  more: { ... }\n}");
        assert_eq!(p.value, json!({"ids": ["n1", "n2"], "more": {}}));
        let where_: Vec<(&str, &str)> = p.elided.iter().map(|e| (e.pointer.as_str(), e.placeholder.as_str())).collect();
        assert_eq!(where_, [("/ids", "..."), ("/more", "...")]);
        assert_eq!(line_col("{\n  ids: [\"n1\", \"n2\", ...],", p.elided[0].offset), (1, 20));
    }

    #[test]
    fn same_as_placeholders_name_what_they_repeat() {
        let p = ok("{\n  inbox: { kinds: [\"a\"] },\n  archive: {\n    [... same as inbox ...]\n  },\n  list: [ [... as `inbox` ...] ]\n}");
        assert_eq!(p.value, json!({"inbox": {"kinds": ["a"]}, "archive": {}, "list": []}));
        let same: Vec<(&str, Option<&str>)> = p.elided.iter().map(|e| (e.pointer.as_str(), e.same_as.as_deref())).collect();
        assert_eq!(same, [("/archive", Some("inbox")), ("/list", Some("inbox"))]);
    }

    #[test]
    fn angle_placeholders_are_strings_as_values_and_elisions_as_members() {
        let p = ok("{\n  since: <batch token>,\n  <more filters here>\n  // trailing words\n}");
        assert_eq!(p.value, json!({"since": "<batch token>"}));
        assert_eq!(p.elided[0].placeholder, "<more filters here>");
        assert_eq!(p.elided[0].pointer, "");
    }

    #[test]
    fn bare_words() {
        let p = ok("{ a: true/false, b: federation, c: 12, d: null, e: m.room.message, f: 2 // two\n}");
        assert_eq!(p.value, json!({"a": true, "b": "federation", "c": 12, "d": null, "e": "m.room.message", "f": 2}));
    }

    #[test]
    fn prose_in_braces_fails_at_the_second_word() {
        let text = "{ bulk update of all parcels }";
        assert_eq!(err_at(text), ((0, 7), "expected `:` after the key `bulk`, found `u`".to_string()));
    }

    #[test]
    fn errors_point_at_the_line_and_column() {
        assert_eq!(err_at("{\n  \"a\": 1,\n  \"b\": ]\n}").0, (2, 7));
        assert_eq!(err_at("{\n  \"a\": \"open\n}").1, "string not closed on its line");
        assert_eq!(err_at("{\"a\": 1, \"a\": 2}").1, "the key `a` appears twice in one object");
        assert_eq!(err_at("{\n  a: 1\n").1, "expected a key or `}`, found the end of the example");
    }

    #[test]
    fn parse_at_leaves_the_rest() {
        let text = "{\"a\": 1}\n\n200 OK\n{\"b\": 2}";
        let first = parse_at(text, 0).unwrap();
        assert_eq!(&text[first.end..first.end + 2], "\n\n");
        assert_eq!(parse_at(text, text.find("{\"b").unwrap()).unwrap().value, json!({"b": 2}));
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_at_the_bracket_too_deep() {
        let fits = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(ok(&fits).end, fits.len());
        for open in ["[", "{a: ", "[{b: "] {
            // Thirty thousand levels once overflowed the stack.
            let text = open.repeat(30_000);
            let e = parse(&text).unwrap_err();
            let deepest = open.len() * (MAX_DEPTH / open.matches(['[', '{']).count());
            assert_eq!(e.message, "arrays and objects nested more than 128 levels deep", "{open:?}");
            assert_eq!(e.offset, deepest, "{open:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for t in ["", "{", "[", "\"", "'é", "<", "[...", "{a:", "\\", "{\"\\u12\"}", "/*", "é: 1", "[... same as"] {
            let _ = parse(t);
        }
    }
}
