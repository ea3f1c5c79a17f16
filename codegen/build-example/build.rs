//! Generates the typed API of the built-in spec into OUT_DIR on every build
//! where the spec or its overlay changed (specgen prints the
//! `cargo:rerun-if-changed` lines for exactly the files it read).

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let report = specgen::Config::new(root.join("spec/client_server_v2.rst"))
        .with_bindings(root.join("spec/bindings.toml"))
        .with_out_dir(out)
        // Draft and Final APIs only: ONGOING ones are left out.
        .single_file("client_server_v2", specgen::Status::Draft)
        .with_rerun_if_changed(true)
        .write()
        .unwrap_or_else(|e| panic!("specgen: {e}"));
    for w in report.warnings.warnings() {
        println!("cargo:warning={}", w.one_line(&report.sources));
    }
}
