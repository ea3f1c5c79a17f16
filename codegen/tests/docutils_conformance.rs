//! For every upstream revision, the section tree (titles, levels, statuses,
//! lines, in order) equals what docutils builds.

mod support;

use serde_json::Value;
use specgen::{read_file, Format};
use std::process::Command;

#[test]
fn section_trees_match_docutils_on_every_revision() {
    let Some(files) = support::corpus() else { return };
    if !support::have("python3", &["-c", "import docutils"]) {
        support::skip("python3 with docutils is not installed (pip install docutils)");
        return;
    }
    let script = support::workspace_root().join("codegen/tests/support/docutils_sections.py");
    let out = Command::new("python3").arg(&script).args(&files).output().expect("python3 runs");
    assert!(out.status.success(), "docutils script failed: {}", String::from_utf8_lossy(&out.stderr));
    let expected: Value = serde_json::from_slice(&out.stdout).expect("script prints JSON");

    let mut mismatches = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let read = read_file(path, Some(Format::Rst)).expect("readable");
        assert!(
            !read.diagnostics.has_errors(),
            "{name}: {:?}",
            read.diagnostics.errors().map(|d| d.one_line(&read.sources)).collect::<Vec<_>>()
        );
        let ours: Vec<(u64, String, Option<String>, u64)> = read
            .spec
            .sections
            .iter()
            .map(|s| (s.level as u64, s.title.clone(), s.status.map(|st| st.as_str().to_string()), s.pos.line as u64 + 1))
            .collect();
        let theirs: Vec<(u64, String, Option<String>, u64)> = expected[&name]
            .as_array()
            .expect("per-file list")
            .iter()
            .map(|s| {
                (
                    s["level"].as_u64().unwrap(),
                    s["title"].as_str().unwrap().to_string(),
                    s["status"].as_str().map(str::to_string),
                    s["line"].as_u64().unwrap(),
                )
            })
            .collect();
        if ours != theirs {
            let first = ours.iter().zip(&theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
            mismatches.push(format!(
                "{name}: {} sections vs docutils {}; first difference at #{first}: ours {:?}, docutils {:?}",
                ours.len(),
                theirs.len(),
                ours.get(first),
                theirs.get(first)
            ));
        }
    }
    assert!(mismatches.is_empty(), "section trees differ from docutils:\n{}", mismatches.join("\n"));
    eprintln!("docutils conformance: {} revisions, section trees identical", files.len());
}
