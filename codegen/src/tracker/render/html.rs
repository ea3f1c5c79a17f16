//! One self-contained HTML page per report, centred on an SVG timeline: a
//! row per API, coloured by status over time, renamed APIs on one row.
//! In a history, time runs along the axis in proportion (a year is twelve
//! times a month), each revision marked on it.

use super::super::history::{epoch_seconds, History};
use super::super::Change;
use super::{day, short, DiffReport, Render, StatusReport};
use crate::model::Status;
use std::fmt::Write;

pub struct Html;

impl Render for Html {
    fn status(&self, r: &StatusReport) -> String {
        status(r)
    }

    fn diff(&self, r: &DiffReport) -> String {
        diff(r)
    }

    fn history(&self, h: &History) -> String {
        history(h)
    }
}

/// A stretch of one row in one status, `x0..x1` in 0..=1.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub x0: f64,
    pub x1: f64,
    pub status: Status,
    pub tip: String,
    /// The commit the stretch began at (empty outside a history).
    pub commit: String,
}

/// What the time axis shows: labels (`x`, text), and a tick per revision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Axis {
    pub labels: Vec<(f64, String)>,
    pub ticks: Vec<Tick>,
}

/// One revision on the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub commit: String,
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

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Left edge and width of the plot, in SVG units: `x` in 0..=1 is drawn at
/// `PLOT_LEFT + x * PLOT_WIDTH`.
pub const PLOT_LEFT: f64 = 340.0;
pub const PLOT_WIDTH: f64 = 720.0;

/// The timeline chart: rows, and the time axis.
pub fn chart(rows: &[Row], axis: &Axis) -> String {
    let (label_w, plot_w, row_h, top) = (PLOT_LEFT, PLOT_WIDTH, 22.0, 30.0);
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
                "<rect class=\"seg {}\" data-commit=\"{}\" x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>",
                seg.status.as_str(),
                esc(&seg.commit),
                y + 3.0,
                row_h - 6.0,
                colour(seg.status),
                esc(&seg.tip)
            );
        }
    }
    let axis_y = top + rows.len() as f64 * row_h + 8.0;
    let _ = writeln!(s, "<line x1=\"{label_w}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#444\"/>", label_w + plot_w);
    for t in &axis.ticks {
        let px = label_w + t.x * plot_w;
        let _ = writeln!(
            s,
            "<line class=\"rev\" data-commit=\"{}\" x1=\"{px:.1}\" y1=\"{}\" x2=\"{px:.1}\" y2=\"{}\" stroke=\"#444\"><title>{}</title></line>",
            esc(&t.commit),
            axis_y - 5.0,
            axis_y + 5.0,
            esc(&t.tip)
        );
    }
    for (x, text) in &axis.labels {
        let px = label_w + x * plot_w;
        let _ = writeln!(s, "<text x=\"{px:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text>", axis_y + 20.0, esc(text));
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
    let mut s =
        String::from("<table id=\"changes\"><tr><th>revision</th><th>severity</th><th>change</th><th>wire</th><th>Rust</th></tr>\n");
    for (rev, c) in changes {
        let sev = c.severity.as_str();
        let _ = writeln!(
            s,
            "<tr id=\"{}\"><td>{}</td><td class=\"{sev}\">{sev}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.id),
            esc(rev),
            esc(&c.summary),
            c.wire.as_str(),
            c.rust.as_str()
        );
    }
    s.push_str("</table>\n");
    s
}

fn status(r: &StatusReport) -> String {
    let rows: Vec<Row> = r
        .apis
        .iter()
        .map(|a| Row {
            label: a.title.clone(),
            segments: vec![Segment {
                x0: 0.0,
                x1: 1.0,
                status: a.status,
                tip: format!("{}: {}", a.title, a.status.marker()),
                commit: String::new(),
            }],
        })
        .collect();
    let axis = Axis { labels: vec![(0.5, r.file.clone())], ticks: Vec::new() };
    page(&format!("API statuses of {}", r.file), &chart(&rows, &axis), &format!("<p>{}</p>\n", esc(&r.counts_line())))
}

fn diff(r: &DiffReport) -> String {
    let rows: Vec<Row> = r
        .statuses
        .iter()
        .map(|(title, old, new)| {
            let mut segments = Vec::new();
            if let Some(s) = old {
                segments.push(Segment { x0: 0.0, x1: 0.49, status: *s, tip: format!("{}: {}", r.old, s.marker()), commit: String::new() });
            }
            if let Some(s) = new {
                segments.push(Segment { x0: 0.51, x1: 1.0, status: *s, tip: format!("{}: {}", r.new, s.marker()), commit: String::new() });
            }
            Row { label: title.clone(), segments }
        })
        .collect();
    let changes: Vec<(String, &Change)> = r.changes.iter().map(|c| (r.new.clone(), c)).collect();
    let axis = Axis { labels: vec![(0.25, r.old.clone()), (0.75, r.new.clone())], ticks: Vec::new() };
    let errors = read_errors(r.errors.iter().map(|e| e.to_string()));
    page(&format!("{} → {}", r.old, r.new), &chart(&rows, &axis), &format!("{errors}{}", changes_table(&changes)))
}

/// Errors the reader reported, as a list (empty without any).
fn read_errors(errors: impl Iterator<Item = String>) -> String {
    let items: String = errors.map(|e| format!("<li>{}</li>", esc(&e))).collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<p>Read with errors (the changes use the model read despite them):</p>\n<ul class=\"error\">{items}</ul>\n")
    }
}

/// Dates to positions: the first revision at 0, the last at 1, in
/// proportion to time between.
struct TimeScale {
    start: i64,
    span: i64,
}

impl TimeScale {
    fn new(h: &History) -> Self {
        let times: Vec<i64> = h.revisions.iter().filter_map(|r| epoch_seconds(&r.date)).collect();
        let start = times.iter().copied().min().unwrap_or(0);
        let end = times.iter().copied().max().unwrap_or(0);
        TimeScale { start, span: end - start }
    }

    fn x(&self, date: &str) -> f64 {
        match epoch_seconds(date) {
            Some(t) if self.span > 0 => ((t - self.start) as f64 / self.span as f64).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }

    /// Five dates, evenly spaced in time.
    fn labels(&self) -> Vec<(f64, String)> {
        let quarters = if self.span > 0 { 4 } else { 0 };
        (0..=quarters).map(|q| q as f64 / 4.0).map(|x| (x, civil_date(self.start + (x * self.span as f64) as i64))).collect()
    }
}

/// `YYYY-MM-DD` of seconds since the epoch (UTC), Howard Hinnant's
/// civil-from-days.
fn civil_date(seconds: i64) -> String {
    let z = seconds.div_euclid(86400) + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn history_rows(h: &History, scale: &TimeScale) -> Vec<Row> {
    let last = h.revisions.last().map(|r| r.date.clone()).unwrap_or_default();
    h.timelines
        .iter()
        .map(|t| {
            let end = t.removed.as_ref().map_or(last.as_str(), |r| r.date.as_str());
            let segments = t
                .periods
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let until = t.periods.get(k + 1).map_or(end, |n| n.date.as_str());
                    Segment {
                        x0: scale.x(&p.date),
                        x1: scale.x(until),
                        status: p.status,
                        tip: format!("{} {} from {} ({:.0} days)", p.title, p.status.marker(), day(&p.date), p.days),
                        commit: p.commit.clone(),
                    }
                })
                .collect();
            let stuck = if t.stuck { " (stuck)" } else { "" };
            Row { label: format!("{}{stuck}", t.titles.join(" → ")), segments }
        })
        .collect()
}

fn history(h: &History) -> String {
    let scale = TimeScale::new(h);
    let ticks = h
        .revisions
        .iter()
        .map(|r| Tick {
            x: scale.x(&r.date),
            commit: r.commit.clone(),
            tip: format!("{} {} {}", short(&r.commit), day(&r.date), r.subject),
        })
        .collect();
    let axis = Axis { labels: scale.labels(), ticks };
    let changes: Vec<(String, &Change)> =
        h.revisions.iter().flat_map(|r| r.changes.iter().map(move |c| (format!("{} {}", short(&r.commit), day(&r.date)), c))).collect();
    let errors = read_errors(h.revisions.iter().flat_map(|r| r.errors.iter().map(move |e| format!("{}: {e}", short(&r.commit)))));
    let chart = chart(&history_rows(h, &scale), &axis);
    page(&format!("History of {}", h.path), &chart, &format!("{errors}{}", changes_table(&changes)))
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
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(1421227721), "2015-01-14");
        assert_eq!(civil_date(951782400), "2000-02-29");
    }

    #[test]
    fn chart_draws_one_rect_per_segment() {
        let seg = Segment { x0: 0.0, x1: 0.5, status: Status::Draft, tip: "t".into(), commit: String::new() };
        let rows = vec![Row { label: "A → B".into(), segments: vec![seg] }];
        let svg = chart(&rows, &Axis { labels: vec![(0.0, "2015".into())], ticks: Vec::new() });
        assert_eq!(svg.matches("<rect").count(), 1);
        assert!(svg.contains("A → B") && svg.contains("#3f7fd0"));
    }
}
