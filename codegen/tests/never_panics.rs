//! Property: random mixes of titles, adornments, bullets, labels, literals,
//! directives and bits of HTTP examples never make the reader panic, and
//! every position it reports (model, HTTP facts and diagnostics) lies inside
//! the file and agrees with its offset.

use proptest::prelude::*;
use specgen::model::http::{Body, HttpExample};
use specgen::model::{Item, NoteGroup};
use specgen::source::Pos;
use specgen::{read_str, Format};

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[A-Za-z ]{0,20}".prop_map(|s| s),
        "[=~+^#*-]{1,30}".prop_map(|s| s),
        ("[ ]{0,6}", "[-*+] ", "[a-z ``\\[\\]]{0,20}").prop_map(|(i, m, t)| format!("{i}{m}{t}")),
        Just("Inputs:".to_string()),
        Just("Outputs:".to_string()),
        Just("Additional Inputs:".to_string()),
        Just("Notes:".to_string()),
        Just("::".to_string()),
        Just(".. NOTE::".to_string()),
        Just(".. code :: json".to_string()),
        Just("   POST /x".to_string()),
        "[A-Za-z ]{1,12} ``\\[ ?(Draft|TODO|Final|ONGOING|Drafty) ?\\]``".prop_map(|s| s),
        "[ \\t]{0,4}[a-zé`\\\\*|]{0,12}".prop_map(|s| s),
        "## [A-Za-z]{0,8} `\\[Draft\\]`".prop_map(|s| s),
        "[0-9#a-z][.)] [a-z]{0,5}".prop_map(|s| s),
        http_line(),
    ]
}

/// Pieces of HTTP examples as drafts write them, whole or cut short.
fn http_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "(GET|PUT|POST|DELETE) /[a-z$:{}<>/]{0,10}(\\?[a-z]{1,3}=[$0-9a-z?]{0,3}(&[a-z]=1)?)?".prop_map(|s| s),
        "``(GET|PUT) /[a-z$/]{0,6}``".prop_map(|s| s),
        "[ ]{0,6}[{}\\[\\],:'\" a-zé<>./*]{0,24}".prop_map(|s| s),
        Just("   { a: 1, 'b': [..., \"x\"] // c".to_string()),
        Just("       [... same as a ...]".to_string()),
        Just("   <more here>".to_string()),
        Just("   200 OK".to_string()),
        Just("   -->".to_string()),
        Just("Returns ``200 OK``::".to_string()),
        Just("Returns 404:".to_string()),
        Just("Request format::".to_string()),
        Just("GET parameters::".to_string()),
        Just("   limit: how many \"10\"".to_string()),
        Just("Status codes:".to_string()),
        Just("- 409 - taken".to_string()),
        Just("```".to_string()),
    ]
}

fn doc() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..40), any::<bool>()).prop_map(|(ls, crlf)| ls.join(if crlf { "\r\n" } else { "\n" }))
}

/// A marked section made of HTTP example blocks, with loose-JSON lines
/// (random ones among them) inside the literals.
fn http_doc() -> impl Strategy<Value = String> {
    let json_line = prop_oneof![
        "[ ]{0,4}[{}\\[\\],:'\" a-zé<>./*0-9]{0,24}".prop_map(|s| s),
        Just("  a: 1,".to_string()),
        Just("  'b': [..., \"x\"] // c".to_string()),
        Just("  c: { [... same as a ...] }".to_string()),
        Just("  <more here>".to_string()),
        Just("}".to_string()),
        Just("{".to_string()),
        Just("200 OK".to_string()),
    ];
    let opener = prop_oneof![
        "(GET|PUT|POST|DELETE) /[a-z$:{}<>/]{0,10}(\\?[a-z]{1,3}=[$0-9a-z?]{0,3}(&[a-z]=1)?)?".prop_map(|s| format!("::\n\n    {s}")),
        "(GET|PUT) /[a-z$/]{0,6}".prop_map(|s| format!("``{s}``\n\n::\n")),
        Just("Returns ``200 OK``::\n".to_string()),
        Just("Request format::\n".to_string()),
        Just("GET parameters::\n\n    // comment\n    limit: how many \"10\"\n      more".to_string()),
        Just("Status codes:\n\n- 409 - taken\n- 2015 was a year\n\n::\n".to_string()),
        Just(".. code:: javascript\n".to_string()),
    ];
    let block = (opener, prop::collection::vec(json_line, 0..8))
        .prop_map(|(o, ls)| format!("{o}\n{}\n", ls.iter().map(|l| format!("    {l}\n")).collect::<String>()));
    prop::collection::vec(block, 1..6).prop_map(|bs| format!("Notes [Draft]\n=============\n\n{}", bs.join("\n")))
}

fn items<'a>(list: &'a [Item], out: &mut Vec<&'a Pos>) {
    for i in list {
        out.push(&i.pos);
        items(&i.items, out);
    }
}

fn notes<'a>(groups: &'a [NoteGroup], out: &mut Vec<&'a Pos>) {
    for g in groups {
        out.push(&g.pos);
        items(&g.items, out);
    }
}

fn http<'a>(h: &'a HttpExample, out: &mut Vec<&'a Pos>) {
    fn body<'a>(b: &'a Body, out: &mut Vec<&'a Pos>) {
        out.push(&b.pos);
        out.extend(b.elided.iter().map(|e| &e.pos));
    }
    out.push(&h.pos);
    out.extend(h.path_params.iter().map(|p| &p.pos));
    out.extend(h.query.iter().map(|q| &q.pos));
    out.extend(h.status_codes.iter().map(|c| &c.pos));
    out.extend(h.notes.iter().map(|n| &n.pos));
    if let Some(b) = &h.request_body {
        body(b, out);
    }
    for r in &h.responses {
        out.push(&r.pos);
        if let Some(b) = &r.body {
            body(b, out);
        }
    }
}

fn check(text: &str, format: Format) -> Result<(), TestCaseError> {
    let read = read_str("p.rst", text, format);
    let src = read.sources.get(read.file);
    let spec = &read.spec;
    let mut all: Vec<&Pos> = Vec::new();
    all.extend(spec.sections.iter().map(|s| &s.pos));
    all.extend(spec.terms.iter().map(|t| &t.pos));
    for api in &spec.apis {
        all.push(&api.pos);
        notes(&api.notes, &mut all);
        for op in &api.operations {
            all.push(&op.pos);
            items(&op.inputs, &mut all);
            items(&op.outputs, &mut all);
            notes(&op.notes, &mut all);
            if let Some(h) = &op.http {
                http(h, &mut all);
            }
        }
    }
    all.extend(read.diagnostics.items.iter().map(|d| &d.pos));
    for p in all {
        prop_assert!(p.line >= 1 && (p.line as usize) <= src.line_count(), "line {} of {} in {text:?}", p.line, src.line_count());
        prop_assert!((p.offset as usize) <= src.text.len());
        let at = src.pos_at(read.file, p.offset as usize);
        prop_assert_eq!((at.line, at.col), (p.line, p.col), "offset {} in {:?}", p.offset, text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn rst_never_panics_and_positions_lie_inside(text in doc()) {
        check(&text, Format::Rst)?;
    }

    #[test]
    fn markdown_never_panics_and_positions_lie_inside(text in doc()) {
        check(&text, Format::Markdown)?;
    }

    #[test]
    fn http_examples_never_panic_and_their_facts_lie_inside(text in http_doc()) {
        check(&text, Format::Rst)?;
    }
}
