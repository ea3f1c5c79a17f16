//! Text and Markdown reports.

use super::super::history::History;
use super::super::{Change, Severity, Verdict};
use super::{DiffReport, StatusReport};
use std::fmt::Write;

fn paint(s: &str, code: &str, colour: bool) -> String {
    if colour {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn severity_tag(sev: Severity, colour: bool) -> String {
    match sev {
        Severity::Error => paint("error", "1;31", colour),
        Severity::Warning => paint("warning", "1;33", colour),
        Severity::Info => paint("info", "36", colour),
    }
}

fn verdicts(c: &Change) -> String {
    let v = |x: Verdict| if x == Verdict::Breaking { "breaking" } else { "compatible" };
    format!("wire: {}, Rust: {}", v(c.wire), v(c.rust))
}

pub fn status(r: &StatusReport, colour: bool, markdown: bool) -> String {
    let mut s = String::new();
    if markdown {
        let _ = writeln!(s, "# API statuses of `{}`\n\n| API | status | operations |\n|---|---|---|", r.file);
        for a in &r.apis {
            let _ = writeln!(s, "| {} | {} | {} |", a.title, a.status.marker(), a.operations.join("; "));
        }
        let _ = writeln!(s);
    } else {
        let _ = writeln!(s, "{}", r.file);
        for a in &r.apis {
            let _ = writeln!(s, "  {:<9} {}  (line {})", paint(a.status.marker(), "1", colour), a.title, a.line);
            for o in &a.operations {
                let _ = writeln!(s, "            - {o}");
            }
        }
    }
    let counts: Vec<String> = r.counts.iter().map(|(k, v)| format!("{} {v}", k.marker())).collect();
    let _ = writeln!(s, "{}{} APIs: {}", if markdown { "\n" } else { "" }, r.apis.len(), counts.join(", "));
    s
}

pub fn diff(r: &DiffReport, colour: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} → {}: {} change(s)", r.old, r.new, r.changes.len());
    for c in &r.changes {
        let _ = writeln!(s, "  {} {}  [{}]", severity_tag(c.severity, colour), c.summary, verdicts(c));
    }
    let m = &r.summary;
    let _ = writeln!(
        s,
        "breaking on the wire: {}, in Rust: {}; regressions: {}; errors: {}",
        m.breaking_wire, m.breaking_rust, m.regressions, m.errors
    );
    s
}

fn markdown_changes(s: &mut String, changes: &[Change]) {
    for (title, sev) in [("Errors", Severity::Error), ("Warnings", Severity::Warning), ("Changes", Severity::Info)] {
        let list: Vec<&Change> = changes.iter().filter(|c| c.severity == sev).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n### {title}\n");
        for c in list {
            let _ = writeln!(s, "- {} ({}) <!-- {} -->", c.summary, verdicts(c), c.id);
        }
    }
}

pub fn diff_markdown(r: &DiffReport) -> String {
    let mut s = format!("## {} → {}\n", r.old, r.new);
    if r.changes.is_empty() {
        s.push_str("\nNo changes.\n");
    }
    markdown_changes(&mut s, &r.changes);
    s
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(8)]
}

pub fn history(h: &History, colour: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "history of {}: {} revision(s)", h.path, h.revisions.len());
    for r in &h.revisions {
        let date = r.date.get(..10).unwrap_or(&r.date);
        let _ = writeln!(s, "\n{} {} {}", paint(short(&r.commit), "33", colour), date, r.subject);
        if let Some(e) = &r.error {
            let _ = writeln!(s, "  {} {e}", severity_tag(Severity::Error, colour));
        }
        for c in &r.changes {
            let _ = writeln!(s, "  {} {}  [{}]", severity_tag(c.severity, colour), c.summary, verdicts(c));
        }
    }
    let _ = writeln!(s, "\ntimelines:");
    for t in &h.timelines {
        let periods: Vec<String> = t
            .periods
            .iter()
            .map(|p| format!("{} from {} ({}, {:.0} d)", p.status.marker(), p.date.get(..10).unwrap_or(&p.date), short(&p.commit), p.days))
            .collect();
        let gone = t.removed.as_ref().map(|r| format!("; removed {}", r.date.get(..10).unwrap_or(&r.date))).unwrap_or_default();
        let stuck = if t.stuck { paint(&format!("  STUCK (> {} days)", h.stuck_days), "1;33", colour) } else { String::new() };
        let _ = writeln!(s, "  {}: {}{gone}{stuck}", t.titles.join(" → "), periods.join(", "));
    }
    s
}

pub fn history_markdown(h: &History) -> String {
    let mut s = format!("# History of `{}`\n", h.path);
    for r in h.revisions.iter().rev() {
        if r.changes.is_empty() && r.error.is_none() {
            continue;
        }
        let _ = writeln!(s, "\n## {} ({}) {}", short(&r.commit), r.date.get(..10).unwrap_or(&r.date), r.subject);
        if let Some(e) = &r.error {
            let _ = writeln!(s, "\n- could not be read: `{e}`");
        }
        markdown_changes(&mut s, &r.changes);
    }
    let stuck: Vec<&str> = h.timelines.iter().filter(|t| t.stuck).map(|t| t.titles.last().map_or("", String::as_str)).collect();
    if !stuck.is_empty() {
        let _ = writeln!(s, "\n## Stuck for more than {} days\n\n- {}", h.stuck_days, stuck.join("\n- "));
    }
    s
}
