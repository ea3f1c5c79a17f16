//! The error answers of a served spec: in the shape its prose describes
//! (`model::errors`), as its overlay's `[errors]` table sets, or else as
//! RFC 9457 problem details (`application/problem+json`). The mock
//! answers every error through [`ErrorFormat::render`]; the OpenAPI
//! document and the generated client read the same format, so the three
//! agree.
//!
//! Invariant: the engine says *what* went wrong as an [`ErrorKind`] with a
//! status and a message; only this module decides the body, and no domain
//! (no spec's codes) is written here: a code comes from the overlay, the
//! spec's own list by status, or the kind's name in the spec's spelling.

use crate::bindings::ErrorsBinding;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::errors::{CodeStyle, ErrorConvention, KeyPath};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// What went wrong, as the engine knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ErrorKind {
    /// The body is not JSON (or not sent as JSON).
    NotJson,
    /// A value of the request is wrong: its type, its bounds, an unknown key.
    BadJson,
    /// A required input is absent.
    MissingParam,
    MissingToken,
    UnknownToken,
    /// A log-in with an unknown user or a wrong password.
    WrongCredentials,
    /// The caller may not do this.
    Forbidden,
    /// A record the request names does not exist.
    NotFound,
    /// No endpoint is served here (an unknown path, a method, a section not
    /// served).
    Unrecognized,
    /// The request conflicts with what is stored: a value that must be
    /// unique is taken, or the record's status locks it.
    InUse,
    /// The request is larger than served.
    TooLarge,
    /// The mock itself failed.
    Internal,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::NotJson,
        ErrorKind::BadJson,
        ErrorKind::MissingParam,
        ErrorKind::MissingToken,
        ErrorKind::UnknownToken,
        ErrorKind::WrongCredentials,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::Unrecognized,
        ErrorKind::InUse,
        ErrorKind::TooLarge,
        ErrorKind::Internal,
    ];

    /// Its name in an overlay's `[errors.codes]`, and the code a spec that
    /// spells codes in snake case gets when it lists none for its status.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::NotJson => "not_json",
            ErrorKind::BadJson => "bad_request",
            ErrorKind::MissingParam => "missing_field",
            ErrorKind::MissingToken => "missing_token",
            ErrorKind::UnknownToken => "unknown_token",
            ErrorKind::WrongCredentials => "invalid_credentials",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Unrecognized => "unrecognized",
            ErrorKind::InUse => "conflict",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Internal => "internal",
        }
    }

    pub fn parse(s: &str) -> Option<ErrorKind> {
        ErrorKind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The status it answers unless the engine says otherwise.
    pub fn status(self) -> u16 {
        match self {
            ErrorKind::NotJson | ErrorKind::BadJson | ErrorKind::MissingParam => 400,
            ErrorKind::MissingToken | ErrorKind::UnknownToken | ErrorKind::WrongCredentials => 401,
            ErrorKind::Forbidden => 403,
            ErrorKind::NotFound | ErrorKind::Unrecognized => 404,
            ErrorKind::InUse => 409,
            ErrorKind::TooLarge => 413,
            ErrorKind::Internal => 500,
        }
    }
}

/// Where the format was read from, for `explain` and the OpenAPI text.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorSource {
    /// The spec's prose or one of its error examples, at `line`.
    Spec { line: u32 },
    /// The overlay's `[errors]` table.
    Overlay,
    /// Nothing: RFC 9457 problem details.
    Problem,
}

/// How a spec's errors are answered.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorFormat {
    pub source: ErrorSource,
    /// The shape; `None` for problem details.
    pub written: Option<ErrorConvention>,
    /// Codes the overlay sets per kind (before the spec's by status).
    pub by_kind: BTreeMap<ErrorKind, String>,
    /// A pattern every code matches (the overlay's), for the document.
    pub pattern: Option<String>,
    /// Statuses the overlay sets per kind, over [`ErrorKind::status`].
    pub statuses: BTreeMap<ErrorKind, u16>,
}

/// An error answer, ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Value,
}

pub const PROBLEM_JSON: &str = "application/problem+json";

impl Default for ErrorFormat {
    fn default() -> Self {
        ErrorFormat { source: ErrorSource::Problem, written: None, by_kind: BTreeMap::new(), pattern: None, statuses: BTreeMap::new() }
    }
}

fn path_of(s: &str) -> KeyPath {
    s.split('.').map(str::to_string).collect()
}

impl ErrorFormat {
    /// The format of a spec: its overlay's table, else what its prose
    /// describes, else problem details. An overlay code keyed by neither a
    /// kind nor a status is an error at its place.
    pub fn new(spec: Option<&ErrorConvention>, overlay: Option<&ErrorsBinding>, diags: &mut Diagnostics) -> ErrorFormat {
        let mut f = match spec {
            Some(c) if c.code.is_some() || c.message.is_some() => {
                ErrorFormat { source: ErrorSource::Spec { line: c.pos.line }, written: Some(c.clone()), ..ErrorFormat::default() }
            }
            // Codes listed with no key named: the usual pair.
            Some(c) if !c.codes.is_empty() => ErrorFormat {
                source: ErrorSource::Spec { line: c.pos.line },
                written: Some(ErrorConvention { code: Some(path_of("code")), message: Some(path_of("message")), ..c.clone() }),
                ..ErrorFormat::default()
            },
            _ => ErrorFormat::default(),
        };
        let Some(o) = overlay else { return f };
        let base = f.written.take().unwrap_or(ErrorConvention {
            pos: o.pos,
            code: None,
            message: None,
            status: None,
            fixed: Vec::new(),
            style: None,
            codes: BTreeMap::new(),
            as_200_except: None,
        });
        let mut written = ErrorConvention {
            code: o.code.as_deref().map(path_of).or(base.code),
            message: o.message.as_deref().map(path_of).or(base.message),
            ..base
        };
        if written.code.is_none() && written.message.is_none() {
            written.code = Some(path_of("code"));
            written.message = Some(path_of("message"));
        }
        for (key, code) in &o.codes {
            if let Some(kind) = ErrorKind::parse(&key.value) {
                f.by_kind.insert(kind, code.clone());
            } else if let Some(status) = key.value.parse::<u16>().ok().filter(|s| (400..600).contains(s)) {
                written.codes.insert(status, code.clone());
            } else {
                let kinds: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.name()).collect();
                diags.push(
                    Diagnostic::error(
                        key.pos,
                        format!("`[errors.codes]` has `{}`, which is neither an error kind nor a status", key.value),
                    )
                    .with_help(format!("key a code by an HTTP status (\"404\") or by one of: {}", kinds.join(", "))),
                );
            }
        }
        for (key, status) in &o.statuses {
            match ErrorKind::parse(&key.value).filter(|_| (400..600).contains(status)) {
                Some(kind) => {
                    f.statuses.insert(kind, *status);
                }
                None => diags.push(
                    Diagnostic::error(key.pos, format!("`[errors.statuses]` has `{}` = {status}", key.value))
                        .with_help("key a status (400 to 599) by an error kind: invalid_credentials, forbidden, …"),
                ),
            }
        }
        f.written = Some(written);
        f.source = ErrorSource::Overlay;
        f.pattern = o.pattern.clone();
        f
    }

    /// The status an error of `kind` answers: the overlay's, else the usual.
    pub fn status_of(&self, kind: ErrorKind) -> u16 {
        self.statuses.get(&kind).copied().unwrap_or(kind.status())
    }

    /// The code an error of `kind` answered with `status` carries, if the
    /// body has a code.
    pub fn code(&self, kind: ErrorKind, status: u16) -> Option<String> {
        let w = self.written.as_ref()?;
        w.code.as_ref()?;
        if let Some(c) = self.by_kind.get(&kind) {
            return Some(c.clone());
        }
        if let Some(c) = w.codes.get(&status) {
            return Some(c.clone());
        }
        // No endpoint served: named by what the status says.
        let name = match (kind, status) {
            (ErrorKind::Unrecognized, 404) => "not_found",
            (ErrorKind::Unrecognized, 405) => "method_not_allowed",
            (ErrorKind::Unrecognized, 501) => "not_implemented",
            _ => kind.name(),
        };
        Some(match w.style {
            Some(CodeStyle::UpperSnake) => name.to_ascii_uppercase(),
            _ => name.to_string(),
        })
    }

    /// The status an error answered `status` travels with: the spec's own,
    /// or 200 where its errors come back as 200 (5xx and the statuses it
    /// names keep theirs).
    pub fn travel(&self, status: u16) -> u16 {
        match self.written.as_ref().and_then(|w| w.as_200_except.as_ref()) {
            Some(kept) if status < 500 && !kept.contains(&status) => 200,
            _ => status,
        }
    }

    /// The answer for an error of `kind`, `status`, saying `message`, about
    /// the request field `field` when one is to blame.
    pub fn render(&self, kind: ErrorKind, status: u16, message: &str, field: Option<&str>) -> Rendered {
        self.render_coded(kind, status, None, message, field)
    }

    /// [`ErrorFormat::render`], with the code the spec documents for this
    /// very error (`email_taken` beside "409 if the email is taken") when
    /// there is one.
    pub fn render_coded(&self, kind: ErrorKind, status: u16, code: Option<&str>, message: &str, field: Option<&str>) -> Rendered {
        let Some(w) = &self.written else {
            let mut body = json!({
                "type": "about:blank",
                "title": reason(status),
                "status": status,
                "detail": message,
            });
            if let Some(f) = field {
                body["field"] = Value::String(f.to_string());
            }
            return Rendered { status, content_type: PROBLEM_JSON, body };
        };
        let mut body = Value::Object(Map::new());
        for (path, v) in &w.fixed {
            put(&mut body, path, v.clone());
        }
        if let Some(p) = &w.status {
            put(&mut body, p, json!(status));
        }
        if let (Some(p), Some(code)) = (&w.code, code.map(str::to_string).or_else(|| self.code(kind, status))) {
            put(&mut body, p, Value::String(code));
        }
        if let Some(p) = &w.message {
            put(&mut body, p, Value::String(message.to_string()));
        }
        Rendered { status: self.travel(status), content_type: "application/json", body }
    }

    /// The JSON schema of an error body.
    pub fn schema(&self) -> Value {
        let Some(w) = &self.written else {
            return json!({
                "type": "object",
                "description": "RFC 9457 problem details.",
                "properties": {
                    "type": { "type": "string" },
                    "title": { "type": "string" },
                    "status": { "type": "integer" },
                    "detail": { "type": "string", "description": "What went wrong, for people." },
                    "field": { "type": "string", "description": "The request field to blame, when there is one." }
                },
                "required": ["type", "title", "status", "detail"]
            });
        };
        let mut schema = json!({ "type": "object", "description": "An error answer, as the spec writes it." });
        let mut code = json!({ "type": "string", "description": "The error code, for programs." });
        if let Some(p) = &self.pattern {
            code["pattern"] = Value::String(p.clone());
        }
        let mut keys: Vec<(&KeyPath, Value)> = Vec::new();
        keys.extend(w.code.iter().map(|p| (p, code.clone())));
        keys.extend(w.message.iter().map(|p| (p, json!({ "type": "string", "description": "What went wrong, for people." }))));
        keys.extend(w.status.iter().map(|p| (p, json!({ "type": "integer", "description": "The HTTP status." }))));
        keys.extend(w.fixed.iter().map(|(p, v)| (p, fixed_schema(v))));
        for (path, s) in keys {
            let mut at = &mut schema;
            for (i, k) in path.iter().enumerate() {
                let last = i + 1 == path.len();
                if at.get("type").is_none() {
                    at["type"] = json!("object");
                }
                let req = at["required"].as_array().map(|a| a.iter().any(|r| r == k)).unwrap_or(false);
                if !req {
                    if !at["required"].is_array() {
                        at["required"] = json!([]);
                    }
                    at["required"].as_array_mut().expect("an array").push(json!(k));
                }
                let next = at["properties"][k.as_str()].take();
                at["properties"][k.as_str()] = if last {
                    s.clone()
                } else if next.is_null() {
                    json!({ "type": "object" })
                } else {
                    next
                };
                at = &mut at["properties"][k.as_str()];
            }
        }
        schema
    }

    /// The content type of its answers.
    pub fn content_type(&self) -> &'static str {
        if self.written.is_some() {
            "application/json"
        } else {
            PROBLEM_JSON
        }
    }

    /// Where the code and the message sit (dotted), for the generated
    /// client.
    pub fn code_key(&self) -> Option<String> {
        Some(self.written.as_ref()?.code.as_ref()?.join("."))
    }

    pub fn message_key(&self) -> Option<String> {
        match &self.written {
            Some(w) => Some(w.message.as_ref()?.join(".")),
            None => Some("detail".into()),
        }
    }

    /// One line on what errors look like, for `explain`.
    pub fn describe(&self) -> String {
        let example = self.render(ErrorKind::NotFound, 404, "no record `x`", None);
        let status = if example.status == 404 { "404".to_string() } else { format!("{} (errors travel as 200)", example.status) };
        let from = match self.source {
            ErrorSource::Spec { line } => format!("as the spec writes them (line {line})"),
            ErrorSource::Overlay => "as the overlay's [errors] sets".to_string(),
            ErrorSource::Problem => "as RFC 9457 problem details (the spec describes no error body)".to_string(),
        };
        let codes = match self.written.as_ref().map(|w| &w.codes).filter(|c| !c.is_empty()) {
            Some(c) => format!("; its codes by status: {}", c.iter().map(|(s, c)| format!("{s} {c}")).collect::<Vec<_>>().join(", ")),
            None => String::new(),
        };
        format!("Errors {from}: an unknown record answers {status} {}{codes}", example.body)
    }
}

/// The schema of a value every error repeats.
fn fixed_schema(v: &Value) -> Value {
    match v {
        Value::Bool(_) | Value::String(_) | Value::Number(_) => json!({ "const": v }),
        Value::Array(_) => json!({ "type": "array" }),
        _ => json!({ "type": "object" }),
    }
}

/// Sets `path` in `body`, making the objects on the way.
fn put(body: &mut Value, path: &[String], v: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut at = body;
    for p in parents {
        if !at[p.as_str()].is_object() {
            at[p.as_str()] = Value::Object(Map::new());
        }
        at = &mut at[p.as_str()];
    }
    at[last.as_str()] = v;
}

/// The reason phrase of a status.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ if status >= 500 => "Internal Server Error",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Pos;
    use std::collections::BTreeSet;

    fn convention(code: Option<&str>, message: Option<&str>) -> ErrorConvention {
        ErrorConvention {
            pos: Pos::default(),
            code: code.map(path_of),
            message: message.map(path_of),
            status: None,
            fixed: vec![],
            style: None,
            codes: BTreeMap::new(),
            as_200_except: None,
        }
    }

    #[test]
    fn a_spec_without_an_error_body_answers_problem_details() {
        let f = ErrorFormat::default();
        let r = f.render(ErrorKind::MissingParam, 400, "`name` is required", Some("name"));
        assert_eq!((r.status, r.content_type), (400, PROBLEM_JSON));
        assert_eq!(
            r.body,
            json!({"type": "about:blank", "title": "Bad Request", "status": 400, "detail": "`name` is required", "field": "name"})
        );
    }

    #[test]
    fn the_spec_shape_with_its_codes_then_its_spelling() {
        let mut c = convention(Some("error.code"), Some("error.message"));
        c.style = Some(CodeStyle::UpperSnake);
        c.codes.insert(404, "NOT_THERE".into());
        c.fixed.push((path_of("error.details"), json!([])));
        let f = ErrorFormat::new(Some(&c), None, &mut Diagnostics::default());
        let r = f.render(ErrorKind::NotFound, 404, "no vehicle", None);
        assert_eq!(r.body, json!({"error": {"code": "NOT_THERE", "message": "no vehicle", "details": []}}));
        assert_eq!(f.render(ErrorKind::InUse, 409, "taken", None).body["error"]["code"], "CONFLICT");
        let only_message = ErrorFormat::new(Some(&convention(None, Some("error"))), None, &mut Diagnostics::default());
        assert_eq!(only_message.render(ErrorKind::Forbidden, 403, "not yours", None).body, json!({"error": "not yours"}));
    }

    #[test]
    fn errors_that_travel_as_200_keep_the_named_statuses() {
        let mut c = convention(Some("error"), None);
        c.fixed.push((path_of("ok"), json!(false)));
        c.as_200_except = Some(BTreeSet::from([401]));
        let f = ErrorFormat::new(Some(&c), None, &mut Diagnostics::default());
        assert_eq!(f.render(ErrorKind::NotFound, 404, "x", None).status, 200);
        assert_eq!(f.render(ErrorKind::UnknownToken, 401, "x", None).status, 401);
        assert_eq!(f.render(ErrorKind::Internal, 500, "x", None).status, 500);
        assert_eq!(f.render(ErrorKind::NotFound, 404, "x", None).body, json!({"ok": false, "error": "not_found"}));
    }
}
