//! Memory per stored small record in the generic engine: creates N parcels
//! (default 1,000,000) through the create endpoint's plan on
//! `spec/examples/parcels.md`, as a request does after validation, and
//! prints the growth of the resident set divided by N. Used by
//! `bench/mock_engine`.

use mock_server::engine::effects::{apply, Call};
use mock_server::engine::semantics::Effect;
use mock_server::engine::{Engine, EngineOptions};
use serde_json::{json, Map, Value};

#[path = "support/rss.rs"]
mod rss;
use rss::rss_bytes;

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/examples/parcels.md");
    let engine = Engine::new(EngineOptions::new(spec, None)).expect("the parcels spec loads");
    let served = engine.served();
    let route = served.routes.iter().find(|r| r.plan.effect() == Effect::Create && r.plan.resource == "parcel").expect("a parcel create");
    let mut store = engine.store();
    let before = rss_bytes();
    for k in 0..n {
        let params: Map<String, Value> = json!({
            "recipient_name": format!("Ada {k}"), "delivery_address": "12 Row", "weight": 1200, "require_signature": true
        })
        .as_object()
        .cloned()
        .unwrap_or_default();
        apply(&served, route, &Call { caller: Some("ada"), auth: true, params: &params, hybrid: false }, &mut store).expect("created");
    }
    let after = rss_bytes();
    let per = (after - before) as f64 / n as f64;
    println!("{n} small records: RSS +{:.0} MiB, {per:.0} bytes per record (target < 1024)", (after - before) as f64 / 1048576.0);
    assert_eq!(store.collections["parcel"].records.len() as u64, n);
}
