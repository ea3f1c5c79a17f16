//! A Markdown rendering of a revision (`pandoc -f rst -t gfm`) reads into
//! the same APIs, statuses, operations and input/output texts as the RST.

mod support;

use specgen::{read_file, read_str, Format, Spec};
use std::process::Command;

/// What must agree between the two renderings of one revision.
fn shape(spec: &Spec) -> Vec<String> {
    let mut out = Vec::new();
    for api in &spec.apis {
        out.push(format!("API {} [{}]", api.title, api.status));
        for op in &api.operations {
            out.push(format!("  op {}", op.name));
            for i in &op.inputs {
                out.push(format!("    in {} (optional={}, batch={}, from={})", i.text, i.optional, i.batch, i.from));
            }
            for o in &op.outputs {
                out.push(format!("    out {} ({} sub-items)", o.text, o.items.len()));
            }
        }
    }
    out
}

/// pandoc drops a title whose underline is shorter than the title, where
/// docutils (and this reader) accept it with a warning; the revisions have a
/// few. Lengthening those underlines first lets the comparison be about the
/// Markdown reader, not pandoc's strictness.
fn lengthen_short_underlines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let prev = if i > 0 { lines[i - 1] } else { "" };
        let c = line.chars().next();
        let adornment = line.len() >= 4 && c.is_some_and(|c| c.is_ascii_punctuation()) && line.chars().all(|x| Some(x) == c);
        let titled = !prev.trim().is_empty() && !prev.starts_with(' ') && (i < 2 || lines[i - 2].trim().is_empty());
        if adornment && titled && prev.chars().count() > line.chars().count() {
            out.push(c.unwrap().to_string().repeat(prev.chars().count()));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn pandoc_markdown_reads_like_the_rst() {
    if support::corpus().is_none() {
        return;
    }
    if !support::have("pandoc", &["--version"]) {
        support::skip("pandoc is not installed (apt-get install pandoc)");
        return;
    }
    // Revisions 45, 47 and 50-54 write `(online|idle|offline)`, which pandoc
    // takes for a substitution reference and drops; docutils and this reader
    // keep the text. Those are left out so the comparison is about reading.
    for n in [17, 27, 33, 34, 44, 46] {
        let path = support::revision(n).expect("corpus present");
        let rst = read_file(&path, Some(Format::Rst)).expect("readable");
        let fixed = std::env::temp_dir().join(format!("specgen-md-{}-{n}.rst", std::process::id()));
        std::fs::write(&fixed, lengthen_short_underlines(&std::fs::read_to_string(&path).unwrap())).unwrap();
        let out = Command::new("pandoc").args(["-f", "rst", "-t", "gfm"]).arg(&fixed).output().expect("pandoc runs");
        let _ = std::fs::remove_file(&fixed);
        assert!(out.status.success(), "pandoc failed on {}", path.display());
        let md_text = String::from_utf8(out.stdout).expect("pandoc writes UTF-8");
        let md = read_str("rev.md", &md_text, Format::Markdown);
        assert!(!md.diagnostics.has_errors());
        let (a, b) = (shape(&rst.spec), shape(&md.spec));
        assert!(a.len() > 20, "revision {n} has APIs to compare");
        if a != b {
            let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
            panic!("revision {n}: RST and Markdown differ at line {first}:\n  rst: {:?}\n  md:  {:?}", a.get(first), b.get(first));
        }
    }
}
