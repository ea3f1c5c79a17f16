//! `specgen generate` and `specgen check`: the build step from the command
//! line.

use super::{builtin_spec, emit};
use crate::generate::{Config, GenerateError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec (default: the built-in spec).
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// The bindings overlay (default: spec/bindings.toml with the built-in
    /// spec, none otherwise).
    #[arg(long)]
    pub bindings: Option<PathBuf>,
    /// Generate without any overlay: every method and path derived.
    #[arg(long, conflicts_with = "bindings")]
    pub no_bindings: bool,
    /// Where the crate goes (default: generated/ beside the built-in spec).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The generated crate's name (default: from the spec file name).
    #[arg(long)]
    pub crate_name: Option<String>,
    /// Print the time each stage took (read, parse, infer, emit, format, write).
    #[arg(long)]
    pub timings: bool,
}

impl Args {
    pub fn config(&self) -> Config {
        let builtin = builtin_spec();
        let spec = self.spec.clone().unwrap_or_else(|| builtin.clone());
        let root = builtin.parent().and_then(|p| p.parent()).map(PathBuf::from).unwrap_or_default();
        let bindings = match (&self.bindings, self.no_bindings, &self.spec) {
            (_, true, _) => None,
            (Some(b), _, _) => Some(b.clone()),
            (None, false, None) => Some(root.join("spec/bindings.toml")),
            (None, false, Some(_)) => None,
        };
        let mut config = Config::new(spec).with_out_dir(self.out.clone().unwrap_or_else(|| root.join("generated")));
        if self.spec.is_none() && self.crate_name.is_none() {
            config = config.with_crate_name("client-server-v2");
        }
        if let Some(n) = &self.crate_name {
            config = config.with_crate_name(n.clone());
        }
        match bindings {
            Some(b) => config.with_bindings(b),
            None => config,
        }
    }
}

pub fn report_error(e: &GenerateError) -> ExitCode {
    if let Some(load) = &e.load {
        eprintln!("error: {load}");
    }
    emit(&e.diagnostics, &e.sources);
    ExitCode::from(1)
}

pub fn run_generate(args: Args) -> anyhow::Result<ExitCode> {
    let config = args.config();
    match config.write() {
        Ok(report) => {
            emit(&report.warnings, &report.sources);
            for p in &report.written {
                println!("wrote {}", p.display());
            }
            for p in &report.removed {
                println!("removed {}", p.display());
            }
            println!(
                "{} written, {} unchanged, {} removed in {}",
                report.written.len(),
                report.unchanged.len(),
                report.removed.len(),
                config.out_dir().display()
            );
            if args.timings {
                let t = report.timings;
                let ms = |d: std::time::Duration| d.as_micros();
                println!(
                    "timings (us): read {} parse {} infer {} emit {} format {} write {}",
                    ms(t.read),
                    ms(t.parse),
                    ms(t.infer),
                    ms(t.emit),
                    ms(t.format),
                    ms(t.write)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(report_error(&e)),
    }
}

pub fn run_check(args: Args) -> anyhow::Result<ExitCode> {
    let config = args.config();
    match config.check() {
        Ok(stale) if stale.is_empty() => {
            println!("{} is up to date", config.out_dir().display());
            Ok(ExitCode::SUCCESS)
        }
        Ok(stale) => {
            for s in &stale {
                print!("{}", s.diff);
            }
            eprintln!("error: {} file(s) in {} are stale; run `specgen generate`", stale.len(), config.out_dir().display());
            Ok(ExitCode::from(1))
        }
        Err(e) => Ok(report_error(&e)),
    }
}
