//! Input the draft rules out must be refused with a 4xx: per endpoint with a
//! body, its request without a required field, with a value of another
//! type, and with a value outside the bounds the prose states.

use super::report::{Kind, Outcome};
use super::requests::said;
use super::{Call, Run, Target};
use crate::plan::words::is_access_token;
use crate::types::values::Named;
use crate::types::{Field, Location, Ty};
use serde_json::{json, Value};

impl<'s> Run<'s, '_> {
    pub(super) fn refusals(&mut self) {
        let targets: Vec<Target<'s>> = self.targets.clone();
        for t in targets {
            // A refusal of a request the server never served proves nothing
            // (a 404 for a route it lacks is a 4xx too).
            if !self.served.contains(&t.ep.name) {
                let has_body = t.ep.request.fields.iter().any(|f| f.location == Location::Body);
                if has_body {
                    let why = "none of its own requests was answered as the draft says, so a refusal would prove nothing";
                    self.record(&t, Kind::Refusal, "refuses input the draft rules out", String::new(), Outcome::Skipped(why.into()));
                }
                continue;
            }
            let Ok(call) = self.request(&t) else { continue };
            let Some(Value::Object(body)) = call.body.clone() else { continue };
            let fields: Vec<&Field> =
                t.ep.request
                    .fields
                    .iter()
                    .filter(|f| f.location == Location::Body && !is_access_token(f) && body.contains_key(&f.wire))
                    .collect();
            if let Some(f) = fields.iter().find(|f| !f.ty.is_option()) {
                let mut bad = call.clone();
                if let Some(Value::Object(m)) = &mut bad.body {
                    m.remove(&f.wire);
                }
                self.refused(&t, &bad, &format!("refuses a body without `{}`", f.wire));
            }
            if let Some((f, v)) = fields.iter().find_map(|f| self.other_type(&t, f).map(|v| (f, v))) {
                let bad = with(&call, &f.wire, v.clone());
                self.refused(&t, &bad, &format!("refuses `{}` as {v}", f.wire));
            }
            if let Some((f, v)) = fields.iter().find_map(|f| out_of_bounds(f).map(|v| (f, v))) {
                let bad = with(&call, &f.wire, v);
                self.refused(&t, &bad, &format!("refuses `{}` out of its bounds", f.wire));
            }
        }
    }

    /// Sends a call the draft rules out: a 4xx passes.
    fn refused(&mut self, t: &Target, call: &Call, what: &str) {
        let outcome = match self.send(call) {
            Err(e) => Outcome::Failed(e),
            Ok(a) if a.status < 500 && self.is_error(&a) => Outcome::Passed,
            Ok(a) => Outcome::Failed(format!("answered {} where the draft rules the input out{}", a.status, said(&a))),
        };
        let mut line = call.line();
        if let Some(b) = &call.body {
            line.push(' ');
            line.push_str(&b.to_string());
        }
        self.record(t, Kind::Refusal, what, line, outcome);
    }

    /// A value of another type than `f`'s, when its type rules one out
    /// (free JSON takes anything).
    fn other_type(&self, t: &Target, f: &Field) -> Option<Value> {
        let v = match f.ty.required() {
            Ty::Int(_) | Ty::Float(_) | Ty::Decimal(_) => json!("not a number"),
            Ty::Bool => json!("yes"),
            Ty::String | Ty::Time(_) | Ty::Date => json!(12345),
            Ty::Vec(_) | Ty::Map(_) => json!(12345),
            Ty::Named(n) => match self.types.resolve(t.api, n) {
                Some(Named::Number) => json!("not a number"),
                Some(Named::Struct(_) | Named::Enum(_) | Named::Text(_)) => json!(12345),
                None => return None,
            },
            Ty::Json | Ty::OneOrMany(_) | Ty::Option(_) => return None,
        };
        Some(v)
    }
}

/// `call` with its body's `wire` set to `v`.
fn with(call: &Call, wire: &str, v: Value) -> Call {
    let mut bad = call.clone();
    if let Some(Value::Object(m)) = &mut bad.body {
        m.insert(wire.to_string(), v);
    }
    bad
}

/// A value just outside the bounds the prose gives `f`: above its
/// maximum, below its minimum, or a text longer than it may be.
fn out_of_bounds(f: &Field) -> Option<Value> {
    let c = &f.constraints;
    let whole = matches!(f.ty.required(), Ty::Int(_));
    let number = |x: f64| if whole { json!(x as i64) } else { json!(x) };
    if let Some(max) = c.maximum.as_ref().and_then(Value::as_f64) {
        return Some(number(if whole { max + 1.0 } else { max * 2.0 + 1.0 }));
    }
    if let Some(min) = c.minimum.as_ref().and_then(Value::as_f64) {
        return Some(number(if whole { min - 1.0 } else { min - min.abs() - 1.0 }));
    }
    let text = matches!(f.ty.required(), Ty::String);
    match (c.max_length, c.min_length) {
        (Some(max), _) if text && max < 10_000 => Some(json!("x".repeat(max as usize + 1))),
        (_, Some(min)) if text && min > 0 => Some(json!("")),
        _ => None,
    }
}
