//! The status tracker on real history: the seed's change, the whole
//! upstream history against an independently derived list, bad revisions,
//! `--fail-on`, and the HTML page in a real headless browser.

mod support;

use serde_json::Value;
use specgen::read_file;
use specgen::status::diff::diff;
use specgen::status::history::history;
use specgen::status::{ChangeKind, Direction};
use specgen::Status;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn specgen(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_specgen")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn the_seed_change_from_33_to_34() {
    let (Some(a), Some(b)) = (support::revision(33), support::revision(34)) else { return };
    let old = read_file(&a, None).unwrap().spec;
    let new = read_file(&b, None).unwrap().spec;
    let changes = diff(&old, &new);
    let statuses: Vec<(String, Status, Status)> = changes
        .iter()
        .filter_map(|c| match c.kind {
            ChangeKind::StatusChanged { from, to, .. } => Some((c.api.clone(), from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(statuses, vec![("Typing API".to_string(), Status::Ongoing, Status::Final)], "only the Typing API changes status");
    let removed: BTreeSet<&str> = changes.iter().filter(|c| c.kind == ChangeKind::ApiRemoved).map(|c| c.api.as_str()).collect();
    assert_eq!(removed, BTreeSet::from(["Session API", "Action IDs"]));
    let session = changes.iter().find(|c| c.api == "Session API").unwrap();
    assert_eq!(session.status, Status::Draft);
    let batches: Vec<&str> = changes
        .iter()
        .filter_map(|c| match &c.kind {
            ChangeKind::InputChanged { from, became_batch: true, .. } if c.api == "Sending state events" => Some(from.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(batches, ["Event type", "State key", "Content"]);
}

/// The manifest's date of each revision file.
fn manifest_dates() -> Vec<(String, String)> {
    let m = std::fs::read_to_string(support::workspace_root().join("../shared/upstream/general_api/manifest.tsv")).unwrap();
    m.lines().skip(1).map(|l| l.split('\t').collect::<Vec<_>>()).map(|c| (c[1].to_string(), c[3].to_string())).collect()
}

/// Status changes between consecutive revisions (keyed by the revision's
/// date), by exact title, from the docutils section trees: derived without
/// this project's reader.
fn docutils_status_changes(files: &[PathBuf]) -> Option<BTreeSet<(String, String, String, String)>> {
    if !support::have("python3", &["-c", "import docutils"]) {
        support::skip("python3 with docutils is not installed");
        return None;
    }
    let script = support::workspace_root().join("codegen/tests/support/docutils_sections.py");
    let out = Command::new("python3").arg(script).args(files).output().unwrap();
    let trees: Value = serde_json::from_slice(&out.stdout).unwrap();
    let dates = manifest_dates();
    let mut out = BTreeSet::new();
    let mut prev: Option<Vec<(String, String)>> = None;
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let date = dates.iter().find(|(n, _)| *n == name).map(|(_, d)| d.clone()).unwrap();
        let apis: Vec<(String, String)> = trees[&name]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| Some((s["title"].as_str()?.to_string(), s["status"].as_str()?.to_string())))
            .collect();
        if let Some(p) = &prev {
            for (t, s) in &apis {
                if let Some((_, old)) = p.iter().find(|(pt, _)| pt == t) {
                    if old != s {
                        out.insert((date.clone(), t.clone(), old.clone(), s.clone()));
                    }
                }
            }
        }
        prev = Some(apis);
    }
    Some(out)
}

#[test]
fn the_whole_upstream_history() {
    let Some(files) = support::corpus() else { return };
    let Some(expected_status) = docutils_status_changes(&files) else { return };
    let dir = std::env::temp_dir().join(format!("specgen-history-{}", std::process::id()));
    let path = support::history_repo(&dir).expect("manifest readable");
    let h = history(&dir, &path, 30.0).expect("history reads");
    // Revisions 51 and 52 are the same text: replayed, 52 does not touch
    // the file. Every other commit is found, the move to attic/ followed.
    assert_eq!(h.revisions.len(), 53);
    assert_eq!(h.revisions.last().unwrap().path, "attic/drafts/general_api.rst");
    assert_eq!(h.revisions[0].path, "drafts/general_api.rst");
    assert!(h.revisions.iter().all(|r| r.error.is_none()));
    let mut found_status = BTreeSet::new();
    let mut renames = Vec::new();
    let dates = manifest_dates();
    let seq = |date: &str| dates.iter().position(|(_, d)| d == date).map(|k| k + 1).unwrap();
    for r in &h.revisions {
        for c in &r.changes {
            match &c.kind {
                ChangeKind::StatusChanged { from, to, .. } => {
                    found_status.insert((r.date.clone(), c.api.clone(), from.as_str().to_string(), to.as_str().to_string()));
                }
                ChangeKind::ApiRenamed { from } => renames.push((seq(&r.date), from.clone(), c.api.clone())),
                _ => {}
            }
        }
    }
    assert_eq!(found_status, expected_status, "status changes differ from the docutils-derived list");
    // Renames, found by reading the revisions side by side. Revision 19
    // glues the marker to "Joining API``[Draft]``": read as the marker, it is
    // a rename of "Joining a room", not a removal and a return.
    let expected_renames = vec![
        (17, "Room Directory API".to_string(), "Room Alias API".to_string()),
        (19, "Room Creation".to_string(), "Room Creation API".to_string()),
        (19, "Joining a room".to_string(), "Joining API".to_string()),
        (27, "Public room list API".to_string(), "Published room list API".to_string()),
    ];
    assert_eq!(renames, expected_renames);
    let joining_removed: Vec<&str> = h
        .revisions
        .iter()
        .filter(|r| r.changes.iter().any(|c| c.kind == ChangeKind::ApiRemoved && c.api.starts_with("Joining")))
        .map(|r| r.commit.as_str())
        .collect();
    assert!(joining_removed.is_empty(), "Joining API is never removed: {joining_removed:?}");
    let joining = h.timelines.iter().find(|t| t.id == "Joining a room").expect("one timeline for Joining a room");
    assert_eq!(joining.titles, ["Joining a room", "Joining API"]);
    assert!(joining.removed.is_none());
    // The one regression: Inviting a user went from Final back to ONGOING.
    let regressions: Vec<&str> = h.revisions.iter().flat_map(|r| &r.changes).filter(|c| c.regression()).map(|c| c.api.as_str()).collect();
    assert_eq!(regressions, ["Inviting a user"]);
    // Timelines join renames: one row for the published room list.
    let published = h.timelines.iter().find(|t| t.titles.last().map(String::as_str) == Some("Published room list API")).unwrap();
    assert_eq!(published.titles, ["Public room list API", "Published room list API"]);
    assert_eq!(published.periods.iter().map(|p| p.status).collect::<Vec<_>>(), [Status::Todo, Status::Draft]);
    let typing = h.timelines.iter().find(|t| t.id == "Typing API").unwrap();
    assert_eq!(typing.periods.last().unwrap().status, Status::Final);
    assert_eq!(&typing.periods.last().unwrap().date[..10], "2015-01-14");
    assert!(h.timelines.iter().any(|t| t.stuck), "APIs left in Draft for years are stuck");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A new git repository (under the temp dir, named for the test) with one
/// commit per text as `api.rst`, at its date, in order.
fn repo_of(name: &str, revisions: &[(impl AsRef<str>, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specgen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    support::git(&dir, &["init", "-q"], None);
    for (k, (text, date)) in revisions.iter().enumerate() {
        std::fs::write(dir.join("api.rst"), text.as_ref()).unwrap();
        support::git(&dir, &["add", "api.rst"], None);
        support::git(&dir, &["commit", "-q", "-m", &format!("revision {k}")], Some(date));
    }
    dir
}

#[test]
fn a_bad_revision_is_reported_and_history_goes_on() {
    let revisions = [
        ("A ``[Draft]``\n-------------\nInputs:\n - Room ID\nOutputs:\n - None.\n", "2015-01-01T10:00:00Z"),
        ("A ``[Drafty]``\n--------------\nInputs:\n - Room ID\nOutputs:\n - None.\n", "2015-01-02T10:00:00Z"),
        ("A ``[Final]``\n-------------\nInputs:\n - Room ID\nOutputs:\n - None.\n", "2015-01-03T10:00:00Z"),
    ];
    let dir = repo_of("bad", &revisions);
    let h = history(&dir, "api.rst", 30.0).unwrap();
    let err = h.revisions[1].error.as_ref().expect("the bad revision is reported");
    assert!(err.starts_with(&format!("api.rst@{}:1:3", &h.revisions[1].commit[..8])) && err.contains("[Drafty]"), "{err}");
    let last = &h.revisions[2].changes;
    assert!(
        matches!(last[0].kind, ChangeKind::StatusChanged { from: Status::Draft, to: Status::Final, direction: Direction::Forward }),
        "{last:#?}"
    );
    let (code, out, _) = specgen(&["history", "--repo", dir.to_str().unwrap(), "--path", "api.rst", "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["revisions"][2]["changes"][0]["id"], "status/A");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_revision_with_an_inconsistent_title_is_read_past_with_its_error_kept() {
    let api = |status: &str| format!("A ``[{status}]``\n=============\n\nInputs:\n - Room ID\n\nSub\n---\n\nText.\n\n");
    let revisions = [
        (api("Draft"), "2015-01-01T10:00:00Z"),
        // `~` is a new style under a level-1 title while two are known:
        // docutils reports it (SEVERE) and reads on.
        (format!("{}B ``[TODO]``\n============\n\nStray\n~~~~~\n\nText.\n", api("Final")), "2015-01-02T10:00:00Z"),
    ];
    let dir = repo_of("recovered", &revisions);
    let h = history(&dir, "api.rst", 30.0).unwrap();
    let r = &h.revisions[1];
    let err = r.error.as_ref().expect("the error is kept");
    assert!(err.contains(":15:1: error: title level inconsistent"), "{err}");
    let kinds: Vec<(&str, &ChangeKind)> = r.changes.iter().map(|c| (c.api.as_str(), &c.kind)).collect();
    assert!(kinds.iter().any(|(a, k)| *a == "A" && matches!(k, ChangeKind::StatusChanged { to: Status::Final, .. })), "{kinds:?}");
    assert!(kinds.iter().any(|(a, k)| *a == "B" && **k == ChangeKind::ApiAdded), "{kinds:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fail_on_for_a_spec_repository_ci() {
    let (Some(r31), Some(r32), Some(r33), Some(r34)) =
        (support::revision(31), support::revision(32), support::revision(33), support::revision(34))
    else {
        return;
    };
    let p = |p: &PathBuf| p.to_str().unwrap().to_string();
    let (code, out, _) = specgen(&["diff", &p(&r31), &p(&r32), "--fail-on", "regression"]);
    assert_eq!(code, 1, "Inviting a user left Final: {out}");
    assert!(out.contains("\"Inviting a user\": Final → ONGOING (regression)"), "{out}");
    let (code, _, _) = specgen(&["diff", &p(&r33), &p(&r34), "--fail-on", "regression"]);
    assert_eq!(code, 0);
    let (code, _, _) = specgen(&["diff", &p(&r33), &p(&r34), "--fail-on", "breaking"]);
    assert_eq!(code, 1, "the batches change a Final API's generated Rust");
    let (code, md, _) = specgen(&["diff", &p(&r33), &p(&r34), "--format", "markdown"]);
    assert_eq!(code, 0);
    assert!(md.contains("### Errors") && md.contains("became a batch"), "{md}");
    let (code, json, _) = specgen(&["diff", &p(&r33), &p(&r34), "--format", "json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v["changes"].as_array().unwrap().iter().any(|c| c["id"] == "status/Typing API" && c["kind"] == "status_changed"));
}

#[test]
fn status_counts_per_status() {
    let (code, out, _) = specgen(&["status"]);
    assert_eq!(code, 0);
    assert!(out.contains("31 APIs: TODO 2, ONGOING 6, Draft 18, Final 5"), "{out}");
}

#[test]
fn the_history_page_renders_in_headless_chromium() {
    let Some(_) = support::corpus() else { return };
    let chromium = ["chromium", "chromium-browser"].into_iter().find(|c| support::have(c, &["--version"]));
    let Some(chromium) = chromium else {
        support::skip("chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("specgen-html-{}", std::process::id()));
    let path = support::history_repo(&dir.join("repo")).unwrap();
    let (code, html, err) = specgen(&["history", "--repo", dir.join("repo").to_str().unwrap(), "--path", &path, "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    let page = dir.join("history.html");
    std::fs::write(&page, &html).unwrap();
    let shot = dir.join("history.png");
    let profile = dir.join("profile");
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let url = format!("file://{}", page.display());
    let run = |extra: &[String]| {
        Command::new(chromium)
            .args(flags)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url)
            .output()
            .expect("chromium runs")
    };
    let dom = run(&["--dump-dom".to_string()]);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let periods: usize = html.matches("<rect").count();
    assert!(periods > 40, "the timeline has a bar per status period");
    assert_eq!(dom.matches("<rect").count(), periods, "the browser's DOM holds the whole timeline");
    assert!(dom.contains("Public room list API → Published room list API"));
    let out = run(&[format!("--screenshot={}", shot.display()), "--window-size=1200,1400".to_string()]);
    let png = std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot of {} bytes", png.len());
    std::fs::remove_dir_all(&dir).unwrap();
}
