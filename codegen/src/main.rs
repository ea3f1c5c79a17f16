//! The `specgen` command line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = specgen::cli::Cli::parse();
    match specgen::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
