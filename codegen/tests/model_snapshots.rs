//! Snapshots of the API model: the built-in spec in full, and upstream
//! revisions 33 and 34 with their prose (descriptions, note texts) replaced
//! by word counts, so that no upstream prose is committed with the project.

mod support;

use serde_json::Value;
use specgen::read_file;

fn model_json(path: &std::path::Path) -> Value {
    let read = read_file(path, None).expect("readable");
    assert!(!read.diagnostics.has_errors());
    let mut v = serde_json::to_value(&read.spec).unwrap();
    v["file"] = Value::String(path.file_name().unwrap().to_string_lossy().into());
    v
}

fn words(s: &str) -> Value {
    Value::String(format!("<{} words>", s.split_whitespace().count()))
}

fn redact_notes(notes: &mut Value) {
    fn items(list: &mut Value) {
        for it in list.as_array_mut().into_iter().flatten() {
            it["text"] = words(it["text"].as_str().unwrap_or(""));
            items(&mut it["items"]);
        }
    }
    for g in notes.as_array_mut().into_iter().flatten() {
        items(&mut g["items"]);
    }
}

/// Replaces the prose of a model with word counts; keeps titles, statuses,
/// positions, operation names and input/output items.
fn redact_prose(mut v: Value) -> Value {
    for api in v["apis"].as_array_mut().unwrap() {
        api["description"] = words(api["description"].as_str().unwrap());
        redact_notes(&mut api["notes"]);
        for op in api["operations"].as_array_mut().unwrap() {
            redact_notes(&mut op["notes"]);
        }
    }
    for t in v["terms"].as_array_mut().unwrap() {
        t["definition"] = words(t["definition"].as_str().unwrap());
    }
    v
}

#[test]
fn builtin_spec_model() {
    let v = model_json(&support::workspace_root().join("spec/client_server_v2.rst"));
    insta::assert_json_snapshot!("builtin_spec", v);
}

#[test]
fn revision_33_model() {
    let Some(p) = support::revision(33) else { return };
    insta::assert_json_snapshot!("revision_33", redact_prose(model_json(&p)));
}

#[test]
fn revision_34_model() {
    let Some(p) = support::revision(34) else { return };
    insta::assert_json_snapshot!("revision_34", redact_prose(model_json(&p)));
}
