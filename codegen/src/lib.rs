//! specgen: reads prose API drafts (reStructuredText or Markdown, sections
//! marked `[TODO]`, `[ONGOING]`, `[Draft]` or `[Final]`) into one API model.
//!
//! Data flows one way: source text ([`source`]) → document model
//! ([`document`]) → API model ([`model`]) → type space ([`types`]); [`load`]
//! is that front end in one call, with the bindings overlay.
//!
//! ```
//! let read = specgen::read_file(std::path::Path::new("../spec/client_server_v2.rst"), None).unwrap();
//! assert!(!read.diagnostics.has_errors());
//! let typing = read.spec.api("Typing API").unwrap();
//! assert_eq!(typing.status, specgen::Status::Final);
//! ```

pub mod bindings;
#[cfg(feature = "cli")]
pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod generate;
pub mod load;
pub mod model;
pub mod plan;
pub mod reader;
pub mod source;
pub mod tracker;
pub mod types;
pub mod verify;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use generate::Config;
pub use load::{load, Loaded, SpecError};
pub use model::{Format, Spec, Status};
pub use reader::{read_file, read_str, Read};
pub use source::SourceMap;
