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

/// Reads a spec file. `format` overrides what the extension says; when
/// neither says it, the file is read as RST, and if that gives no API but
/// Markdown would, a warning says so.
pub fn read_file(path: &Path, format: Option<Format>) -> Result<Read, LoadError> {
    let mut sources = SourceMap::new();
    let file = sources.load(path)?;
    let Some(format) = format.or_else(|| Format::from_path(path)) else {
        let mut read = read_loaded(sources, file, Format::Rst);
        if read.spec.apis.is_empty() {
            hint_markdown(&mut read);
        }
        return Ok(read);
    };
    Ok(read_loaded(sources, file, format))
}

/// Warns that a file read as RST (its extension names no format) and giving
/// no API would give some as Markdown.
fn hint_markdown(read: &mut Read) {
    let src = read.sources.get(read.file);
    let mut scratch = Diagnostics::default();
    let as_markdown = model::build(&markdown::parse(src, read.file, &mut scratch), src, Format::Markdown, &mut scratch);
    let n = as_markdown.apis.len();
    if n == 0 {
        return;
    }
    read.diagnostics.push(
        Diagnostic::warning(
            src.pos_at(read.file, 0),
            format!("read as reStructuredText (the file name does not say the format): 0 APIs; read as Markdown it has {n}"),
        )
        .with_help("pass `--input-format markdown` (or name the file .md)"),
    );
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
                .with_help("a spec needs at least one section title ending in a status marker ([TODO], [ONGOING], [Draft] or [Final])"),
        );
    }
    let document = match format {
        Format::Rst => rst::parse(src, file, &mut diagnostics),
        Format::Markdown => markdown::parse(src, file, &mut diagnostics),
    };
    let spec = model::build(&document, src, format, &mut diagnostics);
    Read { sources, file, document, spec, diagnostics }
}
