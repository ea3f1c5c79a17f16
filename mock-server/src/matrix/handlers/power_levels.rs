//! Power-level changes: what a `m.room.power_levels` event may change.
//!
//! Invariants a change keeps: every level is an integer (top-level keys, and
//! the values of the `users` and `events` maps); no level is set above the
//! changer's own; no level the changer is below is changed; and no other
//! user at or above the changer's level is touched (the changer may lower
//! their own level).

use crate::error::ApiError;
use serde_json::{Map, Value};

/// The keys whose values are maps of levels; every other key is a level.
const MAPS: [&str; 2] = ["users", "events"];

/// Checks that `new` is a valid power-levels content (`field` names it in
/// errors) that `changer`, at level `mine`, may put in place of `old`.
pub fn check_change(old: &Value, new: &Value, changer: &str, mine: i64, field: &str) -> Result<(), ApiError> {
    let empty = Map::new();
    let new_map = new.as_object().ok_or_else(|| ApiError::bad_json(format!("field `{field}`: power levels are a JSON object")))?;
    let old_map = old.as_object().unwrap_or(&empty);
    check_integers(new_map, field)?;
    let old_default = old_map.get("users_default").and_then(Value::as_i64).unwrap_or(0);
    for key in old_map.keys().chain(new_map.keys()) {
        let (before, after) = (old_map.get(key), new_map.get(key));
        if before == after {
            continue;
        }
        if key == "users" {
            check_users(before, after, changer, mine, old_default)?;
        } else if key == "events" {
            for (k, (b, a)) in changed_entries(before, after) {
                check_level(b, a, mine, &format!("events.{k}"))?;
            }
        } else {
            check_level(before.and_then(Value::as_i64), after.and_then(Value::as_i64), mine, key)?;
        }
    }
    Ok(())
}

/// Every level an integer, naming the first that is not.
fn check_integers(levels: &Map<String, Value>, field: &str) -> Result<(), ApiError> {
    for (key, v) in levels {
        if MAPS.contains(&key.as_str()) {
            let map =
                v.as_object().ok_or_else(|| ApiError::bad_json(format!("field `{field}.{key}`: expected a map of integer levels")))?;
            if let Some((k, bad)) = map.iter().find(|(_, l)| !l.is_i64()) {
                return Err(not_integer(&format!("{field}.{key}.{k}"), bad));
            }
        } else if !v.is_i64() {
            return Err(not_integer(&format!("{field}.{key}"), v));
        }
    }
    Ok(())
}

fn not_integer(field: &str, v: &Value) -> ApiError {
    ApiError::bad_json(format!("field `{field}`: a power level is an integer, not {v}"))
}

/// A level before and after a change (`None`: not set).
type Change = (Option<i64>, Option<i64>);

/// The entries of two level maps that differ: key → (before, after).
fn changed_entries<'a>(before: Option<&'a Value>, after: Option<&'a Value>) -> Vec<(&'a String, Change)> {
    let (b, a) = (before.and_then(Value::as_object), after.and_then(Value::as_object));
    let keys: std::collections::BTreeSet<&String> = b.into_iter().chain(a).flat_map(|m| m.keys()).collect();
    keys.into_iter()
        .map(|k| (k, (b.and_then(|m| m.get(k)?.as_i64()), a.and_then(|m| m.get(k)?.as_i64()))))
        .filter(|(_, (x, y))| x != y)
        .collect()
}

/// A level changed from `before` to `after`: neither above the changer's.
fn check_level(before: Option<i64>, after: Option<i64>, mine: i64, what: &str) -> Result<(), ApiError> {
    if let Some(b) = before.filter(|b| *b > mine) {
        return Err(ApiError::forbidden(format!("`{what}` is {b}, above your power level ({mine}): you may not change it")));
    }
    if let Some(a) = after.filter(|a| *a > mine) {
        return Err(ApiError::forbidden(format!("`{what}` may not be set to {a}, above your power level ({mine})")));
    }
    Ok(())
}

/// User levels: none set above the changer's, and no other user at or above
/// the changer's level touched.
fn check_users(before: Option<&Value>, after: Option<&Value>, changer: &str, mine: i64, default: i64) -> Result<(), ApiError> {
    for (user, (b, a)) in changed_entries(before, after) {
        let current = b.unwrap_or(default);
        if user != changer && current >= mine {
            return Err(ApiError::forbidden(format!(
                "{user} is at power level {current}, not below yours ({mine}): you may not change it"
            )));
        }
        if let Some(a) = a.filter(|a| *a > mine) {
            return Err(ApiError::forbidden(format!("{user} may not be given power level {a}, above yours ({mine})")));
        }
    }
    Ok(())
}

/// The `value` of a one-key patch: a level (an integer), or for a map key a
/// map of levels (`null` entries remove).
pub fn check_patch_value(key: &str, value: &Value) -> Result<(), ApiError> {
    if !MAPS.contains(&key) {
        return if value.is_i64() { Ok(()) } else { Err(not_integer("value", value)) };
    }
    let map = value.as_object().ok_or_else(|| ApiError::bad_json(format!("field `value`: `{key}` is a map of integer levels")))?;
    match map.iter().find(|(_, l)| !l.is_i64() && !l.is_null()) {
        Some((k, bad)) => Err(not_integer(&format!("value.{k}"), bad)),
        None => Ok(()),
    }
}

/// A patch of one key: a map (`users`, `events`) is merged into the current
/// one (a `null` entry removes it), any other value replaces the old.
pub fn patched(mut levels: Value, key: &str, value: Value) -> Value {
    if !levels.is_object() {
        levels = Value::Object(Map::new());
    }
    match (levels.get_mut(key).and_then(Value::as_object_mut), value) {
        (Some(current), Value::Object(patch)) if MAPS.contains(&key) => {
            for (k, v) in patch {
                if v.is_null() {
                    current.remove(&k);
                } else {
                    current.insert(k, v);
                }
            }
        }
        (_, value) => levels[key] = value,
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BOB: &str = "@bob:x";

    fn old() -> Value {
        json!({ "users": { "@alice:x": 100, BOB: 50 }, "users_default": 0, "kick": 50, "state_default": 50 })
    }

    #[test]
    fn nobody_rises_above_their_own_level() {
        let new = patched(old(), "users", json!({ BOB: 101 }));
        assert_eq!(check_change(&old(), &new, BOB, 50, "content").unwrap_err().status, 403);
        let new = patched(old(), "kick", json!(60));
        assert_eq!(check_change(&old(), &new, BOB, 50, "content").unwrap_err().status, 403);
    }

    #[test]
    fn users_at_or_above_the_changer_are_untouched() {
        let new = patched(old(), "users", json!({ "@alice:x": 0 }));
        assert_eq!(check_change(&old(), &new, BOB, 50, "content").unwrap_err().status, 403);
        // Lowering oneself, or raising a user below oneself up to one's level.
        let new = patched(old(), "users", json!({ BOB: 10, "@carol:x": 50 }));
        check_change(&old(), &new, BOB, 50, "content").unwrap();
    }

    #[test]
    fn levels_are_integers() {
        for bad in [json!("100"), json!(1.5), json!(null), json!([1])] {
            let mut new = old();
            new["kick"] = bad.clone();
            let e = check_change(&old(), &new, "@alice:x", 100, "content").unwrap_err();
            assert_eq!((e.status.as_u16(), e.kind), (400, crate::error::ErrorKind::BadJson), "{bad}");
            assert!(e.message.contains("`content.kick`"), "{}", e.message);
        }
    }

    #[test]
    fn patching_a_map_merges_it() {
        let new = patched(old(), "users", json!({ "@carol:x": 10, BOB: null }));
        assert_eq!(new["users"], json!({ "@alice:x": 100, "@carol:x": 10 }));
    }
}
