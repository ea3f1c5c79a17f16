//! Generic engine: what a served spec is served with (its source, the
//! status gate, limits, the state file, the profiles an overlay may bind):
//! the server's one options struct, for `--spec` and the built-in spec
//! ([`crate::builtin`]) alike.

use super::profile::Profiles;
use super::serve::HEADER_TIMEOUT;
use super::spec::Source;
use specgen::Status;

#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub source: Source,
    /// Sections below this status answer 404 `M_UNRECOGNIZED`.
    pub min_status: Status,
    /// Largest request body accepted (413 `M_TOO_LARGE` beyond).
    pub body_limit: usize,
    /// Where the state is loaded from at start and saved to at shutdown and
    /// on `POST /_mock/save`.
    pub state_file: Option<std::path::PathBuf>,
    /// How long a client may take to send a request head, and how long a
    /// kept-alive connection may stay idle.
    pub header_timeout: std::time::Duration,
    /// The domain profiles an overlay may bind (`profile = "matrix"`).
    pub profiles: Profiles,
    /// The real server requests go to first (`--upstream`), the mock
    /// answering what it does not have.
    pub upstream: Option<super::upstream::Target>,
}

impl EngineOptions {
    pub fn new(spec: impl Into<std::path::PathBuf>, bindings: Option<std::path::PathBuf>) -> Self {
        EngineOptions {
            source: Source { spec: spec.into(), bindings, embedded: None },
            min_status: Status::Todo,
            body_limit: 64 * 1024,
            state_file: None,
            header_timeout: HEADER_TIMEOUT,
            profiles: Profiles::default(),
            upstream: None,
        }
    }
}
