//! Generic engine: answers built from the response type. Each field comes
//! from what the operation worked out (ids made, the page, the token), else
//! from the stored record (its id, its parents, the attribute the field
//! names relative to the resource, its children); an optional field with
//! none of these stays out, a required one takes its type's example. A
//! stored value is used only where it fits the field's type, so every
//! answer is of its response type.

use super::semantics::{attribute, child_resource, names_id};
use super::spec::Served;
use super::store::{Record, Store};
use serde_json::{Map, Value};
use specgen::types::values::Named;
use specgen::types::{Field, StructDef, Ty};

/// What an answer is built from.
pub struct Source<'a> {
    pub api: usize,
    pub resource: &'a str,
    pub id_type: Option<&'a str>,
    pub record: Option<&'a Record>,
    /// Values the operation decided, by wire name; `Null`: leave the field
    /// out (it must be optional).
    pub extras: &'a Map<String, Value>,
}

pub fn render(served: &Served, store: &Store, def: &StructDef, src: &Source) -> Value {
    let mut out = Map::new();
    // The record's attributes, parsed once for all fields.
    let attrs = src.record.map(Record::attrs).unwrap_or_default();
    for f in &def.fields {
        let value = match src.extras.get(&f.wire) {
            Some(Value::Null) if f.ty.is_option() => continue,
            Some(v) => Some(v.clone()),
            None => src.record.and_then(|r| from_record(served, store, f, src, r, &attrs)),
        };
        // Nothing known of it: an optional field stays out (or is `null`,
        // where the spec says so; never an invented value); a required one
        // takes its type's example.
        let value = match value {
            Some(v) => v,
            None if f.ty.is_option() && served.types.space.absent_as_null => Value::Null,
            None if f.ty.is_option() => continue,
            None => served.types.field_example(src.api, f),
        };
        out.insert(f.wire.clone(), value);
    }
    Value::Object(out)
}

/// A field's value from a record, when the record has one that fits.
fn from_record(served: &Served, store: &Store, f: &Field, src: &Source, r: &Record, attrs: &Map<String, Value>) -> Option<Value> {
    // The record's id: a field of its id type, or one its name says is the
    // record's id (`id`, `application_id` of an application) whose type
    // takes the id's text.
    if src.id_type.is_some_and(|id| names_id(f, id)) {
        return Some(id_value(served, src.api, &f.ty, &r.id));
    }
    let id_like = f.wire == "id" || f.wire.ends_with("_id") || f.wire.ends_with("Id");
    if id_like && attribute(src.resource, &f.wire) == "id" {
        let v = id_value(served, src.api, &f.ty, &r.id);
        if served.types.check(src.api, &f.ty, &v, "").is_ok() {
            return Some(v);
        }
    }
    if let Ty::Named(n) = f.ty.required() {
        if let Some(p) = r.parent(n) {
            return Some(id_value(served, src.api, &f.ty, p));
        }
    }
    let name = attribute(src.resource, &f.wire);
    let stored = attrs.get(&name).or_else(|| attrs.get(&f.wire)).or_else(|| said_shorter(&name, attrs));
    if let Some(v) = stored.filter(|v| served.types.check(src.api, &f.ty, v, "").is_ok()) {
        return Some(v.clone());
    }
    children(served, store, f, src, r)
}

/// The one attribute that names the same fact in fewer or more words: a
/// create's `title` for a read's `working_title`, `amount_requested` for
/// `total_amount_requested`. One name must end with the other's words,
/// and a single shared word must say more than "id" or "date".
fn said_shorter<'a>(name: &str, attrs: &'a Map<String, Value>) -> Option<&'a Value> {
    // `long` ends with `short`'s words: "total_amount_requested" and
    // "amount_requested" (no allocation: this runs per field of an answer).
    let ends = |long: &str, short: &str| {
        long.len() > short.len()
            && long.ends_with(short)
            && long.as_bytes()[long.len() - short.len() - 1] == b'_'
            && (short.contains('_') || !matches!(short, "id" | "ids" | "at" | "date" | "time" | "name" | "type" | "count" | "status"))
    };
    let mut found = attrs.iter().filter(|(k, _)| ends(name, k) || ends(k, name));
    let (_, v) = found.next()?;
    found.next().is_none().then_some(v)
}

/// A list field naming a resource whose items sit under this record ("0-N
/// scans" on a parcel): those items (none yet: an empty list), each
/// through the list's entry type.
fn children(served: &Served, store: &Store, f: &Field, src: &Source, r: &Record) -> Option<Value> {
    let id_type = src.id_type?;
    let noun = child_resource(served.routes.iter().map(|r| &r.plan), src.resource, id_type, f)?;
    let Ty::Vec(entry) = f.ty.required() else { return None };
    let def = match &**entry {
        Ty::Named(n) => match served.types.resolve(src.api, n) {
            Some(Named::Struct(def)) => Some(def),
            _ => return None,
        },
        Ty::Json => None,
        _ => return None,
    };
    let child_id = served.routes.iter().find(|c| c.plan.resource == noun).and_then(|c| c.plan.id_type.as_deref());
    let none = Map::new();
    let items = store
        .collections
        .get(noun)
        .into_iter()
        .flat_map(|coll| coll.records.values())
        .filter(|c| c.parent(id_type) == Some(r.id.as_str()))
        .map(|c| match def {
            Some(def) => {
                render(served, store, def, &Source { api: src.api, resource: noun, id_type: child_id, record: Some(c), extras: &none })
            }
            None => free_form(noun, c),
        })
        .collect();
    Some(Value::Array(items))
}

/// A record as free content: its id (`scan_id`) and its attributes.
fn free_form(resource: &str, r: &Record) -> Value {
    let mut m = r.attrs();
    m.insert(format!("{}_id", resource.replace(' ', "_")), Value::String(r.id.clone()));
    Value::Object(m)
}

/// The list field of a response (a list of entries or of ids), if any.
pub fn list_field(def: &StructDef) -> Option<&Field> {
    def.fields.iter().find(|f| matches!(f.ty.required(), Ty::Vec(_)))
}

/// Renders `records` as the entries of a list field.
pub fn entries<'r>(
    served: &Served,
    store: &Store,
    api: usize,
    f: &Field,
    items: impl Iterator<Item = (&'r str, Option<&'r str>, &'r Record, Map<String, Value>)>,
) -> Value {
    let Ty::Vec(entry) = f.ty.required() else { return Value::Array(vec![]) };
    let def = match &**entry {
        Ty::Named(n) => match served.types.resolve(api, n) {
            Some(Named::Struct(s)) => Some(s),
            _ => None,
        },
        _ => None,
    };
    let list = items
        .map(|(resource, id_type, record, extras)| match def {
            Some(def) => render(served, store, def, &Source { api, resource, id_type, record: Some(record), extras: &extras }),
            None if matches!(&**entry, Ty::Named(n) if id_type == Some(n.as_str())) => id_value(served, api, entry, &record.id),
            None => served.types.example(api, entry),
        })
        .collect();
    Value::Array(list)
}

/// A stored id as the field's type sends it: a number for an id the spec
/// writes as one (`"id": 17`), else its text. Ids are stored as text.
pub fn id_value(served: &Served, api: usize, ty: &Ty, id: &str) -> Value {
    match ty.required() {
        Ty::Named(n) if matches!(served.types.resolve(api, n), Some(Named::Number)) => {
            id.parse::<u64>().map_or_else(|_| Value::String(id.to_string()), Value::from)
        }
        _ => Value::String(id.to_string()),
    }
}
