//! A spec's history: every commit that touched the file, the changes from
//! one readable revision to the next, and per API a timeline of statuses
//! (renames joined), the time spent in each, and APIs stuck too long.

use super::diff::{diff_typed, Typed};
use super::git::{self, GitError, Revision};
use super::{Change, ChangeKind};
use crate::model::{Format, Spec, Status};
use crate::reader::read_str;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct RevisionReport {
    pub commit: String,
    pub date: String,
    pub subject: String,
    pub path: String,
    /// Changes since the previous readable revision.
    pub changes: Vec<Change>,
    /// Why this revision could not be read (`path:line:col: message`); the
    /// history goes on past it.
    pub error: Option<String>,
}

/// A status an API held from a commit on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub status: Status,
    pub title: String,
    pub commit: String,
    pub date: String,
    /// Until the next period, the removal, or the last revision.
    pub days: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// The first title the API had.
    pub id: String,
    /// Every title, oldest first (more than one after a rename).
    pub titles: Vec<String>,
    pub periods: Vec<Period>,
    /// The commit that removed it, if it is gone.
    pub removed: Option<Removal>,
    /// Days spent in each status, summed over periods.
    pub days_in_status: BTreeMap<Status, f64>,
    /// Still present, not Final, and unchanged for longer than the threshold.
    pub stuck: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Removal {
    pub commit: String,
    pub date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct History {
    pub path: String,
    pub stuck_days: f64,
    pub revisions: Vec<RevisionReport>,
    pub timelines: Vec<Timeline>,
}

/// Seconds since the epoch of an RFC 3339 date (`2015-01-14T09:28:41Z`,
/// `2015-03-16T00:14:03-04:00`).
pub fn epoch_seconds(date: &str) -> Option<i64> {
    let (d, rest) = date.split_once('T')?;
    let mut ymd = d.split('-').map(|p| p.parse::<i64>());
    let (y, m, day) = (ymd.next()?.ok()?, ymd.next()?.ok()?, ymd.next()?.ok()?);
    let time = rest.get(..8)?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>());
    let (h, mi, s) = (hms.next()?.ok()?, hms.next()?.ok()?, hms.next()?.ok()?);
    let zone = &rest[8..];
    let offset = match zone {
        "Z" | "" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let mut p = z[1..].split(':').map(|x| x.parse::<i64>());
            sign * (p.next()?.ok()? * 3600 + p.next().unwrap_or(Ok(0)).ok()? * 60)
        }
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    Some(days * 86400 + h * 3600 + mi * 60 + s - offset)
}

fn days_between(a: &str, b: &str) -> f64 {
    match (epoch_seconds(a), epoch_seconds(b)) {
        (Some(a), Some(b)) => (b - a) as f64 / 86400.0,
        _ => 0.0,
    }
}

/// Walks the history of `path` in the git repository `repo`.
pub fn history(repo: &Path, path: &str, stuck_days: f64) -> Result<History, GitError> {
    let revs = git::log(repo, path)?;
    let objects: Vec<String> = revs.iter().map(|r| format!("{}:{}", r.commit, r.path)).collect();
    let contents = git::cat_files(repo, &objects)?;
    let specs: Vec<Result<(Spec, Option<String>), String>> = revs.iter().zip(contents).map(|(r, c)| read_revision(r, c)).collect();
    let typed: Vec<Option<Typed>> = specs.iter().map(|s| s.as_ref().ok().map(|(spec, _)| Typed::new(spec))).collect();
    let mut reports = Vec::with_capacity(revs.len());
    let mut builder = Timelines::default();
    let mut prev: Option<usize> = None;
    let empty = Spec { file: String::new(), format: Format::Rst, sections: vec![], apis: vec![], terms: vec![] };
    let empty_typed = Typed::new(&empty);
    for (i, r) in revs.iter().enumerate() {
        let (changes, error) = match (&specs[i], &typed[i]) {
            (Ok((_, recovered)), Some(t)) => {
                let old = prev.and_then(|p| typed[p].as_ref()).unwrap_or(&empty_typed);
                let changes = diff_typed(old, t);
                builder.apply(&changes, r);
                prev = Some(i);
                (changes, recovered.clone())
            }
            (Err(e), _) => (Vec::new(), Some(e.clone())),
            (Ok(_), None) => (Vec::new(), None),
        };
        reports.push(RevisionReport {
            commit: r.commit.clone(),
            date: r.date.clone(),
            subject: r.subject.clone(),
            path: r.path.clone(),
            changes,
            error,
        });
    }
    let last_date = revs.last().map(|r| r.date.clone()).unwrap_or_default();
    Ok(History { path: path.to_string(), stuck_days, revisions: reports, timelines: builder.finish(&last_date, stuck_days) })
}

/// Reads one revision; the first error says where (`path@commit:line:col`).
/// A revision's model, with the first error the reader recovered from (as
/// docutils does: the model is that of the whole file) kept for the report;
/// any other error makes the revision unreadable.
fn read_revision(r: &Revision, content: Option<Vec<u8>>) -> Result<(Spec, Option<String>), String> {
    let short = &r.commit[..r.commit.len().min(8)];
    let bytes = content.ok_or_else(|| format!("{}@{short}: not found in the commit", r.path))?;
    let text = String::from_utf8(bytes).map_err(|e| format!("{}@{short}: not UTF-8 at byte {}", r.path, e.utf8_error().valid_up_to()))?;
    let format = Format::from_path(Path::new(&r.path)).unwrap_or(Format::Rst);
    let read = read_str(&format!("{}@{short}", r.path), &text, format);
    if let Some(e) = read.diagnostics.errors().find(|d| !d.recovered) {
        return Err(e.one_line(&read.sources));
    }
    let recovered = read.diagnostics.errors().next().map(|d| d.one_line(&read.sources));
    Ok((read.spec, recovered))
}

#[derive(Default)]
struct Timelines {
    all: Vec<Timeline>,
    /// Current title → index in `all`.
    current: BTreeMap<String, usize>,
}

impl Timelines {
    fn period(status: Status, title: &str, r: &Revision) -> Period {
        Period { status, title: title.to_string(), commit: r.commit.clone(), date: r.date.clone(), days: 0.0 }
    }

    fn apply(&mut self, changes: &[Change], r: &Revision) {
        for c in changes {
            match &c.kind {
                ChangeKind::ApiAdded => {
                    self.all.push(Timeline {
                        id: c.api.clone(),
                        titles: vec![c.api.clone()],
                        periods: vec![Self::period(c.status, &c.api, r)],
                        removed: None,
                        days_in_status: BTreeMap::new(),
                        stuck: false,
                    });
                    self.current.insert(c.api.clone(), self.all.len() - 1);
                }
                ChangeKind::ApiRenamed { from } => {
                    if let Some(i) = self.current.remove(from) {
                        self.all[i].titles.push(c.api.clone());
                        self.current.insert(c.api.clone(), i);
                    }
                }
                ChangeKind::ApiRemoved => {
                    if let Some(i) = self.current.remove(&c.api) {
                        self.all[i].removed = Some(Removal { commit: r.commit.clone(), date: r.date.clone() });
                    }
                }
                ChangeKind::StatusChanged { to, .. } => {
                    if let Some(&i) = self.current.get(&c.api) {
                        self.all[i].periods.push(Self::period(*to, &c.api, r));
                    }
                }
                _ => {}
            }
        }
    }

    /// Durations, totals and stuck flags, up to the last revision's date.
    fn finish(mut self, last_date: &str, stuck_days: f64) -> Vec<Timeline> {
        for t in &mut self.all {
            let end_date = t.removed.as_ref().map_or_else(|| last_date.to_string(), |r| r.date.clone());
            let n = t.periods.len();
            for k in 0..n {
                let until = if k + 1 < n { t.periods[k + 1].date.clone() } else { end_date.clone() };
                t.periods[k].days = days_between(&t.periods[k].date, &until).max(0.0);
                *t.days_in_status.entry(t.periods[k].status).or_insert(0.0) += t.periods[k].days;
            }
            t.stuck = t.removed.is_none() && t.periods.last().is_some_and(|p| p.status != Status::Final && p.days > stuck_days);
        }
        self.all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(epoch_seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(epoch_seconds("2015-01-14T09:28:41Z"), Some(1421227721));
        assert_eq!(epoch_seconds("2015-03-16T00:14:03-04:00"), Some(1426479243));
        assert_eq!(days_between("2015-01-01T00:00:00Z", "2015-01-11T12:00:00Z"), 10.5);
    }
}
