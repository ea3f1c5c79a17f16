//! What a verify run found: per API section (with its status), one line per
//! check, each passed, failed or skipped with the reason. A failure in a
//! Final section is an error, in a Draft or Ongoing one a warning.

use crate::model::Status;
use serde::Serialize;

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The server checked (its base URL).
    pub server: String,
    /// The spec's file name.
    pub spec: String,
    pub sections: Vec<Section>,
}

/// One API section of the spec and its checks, in the order they ran.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub title: String,
    pub status: Status,
    pub checks: Vec<Check>,
}

/// One thing the run held the server to.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// The endpoint (its snake_case name in the generated crate).
    pub endpoint: String,
    pub kind: Kind,
    /// What was checked, in words: "answers its example", "reads back what
    /// was created".
    pub what: String,
    /// The request that showed it (`POST /parcels`), empty when skipped
    /// before one was made.
    pub request: String,
    pub outcome: Outcome,
}

/// The kinds of check, in the order a run makes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The spec's own example (or a request built from the types), sent
    /// once.
    Example,
    /// A step of a resource's lifecycle: create, read back, list, page,
    /// delete, gone.
    Lifecycle,
    /// A retry with the same request id answers the first answer.
    Retry,
    /// Input the draft rules out is refused with a 4xx.
    Refusal,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Example => "example",
            Kind::Lifecycle => "lifecycle",
            Kind::Retry => "retry",
            Kind::Refusal => "refusal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    /// What differs from the draft.
    Failed(String),
    /// Why the check could not be made.
    Skipped(String),
}

/// How much a failed check weighs: by its section's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// Final sections are held to the letter; Draft and Ongoing ones are
    /// expected to move.
    pub fn of(status: Status) -> Severity {
        if status == Status::Final {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

/// Counts over a report or a section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub passed: usize,
    /// Failures in Final sections.
    pub errors: usize,
    /// Failures in Draft and Ongoing sections.
    pub warnings: usize,
    pub skipped: usize,
}

impl Counts {
    fn add(&mut self, status: Status, o: &Outcome) {
        match o {
            Outcome::Passed => self.passed += 1,
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::Failed(_) if Severity::of(status) == Severity::Error => self.errors += 1,
            Outcome::Failed(_) => self.warnings += 1,
        }
    }

    pub fn failed(&self) -> usize {
        self.errors + self.warnings
    }

    /// `41 passed, 1 error, 2 warnings, 3 skipped`.
    pub fn line(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        format!(
            "{} passed, {}, {}, {} skipped",
            self.passed,
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            self.skipped
        )
    }
}

impl Section {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for check in &self.checks {
            c.add(self.status, &check.outcome);
        }
        c
    }
}

impl Report {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for s in &self.sections {
            for check in &s.checks {
                c.add(s.status, &check.outcome);
            }
        }
        c
    }

    /// The failed checks, with their section.
    pub fn failures(&self) -> impl Iterator<Item = (&Section, &Check)> {
        self.sections.iter().flat_map(|s| s.checks.iter().map(move |c| (s, c))).filter(|(_, c)| matches!(c.outcome, Outcome::Failed(_)))
    }
}
