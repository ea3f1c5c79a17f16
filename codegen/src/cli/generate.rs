//! `specgen generate` and `specgen check`: the build step from the command
//! line. Only the built-in spec has a default output directory (its
//! `generated/`); with `--spec`, `--out` is required, so a command run
//! anywhere never writes into the toolkit's own tree.

use super::{builtin_root, builtin_spec, emit, usage_error};
use crate::generate::{Config, GenerateError};
use crate::load::SpecError;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The spec and overlay a build command reads.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SpecArgs {
    /// The spec (default: the built-in spec).
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// The bindings overlay (default: spec/bindings.toml with the built-in
    /// spec, none with --spec).
    #[arg(long)]
    pub bindings: Option<PathBuf>,
    /// Read no overlay: every method and path derived from the prose.
    #[arg(long, conflicts_with = "bindings")]
    pub no_bindings: bool,
}

impl SpecArgs {
    /// The spec and overlay, without an output place yet.
    pub fn config(&self) -> Config {
        let config = match &self.spec {
            Some(spec) => Config::new(spec),
            None => Config::new(builtin_spec()).with_crate_name("client-server-v2"),
        };
        match (&self.bindings, self.no_bindings, &self.spec) {
            (_, true, _) | (None, false, Some(_)) => config,
            (Some(b), false, _) => config.with_bindings(b),
            (None, false, None) => config.with_bindings(builtin_root().join("spec/bindings.toml")),
        }
    }

    /// The flags as typed again, for messages that tell what to rerun.
    fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        push_path(&mut out, "--spec", self.spec.as_deref());
        push_path(&mut out, "--bindings", self.bindings.as_deref());
        if self.no_bindings {
            out.push("--no-bindings".into());
        }
        out
    }
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub input: SpecArgs,
    /// Where the crate goes. Required with --spec; the built-in spec's
    /// default is the generated/ directory beside its spec/.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The generated crate's name (default: from the spec file name).
    #[arg(long)]
    pub crate_name: Option<String>,
    /// Print the time each stage took (read, parse, infer, emit, format, write).
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: SpecArgs,
    /// The generated crate to compare with a fresh generation. Required with
    /// --spec; the built-in spec's default is the generated/ directory
    /// beside its spec/.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The name the crate was generated with (default: from the spec file
    /// name).
    #[arg(long)]
    pub crate_name: Option<String>,
}

/// The output directory: `--out`, or `generated/` for the built-in spec.
/// `Err` names the missing flag.
fn out_dir(input: &SpecArgs, out: Option<&Path>) -> Result<PathBuf, String> {
    match (out, &input.spec) {
        (Some(dir), _) => Ok(dir.to_path_buf()),
        (None, None) => Ok(builtin_root().join("generated")),
        (None, Some(spec)) => {
            Err(format!("--out DIR is required with --spec {}: only the built-in spec has a default output directory", spec.display()))
        }
    }
}

fn build_config(input: &SpecArgs, out: Option<&Path>, crate_name: Option<&str>) -> Result<Config, String> {
    let config = input.config().with_out_dir(out_dir(input, out)?);
    Ok(match crate_name {
        Some(name) => config.with_crate_name(name),
        None => config,
    })
}

fn push_path(out: &mut Vec<String>, flag: &str, path: Option<&Path>) {
    if let Some(p) = path {
        out.push(flag.into());
        out.push(shell_word(&p.display().to_string()));
    }
}

/// `word` as a POSIX shell reads it back: bare when it holds only safe
/// characters, single-quoted otherwise.
fn shell_word(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Prints why a spec was not loaded; exit status 1.
pub fn report_spec_error(e: SpecError) -> ExitCode {
    report_error(&GenerateError::from(e))
}

/// Prints why nothing was generated; exit status 1.
pub fn report_error(e: &GenerateError) -> ExitCode {
    match e {
        GenerateError::Spec { sources, diagnostics } => emit(diagnostics, sources),
        GenerateError::Load(load) => super::report_load_error(load),
        GenerateError::InvalidName { .. } | GenerateError::Write { .. } => eprintln!("error: {e}"),
    }
    ExitCode::from(1)
}

pub fn run_generate(args: GenerateArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let config = match build_config(&args.input, args.out.as_deref(), args.crate_name.as_deref()) {
        Ok(c) => c,
        Err(msg) => return Ok(usage_error(&msg)),
    };
    let report = match config.write() {
        Ok(report) => report,
        Err(e) => return Ok(report_error(&e)),
    };
    emit(&report.warnings, &report.sources);
    for p in &report.written {
        writeln!(out, "wrote {}", p.display())?;
    }
    for p in &report.removed {
        writeln!(out, "removed {}", p.display())?;
    }
    writeln!(
        out,
        "{} written, {} unchanged, {} removed in {}",
        report.written.len(),
        report.unchanged.len(),
        report.removed.len(),
        config.out_dir().display()
    )?;
    if args.timings {
        let t = report.timings;
        let us = |d: std::time::Duration| d.as_micros();
        writeln!(
            out,
            "timings (us): read {} parse {} infer {} emit {} format {} write {}",
            us(t.read),
            us(t.parse),
            us(t.infer),
            us(t.emit),
            us(t.format),
            us(t.write)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_check(args: CheckArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let config = match build_config(&args.input, args.out.as_deref(), args.crate_name.as_deref()) {
        Ok(c) => c,
        Err(msg) => return Ok(usage_error(&msg)),
    };
    let (stale, warnings, sources) = match config.check_report() {
        Ok(r) => (r.stale, r.warnings, r.sources),
        Err(e) => return Ok(report_error(&e)),
    };
    emit(&warnings, &sources);
    if stale.is_empty() {
        writeln!(out, "{} is up to date", config.out_dir().display())?;
        return Ok(ExitCode::SUCCESS);
    }
    for s in &stale {
        write!(out, "{}", s.diff)?;
    }
    eprintln!("error: {} file(s) in {} are stale; run `{}`", stale.len(), config.out_dir().display(), regenerate_command(&args).join(" "));
    Ok(ExitCode::from(1))
}

/// The `specgen generate` command that brings what `check` compared up to
/// date: the same flags.
fn regenerate_command(args: &CheckArgs) -> Vec<String> {
    let mut words = vec!["specgen".to_string(), "generate".to_string()];
    words.extend(args.input.flags());
    push_path(&mut words, "--out", args.out.as_deref());
    if let Some(name) = &args.crate_name {
        words.push("--crate-name".into());
        words.push(shell_word(name));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_read_back() {
        assert_eq!(shell_word("spec/my.md"), "spec/my.md");
        assert_eq!(shell_word("my spec.md"), "'my spec.md'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn only_the_builtin_spec_has_a_default_out_dir() {
        let builtin = SpecArgs::default();
        assert_eq!(out_dir(&builtin, None).unwrap(), builtin_root().join("generated"));
        let other = SpecArgs { spec: Some("my.md".into()), ..SpecArgs::default() };
        assert!(out_dir(&other, None).unwrap_err().contains("--out DIR is required with --spec my.md"));
        assert_eq!(out_dir(&other, Some(Path::new("x"))).unwrap(), PathBuf::from("x"));
    }
}
