//! The spec's examples are its test, on the mock too: each draft of the
//! corpus nobody tuned the rules for (`codegen/tests/specs/corpus`) is
//! served by the generic engine, and every HTTP example request it writes
//! is sent as written (a user's token added, a long-poll's wait set to 0).
//! The mock must read each one: never a 400 (its own example refused), a
//! 405 or a 5xx; a 404 for an id the fresh mock has never made is fine.

mod support;

use mock_server::engine::{spawn_on_loopback, EngineOptions};
use std::path::PathBuf;
use support::Server;

fn drafts() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/specs/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "rst") && p.file_name().is_some_and(|n| n != "TRUTH.md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_draft_serves_its_own_examples() {
    let mut refused = Vec::new();
    let mut sent = 0;
    for file in drafts() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let running = spawn_on_loopback(EngineOptions::new(&file, None)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let server = Server { addr: running.addr };
        let token = server.raw("POST", "/_mock/users", None, Some(r#"{"user":"ada"}"#)).body["access_token"].as_str().unwrap().to_string();
        let read = specgen::read_file(&file, None).unwrap();
        let waits: Vec<String> = running.engine.served().routes.iter().filter_map(|r| r.plan.timeout.clone()).collect();
        for op in read.spec.apis.iter().filter(|a| a.status != specgen::Status::Todo).flat_map(|a| &a.operations) {
            let Some(ex) = &op.http else { continue };
            // A route line (`PATCH /repos/{id}`, `POST /projects` above
            // the inputs it takes) with no request written under it is a
            // route, not a request to send.
            // So is `GET /customers.info` above a required `customer_id`.
            let bare = ex.request_body.is_none() && ex.responses.is_empty() && ex.query.is_empty();
            let takes_inputs = op.inputs.iter().any(|i| !i.optional);
            if ex.written.contains('{') || (bare && takes_inputs) {
                continue;
            }
            // A long-poll is asked not to wait.
            let target: String = match ex.written.split_once('?') {
                Some((path, query)) => {
                    let kept: Vec<String> = query
                        .split('&')
                        .map(|kv| match kv.split_once('=') {
                            Some((k, _)) if waits.iter().any(|w| w == k) => format!("{k}=0"),
                            _ => kv.to_string(),
                        })
                        .collect();
                    format!("{path}?{}", kept.join("&"))
                }
                None => ex.written.clone(),
            };
            let body = ex.request_body.as_ref().map(|b| b.value.to_string());
            let reply = server.raw(ex.method.as_str(), &target, Some(&token), body.as_deref());
            sent += 1;
            // A cursor or position the example makes up is one this fresh
            // mock never gave: refused as an unknown id is.
            let made_up = reply.body.to_string().contains("this server gave");
            if (reply.status == 400 && !made_up) || reply.status == 405 || reply.status >= 500 {
                refused.push(format!("{name}:{} {} {} -> {} {}", ex.pos.line, ex.method, target, reply.status, reply.body));
            }
        }
    }
    assert!(sent >= 40, "only {sent} examples sent");
    assert!(refused.is_empty(), "{} of {sent} examples refused:\n{}", refused.len(), refused.join("\n"));
}
