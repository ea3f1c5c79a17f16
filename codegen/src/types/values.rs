//! The type space at run time: named types resolved per API module, example
//! values built from the `Ty` tree (the values the generated crate's
//! `Example` impls give), JSON values checked with the rules the generated
//! serde types follow, and path/query strings converted by their declared
//! type. The mock's engine validates requests with it, and the examples
//! check holds a spec's own HTTP examples to it.

use super::{DecimalRepr, EnumDef, Field, Float, Int, StructDef, TimeRepr, Ty, TypeSpace};
use serde_json::{json, Map, Value};

/// A named type, resolved.
pub enum Named<'a> {
    Struct(&'a StructDef),
    Enum(&'a EnumDef),
    /// An id or token newtype: a string on the wire; its example.
    Text(&'a str),
    /// An id that travels as a JSON number.
    Number,
}

/// Why a value does not fit a type: where (`field.sub[0]`) and what was
/// expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub at: String,
    pub expected: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The value is not of the type.
    Mismatch,
    /// A required field is absent (`M_MISSING_PARAM`, not `M_BAD_JSON`).
    Missing,
    /// A field the type does not have.
    Unknown,
    /// A value outside the bounds the prose states.
    Bounds,
}

impl Invalid {
    fn new(at: &str, expected: impl Into<String>) -> Self {
        Invalid { at: at.to_string(), expected: expected.into(), problem: Problem::Mismatch }
    }

    pub fn message(&self) -> String {
        match self.problem {
            Problem::Missing => format!("missing field `{}`: expected {}", self.at, self.expected),
            Problem::Unknown => format!("unknown field `{}`: expected {}", self.at, self.expected),
            Problem::Bounds => format!("field `{}`: {}", self.at, self.expected),
            Problem::Mismatch if self.at.is_empty() => format!("the body: expected {}", self.expected),
            Problem::Mismatch => format!("field `{}`: expected {}", self.at, self.expected),
        }
    }
}

/// Nested structs deeper than this are left out of examples (a recursive
/// type would otherwise never end).
const MAX_DEPTH: usize = 8;

/// The type space with the token examples worked out once.
pub struct Types {
    pub space: TypeSpace,
    token_examples: Vec<(String, String)>,
}

impl Types {
    pub fn new(space: TypeSpace) -> Self {
        let token_examples = space.tokens.iter().map(|t| (t.name.clone(), format!("{}_1", t.name.to_ascii_lowercase()))).collect();
        Types { space, token_examples }
    }

    /// A name as the module of API `api` sees it: its own types first, then
    /// the shared ones, ids and tokens.
    pub fn resolve(&self, api: usize, name: &str) -> Option<Named<'_>> {
        let module = self.space.apis.get(api);
        if let Some(s) = module.and_then(|m| m.structs.get(name)).or_else(|| self.space.shared.get(name)) {
            return Some(Named::Struct(s));
        }
        if let Some(e) = module.and_then(|m| m.enums.get(name)).or_else(|| self.space.shared_enums.get(name)) {
            return Some(Named::Enum(e));
        }
        if let Some(id) = self.space.ids.get(name) {
            return Some(if id.numeric { Named::Number } else { Named::Text(&id.example) });
        }
        self.token_examples.iter().find(|(n, _)| n == name).map(|(_, e)| Named::Text(e.as_str()))
    }

    /// Whether `name` is an id or token newtype.
    pub fn is_text(&self, api: usize, name: &str) -> bool {
        matches!(self.resolve(api, name), Some(Named::Text(_) | Named::Number))
    }

    /// The example of a type, as the generated `Example` impls give it.
    pub fn example(&self, api: usize, ty: &Ty) -> Value {
        self.example_at(api, ty, 0)
    }

    fn example_at(&self, api: usize, ty: &Ty, depth: usize) -> Value {
        match ty {
            Ty::Bool => Value::Bool(true),
            Ty::Int(_) => json!(1),
            Ty::Float(_) => json!(1.5),
            Ty::String => json!("example"),
            Ty::Json => json!({ "key": "value" }),
            Ty::Vec(t) if depth >= MAX_DEPTH => {
                let _ = t;
                json!([])
            }
            Ty::Vec(t) => json!([self.example_at(api, t, depth + 1)]),
            Ty::OneOrMany(t) | Ty::Option(t) => self.example_at(api, t, depth),
            Ty::Map(t) => json!({ "key": self.example_at(api, t, depth + 1) }),
            Ty::Time(r) => time_example(*r),
            Ty::Date => json!("2024-05-02"),
            Ty::Decimal(DecimalRepr::Text) => json!("12.50"),
            Ty::Decimal(DecimalRepr::Number) => json!(12.5),
            Ty::Named(n) => match self.resolve(api, n) {
                Some(Named::Struct(s)) => self.struct_example(api, s, depth + 1),
                Some(Named::Enum(e)) => e.variants.first().map_or(json!("example"), |(_, w)| json!(w)),
                Some(Named::Text(t)) => json!(t),
                Some(Named::Number) => json!(1),
                None => Value::Null,
            },
        }
    }

    /// `f`'s example, inside the bounds the prose gives it: the minimum (or
    /// maximum) where the type's example is outside them, a text of its
    /// pattern, a text as long as it must be.
    pub fn field_example(&self, api: usize, f: &Field) -> Value {
        let v = self.example(api, &f.ty);
        if check_bounds(f, &v, "").is_ok() {
            return v;
        }
        let c = &f.constraints;
        let v = match &v {
            Value::Number(_) => c.minimum.clone().or_else(|| c.maximum.clone()).unwrap_or(v),
            Value::String(_) if c.pattern.as_ref().is_some_and(|p| !p.matches(v.as_str().unwrap_or_default())) => {
                c.pattern.as_ref().and_then(super::pattern_example::example).map_or(v, Value::String)
            }
            Value::String(s) => {
                let n = s.chars().count() as u64;
                match (c.min_length, c.max_length) {
                    (Some(min), _) if n < min => json!(format!("{s}{}", "x".repeat((min - n) as usize))),
                    (_, Some(max)) if n > max => json!(s.chars().take(max as usize).collect::<String>()),
                    _ => v,
                }
            }
            _ => v,
        };
        v
    }

    /// Every field's example; optional fields too (as the generated
    /// `Example` gives `Some`), except below [`MAX_DEPTH`].
    pub fn struct_example(&self, api: usize, s: &StructDef, depth: usize) -> Value {
        let mut out = Map::new();
        for f in &s.fields {
            if depth >= MAX_DEPTH && f.ty.is_option() {
                continue;
            }
            out.insert(f.wire.clone(), self.example_at(api, &f.ty, depth));
        }
        Value::Object(out)
    }

    /// Checks `v` against `ty` as serde would read it into the generated
    /// type; `at` names the place for the error.
    pub fn check(&self, api: usize, ty: &Ty, v: &Value, at: &str) -> Result<(), Invalid> {
        self.check_in(api, ty, v, at, &|_| false)
    }

    /// [`Types::check`], where the objects at the places `partial` names
    /// (`vehicles[0]`) may leave required fields out: an example that
    /// elides part of an object ("...") shows only some of its keys.
    pub fn check_partial(&self, api: usize, ty: &Ty, v: &Value, at: &str, partial: &dyn Fn(&str) -> bool) -> Result<(), Invalid> {
        self.check_in(api, ty, v, at, partial)
    }

    fn check_in(&self, api: usize, ty: &Ty, v: &Value, at: &str, partial: &dyn Fn(&str) -> bool) -> Result<(), Invalid> {
        match (ty, v) {
            (Ty::Option(_), Value::Null) => Ok(()),
            (Ty::Option(t), v) => self.check_in(api, t, v, at, partial),
            (Ty::Bool, Value::Bool(_)) | (Ty::Json, _) | (Ty::String, Value::String(_)) => Ok(()),
            (Ty::Int(i), Value::Number(n)) if int_fits(*i, n) => Ok(()),
            (Ty::Int(_), _) => Err(Invalid::new(at, describe(ty))),
            (Ty::Float(_), Value::Number(_)) => Ok(()),
            (Ty::Vec(t) | Ty::OneOrMany(t), Value::Array(items)) => {
                items.iter().enumerate().try_for_each(|(i, x)| self.check_in(api, t, x, &format!("{at}[{i}]"), partial))
            }
            (Ty::OneOrMany(t), v) => {
                self.check_in(api, t, v, at, partial).map_err(|_| Invalid::new(at, format!("{} or a list of them", describe(t))))
            }
            (Ty::Map(t), Value::Object(m)) => m.iter().try_for_each(|(k, x)| self.check_in(api, t, x, &join(at, k), partial)),
            (Ty::Time(r), v) if time_fits(*r, v) => Ok(()),
            (Ty::Date, Value::String(s)) if chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => Ok(()),
            // Each as the spec writes it (and the document says): a number,
            // or decimal text ("248500.00").
            (Ty::Decimal(DecimalRepr::Number), Value::Number(_)) => Ok(()),
            (Ty::Decimal(DecimalRepr::Text), Value::String(s)) if is_decimal(s) => Ok(()),
            (Ty::Named(n), v) => self.check_named(api, n, v, at, partial),
            (t, _) => Err(Invalid::new(at, describe(t))),
        }
    }

    fn check_named(&self, api: usize, name: &str, v: &Value, at: &str, partial: &dyn Fn(&str) -> bool) -> Result<(), Invalid> {
        match (self.resolve(api, name), v) {
            (Some(Named::Struct(s)), Value::Object(m)) => self.fields_in(api, &s.fields.iter().collect::<Vec<_>>(), m, at, partial),
            (Some(Named::Struct(s)), _) => Err(Invalid::new(at, format!("an object ({})", s.name))),
            (Some(Named::Enum(e)), Value::String(s)) if e.open || e.variants.iter().any(|(_, w)| w == s) => Ok(()),
            (Some(Named::Enum(e)), _) => {
                let values: Vec<String> = e.variants.iter().map(|(_, w)| format!("{w:?}")).collect();
                let tail = if e.open { ", or another string" } else { "" };
                Err(Invalid::new(at, format!("one of {}{tail}", values.join(", "))))
            }
            // An id names a record: never the empty string (which would be
            // another path: `/vehicles/` for `/vehicles/{id}`).
            (Some(Named::Text(_)), Value::String(s)) if s.is_empty() && self.space.ids.contains_key(name) => {
                Err(Invalid::new(at, format!("a non-empty {name}")))
            }
            (Some(Named::Text(_)), Value::String(_)) => Ok(()),
            (Some(Named::Text(_)), _) => Err(Invalid::new(at, format!("a string ({name})"))),
            (Some(Named::Number), Value::Number(n)) if n.is_u64() => Ok(()),
            (Some(Named::Number), _) => Err(Invalid::new(at, format!("a non-negative integer ({name})"))),
            (None, _) => Err(Invalid::new(at, format!("a {name}, which the spec does not define"))),
        }
    }

    /// Checks an object against fields: every required one present, each
    /// present one of its type, no other key.
    pub fn check_fields(&self, api: usize, fields: &[&Field], m: &Map<String, Value>, at: &str) -> Result<(), Invalid> {
        self.fields_in(api, fields, m, at, &|_| false)
    }

    fn fields_in(
        &self,
        api: usize,
        fields: &[&Field],
        m: &Map<String, Value>,
        at: &str,
        partial: &dyn Fn(&str) -> bool,
    ) -> Result<(), Invalid> {
        if let Some(unknown) = m.keys().find(|k| !fields.iter().any(|f| &f.wire == *k)) {
            let known: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
            let expected = if known.is_empty() { "no fields".to_string() } else { format!("one of {}", known.join(", ")) };
            return Err(Invalid { problem: Problem::Unknown, ..Invalid::new(&join(at, unknown), expected) });
        }
        for f in fields {
            match m.get(&f.wire) {
                Some(v) => {
                    self.check_in(api, &f.ty, v, &join(at, &f.wire), partial)?;
                    check_bounds(f, v, &join(at, &f.wire))?;
                }
                None if f.ty.is_option() || partial(at) => {}
                None => return Err(Invalid { problem: Problem::Missing, ..Invalid::new(&join(at, &f.wire), describe(&f.ty)) }),
            }
        }
        Ok(())
    }

    /// Makes the numbers written as integral floats (`135759.0`) integers
    /// where `fields` say integer: JSON Schema counts them as integers, so
    /// the mock takes them as the document says, and serde then reads them.
    pub fn integral_fields(&self, api: usize, fields: &[&Field], m: &mut Map<String, Value>) {
        for f in fields {
            if let Some(v) = m.get_mut(&f.wire) {
                self.integral(api, &f.ty, v, 0);
            }
        }
    }

    fn integral(&self, api: usize, ty: &Ty, v: &mut Value, depth: usize) {
        if depth > MAX_DEPTH * 4 {
            return;
        }
        match (ty, v) {
            (Ty::Option(t), v) => self.integral(api, t, v, depth),
            (Ty::Int(_), Value::Number(n)) if !n.is_i64() && !n.is_u64() => {
                match n.as_f64().filter(|x| x.fract() == 0.0) {
                    // Strictly inside: a float at a bound may stand for an
                    // integer beyond it (-9223372036854775809).
                    Some(x) if x > i64::MIN as f64 && x < i64::MAX as f64 => *n = serde_json::Number::from(x as i64),
                    Some(x) if x >= 0.0 && x < u64::MAX as f64 => *n = serde_json::Number::from(x as u64),
                    _ => {}
                }
            }
            (Ty::Vec(t) | Ty::OneOrMany(t), Value::Array(items)) => items.iter_mut().for_each(|x| self.integral(api, t, x, depth + 1)),
            (Ty::OneOrMany(t), v) => self.integral(api, t, v, depth + 1),
            (Ty::Map(t), Value::Object(m)) => m.values_mut().for_each(|x| self.integral(api, t, x, depth + 1)),
            (Ty::Named(n), Value::Object(m)) => {
                if let Some(Named::Struct(s)) = self.resolve(api, n) {
                    for f in &s.fields {
                        if let Some(x) = m.get_mut(&f.wire) {
                            self.integral(api, &f.ty, x, depth + 1);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// A path or query string as a value of its declared type: never
    /// guessed (`2024` stays a string for a string field).
    pub fn convert(&self, api: usize, ty: &Ty, text: &str, at: &str) -> Result<Value, Invalid> {
        let bad = || Invalid::new(at, format!("{} (got {text:?})", describe(ty)));
        let v = match ty.required() {
            Ty::Bool => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(bad()),
            },
            Ty::Int(i) if i.unsigned() => text.parse::<u64>().map(Value::from).map_err(|_| bad())?,
            Ty::Int(_) => text.parse::<i64>().map(Value::from).map_err(|_| bad())?,
            Ty::Float(_) | Ty::Decimal(DecimalRepr::Number) => {
                text.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).ok_or_else(bad)?
            }
            Ty::Time(TimeRepr::UnixSeconds | TimeRepr::UnixMillis) => text.parse::<i64>().map(Value::from).map_err(|_| bad())?,
            Ty::Time(_) | Ty::Date | Ty::Decimal(_) => Value::String(text.to_string()),
            Ty::String => Value::String(text.to_string()),
            Ty::Vec(t) | Ty::OneOrMany(t) => {
                let items: Result<Vec<Value>, Invalid> = text.split(',').map(|x| self.convert(api, t, x, at)).collect();
                Value::Array(items?)
            }
            Ty::Named(n) if matches!(self.resolve(api, n), Some(Named::Number)) => {
                text.parse::<u64>().map(Value::from).map_err(|_| bad())?
            }
            Ty::Named(n) if text.is_empty() && self.space.ids.get(n.as_str()).is_some_and(|id| !id.numeric) => {
                return Err(Invalid::new(at, format!("a non-empty {n}")));
            }
            Ty::Named(n) if !matches!(self.resolve(api, n), Some(Named::Struct(_))) => Value::String(text.to_string()),
            // Structs, maps and free content travel as JSON text.
            _ => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())),
        };
        self.check(api, ty, &v, at)?;
        Ok(v)
    }
}

/// Checks a value of field `f` (already of its type) against the bounds
/// its prose states: a number's minimum and maximum, a text's or a list's
/// length. The error names the bound.
pub fn check_bounds(f: &Field, v: &Value, at: &str) -> Result<(), Invalid> {
    let c = &f.constraints;
    let bounds = |problem: String| Invalid { at: at.to_string(), expected: problem, problem: Problem::Bounds };
    let number = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) if matches!(f.ty.required(), Ty::Decimal(_)) => s.parse::<f64>().ok(),
        _ => None,
    };
    if let Some(x) = number {
        if let Some(min) = c.minimum.as_ref().and_then(Value::as_f64).filter(|m| x < *m) {
            return Err(bounds(format!("{v} is below the minimum {}", fmt_number(min))));
        }
        if let Some(max) = c.maximum.as_ref().and_then(Value::as_f64).filter(|m| x > *m) {
            return Err(bounds(format!("{v} is above the maximum {}", fmt_number(max))));
        }
    }
    let (len, what) = match v {
        Value::String(s) if matches!(f.ty.required(), Ty::String) => (Some(s.chars().count() as u64), "characters"),
        Value::Array(items) => (Some(items.len() as u64), "items"),
        _ => (None, ""),
    };
    if let Some(n) = len {
        if let Some(min) = c.min_length.filter(|m| n < *m) {
            return Err(bounds(format!("{n} {what}, fewer than the {min} it must have")));
        }
        if let Some(max) = c.max_length.filter(|m| n > *m) {
            return Err(bounds(format!("{n} {what}, more than the {max} it may have")));
        }
    }
    if let (Some(p), Value::String(text)) = (&c.pattern, v) {
        if !p.matches(text) {
            return Err(bounds(format!("{text:?} does not match `{}`", p.as_str())));
        }
    }
    Ok(())
}

fn fmt_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn int_fits(i: Int, n: &serde_json::Number) -> bool {
    let (lo, hi) = i.range();
    let v = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
    v.is_some_and(|v| (lo..=hi).contains(&v))
}

/// What a value of `ty` looks like, for error messages.
pub fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "a boolean".into(),
        Ty::Int(i) if i.unsigned() => format!("a non-negative integer ({})", i.as_str()),
        Ty::Int(i) => format!("an integer ({})", i.as_str()),
        Ty::Float(Float::F32 | Float::F64) => "a number".into(),
        Ty::String => "a string".into(),
        Ty::Json => "any JSON value".into(),
        Ty::Named(n) => format!("a {n}"),
        Ty::Vec(t) => format!("a list of {}", plural(t)),
        Ty::OneOrMany(t) => format!("{} or a list of them", describe(t)),
        Ty::Option(t) => describe(t),
        Ty::Map(t) => format!("an object of {}", plural(t)),
        Ty::Time(r) => r.describe().to_string(),
        Ty::Date => "a date (`YYYY-MM-DD`)".into(),
        Ty::Decimal(DecimalRepr::Text) => "a decimal number as text (`\"248500.00\"`)".into(),
        Ty::Decimal(DecimalRepr::Number) => "a decimal number (`248500.00`)".into(),
    }
}

/// The example of a point in time, in its form.
fn time_example(r: TimeRepr) -> Value {
    match r {
        TimeRepr::Rfc3339 => json!("2024-05-02T14:03:11Z"),
        TimeRepr::UnixSeconds => json!(1714658591),
        TimeRepr::UnixMillis => json!(1714658591000_u64),
        TimeRepr::Local => json!("2024-05-02 14:03"),
    }
}

/// Whether `v` is a point in time of the form `r`.
fn time_fits(r: TimeRepr, v: &Value) -> bool {
    match (r, v) {
        (TimeRepr::Rfc3339, Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
        (TimeRepr::Local, Value::String(s)) => {
            chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").is_ok()
                || chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").is_ok()
        }
        (TimeRepr::UnixSeconds | TimeRepr::UnixMillis, Value::Number(n)) => n.is_i64() || n.is_u64(),
        _ => false,
    }
}

/// `"248500.00"`, `"-3"`, `"0.5"`: digits with at most one point.
pub fn is_decimal(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, "0"));
    !int.is_empty() && !frac.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
}

fn plural(t: &Ty) -> String {
    let d = describe(t);
    d.strip_prefix("a ").or_else(|| d.strip_prefix("an ")).map_or(d.clone(), |s| format!("{s}s"))
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Types {
        let read = crate::read_str("t.md", "# Shop API [Draft]\n\nCreating an order:\n\nInputs:\n- Order name\n- Count of items\n- Colour (red, green, blue)\n- Tag[s] (optional)\n\nOutputs:\n- Order ID\n", crate::Format::Markdown);
        let mut d = read.diagnostics;
        Types::new(crate::types::build::build(&read.spec, None, &mut d).expect("builds"))
    }

    #[test]
    fn values_are_checked_as_serde_reads_them() {
        let t = types();
        let ep = &t.space.apis[0].endpoints[0];
        let fields: Vec<_> = ep.request.fields.iter().collect();
        let ok = json!({ "name": "a", "num_items": 2, "colour": "red", "tags": "x" });
        let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
        assert_eq!(t.check_fields(0, &fields, ok.as_object().unwrap(), ""), Ok(()), "{wires:?}");
        let bad = json!({ "name": "a", "num_items": -1, "colour": "red" });
        assert_eq!(t.check_fields(0, &fields, bad.as_object().unwrap(), "").unwrap_err().at, "num_items");
        let closed = json!({ "name": "a", "num_items": 1, "colour": "yellow" });
        assert!(t.check_fields(0, &fields, closed.as_object().unwrap(), "").unwrap_err().expected.contains("\"red\""));
        let extra = json!({ "name": "a", "num_items": 1, "colour": "red", "nope": 1 });
        let e = t.check_fields(0, &fields, extra.as_object().unwrap(), "").unwrap_err();
        assert_eq!((e.at.as_str(), e.problem), ("nope", Problem::Unknown));
        let missing = json!({ "num_items": 1, "colour": "red" });
        assert!(t.check_fields(0, &fields, missing.as_object().unwrap(), "").unwrap_err().problem == Problem::Missing);
    }

    #[test]
    fn strings_stay_strings_and_numbers_are_read_by_type() {
        let t = types();
        assert_eq!(t.convert(0, &Ty::String, "2024", "q").unwrap(), json!("2024"));
        assert_eq!(t.convert(0, &Ty::U64, "5", "q").unwrap(), json!(5));
        assert!(t.convert(0, &Ty::U64, "five", "q").is_err());
        assert_eq!(t.convert(0, &Ty::Vec(Box::new(Ty::U64)), "1,2", "q").unwrap(), json!([1, 2]));
    }

    #[test]
    fn examples_fit_their_types() {
        let t = types();
        let ep = &t.space.apis[0].endpoints[0];
        for s in [&ep.request, &ep.response] {
            let ex = t.struct_example(0, s, 0);
            let fields: Vec<_> = s.fields.iter().collect();
            assert_eq!(t.check_fields(0, &fields, ex.as_object().unwrap(), ""), Ok(()));
        }
    }
}
