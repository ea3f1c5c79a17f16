//! The status tracker on real history: the seed's change, the whole
//! upstream history against an independently derived list, bad revisions,
//! `--fail-on`, and the HTML page in a real headless browser.

mod support;

use serde_json::{json, Value};
use specgen::read_file;
use specgen::tracker::diff::diff;
use specgen::tracker::history::epoch_seconds;
use specgen::tracker::history::{history, Timeline};
use specgen::tracker::render::{PLOT_LEFT, PLOT_WIDTH};
use specgen::tracker::{Change, ChangeKind, Direction, Level, Side, Verdict};
use specgen::Status;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
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
            ChangeKind::ItemChanged { side: Side::Input, from, became_batch: true, .. } if c.api == "Sending state events" => {
                Some(from.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(batches, ["Event type", "State key", "Content"]);
    // The Typing API stops listing its inputs but says it is unchanged from
    // v1: no removal, and the rule is in the report.
    let typing: Vec<&Change> = changes.iter().filter(|c| c.api == "Typing API").collect();
    assert!(!typing.iter().any(|c| matches!(c.kind, ChangeKind::OperationRemoved { .. })), "{typing:#?}");
    let kept = typing.iter().find(|c| matches!(c.kind, ChangeKind::OperationUndescribed { .. })).expect("undescribed");
    assert!(
        matches!(&kept.kind, ChangeKind::OperationUndescribed { evidence, .. } if evidence == "The typing API remains unchanged from v1.")
    );
    assert_eq!((kept.wire, kept.severity), (Verdict::Compatible, Level::Warning));
    assert!(
        kept.summary.contains("rule: an API that lists no operation any more but whose prose says it is unchanged"),
        "{}",
        kept.summary
    );
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
    assert!(h.revisions.iter().all(|r| r.errors.is_empty() && !r.skipped && !r.deleted));
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

/// A git repository at `dir` with one commit per revision of `api.rst`
/// (`None`: the commit deletes it), at the given dates.
fn repo_with(dir: &Path, revisions: &[(Option<&str>, &str)]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    support::git(dir, &["init", "-q"], None);
    for (k, (text, date)) in revisions.iter().enumerate() {
        match text {
            Some(text) => {
                std::fs::write(dir.join("api.rst"), text).unwrap();
                support::git(dir, &["add", "api.rst"], None);
            }
            None => support::git(dir, &["rm", "-q", "api.rst"], None),
        }
        support::git(dir, &["commit", "-q", "-m", &format!("revision {k}")], Some(date));
    }
}

fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("specgen-{name}-{}", std::process::id()))
}

const A_DRAFT: &str = "A ``[Draft]``\n-------------\nInputs:\n - Room ID\nOutputs:\n - None.\n";
const B_FINAL: &str = "B ``[Final]``\n-------------\nInputs:\n - User ID\nOutputs:\n - None.\n";

#[test]
fn a_bad_marker_is_reported_once_and_history_goes_on() {
    let dir = temp_dir("bad");
    repo_with(
        &dir,
        &[
            (Some(A_DRAFT), "2015-01-01T10:00:00Z"),
            (Some("A ``[Drafty]``\n--------------\nInputs:\n - Room ID\nOutputs:\n - None.\n"), "2015-01-02T10:00:00Z"),
            (Some("A ``[Final]``\n-------------\nInputs:\n - Room ID\nOutputs:\n - None.\n"), "2015-01-03T10:00:00Z"),
        ],
    );
    let h = history(&dir, "api.rst", 30.0).unwrap();
    let errors = &h.revisions[1].errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].at, format!("api.rst@{}:1:3", &h.revisions[1].commit[..8]));
    assert!(errors[0].message.contains("[Drafty]"), "{errors:?}");
    // The API whose marker could not be read is not removed and re-added.
    assert!(h.revisions[1].changes.is_empty(), "{:#?}", h.revisions[1].changes);
    let last = &h.revisions[2].changes;
    assert!(
        matches!(last[0].kind, ChangeKind::StatusChanged { from: Status::Draft, to: Status::Final, direction: Direction::Forward }),
        "{last:#?}"
    );
    assert_eq!(h.timelines.len(), 1);
    let (code, out, err) = specgen(&["history", "--repo", dir.to_str().unwrap(), "--path", "api.rst"]);
    assert_eq!(code, 0);
    // One "error" per reported error, on stdout and on stderr.
    let line = out.lines().find(|l| l.contains("[Drafty]")).unwrap();
    assert!(line.starts_with("  error api.rst@") && line.matches("error").count() == 1, "{line}");
    assert!(err.starts_with("error: api.rst@") && err.matches("error").count() == 1, "{err}");
    let (_, json, _) = specgen(&["history", "--repo", dir.to_str().unwrap(), "--path", "api.rst", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["revisions"][2]["changes"][0]["id"], "status/A");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_deleted_or_emptied_file_removes_every_api() {
    let dir = temp_dir("deleted");
    let both = format!("{A_DRAFT}\n{B_FINAL}");
    repo_with(
        &dir,
        &[
            (Some(&both), "2015-01-01T10:00:00Z"),
            (Some(""), "2015-01-05T10:00:00Z"),
            (Some(A_DRAFT), "2015-01-06T10:00:00Z"),
            (None, "2015-03-01T10:00:00Z"),
            (Some(A_DRAFT), "2015-03-02T10:00:00Z"),
        ],
    );
    let h = history(&dir, "api.rst", 30.0).unwrap();
    assert_eq!(h.revisions.len(), 5);
    assert!(h.revisions.iter().all(|r| r.errors.is_empty() && !r.skipped), "{:#?}", h.revisions);
    let ids = |k: usize| h.revisions[k].changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>();
    // Emptied: an empty spec, every API removed, no error.
    assert_eq!(ids(1), ["api-removed/A", "api-removed/B"]);
    assert_eq!(ids(2), ["api-added/A"]);
    // Deleted: the same, at the deleting commit.
    assert!(h.revisions[3].deleted && !h.revisions[2].deleted);
    assert_eq!(ids(3), ["api-removed/A"]);
    assert_eq!(ids(4), ["api-added/A"]);
    let removed: Vec<&str> = h.timelines.iter().filter_map(|t| t.removed.as_ref()).map(|r| &r.date[..10]).collect();
    assert_eq!(removed, ["2015-01-05", "2015-01-05", "2015-03-01"]);
    // The deleted API is not left running on to the present as "stuck".
    let stuck: Vec<&Timeline> = h.timelines.iter().filter(|t| t.stuck).collect();
    assert!(stuck.iter().all(|t| t.removed.is_none() && t.periods[0].date.starts_with("2015-03-02")), "{stuck:#?}");
    let (code, out, err) = specgen(&["history", "--repo", dir.to_str().unwrap(), "--path", "api.rst"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty() && !out.contains("not found"), "{out}{err}");
    assert!(out.contains("revision 3 (file deleted)\n  info \"A\" (Draft) removed"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A revision with an error (an unknown marker on a new section) whose
/// model is still usable: B's addition is reported where it happens, the
/// error beside it, in every format; `diff` carries on the same way.
#[test]
fn a_revision_read_with_errors_is_used_and_its_error_kept() {
    let dir = temp_dir("recovered");
    let with_error = format!("{A_DRAFT}\n{B_FINAL}\nC ``[Drafty]``\n--------------\nText.\n");
    let fixed = format!("{A_DRAFT}\n{B_FINAL}\nC ``[Draft]``\n-------------\nText.\n");
    repo_with(
        &dir,
        &[(Some(A_DRAFT), "2015-01-01T10:00:00Z"), (Some(&with_error), "2015-01-02T10:00:00Z"), (Some(&fixed), "2015-01-03T10:00:00Z")],
    );
    let h = history(&dir, "api.rst", 30.0).unwrap();
    let r = &h.revisions[1];
    assert_eq!(r.changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["api-added/B"]);
    assert_eq!(r.errors.len(), 1);
    let at = format!("api.rst@{}:15:3", &r.commit[..8]);
    assert_eq!(r.errors[0].at, at);
    assert_eq!(h.revisions[2].changes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["api-added/C"]);
    let repo = dir.to_str().unwrap();
    for format in ["text", "markdown", "json", "html"] {
        let (code, out, _) = specgen(&["history", "--repo", repo, "--path", "api.rst", "--format", format]);
        assert_eq!(code, 0);
        assert!(out.contains(&at) && out.contains("unknown status marker"), "{format}: {out}");
    }
    // diff: the same revision pair, from git and from files.
    let old = format!("{}:api.rst", h.revisions[0].commit);
    let new = format!("{}:api.rst", h.revisions[1].commit);
    let (code, json, err) = specgen(&["diff", &old, &new, "--repo", repo, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("unknown status marker"), "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["errors"][0]["at"], format!("{new}:15:3"));
    assert_eq!(v["changes"][0]["id"], "api-added/B");
    let file = dir.join("new.rst");
    std::fs::write(&file, &with_error).unwrap();
    std::fs::write(dir.join("old.rst"), A_DRAFT).unwrap();
    for format in ["text", "markdown", "html"] {
        let (code, out, _) = specgen(&["diff", dir.join("old.rst").to_str().unwrap(), file.to_str().unwrap(), "--format", format]);
        assert_eq!(code, 0);
        let added = out.contains("\"B\" (Final) added") || out.contains("&quot;B&quot; (Final) added");
        assert!(out.contains("new.rst:15:3") && added, "{format}: {out}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Operations whose prose did not change, only their HTTP examples.
#[test]
fn changes_in_http_examples_are_wire_changes() {
    let api = |status: &str, example: &str| {
        format!(
            "Sending API ``[{status}]``\n{}\nInputs:\n - Room ID\nOutputs:\n - Event ID\n\nAn example exchange over HTTP::\n\n{example}\n",
            "-".repeat(20 + status.len())
        )
    };
    let indent = |s: &str| s.lines().map(|l| format!("  {l}\n")).collect::<String>();
    let old_ex =
        indent("PUT /rooms/{room_id}/send\n{\"room_id\": \"!r:x\", \"body\": \"hi\"}\n\n200 OK\n{\"event_id\": \"$e:x\", \"ts\": 1}");
    let new_ex =
        indent("POST /rooms/{room_id}/send\n{\"roomId\": \"!r:x\", \"body\": {\"text\": \"hi\"}}\n\n200 OK\n{\"event_id\": \"$e:x\"}");
    let dir = temp_dir("examples");
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (dir.join("old.rst"), dir.join("new.rst"));
    std::fs::write(&old, api("Final", &old_ex)).unwrap();
    std::fs::write(&new, api("Final", &new_ex)).unwrap();
    let (code, json, err) = specgen(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&json).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let find = |id: &str| changes.iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("{id} in {json}"));
    let method = find("endpoint-changed/Sending API/Sending API");
    assert_eq!((&method["from"], &method["to"]), (&json!("PUT /rooms/{room_id}/send"), &json!("POST /rooms/{room_id}/send")));
    let renamed = find("request-key-renamed/Sending API/Sending API/room_id");
    assert_eq!((&renamed["side"], &renamed["to"]), (&json!("input"), &json!("roomId")));
    let retyped = find("request-value-changed/Sending API/Sending API/body");
    assert_eq!((&retyped["from"], &retyped["to"]), (&json!("string"), &json!("object")));
    let gone = find("response-key-removed/Sending API/Sending API/ts");
    for c in [method, renamed, retyped, gone] {
        assert_eq!((&c["wire"], &c["severity"]), (&json!("breaking"), &json!("error")), "{c}");
    }
    assert_eq!(changes.len(), 4, "{json}");
    // The same verdicts as the prose items: an input key gone is compatible.
    std::fs::write(&new, api("Draft", &old_ex.replace(", \"body\": \"hi\"", ""))).unwrap();
    let (_, json, _) = specgen(&["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let c = v["changes"].as_array().unwrap().iter().find(|c| c["kind"] == "example_key_removed").expect("key removed");
    assert_eq!((&c["wire"], &c["side"], &c["severity"]), (&json!("compatible"), &json!("input"), &json!("info")), "{c}");
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

/// The opening tags starting with `head` in an HTML text.
fn tags<'a>(html: &'a str, head: &str) -> Vec<&'a str> {
    html.match_indices(head).map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()]).collect()
}

fn attr_str(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    tag[start..start + tag[start..].find('"').unwrap()].to_string()
}

fn attr(tag: &str, name: &str) -> f64 {
    attr_str(tag, name).parse().unwrap()
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
    // Time runs along the axis in proportion: every revision's tick and
    // every period's start sit where their date falls between the first
    // and the last revision (dates from the JSON report, positions from
    // the browser's DOM).
    let (_, json, _) = specgen(&["history", "--repo", dir.join("repo").to_str().unwrap(), "--path", &path, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let date_of: BTreeMap<String, i64> = v["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["commit"].as_str().unwrap().to_string(), epoch_seconds(r["date"].as_str().unwrap()).unwrap()))
        .collect();
    let (first, last) = (*date_of.values().min().unwrap(), *date_of.values().max().unwrap());
    let expected_x = |commit: &str| PLOT_LEFT + PLOT_WIDTH * (date_of[commit] - first) as f64 / (last - first) as f64;
    let ticks = tags(&dom, "<line class=\"rev\"");
    assert_eq!(ticks.len(), date_of.len(), "one tick per revision");
    for t in &ticks {
        let x = attr(t, "x1");
        assert!((x - expected_x(&attr_str(t, "data-commit"))).abs() <= 0.06, "tick {t}");
    }
    let segs = tags(&dom, "<rect class=\"seg");
    assert_eq!(segs.len(), periods);
    for r in &segs {
        assert!((attr(r, "x") - expected_x(&attr_str(r, "data-commit"))).abs() <= 0.06, "period {r}");
    }
    // Every bar is as long as its period's days (bars are at least 3
    // pixels wide, so a one-day TODO stays visible); rows and bars come in
    // the report's order.
    let px_per_day = PLOT_WIDTH * 86400.0 / (last - first) as f64;
    let periods_in_order = v["timelines"].as_array().unwrap().iter().flat_map(|t| t["periods"].as_array().unwrap());
    for (p, r) in periods_in_order.zip(&segs) {
        assert_eq!(p["commit"].as_str().unwrap(), attr_str(r, "data-commit"));
        let want = (p["days"].as_f64().unwrap() * px_per_day).max(3.0);
        assert!((attr(r, "width") - want).abs() <= 0.11, "{r}: {want:.1} wanted for {p}");
    }
    let out = run(&[format!("--screenshot={}", shot.display()), "--window-size=1200,1400".to_string()]);
    let png = std::fs::read(&shot).unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "screenshot of {} bytes", png.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_revision_with_an_inconsistent_title_is_read_past_with_its_error_kept() {
    let api = |status: &str| format!("A ``[{status}]``\n=============\n\nInputs:\n - Room ID\n\nSub\n---\n\nText.\n\n");
    let dir = temp_dir("inconsistent");
    let second = format!("{}B ``[TODO]``\n============\n\nStray\n~~~~~\n\nText.\n", api("Final"));
    repo_with(
        &dir,
        &[
            (Some(&api("Draft")), "2015-01-01T10:00:00Z"),
            // `~` is a new style under a level-1 title while two are known:
            // docutils reports it (SEVERE) and reads on.
            (Some(&second), "2015-01-02T10:00:00Z"),
        ],
    );
    let h = history(&dir, "api.rst", 30.0).unwrap();
    let r = &h.revisions[1];
    assert!(r.errors.iter().any(|e| e.message.contains("title level inconsistent") && e.at.ends_with(":15:1")), "{:?}", r.errors);
    let kinds: Vec<(&str, &ChangeKind)> = r.changes.iter().map(|c| (c.api.as_str(), &c.kind)).collect();
    assert!(kinds.iter().any(|(a, k)| *a == "A" && matches!(k, ChangeKind::StatusChanged { to: Status::Final, .. })), "{kinds:?}");
    assert!(kinds.iter().any(|(a, k)| *a == "B" && **k == ChangeKind::ApiAdded), "{kinds:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
