//! The alias rules, shared by alias creation and room creation.

use crate::error::ApiError;
use crate::matrix::state::Store;
use client_server_v2::RoomAlias;

/// The one alias rule, for `POST /rooms/{id}/aliases` and `createRoom`:
/// a localpart (given in `field`) is letters, digits or `._=-`.
pub fn check_localpart(field: &str, local: &str) -> Result<(), ApiError> {
    if local.is_empty() || !local.bytes().all(|b| b.is_ascii_alphanumeric() || b"._=-".contains(&b)) {
        return Err(ApiError::bad_json(format!("field `{field}`: use letters, digits or `._=-`")));
    }
    Ok(())
}

/// The alias of a checked localpart, if it is free.
pub fn free_alias(store: &Store, local: &str) -> Result<RoomAlias, ApiError> {
    let alias = RoomAlias(format!("#{local}:{}", store.server_name));
    if store.aliases.contains_key(&alias) {
        return Err(ApiError::in_use(format!("{alias} is taken")));
    }
    Ok(alias)
}
