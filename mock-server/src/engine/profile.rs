//! Generic engine: the plug-in point for domain profiles. A profile holds
//! the rules of one spec (Matrix's rooms, membership, event stream...)
//! compiled against that spec's generated crate. The engine keeps doing
//! everything generic for it (routing, status gates, faults, body limits,
//! validation, the journal, the control routes, the accept loop) and hands
//! it each validated request.
//!
//! A profile is bound by the spec's overlay (`profile = "matrix"`), never
//! because an endpoint's name matches one it knows, and only to the spec it
//! was compiled for: [`Profile::fits`] compares the served endpoint table
//! with its own, so an edited spec is refused rather than half-served.
//!
//! A profile is two things, kept apart: [`Profile`] serves requests, its
//! [`ProfileState`] is taken out, put back and forgotten by the control
//! routes and the state file.

use super::error::{BindError, Mismatch, StateError};
use super::journal::{Json, Tokens};
use crate::error::ApiError;
use serde_json::{Map, Value};
use specgen::types::Endpoint;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One request for a profile: validated against the endpoint's types.
pub struct Call {
    /// The endpoint's name (`send`), as in the overlay and generated crate.
    pub endpoint: String,
    /// The access token, when the request carried one (endpoints that need
    /// one never get here without it).
    pub token: Option<String>,
    /// Path, query and body parameters by wire name.
    pub params: Map<String, Value>,
}

/// What a profile answers: the response as JSON text, and the user the
/// request acted as (for the journal).
pub struct Reply {
    pub user: Option<String>,
    pub answer: Result<Json, ApiError>,
}

pub type BoxReply = Pin<Box<dyn Future<Output = Reply> + Send>>;

/// The rules of one spec, plugged into the engine: how it serves requests.
/// Its state is a [`ProfileState`].
pub trait Profile: ProfileState {
    /// The name an overlay binds it by (`profile = "matrix"`).
    fn name(&self) -> &'static str;

    /// Whether `endpoints`, the served endpoint table, is that of the spec
    /// this profile was written for.
    fn fits(&self, endpoints: &[&Endpoint]) -> Result<(), Mismatch>;

    /// Whether it has a rule of its own for the endpoint (else it answers
    /// an example of the response type).
    fn serves(&self, endpoint: &str) -> bool;

    /// Serves one request of an endpoint of the bound spec.
    fn call(&self, call: Call) -> BoxReply;

    /// `POST /_mock/users`: an account (made on first use) and a fresh token,
    /// as (user ID, token).
    fn issue_token(&self, name: &str) -> Result<(String, String), ApiError>;

    /// Whether `token` is one of its callers' (the engine answers an
    /// unknown one 401 before it says what else is wrong with a request).
    fn knows_token(&self, token: &str) -> bool;
}

/// A profile's state, as the control routes and the state file see it.
pub trait ProfileState: Send + Sync + 'static {
    /// The whole state, as `GET /_mock/state` and `--state-file` hold it,
    /// its access tokens shown or redacted.
    fn export(&self, tokens: Tokens) -> Json;

    /// Replaces the state with an export; refused, naming why, when it does
    /// not hold together (nothing is changed then).
    fn import(&self, state: &[u8]) -> Result<(), StateError>;

    /// Forgets everything (`POST /_mock/reset`).
    fn reset(&self);
}

/// The profiles this server has, to bind by name.
#[derive(Clone, Default)]
pub struct Profiles(Vec<Arc<dyn Profile>>);

impl std::fmt::Debug for Profiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter().map(|p| p.name())).finish()
    }
}

impl Profiles {
    pub fn with(mut self, p: Arc<dyn Profile>) -> Self {
        self.0.push(p);
        self
    }

    /// The profile `name` of an overlay, checked against `endpoints`, the
    /// endpoint table of the spec it is to serve.
    pub fn bind(&self, name: &str, endpoints: &[&Endpoint]) -> Result<Arc<dyn Profile>, BindError> {
        let Some(p) = self.0.iter().find(|p| p.name() == name) else {
            let known: Vec<&str> = self.0.iter().map(|p| p.name()).collect();
            let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            return Err(BindError::NotHere { name: name.to_string(), known });
        };
        p.fits(endpoints).map_err(|mismatch| BindError::Unfit { name: name.to_string(), mismatch })?;
        Ok(p.clone())
    }
}
