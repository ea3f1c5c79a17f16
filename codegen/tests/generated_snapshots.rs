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
