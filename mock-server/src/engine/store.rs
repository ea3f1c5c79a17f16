//! Generic engine: the one store of any spec. Records per resource (kept in
//! creation order, so a page cursor stays valid while others write), fresh
//! ids per id type, accounts and tokens, first answers of retried requests,
//! the change feed, the journal.
//!
//! Invariant: `by_id` indexes every record of `records`; a change's
//! position is one more than the one before it.

use super::error::Inconsistency;
use super::journal::{is_redacted, redacted, to_json, JournalEntry, Json, Tokens, JOURNAL_LIMIT};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// One stored item of a resource.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    /// The user who created it: the caller, when the request carried a
    /// valid token (none for a request without one).
    pub owner: Option<String>,
    /// (id type, id) of the items it sits under (`ParcelId` of a scan).
    pub parents: Vec<(String, String)>,
    /// Attributes by name relative to the resource, as compact JSON text.
    pub attrs: Json,
    /// Rights other users were given on it by an action that names them
    /// ("Sharing a notebook" with a "User ID").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub grants: BTreeMap<String, Right>,
}

/// What an action gave a user on a record: reading it (anyone may), or
/// changing it and what sits under it as its owner may ("may edit").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Right {
    Read,
    Edit,
}

impl Record {
    pub fn attrs(&self) -> Map<String, Value> {
        serde_json::from_str(self.attrs.get()).unwrap_or_default()
    }

    pub fn parent(&self, id_type: &str) -> Option<&str> {
        self.parents.iter().find(|(t, _)| t == id_type).map(|(_, v)| v.as_str())
    }
}

/// The items of one resource.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Collection {
    /// By creation sequence number (the page cursor).
    pub records: BTreeMap<u64, Record>,
    #[serde(skip)]
    pub by_id: HashMap<String, u64>,
    pub next: u64,
}

impl Collection {
    pub fn insert(&mut self, r: Record) -> u64 {
        self.next += 1;
        self.by_id.insert(r.id.clone(), self.next);
        self.records.insert(self.next, r);
        self.next
    }

    pub fn get(&self, id: &str) -> Option<&Record> {
        self.by_id.get(id).and_then(|s| self.records.get(s))
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Record> {
        self.by_id.get(id).and_then(|s| self.records.get_mut(s))
    }

    pub fn remove(&mut self, id: &str) -> Option<Record> {
        self.by_id.remove(id).and_then(|s| self.records.remove(&s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Created,
    Updated,
    Deleted,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Updated => "updated",
            ChangeKind::Deleted => "deleted",
        }
    }
}

/// One write, for feeds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    pub position: u64,
    pub resource: String,
    pub id: String,
    pub kind: ChangeKind,
    /// The caller who made the change (none without a token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// How many changes a feed keeps (older ones are dropped).
pub const CHANGES_LIMIT: usize = 100_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Store {
    pub collections: BTreeMap<String, Collection>,
    /// Last number given, per id type.
    pub counters: BTreeMap<String, u64>,
    /// Accounts: user → the password's salted hash ([`super::password`];
    /// empty when none was given), never the password.
    pub users: BTreeMap<String, String>,
    /// Access token → user.
    pub tokens: HashMap<String, String>,
    /// Deleted accounts' names: never given again, so nobody inherits
    /// their records.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub deleted_users: BTreeSet<String>,
    /// (user, endpoint, path parameters, request id) → the first answer
    /// ([`super::retry`]).
    pub replies: HashMap<String, Json>,
    /// The same keys → the request each answered (absent in a state saved
    /// before requests were kept).
    #[serde(default, skip_serializing_if = "HashMap::is_empty")]
    pub reply_requests: HashMap<String, String>,
    pub changes: VecDeque<Change>,
    pub position: u64,
    pub journal: VecDeque<JournalEntry>,
}

/// The largest counter an imported state may hold: far more ids than any
/// run makes, and far from the largest `u64`, so counting on never wraps.
pub const COUNTER_LIMIT: u64 = 1 << 53;

/// The number a fresh id of `example`'s shape carries (`parcel_7` of
/// `parcel_1` → 7, `scan_3` of `scan` → 3), if `id` has that shape.
pub fn id_number(example: &str, id: &str) -> Option<u64> {
    let stem = example.trim_end_matches(|c: char| c.is_ascii_digit());
    let stem = if stem.len() < example.len() { stem.to_string() } else { format!("{example}_") };
    let digits = id.strip_prefix(stem.as_str())?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| digits.parse().ok()).flatten()
}

impl Store {
    /// Whether an imported state can be trusted: every counter at or above
    /// the ids it gave (the next create would otherwise hand out an id in
    /// use) and below [`COUNTER_LIMIT`], every collection's sequence at or
    /// above its records', each id once per collection, every token's user
    /// an account, the change feed in order. `kinds` are (resource, id type,
    /// example id) of the resources the spec creates. The error names the
    /// first thing that is wrong.
    pub fn check(&self, kinds: &[(&str, &str, &str)]) -> Result<(), Inconsistency> {
        for (id_type, n) in &self.counters {
            if *n >= COUNTER_LIMIT {
                return Err(Inconsistency(format!("counter `{id_type}` is {n}: at most {} ids are counted", COUNTER_LIMIT - 1)));
            }
        }
        for (resource, c) in &self.collections {
            if let Some((seq, _)) = c.records.last_key_value().filter(|(seq, _)| **seq > c.next) {
                return Err(Inconsistency(format!("`{resource}` holds a record at sequence {seq}, past its `next` ({})", c.next)));
            }
            let mut ids = std::collections::HashSet::new();
            if let Some(r) = c.records.values().find(|r| !ids.insert(r.id.as_str())) {
                return Err(Inconsistency(format!("`{resource}` holds the id `{}` twice", r.id)));
            }
        }
        for (resource, id_type, example) in kinds {
            let Some(c) = self.collections.get(*resource) else { continue };
            let counter = self.counters.get(*id_type).copied().unwrap_or(0);
            if let Some((r, n)) = c.records.values().filter_map(|r| id_number(example, &r.id).map(|n| (r, n))).find(|(_, n)| *n > counter) {
                return Err(Inconsistency(format!(
                    "counter `{id_type}` is {counter}, below the `{resource}` `{}` stored (number {n}): the next create would give an id in use",
                    r.id
                )));
            }
        }
        if let Some(token) = self.tokens.keys().find(|t| is_redacted(t)) {
            return Err(Inconsistency(format!("token {token} is redacted: `GET /_mock/state?tokens=true` exports the tokens themselves")));
        }
        if let Some((token, user)) = self.tokens.iter().find(|(_, u)| !self.users.contains_key(*u)) {
            return Err(Inconsistency(format!("token {}… belongs to `{user}`, who has no account", &token[..token.len().min(6)])));
        }
        let mut last = 0;
        for ch in &self.changes {
            if ch.position <= last || ch.position > self.position {
                return Err(Inconsistency(format!("change at position {} is out of order (position {})", ch.position, self.position)));
            }
            last = ch.position;
        }
        Ok(())
    }

    /// The whole store as JSON, its tokens shown or redacted.
    pub fn export(&mut self, tokens: Tokens) -> Json {
        if tokens == Tokens::Shown {
            return to_json(self);
        }
        let mut taken = std::collections::HashSet::new();
        let shown = self.tokens.iter().map(|(t, u)| (redacted(t, &mut taken), u.clone())).collect();
        let live = std::mem::replace(&mut self.tokens, shown);
        let json = to_json(self);
        self.tokens = live;
        json
    }

    /// Rebuilds the indexes (after an import or a load).
    pub fn reindex(&mut self) {
        for c in self.collections.values_mut() {
            c.by_id = c.records.iter().map(|(s, r)| (r.id.clone(), *s)).collect();
        }
    }

    /// A fresh id of `id_type`, shaped like its example (`parcel_1` →
    /// `parcel_7`).
    pub fn fresh(&mut self, id_type: &str, example: &str) -> String {
        let n = self.counters.entry(id_type.to_string()).or_default();
        // Imports refuse counters at COUNTER_LIMIT, and one create adds one.
        *n = n.checked_add(1).expect("counters stay far below u64::MAX");
        let stem = example.trim_end_matches(|c: char| c.is_ascii_digit());
        if stem.len() < example.len() {
            format!("{stem}{n}")
        } else {
            format!("{example}_{n}")
        }
    }

    pub fn collection(&mut self, resource: &str) -> &mut Collection {
        if !self.collections.contains_key(resource) {
            self.collections.insert(resource.to_string(), Collection::default());
        }
        self.collections.get_mut(resource).expect("inserted above")
    }

    pub fn record(&self, resource: &str, id: &str) -> Option<&Record> {
        self.collections.get(resource).and_then(|c| c.get(id))
    }

    /// Logs a write for feeds.
    pub fn changed(&mut self, resource: &str, id: &str, kind: ChangeKind, by: Option<&str>) {
        self.position += 1;
        if self.changes.len() == CHANGES_LIMIT {
            self.changes.pop_front();
        }
        let by = by.map(str::to_string);
        self.changes.push_back(Change { position: self.position, resource: resource.to_string(), id: id.to_string(), kind, by });
    }

    /// Deletes an account: its tokens stop working at once, its name is
    /// never given again; its records stay, still naming it their owner.
    pub fn delete_account(&mut self, user: &str) {
        self.users.remove(user);
        self.tokens.retain(|_, u| u != user);
        self.deleted_users.insert(user.to_string());
    }

    /// An account (made on first use) and a new token for it.
    pub fn issue_token(&mut self, user: &str) -> String {
        self.users.entry(user.to_string()).or_default();
        let token = super::journal::random_token();
        self.tokens.insert(token.clone(), user.to_string());
        token
    }

    /// Keeps the first answer to a retryable request.
    pub fn remember(&mut self, retry: super::retry::Retry, answer: &Value) {
        self.replies.insert(retry.key.clone(), to_json(answer));
        self.reply_requests.insert(retry.key, retry.request);
    }

    /// Records a request, dropping the oldest beyond the limit.
    pub fn journal(&mut self, entry: JournalEntry) {
        if self.journal.len() == JOURNAL_LIMIT {
            self.journal.pop_front();
        }
        self.journal.push_back(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fresh_per_type_and_shaped_like_the_example() {
        let mut s = Store::default();
        assert_eq!(s.fresh("ParcelId", "parcel_1"), "parcel_1");
        assert_eq!(s.fresh("ParcelId", "parcel_1"), "parcel_2");
        assert_eq!(s.fresh("ScanId", "scan"), "scan_1");
    }

    #[test]
    fn a_cursor_stays_valid_while_records_come_and_go() {
        let mut c = Collection::default();
        let rec = |id: &str| Record {
            id: id.into(),
            owner: None,
            parents: vec![],
            attrs: to_json(&Value::Object(Map::new())),
            grants: BTreeMap::new(),
        };
        let first = c.insert(rec("a"));
        c.insert(rec("b"));
        c.remove("a");
        c.insert(rec("c"));
        let after: Vec<&str> = c.records.range(first + 1..).map(|(_, r)| r.id.as_str()).collect();
        assert_eq!(after, ["b", "c"]);
        assert!(c.get("a").is_none() && c.get("c").is_some());
    }
}
