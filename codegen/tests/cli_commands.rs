//! The `specgen` subcommands from the outside: where `generate` may write,
//! what `check` tells to rerun, each command's own options, `explain`'s
//! matching, and output into a pipe whose reader went away.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specgen-cmd-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const CHAT: &str = "# Chat\n\n## Sending a message `[Draft]`\n\nSends one message.\n\nInputs:\n\n- Room ID\n- Message contents\n\nOutputs:\n\n- Event ID\n";

/// `my.md` (one Draft API) in `dir`.
fn chat_spec(dir: &Path) -> PathBuf {
    let p = dir.join("my.md");
    std::fs::write(&p, CHAT).unwrap();
    p
}

fn specgen_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specgen")).current_dir(dir).args(args).output().expect("specgen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Every file under `dir` with its modification time.
fn tree(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(tree(&p));
        } else {
            out.push((p.clone(), e.metadata().unwrap().modified().unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn generate_with_another_spec_needs_out_and_writes_only_there() {
    let dir = scratch("out");
    chat_spec(&dir);
    let generated = support::workspace_root().join("generated");
    let before = tree(&generated);
    let out = specgen_in(&dir, &["generate", "--spec", "my.md"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--out DIR is required with --spec my.md"), "{}", text(&out.stderr));
    assert_eq!(tree(&generated), before, "generated/ of the toolkit was touched");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "nothing but the spec in {}", dir.display());
    let out = specgen_in(&dir, &["generate", "--spec", "my.md", "--out", "chat crate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(dir.join("chat crate/src/sending_a_message.rs").is_file());
    assert_eq!(tree(&generated), before);
}

#[test]
fn check_tells_the_generate_command_with_the_flags_used() {
    let dir = scratch("check");
    chat_spec(&dir);
    let flags = ["--spec", "my.md", "--no-bindings", "--out", "chat crate", "--crate-name", "chat"];
    let run = |cmd: &str| specgen_in(&dir, &[&[cmd][..], &flags[..]].concat());
    assert!(run("generate").status.success());
    assert!(run("check").status.success());
    let lib = dir.join("chat crate/src/lib.rs");
    std::fs::write(&lib, std::fs::read_to_string(&lib).unwrap() + "// edited\n").unwrap();
    let out = run("check");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("run `specgen generate --spec my.md --no-bindings --out 'chat crate' --crate-name chat`"), "{err}");
    assert!(text(&out.stdout).contains("-// edited"), "the diff is printed");
}

#[test]
fn export_takes_only_its_own_options_and_writes_to_out() {
    let dir = scratch("export");
    for flag in [&["--crate-name", "x"][..], &["--timings"][..]] {
        let out = specgen_in(&dir, &[&["export", "openapi"][..], flag].concat());
        assert_eq!(out.status.code(), Some(2), "{flag:?} is not an export option");
        assert!(text(&out.stderr).contains(&format!("unexpected argument '{}'", flag[0])), "{}", text(&out.stderr));
    }
    let stdout = specgen_in(&dir, &["export", "openapi"]);
    let to_file = specgen_in(&dir, &["export", "openapi", "--out", "api.json"]);
    assert!(to_file.status.success() && to_file.stdout.is_empty(), "{}", text(&to_file.stderr));
    assert_eq!(std::fs::read(dir.join("api.json")).unwrap(), stdout.stdout);
}

#[test]
fn each_command_has_its_own_help() {
    let help = |cmd: &[&str]| text(&specgen_in(Path::new("."), &[cmd, &["--help"]].concat()).stdout);
    let generate = help(&["generate"]);
    assert!(generate.contains("Where the crate goes") && generate.contains("--timings"), "{generate}");
    let check = help(&["check"]);
    assert!(!check.contains("Where the crate goes") && !check.contains("--timings"), "{check}");
    assert!(check.contains("The generated crate to compare"), "{check}");
    let export = help(&["export"]);
    for generate_only in ["--crate-name", "--timings", "Where the crate goes"] {
        assert!(!export.contains(generate_only), "export --help shows {generate_only}:\n{export}");
    }
    assert!(export.contains("Write the document to this file"), "{export}");
    assert!(help(&["explain"]).contains("--no-bindings"));
}

#[test]
fn explain_matches_any_case_suggests_near_titles_and_warns_about_the_asked_api_only() {
    let root = support::workspace_root();
    let spec = root.join("spec/client_server_v2.rst");
    let spec = spec.to_str().unwrap();
    let out = specgen_in(&root, &["explain", "--api", "kicking A USER"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // After the line that says the overlay binds the Matrix profile.
    let body = text(&out.stdout).split_once("\n\n").map(|(_, rest)| rest.to_string()).unwrap_or_default();
    assert!(body.starts_with("Kicking a user [final]"), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("(bound in the overlay)"), "the built-in spec's overlay is read");

    let out = specgen_in(&root, &["explain", "--api", "kick"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean \"Kicking a user\"?"), "{}", text(&out.stderr));

    // Without the overlay the spec has warnings in several APIs.
    let all = specgen_in(&root, &["explain", spec, "--no-bindings"]);
    assert!(text(&all.stderr).matches("warning:").count() >= 3, "{}", text(&all.stderr));
    let kick = specgen_in(&root, &["explain", spec, "--no-bindings", "--api", "Kicking a user"]);
    assert!(kick.status.success() && !text(&kick.stderr).contains("warning"), "{}", text(&kick.stderr));
    assert!(text(&kick.stdout).contains("derived from the operation's verb and noun: no overlay read"), "{}", text(&kick.stdout));
    let caps = specgen_in(&root, &["explain", spec, "--no-bindings", "--api", "Capabilities API"]);
    let err = text(&caps.stderr);
    assert_eq!(err.matches("warning:").count(), 2, "the two warnings inside the Capabilities API: {err}");
}

/// A git repository with two revisions of `my.md`.
fn chat_history(dir: &Path) {
    support::git(dir, &["init", "-q"], None);
    chat_spec(dir);
    support::git(dir, &["add", "my.md"], None);
    support::git(dir, &["commit", "-q", "-m", "one"], Some("2015-01-01T00:00:00Z"));
    std::fs::write(dir.join("my.md"), CHAT.replace("[Draft]", "[Final]")).unwrap();
    support::git(dir, &["commit", "-q", "-am", "two"], Some("2015-01-02T00:00:00Z"));
}

/// Runs `args` with standard output into a pipe whose reading end is
/// closed before the command writes.
fn into_closed_pipe(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_specgen"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("specgen runs");
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn every_command_into_a_closed_pipe_ends_quietly() {
    let dir = scratch("pipe");
    chat_history(&dir);
    std::fs::write(dir.join("old.md"), CHAT).unwrap();
    specgen_in(&dir, &["generate", "--spec", "my.md", "--out", "stale"]);
    std::fs::write(dir.join("stale/src/lib.rs"), "// edited\n").unwrap();
    let commands: &[(&[&str], i32)] = &[
        (&["parse"], 0),
        (&["parse", "--format", "json"], 0),
        (&["status", "--format", "html"], 0),
        (&["explain"], 0),
        (&["export", "openapi"], 0),
        (&["generate", "--spec", "my.md", "--out", "fresh"], 0),
        (&["check"], 0),
        (&["check", "--spec", "my.md", "--out", "stale"], 1),
        (&["diff", "old.md", "my.md"], 0),
        (&["history", "--path", "my.md", "--format", "json"], 0),
    ];
    for (args, code) in commands {
        let out = into_closed_pipe(&dir, args);
        let err = text(&out.stderr);
        assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "specgen {args:?}: {err}");
        assert_eq!(out.status.code(), Some(*code), "specgen {args:?}: {err}");
    }
}

#[test]
fn piped_into_head_the_command_exits_quietly() {
    // 88 KB of JSON: more than a pipe holds, so head has gone when most of it is written.
    let script = format!("'{}' parse --format json | head -n 1; echo \"status ${{PIPESTATUS[0]}}\"", env!("CARGO_BIN_EXE_specgen"));
    let out = Command::new("bash").arg("-c").arg(&script).current_dir(support::workspace_root()).output().unwrap();
    assert_eq!(text(&out.stdout), "{\nstatus 0\n", "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

/// Thirty thousand nested brackets in an HTTP example (an RST literal
/// block, a Markdown code fence) once overflowed the stack of every
/// command (exit 134). The body is now a warning at the bracket too deep
/// (in the commands that show warnings); every command finishes, and the
/// example keeps its method and path.
#[test]
fn a_deep_http_example_body_is_a_located_warning_in_every_command() {
    let dir = scratch("deep");
    let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
    std::fs::write(
        dir.join("deep.rst"),
        format!("Foo API ``[Draft]``\n===================\n\nInputs:\n - Room ID\n\nExample::\n\n  POST /foo\n  {deep}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("deep.md"), format!("# Foo API [Draft]\n\nInputs:\n- Room ID\n\n```\nPOST /foo\n{deep}\n```\n")).unwrap();
    for (spec, at) in [("deep.rst", "deep.rst:10:131"), ("deep.md", "deep.md:8:129")] {
        let commands: [&[&str]; 4] = [
            &["parse", spec],
            &["generate", "--spec", spec, "--out", "out"],
            &["check", "--spec", spec, "--out", "out"],
            &["export", "openapi", "--spec", spec],
        ];
        for args in commands {
            let out = specgen_in(&dir, args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", &err[..err.len().min(2000)]);
            // Every command shows the warnings of the spec it read.
            assert!(err.contains(at) && err.contains("nested more than 128 levels deep"), "{args:?}: {}", &err[..err.len().min(2000)]);
        }
        let openapi = text(&specgen_in(&dir, &["export", "openapi", "--spec", spec]).stdout);
        assert!(openapi.contains("\"/foo\""), "the example's path is kept");
    }
}
