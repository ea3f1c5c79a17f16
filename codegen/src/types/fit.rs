//! The spec's examples are its test: every HTTP example of an operation is
//! held to the types inferred for its endpoint. Its path and query values
//! must convert into their parameters, its request body must read into the
//! request type and its success body into the response type, as the
//! generated serde types would read them.
//!
//! A misfit is a warning at the example's line that names the key and the
//! field it should have matched; `specgen check` and `generate` report it.

use super::meaning::{concepts, similarity};
use super::values::{Invalid, Problem, Types};
use super::{Endpoint, Field, Location, StructDef, TypeSpace};
use crate::diagnostic::Diagnostic;
use crate::model::http::{Body, HttpExample};
use crate::model::{Operation, Spec};
use crate::source::Pos;
use serde_json::Value;

/// What checking a spec's examples found.
#[derive(Debug, Clone, Default)]
pub struct Fit {
    /// Example parts held to a type: a request (path, query and body
    /// together) or a success response body.
    pub checked: usize,
    /// Parts that read into their type.
    pub fitting: usize,
    pub misfits: Vec<Misfit>,
}

/// One way an example does not fit its endpoint's types.
#[derive(Debug, Clone, PartialEq)]
pub struct Misfit {
    pub pos: Pos,
    pub endpoint: String,
    pub message: String,
    /// The field a stray key should have matched, when one is near.
    pub help: Option<String>,
}

impl Misfit {
    pub fn diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::warning(self.pos, format!("HTTP example of `{}`: {}", self.endpoint, self.message));
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

/// The operation an endpoint was made from, if it has one.
pub(crate) fn operation_of<'s>(spec: &'s Spec, ep: &Endpoint) -> Option<&'s Operation> {
    spec.apis.iter().flat_map(|a| &a.operations).find(|op| op.pos == ep.pos && op.name == ep.operation)
}

/// Checks every endpoint's HTTP example against its types.
pub fn check(spec: &Spec, space: &TypeSpace) -> Fit {
    let types = Types::new(space.clone());
    let mut fit = Fit::default();
    for (api, module) in space.apis.iter().enumerate() {
        for ep in &module.endpoints {
            let Some(ex) = operation_of(spec, ep).and_then(|op| op.http.as_ref()) else { continue };
            let mut c = Checker { types: &types, api, ep, misfits: Vec::new() };
            if has_request(ex) {
                fit.checked += 1;
                let before = c.misfits.len();
                c.request(ex);
                fit.fitting += usize::from(c.misfits.len() == before);
            }
            if let Some(body) = success_body(ex) {
                fit.checked += 1;
                let before = c.misfits.len();
                c.body(body, &ep.response, "response");
                fit.fitting += usize::from(c.misfits.len() == before);
            }
            fit.misfits.extend(c.misfits);
        }
    }
    fit
}

/// Whether the example shows anything of a request beyond its route: a
/// body, or a query value.
fn has_request(ex: &HttpExample) -> bool {
    ex.request_body.as_ref().is_some_and(|b| !b.value.is_null()) || ex.query.iter().any(|q| !q.examples.is_empty())
}

/// The body of the first success (or unlabelled) answer.
pub(crate) fn success_body(ex: &HttpExample) -> Option<&Body> {
    let ok = ex.responses.iter().find(|r| r.status.is_none_or(|s| (200..300).contains(&s)))?;
    ok.body.as_ref().filter(|b| !b.value.is_null())
}

struct Checker<'a> {
    types: &'a Types,
    api: usize,
    ep: &'a Endpoint,
    misfits: Vec<Misfit>,
}

impl Checker<'_> {
    fn miss(&mut self, pos: Pos, message: String, help: Option<String>) {
        self.misfits.push(Misfit { pos, endpoint: self.ep.name.clone(), message, help });
    }

    fn request(&mut self, ex: &HttpExample) {
        let fields = &self.ep.request.fields;
        for q in &ex.query {
            let Some(f) = fields.iter().find(|f| f.location == Location::Query && f.wire == q.name) else {
                let near = nearest(&q.name, fields.iter().filter(|f| f.location == Location::Query));
                self.miss(q.pos, format!("query parameter `{}` is no input of `{}`", q.name, self.ep.request.name), near);
                continue;
            };
            for v in &q.examples {
                if let Err(e) = self.types.convert(self.api, &f.ty, v, &q.name) {
                    self.miss(q.pos, format!("query value {v:?}: {}", e.message()), None);
                }
            }
        }
        if let Some(body) = ex.request_body.as_ref().filter(|b| !b.value.is_null()) {
            self.body(body, &self.ep.request, "request");
        }
    }

    /// Checks a body against the struct's body fields: every key a field,
    /// every value of its field's type, every required field present (unless
    /// the example elides part of the object).
    fn body(&mut self, body: &Body, s: &StructDef, side: &str) {
        let fields: Vec<&Field> = s.fields.iter().filter(|f| f.location == Location::Body).collect();
        let Value::Object(map) = &body.value else {
            if !fields.is_empty() {
                self.miss(body.pos, format!("the {side} body is not an object, but `{}` has fields", s.name), None);
            }
            return;
        };
        let elided = body.elided.iter().any(|e| e.pointer.is_empty());
        let elisions: std::collections::HashSet<String> = body.elided.iter().map(|e| e.pointer.clone()).collect();
        for (key, value) in map {
            match fields.iter().find(|f| &f.wire == key) {
                Some(f) => {
                    // "{id: …, plate: …, ...}": an elided object shows some keys.
                    let partial = |at: &str| elisions.contains(&pointer_of(at));
                    if let Err(e) = self.types.check_partial(self.api, &f.ty, value, key, &partial) {
                        self.miss(body.pos, invalid(&e), None);
                    }
                }
                None => {
                    let unmatched = fields.iter().copied().filter(|f| !map.contains_key(&f.wire));
                    let near = nearest(key, unmatched);
                    self.miss(body.pos, format!("{side} key `{key}` is no field of `{}`", s.name), near);
                }
            }
        }
        if !elided {
            for f in fields.iter().filter(|f| !f.ty.is_option() && !map.contains_key(&f.wire)) {
                self.miss(
                    body.pos,
                    format!("{side} body has no `{}`, which `{}` requires (\"{}\", line {})", f.wire, s.name, f.prose, f.pos.line),
                    Some("mark the item optional in the prose, or show it in the example".into()),
                );
            }
        }
    }
}

/// The JSON pointer of a checker's place: `vehicles[0].make` →
/// `/vehicles/0/make`.
fn pointer_of(at: &str) -> String {
    let mut out = String::new();
    for part in at.split('.') {
        let mut rest = part;
        let name_end = rest.find('[').unwrap_or(rest.len());
        out.push('/');
        out.push_str(&rest[..name_end].replace('~', "~0").replace('/', "~1"));
        rest = &rest[name_end..];
        while let Some(close) = rest.find(']') {
            out.push('/');
            out.push_str(&rest[1..close]);
            rest = &rest[close + 1..];
        }
    }
    out
}

fn invalid(e: &Invalid) -> String {
    match e.problem {
        Problem::Unknown => format!("key `{}` is no field: expected {}", e.at, e.expected),
        _ => e.message(),
    }
}

/// The field a stray key most likely means, as help text.
fn nearest<'f>(key: &str, fields: impl Iterator<Item = &'f Field>) -> Option<String> {
    let k = concepts(key);
    let best = fields
        .map(|f| (similarity(&k, &concepts(&format!("{} {}", f.wire, f.prose))), f))
        .filter(|(s, _)| *s > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let f = best.1;
    Some(format!("did you mean `{}` (\"{}\", line {})? Name the item so that its words match the key", f.wire, f.prose, f.pos.line))
}

#[cfg(test)]
mod tests {
    use super::pointer_of;

    #[test]
    fn places_read_as_json_pointers() {
        assert_eq!(pointer_of("vehicles[0]"), "/vehicles/0");
        assert_eq!(pointer_of("a.b[2][3].c"), "/a/b/2/3/c");
        assert_eq!(pointer_of("x/y"), "/x~1y");
    }
}
