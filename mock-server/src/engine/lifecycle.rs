//! Generic engine: a record's status as the prose rules it (specgen's
//! `plan::moves`): a new record starts in the status the spec names; an
//! endpoint the prose locks refuses a record (or a parent) in a locked
//! status, with the status and code the spec writes; a list answers only
//! the status its filter names, and leaves out the statuses the prose
//! hides unless the filter asks for one; a record a soft delete put in a
//! status answers 404 unless the prose says it can still be read.
//!
//! Invariant: the checks run before anything is stored, so a refused
//! request changes nothing.

use super::spec::Served;
use super::store::{Record, Store};
use crate::error::{ApiError, ErrorKind};
use axum::http::StatusCode;
use serde_json::{Map, Value};
use specgen::plan::Plan;

/// Gives a new record the status the spec starts it in, unless the
/// request gave one.
pub fn start(plan: &Plan, attrs: &mut Map<String, Value>) {
    if let Some(m) = &plan.starts {
        attrs.entry(m.attribute.clone()).or_insert_with(|| Value::String(m.value.clone()));
    }
}

/// Refuses the request when the record it acts on (`picked`), or the
/// parent a lock names, is in a status the prose locks.
pub fn check(served: &Served, plan: &Plan, params: &Map<String, Value>, store: &Store, picked: Option<&Record>) -> Result<(), ApiError> {
    for lock in &plan.locks {
        let record = match &lock.parent {
            None => picked,
            Some(id_type) => plan
                .parents
                .iter()
                .find(|(_, t)| t == id_type)
                .and_then(|(wire, _)| params.get(wire).and_then(Value::as_str))
                .and_then(|id| served.resource_of(id_type).and_then(|res| store.record(res, id))),
        };
        let Some(record) = record else { continue };
        let attrs = record.attrs();
        let Some(status) = attrs.get(&lock.attribute).and_then(Value::as_str).filter(|s| lock.values.iter().any(|v| v == s)) else {
            continue;
        };
        let code = StatusCode::from_u16(lock.status).unwrap_or(StatusCode::CONFLICT);
        let message = format!("{} `{}` is {status}: {}", lock.resource, record.id, lock.says);
        return Err(ApiError::new(code, ErrorKind::InUse, message).coded(lock.code.clone()));
    }
    Ok(())
}

/// Whether a list shows `record`: the status its filter names, else any
/// status the prose does not hide from lists.
pub fn listed(plan: &Plan, params: &Map<String, Value>, record: &Record) -> bool {
    let Some(u) = &plan.unlisted else { return true };
    let asked = u.filter.as_ref().and_then(|f| params.get(f)).and_then(Value::as_str);
    // Nothing to compare: the record's attributes stay unparsed.
    if asked.is_none() && u.values.is_empty() {
        return true;
    }
    let attrs = record.attrs();
    let Some(status) = attrs.get(&u.attribute).and_then(Value::as_str) else { return true };
    match asked {
        Some(asked) => asked == status,
        None => !u.values.iter().any(|v| v == status),
    }
}

/// Whether `record` counts as deleted for `plan` (soft-deleted, and the
/// prose does not say it can still be read).
pub fn is_gone(plan: &Plan, record: &Record) -> bool {
    plan.gone.as_ref().is_some_and(|g| gone_by(g, record))
}

/// Whether `record` is in a status the rule `g` counts as deleted.
pub fn gone_by(g: &specgen::plan::moves::Gone, record: &Record) -> bool {
    record.attrs().get(&g.attribute).and_then(Value::as_str).is_some_and(|s| g.values.iter().any(|v| v == s))
}
