//! Parses the files given, `--repeat N` times, in one process and prints
//! `bytes seconds` (the time of reading from memory into the API model).
//! Used by `bench/parse_vs_docutils` for the side-by-side timing.

use specgen::{read_str, Format};
use std::time::Instant;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 1;
    if args.first().map(String::as_str) == Some("--repeat") {
        repeat = args.get(1).and_then(|n| n.parse().ok()).expect("--repeat N");
        args.drain(..2);
    }
    let files: Vec<(String, String)> = args.iter().map(|p| (p.clone(), std::fs::read_to_string(p).expect("readable UTF-8 file"))).collect();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let start = Instant::now();
    let mut apis = 0;
    for _ in 0..repeat {
        for (name, text) in &files {
            apis += read_str(name, text, Format::Rst).spec.apis.len();
        }
    }
    let secs = start.elapsed().as_secs_f64() / repeat as f64;
    assert!(apis > 0 || files.is_empty());
    println!("{bytes} {secs:.6}");
}
