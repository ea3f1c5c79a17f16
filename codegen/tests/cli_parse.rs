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
        "inconsistent title level",
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
    assert_fails_at(
        "nolist.rst",
        "Sync ``[Draft]``\n----------------\nInputs:\n\nJust prose.\n",
        3,
        1,
        "`Inputs:` is not followed by a list",
        "Inputs:",
    );
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
