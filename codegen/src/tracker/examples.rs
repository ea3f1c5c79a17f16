//! Changes that live in an operation's HTTP example: its `METHOD /path`
//! line, and the keys and value types of its request and response JSON.
//! Example values are samples, so a value that changes within its JSON type
//! is no change; a key renamed, added or removed, or a value changing type,
//! is one. The wire verdicts are the items' (see `Side`).

use super::{ChangeKind, JsonKind, Side, Verdict};
use crate::model::http::HttpExample;
use crate::model::{Api, Operation};
use serde_json::{Map, Value};

/// One operation on both sides: the APIs and operations, old then new.
#[derive(Clone, Copy)]
pub(super) struct OpPair<'a> {
    pub old_api: &'a Api,
    pub new_api: &'a Api,
    pub old: &'a Operation,
    pub new: &'a Operation,
}

/// A change found, with its verdicts (wire, Rust) and its summary.
pub type Found = (ChangeKind, (Verdict, Verdict), String);

/// Every example change of one operation pair; `rust(side)` is the Rust
/// verdict of a change on that side.
pub fn changes(p: OpPair, rust: impl Fn(Side) -> Verdict) -> Vec<Found> {
    let (Some(old), Some(new)) = (&p.old.http, &p.new.http) else { return Vec::new() };
    let (title, operation) = (&p.new_api.title, &p.new.name);
    let mut out = Vec::new();
    let (from, to) = (endpoint(old), endpoint(new));
    if from != to {
        let summary = format!("\"{title}\": endpoint \"{from}\" changed to \"{to}\"");
        let kind = ChangeKind::EndpointChanged { operation: operation.clone(), from, to: to.clone() };
        out.push((kind, (Verdict::Breaking, Verdict::Compatible), summary));
    }
    for side in Side::BOTH {
        let (Some(a), Some(b)) = (body(old, side), body(new, side)) else { continue };
        let mut keys = Vec::new();
        compare("", a, b, &mut keys);
        let rust = rust(side);
        for k in keys {
            out.push(found(k, side, operation, title, &to, rust));
        }
    }
    out
}

fn endpoint(e: &HttpExample) -> String {
    format!("{} {}", e.method, e.path)
}

fn body(e: &HttpExample, side: Side) -> Option<&Value> {
    match side {
        Side::Input => e.request.as_ref(),
        Side::Output => e.response.as_ref(),
    }
}

/// One difference between two JSON samples, keys as dotted paths.
#[derive(Debug, PartialEq)]
enum KeyChange {
    Added(String),
    Removed(String),
    Renamed(String, String),
    Retyped(String, JsonKind, JsonKind),
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Differences from `a` to `b` at `prefix`.
fn compare(prefix: &str, a: &Value, b: &Value, out: &mut Vec<KeyChange>) {
    let (ka, kb) = (JsonKind::of(a), JsonKind::of(b));
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => compare_objects(prefix, a, b, out),
        (Value::Array(a), Value::Array(b)) => {
            if let (Some(x), Some(y)) = (a.first(), b.first()) {
                compare(&format!("{prefix}[]"), x, y, out);
            }
        }
        // `null` stands for "some value" in drafts' samples.
        _ if ka != kb && ka != JsonKind::Null && kb != JsonKind::Null => out.push(KeyChange::Retyped(prefix.to_string(), ka, kb)),
        _ => {}
    }
}

/// Common keys are compared deeper. A key gone and a key new at the same
/// place are a rename when their values are equal, or when they are the
/// only two left there and their values have the same JSON type.
fn compare_objects(prefix: &str, a: &Map<String, Value>, b: &Map<String, Value>, out: &mut Vec<KeyChange>) {
    for (k, v) in a {
        if let Some(w) = b.get(k) {
            compare(&join(prefix, k), v, w, out);
        }
    }
    let mut gone: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let mut new: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let mut renames = Vec::new();
    gone.retain(|g| match new.iter().position(|n| a[*g] == b[*n]) {
        Some(i) => {
            renames.push((*g, new.remove(i)));
            false
        }
        None => true,
    });
    if gone.len() == 1 && new.len() == 1 && JsonKind::of(&a[gone[0]]) == JsonKind::of(&b[new[0]]) {
        renames.push((gone.remove(0), new.remove(0)));
    }
    for (g, n) in renames {
        out.push(KeyChange::Renamed(join(prefix, g), join(prefix, n)));
        compare(&join(prefix, n), &a[g], &b[n], out);
    }
    out.extend(gone.into_iter().map(|g| KeyChange::Removed(join(prefix, g))));
    out.extend(new.into_iter().map(|n| KeyChange::Added(join(prefix, n))));
}

fn found(k: KeyChange, side: Side, operation: &str, title: &str, endpoint: &str, rust: Verdict) -> Found {
    let operation = operation.to_string();
    let msg = side.message();
    let place = format!("in the example of {endpoint}");
    let wire = Verdict::from_breaking;
    match k {
        KeyChange::Added(key) => (
            // Examples do not mark keys optional: a new key counts as required.
            ChangeKind::ExampleKeyAdded { side, operation, key: key.clone() },
            (wire(side.addition_breaks_wire(false)), rust),
            format!("\"{title}\": {msg} key \"{key}\" added {place}"),
        ),
        KeyChange::Removed(key) => (
            ChangeKind::ExampleKeyRemoved { side, operation, key: key.clone() },
            (wire(side.removal_breaks_wire()), rust),
            format!("\"{title}\": {msg} key \"{key}\" removed {place}"),
        ),
        KeyChange::Renamed(from, to) => (
            ChangeKind::ExampleKeyRenamed { side, operation, from: from.clone(), to: to.clone() },
            (Verdict::Breaking, rust),
            format!("\"{title}\": {msg} key \"{from}\" renamed to \"{to}\" {place}"),
        ),
        KeyChange::Retyped(key, from, to) => {
            let shown = if key.is_empty() { format!("the {msg} body") } else { format!("{msg} key \"{key}\"") };
            (
                ChangeKind::ExampleValueChanged { side, operation, key, from, to },
                (Verdict::Breaking, rust),
                format!("\"{title}\": {shown} changed from {} to {} {place}", from.as_str(), to.as_str()),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(a: Value, b: Value) -> Vec<KeyChange> {
        let mut out = Vec::new();
        compare("", &a, &b, &mut out);
        out
    }

    #[test]
    fn renames_retypes_and_nesting() {
        use KeyChange::*;
        assert_eq!(keys(json!({"room_id": "!a", "x": 1}), json!({"roomId": "!b", "x": 2})), [Renamed("room_id".into(), "roomId".into())]);
        assert_eq!(
            keys(json!({"content": {"body": "hi"}}), json!({"content": {"body": {"text": "hi"}}})),
            [Retyped("content.body".into(), JsonKind::String, JsonKind::Object)]
        );
        assert_eq!(keys(json!({"a": 1, "b": "x"}), json!({"c": true})), [Removed("a".into()), Removed("b".into()), Added("c".into())]);
        assert_eq!(keys(json!([{"a": 1}]), json!([{"a": 1, "b": 2}])), [Added("[].b".into())]);
        assert!(keys(json!({"a": null}), json!({"a": {"b": 1}})).is_empty());
    }
}
