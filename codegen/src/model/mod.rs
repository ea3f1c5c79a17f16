//! The API model: what the prose says about APIs, in a form the generator,
//! the mock server and the status tracker share.
//!
//! Its JSON form (`specgen parse --format json`) is a stable contract,
//! documented in the README: field names here are that contract.

mod build;
mod content;
pub mod errors;
pub mod http;
pub(crate) mod item;
pub mod loose_json;
pub mod status;

pub use build::build;
pub use status::Status;

use crate::source::Pos;
use serde::Serialize;
use std::sync::Arc;

/// The input language of a spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Rst,
    Markdown,
}

/// A whole spec: every section, and the sections that are APIs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spec {
    pub file: String,
    pub format: Format,
    pub sections: Vec<SectionInfo>,
    pub apis: Vec<Api>,
    /// The Terminology list (``` ``Chunk token`` : definition ```).
    pub terms: Vec<Term>,
    /// Lists that may define records other items refer to ("Vehicle
    /// record:", an "Invoice" section's fields); not part of the JSON
    /// contract.
    #[serde(skip)]
    pub records: Vec<NoteGroup>,
    /// The prose of the sections that are no API (conventions, an
    /// introduction), for rules that apply to every operation; not part of
    /// the JSON contract.
    #[serde(skip)]
    pub conventions: Vec<String>,
    /// How its error answers look, when it says (see [`errors`]); not part
    /// of the JSON contract.
    #[serde(skip)]
    pub errors: Option<errors::ErrorConvention>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionInfo {
    /// The title without its status marker and inline markup.
    pub title: String,
    pub status: Option<Status>,
    pub level: u32,
    #[serde(flatten)]
    pub pos: Pos,
    /// Titles of the enclosing sections, outermost first.
    pub parents: Vec<String>,
}

/// A section with a status marker.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    pub title: String,
    pub status: Status,
    #[serde(flatten)]
    pub pos: Pos,
    pub parents: Vec<String>,
    /// The section's prose, paragraphs separated by blank lines.
    pub description: String,
    /// Note groups not tied to one operation (`.. NOTE::` bodies, labelled
    /// lists before the first operation).
    pub notes: Vec<NoteGroup>,
    pub operations: Vec<Operation>,
}

/// One request/response exchange of an API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The paragraph that introduces it (without the `:`), else the title of
    /// the (sub)section it is in.
    pub name: String,
    #[serde(flatten)]
    pub pos: Pos,
    pub inputs: Vec<Item>,
    pub outputs: Vec<Item>,
    pub notes: Vec<NoteGroup>,
    pub http: Option<http::HttpExample>,
    /// The paragraphs written about this operation; not part of the JSON
    /// contract (the API's `description` has them).
    #[serde(skip)]
    pub prose: Vec<String>,
}

/// One bullet of an Inputs/Outputs (or notes) list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The item's text, inline markup removed, whitespace normalised.
    pub text: String,
    #[serde(flatten)]
    pub pos: Pos,
    pub items: Vec<Item>,
    /// The text says the item may be left out ("(optional)", "can be
    /// missing", "Optional …").
    pub optional: bool,
    /// The text marks a batch (`type[s]`): one or many values.
    pub batch: bool,
    /// Title of the section the item was written in: differs from the API's
    /// own title for inputs inherited from a parent section's common list.
    /// Shared by all items of a section.
    pub from: Arc<str>,
    /// The inline literals the item's text was written with (`` `data` ``,
    /// `` `customer_id` ``): a wire key written as such. Not part of the
    /// JSON contract.
    #[serde(skip)]
    pub literals: Vec<String>,
    /// The item only names a record written elsewhere, as a sentence did
    /// ("returns 201 Created with the desk"): it stands for that record's
    /// items and, where the spec defines no such record, for nothing.
    #[serde(skip)]
    pub only_refers: bool,
    /// The record written elsewhere whose items this was put in place of
    /// ("A booking:" table, spliced where "with the booking" refers to
    /// it): a bare `id` among them is that record's.
    #[serde(skip)]
    pub record: Option<Arc<str>>,
}

/// A labelled list kept for people: `Notes:`, `Compact flag notes:`, a
/// `.. NOTE::` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteGroup {
    pub label: String,
    #[serde(flatten)]
    pub pos: Pos,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub term: String,
    pub definition: String,
    #[serde(flatten)]
    pub pos: Pos,
}

impl Spec {
    pub fn api(&self, title: &str) -> Option<&Api> {
        self.apis.iter().find(|a| a.title == title)
    }
}

/// A heading without its number: "5.1 Submission of an appl." →
/// "Submission of an appl.", "2. Terms" → "Terms". A title that is only a
/// number stays as written.
pub fn unnumbered(title: &str) -> &str {
    let t = title.trim_start();
    let digits = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, rest) = t.split_at(digits);
    let numbered = number.starts_with(|c: char| c.is_ascii_digit()) && rest.starts_with(char::is_whitespace) && !rest.trim().is_empty();
    if numbered {
        rest.trim_start()
    } else {
        title
    }
}

#[cfg(test)]
mod unnumbered_tests {
    #[test]
    fn heading_numbers_go() {
        assert_eq!(super::unnumbered("5.1 Submission of an appl."), "Submission of an appl.");
        assert_eq!(super::unnumbered("2. Terms"), "Terms");
        assert_eq!(super::unnumbered("3 ways to pay"), "ways to pay");
        assert_eq!(super::unnumbered("2024"), "2024");
        assert_eq!(super::unnumbered("Version 2 API"), "Version 2 API");
    }
}
