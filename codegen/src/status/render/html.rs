//! One self-contained HTML page per report, centred on an SVG timeline: a
//! row per API, coloured by status over time, renamed APIs on one row.

use super::super::history::History;
use super::super::{Change, Verdict};
use super::{DiffReport, StatusReport};
use crate::model::Status;
use std::fmt::Write;

/// A stretch of one row in one status, `x0..x1` in 0..=1.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub x0: f64,
    pub x1: f64,
    pub status: Status,
    pub tip: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub segments: Vec<Segment>,
}

fn colour(s: Status) -> &'static str {
    match s {
        Status::Todo => "#9e9e9e",
        Status::Ongoing => "#f0a030",
        Status::Draft => "#3f7fd0",
        Status::Final => "#2e9e4f",
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The timeline chart: rows, and labels along the time axis (`x`, text).
pub fn chart(rows: &[Row], axis: &[(f64, String)]) -> String {
    let (label_w, plot_w, row_h, top) = (340.0, 720.0, 22.0, 30.0);
    let height = top + rows.len() as f64 * row_h + 40.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-label=\"status timeline\">\n",
        label_w + plot_w + 60.0,
        label_w + plot_w + 60.0
    );
    for (k, row) in rows.iter().enumerate() {
        let y = top + k as f64 * row_h;
        // Long labels are shortened; the whole label is the hover title.
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\"><title>{}</title>{}</text>",
            label_w - 8.0,
            y + 15.0,
            esc(&row.label),
            esc(&shorten(&row.label, 52))
        );
        for seg in &row.segments {
            let x = label_w + seg.x0 * plot_w;
            let w = ((seg.x1 - seg.x0) * plot_w).max(3.0);
            let _ = writeln!(
                s,
                "<rect class=\"seg {}\" x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
                seg.status.as_str(),
                y + 3.0,
                row_h - 6.0,
                colour(seg.status),
                esc(&seg.tip)
            );
        }
    }
    let axis_y = top + rows.len() as f64 * row_h + 8.0;
    let _ = writeln!(s, "<line x1=\"{label_w}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#444\"/>", label_w + plot_w);
    for (x, text) in axis {
        let px = label_w + x * plot_w;
        let _ = writeln!(s, "<text x=\"{px:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>", axis_y + 18.0, esc(text));
    }
    s.push_str("</svg>\n");
    s
}

fn page(title: &str, chart: &str, body: &str) -> String {
    let legend: String =
        Status::ALL.iter().map(|s| format!("<span class=\"key\" style=\"background:{}\"></span>{} ", colour(*s), s.marker())).collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>\n\
body{{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}}\n\
h1{{font-size:20px}} .label{{font-size:12px;fill:#222}} .axis{{font-size:11px;fill:#555}}\n\
.key{{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}}\n\
table{{border-collapse:collapse;margin-top:16px}} td,th{{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}}\n\
.error{{color:#b00020;font-weight:bold}} .warning{{color:#a06000}} .info{{color:#555}}\n\
</style></head><body>\n<h1>{t}</h1>\n<p>{legend}</p>\n<div id=\"timeline\">{chart}</div>\n{body}</body></html>\n",
        t = esc(title)
    )
}

fn changes_table(changes: &[(String, &Change)]) -> String {
    if changes.is_empty() {
        return "<p>No changes.</p>\n".into();
    }
    let v = |x: Verdict| if x == Verdict::Breaking { "breaking" } else { "compatible" };
    let mut s =
        String::from("<table id=\"changes\"><tr><th>revision</th><th>severity</th><th>change</th><th>wire</th><th>Rust</th></tr>\n");
    for (rev, c) in changes {
        let sev = format!("{:?}", c.severity).to_lowercase();
        let _ = writeln!(
            s,
            "<tr id=\"{}\"><td>{}</td><td class=\"{sev}\">{sev}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(rev),
            esc(&c.summary),
            v(c.wire),
            v(c.rust)
        );
    }
    s.push_str("</table>\n");
    s
}

pub fn status(r: &StatusReport) -> String {
    let rows: Vec<Row> = r
        .apis
        .iter()
        .map(|a| Row {
            label: a.title.clone(),
            segments: vec![Segment { x0: 0.0, x1: 1.0, status: a.status, tip: format!("{}: {}", a.title, a.status.marker()) }],
        })
        .collect();
    let counts: Vec<String> = r.counts.iter().map(|(k, v)| format!("{} {v}", k.marker())).collect();
    page(
        &format!("API statuses of {}", r.file),
        &chart(&rows, &[(0.5, r.file.clone())]),
        &format!("<p>{} APIs: {}</p>\n", r.apis.len(), counts.join(", ")),
    )
}

pub fn diff(r: &DiffReport) -> String {
    let rows: Vec<Row> = r
        .statuses
        .iter()
        .map(|(title, old, new)| {
            let mut segments = Vec::new();
            if let Some(s) = old {
                segments.push(Segment { x0: 0.0, x1: 0.49, status: *s, tip: format!("{}: {}", r.old, s.marker()) });
            }
            if let Some(s) = new {
                segments.push(Segment { x0: 0.51, x1: 1.0, status: *s, tip: format!("{}: {}", r.new, s.marker()) });
            }
            Row { label: title.clone(), segments }
        })
        .collect();
    let changes: Vec<(String, &Change)> = r.changes.iter().map(|c| (r.new.clone(), c)).collect();
    page(&format!("{} → {}", r.old, r.new), &chart(&rows, &[(0.25, r.old.clone()), (0.75, r.new.clone())]), &changes_table(&changes))
}

pub fn history(h: &History) -> String {
    // One equal step per revision: the busy weeks of a draft stay readable
    // beside the quiet years (the axis shows the dates).
    let dates: Vec<&str> = h.revisions.iter().map(|r| r.date.as_str()).collect();
    let steps = dates.len().saturating_sub(1).max(1) as f64;
    let x = |date: &str| dates.iter().position(|d| *d == date).map_or(1.0, |k| k as f64 / steps);
    let last = h.revisions.last().map(|r| r.date.clone()).unwrap_or_default();
    let rows: Vec<Row> = h
        .timelines
        .iter()
        .map(|t| {
            let end = t.removed.as_ref().map_or(last.clone(), |r| r.date.clone());
            let segments = t
                .periods
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let until = t.periods.get(k + 1).map_or(end.clone(), |n| n.date.clone());
                    // A period lasting to the last revision runs to the end.
                    let x1 = if t.removed.is_none() && k + 1 == t.periods.len() { 1.0 } else { x(&until) };
                    Segment {
                        x0: x(&p.date),
                        x1,
                        status: p.status,
                        tip: format!("{} {} from {} ({:.0} days)", p.title, p.status.marker(), &p.date[..10.min(p.date.len())], p.days),
                    }
                })
                .collect();
            let stuck = if t.stuck { " (stuck)" } else { "" };
            Row { label: format!("{}{stuck}", t.titles.join(" → ")), segments }
        })
        .collect();
    let axis: Vec<(f64, String)> = (0..5)
        .filter_map(|q| {
            let k = ((q as f64 / 4.0) * steps).round() as usize;
            dates.get(k).map(|d| (k as f64 / steps, d.get(..10).unwrap_or(d).to_string()))
        })
        .collect();
    let changes: Vec<(String, &Change)> = h
        .revisions
        .iter()
        .flat_map(|r| {
            r.changes.iter().map(move |c| (format!("{} {}", &r.commit[..8.min(r.commit.len())], &r.date[..10.min(r.date.len())]), c))
        })
        .collect();
    let errors: String = h
        .revisions
        .iter()
        .filter_map(|r| {
            r.error.as_ref().map(|e| format!("<li>{} could not be read: {}</li>", esc(&r.commit[..8.min(r.commit.len())]), esc(e)))
        })
        .collect();
    let errors = if errors.is_empty() { String::new() } else { format!("<ul class=\"error\">{errors}</ul>\n") };
    page(&format!("History of {}", h.path), &chart(&rows, &axis), &format!("{errors}{}", changes_table(&changes)))
}

/// At most `n` characters, the middle elided.
fn shorten(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= n {
        return s.to_string();
    }
    let half = (n - 1) / 2;
    format!("{}…{}", chars[..half].iter().collect::<String>(), chars[chars.len() - half..].iter().collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_escaping() {
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(shorten("abcdefghij", 5), "ab…ij");
    }

    #[test]
    fn chart_draws_one_rect_per_segment() {
        let rows =
            vec![Row { label: "A → B".into(), segments: vec![Segment { x0: 0.0, x1: 0.5, status: Status::Draft, tip: "t".into() }] }];
        let svg = chart(&rows, &[(0.0, "2015".into())]);
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains("A → B") && svg.contains("#3f7fd0"));
    }
}
