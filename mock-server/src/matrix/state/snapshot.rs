//! Published-room list snapshots, paged through unchanged.

/// A published-room list as its first page saw it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub taken_ms: u64,
    pub rooms: Vec<client_server_v2::PublicRoom>,
}

/// How many published-room list snapshots are kept (the oldest go first).
pub const SNAPSHOT_LIMIT: usize = 64;

/// How long a published-room list snapshot can be paged through.
pub const SNAPSHOT_TTL_MS: u64 = 10 * 60 * 1000;
