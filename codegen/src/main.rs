//! The `specgen` command line.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = specgen::cli::Cli::parse();
    // Output goes through `Output`: `specgen … | head` ends quietly.
    match specgen::cli::run(cli, &mut specgen::cli::Output::stdout()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
