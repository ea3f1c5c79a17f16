//! Generic engine (shared with the Matrix profile): injected faults per
//! endpoint name (`*` for all), read without a lock while none is set.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The longest latency a fault may add: a minute, as long as a feed waits
/// (a larger one would hang every request it touches).
pub const MAX_LATENCY_MS: u64 = 60_000;

/// Injected faults, per endpoint name (`*` for all).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Added before answering.
    #[serde(default)]
    pub latency_ms: u64,
    /// Share of requests (0..=1) answered with 500 `M_UNKNOWN`.
    #[serde(default)]
    pub error_rate: f64,
}

/// Faults by endpoint name.
pub type Faults = BTreeMap<String, Fault>;

/// The faults set now. Invariant: `any` is true exactly when `faults` has
/// an entry (only [`FaultTable::set`] changes them).
#[derive(Default)]
pub struct FaultTable {
    faults: Mutex<Faults>,
    any: AtomicBool,
}

impl FaultTable {
    /// The fault for an endpoint (its own, else `*`).
    pub fn get(&self, endpoint: &str) -> Option<Fault> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        let f = self.lock();
        f.get(endpoint).or_else(|| f.get("*")).cloned()
    }

    pub fn all(&self) -> Faults {
        self.lock().clone()
    }

    /// Replaces the faults (an empty map clears them).
    pub fn set(&self, faults: Faults) {
        let mut f = self.lock();
        self.any.store(!faults.is_empty(), Ordering::Release);
        *f = faults;
    }

    fn lock(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Why a `PUT /_mock/faults` body was refused.
#[derive(Debug, thiserror::Error)]
pub enum FaultsError {
    #[error("field `{name}`: no endpoint of that name (known: *, {})", known.join(", "))]
    UnknownEndpoint { name: String, known: Vec<String> },
    #[error("field `latency_ms`: at most {MAX_LATENCY_MS} (a minute)")]
    LatencyTooLong,
    #[error("field `error_rate`: expected a number from 0 to 1")]
    ErrorRate,
    #[error("expected {{endpoint: {{latency_ms, error_rate}}}}: {0}")]
    NotFaults(serde_json::Error),
}

/// Parses a `PUT /_mock/faults` body: `{ "send": {"latency_ms": 200,
/// "error_rate": 0.5}, "*": {...} }`. Every name must be `*` or one of
/// `endpoints` (a typo would otherwise be stored and never fire).
pub fn parse<'a>(body: &[u8], endpoints: impl Iterator<Item = &'a str> + Clone) -> Result<Faults, FaultsError> {
    let parsed = serde_json::from_slice::<Faults>(body);
    if let Ok(f) = &parsed {
        if let Some(unknown) = f.keys().find(|k| *k != "*" && !endpoints.clone().any(|e| e == *k)) {
            let known = endpoints.map(str::to_string).collect();
            return Err(FaultsError::UnknownEndpoint { name: unknown.clone(), known });
        }
    }
    match parsed {
        Ok(f) if f.values().any(|x| x.latency_ms > MAX_LATENCY_MS) => Err(FaultsError::LatencyTooLong),
        Ok(f) if f.values().all(|x| (0.0..=1.0).contains(&x.error_rate)) => Ok(f),
        Ok(_) => Err(FaultsError::ErrorRate),
        Err(e) => Err(FaultsError::NotFaults(e)),
    }
}

/// A uniform number in 0..1.
pub fn chance() -> f64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the system has randomness");
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_names_and_keys_are_checked() {
        let names = ["send", "sync"];
        assert!(parse(br#"{"send": {"latency_ms": 5}, "*": {}}"#, names.iter().copied()).is_ok());
        let e = parse(br#"{"sned": {"latency_ms": 5}}"#, names.iter().copied()).unwrap_err().to_string();
        assert!(e.contains("`sned`") && e.contains("send"), "{e}");
        let e = parse(br#"{"send": {"latncy_ms": 5}}"#, names.iter().copied()).unwrap_err().to_string();
        assert!(e.contains("latncy_ms"), "{e}");
        // Once up to u64::MAX: every request it touched hung.
        let e = parse(br#"{"*": {"latency_ms": 18446744073709551615}}"#, names.iter().copied()).unwrap_err().to_string();
        assert_eq!(e, "field `latency_ms`: at most 60000 (a minute)");
        assert!(parse(br#"{"*": {"latency_ms": 60000}}"#, names.iter().copied()).is_ok());
    }
}
