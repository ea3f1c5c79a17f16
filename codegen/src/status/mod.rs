//! The status tracker: what changed between two revisions of a spec, in
//! words, with a verdict on two axes (the wire contract and the generated
//! Rust) and a severity that follows the API's status.

pub mod diff;
pub mod git;
pub mod history;
pub mod render;
mod similar_text;

use crate::model::Status;
use serde::Serialize;

/// Breaking or not, on one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Compatible,
    Breaking,
}

/// How loudly a change is reported: a break in a Final API is an error, a
/// regression from Final too; a break in a Draft (or less) API is
/// information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    StatusChanged { from: Status, to: Status, direction: Direction },
    ApiAdded,
    ApiRemoved,
    ApiRenamed { from: String },
    OperationAdded { operation: String },
    OperationRemoved { operation: String },
    InputAdded { operation: String, text: String },
    InputRemoved { operation: String, text: String },
    InputChanged { operation: String, from: String, to: String, became_batch: bool },
    OutputAdded { operation: String, text: String },
    OutputRemoved { operation: String, text: String },
    OutputChanged { operation: String, from: String, to: String, became_batch: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Forward,
    Backward,
    /// Backward from Final.
    Regression,
}

/// One change, with its verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Stable across runs: kind, API and item, e.g.
    /// `input-changed/Sending state events/Sending state events/Event type`.
    pub id: String,
    /// The API's title (in the newer revision, for renames).
    pub api: String,
    /// The API's status where the change happened (newer, else older).
    pub status: Status,
    #[serde(flatten)]
    pub kind: ChangeKind,
    pub wire: Verdict,
    pub rust: Verdict,
    pub severity: Severity,
    /// The change in words.
    pub summary: String,
}

impl Change {
    pub fn breaking(&self) -> bool {
        self.wire == Verdict::Breaking || self.rust == Verdict::Breaking
    }

    pub fn regression(&self) -> bool {
        matches!(self.kind, ChangeKind::StatusChanged { direction: Direction::Regression, .. })
    }
}

/// Severity from status and verdicts.
pub fn severity(status: Status, breaking: bool) -> Severity {
    match (breaking, status) {
        (true, Status::Final) => Severity::Error,
        _ => Severity::Info,
    }
}
