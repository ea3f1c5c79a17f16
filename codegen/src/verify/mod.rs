//! `specgen verify`: holds a real server to the draft, section by section.
//!
//! A run goes through the spec's endpoints in four phases, each a module:
//! [`session`] (a token: given, or from the spec's own register and log
//! in), [`examples`] (every endpoint sent its example once, creates first
//! so later requests name records the run made), [`lifecycle`] (per
//! resource: create, read back, list, page, update, delete, gone; retries
//! answered once) and [`refusals`] (input the draft rules out must get a
//! 4xx). Requests are made in [`requests`] from an endpoint's HTTP example
//! and its types, with the ids this run made; every answer is held to the
//! endpoint's success status and response type. TODO sections are not
//! run. The [`report`] says per section what passed, failed or was
//! skipped; [`render`] writes it as text, JSON, JUnit XML or HTML.
//!
//! Invariant: the run knows nothing of a domain. What it sends and expects
//! comes from the type space and the plans the mock serves by, so the mock
//! passes its own spec's run, and a server that differs from the draft
//! fails the check that shows where.

pub mod call;
mod examples;
mod feeds;
#[cfg(feature = "cli")]
pub mod http;
mod lifecycle;
mod others;
mod refusals;
pub mod render;
pub mod report;
mod requests;
mod session;

pub use call::{Answer, Call, Transport};
pub use report::{Check, Counts, Kind, Outcome, Report, Section, Severity};

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::model::http::HttpExample;
use crate::model::Status;
use crate::plan::{self, Effect, Plan};
use crate::types::values::Types;
use crate::types::Endpoint;
use serde_json::Value;
use std::collections::BTreeMap;

/// What a run needs besides the spec.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The server's base URL, as the report names it.
    pub server: String,
    /// The spec's name, as the report names it.
    pub spec: String,
    /// An access token to send; without one, the spec's own register
    /// operation makes an account.
    pub token: Option<String>,
    /// Digits that make this run's user names, unique values and request
    /// ids its own (a second run against the same server clashes with
    /// nothing the first one made).
    pub nonce: String,
}

impl Options {
    /// Options with a nonce from the clock.
    pub fn new(server: impl Into<String>, spec: impl Into<String>) -> Self {
        let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
        Options { server: server.into(), spec: spec.into(), token: None, nonce: format!("{:07}", secs % 10_000_000) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The overlay names an effect the mock does not know.
    #[error("{0:?}")]
    Plan(Box<Diagnostic>),
}

/// Runs the draft against the server behind `transport`.
pub fn run(loaded: &Loaded, transport: &mut dyn Transport, options: &Options) -> Result<Report, VerifyError> {
    let space = &loaded.space;
    let plans = plan::plans(space, loaded.bindings.as_ref()).map_err(|d| VerifyError::Plan(Box::new(d)))?;
    let mut targets = Vec::new();
    for (a, (api, plans)) in space.apis.iter().zip(&plans).enumerate() {
        if api.status == Status::Todo {
            continue;
        }
        for (ep, plan) in api.endpoints.iter().zip(plans) {
            let example = crate::types::fit::operation_of(&loaded.read.spec, ep).and_then(|op| op.http.as_ref());
            targets.push(Target { api: a, ep, plan, example });
        }
    }
    let mut run = Run {
        types: Types::new(space.clone()),
        targets,
        transport,
        token: options.token.clone(),
        account: None,
        ids: BTreeMap::new(),
        naming: None,
        other: BTreeMap::new(),
        other_token: None,
        chosen: Vec::new(),
        pin: None,
        under: Vec::new(),
        renewals: 0,
        nonce: options.nonce.clone(),
        counter: 0,
        served: Default::default(),
        checks: vec![Vec::new(); space.apis.len()],
    };
    run.session();
    run.examples();
    run.lifecycles();
    run.feeds();
    run.retries();
    run.refusals();
    run.deletes();
    let sections = space
        .apis
        .iter()
        .zip(run.checks)
        .filter(|(api, _)| api.status != Status::Todo)
        .map(|(api, checks)| Section { title: api.title.clone(), status: api.status, checks })
        .collect();
    Ok(Report { server: options.server.clone(), spec: options.spec.clone(), sections })
}

/// One endpoint of a section that is run: its types, its plan and its
/// HTTP example.
#[derive(Clone, Copy)]
struct Target<'s> {
    api: usize,
    ep: &'s Endpoint,
    plan: &'s Plan,
    example: Option<&'s HttpExample>,
}

impl Target<'_> {
    fn effect(&self) -> Effect {
        self.plan.effect()
    }

    fn resource(&self) -> &str {
        &self.plan.resource
    }
}

/// The state of a run: the token, the account it made, and the ids of the
/// records it made (by id type, oldest first; a deleted one is taken out).
struct Run<'s, 't> {
    types: Types,
    targets: Vec<Target<'s>>,
    transport: &'t mut dyn Transport,
    token: Option<String>,
    /// The user name and password the run registered.
    account: Option<(String, String)>,
    ids: BTreeMap<String, Vec<Value>>,
    /// The ids of the run's second account, by id type: the other user a
    /// request names.
    other: BTreeMap<String, Value>,
    /// The second account's token: another user.
    other_token: Option<String>,
    /// The record the request being made picks, when a step says which
    /// (by id type).
    pin: Option<(String, Value)>,
    /// The ids the request being made names so far.
    chosen: Vec<Value>,
    /// Each id an answer carried, with the ids its request named: what it
    /// was made under.
    under: Vec<(Value, Vec<Value>)>,
    /// The id the last request named a new record by: kept once made.
    naming: Option<(String, Value)>,
    /// How many times the session was renewed ([`Run::renew`]).
    renewals: usize,
    nonce: String,
    counter: u64,
    /// Endpoints that answered a request as the draft says (their
    /// refusals mean something).
    served: std::collections::BTreeSet<String>,
    /// The checks made, by API index.
    checks: Vec<Vec<Check>>,
}

impl<'s> Run<'s, '_> {
    /// Digits no other request of this run (or of another run) uses.
    fn fresh(&mut self) -> String {
        self.counter += 1;
        format!("{}{:03}", self.nonce, self.counter)
    }

    fn record(&mut self, t: &Target, kind: Kind, what: impl Into<String>, request: String, outcome: Outcome) {
        if outcome == Outcome::Passed && kind != Kind::Refusal {
            self.served.insert(t.ep.name.clone());
        }
        self.checks[t.api].push(Check { endpoint: t.ep.name.clone(), kind, what: what.into(), request, outcome });
    }

    /// Sends a call; a transport failure is an answer-less `Err`.
    fn send(&mut self, call: &Call) -> Result<Answer, String> {
        self.transport.send(call)
    }

    /// Sends `call` (renewing an ended session, [`Run::exchange`]), judges
    /// the answer and records the check; the call as sent, and the answer
    /// when it passed.
    fn checked(&mut self, t: &Target<'s>, kind: Kind, what: &str, call: Call) -> (Call, Option<Answer>) {
        let (call, answer) = self.exchange(t, call);
        let outcome = match &answer {
            Err(e) => Outcome::Failed(e.clone()),
            Ok(a) => self.judge(t, a).map_or_else(Outcome::Failed, |()| Outcome::Passed),
        };
        let passed = outcome == Outcome::Passed;
        self.record(t, kind, what, call.line(), outcome);
        (call, answer.ok().filter(|_| passed))
    }

    /// The targets of `resource` with `effect`.
    fn of(&self, resource: &str, effect: Effect) -> Vec<Target<'s>> {
        self.targets.iter().filter(|t| t.resource() == resource && t.effect() == effect).copied().collect()
    }
}
