//! How the crate is consumed: a `build.rs` user (the `build-example`
//! crate, `default-features = false`) pulls in none of the command line's
//! dependencies, and one version of syn.

mod support;

use std::process::Command;

/// `cargo tree` of `package` over normal and build dependencies, one
/// `name vX.Y.Z` per line.
fn dependency_graph(package: &str) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(support::workspace_root())
        .args(["tree", "--locked", "--offline", "-p", package, "-e", "normal,build", "--prefix", "none"])
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo tree: {}", String::from_utf8_lossy(&out.stderr));
    let mut crates: Vec<String> =
        String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" ").into()).collect();
    crates.sort();
    crates.dedup();
    crates
}

#[test]
fn a_build_script_user_gets_no_cli_dependencies() {
    let graph = dependency_graph("build-example");
    assert!(graph.iter().any(|c| c.starts_with("specgen v")), "{graph:?}");
    for cli_only in ["clap", "clap_builder", "clap_derive", "anyhow"] {
        assert!(!graph.iter().any(|c| c.starts_with(&format!("{cli_only} v"))), "{cli_only} in the build-example graph: {graph:?}");
    }
    let syns: Vec<&String> = graph.iter().filter(|c| c.starts_with("syn v")).collect();
    assert_eq!(syns.len(), 1, "one version of syn: {syns:?}");
}

#[test]
fn the_command_line_keeps_its_dependencies() {
    let graph = dependency_graph("specgen");
    assert!(graph.iter().any(|c| c.starts_with("clap v")) && graph.iter().any(|c| c.starts_with("anyhow v")), "{graph:?}");
}
