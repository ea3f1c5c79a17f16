//! What an endpoint does with its record's status, from the resource's
//! [`lifecycle`](crate::types::lifecycle): an action that sets it ("Submit
//! application" sets `status` to `submitted`, where that is a value), a
//! delete that only sets it (soft delete), the value a create starts a
//! record in, the values a list leaves out, and the values in which the
//! endpoint refuses to change the record (or create under it).
//!
//! Invariant: a move, start, list rule or lock only names values of the
//! resource's own status enum, never a guessed word.

use super::words::attribute;
use super::Effect;
use crate::types::lifecycle::{done, status_of, Lifecycle};
use crate::types::{Endpoint, TypeSpace};

/// A status an action sets: the field's wire name, the record attribute
/// that holds it (worked out once, not per request) and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub wire: String,
    pub attribute: String,
    pub value: String,
    /// Where the rule comes from when not the prose (the overlay's line).
    pub set_by: Option<String>,
}

impl Move {
    pub(crate) fn new(resource: &str, wire: &str, value: &str) -> Move {
        Move { wire: wire.to_string(), attribute: attribute(resource, wire), value: value.to_string(), set_by: None }
    }
}

/// Values a list leaves out unless its filter asks for one of them, and
/// the filter: a list answers only the records in the status it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlisted {
    /// The record attribute that holds the status.
    pub attribute: String,
    pub values: Vec<String>,
    /// The list's input that filters on the status, when it has one.
    pub filter: Option<String>,
    pub says: String,
}

/// Values of a record in which the endpoint refuses to act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locked {
    /// The id type of the record whose status counts, when it is a parent
    /// of the endpoint's record (a position's vehicle); `None`: the record
    /// the endpoint picks.
    pub parent: Option<String>,
    /// The resource whose status it is.
    pub resource: String,
    pub attribute: String,
    pub values: Vec<String>,
    pub status: u16,
    pub code: Option<String>,
    pub says: String,
}

/// Values in which a record counts as deleted: a soft delete put it there
/// and the prose does not say it can still be read. Reads, changes and
/// deletes answer 404 for it; lists show it only when their filter asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gone {
    pub attribute: String,
    pub values: Vec<String>,
}

/// The values in which records of `resource` are gone.
pub fn gone(space: &TypeSpace, resource: &str) -> Option<Gone> {
    let life = space.lifecycles.get(resource).filter(|l| !l.readable && !l.soft.is_empty())?;
    let mut values: Vec<String> = life.soft.values().map(|s| s.value.clone()).collect();
    values.sort();
    values.dedup();
    Some(Gone { attribute: attribute(resource, &life.field), values })
}

/// The move of an action whose verb is `verb` on records of `resource`.
pub fn of(space: &TypeSpace, verb: &str, resource: &str) -> Option<Move> {
    let lower = verb.to_lowercase();
    let mut words = lower.split(' ');
    let head = words.next().unwrap_or_default();
    let particle = words.next();
    if head.len() < 3 {
        return None;
    }
    let (field, def) = status_of(space, resource)?;
    // "Check in" → `checkedIn` / `checked_in`: the verb done, then its
    // particle; a verb alone → its value ("Submit" → `submitted`).
    let fits = |wire: &str| match particle {
        Some(p) => matches!(super::words::split_words(wire).as_slice(), [d, q] if done(head, d) && q == p),
        None => done(head, wire),
    };
    def.variants.iter().find(|(_, wire)| fits(wire)).map(|(_, wire)| Move::new(resource, &field.wire, wire))
}

/// The value a soft delete of `resource` by `ep` sets.
pub fn soft(space: &TypeSpace, ep: &Endpoint, resource: &str) -> Option<Move> {
    let life = space.lifecycles.get(resource)?;
    life.soft.get(&ep.name).map(|s| Move::new(resource, &life.field, &s.value))
}

/// The value a create of `resource` starts a record in, unless `ep` takes
/// the status as an input.
pub fn start(space: &TypeSpace, ep: &Endpoint, resource: &str) -> Option<Move> {
    let life = space.lifecycles.get(resource)?;
    let given = ep.request.fields.iter().any(|f| attribute(resource, &f.wire) == attribute(resource, &life.field));
    (!given).then(|| Move::new(resource, &life.field, &life.initial.value))
}

/// The values a list of `resource` leaves out.
/// The values a list of `resource` leaves out, and its input that filters
/// on the status (none when it has neither).
pub fn unlisted(space: &TypeSpace, ep: &Endpoint, resource: &str) -> Option<Unlisted> {
    let life = space.lifecycles.get(resource)?;
    let attr = attribute(resource, &life.field);
    let filter = ep.request.fields.iter().find(|f| attribute(resource, &f.wire) == attr).map(|f| f.wire.clone());
    if filter.is_none() && life.unlisted.is_empty() {
        return None;
    }
    Some(Unlisted {
        filter,
        attribute: attr,
        values: life.unlisted.iter().map(|u| u.value.clone()).collect(),
        says: life.unlisted.first().map(|u| u.says.clone()).unwrap_or_default(),
    })
}

/// The locks that hold for `ep` of `effect`: those of its own resource
/// that every update keeps, and those written on `ep` itself, on the
/// record it picks or a parent's (`parents`: wire, id type; `id_of`: a
/// resource's id type). A create picks no record: only a parent's count.
pub fn locks(
    space: &TypeSpace,
    ep: &Endpoint,
    (resource, effect): (&str, Effect),
    parents: &[(String, String)],
    id_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Locked> {
    let mut out = Vec::new();
    for (noun, life) in &space.lifecycles {
        for lock in &life.locks {
            let mine = match &lock.endpoint {
                None => effect == Effect::Update && noun == resource,
                Some(name) => *name == ep.name,
            };
            if !mine {
                continue;
            }
            let parent = if noun == resource && effect != Effect::Create {
                None
            } else {
                match id_of(noun).filter(|t| parents.iter().any(|(_, p)| p == t)) {
                    Some(t) => Some(t),
                    None => continue,
                }
            };
            // "A cancelled reservation cannot be modified" and "409 - A
            // cancelled reservation cannot be modified": one lock.
            let said =
                out.iter().any(|o: &Locked| o.resource == *noun && o.parent == parent && lock.values.iter().all(|v| o.values.contains(v)));
            if !said {
                out.push(locked(life, noun, parent, lock));
            }
        }
    }
    out
}

fn locked(life: &Lifecycle, noun: &str, parent: Option<String>, lock: &crate::types::lifecycle::Lock) -> Locked {
    Locked {
        parent,
        resource: noun.to_string(),
        attribute: attribute(noun, &life.field),
        values: lock.values.clone(),
        status: lock.status,
        code: lock.code.clone(),
        says: lock.says.clone(),
    }
}
