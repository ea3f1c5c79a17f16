//! One call from a file (or string) to the API model: pick the reader by
//! format, parse, build.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{markdown, rst, Document};
use crate::model::{self, Format, Spec};
use crate::source::{FileId, LoadError, SourceMap};
use std::path::Path;

/// The result of reading one spec: the model and everything found on the way.
#[derive(Debug)]
pub struct Read {
    pub sources: SourceMap,
    pub file: FileId,
    pub document: Document,
    pub spec: Spec,
    pub diagnostics: Diagnostics,
}

impl Format {
    /// The format a file name's extension says: `.rst`, `.md`, `.markdown`.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "rst" | "rest" | "txt" => Some(Format::Rst),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Reads a spec file. `format` overrides what the extension says.
pub fn read_file(path: &Path, format: Option<Format>) -> Result<Read, LoadError> {
    let mut sources = SourceMap::new();
    let file = sources.load(path)?;
    let format = format.or_else(|| Format::from_path(path)).unwrap_or(Format::Rst);
    Ok(read_loaded(sources, file, format))
}

/// Reads a spec held in memory.
pub fn read_str(name: &str, text: &str, format: Format) -> Read {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    read_loaded(sources, file, format)
}

/// Reads a spec already loaded into `sources`.
pub fn read_loaded(sources: SourceMap, file: FileId, format: Format) -> Read {
    let mut diagnostics = Diagnostics::default();
    let src = sources.get(file);
    if src.text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(src.pos_at(file, 0), "the spec is empty")
                .with_help("a spec has at least one section title with a status marker"),
        );
    }
    let document = match format {
        Format::Rst => rst::parse(src, file, &mut diagnostics),
        Format::Markdown => markdown::parse(src, file),
    };
    let spec = model::build(&document, src, format, &mut diagnostics);
    Read { sources, file, document, spec, diagnostics }
}
