//! Snapshots of the code generated for the built-in spec: the crate root,
//! the endpoint metadata of one API, and modules showing each kind of type
//! (open enum, batch, nested path parameters, overlay-only fields).

mod support;

use specgen::Config;

#[test]
fn generated_code_for_the_builtin_spec() {
    let root = support::workspace_root();
    let g = Config::new(root.join("spec/client_server_v2.rst"))
        .with_bindings(root.join("spec/bindings.toml"))
        .with_crate_name("client-server-v2")
        .generate()
        .expect("generates");
    for file in
        ["Cargo.toml", "src/lib.rs", "src/presence_api.rs", "src/sending_state_events.rs", "src/room_alias_api.rs", "src/typing_api.rs"]
    {
        let name = file.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, g.files[std::path::Path::new(file)]);
    }
}

#[test]
fn generated_code_without_an_overlay_for_revision_34() {
    let Some(p) = support::revision(34) else { return };
    let g = Config::new(&p).with_crate_name("rev-34").generate().expect("generates");
    insta::assert_snapshot!("rev34_sending_state_events", g.files[std::path::Path::new("src/sending_state_events.rs")]);
    insta::assert_snapshot!("rev34_presence_api", g.files[std::path::Path::new("src/presence_api.rs")]);
}

/// A spec of another domain, with no overlay: its own ids, derived routes,
/// merged enums, names from its prose.
#[test]
fn generated_code_for_a_spec_of_another_domain() {
    let root = support::workspace_root();
    let g = Config::new(root.join("spec/examples/parcels.md")).with_crate_name("parcels").generate().expect("generates");
    for file in ["src/ids.rs", "src/types.rs", "src/listing_parcels.rs", "src/scans_api.rs", "src/endpoints.rs"] {
        let name = format!("parcels_{}", file.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, g.files[std::path::Path::new(file)]);
    }
    let ids = &g.files[std::path::Path::new("src/ids.rs")];
    assert!(ids.contains("pub struct ParcelId") && !ids.contains("RoomId"), "a parcel crate has its own ids and no Matrix ones");
}

/// A revision of the HTTP API proposal, its sections marked `[Draft]`: the
/// routes, wire names and shapes come from its HTTP examples.
#[test]
fn generated_code_for_a_revision_of_the_http_api_proposal() {
    let Some(files) = support::http_api_corpus() else { return };
    let text = support::mark_every_section(&std::fs::read_to_string(&files[19]).unwrap());
    let dir = std::env::temp_dir().join(format!("specgen-http20-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("cs-v2-http-api.rst");
    std::fs::write(&spec, text).unwrap();
    let g = Config::new(&spec).with_crate_name("cs-v2-http-api").generate().expect("generates");
    for file in ["src/endpoints.rs", "src/scrollback_api.rs"] {
        let name = format!("http20_{}", file.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, g.files[std::path::Path::new(file)]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
