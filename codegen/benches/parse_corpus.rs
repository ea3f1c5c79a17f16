//! Parsing throughput over all upstream revisions in one process (reading
//! from memory: RST reader plus API model). Target: at least 100 MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use specgen::{read_str, Format};
use std::path::Path;

fn corpus() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/upstream/general_api");
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
    let files = corpus();
    if files.is_empty() {
        return;
    }
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("parse");
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

criterion_group!(benches, bench);
criterion_main!(benches);
