//! Names and types a spec author would accept, checked over everything the
//! generator makes: no field name ends in a function word ("…_to", "…_the"),
//! and the checked-in crate has `serde_json::Value` only for free content.

mod support;

use specgen::types::names::{is_function_word, NameRule};
use specgen::types::{StructDef, TypeSpace};
use specgen::Config;
use std::path::Path;

/// Fields whose JSON is free by the spec's own word: event contents, a
/// power-level patch's "New value", capability settings, and the keys of an
/// error answer the client does not know.
const FREE_CONTENT: &[&str] = &["content", "contents", "prev_content", "value", "capabilities", "other", "json"];

fn all_structs(space: &TypeSpace) -> Vec<&StructDef> {
    let mut out: Vec<&StructDef> = space.shared.values().collect();
    for api in &space.apis {
        out.extend(api.endpoints.iter().flat_map(|e| [&e.request, &e.response]));
        out.extend(api.structs.values());
    }
    out
}

fn bad_names(space: &TypeSpace) -> Vec<String> {
    all_structs(space)
        .into_iter()
        .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
        // Wire names the overlay fixes (`since`, `from`) are the protocol's.
        .filter(|(_, f)| f.naming != NameRule::Wire)
        .filter(|(_, f)| f.rust.trim_end_matches('_').rsplit('_').next().is_some_and(is_function_word))
        .map(|(s, f)| format!("{}.{} ({:?})", s.name, f.rust, f.prose))
        .collect()
}

#[test]
fn no_field_name_ends_in_a_function_word() {
    let root = support::workspace_root();
    let mut specs = vec![root.join("spec/client_server_v2.rst"), root.join("spec/examples/parcels.md")];
    if let (Some(general), Some(http)) = (support::corpus(), support::http_api_corpus()) {
        specs.extend(general);
        specs.extend(http);
    }
    let mut bad = Vec::new();
    for spec in &specs {
        let config = if spec.ends_with("client_server_v2.rst") {
            Config::new(spec).with_bindings(root.join("spec/bindings.toml"))
        } else {
            Config::new(spec)
        };
        let g = config.generate().unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        bad.extend(bad_names(&g.space).into_iter().map(|b| format!("{}: {b}", spec.file_name().unwrap().to_string_lossy())));
    }
    assert!(bad.is_empty(), "field names ending in a function word:\n{}", bad.join("\n"));
}

/// A newcomer's Markdown spec (`tests/specs/loans.md`), read end to end:
/// verbs keep their `e`, counts and "whether" flags are named after what
/// they ask about.
#[test]
fn a_library_loans_spec_gets_names_its_author_would_accept() {
    let root = support::workspace_root();
    let g = Config::new(root.join("codegen/tests/specs/loans.md")).generate().expect("generates");
    let endpoints: Vec<_> = g.space.apis.iter().flat_map(|a| &a.endpoints).collect();
    let route = |name: &str| {
        let e = endpoints.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no endpoint {name}"));
        (e.method.to_string(), e.path.to_string(), e.response.fields.iter().map(|f| f.rust.clone()).collect::<Vec<_>>())
    };
    assert_eq!(
        route("reserve_book"),
        ("POST".to_string(), "/books/{book_id}/reserve".to_string(), vec!["num_pages".to_string(), "reference_copy".to_string()])
    );
    assert_eq!(
        route("authorize_loan"),
        ("POST".to_string(), "/loans/{loan_id}/authorize".to_string(), vec!["num_renewals".to_string(), "settled".to_string()])
    );
}

/// Every field of the checked-in crate typed `serde_json::Value` (alone or
/// inside a list, option or map) is free content.
#[test]
fn generated_has_json_values_only_for_free_content() {
    let src = support::workspace_root().join("generated/src");
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            bad.extend(value_fields(&path).into_iter().filter(|f| !FREE_CONTENT.contains(&f.split('.').next_back().unwrap())));
        }
    }
    assert!(bad.is_empty(), "serde_json::Value outside free content:\n{}", bad.join("\n"));
}

fn value_fields(path: &Path) -> Vec<String> {
    let file = syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for item in &file.items {
        let syn::Item::Struct(s) = item else { continue };
        for f in &s.fields {
            let ty = quote::ToTokens::to_token_stream(&f.ty).to_string();
            if ty.contains("Value") {
                let name = f.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
                out.push(format!("{}.{}", s.ident, name));
            }
        }
    }
    out
}

/// Titles and items no identifier takes as they are once panicked
/// (`"SCROLL#ACK" is not a valid Ident`) or refused the spec (`` `type` is
/// not a Rust identifier ``). Now keywords take `_` in Rust and keep their
/// word on the wire, other characters separate words, routes are paths a
/// client can request, and no API's module takes a name the crate uses.
/// (`corpus_generates` compiles the crate.)
#[test]
fn any_title_or_item_gives_identifiers_and_paths() {
    let spec = support::workspace_root().join("codegen/tests/specs/hostile_names.md");
    let g = Config::new(&spec).generate().expect("the spec generates");
    let api = |title: &str| g.space.apis.iter().find(|a| a.title == title).unwrap_or_else(|| panic!("{title}"));
    let scroll = &api("Scroll#ack API").endpoints[0];
    assert_eq!((scroll.name.as_str(), scroll.path.as_str()), ("scroll_ack", "/scroll-ack"));
    let fields: Vec<(&str, &str)> = scroll.request.fields.iter().map(|f| (f.rust.as_str(), f.wire.as_str())).collect();
    assert_eq!(fields, [("type_", "type"), ("match_", "match"), ("self_", "self"), ("use_", "use"), ("x_value", "x_value")]);
    let me = &api("Self API").endpoints[0];
    assert_eq!((me.name.as_str(), me.path.as_str(), me.request.name.as_str()), ("self_", "/self", "SelfRequest"));
    assert_eq!(api("Using things").endpoints[0].name, "use_thing");
    assert_eq!(api("Fragments API").endpoints[0].path, "/scroll%23ack/{room_id}");
    let modules: Vec<&str> = g.space.apis.iter().map(|a| a.module.as_str()).collect();
    for m in ["types_api", "endpoints_api", "lib_api", "n123", "creating_a_gr_e"] {
        assert!(modules.contains(&m), "{m} in {modules:?}");
    }
    for (path, text) in &g.files {
        let file = path.to_string_lossy();
        assert!(!file.contains("#") && !text.contains("\"/scroll#"), "{file}");
    }
    for s in all_structs(&g.space) {
        for f in &s.fields {
            assert!(syn::parse_str::<syn::Ident>(&f.rust).is_ok(), "{}.{}", s.name, f.rust);
        }
    }
}
