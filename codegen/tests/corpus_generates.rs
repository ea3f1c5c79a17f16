//! Every upstream revision and every draft of the corpus nobody tuned the
//! rules for generates a crate that compiles against `specgen-runtime`,
//! with and without its `client` feature: the 54 revisions of the draft,
//! the 20 of its HTTP API proposal and the drafts of `tests/specs` (with
//! `hostile_names.md`, names no identifier takes as they are) are
//! generated (without an overlay) into one temporary workspace and checked
//! by one `cargo check` per feature set, so the test fits CI time.

mod support;

use specgen::Config;
use std::process::Command;

#[test]
fn every_revision_generates_a_crate_that_compiles() {
    let (Some(general), Some(http)) = (support::corpus(), support::http_api_corpus()) else { return };
    let drafts = support::drafts();
    let files: Vec<(&str, &std::path::PathBuf)> =
        general.iter().map(|f| ("rev", f)).chain(http.iter().map(|f| ("http", f))).chain(drafts.iter().map(|f| ("draft", f))).collect();
    let dir = std::env::temp_dir().join(format!("specgen-corpus-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut members = Vec::new();
    let marked = dir.join("marked");
    std::fs::create_dir_all(&marked).unwrap();
    for (kind, path) in files {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let name = if kind == "draft" { format!("draft-{stem}") } else { format!("{kind}-{}", &stem[..2]) };
        // The proposal's sections carry no markers: generate them marked.
        let path = if kind == "http" {
            let p = marked.join(path.file_name().unwrap());
            std::fs::write(&p, support::mark_every_section(&std::fs::read_to_string(path).unwrap())).unwrap();
            p
        } else {
            path.clone()
        };
        let report =
            Config::new(&path).with_crate_name(&name).with_out_dir(dir.join(&name)).write().unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(!report.written.is_empty());
        members.push(format!("\"{name}\""));
    }
    // Titles and items no identifier takes as they are (keywords, `#`,
    // names of the crate's own modules) compile too.
    let hostile = support::workspace_root().join("codegen/tests/specs/hostile_names.md");
    Config::new(&hostile).with_crate_name("hostile").with_out_dir(dir.join("hostile")).write().expect("hostile_names.md generates");
    members.push("\"hostile\"".into());
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\nexclude = [\"marked\"]\n", members.join(", ")),
    )
    .unwrap();
    // Share the project's build cache, so serde is not built again.
    let target = support::workspace_root().join("target/corpus-check");
    for features in [&[][..], &["--all-features"][..]] {
        let out = Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--workspace", "--all-targets", "--offline"])
            .args(features)
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(&dir)
            .output()
            .expect("cargo runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "generated crates do not compile ({features:?}):\n{stderr}");
        assert!(!stderr.contains("warning"), "generated crates have warnings ({features:?}):\n{stderr}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
