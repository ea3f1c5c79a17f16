//! Generic engine: the times a record gets from the server, not from the
//! request: a "created at" when it is made, an "updated at" when it is made
//! or changed, in the field's own representation (RFC 3339, Unix seconds
//! or milliseconds, local time). Reads then answer when it happened, never
//! the spec's example time.
//!
//! Invariant: only a time field of the answer that no input sets, and that
//! its name says is the record's making or changing, is stamped.

use super::semantics::{attribute, split_words, Plan};
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
pub fn stamps(plan: &Plan, answer: &StructDef, made: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for f in &answer.fields {
        let Ty::Time(repr) = f.ty.required() else { continue };
        if plan.inputs.iter().any(|(w, _)| *w == f.wire) {
            continue;
        }
        let words = split_words(&f.wire.to_lowercase());
        let says = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
        let moved = plan.moves.is_some() && !says(&["created"]);
        if (made && says(&MADE)) || says(&CHANGED) || moved {
            out.insert(attribute(&plan.resource, &f.wire), time(*repr, std::time::SystemTime::now().into()));
        }
    }
    out
}

fn time(repr: TimeRepr, now: DateTime<Utc>) -> Value {
    match repr {
        TimeRepr::Rfc3339 => json!(now.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        TimeRepr::UnixSeconds => json!(now.timestamp()),
        TimeRepr::UnixMillis => json!(now.timestamp_millis()),
        TimeRepr::Local => json!(now.format("%Y-%m-%d %H:%M").to_string()),
    }
}
