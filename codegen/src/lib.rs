//! specgen: reads prose API drafts (reStructuredText or Markdown, sections
//! marked `[TODO]`, `[ONGOING]`, `[Draft]` or `[Final]`) into one API model.
//!
//! Data flows one way: source text ([`source`]) → document model
//! ([`document`]) → API model ([`model`]).

pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod model;
pub mod reader;
pub mod source;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use model::{Format, Spec, Status};
pub use reader::{read_file, read_str, Read};
pub use source::SourceMap;
