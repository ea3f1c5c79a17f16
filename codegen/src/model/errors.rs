//! How a spec says its error answers look, as written: the body its
//! conventions show or describe ("Errors look like this: `{"code":
//! "not_found", "message": "..."}`", "a body containing a short `error`
//! code and a human-readable `message`"), the codes it gives by status
//! ("400 ``INVALID_DATA``", "INVALID_ARGUMENT (400)", "400 - bad JSON (code
//! bad_request)") and whether errors travel as 200 ("Errors come back as
//! HTTP 200 too, so check `ok`"). When the conventions say nothing, the
//! first error answer of an HTTP example stands for all.
//!
//! Invariant: only what the spec writes is recorded here (a key it shows,
//! a code it gives); what an engine answers for a case the spec does not
//! cover is decided by `types::errors`, not guessed here.

use super::http::HttpExample;
use crate::document::{Block, Document, Section, SegKind, Table, Text};
use crate::source::Pos;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A key of the error body: its path from the top (`["error", "code"]`).
pub type KeyPath = Vec<String>;

/// How the codes a spec shows are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeStyle {
    /// `not_found`
    Snake,
    /// `NOT_FOUND`
    UpperSnake,
}

/// The error answers a spec describes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorConvention {
    /// Where the spec says it.
    pub pos: Pos,
    /// The key of the code for programs, if the body has one.
    pub code: Option<KeyPath>,
    /// The key of the message for people, if the body has one.
    pub message: Option<KeyPath>,
    /// A key holding the HTTP status as a number (google.rpc's `code: 409`).
    pub status: Option<KeyPath>,
    /// Keys shown with the same value on every error (`ok: false`,
    /// `details: []`).
    pub fixed: Vec<(KeyPath, Value)>,
    /// The spelling of the codes shown, when one is shown.
    pub style: Option<CodeStyle>,
    /// The codes the spec gives by HTTP status (the first for a status).
    pub codes: BTreeMap<u16, String>,
    /// Errors travel as `200 OK` but for these statuses (5xx always keep
    /// theirs): `None` when errors carry their own status.
    pub as_200_except: Option<BTreeSet<u16>>,
}

/// Key names that hold a code for programs, and a message for people.
const CODE_KEYS: [&str; 6] = ["code", "errcode", "error_code", "errorcode", "status", "type"];
const MESSAGE_KEYS: [&str; 8] = ["message", "msg", "detail", "details", "description", "error_description", "reason", "text"];

/// The convention of `doc`'s non-API prose, else of the first error answer
/// of an HTTP example among `examples`.
pub fn find<'a>(doc: &Document, examples: impl IntoIterator<Item = &'a HttpExample>) -> Option<ErrorConvention> {
    let mut units = Vec::new();
    collect(&doc.preamble, 0, false, &mut units);
    let mut next_section = 1;
    for s in &doc.sections {
        sections(s, &mut next_section, &mut units);
    }
    from_prose(&units).or_else(|| from_examples(examples))
}

/// One piece of prose in reading order, with the section it sits in and
/// whether that section is about errors.
enum Unit<'a> {
    Text(&'a Text),
    Literal(&'a str, Pos),
    Table(&'a Table),
}

struct Placed<'a> {
    unit: Unit<'a>,
    section: usize,
    errors_section: bool,
}

/// The unmarked sections (no status marker), outside every API section.
fn sections<'a>(s: &'a Section, next: &mut usize, out: &mut Vec<Placed<'a>>) {
    let (title, marker) = super::status::split(&s.title);
    if !matches!(marker, super::status::TitleMarker::None) {
        return;
    }
    let id = *next;
    *next += 1;
    collect(&s.body, id, mentions_error(&title), out);
    for c in &s.children {
        sections(c, next, out);
    }
}

fn collect<'a>(blocks: &'a [Block], section: usize, errors_section: bool, out: &mut Vec<Placed<'a>>) {
    for b in blocks {
        let mut put = |unit| out.push(Placed { unit, section, errors_section });
        match b {
            Block::Paragraph(t) => put(Unit::Text(t)),
            Block::Literal { pos, text } => put(Unit::Literal(text, *pos)),
            Block::Table(t) => put(Unit::Table(t)),
            Block::List(l) => l.items.iter().for_each(|i| collect(&i.body, section, errors_section, out)),
            Block::Quote { body, .. } | Block::Directive { body, .. } => collect(body, section, errors_section, out),
        }
    }
}

fn mentions_error(s: &str) -> bool {
    let lower = s.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w, "error" | "errors" | "failure" | "fails"))
        || ["goes wrong", "went wrong", "go wrong"].iter().any(|p| lower.contains(p))
}

/// How many pieces after the one that mentions errors still speak of them
/// (its example block, the list of codes below it).
const WINDOW: usize = 8;

/// The first piece that speaks of errors and, with the pieces after it,
/// shows or names something of their body (an introduction's "the most
/// frequent error" passes over).
fn from_prose(units: &[Placed]) -> Option<ErrorConvention> {
    let speaks = |u: &Placed| u.errors_section || matches!(u.unit, Unit::Text(t) if mentions_error(t.plain()));
    (0..units.len()).filter(|i| speaks(&units[*i])).find_map(|start| window_at(units, start))
}

fn window_at(units: &[Placed], start: usize) -> Option<ErrorConvention> {
    let section = units[start].section;
    let end = if units[start].errors_section {
        units.iter().rposition(|u| u.section == section).map_or(start + 1, |e| e + 1)
    } else {
        units[start..].iter().take(WINDOW).take_while(|u| u.section == section).count() + start
    };
    let window = &units[start..end];
    let mut found = Found::default();
    let mut pos = None;
    for u in window {
        match &u.unit {
            Unit::Text(t) => {
                pos.get_or_insert(t.pos);
                if found.body.is_none() {
                    found.body = inline_object(t);
                }
                found.read_keys(t);
                let toks = tokens(t);
                found.read_codes(&toks);
                found.written_codes.extend(toks.into_iter().filter_map(|t| match t {
                    Tok::Code(c, true) if c.contains('_') => Some(c),
                    _ => None,
                }));
                found.read_travel(t);
            }
            Unit::Literal(text, p) if found.body.is_none() => {
                if let Some(v) = object(text) {
                    found.body = Some(v);
                    pos.get_or_insert(*p);
                }
            }
            Unit::Literal(..) => {}
            Unit::Table(t) => found.read_table(t),
        }
    }
    // A paragraph that only says "errors" somewhere, with no body, key or
    // code, describes no error answer.
    if found.body.is_none() && found.code_key.is_none() && found.message_key.is_none() && found.codes.is_empty() {
        return None;
    }
    Some(found.into_convention(pos.unwrap_or_default()))
}

fn from_examples<'a>(examples: impl IntoIterator<Item = &'a HttpExample>) -> Option<ErrorConvention> {
    let r = examples
        .into_iter()
        .flat_map(|x| &x.responses)
        .find(|r| r.status.is_some_and(|s| s >= 400) && r.body.as_ref().is_some_and(|b| b.value.is_object()))?;
    let found = Found { body: r.body.as_ref().map(|b| b.value.clone()), ..Found::default() };
    Some(found.into_convention(r.pos))
}

/// What the error prose says, gathered piece by piece.
#[derive(Default)]
struct Found {
    body: Option<Value>,
    code_key: Option<String>,
    message_key: Option<String>,
    codes: BTreeMap<u16, String>,
    /// Statuses the prose writes beside "200" for errors, and whether it
    /// says errors travel as 200.
    as_200: bool,
    kept: BTreeSet<u16>,
    /// Codes written in backticks anywhere in the error prose, for their
    /// spelling when the body shows only a placeholder.
    written_codes: Vec<String>,
}

impl Found {
    /// Keys the prose names: "a `code` (for programs) and a `message`",
    /// "a short `error` code", "an `error` message in it".
    fn read_keys(&mut self, t: &Text) {
        let segs = t.segs();
        for (i, s) in segs.iter().enumerate() {
            if s.kind != SegKind::Literal || !is_identifier(&s.text) {
                continue;
            }
            let key = s.text.trim();
            let lower = key.to_ascii_lowercase();
            let after =
                segs.get(i + 1).filter(|n| n.kind == SegKind::Plain).map(|n| n.text.trim_start().to_lowercase()).unwrap_or_default();
            let next = after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
            if next == "code" || next == "codes" || (CODE_KEYS.contains(&lower.as_str()) && next != "message") {
                self.code_key.get_or_insert(key.to_string());
            } else if next == "message" || MESSAGE_KEYS.contains(&lower.as_str()) {
                self.message_key.get_or_insert(key.to_string());
            }
        }
    }

    /// "400 `INVALID_DATA`", "INVALID_ARGUMENT (400)", "400 - bad JSON
    /// (code bad_request)": the first code given for each status.
    fn read_codes(&mut self, toks: &[Tok]) {
        let mut first_status = None;
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Status(s) if *s >= 400 => {
                    first_status.get_or_insert(*s);
                    let next = toks[i + 1..].iter().find(|t| !matches!(t, Tok::Dash));
                    if let Some(Tok::Code(c, _)) = next {
                        self.codes.entry(*s).or_insert_with(|| c.clone());
                    }
                }
                Tok::Code(c, _) => {
                    if let (Some(Tok::Open), Some(Tok::Status(s @ 400..))) = (toks.get(i + 1), toks.get(i + 2)) {
                        self.codes.entry(*s).or_insert_with(|| c.clone());
                    }
                }
                Tok::Word(w) if w == "code" => {
                    if let (Some(s), Some(Tok::Code(c, _) | Tok::Word(c))) = (first_status, toks.get(i + 1)) {
                        if i > 0 && matches!(toks[i - 1], Tok::Open) && is_identifier(c) {
                            self.codes.entry(s).or_insert_with(|| c.clone());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// A table of codes: each row's code with the status written in the
    /// row (in either order), or else the status its meaning names ("no
    /// token sent" is 401).
    fn read_table(&mut self, t: &Table) {
        for row in &t.rows {
            let toks: Vec<Tok> = row.cells.iter().flat_map(tokens).collect();
            let Some(code) = toks.iter().find_map(|t| if let Tok::Code(c, _) = t { Some(c) } else { None }) else { continue };
            let written = toks.iter().find_map(|t| if let Tok::Status(s) = t { Some(*s) } else { None });
            let meaning: String = row.cells.iter().map(|c| c.plain().to_lowercase()).collect::<Vec<_>>().join(" ");
            if let Some(status) = written.filter(|s| *s >= 400).or_else(|| status_of_meaning(&meaning)) {
                self.codes.entry(status).or_insert_with(|| code.clone());
            }
        }
    }

    /// "Errors come back as HTTP 200 too … The only exceptions are `429`
    /// and `5xx`", "Answer is always `200 OK` … Only non-200s: `401`".
    fn read_travel(&mut self, t: &Text) {
        let lower = t.plain().to_lowercase();
        let statuses: Vec<u16> = tokens(t).iter().filter_map(|t| if let Tok::Status(s) = t { Some(*s) } else { None }).collect();
        // "200" as a status ("HTTP 200", "200 OK", "as 200"), not a count.
        let status_200 = statuses.contains(&200) && ["http 200", "200 ok", "as 200", "with 200"].iter().any(|c| lower.contains(c));
        let says_200 = status_200 && ["always", "too", "come back as", "are returned as", "also"].iter().any(|c| lower.contains(c));
        if says_200 {
            self.as_200 = true;
        }
        if ["exception", "non-200", "only non", "except"].iter().any(|c| lower.contains(c)) {
            self.kept.extend(statuses.iter().filter(|s| **s != 200));
        }
    }

    fn into_convention(self, pos: Pos) -> ErrorConvention {
        let mut c = ErrorConvention {
            pos,
            code: None,
            message: None,
            status: None,
            fixed: Vec::new(),
            style: None,
            codes: self.codes,
            as_200_except: None,
        };
        let mut shown_code = None;
        if let Some(Value::Object(top)) = &self.body {
            // `{"error": {"code": …, "message": …}}`: the roles sit inside.
            let inner = top.iter().find(|(_, v)| v.as_object().is_some_and(|m| m.values().any(Value::is_string))).map(|(k, _)| k);
            for (k, v) in top {
                match v {
                    Value::Object(m) if inner == Some(k) => {
                        for (k2, v2) in m {
                            roles(&mut c, vec![k.clone(), k2.clone()], k2, v2, &mut shown_code);
                        }
                    }
                    _ => roles(&mut c, vec![k.clone()], k, v, &mut shown_code),
                }
            }
        }
        if c.code.is_none() && c.message.is_none() {
            c.code = self.code_key.map(|k| vec![k]);
            c.message = self.message_key.map(|k| vec![k]);
        }
        c.style = shown_code.as_deref().and_then(style_of).or_else(|| {
            let mut styles: BTreeSet<CodeStyle> = c.codes.values().filter_map(|v| style_of(v)).collect();
            if styles.is_empty() {
                styles = self.written_codes.iter().filter_map(|v| style_of(v)).collect();
            }
            (styles.len() == 1).then(|| *styles.first().expect("one"))
        });
        if self.as_200 {
            c.as_200_except = Some(self.kept);
        }
        c
    }
}

/// The role of one key of an error body shown: a code, a message, the
/// status, or a value every error repeats.
fn roles(c: &mut ErrorConvention, path: KeyPath, key: &str, v: &Value, shown_code: &mut Option<String>) {
    let lower = key.to_ascii_lowercase();
    match v {
        Value::Number(n) if n.as_u64().is_some_and(|s| (100..600).contains(&s)) && c.status.is_none() => c.status = Some(path),
        Value::String(s) => {
            let is_code = is_code_value(s);
            let code_key = CODE_KEYS.contains(&lower.as_str()) || lower == "error";
            if is_code && code_key && c.code.is_none() {
                c.code = Some(path);
                *shown_code = Some(s.clone());
            } else if !is_code && (MESSAGE_KEYS.contains(&lower.as_str()) || lower == "error") && c.message.is_none() {
                c.message = Some(path);
            } else if is_code && c.code.is_none() {
                c.code = Some(path);
                *shown_code = Some(s.clone());
            } else if !is_code && c.message.is_none() {
                c.message = Some(path);
            }
        }
        Value::Null => {}
        other => c.fixed.push((path, other.clone())),
    }
}

/// The status a code's meaning names, in the words drafts use for it.
fn status_of_meaning(m: &str) -> Option<u16> {
    let has = |ws: &[&str]| ws.iter().any(|w| m.contains(w));
    if has(&["not found", "no such", "does not exist", "doesn't exist", "unknown id"]) {
        Some(404)
    } else if has(&["scope", "permission", "not allowed", "forbidden", "may not"]) {
        Some(403)
    } else if has(&["token", "signed in", "logged in", "authenticat"]) {
        Some(401)
    } else if has(&["already", "taken", "conflict", "duplicate"]) {
        Some(409)
    } else if has(&["slow down", "rate limit", "too many"]) {
        Some(429)
    } else if has(&["our fault", "internal", "server error"]) {
        Some(500)
    } else if has(&["argument", "missing", "wrong type", "invalid", "validation", "malformed"]) {
        Some(400)
    } else {
        None
    }
}

/// A code rather than a sentence: one word of letters, digits and `_`,
/// `.` or `-` (`not_found`, `SLOT_TAKEN`), or a placeholder naming a code
/// (`<code>`, `<short code>`).
fn is_code_value(s: &str) -> bool {
    let t = s.trim();
    if let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return inner.to_lowercase().contains("code");
    }
    t == "code"
        || (!t.is_empty()
            && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
            && t.chars().any(|c| c.is_ascii_alphabetic())
            && t != "...")
}

/// The spelling of a real code (not a placeholder).
fn style_of(code: &str) -> Option<CodeStyle> {
    let letters = || code.chars().filter(|c| c.is_ascii_alphabetic());
    if code.starts_with('<') || code == "code" || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    if letters().all(|c| c.is_ascii_uppercase()) && (code.contains('_') || code.len() > 3) {
        Some(CodeStyle::UpperSnake)
    } else if letters().all(|c| c.is_ascii_lowercase()) {
        Some(CodeStyle::Snake)
    } else {
        None
    }
}

fn is_identifier(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && s.chars().any(|c| c.is_ascii_alphabetic())
}

/// A code written as one: in backticks, or with an underscore, or in
/// capitals (`NOT_FOUND`, `bad_request`).
fn is_code_word(s: &str, literal: bool) -> bool {
    is_identifier(s) && (literal || s.contains('_') || (s.len() >= 4 && s.chars().all(|c| c.is_ascii_uppercase() || c == '_')))
}

/// The error body written inline in a text (`{"error": "…"}`).
/// Of several (`On success it is {"ok": true, ...}. On failure it is
/// {"ok": false, "error": "…"}`), the one that looks like an error.
fn inline_object(t: &Text) -> Option<Value> {
    let mut objects = Vec::new();
    for s in t.segs() {
        let mut from = 0;
        while let Some(open) = s.text[from..].find('{').map(|o| o + from) {
            match super::loose_json::parse_at(&s.text, open) {
                Ok(p) if p.value.is_object() => {
                    from = p.end.max(open + 1);
                    objects.push(p.value);
                }
                _ => from = open + 1,
            }
        }
    }
    let erroneous = |v: &Value| {
        v.as_object().is_some_and(|m| {
            m.iter().any(|(k, v)| {
                v == &Value::Bool(false) || ["error", "errors", "code", "message", "errcode"].contains(&k.to_ascii_lowercase().as_str())
            })
        })
    };
    let first = objects.first().cloned();
    objects.into_iter().find(erroneous).or(first)
}

/// A literal block that is one JSON object (a status line before it is
/// passed over).
fn object(text: &str) -> Option<Value> {
    let open = text.find('{')?;
    super::loose_json::parse_at(text, open).ok().map(|p| p.value).filter(Value::is_object)
}

/// The words of a text as the code rules read them.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Status(u16),
    /// A code, and whether it was written in backticks.
    Code(String, bool),
    Word(String),
    Open,
    Close,
    Dash,
}

fn tokens(t: &Text) -> Vec<Tok> {
    let mut out = Vec::new();
    for s in t.segs() {
        let literal = s.kind == SegKind::Literal;
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut Vec<Tok>| {
            if word.is_empty() {
                return;
            }
            let w = std::mem::take(word);
            out.push(match w.parse::<u16>() {
                Ok(n) if w.len() == 3 && (200..600).contains(&n) => Tok::Status(n),
                _ if is_code_word(&w, literal) => Tok::Code(w, literal),
                _ => Tok::Word(w.to_lowercase()),
            });
        };
        for ch in s.text.chars() {
            if ch.is_ascii_alphanumeric() || ch == '_' {
                word.push(ch);
                continue;
            }
            flush(&mut word, &mut out);
            match ch {
                '(' => out.push(Tok::Open),
                ')' => out.push(Tok::Close),
                '-' | '–' | '—' | ':' | '=' => out.push(Tok::Dash),
                _ => {}
            }
        }
        flush(&mut word, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::markdown;

    fn of(md: &str) -> Option<ErrorConvention> {
        let src = crate::source::SourceFile::new("t.md", md);
        let doc = markdown::parse(&src, crate::source::FileId::default(), &mut crate::diagnostic::Diagnostics::default());
        find(&doc, [])
    }

    fn key(k: &str) -> Option<KeyPath> {
        Some(k.split('.').map(str::to_string).collect())
    }

    #[test]
    fn a_body_shown_names_its_code_and_message() {
        let c = of("# API\n\nErrors look like this, any non-2xx:\n\n```\n{\"code\": \"not_found\", \"message\": \"vehicle veh_8Jd2 not found\"}\n```\n\n- 400 - bad JSON (code bad_request)\n- 404 - unknown id (code not_found)\n").unwrap();
        assert_eq!((c.code, c.message, c.style), (key("code"), key("message"), Some(CodeStyle::Snake)));
        assert_eq!(c.codes, BTreeMap::from([(400, "bad_request".into()), (404, "not_found".into())]));
        assert_eq!(c.as_200_except, None);
    }

    #[test]
    fn nested_bodies_and_numeric_statuses() {
        let c = of("# API\n\n## Errors\n\n```json\n{\"error\": {\"code\": 409, \"status\": \"FAILED_PRECONDITION\", \"message\": \"not RUNNING\"}}\n```\n").unwrap();
        assert_eq!((c.code, c.message, c.status), (key("error.status"), key("error.message"), key("error.code")));
        assert_eq!(c.style, Some(CodeStyle::UpperSnake));
        let c = of("# API\n\n- Errors: `{\"error\": \"what went wrong\"}` with a 4xx.\n").unwrap();
        assert_eq!((c.code, c.message), (None, key("error")));
    }

    #[test]
    fn keys_named_in_prose_and_codes_listed_by_status() {
        let c = of("# API\n\nErrors come back with a machine-readable `error` code and a human-readable `message`.\n").unwrap();
        assert_eq!((c.code, c.message), (key("error"), key("message")));
        let c = of("# API\n\nErrors: the service gives a JSON with `code` and `message`. The codes are: 400 `INVALID_DATA` (missing), 404 `NOT_FOUND`, and ALREADY_EXISTS (409).\n").unwrap();
        assert_eq!(c.codes, BTreeMap::from([(400, "INVALID_DATA".into()), (404, "NOT_FOUND".into()), (409, "ALREADY_EXISTS".into())]));
        assert_eq!(c.style, Some(CodeStyle::UpperSnake));
        assert_eq!(of("# API\n\n404 for an unknown record, and the errors are fine.\n"), None);
    }

    #[test]
    fn errors_that_travel_as_200() {
        let c = of("# API\n\n- Every answer has `ok`. On failure it is `{\"ok\": false, \"error\": \"invoice_not_found\"}`. Errors come back as HTTP 200 too. The only exceptions are `429` and `5xx`.\n").unwrap();
        assert_eq!((c.code, c.fixed), (key("error"), vec![(vec!["ok".to_string()], Value::Bool(false))]));
        assert_eq!(c.as_200_except, Some(BTreeSet::from([429])));
        let c = of("# API\n\n- Errors: `{\"error\": \"what went wrong\"}`; lists hold up to 200 items too.\n").unwrap();
        assert_eq!(c.as_200_except, None, "a count of 200 is no status");
    }
}
