//! Generic engine (shared with the Matrix profile): stored JSON text, the
//! journal of received requests, random tokens and the clock.

use serde::{Deserialize, Serialize};

/// Stored JSON: compact text, parsed when read. A small object costs tens of
/// bytes this way, where a `serde_json::Value` map costs hundreds.
pub type Json = Box<serde_json::value::RawValue>;

pub fn to_json(v: &impl Serialize) -> Json {
    serde_json::value::to_raw_value(v).expect("stored values always serialise")
}

/// One received request, for `/_mock/journal`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JournalEntry {
    pub endpoint: std::borrow::Cow<'static, str>,
    pub method: std::borrow::Cow<'static, str>,
    pub path: std::borrow::Cow<'static, str>,
    pub user: Option<String>,
    /// The validated parameters, as compact JSON (one allocation to keep
    /// and to drop when the entry leaves the journal).
    pub request: Json,
    pub status: u16,
}

/// How many requests the journal keeps: a long-running mock must not grow
/// without bound.
pub const JOURNAL_LIMIT: usize = 10_000;

/// Milliseconds since the epoch.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Whether an export shows the access tokens it holds: a state file must
/// (sessions survive a restart); `GET /_mock/state` does only when asked
/// (`?tokens=true`), as a live token is a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokens {
    Shown,
    Redacted,
}

/// What a redacted export shows of a token: its first 8 characters and
/// `…`, unique among `taken` (a second token with the same start takes a
/// number).
pub fn redacted(token: &str, taken: &mut std::collections::HashSet<String>) -> String {
    let start: String = token.chars().take(8).collect();
    let mut shown = format!("{start}…");
    let mut n = 1;
    while !taken.insert(shown.clone()) {
        n += 1;
        shown = format!("{start}…{n}");
    }
    shown
}

/// Whether a token is one a redacted export showed (it cannot be used, nor
/// put back).
pub fn is_redacted(token: &str) -> bool {
    token.contains('…')
}

/// A random token: 128 bits, hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the system has randomness");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
