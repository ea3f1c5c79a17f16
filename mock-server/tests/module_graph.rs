//! No two files of the mock-server crate import each other: a module that
//! needs something of another one that needs it back moves the shared part
//! into a module of its own. A file imports another when one of its `use`
//! paths, or a path written in its code (`super::x::f()`, `crate::x::T`, a
//! child module `x::f()` in a `mod.rs`), names something of that file's
//! module; comments and the unit tests at the end of a file do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Module = Vec<String>;

/// Every `.rs` file under `dir`, by module path (`engine/mod.rs` is
/// `engine`; `lib.rs` and `main.rs` the crate root).
fn modules(root: &Path, dir: &Path, out: &mut BTreeMap<Module, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            modules(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            let mut module: Module = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                module.pop();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(module, code_of(&text));
        }
    }
}

/// The text without comments and without the unit tests at its end.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    text.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect()
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or("").trim();
        return vec![path.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.iter().filter(|p| !p.trim().is_empty()).flat_map(|p| expand(p)).map(|p| format!("{prefix}{p}")).collect()
}

/// The file a path written in `module` leads to: the longest module the
/// path names (`None` when it leaves the crate).
fn resolve(module: &Module, path: &str, files: &BTreeMap<Module, String>) -> Option<Module> {
    let segs: Vec<&str> = path.split("::").map(str::trim).filter(|s| !s.is_empty()).collect();
    let (mut at, rest): (Module, &[&str]) = match segs.first().copied() {
        Some("crate") => (vec![], &segs[1..]),
        Some("self") => (module.clone(), &segs[1..]),
        Some("super") => {
            let ups = segs.iter().take_while(|s| **s == "super").count();
            (module[..module.len().saturating_sub(ups)].to_vec(), &segs[ups..])
        }
        Some(first) => {
            let mut child = module.clone();
            child.push(first.to_string());
            if !files.contains_key(&child) {
                return None;
            }
            (module.clone(), &segs[..])
        }
        None => return None,
    };
    for s in rest {
        let mut next = at.clone();
        next.push(s.to_string());
        if !files.contains_key(&next) {
            break;
        }
        at = next;
    }
    Some(at)
}

/// The identifier-and-`::` runs of `code` that start a path.
fn written_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b':';
    let mut i = 0;
    while i < bytes.len() {
        if word(bytes[i]) && (i == 0 || !word(bytes[i - 1])) {
            let start = i;
            while i < bytes.len() && word(bytes[i]) {
                i += 1;
            }
            let run = &code[start..i];
            if run.contains("::") && !run.ends_with("::") {
                out.push(run.to_string());
            }
        } else {
            i += 1;
        }
    }
    out
}

fn imports(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, code) in files {
        let mut paths: Vec<String> = written_paths(code);
        // Each `use` item: from a line that starts one to its `;`.
        for rest in std::iter::once(0).chain(code.match_indices('\n').map(|(i, _)| i + 1)).map(|i| &code[i..]) {
            let item = rest.trim_start_matches([' ', '\t']);
            let item = item.strip_prefix("pub ").or(item.strip_prefix("pub(crate) ")).or(item.strip_prefix("pub(super) ")).unwrap_or(item);
            if let Some(tree) = item.strip_prefix("use ") {
                let end = tree.find(';').unwrap_or(tree.len());
                paths.extend(expand(&tree[..end]));
            }
        }
        let targets: BTreeSet<Module> = paths.iter().filter_map(|p| resolve(module, p, files)).filter(|t| t != module).collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

fn pairs(src: &Path) -> Vec<String> {
    let mut files = BTreeMap::new();
    modules(src, src, &mut files);
    let graph = imports(&files);
    let name = |m: &Module| if m.is_empty() { "lib".to_string() } else { m.join("/") };
    let mut found = Vec::new();
    for (a, targets) in &graph {
        for b in targets.iter().filter(|b| a < *b) {
            if graph.get(b).is_some_and(|back| back.contains(a)) {
                found.push(format!("{} <-> {}", name(a), name(b)));
            }
        }
    }
    found
}

#[test]
fn no_two_files_import_each_other() {
    let found = pairs(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(found.is_empty(), "files that import each other:\n{}", found.join("\n"));
}

#[test]
fn the_check_sees_a_cycle() {
    let dir = std::env::temp_dir().join(format!("module-graph-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("engine")).unwrap();
    std::fs::write(dir.join("lib.rs"), "pub mod engine;\n").unwrap();
    std::fs::write(dir.join("engine/mod.rs"), "pub mod a;\npub mod b;\npub mod c;\n").unwrap();
    std::fs::write(dir.join("engine/a.rs"), "use super::{b::Thing, c};\n").unwrap();
    std::fs::write(dir.join("engine/b.rs"), "// use super::c;\npub fn f() { crate::engine::a::g() }\n").unwrap();
    std::fs::write(dir.join("engine/c.rs"), "pub fn h() {}\n#[cfg(test)]\nmod tests {\n    use super::super::a;\n}\n").unwrap();
    let found = pairs(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(found, ["engine/a <-> engine/b"]);
}
