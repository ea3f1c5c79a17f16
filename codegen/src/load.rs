//! The one front end: a spec and its overlay read, the overlay parsed and
//! the type space built, once, the same way for every user of the library
//! (`generate`, `explain`, `export`, the mock's engine).
//!
//! ```
//! let source = specgen::load::Source::file("../spec/client_server_v2.rst").with_bindings("../spec/bindings.toml");
//! let loaded = specgen::load(&source).unwrap();
//! assert!(loaded.bindings.is_some() && !loaded.space.apis.is_empty());
//! ```
//!
//! Invariant: [`load`] gives a type space only for a spec without errors;
//! otherwise [`SpecError`] carries every located diagnostic (warnings
//! included) and the files they point into.

use crate::bindings::{self, Bindings};
use crate::diagnostic::Diagnostics;
use crate::model::Format;
use crate::reader::{self, Read};
use crate::source::{LoadError, SourceMap};
use crate::types::{self, TypeSpace};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Where a text is read from: a file, or a text already in memory (a spec
/// compiled into a binary), named as a file would be in diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Text { name: String, text: String },
}

/// A spec and its overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub spec: Input,
    pub bindings: Option<Input>,
    /// The spec's format; `None`: what a file's extension says, else
    /// reStructuredText (with a warning when Markdown would give APIs).
    pub format: Option<Format>,
}

impl Source {
    /// The spec file `path`, without an overlay.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Source { spec: Input::File(path.into()), bindings: None, format: None }
    }

    /// The overlay file `path`.
    pub fn with_bindings(self, path: impl Into<PathBuf>) -> Self {
        Source { bindings: Some(Input::File(path.into())), ..self }
    }

    pub fn with_format(self, format: Format) -> Self {
        Source { format: Some(format), ..self }
    }
}

/// Time spent per stage of [`load`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimings {
    /// Reading the files.
    pub read: Duration,
    /// Parsing the spec and the overlay.
    pub parse: Duration,
    /// Building the type space.
    pub infer: Duration,
}

/// A spec read without errors, its overlay and its type space.
#[derive(Debug)]
pub struct Loaded {
    /// The spec's model, its files and the warnings found on the way.
    pub read: Read,
    pub bindings: Option<Bindings>,
    pub space: TypeSpace,
    pub timings: LoadTimings,
}

impl Loaded {
    /// Adds a warning for each of the spec's examples that does not read
    /// into its endpoint's types, at the example's line (the examples are
    /// the spec's own test).
    pub fn check_examples(&mut self) {
        for m in types::fit::check(&self.read.spec, &self.space).misfits {
            self.read.diagnostics.push(m.diagnostic());
        }
    }
}

/// Why a spec was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The spec or the overlay could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The spec or the overlay has errors; `diagnostics` (warnings too) say
    /// where, in the files of `sources`.
    #[error("{}", error_lines(sources, diagnostics))]
    Spec { sources: SourceMap, diagnostics: Diagnostics },
}

/// The errors among `diagnostics`, one `file:line:col: message` per line.
pub fn error_lines(sources: &SourceMap, diagnostics: &Diagnostics) -> String {
    let lines: Vec<String> = diagnostics.errors().map(|d| d.one_line(sources)).collect();
    lines.join("\n")
}

/// Reads `source`: the spec, then its overlay, then the type space.
pub fn load(source: &Source) -> Result<Loaded, SpecError> {
    let mut timings = LoadTimings::default();
    let start = Instant::now();
    let mut read = match &source.spec {
        Input::File(path) => match source.format.or_else(|| Format::from_path(path)) {
            Some(format) => {
                let mut sources = SourceMap::new();
                let file = sources.load(path)?;
                timings.read = start.elapsed();
                reader::read_loaded(sources, file, format)
            }
            // No format said anywhere: the reader's own guess, with its hint.
            None => reader::read_file(path, None)?,
        },
        Input::Text { name, text } => reader::read_str(name, text, source.format.unwrap_or(Format::Rst)),
    };
    let t = Instant::now();
    let overlay = match &source.bindings {
        Some(Input::File(path)) => Some(read.sources.load(path)?),
        Some(Input::Text { name, text }) => Some(read.sources.add(name.clone(), text.clone())),
        None => None,
    };
    timings.read += t.elapsed();
    let bindings = overlay.and_then(|o| bindings::parse(&read.sources, o, &mut read.diagnostics));
    timings.parse = start.elapsed().saturating_sub(timings.read);
    let t = Instant::now();
    let space =
        if read.diagnostics.has_errors() { None } else { types::build::build(&read.spec, bindings.as_ref(), &mut read.diagnostics) };
    timings.infer = t.elapsed();
    match space {
        Some(space) => Ok(Loaded { read, bindings, space, timings }),
        None => Err(SpecError::Spec { sources: read.sources, diagnostics: read.diagnostics }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_in_memory_loads_with_its_overlay() {
        let spec = "Notes [Draft]\n=============\n\nCreating a note\n---------------\n\n- Inputs: Text\n- Outputs: Note ID\n";
        let overlay = "prefix = \"/v1\"\n";
        let source = Source {
            spec: Input::Text { name: "notes.rst".into(), text: spec.into() },
            bindings: Some(Input::Text { name: "b.toml".into(), text: overlay.into() }),
            format: None,
        };
        let loaded = load(&source).unwrap();
        assert_eq!(loaded.bindings.as_ref().map(|b| b.prefix.as_str()), Some("/v1"));
        assert_eq!(loaded.space.apis.len(), 1);
    }

    #[test]
    fn errors_stop_before_the_types_and_say_where() {
        let source = Source {
            spec: Input::Text { name: "bad.rst".into(), text: "\n".into() },
            bindings: Some(Input::Text { name: "b.toml".into(), text: "prefix = 1\n".into() }),
            format: None,
        };
        let e = load(&source).unwrap_err();
        let SpecError::Spec { diagnostics, .. } = &e else { panic!("{e:?}") };
        assert!(diagnostics.has_errors());
        let text = e.to_string();
        assert!(text.starts_with("bad.rst:1:1: ") && text.contains("the spec is empty") && text.contains("b.toml:1:"), "{text}");
        let missing = load(&Source::file("no/such/spec.rst")).unwrap_err();
        assert!(matches!(missing, SpecError::Load(_)), "{missing:?}");
    }
}
