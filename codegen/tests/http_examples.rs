//! HTTP examples as drafts write them: the 20 revisions of the v2 HTTP API
//! proposal (`../shared/upstream/cs_v2_http_api`), and a spec of our own in
//! another domain (`tests/specs/parcels.md`).

mod support;

use specgen::model::http::{HttpExample, HttpMethod};
use specgen::{read_str, Format, Read, Severity};

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
    let Some(files) = support::http_api_corpus() else { return };
    let mut counts = Vec::new();
    let mut warned = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let read = read_str(&name, &support::mark_every_section(&std::fs::read_to_string(path).unwrap()), Format::Rst);
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
    let path = support::http_api_corpus()?.into_iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))?;
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    Some(read_str(&name, &support::mark_every_section(&std::fs::read_to_string(&path).unwrap()), Format::Rst))
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

fn parcels() -> (String, Read) {
    let path = support::workspace_root().join("codegen/tests/specs/parcels.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let read = read_str("parcels.md", &text, Format::Markdown);
    (text, read)
}

/// The 1-based line of the first line holding `needle` after line `after`.
fn line_of(text: &str, needle: &str, after: u32) -> u32 {
    text.lines()
        .enumerate()
        .skip(after as usize)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i as u32 + 1)
        .unwrap_or_else(|| panic!("{needle}"))
}

fn op_http<'r>(read: &'r Read, api: &str) -> &'r HttpExample {
    let api = read.spec.api(api).unwrap_or_else(|| panic!("{api}"));
    assert_eq!(api.operations.len(), 1, "{}", api.title);
    api.operations[0].http.as_ref().unwrap_or_else(|| panic!("{} has an example", api.title))
}

#[test]
fn parcels_spec_reads_without_findings_and_every_operation_has_its_example() {
    let (_, read) = parcels();
    let d: Vec<String> = read.diagnostics.items.iter().map(|d| d.one_line(&read.sources)).collect();
    assert!(d.is_empty(), "{d:?}");
    let shape: Vec<(&str, &str, HttpMethod, &str)> = read
        .spec
        .apis
        .iter()
        .map(|a| {
            let h = a.operations[0].http.as_ref().unwrap();
            (a.title.as_str(), a.status.as_str(), h.method, h.path.as_str())
        })
        .collect();
    assert_eq!(
        shape,
        [
            ("Registering a parcel", "final", HttpMethod::Post, "/parcels"),
            ("Getting a parcel", "final", HttpMethod::Get, "/parcels/{parcel_id}"),
            ("Listing parcels", "draft", HttpMethod::Get, "/parcels"),
            ("Cancelling a parcel", "draft", HttpMethod::Delete, "/parcels/{parcel_id}"),
            ("Adding a tracking event", "draft", HttpMethod::Post, "/parcels/{parcelId}/events"),
            ("Listing tracking events", "draft", HttpMethod::Get, "/parcels/{parcelId}/events"),
            ("Subscribing to a parcel", "draft", HttpMethod::Put, "/parcels/{parcelId}/subscriptions/{subscriptionId}"),
            ("Unsubscribing", "final", HttpMethod::Delete, "/parcels/{parcelId}/subscriptions/{subscriptionId}"),
        ]
    );
}

#[test]
fn parcels_spec_bodies_statuses_and_where_they_were_written() {
    let (text, read) = parcels();
    let reg = op_http(&read, "Registering a parcel");
    let title = line_of(&text, "Registering a parcel [Final]", 0);
    assert_eq!((reg.pos.line, reg.pos.col), (line_of(&text, "`POST /parcels`", title), 2));
    let req = reg.request_body.as_ref().unwrap();
    assert_eq!(req.pos.line, line_of(&text, "```json", title) + 1, "the body starts on the line after the fence");
    assert_eq!(reg.request.as_ref().unwrap()["recipient"]["city"], "Springfield");
    assert_eq!(reg.responses[0].status, Some(201));
    assert_eq!(reg.responses[0].pos.line, line_of(&text, "Returns 201 Created:", title), "a status from a label is placed at the label");
    let codes: Vec<(u16, u32)> = reg.status_codes.iter().map(|c| (c.code, c.pos.line)).collect();
    assert_eq!(codes, [(400, line_of(&text, "- 400 -", title)), (409, line_of(&text, "- `409`:", title))]);

    let get = op_http(&read, "Getting a parcel");
    assert_eq!((get.written.as_str(), get.path_params[0].written.as_str()), ("/parcels/$parcel_id", "$parcel_id"));
    let statuses: Vec<Option<u16>> = get.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Some(200), Some(404)]);
    assert_eq!(get.response.as_ref().unwrap()["state"], "in_transit", "members on their own lines without commas");

    let list = op_http(&read, "Listing parcels");
    let q: Vec<(&str, Option<&str>, Vec<String>)> =
        list.query.iter().map(|q| (q.name.as_str(), q.description.as_deref(), q.examples.clone())).collect();
    assert_eq!(
        q,
        [
            ("limit", Some("how many parcels at most; the server may return fewer"), vec!["20".to_string()]),
            ("from", Some("where to start, as returned in next"), vec![]),
        ]
    );
    let body = list.responses[0].body.as_ref().unwrap();
    assert_eq!((body.elided[0].pointer.as_str(), body.value["next"].as_str()), ("/parcels", Some("<page token>")));

    let cancel = op_http(&read, "Cancelling a parcel");
    assert!(cancel.request.is_none() && cancel.responses.is_empty());
    assert_eq!(cancel.status_codes.iter().map(|c| c.code).collect::<Vec<_>>(), [404, 409]);

    let add = op_http(&read, "Adding a tracking event");
    assert_eq!(add.path_params[0].written, ":parcelId");
    assert_eq!(add.request.as_ref().unwrap()["signed_by"], serde_json::Value::Null);
    assert_eq!(add.response.as_ref().unwrap()["event_id"], "ev_5");

    let events = op_http(&read, "Listing tracking events");
    assert_eq!(events.query[0].examples, ["picked_up", "sorted", "delivered"]);
    let body = events.responses[0].body.as_ref().unwrap();
    assert_eq!((body.elided[0].pointer.as_str(), body.elided[0].same_as.as_deref()), ("/latest", Some("events")));
    assert_eq!(body.elided[0].pos.line, line_of(&text, "[... same as events ...]", 0));

    let sub = op_http(&read, "Subscribing to a parcel");
    assert_eq!(sub.request.as_ref().unwrap()["kinds"], serde_json::json!(["delivered"]));
    assert_eq!((sub.responses[0].status, sub.response.clone()), (Some(200), Some(serde_json::json!({}))));
}

/// The warning for JSON that does not read points at its own line and
/// column, in every kind of block.
#[test]
fn bad_json_is_reported_at_its_own_line() {
    let cases = [
        ("a.md", Format::Markdown, "# Notes [Draft]\n\nInputs:\n- Title\n\n```\nPOST /notes\n{\n  title: \"x\"\n  body: \"y\" \"z\"\n}\n```\n", (10, 13)),
        ("b.rst", Format::Rst, "Notes [Draft]\n=============\nInputs:\n - Title\n\n::\n\n    POST /notes\n    {\n      title: 'x',,\n    }\n", (10, 18)),
        (
            "c.rst",
            Format::Rst,
            "Notes [Draft]\n=============\nInputs:\n - Title\n\n``POST /notes``\n\nRequest:\n\n.. code:: javascript\n\n    {\n        bulk update\n    }\n",
            (13, 14),
        ),
    ];
    for (name, format, text, (line, col)) in cases {
        let read = read_str(name, text, format);
        let w: Vec<(u32, u32, String)> = read.diagnostics.items.iter().map(|d| (d.pos.line, d.pos.col, d.message.clone())).collect();
        assert_eq!(w.len(), 1, "{name}: {w:?}");
        assert_eq!((w[0].0, w[0].1), (line, col), "{name}: {}", w[0].2);
        let op = &read.spec.apis[0].operations[0];
        assert_eq!(op.http.as_ref().map(|h| h.path.as_str()), Some("/notes"), "{name}: the example is kept without its body");
    }
}
