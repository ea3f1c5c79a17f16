//! `specgen verify` held to the mock: every check passes against the mock
//! of a spec, and a server that differs from the draft on purpose (a
//! mutant: a small wrapper between verify and the mock that drops a field,
//! renames one, changes a type, answers 200 for a 404, ignores a limit,
//! forgets a delete or loses the request id of a retry) fails a check that
//! names the section, the request and what differs.

use mock_server::engine::{spawn_on_loopback, EngineOptions, Running};
use serde_json::{json, Value};
use specgen::types::Method;
use specgen::verify::http::Http;
use specgen::verify::{self, Answer, Call, Outcome, Report, Transport};
use std::path::PathBuf;
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Serves `spec` (no overlay); the server and a token of a user made
/// through `/_mock/users`.
fn serve(spec: &PathBuf) -> (Running, Http, String) {
    let running = spawn_on_loopback(EngineOptions::new(spec, None)).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let mut http = Http::new(&format!("http://{}", running.addr), Duration::from_secs(10)).unwrap();
    let made = http
        .send(&Call { method: Method::Post, path: "/_mock/users".into(), query: vec![], body: Some(json!({"user": "ada"})), token: None })
        .unwrap();
    let token = made.body["access_token"].as_str().expect("a token").to_string();
    (running, http, token)
}

fn run(spec: &PathBuf, transport: &mut dyn Transport, token: &str) -> Report {
    let loaded = specgen::load(&specgen::load::Source::file(spec)).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
    let mut options = verify::Options::new("mock", spec.display().to_string());
    options.token = Some(token.to_string());
    verify::run(&loaded, transport, &options).unwrap()
}

fn failures(r: &Report) -> Vec<String> {
    r.failures()
        .map(|(s, c)| match &c.outcome {
            Outcome::Failed(why) => format!("[{}] {} {}: {} ({why})", s.title, c.endpoint, c.what, c.request),
            _ => unreachable!(),
        })
        .collect()
}

/// Drafts of the corpus whose mock passes every check, and the examples'
/// own parcels draft.
const PASSING: [&str; 11] = [
    "spec/examples/parcels.md",
    "codegen/tests/specs/corpus/grants.md",
    "codegen/tests/specs/corpus/orchard.md",
    "codegen/tests/specs/corpus/energy.md",
    "codegen/tests/specs/corpus/photos.md",
    "codegen/tests/specs/corpus/podcasts.rst",
    "codegen/tests/specs/corpus/thermostat.rst",
    "codegen/tests/specs/corpus/reviews.rst",
    "codegen/tests/specs/corpus/lab.rst",
    "codegen/tests/specs/corpus/fleet.rst",
    "codegen/tests/specs/corpus/pharmacy.rst",
];

#[test]
fn the_mock_passes_its_own_drafts() {
    let mut lifecycles = 0;
    for rel in PASSING {
        let spec = root().join(rel);
        let (_running, mut http, token) = serve(&spec);
        let r = run(&spec, &mut http, &token);
        let c = r.counts();
        assert!(failures(&r).is_empty(), "{rel}: {:#?}", failures(&r));
        assert!(c.passed >= 15 && c.skipped * 4 <= c.passed, "{rel}: {}", c.line());
        let kinds: std::collections::BTreeSet<&str> = r.sections.iter().flat_map(|s| &s.checks).map(|c| c.kind.as_str()).collect();
        assert!(kinds.contains("example") && kinds.contains("refusal"), "{rel}: {kinds:?}");
        lifecycles += usize::from(kinds.contains("lifecycle"));
    }
    // A resource with a create and a read of one record has a lifecycle.
    assert!(lifecycles >= 7, "{lifecycles} drafts with a lifecycle");
}

/// The built-in spec against its mock, through the spec's own register:
/// what fails is only what a run that knows no domain cannot set up.
#[test]
fn the_builtin_spec_through_its_own_register() {
    let running = spawn_on_loopback(mock_server::builtin(mock_server::SERVER_NAME)).unwrap();
    let mut http = Http::new(&format!("http://{}", running.addr), Duration::from_secs(10)).unwrap();
    let source = specgen::load::Source::file(root().join("spec/client_server_v2.rst")).with_bindings(root().join("spec/bindings.toml"));
    let loaded = specgen::load(&source).unwrap();
    let r = verify::run(&loaded, &mut http, &verify::Options::new("mock", "client_server_v2.rst")).unwrap();
    let c = r.counts();
    assert!(c.passed >= 70, "{}", c.line());
    // `join` takes a room id or alias the run has no value of; an invite
    // to reject needs another user to send it; a state event to delete
    // needs one set under the same type and key; power levels need
    // integers where the overlay says free JSON.
    let known = ["join", "reject_invite", "delete_state", "patch_power_levels"];
    for (s, check) in r.failures() {
        assert!(known.contains(&check.endpoint.as_str()), "[{}] {} {}: {:?}", s.title, check.endpoint, check.what, check.outcome);
    }
}

/// A server wrong in one way: the mock behind a wrapper.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mutant {
    DropsAField,
    RenamesAField,
    ChangesAType,
    Answers200For404,
    IgnoresTheLimit,
    ForgetsDeletes,
    ReplaysRetriesWrongly,
}

const MUTANTS: [Mutant; 7] = [
    Mutant::DropsAField,
    Mutant::RenamesAField,
    Mutant::ChangesAType,
    Mutant::Answers200For404,
    Mutant::IgnoresTheLimit,
    Mutant::ForgetsDeletes,
    Mutant::ReplaysRetriesWrongly,
];

struct Wrapped<'a> {
    inner: &'a mut Http,
    mutant: Mutant,
}

/// The first key of a success's object body, in order.
fn first_key(a: &Answer) -> Option<String> {
    a.body.as_object().and_then(|m| m.keys().next().cloned())
}

impl Transport for Wrapped<'_> {
    fn send(&mut self, call: &Call) -> Result<Answer, String> {
        let mut call = call.clone();
        match self.mutant {
            Mutant::IgnoresTheLimit => call.query.retain(|(k, _)| k != "limit"),
            // Answers as a delete does, and deletes nothing.
            Mutant::ForgetsDeletes if call.method == Method::Delete => return Ok(Answer::new(200, "{}".into())),
            Mutant::ReplaysRetriesWrongly => {
                if let Some(Value::Object(m)) = &mut call.body {
                    m.retain(|k, _| !k.contains("request"));
                }
            }
            _ => {}
        }
        let mut a = self.inner.send(&call)?;
        let ok = (200..300).contains(&a.status);
        match self.mutant {
            Mutant::DropsAField if ok => {
                if let (Some(k), Some(m)) = (first_key(&a), a.body.as_object_mut()) {
                    m.remove(&k);
                }
            }
            Mutant::RenamesAField if ok => {
                if let (Some(k), Some(m)) = (first_key(&a), a.body.as_object_mut()) {
                    let v = m.remove(&k).unwrap_or_default();
                    m.insert(format!("{k}_v2"), v);
                }
            }
            Mutant::ChangesAType if ok => {
                if let Some(m) = a.body.as_object_mut() {
                    if let Some(v) = m.values_mut().find(|v| v.is_string()) {
                        *v = json!(42);
                    }
                }
            }
            Mutant::Answers200For404 if a.status == 404 => a = Answer::new(200, "{}".into()),
            _ => {}
        }
        Ok(a)
    }
}

#[test]
fn verify_finds_every_mutant_and_says_where() {
    let spec = root().join("spec/examples/parcels.md");
    let mut found = 0;
    for mutant in MUTANTS {
        let (_running, mut http, token) = serve(&spec);
        let mut wrapped = Wrapped { inner: &mut http, mutant };
        let r = run(&spec, &mut wrapped, &token);
        let f = failures(&r);
        if !f.is_empty() {
            found += 1;
        }
        // Each failure names its section, endpoint and request.
        for line in &f {
            assert!(line.starts_with('[') && line.contains(" /parcel"), "{mutant:?}: {line}");
        }
        eprintln!("{mutant:?}: {} failed checks, first: {}", f.len(), f.first().map_or("-", String::as_str));
    }
    assert_eq!(found, MUTANTS.len(), "every mutant is found");
}

/// `specgen verify` as a command: its formats say the same counts, and
/// `--fail-on` decides the exit status.
#[test]
fn the_command_formats_and_exit_status() {
    use clap::Parser;
    let spec = root().join("spec/examples/parcels.md");
    let (running, _http, token) = serve(&spec);
    let url = format!("http://{}", running.addr);
    let verify = |extra: &[&str]| {
        let mut args: Vec<String> = ["specgen", "verify", "--url", &url, "--spec", &spec.display().to_string(), "--token", &token]
            .iter()
            .map(|s| s.to_string())
            .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        let mut out = Vec::new();
        let code = specgen::cli::run(specgen::cli::Cli::parse_from(args), &mut out).expect("verify runs");
        (code, String::from_utf8(out).unwrap())
    };
    let (code, json) = verify(&["--format", "json"]);
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    let v: Value = serde_json::from_str(&json).unwrap();
    let (passed, skipped) = (v["counts"]["passed"].as_u64().unwrap(), v["counts"]["skipped"].as_u64().unwrap());
    assert!(passed >= 25 && v["counts"]["errors"] == 0, "{}", v["counts"]);
    let (_, junit) = verify(&["--format", "junit"]);
    assert!(junit.starts_with("<?xml") && junit.contains(&format!("skipped=\"{skipped}\"")), "{junit}");
    assert_eq!(junit.matches("<testcase ").count() as u64, passed + skipped);
    let (_, html) = verify(&["--format", "html"]);
    assert!(html.starts_with("<!doctype html>") && html.contains("Tracking API"));
    let (_, text) = verify(&[]);
    assert!(text.trim_end().ends_with(&format!("{passed} passed, 0 errors, 0 warnings, {skipped} skipped")), "{text}");
    // Skips (no second account: the draft has no register) fail only
    // under `--fail-on skip`.
    assert!(skipped > 0);
    assert_eq!(verify(&["--fail-on", "skip"]).0, std::process::ExitCode::from(1));
    assert_eq!(verify(&["--fail-on", "warning"]).0, std::process::ExitCode::SUCCESS);
}
