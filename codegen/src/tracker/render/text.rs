//! Text reports, coloured on a terminal.

use super::super::Level;
use super::{day, short, verdicts, DiffReport, History, Render, StatusReport};
use std::fmt::Write;

pub struct Text {
    pub colour: bool,
}

impl Text {
    fn paint(&self, s: &str, code: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn level(&self, level: Level) -> String {
        let code = match level {
            Level::Error => "1;31",
            Level::Warning => "1;33",
            Level::Info => "36",
        };
        self.paint(level.as_str(), code)
    }
}

impl Render for Text {
    fn status(&self, r: &StatusReport) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{}", r.file);
        for a in &r.apis {
            let _ = writeln!(s, "  {:<9} {}  (line {})", self.paint(a.status.marker(), "1"), a.title, a.line);
            for o in &a.operations {
                let _ = writeln!(s, "            - {o}");
            }
        }
        let _ = writeln!(s, "{}", r.counts_line());
        s
    }

    fn diff(&self, r: &DiffReport) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} → {}: {} change(s)", r.old, r.new, r.changes.len());
        for e in &r.errors {
            let _ = writeln!(s, "  {} {e} (the changes use the model read despite it)", self.level(Level::Error));
        }
        for c in &r.changes {
            let _ = writeln!(s, "  {} {}  [{}]", self.level(c.severity), c.summary, verdicts(c));
        }
        let m = &r.summary;
        let _ = writeln!(
            s,
            "breaking on the wire: {}, in Rust: {}; regressions: {}; errors: {}",
            m.breaking_wire, m.breaking_rust, m.regressions, m.errors
        );
        s
    }

    fn history(&self, h: &History) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "history of {}: {} revision(s)", h.path, h.revisions.len());
        for r in &h.revisions {
            let deleted = if r.deleted { " (file deleted)" } else { "" };
            let _ = writeln!(s, "\n{} {} {}{deleted}", self.paint(short(&r.commit), "33"), day(&r.date), r.subject);
            for e in &r.errors {
                let _ = writeln!(s, "  {} {e}", self.level(Level::Error));
            }
            for c in &r.changes {
                let _ = writeln!(s, "  {} {}  [{}]", self.level(c.severity), c.summary, verdicts(c));
            }
        }
        let _ = writeln!(s, "\ntimelines:");
        for t in &h.timelines {
            let periods: Vec<String> = t
                .periods
                .iter()
                .map(|p| format!("{} from {} ({}, {:.0} d)", p.status.marker(), day(&p.date), short(&p.commit), p.days))
                .collect();
            let gone = t.removed.as_ref().map(|r| format!("; removed {}", day(&r.date))).unwrap_or_default();
            let stuck = if t.stuck { self.paint(&format!("  STUCK (> {} days)", h.stuck_days), "1;33") } else { String::new() };
            let _ = writeln!(s, "  {}: {}{gone}{stuck}", t.titles.join(" → "), periods.join(", "));
        }
        s
    }
}
