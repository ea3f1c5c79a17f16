//! Diagnostics: what went wrong, where, and what was expected.
//!
//! Errors make a run fail (exit 1); warnings are printed and only fail a run
//! with `--deny-warnings`.

use crate::source::{Pos, SourceMap};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor, termcolor::WriteColor};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One finding, anchored at a position (and a length in characters, at least 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub pos: Pos,
    pub len: u32,
    pub message: String,
    /// What was expected instead, or how to fix it.
    pub help: Option<String>,
    /// An error the reader carried on from as docutils does (a SEVERE
    /// docutils reports and reads past): the model holds the rest of the
    /// file, so a history can use it with the error kept in its report.
    pub recovered: bool,
}

impl Diagnostic {
    pub fn error(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, pos, len: 1, message: message.into(), help: None, recovered: false }
    }

    pub fn warning(pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, pos, len: 1, message: message.into(), help: None, recovered: false }
    }

    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1) as u32;
        self
    }

    /// Marks an error the reader recovered from (see [`Diagnostic::recovered`]).
    pub fn recovered(mut self) -> Self {
        self.recovered = true;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col: severity: message`, for logs and tests.
    pub fn one_line(&self, sources: &SourceMap) -> String {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!("{}:{}:{}: {sev}: {}", sources.get(self.pos.file).name, self.pos.line, self.pos.col, self.message)
    }
}

/// Collected findings of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Whether every error is one the reader recovered from (true when
    /// there is none): the model is then a model of the whole file.
    pub fn all_errors_recovered(&self) -> bool {
        self.errors().all(|d| d.recovered)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Renders every finding with its source line (codespan-reporting), in
    /// source order, in one write: codespan writes a piece at a time, and a
    /// terminal stream writes each piece through (one system call per caret
    /// under a long line).
    pub fn emit(&self, sources: &SourceMap, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut buf = if out.supports_color() { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
        self.emit_to(sources, &mut buf)?;
        out.write_all(buf.as_slice())?;
        out.flush()
    }

    fn emit_to(&self, sources: &SourceMap, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let mut files = SimpleFiles::new();
        let ids: Vec<usize> = sources.files().iter().map(|f| files.add(f.name.clone(), f.text.clone())).collect();
        let mut sorted: Vec<&Diagnostic> = self.items.iter().collect();
        sorted.sort_by_key(|d| (d.pos.file, d.pos.offset));
        let config = term::Config::default();
        for d in sorted {
            let file = ids[d.pos.file.0 as usize];
            let text = &sources.get(d.pos.file).text;
            let start = d.pos.offset as usize;
            let end = text[start..].char_indices().nth(d.len as usize).map_or(text.len(), |(i, _)| start + i);
            let end = end.min(text[start..].find('\n').map_or(text.len(), |i| start + i)).max(start);
            let base = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            };
            let mut cs = base.with_message(&d.message).with_labels(vec![Label::primary(file, start..end)]);
            if let Some(help) = &d.help {
                cs = cs.with_notes(vec![format!("help: {help}")]);
            }
            term::emit_to_write_style(out, &config, &files, &cs).map_err(std::io::Error::other)?;
        }
        Ok(())
    }
}
