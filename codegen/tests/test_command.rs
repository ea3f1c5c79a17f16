//! The test command's promises: a skipped test says so where the user sees
//! it, and `.ci/summary` ends the run with `N passed, N failed` over every
//! test binary and doctest.

mod support;

use std::process::Command;

/// Skips when asked to by the test below (which runs this binary again).
#[test]
fn skip_probe() {
    if std::env::var_os("SPECGEN_SKIP_PROBE").is_some() {
        support::skip("probe: the reason of a skip");
    }
}

#[test]
fn a_skip_message_passes_the_harness_capture() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["skip_probe", "--exact", "--test-threads", "1"])
        .env("SPECGEN_SKIP_PROBE", "1")
        .env_remove("CI")
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout:?} {stderr:?}");
    assert!(stdout.contains("1 passed"), "the probe ran: {stdout:?}");
    assert!(stderr.contains("SKIPPED: probe: the reason of a skip"), "the skip is not visible: {stdout:?} {stderr:?}");
}

fn summary(log: &str) -> (bool, String) {
    let path = std::env::temp_dir().join(format!("specgen-summary-{}-{}.log", std::process::id(), log.len()));
    std::fs::write(&path, log).unwrap();
    let out = Command::new("bash").arg(support::workspace_root().join(".ci/summary")).arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

const LOG: &str = "\
     Running unittests src/lib.rs (target/debug/deps/specgen-1)
running 3 tests
test a ... ok
test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s

     Running tests/corpus.rs (target/debug/deps/corpus-2)
running 2 tests
test corpus_parses ... SKIPPED: ../shared/upstream/general_api not found
ok
test result: ok. 2 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s

   Doc-tests specgen
test result: ok. 4 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.20s
";

#[test]
fn the_summary_totals_every_harness_and_repeats_the_skips() {
    let (ok, out) = summary(LOG);
    assert!(ok, "{out}");
    assert!(out.contains("  1 SKIPPED: ../shared/upstream/general_api not found\n"), "{out}");
    assert_eq!(out.lines().last(), Some("9 passed, 0 failed"), "{out}");

    let failing = LOG.replace("test result: ok. 2 passed; 0 failed", "test result: FAILED. 1 passed; 1 failed");
    let (ok, out) = summary(&failing);
    assert!(!ok, "a failure fails the summary: {out}");
    assert_eq!(out.lines().last(), Some("8 passed, 1 failed"), "{out}");
}
