//! Generic engine: what can go wrong serving a spec, typed. The spec read
//! with errors (its located diagnostics), a profile the overlay binds that
//! this server does not have or that does not fit, a state file that cannot
//! be read or written, a state export refused.
//!
//! Each error's text is complete on its own (a `file:line:col` or the path
//! it concerns, and what was expected): the binary prints it as it is.

use std::path::PathBuf;

/// Why the engine cannot serve, load or save.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The spec or its overlay cannot be read, or has errors (its text:
    /// every located error, one `file:line:col: error: …` per line).
    #[error("{0}")]
    Spec(specgen::SpecError),
    /// The profile the overlay binds (at `at`: `file:line:col: `).
    #[error("{at}error: {error}")]
    Profile { at: String, error: Box<BindError> },
    #[error("cannot read the state from {}: {error}", path.display())]
    ReadState { path: PathBuf, error: std::io::Error },
    #[error("cannot save the state to {}: {error}", path.display())]
    SaveState { path: PathBuf, error: std::io::Error },
    /// The state file holds a state that is refused.
    #[error("{}: {error}", path.display())]
    StateFile { path: PathBuf, error: StateError },
}

/// Why a state export is not taken back (nothing is changed then).
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("not a state export: {0}")]
    NotAnExport(serde_json::Error),
    #[error("the state does not hold together: {0}")]
    Inconsistent(Inconsistency),
}

/// The first thing wrong in a state that does not hold together (a token
/// without its account, an id counter below the ids given...).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Inconsistency(pub String);

/// How a spec differs from the one a profile was written for: the first
/// difference found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mismatch {
    #[error("it has no endpoint `{name}` ({method} {path})")]
    Missing { name: String, method: specgen::types::Method, path: String },
    #[error("endpoint `{name}` is {spec} in the spec, {profile} in the profile")]
    Route { name: String, spec: String, profile: String },
    /// The parameters, each `wire (location)`, in the spec and in the profile.
    #[error("the parameters of `{name}` differ: {spec} in the spec, {profile} in the profile")]
    Params { name: String, spec: String, profile: String },
    #[error("endpoint `{0}` is not one the profile knows")]
    Unknown(String),
}

/// Why the profile an overlay names is not bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    #[error("the overlay binds profile \"{name}\", which this server does not have (it has: {known})")]
    NotHere { name: String, known: String },
    #[error(
        "the overlay binds profile \"{name}\", but the spec is not the one it was written for: {mismatch}\n  \
         = help: serve the spec without the profile (--no-bindings, or remove `profile` from the overlay), \
         or regenerate the profile's crate and rebuild"
    )]
    Unfit { name: String, mismatch: Mismatch },
}
