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
    /// 0 when the error is about the whole revision.
    #[serde(skip)]
    line: u32,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// An error about the whole revision, not a place in it.
    pub fn whole(label: &str, message: String) -> Self {
        ReadError { at: label.to_string(), message, line: 0 }
    }
}

/// A revision's bytes as text; where they stop being UTF-8 otherwise.
pub fn decode(label: &str, bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ReadError { at: format!("{label}:{line}:{col}"), message: format!("not UTF-8 (byte {valid})"), line }
    })
}

/// A revision's model and the errors read on the way.
#[derive(Debug, Clone)]
pub struct Revision {
    pub spec: Spec,
    pub errors: Vec<ReadError>,
}

/// A spec with nothing in it: what a deleted or empty file holds.
pub fn empty_spec(label: &str, format: Format) -> Spec {
    Spec {
        file: label.to_string(),
        format,
        sections: vec![],
        apis: vec![],
        terms: vec![],
        records: vec![],
        conventions: vec![],
        errors: None,
    }
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
    /// Makes the model fit to compare with `other`. A section whose title
    /// line holds an error (an unreadable marker) is no API in the
    /// recovered model; if `other` has an API of that title, it is taken
    /// from there, so an error reads as "unknown", not as a removal and a
    /// re-addition.
    pub fn fill_from(&mut self, other: &Spec) {
        for s in &self.spec.sections {
            let title_has_error = s.status.is_none() && self.errors.iter().any(|e| e.line == s.pos.line);
            if !title_has_error || self.spec.apis.iter().any(|a| a.title == s.title) {
                continue;
            }
            if let Some(api) = other.apis.iter().find(|a| a.title == s.title) {
                self.spec.apis.push(api.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_utf8_says_where() {
        let e = decode("a.rst@1234abcd", b"Title\nab\xffc".to_vec()).unwrap_err();
        assert_eq!(e.to_string(), "a.rst@1234abcd:2:3: not UTF-8 (byte 8)");
        assert_eq!(decode("a.rst", b"ok".to_vec()).unwrap(), "ok");
    }
}
