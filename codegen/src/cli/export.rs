//! `specgen export openapi`: the OpenAPI 3.1 document of what is served.

use super::generate::{report_error, Args as GenArgs};
use crate::emit::openapi;
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
    pub generate: GenArgs,
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let config = args.generate.config();
    match config.generate() {
        Ok(g) => {
            super::emit(&g.read.diagnostics, &g.read.sources);
            let name = std::path::Path::new(&g.read.spec.file)
                .file_name()
                .map_or_else(|| g.read.spec.file.clone(), |n| n.to_string_lossy().to_string());
            let Kind::Openapi = args.kind;
            println!("{}", serde_json::to_string_pretty(&openapi::document(&g.space, &name))?);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(report_error(&e)),
    }
}
