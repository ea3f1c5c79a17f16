//! JSON reports: the report structures as they are (the README gives the
//! contract).

use super::{DiffReport, History, Render, StatusReport};
use serde::Serialize;

pub struct Json;

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string())) + "\n"
}

impl Render for Json {
    fn status(&self, r: &StatusReport) -> String {
        json(r)
    }

    fn diff(&self, r: &DiffReport) -> String {
        json(r)
    }

    fn history(&self, h: &History) -> String {
        json(h)
    }
}
