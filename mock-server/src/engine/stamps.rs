//! Generic engine: the times and people a record gets from the server, not
//! from the request: a "created at" when it is made, an "updated at" when
//! it is made or changed, in the field's own representation (RFC 3339,
//! Unix seconds or milliseconds, local time); a "created by" or "acked by"
//! is the caller. Reads then answer when it happened and who did it, never
//! the spec's example.
//!
//! Invariant: only a field of the answer that no input sets, and that its
//! name says is the record's making, changing or the action's own doing,
//! is stamped.

use super::semantics::{attribute, split_words, Effect, Plan};
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};
use specgen::types::{StructDef, TimeRepr, Ty};

/// Words of a time set when a record is made, and when it changes.
const MADE: [&str; 14] = [
    "created",
    "registered",
    "added",
    "submitted",
    "issued",
    "received",
    "joined",
    "opened",
    "uploaded",
    "requested",
    "booked",
    "placed",
    "reported",
    "filed",
];
const CHANGED: [&str; 5] = ["updated", "modified", "changed", "change", "edited"];

/// The attributes to stamp on a record `made` (else changed) now, from the
/// time fields of `answer` (the response type). A move of its status
/// (`plan.moves`: "Submit") stamps every time its answer has but the
/// making's ("received at" in the answer of a submit).
///
/// An action on a record ("Acknowledge alert") stamps every time and
/// "by" field of its answer but the making's (`acked_at`, `acked_by`),
/// with `caller` as the one who did it.
pub fn stamps(plan: &Plan, answer: &StructDef, made: bool, caller: Option<&str>) -> Map<String, Value> {
    let mut out = Map::new();
    for f in &answer.fields {
        if plan.inputs.iter().any(|(w, _)| *w == f.wire) {
            continue;
        }
        // `joinedAt`: the words of a camelCase key too.
        let words = split_words(&f.wire);
        let says = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
        let acted = (plan.moves.is_some() || plan.effect == Effect::Action) && !says(&["created"]);
        let due = (made && says(&MADE)) || says(&CHANGED) || acted;
        match f.ty.required() {
            Ty::Time(repr) if due => {
                out.insert(attribute(&plan.resource, &f.wire), time(*repr, std::time::SystemTime::now().into()));
            }
            // "acked_by (string) - user id from the token".
            Ty::String | Ty::Named(_) if due && words.last().is_some_and(|w| w == "by") && names_person(f.ty.required()) => {
                if let Some(c) = caller {
                    out.insert(attribute(&plan.resource, &f.wire), Value::String(c.to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

/// Text, or an id (`UserId`, `OperatorId`): not a date ("due by") nor a
/// closed list ("confirmed by: patient | clinic").
fn names_person(ty: &Ty) -> bool {
    match ty {
        Ty::String => true,
        Ty::Named(n) => n.ends_with("Id"),
        _ => false,
    }
}

fn time(repr: TimeRepr, now: DateTime<Utc>) -> Value {
    match repr {
        TimeRepr::Rfc3339 => json!(now.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        TimeRepr::UnixSeconds => json!(now.timestamp()),
        TimeRepr::UnixMillis => json!(now.timestamp_millis()),
        TimeRepr::Local => json!(now.format("%Y-%m-%d %H:%M").to_string()),
    }
}
