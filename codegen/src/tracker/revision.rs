//! One revision of a spec as the tracker reads it: the model the reader
//! built, even when it reported errors (it recovers, as docutils does), and
//! those errors, kept for the report.

use crate::model::{Format, Spec};
use crate::reader::read_str;
use serde::Serialize;

/// An error the reader reported in a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadError {
    /// `label:line:col`, e.g. `api.rst@1c69ba97:12:5`.
    pub at: String,
    pub message: String,
    #[serde(skip)]
    line: u32,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl ReadError {
    /// An error about the whole revision, not a place in it.
    pub fn whole(label: &str, message: String) -> Self {
        ReadError { at: label.to_string(), message, line: 0 }
    }
}

/// A revision's model and the errors read on the way.
#[derive(Debug, Clone)]
pub struct Revision {
    pub spec: Spec,
    pub errors: Vec<ReadError>,
}

/// A spec with nothing in it: what a deleted or empty file holds.
pub fn empty_spec(label: &str, format: Format) -> Spec {
    Spec { file: label.to_string(), format, sections: vec![], apis: vec![], terms: vec![] }
}

/// Reads one revision's text. An empty (or blank) text is an empty spec,
/// with no error: the file was emptied.
pub fn read(label: &str, text: &str, format: Format) -> Revision {
    if text.trim().is_empty() {
        return Revision { spec: empty_spec(label, format), errors: Vec::new() };
    }
    let read = read_str(label, text, format);
    let errors = read
        .diagnostics
        .errors()
        .map(|d| ReadError {
            at: format!("{}:{}:{}", read.sources.get(d.pos.file).name, d.pos.line, d.pos.col),
            message: d.message.clone(),
            line: d.pos.line,
        })
        .collect();
    Revision { spec: read.spec, errors }
}

impl Revision {
    /// The model to compare with `other`. A section whose title line holds
    /// an error (an unreadable marker) is no API in the recovered model; if
    /// `other` has an API of that title, it is taken from there, so an
    /// error reads as "unknown", not as a removal and a re-addition.
    pub fn model_beside(&self, other: &Spec) -> Spec {
        let mut spec = self.spec.clone();
        for s in &self.spec.sections {
            let title_has_error = s.status.is_none() && self.errors.iter().any(|e| e.line == s.pos.line);
            if !title_has_error || spec.apis.iter().any(|a| a.title == s.title) {
                continue;
            }
            if let Some(api) = other.apis.iter().find(|a| a.title == s.title) {
                spec.apis.push(api.clone());
            }
        }
        spec
    }
}
