//! Time per doubling of input size for the input shapes that used to take
//! quadratic time. Each run does what `specgen parse --format json` does in
//! process: read, render the diagnostics, write the JSON model. Prints, per
//! shape, the time at each size, the ratio to the size before, and the ratio
//! per doubling over the whole range (the geometric mean of the steps, which
//! a noisy step on a shared machine moves less); exits 1 if that is above
//! the limit for a shape (linear is x2; quadratic x4).
//!
//! Usage: reader_scaling [--limit 2.5] [--shape NAME]

use specgen::{read_str, Format};
use std::time::{Duration, Instant};

/// A generated input: its name, format, and text for a size parameter.
struct Shape {
    name: &'static str,
    format: Format,
    /// Size parameter of the smallest input; doubled at each step.
    start: usize,
    make: fn(usize) -> String,
}

const SHAPES: &[Shape] = &[
    Shape { name: "nested inline bullets (- - - … x)", format: Format::Rst, start: 500_000, make: inline_bullets },
    Shape { name: "nested Markdown lists (- - - … x)", format: Format::Markdown, start: 125_000, make: markdown_bullets },
    Shape { name: "nested block quotes (> > > … x)", format: Format::Markdown, start: 125_000, make: markdown_quotes },
    Shape { name: "`` openers in one paragraph", format: Format::Rst, start: 500_000, make: literal_openers },
    Shape { name: "unclosed * openers in one paragraph", format: Format::Rst, start: 330_000, make: emphasis_openers },
    Shape { name: "repeated markers on one title line", format: Format::Rst, start: 45_000, make: markers_on_a_line },
    Shape { name: "repeated markers in one paragraph", format: Format::Rst, start: 50_000, make: markers_in_a_paragraph },
    Shape { name: "marked sections", format: Format::Rst, start: 12_500, make: marked_sections },
];

const HEAD: &str = "Title ``[Draft]``\n=================\n\n";

fn inline_bullets(n: usize) -> String {
    format!("{HEAD}Inputs:\n{}x\n", "- ".repeat(n))
}

fn markdown_bullets(n: usize) -> String {
    format!("# Title `[Draft]`\n\n{}x\n", "- ".repeat(n))
}

fn markdown_quotes(n: usize) -> String {
    format!("# Title `[Draft]`\n\n{}x\n", "> ".repeat(n))
}

fn literal_openers(n: usize) -> String {
    format!("{HEAD}{}\n", "``a ".repeat(n))
}

fn emphasis_openers(n: usize) -> String {
    format!("{HEAD}{}\n", "*a ".repeat(n))
}

fn markers_on_a_line(n: usize) -> String {
    let title = format!("Title {}", "``[Draft]``".repeat(n));
    format!("{title}\n{}\n\nText.\n", "=".repeat(title.len()))
}

fn markers_in_a_paragraph(n: usize) -> String {
    format!("{HEAD}{}\n", "``[Draft]`` [Draft] ".repeat(n))
}

fn marked_sections(n: usize) -> String {
    (0..n).map(|i| format!("API {i} ``[Draft]``\n{}\n\nInputs:\n - Room ID\n\n", "=".repeat(24))).collect()
}

/// One `parse --format json`, in process; returns the bytes written.
fn parse_once(text: &str, format: Format) -> usize {
    let read = read_str("shape", text, format);
    let mut diags = codespan_reporting::term::termcolor::Buffer::no_color();
    read.diagnostics.emit(&read.sources, &mut diags).expect("rendered to memory");
    let json = serde_json::to_vec_pretty(&read.spec).expect("the model serialises");
    diags.as_slice().len() + json.len()
}

/// The best of several runs (at least 5, at least 0.5 s in all): the
/// machine is shared, the best run is the one least disturbed.
fn time(text: &str, format: Format) -> Duration {
    let mut best = Duration::MAX;
    let started = Instant::now();
    let mut runs = 0;
    while runs < 5 || (started.elapsed() < Duration::from_millis(500) && runs < 50) {
        let t = Instant::now();
        std::hint::black_box(parse_once(text, format));
        best = best.min(t.elapsed());
        runs += 1;
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let limit: f64 = flag("--limit").map_or(2.5, |l| l.parse().expect("--limit takes a number"));
    let only = flag("--shape");
    const STEPS: u32 = 4;
    let mut worst = 0.0f64;
    for shape in SHAPES.iter().filter(|s| only.as_ref().is_none_or(|o| s.name.contains(o.as_str()))) {
        println!("{}", shape.name);
        let mut times: Vec<Duration> = Vec::new();
        for step in 0..STEPS {
            let text = (shape.make)(shape.start << step);
            let t = time(&text, shape.format);
            let shown = times.last().map_or(String::new(), |p| format!("  x{:.2}", t.as_secs_f64() / p.as_secs_f64()));
            println!("  {:>9} bytes  {:>9.2} ms{shown}", text.len(), t.as_secs_f64() * 1e3);
            times.push(t);
        }
        let per_doubling = (times[STEPS as usize - 1].as_secs_f64() / times[0].as_secs_f64()).powf(1.0 / f64::from(STEPS - 1));
        println!("  per doubling: x{per_doubling:.2}");
        worst = worst.max(per_doubling);
    }
    println!("worst per doubling: x{worst:.2} (limit x{limit})");
    if worst > limit {
        std::process::exit(1);
    }
}
