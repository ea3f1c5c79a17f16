//! `specgen parse` from the outside: output contract, and bad input getting
//! `file:line:col`, the source line and exit status 1, never a panic.

use std::path::PathBuf;
use std::process::{Command, Output};

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specgen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn specgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen")).args(args).output().expect("specgen runs")
}

fn parse(name: &str, text: &[u8], extra: &[&str]) -> (i32, String, String) {
    let p = write(name, text);
    let mut args = vec!["parse", p.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = specgen(&args);
    (
        out.status.code().expect("exited, not killed"),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Asserts a failure that names `name:line:col` and shows the source line.
fn assert_fails_at(name: &str, text: &str, line: u32, col: u32, message: &str, source_line: &str) {
    let (code, _, err) = parse(name, text.as_bytes(), &[]);
    assert_eq!(code, 1, "{name}: {err}");
    assert!(err.contains(&format!("{name}:{line}:{col}")), "{name}: want {line}:{col} in\n{err}");
    assert!(err.contains(message), "{name}: want {message:?} in\n{err}");
    assert!(err.contains(source_line), "{name}: want the source line {source_line:?} in\n{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn inconsistent_title_levels() {
    // `~` is the third level; under a first-level title it skips a level.
    assert_fails_at(
        "levels.rst",
        "Top\n===\n\nMid\n---\n\nDeep\n~~~~\n\nNext\n====\n\nWrong ``[Draft]``\n~~~~~~~~~~~~~~~~~\n",
        13,
        1,
        "title level inconsistent",
        "Wrong ``[Draft]``",
    );
}

#[test]
fn unknown_status_marker() {
    assert_fails_at(
        "marker.rst",
        "APIs\n====\n\nSync ``[Drafty]``\n-----------------\nInputs:\n - Room ID\n",
        4,
        6,
        "unknown status marker `[Drafty]`",
        "Sync ``[Drafty]``",
    );
}

#[test]
fn underline_shorter_than_the_title() {
    assert_fails_at("short.rst", "A rather long title\n-------\n\ntext\n", 2, 1, "title underline is 7 characters", "-------");
}

#[test]
fn inputs_label_without_a_list() {
    // Unreadable is a located warning, never a refusal of the whole spec:
    // the operation is read with no inputs.
    let (code, out, err) = parse("nolist.rst", b"Sync ``[Draft]``\n----------------\nInputs:\n\nJust prose.\n", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("nolist.rst:3:1") && err.contains("`Inputs:` is not followed by a list"), "{err}");
    assert!(out.contains("Sync"), "{out}");
    let (code, _, _) = parse("nolist.rst", b"Sync ``[Draft]``\n----------------\nInputs:\n\nJust prose.\n", &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn unterminated_inline_literal_in_an_input() {
    assert_fails_at(
        "literal.rst",
        "Sync ``[Draft]``\n----------------\nInputs:\n - The ``room ID\nOutputs:\n - None.\n",
        4,
        8,
        "inline literal is not closed",
        " - The ``room ID",
    );
}

#[test]
fn bytes_that_are_not_utf8() {
    let (code, _, err) = parse("bytes.rst", b"Title\n=====\n\nab\xff\xfecd\n", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("bytes.rst:4:3"), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn empty_file() {
    let (code, _, err) = parse("empty.rst", b"", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("empty.rst:1:1") && err.contains("the spec is empty"), "{err}");
}

#[test]
fn doubtful_api_is_a_warning_unless_denied() {
    let text = b"Knock ``[TODO]``\n----------------\n\nOther\n-----\ntext\n";
    let (code, out, err) = parse("doubt.rst", text, &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning") && err.contains("neither Inputs nor Outputs"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["apis"][0]["status"], "todo");
    let (code, _, _) = parse("doubt.rst", text, &["--deny-warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn json_contract_fields() {
    let text = "Rooms\n=====\n\nSend ``[Final]``\n----------------\nInputs:\n - Event type[s]\n - Action ID (optional)\n - A list of rooms with:\n    - # users\nOutputs:\n - None.\n";
    let (code, out, err) = parse("contract.rst", text.as_bytes(), &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let s = &v["sections"][1];
    assert_eq!(
        (s["title"].as_str(), s["status"].as_str(), s["level"].as_u64(), s["line"].as_u64()),
        (Some("Send"), Some("final"), Some(2), Some(4))
    );
    assert_eq!(s["parents"], serde_json::json!(["Rooms"]));
    let api = &v["apis"][0];
    assert_eq!((api["title"].as_str(), api["line"].as_u64()), (Some("Send"), Some(4)));
    let op = &api["operations"][0];
    assert_eq!(op["name"], "Send");
    assert!(op["http"].is_null());
    let inputs = op["inputs"].as_array().unwrap();
    assert_eq!(inputs[0]["text"], "Event type[s]");
    assert_eq!((inputs[0]["batch"].as_bool(), inputs[0]["optional"].as_bool()), (Some(true), Some(false)));
    assert_eq!(inputs[1]["optional"], true);
    assert_eq!(inputs[2]["items"][0]["text"], "# users");
    assert_eq!(inputs[2]["items"][0]["line"], 10);
    assert_eq!(op["outputs"][0]["text"], "None.");
}

#[test]
fn markdown_by_extension_and_by_flag() {
    let md = "# Rooms\n\n## Send `[Draft]`\n\nInputs:\n\n- Room ID\n\nOutputs:\n\n- None.\n";
    let (code, out, _) = parse("spec.md", md.as_bytes(), &["--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["apis"][0]["status"], "draft");
    assert_eq!(v["apis"][0]["operations"][0]["inputs"][0]["text"], "Room ID");
    let (code, out, _) = parse("spec.txt", md.as_bytes(), &["--format", "json", "--input-format", "markdown"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"format\": \"markdown\""));
}

#[test]
fn builtin_spec_is_the_default() {
    let out = specgen(&["parse", "--deny-warnings"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Sending state events [final]"), "{text}");
}

/// The section titles `specgen parse --format json` reads.
fn titles_of(name: &str, text: &[u8]) -> Vec<(String, u64, u64)> {
    let (code, out, err) = parse(name, text, &["--format", "json"]);
    assert_eq!(code, 0, "{name}: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["title"].as_str().unwrap().to_string(), s["level"].as_u64().unwrap(), s["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn byte_order_mark_and_line_endings_give_the_same_titles() {
    let lf = "Rooms\n=====\n\nSend ``[Draft]``\n----------------\nInputs:\n - Room ID\nOutputs:\n - None.\n\nSync ``[TODO]``\n---------------\nText.\n";
    let want = titles_of("lf.rst", lf.as_bytes());
    assert_eq!(want.len(), 3);
    let bom = format!("\u{feff}{lf}");
    assert_eq!(titles_of("bom.rst", bom.as_bytes()), want);
    assert_eq!(titles_of("crlf.rst", lf.replace('\n', "\r\n").as_bytes()), want);
    assert_eq!(titles_of("cr.rst", lf.replace('\n', "\r").as_bytes()), want);
    let bom_cr = format!("\u{feff}{}", lf.replace('\n', "\r"));
    assert_eq!(titles_of("bom_cr.rst", bom_cr.as_bytes()), want);
}

#[test]
fn deep_nesting_stops_with_a_located_error() {
    for (name, text, line, col) in [
        ("deep.rst", format!("A ``[Draft]``\n-------------\nInputs:\n{}x\n", "- ".repeat(12_000)), 4, 131),
        ("deep_list.md", format!("# A `[Draft]`\n\n{}x\n", "- ".repeat(12_000)), 3, 129),
        ("deep_quote.md", format!("# A `[Draft]`\n\n{}x\n", "> ".repeat(12_000)), 3, 129),
    ] {
        let (code, out, err) = parse(name, text.as_bytes(), &["--format", "json"]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains(&format!("{name}:{line}:{col}")) && err.contains("nested more than 64 levels"), "{name}: {err}");
        assert!(out.is_empty(), "{name}: no model on errors");
    }
    // At the limit, the JSON model stays small.
    let text = format!("A ``[Draft]``\n-------------\nInputs:\n{}x\n", "- ".repeat(64));
    let (code, out, err) = parse("at_limit.rst", text.as_bytes(), &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.len() < 1_000_000, "{} bytes of JSON", out.len());
}

#[test]
fn no_marked_section_is_a_warning_an_empty_file_an_error() {
    let (code, _, err) = parse("unmarked.rst", b"Rooms\n=====\n\nSend\n----\nText.\n", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: no section has a status marker (2 section titles)") && err.contains("unmarked.rst:1:1"), "{err}");
    let (code, _, err) = parse("unmarked.rst", b"Rooms\n=====\n", &["--deny-warnings"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, err) = parse("empty.rst", b"\n\n", &[]);
    assert_eq!(code, 1);
    assert!(err.contains("the spec is empty") && err.contains("status marker") && !err.contains("warning"), "{err}");
}

#[test]
fn an_underline_too_short_to_be_one_is_a_warning() {
    let (code, _, err) = parse("short.rst", b"Send ``[Draft]``\n----------------\n\nHello world\n--\n\nText.\n", &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("short.rst:5:1") && err.contains("warning: possible title underline"), "{err}");
}

#[test]
fn markdown_under_an_unknown_extension_suggests_the_input_format() {
    let md = "# Rooms\n\n## Send `[Draft]`\n\nInputs:\n\n- Room ID\n";
    let (code, _, err) = parse("spec.draft", md.as_bytes(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 APIs; read as Markdown it has 1") && err.contains("--input-format markdown"), "{err}");
    // Said only when it helps: not for Markdown-looking text with no API.
    let (_, _, err) = parse("notes.draft", b"# Notes\n\nNothing marked.\n", &[]);
    assert!(!err.contains("--input-format"), "{err}");
}

#[test]
fn an_inconsistent_title_fails_parse_but_the_model_holds_the_rest() {
    let text =
        "A ``[Draft]``\n=============\n\nB\n-\n\nC ``[TODO]``\n============\n\nD\n~\n\nE ``[Final]``\n-------------\nInputs:\n - Room ID\n";
    let (code, out, err) = parse("recovered.rst", text.as_bytes(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("recovered.rst:10:1") && err.contains("title level inconsistent"), "{err}");
    let read = specgen::read_str("recovered.rst", text, specgen::Format::Rst);
    assert!(read.diagnostics.has_errors() && read.diagnostics.all_errors_recovered());
    let apis: Vec<(&str, specgen::Status)> = read.spec.apis.iter().map(|a| (a.title.as_str(), a.status)).collect();
    use specgen::Status::*;
    assert_eq!(apis, [("A", Draft), ("C", Todo), ("E", Final)]);
}
