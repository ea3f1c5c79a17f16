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

use super::journal::{Json, Tokens};
use super::spec::Served;
use crate::error::ApiError;
use serde_json::{Map, Value};
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

/// The rules of one spec, plugged into the engine.
pub trait Profile: Send + Sync + 'static {
    /// The name an overlay binds it by (`profile = "matrix"`).
    fn name(&self) -> &'static str;

    /// Whether `served` is the spec this profile was written for; the error
    /// names the first difference.
    fn fits(&self, served: &Served) -> Result<(), String>;

    /// Whether it has a rule of its own for the endpoint (else it answers
    /// an example of the response type).
    fn serves(&self, endpoint: &str) -> bool;

    /// Serves one request of an endpoint of the bound spec.
    fn call(&self, call: Call) -> BoxReply;

    /// `POST /_mock/users`: an account (made on first use) and a fresh token,
    /// as (user ID, token).
    fn issue_token(&self, name: &str) -> Result<(String, String), ApiError>;

    /// The whole state, as `GET /_mock/state` and `--state-file` hold it,
    /// its access tokens shown or redacted.
    fn export(&self, tokens: Tokens) -> Json;

    /// Replaces the state with an export; refused, naming why, when it does
    /// not hold together (nothing is changed then).
    fn import(&self, state: &[u8]) -> Result<(), String>;

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

    /// The profile `name` of an overlay, checked against the spec it is to
    /// serve.
    pub fn bind(&self, name: &str, served: &Served) -> Result<Arc<dyn Profile>, String> {
        let Some(p) = self.0.iter().find(|p| p.name() == name) else {
            let known: Vec<&str> = self.0.iter().map(|p| p.name()).collect();
            let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            return Err(format!("the overlay binds profile \"{name}\", which this server does not have (it has: {known})"));
        };
        p.fits(served).map_err(|why| {
            format!(
                "the overlay binds profile \"{name}\", but the spec is not the one it was written for: {why}\n  \
                 = help: serve the spec without the profile (--no-bindings, or remove `profile` from the overlay), \
                 or regenerate the profile's crate and rebuild"
            )
        })?;
        Ok(p.clone())
    }
}
