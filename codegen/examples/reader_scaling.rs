//! Time per doubling of input size for the input shapes that used to take
//! quadratic time, each at the stages it once was quadratic in:
//!
//! - `parse`: what `specgen parse --format json` does in process (read,
//!   render the diagnostics, write the JSON model);
//! - `infer`: read, then the type space and every endpoint's plan (what
//!   `generate` and `mock-server --spec` infer);
//! - `check`: read, infer, then every file emitted and formatted (what
//!   `specgen check` compares with the disk).
//!
//! Prints, per shape and stage, the time at each size, the ratio to the
//! size before, and the ratio per doubling over the whole range (the
//! geometric mean of the steps, which a noisy step on a shared machine
//! moves less); exits 1 if that is above the limit for any of them (linear
//! is x2; quadratic x4).
//!
//! Usage: reader_scaling [--limit 2.5] [--shape NAME] [--stage parse|infer|check] [--start N]
//! (`--start` sets the smallest size of every shape run, to look further.)

use specgen::emit::{self, Layout};
use specgen::{read_str, Format};
use std::time::{Duration, Instant};

/// How far a run goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    Parse,
    Infer,
    Check,
}

impl Stage {
    fn name(self) -> &'static str {
        match self {
            Stage::Parse => "parse",
            Stage::Infer => "infer",
            Stage::Check => "check",
        }
    }
}

/// A generated input: its name, format, text for a size parameter, and
/// the stages it is timed at.
struct Shape {
    name: &'static str,
    format: Format,
    /// Size parameter of the smallest input at each stage; doubled at each
    /// step.
    starts: &'static [(Stage, usize)],
    make: fn(usize) -> String,
}

const SHAPES: &[Shape] = &[
    Shape { name: "nested inline bullets (- - - … x)", format: Format::Rst, starts: &[(Stage::Parse, 500_000)], make: inline_bullets },
    Shape {
        name: "nested Markdown lists (- - - … x)",
        format: Format::Markdown,
        starts: &[(Stage::Parse, 125_000)],
        make: markdown_bullets,
    },
    Shape {
        name: "nested block quotes (> > > … x)", format: Format::Markdown, starts: &[(Stage::Parse, 125_000)], make: markdown_quotes
    },
    Shape { name: "`` openers in one paragraph", format: Format::Rst, starts: &[(Stage::Parse, 500_000)], make: literal_openers },
    Shape { name: "unclosed * openers in one paragraph", format: Format::Rst, starts: &[(Stage::Parse, 330_000)], make: emphasis_openers },
    Shape { name: "repeated markers on one title line", format: Format::Rst, starts: &[(Stage::Parse, 45_000)], make: markers_on_a_line },
    Shape {
        name: "repeated markers in one paragraph",
        format: Format::Rst,
        starts: &[(Stage::Parse, 50_000)],
        make: markers_in_a_paragraph,
    },
    Shape {
        name: "marked sections",
        format: Format::Rst,
        starts: &[(Stage::Parse, 12_500), (Stage::Infer, 1_000), (Stage::Check, 250)],
        make: marked_sections,
    },
    Shape {
        name: "keys in one HTTP example body",
        format: Format::Markdown,
        starts: &[(Stage::Infer, 4_000), (Stage::Check, 2_000)],
        make: example_keys,
    },
    Shape {
        name: "operations with an HTTP example each",
        format: Format::Markdown,
        starts: &[(Stage::Infer, 1_000), (Stage::Check, 250)],
        make: examples,
    },
    Shape {
        name: "operations with an id each",
        format: Format::Markdown,
        starts: &[(Stage::Infer, 1_000), (Stage::Check, 250)],
        make: operations,
    },
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

/// One HTTP example whose request body has `n` keys.
fn example_keys(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("  \"key_{i}\": {i}")).collect();
    format!("# Things API `[Draft]`\n\nInputs:\n- Thing ID\n\n```\nPOST /things\n{{\n{}\n}}\n```\n", keys.join(",\n"))
}

/// One section of `n` operations, each with its own HTTP example.
fn examples(n: usize) -> String {
    let ops: String = (0..n)
        .map(|i| format!("Op{i}:\n\nInputs:\n- Room ID\n- Thing {i} name\n\n```\nPOST /things{i}/{{room_id}}\n{{\"thing_{i}_name\": \"x\"}}\n```\n\n"))
        .collect();
    format!("# Things API `[Draft]`\n\n{ops}")
}

/// One section of `n` operations, each creating a resource with an id of
/// its own.
fn operations(n: usize) -> String {
    let ops: String =
        (0..n).map(|i| format!("Creating a thing{i}:\n\nInputs:\n- Thing{i} ID\n- Name\n\nOutputs:\n- Thing{i} ID\n\n")).collect();
    format!("# Things API `[Draft]`\n\n{ops}")
}

/// One run to `stage`, in process; returns a size of what it made.
fn run_once(text: &str, format: Format, stage: Stage) -> usize {
    let mut read = read_str("shape.md", text, format);
    if stage == Stage::Parse {
        let mut diags = codespan_reporting::term::termcolor::Buffer::no_color();
        read.diagnostics.emit(&read.sources, &mut diags).expect("rendered to memory");
        let json = serde_json::to_vec_pretty(&read.spec).expect("the model serialises");
        return diags.as_slice().len() + json.len();
    }
    let space = specgen::types::build::build(&read.spec, None, &mut read.diagnostics).expect("the shape builds");
    let plans = specgen::plan::plans(&space, None).expect("every endpoint has a plan");
    if stage == Stage::Infer {
        return plans.iter().map(Vec::len).sum();
    }
    let files = emit::emit(&space, "shape.md", &Layout::Crate { name: "shape".into(), runtime: String::new() });
    files.values().map(String::len).sum()
}

/// The best of several runs (at least 5, at least 0.5 s in all): the
/// machine is shared, the best run is the one least disturbed.
fn time(text: &str, format: Format, stage: Stage) -> Duration {
    let mut best = Duration::MAX;
    let started = Instant::now();
    let mut runs = 0;
    while runs < 5 || (started.elapsed() < Duration::from_millis(500) && runs < 50) {
        let t = Instant::now();
        std::hint::black_box(run_once(text, format, stage));
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
    let only_stage = flag("--stage");
    let start_at: Option<usize> = flag("--start").map(|n| n.parse().expect("--start takes a number"));
    const STEPS: u32 = 4;
    let mut worst = 0.0f64;
    for shape in SHAPES.iter().filter(|s| only.as_ref().is_none_or(|o| s.name.contains(o.as_str()))) {
        for &(stage, start) in shape.starts.iter().filter(|(st, _)| only_stage.as_ref().is_none_or(|o| st.name() == o)) {
            let start = start_at.unwrap_or(start);
            println!("{} ({})", shape.name, stage.name());
            let mut times: Vec<Duration> = Vec::new();
            for step in 0..STEPS {
                let text = (shape.make)(start << step);
                let t = time(&text, shape.format, stage);
                let shown = times.last().map_or(String::new(), |p| format!("  x{:.2}", t.as_secs_f64() / p.as_secs_f64()));
                println!("  {:>9} bytes  {:>9.2} ms{shown}", text.len(), t.as_secs_f64() * 1e3);
                times.push(t);
            }
            let per_doubling = (times[STEPS as usize - 1].as_secs_f64() / times[0].as_secs_f64()).powf(1.0 / f64::from(STEPS - 1));
            println!("  per doubling: x{per_doubling:.2}");
            worst = worst.max(per_doubling);
        }
    }
    println!("worst per doubling: x{worst:.2} (limit x{limit})");
    if worst > limit {
        std::process::exit(1);
    }
}
