//! `specgen verify`: runs the draft against a real server (see
//! [`crate::verify`]) over plain HTTP and prints a conformance table per
//! API section.

use super::generate::{report_spec_error, SpecArgs};
use crate::verify::http::Http;
use crate::verify::{self, render, Report};
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table per section, then the failures with what differs and the
    /// reasons checks were skipped.
    Text,
    Json,
    /// One test case per check (a failure in a Draft or Ongoing section has
    /// type="warning").
    Junit,
    /// One self-contained page.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// A failed check in a Final section.
    Error,
    /// A failed check in any section.
    Warning,
    /// A failed or skipped check in any section (a run that could not make
    /// every check: no token, a record nothing makes).
    Skip,
    /// Never (the report only).
    Never,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The server's base URL (`http://localhost:8008`); each endpoint's
    /// path (the overlay's prefix included) is added to it.
    #[arg(long)]
    pub url: String,
    #[command(flatten)]
    pub input: SpecArgs,
    /// An access token for the endpoints that need one (default: an account
    /// made with the spec's own register operation).
    #[arg(long)]
    pub token: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit 1 when a check of this weight fails.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
}

pub fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let loaded = match args.input.config().load() {
        Ok(l) => l,
        Err(e) => return Ok(report_spec_error(e)),
    };
    let mut http = match Http::new(&args.url, Duration::from_secs(args.timeout)) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: --url {}: {e}", args.url);
            return Ok(ExitCode::from(2));
        }
    };
    let spec = loaded.read.spec.file.clone();
    let mut options = verify::Options::new(&args.url, spec);
    options.token = args.token.clone();
    let report = match verify::run(&loaded, &mut http, &options) {
        Ok(r) => r,
        Err(verify::VerifyError::Plan(d)) => {
            let mut diags = loaded.read.diagnostics.clone();
            diags.push(*d);
            super::emit(&diags, &loaded.read.sources);
            return Ok(ExitCode::from(1));
        }
    };
    let text = match args.format {
        Format::Text => render::text(&report),
        Format::Json => render::json(&report),
        Format::Junit => render::junit(&report),
        Format::Html => render::html(&report),
    };
    out.write_all(text.as_bytes())?;
    Ok(if failing(&report, args.fail_on) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn failing(r: &Report, fail_on: FailOn) -> bool {
    let c = r.counts();
    match fail_on {
        FailOn::Error => c.errors > 0,
        FailOn::Warning => c.failed() > 0,
        FailOn::Skip => c.failed() + c.skipped > 0,
        FailOn::Never => false,
    }
}
