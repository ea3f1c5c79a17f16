//! Accounts: register, login, devices, tokens, deleting an account. Users
//! manage only their own account.

use super::{Handler, Reply};
use crate::app::App;
use crate::error::ApiError;
use crate::request::Incoming;
use crate::state::{password, Account, Membership};
use serde_json::json;

pub fn handler(name: &str) -> Option<Handler> {
    Some(Handler::Sync(match name {
        "register" => register,
        "login" => login,
        "delete_account" => delete_account,
        "list_devices" => list_devices,
        "revoke_token" => revoke_token,
        "remove_device" => remove_device,
        _ => return None,
    }))
}

/// Localparts: lowercase letters, digits and `._=-`.
fn valid_localpart(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._=-".contains(&b))
}

fn register(app: &App, req: &Incoming) -> Reply {
    let name = req.str("username").unwrap_or_default();
    if !valid_localpart(name) {
        return Err(ApiError::bad_json("field `username`: use 1 to 64 lowercase letters, digits or `._=-`"));
    }
    let password = req.str("password").unwrap_or_default();
    if password.is_empty() {
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
    store.accounts.insert(user.clone(), Account { password_hash: password::hash(password), ..Account::default() });
    let (token, device) = store.issue_token(&user, None);
    Ok(json!({ "user_id": user, "access_token": token, "device_id": device }).into())
}

fn login(app: &App, req: &Incoming) -> Reply {
    let mut store = app.store();
    let user = store.user_id(req.str("username").unwrap_or_default());
    let ok = store.accounts.get(&user).is_some_and(|a| password::verify(&a.password_hash, req.str("password").unwrap_or_default()));
    if !ok {
        return Err(ApiError::forbidden("unknown user or wrong password"));
    }
    let (token, device) = store.issue_token(&user, req.str("device_id").map(str::to_string));
    Ok(json!({ "user_id": user, "access_token": token, "device_id": device }).into())
}

/// The `{userId}` of the path, which must be the caller.
fn own(req: &Incoming) -> Result<&str, ApiError> {
    let user = req.str("userId").unwrap_or_default();
    if user != req.me().user {
        return Err(ApiError::forbidden(format!("{} may not manage the account of {user}", req.me().user)));
    }
    Ok(user)
}

fn delete_account(app: &App, req: &Incoming) -> Reply {
    let user = own(req)?.to_string();
    let mut store = app.store();
    let Some(account) = store.accounts.remove(&user) else { return Err(ApiError::not_found(format!("no account {user}"))) };
    store.deleted_users.insert(user.clone());
    // Its tokens stop working at once.
    for token in account.devices.values().flat_map(|d| d.tokens.iter()) {
        store.forget_token(token);
    }
    let rooms: Vec<String> = store
        .rooms
        .iter()
        .filter(|(_, r)| r.members.get(&user).is_some_and(|m| *m != Membership::Leave))
        .map(|(id, _)| id.clone())
        .collect();
    for room in rooms {
        store.set_membership(&room, &user, &user, Membership::Leave, None);
    }
    Ok(json!({}).into())
}

fn list_devices(app: &App, req: &Incoming) -> Reply {
    let user = own(req)?;
    let store = app.store();
    // The account may have been deleted since the token was checked.
    let account = store.accounts.get(user).ok_or_else(ApiError::unknown_token)?;
    let devices: Vec<_> = account
        .devices
        .iter()
        .map(|(id, d)| json!({ "device_id": id, "created_ts": d.created_ts, "last_used_ts": d.last_used_ts, "tokens": d.tokens.len() }))
        .collect();
    Ok(json!({ "devices": devices }).into())
}

fn revoke_token(app: &App, req: &Incoming) -> Reply {
    let user = own(req)?;
    let token = req.str("access_token").unwrap_or_default();
    let mut store = app.store();
    if store.tokens.get(token).map(|(u, _)| u.as_str()) != Some(user) {
        return Err(ApiError::not_found("no such token on this account"));
    }
    store.revoke(token);
    Ok(json!({}).into())
}

fn remove_device(app: &App, req: &Incoming) -> Reply {
    let user = own(req)?.to_string();
    let device = req.str("deviceId").unwrap_or_default().to_string();
    let mut store = app.store();
    let Some(d) = store.accounts.get_mut(&user).and_then(|a| a.devices.remove(&device)) else {
        return Err(ApiError::not_found(format!("no device {device}")));
    };
    // Removing a device revokes every token of it.
    for t in &d.tokens {
        store.forget_token(t);
    }
    Ok(json!({}).into())
}
