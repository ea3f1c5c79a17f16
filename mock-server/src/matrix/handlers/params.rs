//! What several groups read alike: event content, a paged read's limit and
//! position.

use crate::error::ApiError;
use crate::matrix::state::StreamToken;
use client_server_v2::ChunkToken;
use serde_json::Value;

/// Event content as stored: the object the request's type already holds
/// (the engine refused anything else, naming the field).
pub fn content(value: &std::collections::BTreeMap<String, Value>) -> Value {
    Value::Object(value.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

/// What kind of JSON value this is, for error messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The `limit` (default 10, at most 1,000) and the `from` token (events at
/// or before it; none: from the newest) of a paged read back.
pub fn page(limit: Option<u64>, from: Option<&ChunkToken>) -> Result<(usize, Option<StreamToken>), ApiError> {
    Ok((limit.unwrap_or(10).clamp(1, 1000) as usize, StreamToken::read(from, "from")?))
}
