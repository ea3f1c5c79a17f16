//! `specgen` subcommands. Exit status: 0 success, 1 a spec error (or a
//! warning with `--deny-warnings`), 2 bad usage.

mod explain;
mod export;
mod generate;
mod output;
mod parse;
mod text;
mod track;
mod verify;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Format;
use crate::reader::{self, Read};
use crate::source::{LoadError, SourceMap};
use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use output::Output;

/// Turns prose API drafts into an API model, typed Rust and status reports.
#[derive(Debug, Parser)]
#[command(name = "specgen", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read a spec and print its API model (sections, APIs, operations).
    Parse(parse::Args),
    /// Generate the typed Rust crate (only changed files are written).
    Generate(generate::GenerateArgs),
    /// Exit 1 and print the diff when the generated crate is stale.
    Check(generate::CheckArgs),
    /// Show, per field, the prose, the rule that fired, the Rust name and type;
    /// per endpoint, the mock's plan (effect, resource, fields from state) and why.
    Explain(explain::Args),
    /// Export the served API in another format (openapi).
    Export(export::ExportArgs),
    /// The APIs with their statuses and operations, and the counts per status.
    Status(track::StatusArgs),
    /// What changed between two revisions (files, or REV:PATH in git).
    Diff(track::DiffArgs),
    /// Every revision of a spec in a git history: changes, and per API a
    /// timeline of statuses.
    History(track::HistoryArgs),
    /// Run the draft against a real server: every example, a lifecycle per
    /// resource, retries and refused input; a conformance table per section.
    Verify(verify::Args),
}

/// The input language, when the file extension does not say it.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputFormat {
    Rst,
    Markdown,
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Rst => Format::Rst,
            InputFormat::Markdown => Format::Markdown,
        }
    }
}

/// Runs a command, writing its output to `out` (see [`Output`] for
/// standard output that a closed pipe ends quietly).
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let code = match cli.command {
        Command::Parse(args) => parse::run(args, out),
        Command::Generate(args) => generate::run_generate(args, out),
        Command::Check(args) => generate::run_check(args, out),
        Command::Explain(args) => explain::run(args, out),
        Command::Export(args) => export::run(args, out),
        Command::Status(args) => track::run_status(args, out),
        Command::Diff(args) => track::run_diff(args, out),
        Command::Verify(args) => verify::run(args, out),
        Command::History(args) => track::run_history(args, out),
    }?;
    out.flush()?;
    Ok(code)
}

/// Reports bad usage found after parsing the arguments; exit status 2.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\nFor more information, try '--help'.");
    ExitCode::from(2)
}

/// The built-in spec, relative to the workspace root.
pub const BUILTIN_SPEC: &str = "spec/client_server_v2.rst";

/// The built-in spec's path: found from the current directory upwards, or
/// from where this crate was built.
pub fn builtin_spec() -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    for dir in cwd.ancestors() {
        let p = dir.join(BUILTIN_SPEC);
        if p.is_file() {
            return p;
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(BUILTIN_SPEC)
}

/// The workspace the built-in spec lives in (its `spec/`, `generated/`).
pub fn builtin_root() -> PathBuf {
    let spec = builtin_spec();
    spec.parent().and_then(Path::parent).map(PathBuf::from).unwrap_or_default()
}

/// Reads a spec and prints its diagnostics to stderr. `None` when the file
/// could not be read at all (already reported).
pub fn read_reporting(path: &Path, format: Option<Format>) -> Option<Read> {
    match reader::read_file(path, format) {
        Ok(read) => {
            emit(&read.diagnostics, &read.sources);
            Some(read)
        }
        Err(e) => {
            report_load_error(&e);
            None
        }
    }
}

/// Prints why a file could not be read; a file that is not UTF-8 shows
/// the line with the bad byte.
pub fn report_load_error(e: &LoadError) {
    match e {
        LoadError::NotUtf8 { path, offset, .. } => {
            // Show the line with the bad byte (decoded lossily).
            let bytes = std::fs::read(path).unwrap_or_default();
            let mut sources = SourceMap::new();
            let file = sources.add(path.clone(), String::from_utf8_lossy(&bytes).into_owned());
            let lossy_offset = String::from_utf8_lossy(&bytes[..*offset]).len();
            let pos = sources.get(file).pos_at(file, lossy_offset);
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(pos, e.to_string()).with_help("save the spec as UTF-8"));
            emit(&d, &sources);
        }
        LoadError::Io { .. } => eprintln!("error: {e}"),
    }
}

/// Prints diagnostics to stderr, in colour only on a terminal.
pub fn emit(diags: &Diagnostics, sources: &SourceMap) {
    use std::io::IsTerminal;
    let choice = if std::io::stderr().is_terminal() { ColorChoice::Auto } else { ColorChoice::Never };
    let mut out = StandardStream::stderr(choice);
    let _ = diags.emit(sources, &mut out);
}

/// Exit status for a read: 1 on errors, or on warnings when they are denied.
pub fn status_of(diags: &Diagnostics, deny_warnings: bool) -> ExitCode {
    if diags.has_errors() || (deny_warnings && diags.warnings().next().is_some()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
