//! The transport of `specgen verify`: plain HTTP with reqwest (the `cli`
//! feature only, so a `build.rs` user's graph has no HTTP client).

use super::call::{Answer, Call, Transport};
use std::time::Duration;

/// Plain HTTP to the server at `base`.
pub struct Http {
    base: String,
    client: reqwest::blocking::Client,
}

impl Http {
    /// A transport to `base` (`http://host:port`, a path prefix allowed).
    pub fn new(base: &str, timeout: Duration) -> Result<Self, String> {
        let base = base.trim_end_matches('/').to_string();
        if !base.starts_with("http://") {
            return Err("expected an http:// URL (https is not supported: verify a server over plain HTTP, or through a local TLS-terminating proxy)".into());
        }
        let client = reqwest::blocking::Client::builder().timeout(timeout).build().map_err(|e| e.to_string())?;
        Ok(Http { base, client })
    }
}

impl Transport for Http {
    fn send(&mut self, call: &Call) -> Result<Answer, String> {
        let method = reqwest::Method::from_bytes(call.method.as_str().as_bytes()).map_err(|e| e.to_string())?;
        let mut req = self.client.request(method, format!("{}{}", self.base, call.target()));
        if let Some(t) = &call.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        if let Some(b) = &call.body {
            req = req.header("Content-Type", "application/json").body(b.to_string());
        }
        let resp = req.send().map_err(|e| format!("no answer: {e}"))?;
        let status = resp.status().as_u16();
        let text = resp.text().map_err(|e| format!("the answer could not be read: {e}"))?;
        Ok(Answer::new(status, text))
    }
}
