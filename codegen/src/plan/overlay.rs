//! The overlay's `[[lifecycle]]` rules over the ones inferred from the
//! prose ([`super::moves`]): the status an action moves its record to, the
//! one a create starts it in, the statuses in which an endpoint refuses
//! and those a list leaves out. `explain` names the overlay line as the
//! rule's source, and the mock serves the plan as it then stands.
//!
//! Invariant: every value is one of the resource's status enum (else an
//! error at its place in the overlay), and a key fits the endpoint's
//! effect (`starts` a create, `hidden` a list, `moves` an action or a
//! delete).

use super::moves::{Locked, Move, Unlisted};
use super::words::attribute;
use super::{Effect, Plan};
use crate::bindings::{Bindings, LifecycleBinding, Located};
use crate::diagnostic::Diagnostic;
use crate::source::Pos;
use crate::types::{Endpoint, TypeSpace};

/// Applies the overlay's rules to `plans` (`[api][endpoint]`).
pub fn apply(space: &TypeSpace, bindings: Option<&Bindings>, plans: &mut [Vec<Plan>]) -> Result<(), Diagnostic> {
    let Some(b) = bindings else { return Ok(()) };
    for rule in &b.lifecycles {
        let mut found = space.apis.iter().zip(plans.iter_mut()).flat_map(|(api, ps)| api.endpoints.iter().zip(ps.iter_mut()));
        let Some((ep, plan)) = found.find(|(e, _)| e.name == rule.endpoint.value) else {
            return Err(Diagnostic::error(rule.endpoint.pos, format!("no endpoint `{}` to give a lifecycle", rule.endpoint.value))
                .with_help("name it as `specgen explain` does"));
        };
        one(space, ep, plan, rule)?;
    }
    Ok(())
}

fn one(space: &TypeSpace, ep: &Endpoint, plan: &mut Plan, rule: &LifecycleBinding) -> Result<(), Diagnostic> {
    let resource = plan.resource.clone();
    let Some((field, statuses)) = crate::types::lifecycle::status_of(space, &resource) else {
        return Err(Diagnostic::error(
            rule.pos,
            format!("the {resource} of `{}` has no status: no status, state, stage or phase field of a closed list", ep.name),
        ));
    };
    let values: Vec<&str> = statuses.variants.iter().map(|(_, w)| w.as_str()).collect();
    let check = |v: &str, pos: Pos| {
        if values.contains(&v) {
            Ok(())
        } else {
            Err(Diagnostic::error(
                pos,
                format!("`{v}` is no value of the {resource}'s `{}`: expected one of {}", field.wire, values.join(", ")),
            ))
        }
    };
    let fits = |key: &str, pos: Pos, ok: bool, wants: &str| {
        if ok {
            Ok(())
        } else {
            Err(Diagnostic::error(pos, format!("`{key}` is for {wants}; `{}` is a {}", ep.name, plan.effect.as_str())))
        }
    };
    let says = |key: &str, at: Pos| format!("the overlay's `{key}`, bindings line {}", at.line);
    let status = |key: &str, m: &Located<String>| -> Result<Option<Move>, Diagnostic> {
        if m.value.is_empty() {
            return Ok(None);
        }
        check(&m.value, m.pos)?;
        Ok(Some(Move { set_by: Some(says(key, m.pos)), ..Move::new(&resource, &field.wire, &m.value) }))
    };
    if let Some(m) = &rule.moves {
        fits("moves", m.pos, matches!(plan.effect, Effect::Action | Effect::Delete), "an action or a delete")?;
        plan.moves = status("moves", m)?;
    }
    if let Some(m) = &rule.starts {
        fits("starts", m.pos, plan.effect == Effect::Create, "a create")?;
        plan.starts = status("starts", m)?;
    }
    if let Some(locked) = &rule.locked_in {
        locked.value.iter().try_for_each(|v| check(v, locked.pos))?;
        // The record's own locks give way; a parent's stay.
        plan.locks.retain(|l| l.parent.is_some());
        if !locked.value.is_empty() {
            plan.locks.push(Locked {
                parent: None,
                resource: resource.clone(),
                attribute: attribute(&resource, &field.wire),
                values: locked.value.clone(),
                status: 409,
                code: None,
                says: says("locked_in", locked.pos),
            });
        }
    }
    if let Some(hidden) = &rule.hidden {
        fits("hidden", hidden.pos, plan.effect == Effect::List, "a list")?;
        hidden.value.iter().try_for_each(|v| check(v, hidden.pos))?;
        let filter = plan.unlisted.as_ref().and_then(|u| u.filter.clone()).or_else(|| {
            ep.request
                .fields
                .iter()
                .find(|f| f.wire == field.wire || attribute(&resource, &f.wire) == attribute(&resource, &field.wire))
                .map(|f| f.wire.clone())
        });
        plan.filters.retain(|f| Some(&f.wire) != filter.as_ref());
        plan.unlisted = Some(Unlisted {
            attribute: attribute(&resource, &field.wire),
            values: hidden.value.clone(),
            filter,
            says: says("hidden", hidden.pos),
        });
    }
    Ok(())
}
