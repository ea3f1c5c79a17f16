//! The three reports (status, diff, history) in four formats, one
//! renderer each: text (colour on a terminal), Markdown (a changelog), JSON
//! (stable ids), and one self-contained HTML page centred on a timeline
//! chart.

pub(crate) mod html;
mod json;
mod markdown;
mod text;

use super::history::History;
use super::revision::ReadError;
use super::{Change, Level, Verdict};
use crate::model::{Spec, Status};
use serde::Serialize;
use std::collections::BTreeMap;

pub use html::{chart, Axis, Row, Segment, Tick, PLOT_LEFT, PLOT_WIDTH};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    Text,
    Markdown,
    Json,
    Html,
}

/// One output format: each report as a whole document.
pub trait Render {
    fn status(&self, report: &StatusReport) -> String;
    fn diff(&self, report: &DiffReport) -> String;
    fn history(&self, report: &History) -> String;
}

impl OutputFormat {
    /// The renderer of this format; `colour` only matters to text.
    pub fn renderer(self, colour: bool) -> Box<dyn Render> {
        match self {
            OutputFormat::Text => Box::new(text::Text { colour }),
            OutputFormat::Markdown => Box::new(markdown::Markdown),
            OutputFormat::Json => Box::new(json::Json),
            OutputFormat::Html => Box::new(html::Html),
        }
    }
}

/// `wire: …, Rust: …`, as text and Markdown show a change's verdicts.
fn verdicts(c: &Change) -> String {
    format!("wire: {}, Rust: {}", c.wire.as_str(), c.rust.as_str())
}

/// The first 8 characters of a commit id.
fn short(commit: &str) -> &str {
    &commit[..commit.len().min(8)]
}

/// The day of an RFC 3339 date.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// `specgen status`: the APIs with their statuses and operations.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub file: String,
    pub apis: Vec<ApiStatus>,
    pub counts: BTreeMap<Status, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiStatus {
    pub title: String,
    pub status: Status,
    pub line: u32,
    pub operations: Vec<String>,
}

impl StatusReport {
    pub fn new(spec: &Spec) -> Self {
        let apis: Vec<ApiStatus> = spec
            .apis
            .iter()
            .map(|a| ApiStatus {
                title: a.title.clone(),
                status: a.status,
                line: a.pos.line,
                operations: a.operations.iter().map(|o| o.name.clone()).collect(),
            })
            .collect();
        let mut counts: BTreeMap<Status, usize> = Status::ALL.iter().map(|s| (*s, 0)).collect();
        for a in &apis {
            *counts.entry(a.status).or_default() += 1;
        }
        StatusReport { file: spec.file.clone(), apis, counts }
    }

    /// `31 APIs: TODO 2, ONGOING 6, Draft 18, Final 5`.
    pub fn counts_line(&self) -> String {
        let counts: Vec<String> = self.counts.iter().map(|(k, v)| format!("{} {v}", k.marker())).collect();
        format!("{} APIs: {}", self.apis.len(), counts.join(", "))
    }
}

/// `specgen diff`: the changes between two labelled revisions.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub old: String,
    pub new: String,
    /// Errors the reader reported in either revision (`label:line:col`);
    /// the changes come from the models it recovered.
    pub errors: Vec<ReadError>,
    pub changes: Vec<Change>,
    pub summary: Summary,
    /// Statuses on each side, for the chart: title → (old, new).
    #[serde(skip)]
    pub statuses: Vec<(String, Option<Status>, Option<Status>)>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub changes: usize,
    pub breaking_wire: usize,
    pub breaking_rust: usize,
    pub regressions: usize,
    pub errors: usize,
}

impl Summary {
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Self {
        let mut s = Summary::default();
        for c in changes {
            s.changes += 1;
            s.breaking_wire += usize::from(c.wire == Verdict::Breaking);
            s.breaking_rust += usize::from(c.rust == Verdict::Breaking);
            s.regressions += usize::from(c.regression());
            s.errors += usize::from(c.severity == Level::Error);
        }
        s
    }
}

impl DiffReport {
    pub fn new(old_label: &str, old: &Spec, new_label: &str, new: &Spec, changes: Vec<Change>, errors: Vec<ReadError>) -> Self {
        let mut statuses: Vec<(String, Option<Status>, Option<Status>)> = Vec::new();
        let renamed_from: BTreeMap<&str, &str> = changes
            .iter()
            .filter_map(|c| match &c.kind {
                super::ChangeKind::ApiRenamed { from } => Some((from.as_str(), c.api.as_str())),
                _ => None,
            })
            .collect();
        for a in &old.apis {
            let now = renamed_from.get(a.title.as_str()).copied().unwrap_or(&a.title);
            let new_status = new.apis.iter().find(|n| n.title == now).map(|n| n.status);
            let label = if now != a.title { format!("{} → {now}", a.title) } else { a.title.clone() };
            statuses.push((label, Some(a.status), new_status));
        }
        for n in &new.apis {
            let known = old.apis.iter().any(|o| o.title == n.title) || renamed_from.values().any(|t| *t == n.title);
            if !known {
                statuses.push((n.title.clone(), None, Some(n.status)));
            }
        }
        DiffReport { old: old_label.to_string(), new: new_label.to_string(), errors, summary: Summary::of(&changes), changes, statuses }
    }
}
