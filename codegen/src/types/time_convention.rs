//! How the spec writes its times, once for all: "Times (`ts`) are unix
//! seconds, int.", "Every timestamp is an integer, unix ms (milliseconds
//! since the epoch)". Every time field the prose left in the default form
//! (RFC 3339) travels so, and an integer named as a time (`created_at`,
//! `timestamp`) is one.
//!
//! Invariant: a time whose form an HTTP example showed (a string
//! `"2024-06-01T10:00:00Z"`, the overlay, or the item's own words such as
//! "(RFC 3339)") keeps it; only the default form and bare integers change.

use super::{ApiTypes, Field, Rule, TimeRepr, Ty};
use crate::model::Spec;

/// The time form the spec's conventions state, if one.
pub fn of(spec: &Spec) -> Option<TimeRepr> {
    let group_texts = spec.records.iter().flat_map(|g| g.items.iter().map(|i| i.text.as_str()));
    let terms = spec.terms.iter().map(|t| t.definition.as_str());
    let texts = spec.conventions.iter().map(String::as_str).chain(group_texts).chain(terms);
    texts.filter_map(stated).next()
}

/// The form one sentence states for all times: it speaks of times and says
/// unix or epoch.
fn stated(text: &str) -> Option<TimeRepr> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let about_times = words.iter().any(|w| matches!(*w, "times" | "timestamps" | "timestamp" | "ts" | "dates"));
    let all = words.iter().any(|w| matches!(*w, "every" | "all" | "are" | "always"));
    let unix = lower.contains("unix") || lower.contains("epoch") || lower.contains("since 1970");
    // "times are iso strings, except in the play history where I kept
    // seconds since 1970": the text form is the rule.
    let text_form = ["iso", "rfc", "3339", "8601"].iter().any(|w| words.contains(w));
    if !(about_times && all && unix) || text_form {
        return None;
    }
    let ms = words.iter().any(|w| matches!(*w, "ms" | "millis" | "milliseconds"));
    Some(if ms { TimeRepr::UnixMillis } else { TimeRepr::UnixSeconds })
}

/// Gives every time field of `apis` in the default form, and every integer
/// named as a time, the form `repr`.
pub fn apply(apis: &mut [ApiTypes], repr: TimeRepr) {
    for api in apis.iter_mut() {
        let fields = api
            .endpoints
            .iter_mut()
            .flat_map(|e| e.request.fields.iter_mut().chain(e.response.fields.iter_mut()))
            .chain(api.structs.values_mut().flat_map(|s| s.fields.iter_mut()));
        for f in fields {
            retime(f, repr);
        }
    }
}

fn retime(f: &mut Field, repr: TimeRepr) {
    // "reorder_at: int — reorder level": a level, not a time.
    let prose = f.prose.to_ascii_lowercase();
    let counts = ["level", "how many", "count", "number of", "threshold", "limit", "sheets"].iter().any(|w| prose.contains(w));
    let named_time = !counts && (f.rust.ends_with("_at") || matches!(f.rust.as_str(), "timestamp" | "timestamps" | "ts"));
    // "(RFC 3339)", "ISO 8601": the item states its own form; a string
    // the example shows is one too.
    let says_form = ["rfc", "iso", "3339", "8601"].iter().any(|w| prose.contains(w));
    let example_string = f.rule == Rule::Example && matches!(f.ty.required(), Ty::Time(_));
    if f.from_overlay || says_form || example_string {
        return;
    }
    f.ty = swap(&f.ty, repr, named_time);
}

fn swap(ty: &Ty, repr: TimeRepr, named_time: bool) -> Ty {
    match ty {
        Ty::Time(TimeRepr::Rfc3339) => Ty::Time(repr),
        Ty::Int(_) if named_time => Ty::Time(repr),
        Ty::Option(t) => Ty::Option(Box::new(swap(t, repr, named_time))),
        Ty::Vec(t) => Ty::Vec(Box::new(swap(t, repr, named_time))),
        t => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_convention_states_the_form() {
        assert_eq!(stated("Times (`ts`) are unix seconds, int."), Some(TimeRepr::UnixSeconds));
        assert_eq!(stated("Every timestamp is an integer, unix ms (milliseconds since the epoch)."), Some(TimeRepr::UnixMillis));
        assert_eq!(stated("The `created` field is unix seconds."), None);
        assert_eq!(stated("All times are RFC 3339."), None);
        assert_eq!(stated("times are iso strings, except in the history where I kept seconds since 1970"), None);
    }
}
