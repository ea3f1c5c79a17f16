//! `specgen export openapi`: the OpenAPI 3.1 document of what is served.

use super::generate::{report_spec_error, SpecArgs};
use crate::emit::openapi;
use crate::generate::write_file_if_changed;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// OpenAPI 3.1, with x-spec-section, x-spec-status and each property's prose.
    Openapi,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub kind: Kind,
    #[command(flatten)]
    pub input: SpecArgs,
    /// Write the document to this file (left alone when it already holds
    /// exactly that) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: ExportArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let g = match args.input.config().load() {
        Ok(g) => g,
        Err(e) => return Ok(report_spec_error(e)),
    };
    super::emit(&g.read.diagnostics, &g.read.sources);
    let name =
        std::path::Path::new(&g.read.spec.file).file_name().map_or_else(|| g.read.spec.file.clone(), |n| n.to_string_lossy().to_string());
    let Kind::Openapi = args.kind;
    let document = openapi::text(&g.space, &name);
    match &args.out {
        None => out.write_all(document.as_bytes())?,
        Some(path) => {
            if let Err(e) = write_file_if_changed(path, &document) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
