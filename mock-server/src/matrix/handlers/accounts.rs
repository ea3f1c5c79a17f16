//! Accounts: register, login, devices, tokens, deleting an account. Users
//! manage only their own account.

use super::register::{open, typed, Registered};
use crate::error::ApiError;
use crate::matrix::app::App;
use crate::matrix::request::Caller;
use crate::matrix::state::{password, Account, Membership};
use client_server_v2::account_management_api::*;
use client_server_v2::version_2_api::*;
use client_server_v2::{Device, RoomId, UserId};

pub fn handlers() -> Vec<Registered> {
    vec![
        open::<RegisterRequest>(register),
        open::<LoginRequest>(login),
        typed::<DeleteAccountRequest>(delete_account),
        typed::<ListDevicesRequest>(list_devices),
        typed::<RevokeTokenRequest>(revoke_token),
        typed::<RemoveDeviceRequest>(remove_device),
    ]
}

/// Localparts: lowercase letters, digits and `._=-`.
fn valid_localpart(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._=-".contains(&b))
}

fn register(app: &App, req: RegisterRequest) -> Result<RegisterResponse, ApiError> {
    let name = req.username.as_str();
    if !valid_localpart(name) {
        return Err(ApiError::bad_json("field `username`: use 1 to 64 lowercase letters, digits or `._=-`"));
    }
    if req.password.is_empty() {
        return Err(ApiError::bad_json("field `password`: must not be empty"));
    }
    let mut store = app.store();
    let user = store.user_id(name);
    if store.accounts.contains_key(&user) {
        return Err(ApiError::in_use(format!("{user} is taken")));
    }
    // A deleted ID stays taken: a new owner would inherit what the old one
    // left behind (room memberships, power levels, filters, aliases).
    if store.deleted_users.contains(&user) {
        return Err(ApiError::in_use(format!("{user} belonged to a deleted account and is not reused")));
    }
    store.accounts.insert(user.clone(), Account { password_hash: password::hash(&req.password), ..Account::default() });
    let (token, device) = store.issue_token(&user, None);
    Ok(RegisterResponse { user_id: user, access_token: token, device_id: device })
}

fn login(app: &App, req: LoginRequest) -> Result<LoginResponse, ApiError> {
    let mut store = app.store();
    let user = store.user_id(&req.username);
    let ok = store.accounts.get(&user).is_some_and(|a| password::verify(&a.password_hash, &req.password));
    if !ok {
        return Err(ApiError::forbidden("unknown user or wrong password"));
    }
    let (token, device) = store.issue_token(&user, req.device_id);
    Ok(LoginResponse { user_id: user, access_token: token, device_id: device })
}

/// The `{userId}` of the path, which must be the caller.
fn own<'a>(me: &Caller, user: &'a UserId) -> Result<&'a UserId, ApiError> {
    if *user != me.user {
        return Err(ApiError::forbidden(format!("{} may not manage the account of {user}", me.user)));
    }
    Ok(user)
}

fn delete_account(app: &App, me: &Caller, req: DeleteAccountRequest) -> Result<DeleteAccountResponse, ApiError> {
    let user = own(me, &req.user_id)?.clone();
    let mut store = app.store();
    let Some(account) = store.accounts.remove(&user) else { return Err(ApiError::not_found(format!("no account {user}"))) };
    store.deleted_users.insert(user.clone());
    // Its tokens stop working at once.
    for token in account.devices.values().flat_map(|d| d.tokens.iter()) {
        store.forget_token(token);
    }
    let rooms: Vec<RoomId> = store
        .rooms
        .iter()
        .filter(|(_, r)| r.members.get(&user).is_some_and(|m| *m != Membership::Leave))
        .map(|(id, _)| id.clone())
        .collect();
    for room in rooms {
        store.set_membership(&room, &user, &user, Membership::Leave, None);
    }
    Ok(DeleteAccountResponse {})
}

fn list_devices(app: &App, me: &Caller, req: ListDevicesRequest) -> Result<ListDevicesResponse, ApiError> {
    let user = own(me, &req.user_id)?;
    let store = app.store();
    // The account may have been deleted since the token was checked.
    let account = store.accounts.get(user).ok_or_else(ApiError::unknown_token)?;
    let devices = account
        .devices
        .iter()
        .map(|(id, d)| Device {
            device_id: id.clone(),
            created_ts: d.created_ts,
            last_used_ts: d.last_used_ts,
            tokens: d.tokens.len() as u64,
        })
        .collect();
    Ok(ListDevicesResponse { devices })
}

fn revoke_token(app: &App, me: &Caller, req: RevokeTokenRequest) -> Result<RevokeTokenResponse, ApiError> {
    let user = own(me, &req.user_id)?;
    let mut store = app.store();
    if store.tokens.get(&req.access_token).map(|(u, _)| u) != Some(user) {
        return Err(ApiError::not_found("no such token on this account"));
    }
    store.revoke(&req.access_token);
    Ok(RevokeTokenResponse {})
}

fn remove_device(app: &App, me: &Caller, req: RemoveDeviceRequest) -> Result<RemoveDeviceResponse, ApiError> {
    let user = own(me, &req.user_id)?;
    let device = &req.device_id;
    let mut store = app.store();
    let Some(d) = store.accounts.get_mut(user).and_then(|a| a.devices.remove(device)) else {
        return Err(ApiError::not_found(format!("no device {device}")));
    };
    // Removing a device revokes every token of it.
    for t in &d.tokens {
        store.forget_token(t);
    }
    Ok(RemoveDeviceResponse {})
}
