//! Parsing throughput over all upstream revisions in one process (reading
//! from memory: RST reader plus API model). Target: at least 100 MB/s.
//! Also: the HTTP proposal's revisions (full of HTTP examples), and the
//! loose-JSON reader beside serde_json on the same strict JSON.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use specgen::model::loose_json;
use specgen::{read_str, Format};
use std::path::Path;

fn corpus(name: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream").join(name);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: {} not found", dir.display());
        return Vec::new();
    };
    let mut files: Vec<_> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "rst")).collect();
    files.sort();
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("UTF-8 corpus"))).collect()
}

fn bench(c: &mut Criterion) {
    for name in ["general_api", "cs_v2_http_api"] {
        let files = corpus(name);
        if files.is_empty() {
            continue;
        }
        let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
        let mut g = c.benchmark_group(format!("parse {name}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(30);
        g.bench_function(format!("all {} revisions", files.len()), |b| {
            b.iter(|| {
                let mut apis = 0;
                for (name, text) in &files {
                    apis += read_str(name, text, Format::Rst).spec.apis.len();
                }
                apis
            })
        });
        g.finish();
    }
    loose_vs_strict(c);
}

/// The same strict JSON through both readers: every indented block of the
/// HTTP proposal that serde_json reads as an object, eight times over.
fn loose_vs_strict(c: &mut Criterion) {
    let mut docs: Vec<String> = Vec::new();
    for (_, text) in corpus("cs_v2_http_api") {
        let mut block = String::new();
        for line in text.lines().chain(std::iter::once("")) {
            if line.starts_with("  ") || (line.is_empty() && !block.is_empty() && !block.ends_with("\n\n")) {
                block.push_str(line);
                block.push('\n');
            } else {
                if serde_json::from_str::<serde_json::Value>(&block).is_ok_and(|v| v.is_object()) {
                    docs.push(std::mem::take(&mut block));
                }
                block.clear();
            }
        }
    }
    let docs: Vec<String> = docs.iter().cycle().take(docs.len().max(1) * 8).cloned().collect();
    let bytes: usize = docs.iter().map(String::len).sum();
    if bytes == 0 {
        return;
    }
    let mut g = c.benchmark_group("strict JSON");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("serde_json", |b| b.iter(|| docs.iter().filter(|d| serde_json::from_str::<serde_json::Value>(d).is_ok()).count()));
    g.bench_function("loose_json", |b| b.iter(|| docs.iter().filter(|d| loose_json::parse(d).is_ok()).count()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
