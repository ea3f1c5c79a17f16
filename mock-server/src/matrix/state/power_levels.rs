//! A room's power levels: each user's level, and the level each action
//! needs, as the room's `m.room.power_levels` state event states them. What
//! a change of them may do is checked in
//! [`crate::matrix::handlers::power_levels`].

use client_server_v2::UserId;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Power levels read from an event's content. Invariant: a level the
/// content does not state as an integer counts as not set, so its default
/// holds (`users_default` 0, an action's own default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PowerLevels {
    /// Users' own levels.
    pub users: BTreeMap<UserId, i64>,
    /// The level of a user not in `users`.
    pub users_default: i64,
    /// The level each action needs (`kick`, `invite`, `state_default`,
    /// `events_default`...), those set.
    pub needed: BTreeMap<String, i64>,
}

impl PowerLevels {
    /// A new room's: its creator at 100, everyone else at 0; kicks and state
    /// changes need 50, invites and events 0.
    pub fn initial(creator: &UserId) -> Self {
        let needed = [("kick", 50), ("invite", 0), ("state_default", 50), ("events_default", 0)];
        PowerLevels {
            users: BTreeMap::from([(creator.clone(), 100)]),
            users_default: 0,
            needed: needed.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }

    /// The levels an event's content states (`null`: none).
    pub fn from_content(content: &Value) -> Self {
        let users = content["users"].as_object().into_iter().flatten();
        let needed = content.as_object().into_iter().flatten().filter(|(k, _)| !matches!(k.as_str(), "users" | "users_default"));
        PowerLevels {
            users: users.filter_map(|(u, l)| Some((UserId(u.clone()), l.as_i64()?))).collect(),
            users_default: content["users_default"].as_i64().unwrap_or(0),
            needed: needed.filter_map(|(k, l)| Some((k.clone(), l.as_i64()?))).collect(),
        }
    }

    /// As an event's content.
    pub fn content(&self) -> Value {
        let mut map: Map<String, Value> = self.needed.iter().map(|(k, l)| (k.clone(), json!(l))).collect();
        map.insert("users".into(), self.users.iter().map(|(u, l)| (u.0.clone(), json!(l))).collect());
        map.insert("users_default".into(), json!(self.users_default));
        Value::Object(map)
    }

    /// The level of `user`.
    pub fn of(&self, user: &UserId) -> i64 {
        self.users.get(user).copied().unwrap_or(self.users_default)
    }

    /// The level `action` needs, `default` unless set.
    pub fn needed(&self, action: &str, default: i64) -> i64 {
        self.needed.get(action).copied().unwrap_or(default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_rooms_levels_read_back() {
        let creator = UserId::from("@a:x");
        let levels = PowerLevels::initial(&creator);
        let content = levels.content();
        assert_eq!(
            content,
            json!({ "users": { "@a:x": 100 }, "users_default": 0, "kick": 50, "invite": 0, "state_default": 50, "events_default": 0 })
        );
        assert_eq!(PowerLevels::from_content(&content), levels);
        assert_eq!((levels.of(&creator), levels.of(&"@b:x".into()), levels.needed("kick", 0), levels.needed("ban", 7)), (100, 0, 50, 7));
    }

    #[test]
    fn levels_that_are_not_integers_are_not_set() {
        let levels = PowerLevels::from_content(&json!({ "users": { "@a:x": "high", "@b:x": 5 }, "users_default": 2.5, "kick": "x" }));
        assert_eq!((levels.of(&"@a:x".into()), levels.of(&"@b:x".into()), levels.needed("kick", 50)), (0, 5, 50));
        assert_eq!(PowerLevels::from_content(&Value::Null), PowerLevels::default());
    }
}
