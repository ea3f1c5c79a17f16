//! Actions that move a record's status: "Submit application" sets the
//! application's `status` to `submitted`, "Retire vehicle" to `retired`,
//! "Withdraw" to `withdrawn`, where the status is a closed list of values
//! the spec gives and one of them is the verb done.
//!
//! Invariant: a move is only planned to a value of the resource's own
//! status enum that the verb names, never to a guessed word.

use super::words::split_words;
use crate::types::{EnumDef, Field, Ty, TypeSpace};

/// A status an action sets: the field's wire name and the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub wire: String,
    pub value: String,
}

/// The move of an action whose verb is `verb` on records of `resource`.
pub fn of(space: &TypeSpace, verb: &str, resource: &str) -> Option<Move> {
    let verb = verb.split(' ').next().unwrap_or(verb).to_lowercase();
    if verb.len() < 3 {
        return None;
    }
    let answers = space
        .apis
        .iter()
        .flat_map(|a| &a.endpoints)
        .filter(|e| e.shape.as_ref().is_some_and(|s| s.noun == resource))
        .flat_map(|e| e.response.fields.iter());
    answers.filter(|f| is_status(f)).find_map(|f| {
        let def = enum_of(space, f)?;
        def.variants.iter().find(|(_, wire)| done(&verb, wire)).map(|(_, wire)| Move { wire: f.wire.clone(), value: wire.clone() })
    })
}

fn is_status(f: &Field) -> bool {
    split_words(&f.wire.to_lowercase()).iter().any(|w| matches!(w.as_str(), "status" | "state" | "stage" | "phase"))
}

fn enum_of<'s>(space: &'s TypeSpace, f: &Field) -> Option<&'s EnumDef> {
    let Ty::Named(name) = f.ty.required() else { return None };
    space.apis.iter().find_map(|a| a.enums.get(name)).or_else(|| space.shared_enums.get(name))
}

/// Whether `value` is `verb` done: submit → submitted, retire → retired,
/// withdraw → withdrawn, cancel → cancelled or canceled, approve → approved.
fn done(verb: &str, value: &str) -> bool {
    let v = value.to_lowercase();
    let stem = verb.strip_suffix('e').unwrap_or(verb);
    let last = verb.chars().last().unwrap_or(' ');
    [format!("{stem}ed"), format!("{verb}n"), format!("{verb}{last}ed"), format!("{stem}d")].contains(&v)
}

#[cfg(test)]
mod tests {
    use super::done;

    #[test]
    fn a_value_is_the_verb_done() {
        for (verb, value) in [
            ("submit", "submitted"),
            ("retire", "retired"),
            ("withdraw", "withdrawn"),
            ("cancel", "cancelled"),
            ("cancel", "canceled"),
            ("approve", "approved"),
            ("pause", "paused"),
            ("archive", "ARCHIVED"),
        ] {
            assert!(done(verb, value), "{verb} {value}");
        }
        for (verb, value) in [("submit", "draft"), ("get", "getting"), ("close", "open")] {
            assert!(!done(verb, value), "{verb} {value}");
        }
    }
}
