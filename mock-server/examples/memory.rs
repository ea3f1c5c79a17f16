//! Memory per stored small message: appends N messages (default 1,000,000)
//! to one room of the store, as the send handler does, and prints the growth
//! of the resident set divided by N. Used by `bench/mock`.

use client_server_v2::{RoomId, UserId};
use mock_server::matrix::state::{Room, Store};
use serde_json::json;

#[path = "support/rss.rs"]
mod rss;
use rss::rss_bytes;

fn main() {
    let n: u64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let (room, alice) = (RoomId::from("!room:localhost"), UserId::from("@alice:localhost"));
    let mut store = Store::new("localhost");
    store.rooms.insert(room.clone(), Room::new(alice.clone()));
    let before = rss_bytes();
    for k in 0..n {
        store.append(
            Some(&room),
            &alice,
            "m.room.message",
            None,
            Some(&json!({ "body": format!("hello {k}"), "msgtype": "m.text" })),
            None,
        );
    }
    let after = rss_bytes();
    let per = (after - before) as f64 / n as f64;
    println!("{n} small messages: RSS +{:.0} MiB, {per:.0} bytes per message (target < 1024)", (after - before) as f64 / 1048576.0);
    assert_eq!(store.events.len() as u64, n);
}
