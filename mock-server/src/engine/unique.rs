//! Generic engine: inputs no two records share ([`specgen::plan::Unique`],
//! from "409 - VIN already registered" or "unique in the home"). A create
//! or update whose value is already a sibling's (a record of the same
//! resource under the same parents, with the same values of the scope's
//! inputs) is refused with the status the spec documents, its code when it
//! gives one, naming the input.
//!
//! Invariant: the check runs before anything is stored, so a refused
//! request changes nothing.

use super::store::Store;
use crate::error::{ApiError, ErrorKind};
use axum::http::StatusCode;
use serde_json::{Map, Value};
use specgen::plan::Plan;

/// Refuses `attrs` of a record under `parents` (the record `except`, when
/// it is an update of it) if a unique input's value is a sibling's.
pub fn check(
    plan: &Plan,
    store: &Store,
    parents: &[(String, String)],
    attrs: &Map<String, Value>,
    except: Option<&str>,
) -> Result<(), ApiError> {
    let Some(records) = store.collections.get(&plan.resource) else { return Ok(()) };
    for u in &plan.unique {
        let Some(value) = attrs.get(&u.attribute).filter(|v| !v.is_null()) else { continue };
        let scope: Vec<(&str, Option<&Value>)> = u
            .scope
            .iter()
            .filter_map(|w| plan.inputs.iter().find(|(wire, _)| wire == w))
            .map(|(_, name)| (name.as_str(), attrs.get(name)))
            .collect();
        let clash = records.records.values().find(|r| {
            let theirs = r.attrs();
            except != Some(r.id.as_str())
                && r.parents == parents
                && theirs.get(&u.attribute) == Some(value)
                && scope.iter().all(|(name, v)| theirs.get(*name) == *v)
        });
        if let Some(other) = clash {
            let status = StatusCode::from_u16(u.status).unwrap_or(StatusCode::CONFLICT);
            let message = format!("`{}` {value} is taken by {} `{}` ({})", u.wire, plan.resource, other.id, u.says);
            return Err(ApiError::new(status, ErrorKind::InUse, message).coded(u.code.clone()).on(u.wire.as_str()));
        }
    }
    Ok(())
}
