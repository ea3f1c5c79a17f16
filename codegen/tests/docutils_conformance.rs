//! For every upstream revision, the section tree (titles, levels, statuses,
//! lines, in order) equals what docutils builds.

mod support;

use serde_json::Value;
use specgen::{read_file, Format};
use std::process::Command;

type Tree = Vec<(u64, String, Option<String>, u64)>;

/// docutils' section trees of the files, by file name.
fn docutils_trees(files: &[std::path::PathBuf]) -> Value {
    let script = support::workspace_root().join("codegen/tests/support/docutils_sections.py");
    let out = Command::new("python3").arg(&script).args(files).output().expect("python3 runs");
    assert!(out.status.success(), "docutils script failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("script prints JSON")
}

fn ours(read: &specgen::Read) -> Tree {
    read.spec
        .sections
        .iter()
        .map(|s| (s.level as u64, s.title.clone(), s.status.map(|st| st.as_str().to_string()), s.pos.line as u64 + 1))
        .collect()
}

fn theirs(tree: &Value) -> Tree {
    tree.as_array()
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
        .collect()
}

/// `None` when equal, else where they first differ.
fn mismatch(name: &str, ours: &Tree, theirs: &Tree) -> Option<String> {
    if ours == theirs {
        return None;
    }
    let first = ours.iter().zip(theirs).position(|(a, b)| a != b).unwrap_or(ours.len().min(theirs.len()));
    Some(format!(
        "{name}: {} sections vs docutils {}; first difference at #{first}: ours {:?}, docutils {:?}",
        ours.len(),
        theirs.len(),
        ours.get(first),
        theirs.get(first)
    ))
}

fn have_docutils() -> bool {
    let ok = support::have("python3", &["-c", "import docutils"]);
    if !ok {
        support::skip("python3 with docutils is not installed (pip install docutils)");
    }
    ok
}

#[test]
fn section_trees_match_docutils_on_every_revision() {
    let Some(files) = support::corpus() else { return };
    if !have_docutils() {
        return;
    }
    let expected = docutils_trees(&files);
    let mut mismatches = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let read = read_file(path, Some(Format::Rst)).expect("readable");
        assert!(
            !read.diagnostics.has_errors(),
            "{name}: {:?}",
            read.diagnostics.errors().map(|d| d.one_line(&read.sources)).collect::<Vec<_>>()
        );
        mismatches.extend(mismatch(&name, &ours(&read), &theirs(&expected[&name])));
    }
    assert!(mismatches.is_empty(), "section trees differ from docutils:\n{}", mismatches.join("\n"));
    eprintln!("docutils conformance: {} revisions, section trees identical", files.len());
}

/// Files docutils reads past a SEVERE "Title level inconsistent", or with a
/// byte-order mark or CR-only line endings: the same section tree, the
/// inconsistent titles reported as errors the reader recovered from.
#[test]
fn recovered_and_unusual_files_match_docutils() {
    let Some(corpus) = support::corpus() else { return };
    if !have_docutils() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("specgen-docutils-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let real = std::fs::read_to_string(&corpus[33]).unwrap();
    // Under a first-level title: a third-level style (`~`), and a new style
    // while three are known: each title is dropped, its text kept.
    let inconsistent = format!(
        "{real}\nLast ``[TODO]``\n===============\n\nStray ``[Draft]``\n~~~~~~~~~~~~~~~~~\n\nText of the stray.\n\nSkip\n^^^^\n\nMore text.\n"
    );
    let cases: Vec<(&str, Vec<u8>, usize)> = vec![
        ("inconsistent.rst", inconsistent.into_bytes(), 2),
        ("bom.rst", format!("\u{feff}{real}").into_bytes(), 0),
        ("cr.rst", real.replace('\n', "\r").into_bytes(), 0),
        ("crlf.rst", real.replace('\n', "\r\n").into_bytes(), 0),
    ];
    let paths: Vec<_> = cases
        .iter()
        .map(|(n, b, _)| {
            let p = dir.join(n);
            std::fs::write(&p, b).unwrap();
            p
        })
        .collect();
    let expected = docutils_trees(&paths);
    let mut mismatches = Vec::new();
    for ((name, _, errors), path) in cases.iter().zip(&paths) {
        let read = read_file(path, None).expect("readable");
        let found: Vec<_> = read.diagnostics.errors().map(|d| (d.recovered, d.message.starts_with("title level inconsistent"))).collect();
        assert_eq!(found, vec![(true, true); *errors], "{name}: {:?}", read.diagnostics.items);
        let tree = theirs(&expected[*name]);
        assert!(tree.len() > 10, "{name}: docutils finds the titles");
        mismatches.extend(mismatch(name, &ours(&read), &tree));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(mismatches.is_empty(), "section trees differ from docutils:\n{}", mismatches.join("\n"));
}
