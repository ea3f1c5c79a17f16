//! Requests made from an endpoint's HTTP example and its types, and answers
//! held to them.
//!
//! A request takes each value as the example writes it where it fits the
//! field's type, else the type's example value; required fields are always
//! sent, optional ones when the example shows them. Three kinds of value
//! are the run's own: an id the server makes (the last record of its type
//! this run made; none yet, and the request is skipped), a request id or a
//! value the draft says must be unique (fresh digits), and the account's
//! user name and password.

use super::call::{encode, Answer, Call};
use super::{Run, Target};
use crate::plan::words::is_access_token;
use crate::plan::Effect;
use crate::types::path::Piece;
use crate::types::{Field, Location, Ty};
use serde_json::{json, Map, Value};

/// Why a request could not be made: a value it needs that the run does not
/// have.
pub(super) type Unmade = String;

impl<'s> Run<'s, '_> {
    /// The request of `t`, built from its example and types.
    pub(super) fn request(&mut self, t: &Target<'s>) -> Result<Call, Unmade> {
        if t.ep.auth && self.token.is_none() {
            return Err("needs an access token: pass --token (the spec has no register operation that gives one)".into());
        }
        self.naming = None;
        self.chosen.clear();
        let ex = t.example;
        let mut path = String::new();
        for piece in t.ep.path.pieces() {
            match piece {
                Piece::Literal(s) => path.push_str(s),
                Piece::Param(wire) => {
                    let f = t.ep.request.fields.iter().find(|f| &f.wire == wire && f.location == Location::Path);
                    let v = match f {
                        Some(f) => self.value_for(t, f, None)?,
                        None => json!(wire),
                    };
                    path.push_str(&encode(&text(&v)));
                }
            }
        }
        let mut query = Vec::new();
        for f in t.ep.request.fields.iter().filter(|f| f.location == Location::Query && !is_access_token(f)) {
            let plan = t.plan;
            if plan.timeout.as_ref() == Some(&f.wire) {
                // A feed answers at once rather than wait for a change.
                query.push((f.wire.clone(), "0".to_string()));
                continue;
            }
            let is = |w: &Option<String>| w.as_ref() == Some(&f.wire);
            if (is(&plan.cursor) || is(&plan.since) || is(&plan.limit)) && f.ty.is_option() {
                continue;
            }
            let written = ex.and_then(|e| e.query.iter().find(|q| q.name == f.wire)).and_then(|q| q.examples.first());
            let written = written.and_then(|w| self.types.convert(t.api, &f.ty, w, &f.wire).ok());
            if written.is_none() && f.ty.is_option() && !self.is_own(t, f) {
                continue;
            }
            let v = self.value_for(t, f, written.as_ref())?;
            query.push((f.wire.clone(), text(&v)));
        }
        let body_fields: Vec<&Field> = t.ep.request.fields.iter().filter(|f| f.location == Location::Body).collect();
        let written = ex.and_then(|e| e.request_body.as_ref()).and_then(|b| b.value.as_object());
        let mut body = Map::new();
        for f in &body_fields {
            // A token the body names (the one to revoke) is the run's.
            if is_access_token(f) {
                if let Some(t) = &self.token {
                    body.insert(f.wire.clone(), json!(t));
                }
                continue;
            }
            let w = written.and_then(|m| m.get(&f.wire)).filter(|v| !v.is_null());
            let own = self.is_own(t, f);
            if f.ty.is_option() && w.is_none() && !own {
                continue;
            }
            match self.value_for(t, f, w) {
                Ok(v) => {
                    body.insert(f.wire.clone(), v);
                }
                // An optional id the run has none of is left out.
                Err(_) if f.ty.is_option() => {}
                Err(e) => return Err(e),
            }
        }
        let sends_body = !body_fields.is_empty() || matches!(t.ep.method, crate::types::Method::Post | crate::types::Method::Put);
        let body = sends_body.then_some(Value::Object(body));
        Ok(Call { method: t.ep.method, path, query, body, token: self.token.clone().filter(|_| t.ep.auth) })
    }

    /// Whether the run supplies `f`'s value itself: a request id, the
    /// account's user name or password.
    fn is_own(&self, t: &Target, f: &Field) -> bool {
        let p = t.plan;
        [&p.request_id, &p.user, &p.password].iter().any(|w| w.as_ref() == Some(&f.wire))
    }

    /// The value of one input.
    fn value_for(&mut self, t: &Target, f: &Field, written: Option<&Value>) -> Result<Value, Unmade> {
        let p = t.plan;
        let is = |w: &Option<String>| w.as_ref() == Some(&f.wire);
        if is(&p.request_id) {
            return Ok(json!(self.fresh()));
        }
        if matches!(p.effect(), Effect::Register | Effect::Login) {
            if let Some((user, password)) = &self.account {
                if is(&p.user) {
                    return Ok(json!(user));
                }
                if is(&p.password) {
                    return Ok(json!(password));
                }
            }
        }
        let named = match f.ty.required() {
            Ty::Vec(inner) => inner.required(),
            t => t,
        };
        let listed = !std::ptr::eq(named, f.ty.required());
        // What picks the record names it by its id type, whatever the field's
        // own type says (`roomIdOrAlias` picks a room).
        let picks = [&p.item].into_iter().flatten().filter(|w| **w == f.wire).find_map(|_| p.id_type.clone());
        let parent = p.parents.iter().find(|(w, _)| *w == f.wire).map(|(_, t)| t.clone());
        let picking = picks.is_some();
        let id = picks.or(parent).or_else(|| self.id_type(named));
        if let Some(id) = id.clone() {
            let creating = t.effect() == Effect::Create && is(&p.item);
            // An account named in a body is another user's (the one to
            // invite, share with, transfer to): the run's second account.
            if f.location == Location::Body && !listed {
                if let Some(v) = self.other.get(&id) {
                    return Ok(v.clone());
                }
            }
            let pinned = self.pin.as_ref().filter(|(i, _)| picking && *i == id).map(|(_, v)| v.clone());
            let last = pinned.or_else(|| self.newest(&id));
            match last {
                // A list of other records: the run has no others to name.
                Some(_) | None if listed && f.ty.is_option() => return Err(format!("no other {id} to list in `{}`", f.wire)),
                Some(v) if !creating => {
                    self.chosen.push(v.clone());
                    return Ok(if listed { json!([v]) } else { v });
                }
                // A record the run did not make may not exist: what picks
                // one, or names one the server makes, waits for one. (A
                // parent no operation makes is the example's: the server
                // has it, or takes any.)
                None if !creating && (picking || self.server_made(&id)) => {
                    return Err(format!("no {id} made by this run to put in `{}`", f.wire))
                }
                _ => {}
            }
            if creating {
                // An id the client names for a new record: the run's own.
                let v = written.cloned().unwrap_or_else(|| self.types.example(t.api, &f.ty));
                if let Value::String(s) = v {
                    let v = json!(vary(&s, &self.fresh()));
                    self.naming = Some((id, v.clone()));
                    return Ok(v);
                }
            }
        }
        let fits = |v: &&Value| self.types.check(t.api, &f.ty, v, &f.wire).is_ok() && crate::types::values::check_bounds(f, v, "").is_ok();
        let v = written.filter(fits).cloned().unwrap_or_else(|| self.types.field_example(t.api, f));
        if id.is_some() {
            // An id the request names is no record an answer makes.
            self.chosen.push(v.clone());
        }
        if p.unique.iter().any(|u| u.wire == f.wire) && t.effect() != Effect::Read {
            if let Value::String(s) = &v {
                return Ok(json!(vary(s, &self.fresh())));
            }
        }
        Ok(v)
    }

    /// The id or token type `ty` names.
    pub(super) fn id_type(&self, ty: &Ty) -> Option<String> {
        let Ty::Named(n) = ty.required() else { return None };
        let space = &self.types.space;
        (space.ids.contains_key(n) || space.tokens.iter().any(|t| &t.name == n)).then(|| n.clone())
    }

    /// Whether the server makes the values of id type `id` (a create, a
    /// register, a log in or an action answers them: an event it sends), so
    /// only one this run made will do.
    fn server_made(&self, id: &str) -> bool {
        self.targets.iter().any(|t| {
            matches!(t.effect(), Effect::Create | Effect::Register | Effect::Login | Effect::Action)
                && t.ep.response.fields.iter().any(|f| matches!(f.ty.required(), Ty::Named(m) if m == id))
        })
    }

    /// Keeps the ids an answer that makes something carries (its
    /// top-level fields of an id type: a create's, a register's, an
    /// action's), newest last. A read's ids are records the run did not
    /// make (a parent it echoes).
    pub(super) fn harvest(&mut self, t: &Target, answer: &Answer) {
        self.keep_named();
        if !matches!(t.effect(), Effect::Create | Effect::Register | Effect::Login | Effect::Action) {
            return;
        }
        let Value::Object(m) = &answer.body else { return };
        let found: Vec<(String, Value)> =
            t.ep.response
                .fields
                .iter()
                .filter_map(|f| Some((self.id_type(&f.ty)?, m.get(&f.wire)?.clone())))
                .filter(|(_, v)| v.is_string() || v.is_number())
                .collect();
        for (id, v) in found {
            // An id the request named, echoed back, is none this run made.
            if self.chosen.contains(&v) {
                continue;
            }
            self.under.push((v.clone(), self.chosen.clone()));
            self.keep(&id, v);
        }
        if t.effect() == Effect::Create {
            if let (Some(id), Some(v)) = (t.plan.id_type.clone(), self.made(t, answer)) {
                self.keep(&id, v);
            }
        }
    }

    /// The newest record of id type `id`, preferring one made under a
    /// record this request already names (an event of the room in its
    /// path).
    fn newest(&self, id: &str) -> Option<Value> {
        let list = self.ids.get(id)?;
        let made_under = |v: &Value| self.under.iter().any(|(c, ps)| c == v && ps.iter().any(|p| self.chosen.contains(p)));
        list.iter().rev().find(|v| made_under(v)).or_else(|| list.last()).cloned()
    }

    /// Keeps `v` as the newest record of id type `id`.
    pub(super) fn keep(&mut self, id: &str, v: Value) {
        let list = self.ids.entry(id.to_string()).or_default();
        list.retain(|x| x != &v);
        list.push(v);
    }

    /// Keeps the id the last request named its new record by (a
    /// client-named id in a create's path or body), once it was made.
    pub(super) fn keep_named(&mut self) {
        if let Some((id, v)) = self.naming.take() {
            self.keep(&id, v);
        }
    }

    /// The id of the record a create of `t` made, from its answer.
    pub(super) fn made(&self, t: &Target, answer: &Answer) -> Option<Value> {
        let id = t.plan.id_type.as_ref()?;
        let named = self.naming.as_ref().filter(|(n, _)| n == id).map(|(_, v)| v.clone());
        // A field of the id's type, else one its name says is the record's
        // id (`id`, `albumId` on an album).
        let resource = &t.plan.resource;
        let of_type = |f: &&Field| matches!(f.ty.required(), Ty::Named(n) if n == id);
        let by_name = |f: &&Field| crate::plan::words::attribute(resource, &f.wire) == "id";
        let value = |f: &Field| answer.body.get(&f.wire).filter(|v| v.is_string() || v.is_number()).cloned();
        let fields = &t.ep.response.fields;
        fields.iter().filter(of_type).find_map(value).or_else(|| fields.iter().filter(by_name).find_map(value)).or(named)
    }

    /// Forgets a record (deleted).
    pub(super) fn forget(&mut self, id: &Value) {
        for list in self.ids.values_mut() {
            list.retain(|x| x != id);
        }
    }

    /// Holds an answer to the endpoint's success status and response type.
    pub(super) fn judge(&self, t: &Target, answer: &Answer) -> Result<(), String> {
        self.judge_status(t, answer, t.ep.success)
    }

    /// Holds an answer to `expected`, and a success to the response type.
    pub(super) fn judge_status(&self, t: &Target, answer: &Answer, expected: u16) -> Result<(), String> {
        if self.is_error(answer) && (200..300).contains(&expected) {
            return Err(format!("answered an error where the draft says {expected}{}", said(answer)));
        }
        if answer.status != expected {
            return Err(format!("answered {} where the draft says {expected}{}", answer.status, said(answer)));
        }
        if !(200..300).contains(&expected) {
            return Ok(());
        }
        let fields: Vec<&Field> = t.ep.response.fields.iter().filter(|f| f.location == Location::Body).collect();
        if fields.is_empty() {
            return Ok(());
        }
        let name = &t.ep.response.name;
        match &answer.body {
            Value::Object(m) => {
                self.types.check_fields(t.api, &fields, m, "").map_err(|e| format!("the answer does not fit `{name}`: {}", e.message()))
            }
            _ => Err(format!("the answer is not a JSON object, but `{name}` has fields{}", said(answer))),
        }
    }
}

impl Run<'_, '_> {
    /// Whether an answer is an error: a 4xx or 5xx, or, where the spec's
    /// errors travel as `200 OK`, a body in its error shape (its fixed keys,
    /// `"ok": false`, or its code key).
    pub(super) fn is_error(&self, a: &Answer) -> bool {
        if a.status >= 400 {
            return true;
        }
        let Some(c) = self.types.space.errors.written.as_ref().filter(|c| c.as_200_except.is_some()) else { return false };
        let at = |path: &[String]| path.iter().try_fold(&a.body, |v, k| v.get(k));
        if !c.fixed.is_empty() {
            return c.fixed.iter().all(|(k, v)| at(k) == Some(v));
        }
        c.code.as_ref().is_some_and(|k| at(k).is_some())
    }
}

/// A path or query value as text: strings as they are, lists joined by
/// commas, anything else as JSON.
pub(super) fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// What an answer said, shortened for a report: ` (said: {...})`.
pub(super) fn said(answer: &Answer) -> String {
    let t = answer.text.trim();
    if t.is_empty() {
        return String::new();
    }
    let short: String = t.chars().take(160).collect();
    let more = if short.len() < t.len() { "…" } else { "" };
    format!(" (said: {short}{more})")
}

/// A value made unique with `digits`, in the form it had: before the `@`
/// of an address, else in place of its last characters (a code keeps its
/// length), else appended.
pub(super) fn vary(s: &str, digits: &str) -> String {
    // `ada@example.org`, `#lobby:example.org`, `@bob:example.org`: before
    // the first separator after the first character.
    if let Some(i) = s.char_indices().skip(1).find(|(_, c)| matches!(c, '@' | ':')).map(|(i, _)| i) {
        return format!("{}{digits}{}", &s[..i], &s[i..]);
    }
    // Else the last characters (at most half) become the digits' last
    // ones: a code keeps its length, so its bounds.
    let chars: Vec<char> = s.chars().collect();
    let k = digits.len().min(chars.len() / 2);
    if k == 0 {
        return format!("{s}{digits}");
    }
    let keep: String = chars[..chars.len() - k].iter().collect();
    format!("{keep}{}", &digits[digits.len() - k..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unique_value_keeps_its_form() {
        assert_eq!(vary("ada@example.org", "123"), "ada123@example.org");
        assert_eq!(vary("1HGCM82633A004352", "0042"), "1HGCM82633A000042");
        assert_eq!(vary("231-D-99", "1234567"), "231-4567");
        assert_eq!(vary("ab", "77"), "a7");
        assert_eq!(vary("a", "77"), "a77");
        assert_eq!(vary("#lobby:example.org", "5"), "#lobby5:example.org");
        assert_eq!(text(&json!(["a", 1])), "a,1");
    }
}
