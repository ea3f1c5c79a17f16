//! Accounts and their devices (each with its live access tokens).

use client_server_v2::DeviceId;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Device {
    pub created_ts: u64,
    pub last_used_ts: u64,
    pub tokens: BTreeSet<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Account {
    /// The password's salted hash ([`crate::engine::password::hash`]),
    /// never the password.
    #[serde(default)]
    pub password_hash: String,
    /// A plaintext password, as state files written before hashing hold
    /// it: read, hashed by [`super::store::Store::reindex`], never written.
    #[serde(default, rename = "password", skip_serializing)]
    pub legacy_password: Option<String>,
    pub devices: BTreeMap<DeviceId, Device>,
    pub displayname: Option<String>,
    pub avatar_url: Option<String>,
    pub presence: Option<String>,
}
