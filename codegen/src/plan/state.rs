//! Which answer fields a mock fills from its state, per effect: the
//! resource's ids and parents and its attributes (as creates and updates of
//! it set them), a listing's entries and cursor, a feed's changes and
//! position, an account's token. Every other field is the type's example.

use super::words::{attribute, is_access_token, is_cursor, is_position};
use super::{Effect, Plan};
use crate::types::{Endpoint, Field, Ty, TypeSpace};
use std::collections::BTreeSet;

/// The wire names of `ep`'s answer fields that come from state; `all` is
/// every endpoint of the spec with its plan (creates and updates of the
/// resource say which attributes it has).
pub fn state_fields(space: &TypeSpace, api: usize, ep: &Endpoint, plan: &Plan, all: &[(&Endpoint, &Plan)]) -> Vec<String> {
    let attrs = attributes(&plan.resource, all);
    let ids: Vec<&str> = plan.id_type.iter().map(String::as_str).chain(plan.parents.iter().map(|(_, t)| t.as_str())).collect();
    let is_list = |f: &Field| matches!(f.ty.required(), Ty::Vec(_));
    ep.response
        .fields
        .iter()
        .filter(|f| match plan.effect {
            Effect::Action => false,
            Effect::List => is_list(f) || is_cursor(space, f),
            Effect::Feed => is_list(f) || is_position(space, api, f),
            Effect::Register | Effect::Login => is_access_token(f),
            Effect::Create | Effect::Read | Effect::Update | Effect::Delete => {
                attrs.contains(&attribute(&plan.resource, &f.wire))
                    || f.ty.names().iter().any(|n| ids.contains(n))
                    || plan.id_type.as_deref().is_some_and(|t| child_resource(all.iter().map(|(_, p)| *p), &plan.resource, t, f).is_some())
            }
        })
        .map(|f| f.wire.clone())
        .collect()
}

/// The attributes of `resource`: the inputs of its creates and updates that
/// are not the engine's.
fn attributes(resource: &str, all: &[(&Endpoint, &Plan)]) -> BTreeSet<String> {
    all.iter()
        .filter(|(_, p)| p.resource == resource && matches!(p.effect, Effect::Create | Effect::Update))
        .flat_map(|(ep, p)| ep.request.fields.iter().filter(|f| !p.is_control(&f.wire)))
        .map(|f| attribute(resource, &f.wire))
        .collect()
}

/// The resource whose items a list field holds as children of `resource`'s
/// items ("0-N scans" on a parcel): one with a parent of type `id_type`.
pub fn child_resource<'p>(plans: impl IntoIterator<Item = &'p Plan>, resource: &str, id_type: &str, f: &Field) -> Option<&'p str> {
    if !matches!(f.ty.required(), Ty::Vec(_)) {
        return None;
    }
    let noun = crate::types::names::singular(&attribute(resource, &f.wire).replace('_', " "));
    let child = plans.into_iter().find(|c| c.resource == noun && c.parents.iter().any(|(_, t)| t == id_type))?;
    Some(&child.resource)
}
