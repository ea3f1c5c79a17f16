//! The built-in spec reads cleanly and states what upstream revision 34
//! states: the same sections, statuses and Inputs/Outputs items.

mod support;

use specgen::model::Item;
use specgen::{read_file, Format, Spec};

fn builtin() -> specgen::Read {
    read_file(&support::workspace_root().join("spec/client_server_v2.rst"), None).expect("built-in spec readable")
}

#[test]
fn builtin_spec_has_no_errors_or_warnings() {
    let read = builtin();
    let found: Vec<String> = read.diagnostics.items.iter().map(|d| d.one_line(&read.sources)).collect();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(read.spec.format, Format::Rst);
    assert_eq!(read.spec.apis.len(), 31);
    let terms: Vec<&str> = read.spec.terms.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, ["Chunk token", "Filter token", "Pagination token"]);
    let create = &read.spec.api("Room Creation API").unwrap().operations[0];
    let http = create.http.as_ref().expect("the example is recorded against the operation");
    assert_eq!((http.method.as_str(), http.path.as_str()), ("POST", "/_matrix/client/v2/createRoom"));
    assert!(http.response.is_some());
}

fn items(list: &[Item]) -> Vec<String> {
    let mut out = Vec::new();
    for i in list {
        out.push(format!("{} (from {})", i.text, i.from));
        out.extend(items(&i.items).into_iter().map(|s| format!("  {s}")));
    }
    out
}

/// Sections with their statuses, and per API its operations' items.
fn statement(spec: &Spec) -> (Vec<String>, Vec<String>) {
    let sections = spec.sections.iter().map(|s| format!("{} {} {:?}", s.level, s.title, s.status)).collect();
    let mut apis = Vec::new();
    for api in &spec.apis {
        apis.push(format!("API {} ({} operations)", api.title, api.operations.len()));
        for op in &api.operations {
            apis.extend(items(&op.inputs).into_iter().map(|s| format!("  in {s}")));
            apis.extend(items(&op.outputs).into_iter().map(|s| format!("  out {s}")));
        }
    }
    (sections, apis)
}

#[test]
fn builtin_spec_states_revision_34() {
    let Some(rev34) = support::revision(34) else { return };
    let upstream = read_file(&rev34, None).expect("readable");
    let (ours_s, ours_a) = statement(&builtin().spec);
    let (up_s, up_a) = statement(&upstream.spec);
    assert_eq!(ours_s, up_s, "sections and statuses");
    for (a, b) in ours_a.iter().zip(&up_a) {
        assert_eq!(a, b, "APIs, operations and items");
    }
    assert_eq!(ours_a.len(), up_a.len());
}
