//! What several groups read alike: event content, a paged read's limit and
//! position.

use crate::error::ApiError;
use crate::matrix::state::StreamToken;
use client_server_v2::ChunkToken;
use serde_json::Value;

/// Event content at `field`: a JSON object. `null`, strings, numbers and
/// arrays are refused, naming the field.
pub fn content<'a>(value: &'a Value, field: &str) -> Result<&'a Value, ApiError> {
    match value {
        v @ Value::Object(_) => Ok(v),
        other => Err(ApiError::bad_json(format!("field `{field}`: event content must be a JSON object, not {}", kind_of(other)))),
    }
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
