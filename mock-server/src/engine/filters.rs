//! Generic engine: a list's or feed's filters (specgen's `plan::Filter`):
//! an input given keeps the records whose stored attribute it names, is
//! within the bound it sets, or, for a flag that only narrows, is true.
//!
//! Invariant: an input not given filters nothing, and a record's
//! attributes are parsed only when some filter input is given.

use super::store::Record;
use serde_json::{Map, Value};
use specgen::plan::{Compare, Filter};
use std::cmp::Ordering;

/// Whether `record` passes every filter (a plan's) the request gives.
pub fn keeps(filters: &[Filter], params: &Map<String, Value>, record: &Record) -> bool {
    let given: Vec<_> = filters.iter().filter_map(|f| params.get(&f.wire).filter(|v| !v.is_null()).map(|v| (f, v))).collect();
    if given.is_empty() {
        return true;
    }
    let attrs = record.attrs();
    given.into_iter().all(|(f, asked)| {
        let stored = attrs.get(&f.attribute);
        match f.compare {
            Compare::OnlyWhenTrue if asked != &Value::Bool(true) => true,
            Compare::OnlyWhenTrue | Compare::Equal => stored.is_some_and(|s| same(s, asked)),
            Compare::AtMost => stored.and_then(|s| order(s, asked)).is_some_and(|o| o != Ordering::Greater),
            Compare::AtLeast => stored.and_then(|s| order(s, asked)).is_some_and(|o| o != Ordering::Less),
        }
    })
}

/// Equal values, a number the same whether it travelled as text or not
/// (a query's `?year=2024` and a stored `2024`).
fn same(stored: &Value, asked: &Value) -> bool {
    stored == asked || order(stored, asked) == Some(Ordering::Equal)
}

fn order(stored: &Value, asked: &Value) -> Option<Ordering> {
    let num = |v: &Value| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse::<f64>().ok()));
    match (num(stored), num(asked)) {
        (Some(a), Some(b)) => a.partial_cmp(&b),
        _ => Some(stored.as_str()?.cmp(asked.as_str()?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(attrs: Value) -> Record {
        let attrs = crate::engine::journal::to_json(attrs.as_object().unwrap());
        Record { id: "r1".into(), owner: None, parents: vec![], attrs, grants: Default::default() }
    }

    fn plan_with(filters: &[(&str, Compare)]) -> Vec<Filter> {
        filters.iter().map(|(w, c)| Filter { wire: w.to_string(), attribute: w.to_string(), compare: *c }).collect()
    }

    #[test]
    fn each_comparison_as_the_prose_says() {
        let r = record(json!({"difficulty": "easy", "cooking_time": 30, "vegetarian": false}));
        let p = plan_with(&[("difficulty", Compare::Equal), ("cooking_time", Compare::AtMost), ("vegetarian", Compare::OnlyWhenTrue)]);
        let keeps = |params: Value| keeps(&p, params.as_object().unwrap(), &r);
        assert!(keeps(json!({})));
        assert!(keeps(json!({"difficulty": "easy"})));
        assert!(!keeps(json!({"difficulty": "hard"})));
        assert!(keeps(json!({"cooking_time": 30})));
        assert!(keeps(json!({"cooking_time": "45"})));
        assert!(!keeps(json!({"cooking_time": 20})));
        assert!(keeps(json!({"vegetarian": false})));
        assert!(!keeps(json!({"vegetarian": true})));
        assert!(keeps(json!({"difficulty": null})));
    }

    #[test]
    fn a_record_without_the_attribute_is_not_kept_when_asked() {
        let p = plan_with(&[("model", Compare::Equal), ("price", Compare::AtLeast)]);
        let r = record(json!({}));
        assert!(!keeps(&p, json!({"model": "x"}).as_object().unwrap(), &r));
        assert!(!keeps(&p, json!({"price": 3}).as_object().unwrap(), &r));
    }
}
