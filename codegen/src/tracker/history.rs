//! A spec's history: every commit that touched the file, the changes from
//! one readable revision to the next, and per API a timeline of statuses
//! (renames joined), the time spent in each, and APIs stuck too long.

use super::diff::{diff_typed, Typed};
use super::git::{self, Commit, GitError};
use super::revision::{self, empty_spec, ReadError};
use super::{Change, ChangeKind};
use crate::model::{Format, Spec, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct RevisionReport {
    pub commit: String,
    pub date: String,
    pub subject: String,
    pub path: String,
    /// The commit deletes the file: every API still there is removed here.
    pub deleted: bool,
    /// Changes since the previous revision that was read.
    pub changes: Vec<Change>,
    /// Errors the reader reported (`path@commit:line:col`); the changes
    /// come from the model it recovered.
    pub errors: Vec<ReadError>,
    /// No model at all could be read (the text is not UTF-8; `errors` says
    /// where): the next revision is compared with the last one read.
    pub skipped: bool,
}

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
    let commits = git::log(repo, path)?;
    let objects: Vec<String> = commits.iter().filter(|c| !c.deleted).map(|c| format!("{}:{}", c.commit, c.path)).collect();
    let mut contents = git::cat_files(repo, &objects)?.into_iter();
    let empty = empty_spec(path, Format::Rst);
    let (mut models, mut errors): (Vec<Option<Spec>>, Vec<Vec<ReadError>>) = (Vec::new(), Vec::new());
    let mut last_read: Option<usize> = None;
    for c in &commits {
        let content = if c.deleted { Some(Vec::new()) } else { contents.next().flatten() };
        let last = last_read.and_then(|i| models[i].as_ref()).unwrap_or(&empty);
        let (model, errs) = read_commit(c, content, last);
        if model.is_some() {
            last_read = Some(models.len());
        }
        models.push(model);
        errors.push(errs);
    }
    let typed: Vec<Option<Typed>> = models.iter().map(|m| m.as_ref().map(Typed::new)).collect();
    let empty_typed = Typed::new(&empty);
    let mut reports = Vec::with_capacity(commits.len());
    let mut builder = Timelines::default();
    let mut prev: Option<usize> = None;
    for (i, (c, errors)) in commits.iter().zip(errors).enumerate() {
        let changes = match &typed[i] {
            Some(t) => {
                let old = prev.and_then(|p| typed[p].as_ref()).unwrap_or(&empty_typed);
                let changes = diff_typed(old, t);
                builder.apply(&changes, c);
                prev = Some(i);
                changes
            }
            None => Vec::new(),
        };
        reports.push(RevisionReport {
            commit: c.commit.clone(),
            date: c.date.clone(),
            subject: c.subject.clone(),
            path: c.path.clone(),
            deleted: c.deleted,
            changes,
            errors,
            skipped: typed[i].is_none(),
        });
    }
    let last_date = commits.last().map(|r| r.date.clone()).unwrap_or_default();
    Ok(History { path: path.to_string(), stuck_days, revisions: reports, timelines: builder.finish(&last_date, stuck_days) })
}

/// Reads one commit's file (empty when deleted) into the model to compare
/// with `last`, the previous model read; `None` when it cannot be read at
/// all. Errors say where: `path@commit:line:col`.
fn read_commit(c: &Commit, content: Option<Vec<u8>>, last: &Spec) -> (Option<Spec>, Vec<ReadError>) {
    let label = format!("{}@{}", c.path, &c.commit[..c.commit.len().min(8)]);
    let Some(bytes) = content else {
        return (None, vec![ReadError::whole(&label, "the file is not in the commit".into())]);
    };
    match revision::decode(&label, bytes) {
        Ok(text) => {
            let format = Format::from_path(Path::new(&c.path)).unwrap_or(Format::Rst);
            let mut rev = revision::read(&label, &text, format);
            rev.fill_from(last);
            (Some(rev.spec), rev.errors)
        }
        Err(e) => (None, vec![e]),
    }
}

#[derive(Default)]
struct Timelines {
    all: Vec<Timeline>,
    /// Current title → index in `all`.
    current: BTreeMap<String, usize>,
}

impl Timelines {
    fn period(status: Status, title: &str, r: &Commit) -> Period {
        Period { status, title: title.to_string(), commit: r.commit.clone(), date: r.date.clone(), days: 0.0 }
    }

    fn apply(&mut self, changes: &[Change], r: &Commit) {
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
