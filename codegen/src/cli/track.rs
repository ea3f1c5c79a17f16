//! `specgen status`, `specgen diff` and `specgen history`: spec-status
//! changes in words, tables and a picture.

use super::builtin_spec;
use crate::model::Format;
use crate::tracker::render::{DiffReport, OutputFormat, StatusReport};
use crate::tracker::revision::{self, Revision};
use crate::tracker::{diff::diff, git, history::history, Change, Level};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A change that breaks the wire contract or the generated Rust of a
    /// Final API (severity error).
    Breaking,
    /// A status moving away from Final.
    Regression,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The spec (default: the built-in spec).
    pub file: Option<PathBuf>,
    /// Output format: text (coloured on a terminal), markdown, json, or html
    /// (one self-contained page with a timeline chart).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The older revision: a file, or REV:PATH in the git repository.
    pub old: String,
    /// The newer revision: a file, or REV:PATH in the git repository.
    pub new: String,
    /// The git repository for REV:PATH arguments.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// Output format: text (coloured on a terminal), markdown, json, or html
    /// (one self-contained page with a timeline chart).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit 1 when a change of this kind is found.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The git repository.
    #[arg(long, default_value = ".")]
    pub repo: PathBuf,
    /// The spec's path in the repository (its renames are followed).
    #[arg(long)]
    pub path: String,
    /// An API unchanged in a status other than Final for longer than this
    /// many days is reported as stuck.
    #[arg(long, default_value_t = 30.0)]
    pub stuck_days: f64,
    /// Output format: text (coloured on a terminal), markdown, json, or html
    /// (one self-contained page with a timeline chart).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Exit 1 when a change of this kind is found in any revision.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
}

fn colour() -> bool {
    std::io::stdout().is_terminal()
}

fn failing(changes: &[&Change], fail_on: Option<FailOn>) -> bool {
    match fail_on {
        None => false,
        Some(FailOn::Breaking) => changes.iter().any(|c| c.breaking() && c.severity == Level::Error),
        Some(FailOn::Regression) => changes.iter().any(|c| c.regression()),
    }
}

pub fn run_status(args: StatusArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let path = args.file.unwrap_or_else(builtin_spec);
    let Some(read) = super::read_reporting(&path, None) else { return Ok(ExitCode::from(1)) };
    if read.diagnostics.has_errors() {
        return Ok(ExitCode::from(1));
    }
    write!(out, "{}", args.format.renderer(colour()).status(&StatusReport::new(&read.spec)))?;
    Ok(ExitCode::SUCCESS)
}

/// A file, or `REV:PATH` (when no such file exists) read through git.
fn revision_texts(repo: &Path, args: [&str; 2]) -> anyhow::Result<Vec<(String, String)>> {
    let is_file = |a: &str| Path::new(a).is_file();
    let objects: Vec<String> = args.iter().filter(|a| !is_file(a)).map(|a| a.to_string()).collect();
    for o in &objects {
        if !o.contains(':') {
            anyhow::bail!("{o}: no such file (and not REV:PATH)");
        }
    }
    let mut blobs = if objects.is_empty() { Vec::new() } else { git::cat_files(repo, &objects)? }.into_iter();
    let mut out = Vec::new();
    for a in args {
        let bytes = if is_file(a) {
            std::fs::read(a)?
        } else {
            blobs.next().flatten().ok_or_else(|| anyhow::anyhow!("{a}: not found in the git repository {}", repo.display()))?
        };
        out.push((a.to_string(), revision::decode(a, bytes)?));
    }
    Ok(out)
}

fn format_of(label: &str) -> Format {
    let path = label.rsplit_once(':').map_or(label, |(_, p)| p);
    Format::from_path(Path::new(path)).unwrap_or(Format::Rst)
}

pub fn run_diff(args: DiffArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let texts = revision_texts(&args.repo, [&args.old, &args.new])?;
    let [mut old, mut new]: [Revision; 2] = [0, 1].map(|k| revision::read(&texts[k].0, &texts[k].1, format_of(&texts[k].0)));
    // Errors do not stop a diff: both models are what the reader recovered,
    // and the errors go into the report (and to stderr).
    let old_as_read = old.spec.clone();
    old.fill_from(&new.spec);
    new.fill_from(&old_as_read);
    let (old_spec, new_spec) = (old.spec, new.spec);
    let errors: Vec<_> = old.errors.into_iter().chain(new.errors).collect();
    for e in &errors {
        eprintln!("error: {e}");
    }
    let changes = diff(&old_spec, &new_spec);
    let report = DiffReport::new(&args.old, &old_spec, &args.new, &new_spec, changes, errors);
    write!(out, "{}", args.format.renderer(colour()).diff(&report))?;
    let all: Vec<&Change> = report.changes.iter().collect();
    Ok(if failing(&all, args.fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn run_history(args: HistoryArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let h = history(&args.repo, &args.path, args.stuck_days)?;
    write!(out, "{}", args.format.renderer(colour()).history(&h))?;
    for e in h.revisions.iter().flat_map(|r| &r.errors) {
        eprintln!("error: {e}");
    }
    let all: Vec<&Change> = h.revisions.iter().flat_map(|r| &r.changes).collect();
    Ok(if failing(&all, args.fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
