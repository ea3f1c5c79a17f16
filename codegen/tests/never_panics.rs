//! Property: random mixes of titles, adornments, bullets, labels, literals
//! and directives never make the reader panic, and every position it reports
//! (model and diagnostics) lies inside the file and agrees with its offset.

use proptest::prelude::*;
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
    ]
}

fn doc() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..40), any::<bool>()).prop_map(|(ls, crlf)| ls.join(if crlf { "\r\n" } else { "\n" }))
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
                all.push(&h.pos);
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
}
