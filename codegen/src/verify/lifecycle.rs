//! Per resource, the life of one record, on records this phase makes:
//! created, read back with what was sent, found in its list, paged one at a
//! time, updated, deleted and then gone (404), and an id never made
//! answered 404. Then, for each operation with a request id, a retry that
//! must answer what the first request did.

use super::report::{Kind, Outcome};
use super::requests::{said, text, vary};
use super::{Answer, Call, Run, Target};
use crate::plan::words::is_cursor;
use crate::plan::Effect;
use crate::types::{Location, Ty};
use serde_json::Value;

impl<'s> Run<'s, '_> {
    pub(super) fn lifecycles(&mut self) {
        let mut resources: Vec<String> =
            self.targets.iter().filter(|t| t.effect() == Effect::Create).map(|t| t.resource().to_string()).collect();
        resources.dedup();
        for r in resources {
            self.lifecycle(&r);
        }
    }

    fn lifecycle(&mut self, resource: &str) {
        let Some(create) = self.of(resource, Effect::Create).into_iter().next() else { return };
        let Some(read) = self.of(resource, Effect::Read).into_iter().find(|t| t.plan.item.is_some() && !t.plan.callers_own) else { return };
        let Some((sent, id)) = self.step_create(&create, &format!("creates a {resource}")) else { return };
        self.read_back(&read, &sent, &id, "reads back what was created");
        for list in self.of(resource, Effect::List) {
            self.listed(&list, &create, &id);
        }
        for update in self.of(resource, Effect::Update).into_iter().filter(|t| t.plan.item.is_some() && !t.plan.callers_own) {
            self.others_refused(&update, &id, "refuses another user's update");
            if let Some(call) = self.step(&update, "updates the record", &id) {
                self.read_back(&read, &call, &id, "reads back what was updated");
            }
        }
        self.unknown(&read, &id);
        if let Some(delete) = self.of(resource, Effect::Delete).into_iter().find(|t| t.plan.item.is_some()) {
            self.others_refused(&delete, &id, "refuses another user's delete");
            if self.step(&delete, "deletes the record", &id).is_some() {
                // A soft delete the prose says leaves the record readable
                // (in its new status) is no 404.
                let soft =
                    delete.plan.moves.as_ref().is_some_and(|m| !read.plan.gone.as_ref().is_some_and(|g| g.values.contains(&m.value)));
                if let (true, Some(m)) = (soft, delete.plan.moves.clone()) {
                    let mut sent = serde_json::Map::new();
                    sent.insert(m.wire.clone(), Value::String(m.value.clone()));
                    let sent =
                        Call { method: delete.ep.method, path: String::new(), query: vec![], body: Some(Value::Object(sent)), token: None };
                    self.read_back(&read, &sent, &id, &format!("reads the deleted record as `{}`", m.value));
                } else {
                    self.forget(&id);
                    self.gone(&read, &id);
                }
            }
        }
    }

    /// Makes a record; the call that made it and its id.
    fn step_create(&mut self, create: &Target<'s>, what: &str) -> Option<(Call, Value)> {
        let call = self.request(create).ok()?;
        let answer = self.send(&call).ok()?;
        let judged = self.judge(create, &answer).and_then(|()| {
            self.made(create, &answer)
                .ok_or_else(|| format!("the answer names no {}{}", create.plan.id_type.as_deref().unwrap_or("id"), said(&answer)))
        });
        let line = call.line();
        match judged {
            Ok(id) => {
                self.harvest(create, &answer);
                self.record(create, Kind::Lifecycle, what, line, Outcome::Passed);
                Some((call, id))
            }
            Err(e) => {
                self.record(create, Kind::Lifecycle, what, line, Outcome::Failed(e));
                None
            }
        }
    }

    /// Sends `t` on the record `id` (the last one made); the call when it
    /// answered as the draft says.
    fn step(&mut self, t: &Target<'s>, what: &str, id: &Value) -> Option<Call> {
        let call = self.on_record(t, id)?;
        let (call, answer) = self.checked(t, Kind::Lifecycle, what, call);
        answer.map(|_| call)
    }

    /// `t`'s request with `id` as its item (the newest of its type).
    fn on_record(&mut self, t: &Target<'s>, id: &Value) -> Option<Call> {
        let id_type = t.plan.id_type.clone()?;
        self.pin = Some((id_type, id.clone()));
        let call = self.request(t).ok();
        self.pin = None;
        call
    }

    /// Reads the record and compares what `sent` gave its attributes.
    fn read_back(&mut self, read: &Target<'s>, sent: &Call, id: &Value, what: &str) {
        let Some(call) = self.on_record(read, id) else { return };
        let outcome = match self.send(&call) {
            Err(e) => Outcome::Failed(e),
            Ok(answer) => match self.judge(read, &answer).and_then(|()| self.same_values(read, sent, &answer)) {
                Ok(()) => Outcome::Passed,
                Err(e) => Outcome::Failed(e),
            },
        };
        self.record(read, Kind::Lifecycle, what, call.line(), outcome);
    }

    /// Every attribute `sent` gave as text, a whole number, a choice or a
    /// flag comes back the same in the read's answer (at its top level, or
    /// in the one record it wraps).
    fn same_values(&self, read: &Target, sent: &Call, answer: &Answer) -> Result<(), String> {
        let Some(Value::Object(body)) = &sent.body else { return Ok(()) };
        let record = answer_record(&answer.body);
        for f in read.ep.response.fields.iter().filter(|f| f.location == Location::Body) {
            let (Some(want), Some(got)) = (body.get(&f.wire), record.and_then(|r| r.get(&f.wire))) else { continue };
            let comparable = matches!(f.ty.required(), Ty::String | Ty::Int(_) | Ty::Bool | Ty::Named(_)) && !want.is_object();
            if comparable && want != got {
                return Err(format!("`{}` was sent as {want} but read back as {got}", f.wire));
            }
        }
        Ok(())
    }

    /// The record shows up in its list; with a limit of 1 and a second
    /// record made, one entry comes back.
    fn listed(&mut self, list: &Target<'s>, create: &Target<'s>, id: &Value) {
        let Ok(mut call) = self.request(list) else { return };
        // The example's filters may leave the record out: only what the
        // list requires.
        let optional: Vec<&str> =
            list.ep.request.fields.iter().filter(|f| f.location == Location::Query && f.ty.is_option()).map(|f| f.wire.as_str()).collect();
        call.query.retain(|(k, _)| !optional.contains(&k.as_str()));
        if let Some(answer) = self.judged(list, &call, "lists records") {
            let outcome = if contains(&answer.body, id) {
                Outcome::Passed
            } else {
                Outcome::Failed(format!("{} is not in the list{}", text(id), said(&answer)))
            };
            self.record(list, Kind::Lifecycle, "lists the record made", call.line(), outcome);
        }
        let Some(limit) = list.plan.limit.clone() else { return };
        let Some((_, second)) = self.step_create(create, &format!("creates a second {} to page through", create.resource())) else {
            return;
        };
        let mut paged = call.clone();
        paged.query.retain(|(k, _)| k != &limit);
        paged.query.push((limit.clone(), "1".into()));
        let what = format!("answers one record for `{limit}=1`");
        let outcome = match self.send(&paged) {
            Err(e) => Outcome::Failed(e),
            Ok(answer) => match self.judge(list, &answer) {
                Err(e) => Outcome::Failed(e),
                Ok(()) => match entries(list, &answer.body) {
                    n if n <= 1 => Outcome::Passed,
                    n => Outcome::Failed(format!("asked for 1 record, got {n}")),
                },
            },
        };
        self.record(list, Kind::Lifecycle, what, paged.line(), outcome);
        self.page_through(list, &paged, [id, &second]);
    }

    /// Follows the list's cursor one record at a time to its end: both
    /// records made show up, and no entry twice.
    fn page_through(&mut self, list: &Target<'s>, first: &Call, made: [&Value; 2]) {
        let Some(cursor) = list.plan.cursor.clone() else { return };
        let space = &self.types.space;
        let Some(next) = list.ep.response.fields.iter().find(|f| is_cursor(space, f)).map(|f| f.wire.clone()) else { return };
        let what = format!("pages through every record with `{cursor}`");
        let mut call = first.clone();
        let mut seen: Vec<Value> = Vec::new();
        for _ in 0..MAX_PAGES {
            let answer = match self.send(&call) {
                Ok(a) if self.judge(list, &a).is_ok() => a,
                Ok(a) => {
                    let e = self.judge(list, &a).err().unwrap_or_default();
                    return self.record(list, Kind::Lifecycle, what, call.line(), Outcome::Failed(e));
                }
                Err(e) => return self.record(list, Kind::Lifecycle, what, call.line(), Outcome::Failed(e)),
            };
            let page = page_entries(list, &answer.body);
            if let Some(twice) = page.iter().find(|e| seen.contains(e)) {
                let e = format!("{twice} came again on a later page");
                return self.record(list, Kind::Lifecycle, what, call.line(), Outcome::Failed(e));
            }
            let cursor_value = answer.body.get(&next).filter(|v| !v.is_null() && v.as_str() != Some("")).map(text);
            let done = page.is_empty() || cursor_value.is_none();
            seen.extend(page);
            if done {
                let missing: Vec<String> = made.iter().filter(|id| !seen.iter().any(|e| contains(e, id))).map(|id| text(id)).collect();
                let outcome = if missing.is_empty() {
                    Outcome::Passed
                } else {
                    Outcome::Failed(format!("{} never came, over {} entries", missing.join(" and "), seen.len()))
                };
                return self.record(list, Kind::Lifecycle, what, first.line(), outcome);
            }
            call.query.retain(|(k, _)| k != &cursor);
            call.query.push((cursor.clone(), cursor_value.unwrap_or_default()));
        }
        let why = format!("more than {MAX_PAGES} records: not followed to the end");
        self.record(list, Kind::Lifecycle, what, first.line(), Outcome::Skipped(why));
    }

    /// Sends a call and judges it, recording a failure; the answer when it
    /// passed.
    fn judged(&mut self, t: &Target, call: &Call, what: &str) -> Option<Answer> {
        let answer = self.send(call);
        match answer.and_then(|a| self.judge(t, &a).map(|()| a)) {
            Ok(a) => Some(a),
            Err(e) => {
                self.record(t, Kind::Lifecycle, what, call.line(), Outcome::Failed(e));
                None
            }
        }
    }

    /// A read of an id never made answers 404.
    fn unknown(&mut self, read: &Target<'s>, id: &Value) {
        let never = match id {
            Value::Number(_) => Value::from(987_654_321u64),
            other => Value::String(vary(&text(other), "000000000")),
        };
        self.expect_404(read, &never, "answers 404 for an id never made");
    }

    /// A read of a deleted record answers 404.
    fn gone(&mut self, read: &Target<'s>, id: &Value) {
        self.expect_404(read, id, "answers 404 once deleted");
        self.forget(id);
    }

    fn expect_404(&mut self, read: &Target<'s>, id: &Value, what: &str) {
        let Some(call) = self.on_record(read, id) else { return };
        let outcome = match self.send(&call) {
            Err(e) => Outcome::Failed(e),
            Ok(a) if matches!(a.status, 404 | 410) => Outcome::Passed,
            Ok(a) => Outcome::Failed(format!("answered {} where the draft says 404{}", a.status, said(&a))),
        };
        self.record(read, Kind::Lifecycle, what, call.line(), outcome);
    }

    /// Each operation with a request id, sent twice with the same one:
    /// the second answer is the first.
    pub(super) fn retries(&mut self) {
        let targets: Vec<Target<'s>> = self.targets.iter().filter(|t| t.plan.request_id.is_some()).copied().collect();
        for t in targets {
            if t.effect() == Effect::Action && t.plan.item.is_some() {
                self.on_fresh(&t, |run, t| run.retry(t));
            } else {
                self.retry(&t);
            }
        }
    }

    /// `t` sent twice with the same request id: the second answer is the
    /// first.
    fn retry(&mut self, t: &Target<'s>) {
        let Ok(call) = self.request(t) else { return };
        let what = "answers a retry with the first answer";
        let (first, second) = match (self.send(&call), self.send(&call)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                self.record(t, Kind::Retry, what, call.line(), Outcome::Failed(e));
                return;
            }
        };
        let outcome = match self.judge(t, &first) {
            Err(e) => Outcome::Failed(e),
            Ok(()) if first.status == second.status && first.body == second.body => Outcome::Passed,
            Ok(()) => Outcome::Failed(format!(
                "first answered {} {}, the retry {} {}",
                first.status,
                first.text.trim(),
                second.status,
                second.text.trim()
            )),
        };
        self.record(t, Kind::Retry, what, call.line(), outcome);
        self.harvest(t, &first);
    }
}

/// The record an answer holds: the answer itself, or the one object it
/// wraps (`{"parcel": {...}}`).
fn answer_record(body: &Value) -> Option<&serde_json::Map<String, Value>> {
    let m = body.as_object()?;
    match m.values().collect::<Vec<_>>().as_slice() {
        [Value::Object(inner)] => Some(inner),
        _ => Some(m),
    }
}

/// Whether `id` appears anywhere in `v`.
fn contains(v: &Value, id: &Value) -> bool {
    match v {
        Value::Array(items) => items.iter().any(|x| contains(x, id)),
        Value::Object(m) => m.values().any(|x| contains(x, id)),
        other => other == id,
    }
}

/// The most pages [`Run::page_through`] follows.
const MAX_PAGES: usize = 200;

/// The entries of a listing's page: its list field's items.
fn page_entries(list: &Target, body: &Value) -> Vec<Value> {
    let f = list.ep.response.fields.iter().find(|f| matches!(f.ty.required(), Ty::Vec(_)));
    f.and_then(|f| body.get(&f.wire)).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// How many entries a listing answered: the length of its answer's list
/// field.
pub(super) fn entries(list: &Target, body: &Value) -> usize {
    list.ep
        .response
        .fields
        .iter()
        .filter(|f| matches!(f.ty.required(), Ty::Vec(_)))
        .filter_map(|f| body.get(&f.wire).and_then(Value::as_array))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}
