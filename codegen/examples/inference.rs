//! Accuracy of inference over the corpus of drafts nobody tuned the rules
//! for (`tests/specs/corpus/`): per category (names, routes, types,
//! optionality, effects, examples that fit, error format), over all drafts
//! and over the
//! held-out drafts apart. `bench/inference` runs it; `--misses` lists every
//! miss, `--only NAME` scores one draft, `--dir DIR` scores the drafts of
//! another folder (each `NAME.md`/`NAME.rst` beside its `NAME.truth.toml`).

#[path = "../tests/support/truth.rs"]
mod truth;

use truth::{Score, CATEGORIES};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let only = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1));
    let dir = match args.iter().position(|a| a == "--dir").and_then(|i| args.get(i + 1)) {
        Some(d) => std::path::PathBuf::from(d),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs/corpus"),
    };
    let mut tuned = Score::default();
    let mut held = Score::default();
    println!("{:14} {}", "draft", CATEGORIES.map(|c| format!("{c:>12}")).join(" "));
    for (draft, t) in truth::corpus(&dir) {
        let stem = draft.file_stem().unwrap().to_string_lossy().to_string();
        if only.is_some_and(|o| *o != stem) {
            continue;
        }
        let s = truth::score(&draft, &t);
        let cells: Vec<String> = CATEGORIES.iter().map(|c| format!("{:>11.1}%", s.ratio(c) * 100.0)).collect();
        println!("{:14} {}{}", stem, cells.join(" "), if t.held_out { "  (held out)" } else { "" });
        if misses {
            for (cat, m) in &s.misses {
                println!("    [{cat}] {m}");
            }
        }
        if t.held_out {
            held.merge(&s);
        } else {
            tuned.merge(&s);
        }
    }
    for (label, s) in [("tuned drafts", &tuned), ("held-out drafts (first run)", &held)] {
        if s.total.is_empty() {
            continue;
        }
        println!("{label}:");
        for c in CATEGORIES {
            println!("  {c:12} {}", s.line(c));
        }
    }
}
