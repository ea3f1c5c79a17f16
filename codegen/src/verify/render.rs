//! A verify report written out: a conformance table per section (text), the
//! report itself (JSON), one test case per check (JUnit XML, for CI), or a
//! self-contained HTML page.

use super::report::{Check, Outcome, Report, Section, Severity};
use crate::tracker::render::html::esc;
use std::fmt::Write;

/// The report as text: per section, its status and counts, then one line
/// per check; the failures again at the end, with what differs.
pub fn text(r: &Report) -> String {
    let mut out = format!("verify {} against {}\n", r.spec, r.server);
    for s in &r.sections {
        let _ = writeln!(out, "\n{} [{}]: {}", s.title, s.status.as_str(), s.counts().line());
        for c in &s.checks {
            let _ = writeln!(out, "  {:<5} {:<30} {}{}", mark(s, c), c.endpoint, c.what, request(c));
            if let Outcome::Skipped(why) = &c.outcome {
                let _ = writeln!(out, "        skipped: {why}");
            }
        }
    }
    let failures: Vec<_> = r.failures().collect();
    if !failures.is_empty() {
        out.push_str("\nfailures:\n");
        for (s, c) in failures {
            if let Outcome::Failed(why) = &c.outcome {
                let _ = writeln!(out, "  {} [{}] {}: {}\n    {}\n    {why}", sev(s), s.title, c.endpoint, c.what, c.request);
            }
        }
    }
    // Why checks were skipped, most common first: a token missing, a
    // record no operation makes.
    let mut why: Vec<(usize, &str)> = Vec::new();
    for c in r.sections.iter().flat_map(|s| &s.checks) {
        if let Outcome::Skipped(w) = &c.outcome {
            match why.iter_mut().find(|(_, x)| *x == w.as_str()) {
                Some((n, _)) => *n += 1,
                None => why.push((1, w)),
            }
        }
    }
    if !why.is_empty() {
        why.sort_by_key(|w| std::cmp::Reverse(w.0));
        out.push_str("\nskipped, by reason:\n");
        for (n, w) in why.iter().take(8) {
            let _ = writeln!(out, "  {n:>3}  {w}");
        }
    }
    let _ = writeln!(out, "\n{}", r.counts().line());
    out
}

fn mark(s: &Section, c: &Check) -> &'static str {
    match &c.outcome {
        Outcome::Passed => "ok",
        Outcome::Skipped(_) => "skip",
        Outcome::Failed(_) => sev(s),
    }
}

fn sev(s: &Section) -> &'static str {
    match Severity::of(s.status) {
        Severity::Error => "ERROR",
        Severity::Warning => "WARN",
    }
}

fn request(c: &Check) -> String {
    if c.request.is_empty() {
        String::new()
    } else {
        format!(" ({})", c.request.split(' ').take(2).collect::<Vec<_>>().join(" "))
    }
}

/// The report as JSON, with its counts.
pub fn json(r: &Report) -> String {
    let v = serde_json::json!({ "report": r, "counts": r.counts() });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// JUnit XML: a test suite per section, a test case per check; a failure
/// in a Draft or Ongoing section has `type="warning"`.
pub fn junit(r: &Report) -> String {
    let total = r.counts();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"verify {}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        esc(&r.spec),
        total.passed + total.failed() + total.skipped,
        total.failed(),
        total.skipped
    );
    for s in &r.sections {
        let c = s.counts();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{} [{}]\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
            esc(&s.title),
            s.status.as_str(),
            s.checks.len(),
            c.failed(),
            c.skipped
        );
        for check in &s.checks {
            let name = format!("{}: {}", check.endpoint, check.what);
            let _ = write!(out, "    <testcase classname=\"{}\" name=\"{}\"", esc(&s.title), esc(&name));
            match &check.outcome {
                Outcome::Passed => out.push_str("/>\n"),
                Outcome::Skipped(why) => {
                    let _ = writeln!(out, "><skipped message=\"{}\"/></testcase>", esc(why));
                }
                Outcome::Failed(why) => {
                    let kind = match Severity::of(s.status) {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    };
                    let _ =
                        writeln!(out, "><failure type=\"{kind}\" message=\"{}\">{}</failure></testcase>", esc(why), esc(&check.request));
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// One self-contained HTML page: a table per section, each check a row
/// coloured by its outcome.
pub fn html(r: &Report) -> String {
    let mut out = String::from("<!doctype html>\n<html><head><meta charset=\"utf-8\">");
    let _ = write!(out, "<title>verify {}</title>", esc(&r.spec));
    out.push_str(
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}\
         td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
         .ok{background:#e6f4ea}.ERROR{background:#fde2e1}.WARN{background:#fff4d6}.skip{background:#eee}\
         code{font-size:90%}</style></head><body>\n",
    );
    let _ = writeln!(out, "<h1>verify {} against {}</h1>\n<p>{}</p>", esc(&r.spec), esc(&r.server), esc(&r.counts().line()));
    for s in &r.sections {
        let _ = writeln!(out, "<h2>{} <small>[{}]</small></h2>\n<p>{}</p>", esc(&s.title), s.status.as_str(), esc(&s.counts().line()));
        out.push_str("<table><tr><th></th><th>endpoint</th><th>check</th><th>request</th><th>detail</th></tr>\n");
        for c in &s.checks {
            let m = mark(s, c);
            let detail = match &c.outcome {
                Outcome::Passed => String::new(),
                Outcome::Failed(w) | Outcome::Skipped(w) => esc(w),
            };
            let _ = writeln!(
                out,
                "<tr class=\"{m}\"><td>{m}</td><td>{}</td><td>{}</td><td><code>{}</code></td><td>{detail}</td></tr>",
                esc(&c.endpoint),
                esc(&c.what),
                esc(&c.request)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
