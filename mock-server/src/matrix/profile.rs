//! The Matrix profile on the engine: the built-in spec's domain rules,
//! compiled against its generated crate, bound by the overlay's
//! `profile = "matrix"`. The engine routes, gates, validates and journals;
//! this part authenticates the caller when the request acts and runs the
//! endpoint's handler.

use super::app::App;
use super::handlers::{self, Handler};
use super::request::{self, Incoming};
use super::state::{password, Account, Store};
use crate::engine::error::{Mismatch, StateError};
use crate::engine::journal::{random_token, Json, Tokens};
use crate::engine::profile::{BoxReply, Call, Profile, ProfileState, Reply};
use crate::error::ApiError;
use client_server_v2::support::Endpoint;
use client_server_v2::{UserId, ENDPOINTS};
use specgen::types::Location;
use std::collections::HashMap;

/// The name the overlay binds this profile by.
pub const NAME: &str = "matrix";

pub struct Matrix {
    app: App,
    /// Each endpoint of the generated crate with its handler, by name.
    table: HashMap<&'static str, (&'static Endpoint, Handler)>,
}

impl Matrix {
    pub fn new(app: App) -> Self {
        let table = ENDPOINTS.iter().map(|ep| (ep.name, (ep, handlers::handler(ep.name)))).collect();
        Matrix { app, table }
    }

    pub fn app(&self) -> &App {
        &self.app
    }
}

impl Profile for Matrix {
    fn name(&self) -> &'static str {
        NAME
    }

    /// The served spec has exactly the generated crate's endpoints: the same
    /// names, methods, paths and parameters (wire name and where each
    /// travels). Statuses may differ: the engine gates by the served one.
    fn fits(&self, endpoints: &[&specgen::types::Endpoint]) -> Result<(), Mismatch> {
        let mut theirs: HashMap<&str, &specgen::types::Endpoint> = endpoints.iter().map(|e| (e.name.as_str(), *e)).collect();
        for ep in ENDPOINTS {
            let Some(their) = theirs.remove(ep.name) else {
                return Err(Mismatch::Missing { name: ep.name.into(), method: ep.method, path: ep.path.into() });
            };
            if their.method != ep.method || their.path != ep.path {
                return Err(Mismatch::Route {
                    name: ep.name.into(),
                    spec: format!("{} {}", their.method, their.path),
                    profile: format!("{} {}", ep.method, ep.path),
                });
            }
            let mut wanted: Vec<(&str, Location)> = ep.params.iter().map(|p| (p.wire, p.location)).collect();
            let mut got: Vec<(&str, Location)> = their.request.fields.iter().map(|f| (f.wire.as_str(), f.location)).collect();
            wanted.sort_unstable();
            got.sort_unstable();
            if wanted != got {
                return Err(Mismatch::Params { name: ep.name.into(), spec: list(&got), profile: list(&wanted) });
            }
        }
        match theirs.keys().next() {
            Some(extra) => Err(Mismatch::Unknown(extra.to_string())),
            None => Ok(()),
        }
    }

    fn serves(&self, endpoint: &str) -> bool {
        self.table.get(endpoint).is_some_and(|(_, h)| !matches!(h, Handler::Generic))
    }

    fn call(&self, call: Call) -> BoxReply {
        let app = self.app.clone();
        let found = self.table.get(call.endpoint.as_str()).cloned();
        Box::pin(async move {
            let Some((ep, handler)) = found else {
                return Reply { user: None, answer: Err(ApiError::unrecognized(axum::http::StatusCode::NOT_FOUND, "no such endpoint")) };
            };
            let caller = match ep.auth.then(|| request::authenticate(&app, call.token)).transpose() {
                Ok(c) => c,
                Err(e) => return Reply { user: None, answer: Err(e) },
            };
            let user = caller.as_ref().map(|c| c.user.0.clone());
            let incoming = Incoming { endpoint: ep, params: call.params, caller };
            let answer = match &handler {
                Handler::Sync(f) => f(&app, &incoming),
                Handler::Async(f) => f(app, incoming).await,
                Handler::Generic => handlers::generic(&incoming),
            };
            Reply { user, answer }
        })
    }

    /// An account `@name:server` (made on first use, with a random password)
    /// and a fresh token on a new device.
    fn issue_token(&self, name: &str) -> Result<(String, String), ApiError> {
        let mut store = self.app.store();
        let user = if name.starts_with('@') { UserId::from(name) } else { store.user_id(name) };
        if store.deleted_users.contains(&user) {
            return Err(ApiError::in_use(format!("{user} belonged to a deleted account and is not reused")));
        }
        if !store.accounts.contains_key(&user) {
            store.accounts.insert(user.clone(), Account { password_hash: password::hash(&random_token()), ..Account::default() });
        }
        let (token, _device) = store.issue_token(&user, None);
        Ok((user.0, token))
    }

    fn knows_token(&self, token: &str) -> bool {
        self.app.store().tokens.contains_key(token)
    }
}

impl ProfileState for Matrix {
    fn export(&self, tokens: Tokens) -> Json {
        self.app.store().export(tokens)
    }

    fn import(&self, state: &[u8]) -> Result<(), StateError> {
        let mut store: Store = serde_json::from_slice(state).map_err(StateError::NotAnExport)?;
        store.check().map_err(StateError::Inconsistent)?;
        store.reindex();
        *self.app.store() = store;
        self.app.0.events.notify_waiters();
        Ok(())
    }

    fn reset(&self) {
        *self.app.store() = Store::new(&self.app.0.server_name);
        self.app.0.events.notify_waiters();
    }
}

fn list(params: &[(&str, Location)]) -> String {
    let v: Vec<String> = params.iter().map(|(w, l)| format!("{w} ({l})")).collect();
    format!("[{}]", v.join(", "))
}
