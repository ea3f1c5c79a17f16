//! The three reports (status, diff, history) in four formats: text (colour
//! on a terminal), Markdown (a changelog), JSON (stable ids), and one
//! self-contained HTML page centred on a timeline chart.

mod html;
mod text;

use super::history::History;
use super::{Change, Severity};
use crate::model::{Spec, Status};
use serde::Serialize;
use std::collections::BTreeMap;

pub use html::{chart, Row, Segment};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum OutputFormat {
    Text,
    Markdown,
    Json,
    Html,
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
}

/// `specgen diff`: the changes between two labelled revisions.
#[derive(Debug, Clone, Serialize)]
pub struct DiffReport {
    pub old: String,
    pub new: String,
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
            s.breaking_wire += usize::from(c.wire == super::Verdict::Breaking);
            s.breaking_rust += usize::from(c.rust == super::Verdict::Breaking);
            s.regressions += usize::from(c.regression());
            s.errors += usize::from(c.severity == Severity::Error);
        }
        s
    }
}

impl DiffReport {
    pub fn new(old_label: &str, old: &Spec, new_label: &str, new: &Spec, changes: Vec<Change>) -> Self {
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
        DiffReport { old: old_label.to_string(), new: new_label.to_string(), summary: Summary::of(&changes), changes, statuses }
    }
}

pub fn status(report: &StatusReport, format: OutputFormat, colour: bool) -> String {
    match format {
        OutputFormat::Text => text::status(report, colour, false),
        OutputFormat::Markdown => text::status(report, false, true),
        OutputFormat::Json => json(report),
        OutputFormat::Html => html::status(report),
    }
}

pub fn diff(report: &DiffReport, format: OutputFormat, colour: bool) -> String {
    match format {
        OutputFormat::Text => text::diff(report, colour),
        OutputFormat::Markdown => text::diff_markdown(report),
        OutputFormat::Json => json(report),
        OutputFormat::Html => html::diff(report),
    }
}

pub fn history(report: &History, format: OutputFormat, colour: bool) -> String {
    match format {
        OutputFormat::Text => text::history(report, colour),
        OutputFormat::Markdown => text::history_markdown(report),
        OutputFormat::Json => json(report),
        OutputFormat::Html => html::history(report),
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string())) + "\n"
}
