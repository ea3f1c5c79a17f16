//! HTTP facts as drafts write them: a `METHOD /path` request line (in a
//! literal block, or alone in an inline literal), request and response
//! bodies in loose JSON ([`crate::model::loose_json`]), labelled blocks after it
//! ("Request format:", "Returns 200 OK:", "GET parameters:"), and lists of
//! status codes with their meanings.
//!
//! Inside one literal, the boundary between request and response is a
//! status line (`200`, `200 OK`, `HTTP/1.1 200 OK`, `Returns 200 OK:`), a
//! `Response:` line, or an arrow (`-->`, `<--`, `=>`). Without one, two JSON
//! values are request then response; a single value is the response for GET,
//! HEAD and DELETE and the request otherwise. A new request line starts a new
//! example.
//!
//! Invariant: every fact carries the [`Pos`](crate::source::Pos) of the text it was read from,
//! so a consumer can say where a method, a path or a wire key came from.

//!
//! Modules are named after what they hold: [`example`] the facts,
//! [`lines`] single lines, [`locator`] positions, [`scan`] the scanner.

pub mod example;
pub mod lines;
pub mod locator;
pub mod scan;

pub use example::{Body, Elision, Finding, HttpExample, HttpMethod, Note, PathParam, QueryParam, Response, StatusCode};
pub use lines::{classify_label, param_line, request_line, status_item, Label};
pub use locator::Locator;
pub use scan::{body_literal, example_literal, opens_with_json, opens_with_request, query_block, Literal};

#[cfg(test)]
mod tests {
    use super::lines::normalise_path;
    use super::*;
    use crate::source::{FileId, Pos, SourceFile};
    use serde_json::json;

    /// A literal at line 10 of a file, indented by 4 spaces.
    fn with_literal<T>(text: &str, f: impl FnOnce(&Locator) -> T) -> T {
        let mut file = "x\n".repeat(9);
        for l in text.lines() {
            if !l.is_empty() {
                file.push_str("    ");
            }
            file.push_str(l);
            file.push('\n');
        }
        let src = SourceFile::new("t.rst", file);
        let pos = src.pos_at(FileId(0), src.line_start(10) + 4);
        f(&Locator::new(&src, pos, text))
    }

    fn one(text: &str) -> (HttpExample, Vec<Finding>) {
        with_literal(text, |loc| {
            let mut lit = example_literal(text, loc).expect("an example");
            assert_eq!(lit.examples.len(), 1, "{text}");
            (lit.examples.remove(0), lit.findings)
        })
    }

    #[test]
    fn request_and_response_split_by_status_line() {
        let (ex, _) = one("POST /createRoom\n{\"name\": \"a\"}\n\n200 OK\n{\"room_id\": \"!r:x\"}");
        assert_eq!((ex.method, ex.path.as_str()), (HttpMethod::Post, "/createRoom"));
        assert_eq!(ex.request, Some(json!({"name": "a"})));
        assert_eq!(ex.response, Some(json!({"room_id": "!r:x"})));
        assert_eq!((ex.responses[0].status, ex.responses[0].reason.as_deref(), ex.responses[0].pos.line), (Some(200), Some("OK"), 13));
        assert_eq!((ex.pos.line, ex.pos.col), (10, 5));
    }

    #[test]
    fn single_value_goes_by_method() {
        let (ex, _) = one("GET /sync\n{\"next\": \"s1\"}");
        assert_eq!((ex.request, ex.response), (None, Some(json!({"next": "s1"}))));
        let (ex, _) = one("PUT /x\n{\"a\": 1}\n{\"b\": 2}");
        assert_eq!((ex.request, ex.response), (Some(json!({"a": 1})), Some(json!({"b": 2}))));
    }

    #[test]
    fn method_serialises_upper_case() {
        assert_eq!(serde_json::to_value(HttpMethod::Delete).unwrap(), json!("DELETE"));
        assert_eq!(HttpMethod::Patch.to_string(), "PATCH");
        assert_eq!(HttpMethod::parse("get"), None);
    }

    #[test]
    fn path_variables_are_normalised_and_kept_as_written() {
        let (ex, _) = one("GET /parcels/$parcel_id/stops/:stopId/{n}/<page>?limit=5&from=$token&x=???");
        assert_eq!(ex.path, "/parcels/{parcel_id}/stops/{stopId}/{n}/{page}");
        let written: Vec<(&str, &str, u32)> = ex.path_params.iter().map(|p| (p.name.as_str(), p.written.as_str(), p.pos.col)).collect();
        assert_eq!(written, [("parcel_id", "$parcel_id", 18), ("stopId", ":stopId", 35), ("n", "{n}", 43), ("page", "<page>", 47)]);
        let q: Vec<(&str, Vec<String>)> = ex.query.iter().map(|q| (q.name.as_str(), q.examples.clone())).collect();
        assert_eq!(q, [("limit", vec!["5".to_string()]), ("from", vec![]), ("x", vec![])]);
        assert_eq!(ex.query[1].pos.col, 62);
        assert!(ex.written.ends_with("x=???"));
    }

    #[test]
    fn dollar_inside_a_segment_is_not_a_variable() {
        let (p, params) = normalise_path("/a/b$c/m.room.name", |_| Pos::default());
        assert_eq!((p.as_str(), params.len()), ("/a/b$c/m.room.name", 0));
    }

    #[test]
    fn comments_before_and_after_the_request_line() {
        let (ex, f) = one("// send in order\n\nPUT /notes/{id}?txn=1 // one per client\n{\n  title: 'x', // the title\n}");
        assert!(f.is_empty(), "{f:?}");
        assert_eq!((ex.method, ex.path.as_str(), ex.pos.line), (HttpMethod::Put, "/notes/{id}", 12));
        assert_eq!(ex.request, Some(json!({"title": "x"})));
    }

    #[test]
    fn several_request_lines_make_several_examples_and_prose_is_kept_as_notes() {
        with_literal("PUT /a/{k}\n\ne.g.:\n\nPUT /a/color\n{ value: \"red\" }\nPUT /a/size", |loc| {
            let lit = example_literal("PUT /a/{k}\n\ne.g.:\n\nPUT /a/color\n{ value: \"red\" }\nPUT /a/size", loc).unwrap();
            let paths: Vec<&str> = lit.examples.iter().map(|e| e.path.as_str()).collect();
            assert_eq!(paths, ["/a/{k}", "/a/color", "/a/size"]);
            assert_eq!(lit.examples[0].notes[0].text, "e.g.:");
            assert_eq!(lit.examples[1].request, Some(json!({"value": "red"})));
        });
    }

    #[test]
    fn bad_json_points_at_its_own_line_and_reading_resumes_at_the_next_request() {
        let text = "PUT /book/{id}\n{ all the pages, in order }\nsaves them\n\nGET /book/{id}\n{ pages: [] }";
        with_literal(text, |loc| {
            let lit = example_literal(text, loc).unwrap();
            assert_eq!(lit.findings.len(), 1);
            let f = &lit.findings[0];
            assert_eq!((f.pos.line, f.pos.col), (11, 11));
            assert_eq!(f.message, "expected `:` after the key `all`, found `t`");
            assert_eq!(lit.examples.len(), 2);
            assert_eq!(lit.examples[1].response, Some(json!({"pages": []})));
        });
    }

    #[test]
    fn elisions_keep_their_place() {
        let (ex, _) = one("POST /f\n{\n  inbox: { kinds: [] },\n  archive: { [... same as inbox ...] },\n}");
        let e = &ex.request_body.as_ref().unwrap().elided[0];
        assert_eq!((e.pointer.as_str(), e.same_as.as_deref(), e.pos.line, e.pos.col), ("/archive", Some("inbox"), 13, 18));
    }

    #[test]
    fn not_an_example() {
        with_literal("caller   callee\n |---|", |loc| assert!(example_literal("caller   callee\n |---|", loc).is_none()));
        with_literal("{\"a\": 1}", |loc| assert!(example_literal("{\"a\": 1}", loc).is_none()));
        assert_eq!(request_line("GET sync"), None);
    }

    #[test]
    fn labels() {
        assert_eq!(classify_label("Request format"), Some(Label::Request));
        assert_eq!(classify_label("Request:"), Some(Label::Request));
        assert_eq!(classify_label("Returns 200 OK"), Some(Label::Response { status: Some(200), reason: Some("OK".into()) }));
        assert_eq!(classify_label("Returns ``200 OK``"), Some(Label::Response { status: Some(200), reason: Some("OK".into()) }));
        assert_eq!(classify_label("Returns"), Some(Label::Response { status: None, reason: None }));
        assert_eq!(classify_label("Response 404"), Some(Label::Response { status: Some(404), reason: None }));
        assert_eq!(classify_label("GET parameters"), Some(Label::Query));
        assert_eq!(classify_label("Query parameters"), Some(Label::Query));
        assert_eq!(classify_label("Status codes"), Some(Label::StatusCodes));
        assert_eq!(classify_label("An example exchange over HTTP"), None);
        assert_eq!(classify_label("Returned values are cached"), None);
        assert_eq!(classify_label("Requested by the client in the body"), None);
    }

    #[test]
    fn status_items() {
        let s = status_item("404 - room not found", Pos::default()).unwrap();
        assert_eq!((s.code, s.meaning.as_str()), (404, "room not found"));
        let s = status_item("409: the name is taken", Pos::default()).unwrap();
        assert_eq!((s.code, s.meaning.as_str()), (409, "the name is taken"));
        assert_eq!(status_item("2015 was a year", Pos::default()), None);
        assert_eq!(status_item("999 - nope", Pos::default()), None);
    }

    #[test]
    fn response_label_literal_with_its_own_status_lines() {
        let (mut ex, _) = one("GET /x");
        let text = "200 OK\n{ a: 1 }\n\n404\n{ errcode: \"M_NOT_FOUND\" }";
        with_literal(text, |loc| body_literal(&mut ex, &Label::Response { status: None, reason: None }, None, text, loc));
        let got: Vec<(Option<u16>, u32)> = ex.responses.iter().map(|r| (r.status, r.pos.line)).collect();
        assert_eq!(got, [(Some(200), 10), (Some(404), 13)]);
        assert_eq!(ex.response, Some(json!({"a": 1})));
    }

    #[test]
    fn response_label_gives_the_status_of_bare_bodies() {
        let (mut ex, _) = one("GET /x");
        let text = "// when compact\n{ a: 1 }\n// otherwise\n{ b: 2 }";
        with_literal(text, |loc| body_literal(&mut ex, &Label::Response { status: Some(201), reason: None }, None, text, loc));
        let got: Vec<(Option<u16>, u32)> = ex.responses.iter().map(|r| (r.status, r.pos.line)).collect();
        assert_eq!(got, [(Some(201), 11), (Some(201), 13)]);
    }

    #[test]
    fn query_blocks() {
        let (mut ex, _) = one("GET /notes?limit=10");
        let text = "limit: how many notes to return.  If more:\n      1. the rest comes next time\n// sorting\nsort: \"title\" or \"date\"\nOtherwise as /search";
        with_literal(text, |loc| query_block(&mut ex, text, loc));
        let q: Vec<(&str, Vec<String>, u32)> = ex.query.iter().map(|q| (q.name.as_str(), q.examples.clone(), q.pos.line)).collect();
        assert_eq!(q, [("limit", vec!["10".to_string()], 10), ("sort", vec!["title".to_string(), "date".to_string()], 13)]);
        assert_eq!(ex.query[0].description.as_deref(), Some("how many notes to return.  If more:\n1. the rest comes next time"));
        assert_eq!((ex.notes[0].text.as_str(), ex.notes[0].pos.line), ("Otherwise as /search", 14));
    }

    #[test]
    fn locator_handles_odd_places() {
        let src = SourceFile::new("t.md", "```\n  GET /é\n```\n");
        let loc = Locator::new(&src, src.pos_at(FileId(0), 0), "  GET /é");
        let p = loc.at(7);
        assert_eq!((p.line, p.col), (2, 8));
        let far = loc.at(0);
        assert_eq!(far.line, 2);
    }
}
