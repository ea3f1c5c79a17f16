//! Markdown reports: changelogs to paste, each change with its id in a
//! comment.

use super::super::revision::ReadError;
use super::super::{Change, Level};
use super::{day, short, verdicts, DiffReport, History, Render, StatusReport};
use std::fmt::Write;

pub struct Markdown;

fn changes(s: &mut String, changes: &[Change]) {
    for (title, level) in [("Errors", Level::Error), ("Warnings", Level::Warning), ("Changes", Level::Info)] {
        let list: Vec<&Change> = changes.iter().filter(|c| c.severity == level).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n### {title}\n");
        for c in list {
            let _ = writeln!(s, "- {} ({}) <!-- {} -->", c.summary, verdicts(c), c.id);
        }
    }
}

fn read_errors(s: &mut String, errors: &[ReadError]) {
    if errors.is_empty() {
        return;
    }
    let _ = writeln!(s, "\n### Read with errors\n");
    for e in errors {
        let _ = writeln!(s, "- `{}`: {}", e.at, e.message);
    }
}

impl Render for Markdown {
    fn status(&self, r: &StatusReport) -> String {
        let mut s = format!("# API statuses of `{}`\n\n| API | status | operations |\n|---|---|---|\n", r.file);
        for a in &r.apis {
            let _ = writeln!(s, "| {} | {} | {} |", a.title, a.status.marker(), a.operations.join("; "));
        }
        let _ = writeln!(s, "\n{}", r.counts_line());
        s
    }

    fn diff(&self, r: &DiffReport) -> String {
        let mut s = format!("## {} → {}\n", r.old, r.new);
        read_errors(&mut s, &r.errors);
        if r.changes.is_empty() {
            s.push_str("\nNo changes.\n");
        }
        changes(&mut s, &r.changes);
        s
    }

    fn history(&self, h: &History) -> String {
        let mut s = format!("# History of `{}`\n", h.path);
        for r in h.revisions.iter().rev() {
            if r.changes.is_empty() && r.errors.is_empty() && !r.deleted {
                continue;
            }
            let deleted = if r.deleted { " (file deleted)" } else { "" };
            let _ = writeln!(s, "\n## {} ({}) {}{deleted}", short(&r.commit), day(&r.date), r.subject);
            read_errors(&mut s, &r.errors);
            changes(&mut s, &r.changes);
        }
        let stuck: Vec<&str> = h.timelines.iter().filter(|t| t.stuck).map(|t| t.titles.last().map_or("", String::as_str)).collect();
        if !stuck.is_empty() {
            let _ = writeln!(s, "\n## Stuck for more than {} days\n\n- {}", h.stuck_days, stuck.join("\n- "));
        }
        s
    }
}
