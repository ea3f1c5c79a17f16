//! HTTP examples as drafts write them: the 20 revisions of the v2 HTTP API
//! proposal (`../shared/upstream/cs_v2_http_api`), and a spec of our own in
//! another domain (`tests/specs/parcels.md`).

mod support;

use specgen::model::http::{HttpExample, HttpMethod};
use specgen::{read_str, Format, Read, Severity};
use std::path::PathBuf;

fn http_corpus() -> Option<Vec<PathBuf>> {
    let dir = support::workspace_root().join("../shared/upstream/cs_v2_http_api");
    if !dir.is_dir() {
        support::skip(&format!("{} not found: the HTTP corpus tests need ../shared beside the project", dir.display()));
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus readable")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rst"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 20, "the HTTP corpus has 20 revisions");
    Some(files)
}

/// The proposal has no status markers: mark every section `[Draft]` (the
/// underline grows with the title) so that its examples land on operations.
fn mark_every_section(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 1024);
    let mut i = 0;
    while i < lines.len() {
        let title = lines[i];
        let under = lines.get(i + 1).copied().unwrap_or("");
        let c = under.chars().next().unwrap_or(' ');
        let is_title = !title.trim().is_empty()
            && !title.starts_with(' ')
            && "=-~^\"'`#*+".contains(c)
            && under.chars().all(|u| u == c)
            && under.chars().count() >= title.chars().count();
        if is_title {
            out.push_str(&format!("{title} [Draft]\n{under}{}\n", c.to_string().repeat(8)));
            i += 2;
        } else {
            out.push_str(title);
            out.push('\n');
            i += 1;
        }
    }
    out
}

fn examples(read: &Read) -> Vec<&HttpExample> {
    read.spec.apis.iter().flat_map(|a| &a.operations).filter_map(|op| op.http.as_ref()).collect()
}

/// Loose-JSON warnings that remain on the corpus, all real breakage: (file
/// prefix, line, why the JSON cannot be read).
const KNOWN_BREAKAGE: [(&str, u32, &str); 18] = [
    // Address Book API: a sentence in braces stands for the body.
    ("08-", 355, "prose in braces"),
    ("09-", 355, "prose in braces"),
    ("10-", 502, "prose in braces"),
    ("11-", 499, "prose in braces"),
    ("12-", 503, "prose in braces"),
    ("13-", 502, "prose in braces"),
    ("14-", 506, "prose in braces"),
    ("15-", 506, "prose in braces"),
    ("16-", 506, "prose in braces"),
    ("17-", 524, "prose in braces"),
    ("18-", 522, "prose in braces"),
    ("19-", 753, "prose in braces"),
    ("20-", 522, "prose in braces"),
    // /sync: public_user_data written as an array of `"id": {…}` members.
    ("10-", 182, "keyed members inside an array"),
    ("11-", 177, "keyed members inside an array"),
    ("12-", 177, "keyed members inside an array"),
    ("13-", 176, "keyed members inside an array"),
    // /sync: private_user_data written as an object holding a bare object.
    ("14-", 164, "an object directly inside an object"),
];

#[test]
fn every_cs_v2_revision_gives_its_examples_and_only_known_breakage_warns() {
    let Some(files) = http_corpus() else { return };
    let mut counts = Vec::new();
    let mut warned = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let read = read_str(&name, &mark_every_section(&std::fs::read_to_string(path).unwrap()), Format::Rst);
        assert!(
            !read.diagnostics.has_errors(),
            "{name}: {:?}",
            read.diagnostics.errors().map(|d| d.one_line(&read.sources)).collect::<Vec<_>>()
        );
        let ex = examples(&read);
        let with_body = ex.iter().filter(|e| e.request_body.is_some() || e.responses.iter().any(|r| r.body.is_some())).count();
        counts.push((name[..3].to_string(), ex.len(), with_body));
        for d in read.diagnostics.items.iter().filter(|d| d.severity == Severity::Warning && d.message.starts_with("HTTP example")) {
            warned.push((name[..3].to_string(), d.pos.line));
        }
    }
    let known: Vec<(String, u32)> = KNOWN_BREAKAGE.iter().map(|(f, l, _)| (f.to_string(), *l)).collect();
    let mut warned_sorted = warned.clone();
    warned_sorted.sort();
    let mut known_sorted = known.clone();
    known_sorted.sort();
    assert_eq!(warned_sorted, known_sorted, "loose-JSON warnings other than the known breakage");
    let expected: Vec<(&str, usize, usize)> = EXPECTED_COUNTS.to_vec();
    let got: Vec<(&str, usize, usize)> = counts.iter().map(|(n, a, b)| (n.as_str(), *a, *b)).collect();
    assert_eq!(got, expected, "(revision, examples, examples with a body)");
}

/// Per revision: examples found, and how many of them have a body.
const EXPECTED_COUNTS: [(&str, usize, usize); 20] = [
    ("01-", 6, 0),
    ("02-", 8, 0),
    ("03-", 8, 2),
    ("04-", 10, 4),
    ("05-", 10, 4),
    ("06-", 10, 4),
    ("07-", 10, 4),
    ("08-", 12, 4),
    ("09-", 12, 4),
    ("10-", 14, 6),
    ("11-", 14, 6),
    ("12-", 16, 7),
    ("13-", 16, 7),
    ("14-", 16, 7),
    ("15-", 16, 8),
    ("16-", 16, 8),
    ("17-", 16, 8),
    ("18-", 16, 8),
    ("19-", 16, 8),
    ("20-", 16, 8),
];

fn corpus_revision(prefix: &str) -> Option<Read> {
    let path = http_corpus()?.into_iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))?;
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    Some(read_str(&name, &mark_every_section(&std::fs::read_to_string(&path).unwrap()), Format::Rst))
}

#[test]
fn revision_19_facts() {
    let Some(read) = corpus_revision("19-") else { return };
    let all = examples(&read);
    let find = |m: HttpMethod, path: &str| *all.iter().find(|e| e.method == m && e.path == path).unwrap_or_else(|| panic!("{m} {path}"));

    let filter = find(HttpMethod::Post, "/user/{userId}/filter");
    assert_eq!(filter.path_params[0].name, "userId");
    let req = filter.request_body.as_ref().expect("the code block after the request line is its body");
    assert_eq!(req.value["room"]["state"]["not_types"], serde_json::json!(["m.presence"]));
    let same: Vec<(&str, Option<&str>)> = req.elided.iter().map(|e| (e.pointer.as_str(), e.same_as.as_deref())).collect();
    assert!(same.contains(&("/room/events", Some("state"))) && same.contains(&("/public_user_data", Some("room.state"))), "{same:?}");
    assert_eq!(
        (filter.responses[0].status, filter.response.as_ref().map(|r| r["filter_id"].clone())),
        (Some(200), Some("583e98c2d983".into()))
    );

    let sync = find(HttpMethod::Get, "/sync");
    assert_eq!((sync.pos.line, sync.pos.col), (348, 3), "the inline literal ``GET /sync``");
    let names: Vec<&str> = sync.query.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(&names[..4], ["limit", "gap", "sort", "since"]);
    let set_presence = sync.query.iter().find(|q| q.name == "set_presence").unwrap();
    assert_eq!(set_presence.examples, ["offline", "idle", "online"]);
    let resp = sync.responses[0].body.as_ref().unwrap();
    assert_eq!(resp.value["private_user_data"][0]["type"], "net.arasphere.weird.setting", "a member after a missing comma");
    assert!(resp.elided.iter().any(|e| e.pointer == "/rooms/0/events/batch"));

    let scroll = find(HttpMethod::Get, "/rooms/{room_id}/events");
    assert_eq!((scroll.written.as_str(), scroll.path_params[0].written.as_str()), ("/rooms/<room_id>/events", "<room_id>"));
    assert_eq!(scroll.query[0].name, "from");
    assert!(scroll.notes[0].text.starts_with("Otherwise same as /sync"));

    let context = find(HttpMethod::Get, "/events/{event_id}");
    let q: Vec<(&str, usize)> = context.query.iter().map(|q| (q.name.as_str(), q.examples.len())).collect();
    assert_eq!(q, [("homeserver", 0), ("context", 3)]);

    let send = find(HttpMethod::Put, "/room/{room_id}/send/{event_type}");
    assert_eq!(send.query[0].examples, ["1234"]);
}
