//! The OpenAPI 3.1 document of the endpoints, from the same type space: each
//! operation with `x-spec-section` and `x-spec-status`, each property with
//! its original prose as description, the error responses of the binding
//! each endpoint can give, and the shared types, ids and tokens as
//! components.
//!
//! Invariants: every component is referenced (from an operation, or from a
//! component that is); a field the server may send as `null` (an `Option`
//! of a response or of a component) admits `null`; parameters and request
//! bodies never do (leaving the field out is how a client says "none").

use crate::model::Status;
use crate::plan::Plan;
use crate::types::errors::{ErrorFormat, ErrorKind};
use crate::types::{ApiTypes, DecimalRepr, Endpoint, EnumDef, Field, Float, Int, Location, StructDef, TimeRepr, TokenType, Ty, TypeSpace};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Where the mock server (`cargo run -p mock-server`) listens by default.
pub const MOCK_SERVER: &str = "http://127.0.0.1:8008";

const SCHEMAS: &str = "#/components/schemas/";
const RESPONSES: &str = "#/components/responses/";

fn int_schema(i: Int) -> Value {
    let (min, max) = i.range();
    // OpenAPI's registry has int32 and int64; a u64 above i64::MAX fits
    // neither, so it is named by its Rust width.
    let format = match i {
        Int::I8 | Int::I16 | Int::I32 | Int::U8 | Int::U16 => "int32",
        Int::I64 | Int::U32 => "int64",
        Int::U64 => "uint64",
    };
    let bound = |n: i128| if n < 0 { json!(n as i64) } else { json!(n as u64) };
    json!({ "type": "integer", "format": format, "minimum": bound(min), "maximum": bound(max) })
}

/// The schema of a type; `Option` is left to the caller (a field may be
/// left out, and only some may be `null`).
fn schema(t: &Ty) -> Value {
    match t {
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Int(i) => int_schema(*i),
        Ty::Float(Float::F32) => json!({ "type": "number", "format": "float" }),
        Ty::Float(Float::F64) => json!({ "type": "number", "format": "double" }),
        Ty::Map(t) => json!({ "type": "object", "additionalProperties": schema(t) }),
        Ty::String => json!({ "type": "string" }),
        Ty::Json => json!({}),
        Ty::Named(n) => json!({ "$ref": format!("{SCHEMAS}{n}") }),
        Ty::Vec(t) => json!({ "type": "array", "items": schema(t) }),
        Ty::OneOrMany(t) => json!({ "oneOf": [schema(t), { "type": "array", "items": schema(t) }] }),
        Ty::Option(t) => schema(t),
        Ty::Time(TimeRepr::Rfc3339) => json!({ "type": "string", "format": "date-time" }),
        Ty::Time(TimeRepr::UnixSeconds) => json!({ "type": "integer", "format": "int64", "description": "seconds since the Unix epoch" }),
        Ty::Time(TimeRepr::UnixMillis) => {
            json!({ "type": "integer", "format": "int64", "description": "milliseconds since the Unix epoch" })
        }
        Ty::Time(TimeRepr::Local) => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?$" }),
        Ty::Date => json!({ "type": "string", "format": "date" }),
        Ty::Decimal(DecimalRepr::Text) => json!({ "type": "string", "format": "decimal", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" }),
        Ty::Decimal(DecimalRepr::Number) => json!({ "type": "number" }),
    }
}

/// `s` admitting `null` too: `type: [T, "null"]` for a typed schema, an
/// `anyOf` with `{"type": "null"}` for a reference or a `oneOf`; free JSON
/// (`{}`) admits it already.
fn nullable(s: Value) -> Value {
    match s.get("type").and_then(Value::as_str) {
        Some(t) => {
            let mut s = s.clone();
            s["type"] = json!([t, "null"]);
            s
        }
        None if s.as_object().is_some_and(Map::is_empty) => s,
        None => json!({ "anyOf": [s, { "type": "null" }] }),
    }
}

/// `s` with the bounds and default the prose states: `minimum`/`maximum`
/// on numbers, `minLength`/`maxLength` on text, `minItems`/`maxItems` on
/// lists, and `default`. The mock enforces the same (and nothing else).
fn constrained(mut s: Value, f: &Field) -> Value {
    let c = &f.constraints;
    if c.is_empty() {
        return s;
    }
    // A named text (a token) keeps its reference, with the form beside it.
    if s.get("$ref").is_some() {
        if let Some(p) = &c.pattern {
            s["pattern"] = json!(p.as_str());
        }
        return s;
    }
    match f.ty.required() {
        Ty::Int(_) | Ty::Float(_) | Ty::Decimal(DecimalRepr::Number) => {
            if let Some(m) = &c.minimum {
                s["minimum"] = m.clone();
            }
            if let Some(m) = &c.maximum {
                s["maximum"] = m.clone();
            }
        }
        Ty::String => {
            if let Some(n) = c.min_length {
                s["minLength"] = json!(n);
            }
            if let Some(n) = c.max_length {
                s["maxLength"] = json!(n);
            }
            if let Some(p) = &c.pattern {
                s["pattern"] = json!(p.as_str());
            }
        }
        Ty::Vec(_) => {
            if let Some(n) = c.min_length {
                s["minItems"] = json!(n);
            }
            if let Some(n) = c.max_length {
                s["maxItems"] = json!(n);
            }
        }
        _ => {}
    }
    if let Some(d) = &c.default {
        s["default"] = d.clone();
    }
    s
}

fn property(f: &Field) -> Value {
    let s = constrained(schema(&f.ty), f);
    // The mock takes `null` for an optional input as it sends it for an
    // optional output: both sides say so.
    let mut s = if f.ty.is_option() { nullable(s) } else { s };
    if !f.prose.is_empty() {
        s["description"] = json!(f.prose);
    }
    s
}

fn object(fields: &[&Field]) -> Value {
    let props: Map<String, Value> = fields.iter().map(|f| (f.wire.clone(), property(f))).collect();
    let req: Vec<&str> = fields.iter().filter(|f| !f.ty.is_option()).map(|f| f.wire.as_str()).collect();
    // The mock refuses a key it does not know, and sends none.
    let mut o = json!({ "type": "object", "properties": props, "additionalProperties": false });
    if !req.is_empty() {
        o["required"] = json!(req);
    }
    o
}

fn struct_schema(s: &StructDef) -> Value {
    let mut v = object(&s.fields.iter().collect::<Vec<_>>());
    v["description"] = json!(s.doc);
    v
}

fn enum_schema(e: &EnumDef) -> Value {
    let values: Vec<&String> = e.variants.iter().map(|(_, w)| w).collect();
    if e.open {
        json!({ "description": e.doc, "anyOf": [{ "enum": values }, { "type": "string" }] })
    } else {
        json!({ "description": e.doc, "type": "string", "enum": values })
    }
}

/// A group of error answers the document lists under one status (its
/// reusable response); the body of each is the spec's own error shape
/// ([`crate::types::errors::ErrorFormat`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ErrorGroup {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooLarge,
    UnsupportedMediaType,
    ReusedRequestId,
    NotImplemented,
}

impl ErrorGroup {
    const ALL: [ErrorGroup; 9] = [
        ErrorGroup::BadRequest,
        ErrorGroup::Unauthorized,
        ErrorGroup::Forbidden,
        ErrorGroup::NotFound,
        ErrorGroup::Conflict,
        ErrorGroup::TooLarge,
        ErrorGroup::UnsupportedMediaType,
        ErrorGroup::ReusedRequestId,
        ErrorGroup::NotImplemented,
    ];

    fn status(self) -> u16 {
        match self {
            ErrorGroup::BadRequest => 400,
            ErrorGroup::Unauthorized => 401,
            ErrorGroup::Forbidden => 403,
            ErrorGroup::NotFound => 404,
            ErrorGroup::Conflict => 409,
            ErrorGroup::TooLarge => 413,
            ErrorGroup::UnsupportedMediaType => 415,
            ErrorGroup::ReusedRequestId => 422,
            ErrorGroup::NotImplemented => 501,
        }
    }

    /// Its name under `components/responses`.
    fn name(self) -> &'static str {
        match self {
            ErrorGroup::BadRequest => "BadRequest",
            ErrorGroup::Unauthorized => "Unauthorized",
            ErrorGroup::Forbidden => "Forbidden",
            ErrorGroup::NotFound => "NotFound",
            ErrorGroup::Conflict => "Conflict",
            ErrorGroup::TooLarge => "TooLarge",
            ErrorGroup::UnsupportedMediaType => "UnsupportedMediaType",
            ErrorGroup::ReusedRequestId => "ReusedRequestId",
            ErrorGroup::NotImplemented => "NotImplemented",
        }
    }

    fn description(self) -> &'static str {
        match self {
            ErrorGroup::BadRequest => {
                "The request is malformed: the body is not JSON, a field has the wrong type or value, a required parameter is missing, or a query parameter is not one the operation takes."
            }
            ErrorGroup::Unauthorized => "No access token was given, or it is not known (revoked, or its account deleted).",
            ErrorGroup::Forbidden => "The caller may not do this (another user's record, or wrong credentials).",
            ErrorGroup::NotFound => "A thing the request names does not exist, or the section is below the status the server serves.",
            ErrorGroup::Conflict => "The name asked for is already taken.",
            ErrorGroup::TooLarge => "The request body is larger than the server accepts.",
            ErrorGroup::UnsupportedMediaType => "The request body is not JSON by its headers: another Content-Type, or a Content-Encoding.",
            ErrorGroup::ReusedRequestId => {
                "The request ID was already used for another request to this endpoint: a retry repeats its request exactly."
            }
            ErrorGroup::NotImplemented => "The section is TODO in the spec: not specified yet.",
        }
    }

    /// The errors it holds, each with an example message (a wrong password
    /// sits under the status the format gives it).
    fn cases(self, format: &ErrorFormat) -> Vec<(ErrorKind, &'static str)> {
        let mut out = self.usual().to_vec();
        if format.status_of(ErrorKind::WrongCredentials) == self.status() {
            out.push((ErrorKind::WrongCredentials, "unknown user or wrong password"));
        }
        out
    }

    fn usual(self) -> &'static [(ErrorKind, &'static str)] {
        match self {
            ErrorGroup::BadRequest => &[
                (ErrorKind::NotJson, "the body is not JSON: EOF while parsing an object at line 1 column 13"),
                (ErrorKind::BadJson, "field `limit`: invalid type: string \"ten\", expected u64"),
                (ErrorKind::MissingParam, "missing parameter `name` (in the body)"),
            ],
            ErrorGroup::Unauthorized => &[
                (ErrorKind::MissingToken, "an access token is required (Authorization: Bearer TOKEN, or ?access_token=)"),
                (ErrorKind::UnknownToken, "the access token is not known (revoked, or its account deleted)"),
            ],
            ErrorGroup::Forbidden => &[(ErrorKind::Forbidden, "this record belongs to another user")],
            ErrorGroup::NotFound => {
                &[(ErrorKind::NotFound, "no record `x`"), (ErrorKind::Unrecognized, "this section is below the served status")]
            }
            ErrorGroup::Conflict => &[(ErrorKind::InUse, "`lobby` is taken")],
            ErrorGroup::TooLarge => &[(ErrorKind::TooLarge, "the body is larger than 65536 bytes")],
            ErrorGroup::UnsupportedMediaType => &[(ErrorKind::NotJson, "the body is sent as \"text/plain\"; send it as application/json")],
            ErrorGroup::ReusedRequestId => &[(ErrorKind::InUse, "request ID `a1` was already used for another request to this endpoint")],
            ErrorGroup::NotImplemented => &[(ErrorKind::Unrecognized, "this is a TODO section of the spec: not specified yet")],
        }
    }

    /// The reusable response, with one example per case, in the spec's
    /// error shape.
    fn response(self, format: &ErrorFormat) -> Value {
        let mut examples = Map::new();
        for (kind, message) in self.cases(format) {
            let body = format.render(kind, self.status(), message, None).body;
            let name = format.code(kind, self.status()).unwrap_or_else(|| kind.name().to_string());
            let name = if examples.contains_key(&name) { kind.name().to_string() } else { name };
            examples.insert(name, json!({ "value": body }));
        }
        json!({
            "description": self.description(),
            "content": { format.content_type(): { "schema": { "$ref": format!("{SCHEMAS}Error") }, "examples": examples } }
        })
    }
}

/// What an endpoint takes and names, as the error rules read it.
struct Inputs<'a> {
    e: &'a Endpoint,
    has_body: bool,
    /// It takes a request ID, whose reuse with another request is refused.
    retries: bool,
}

impl Inputs<'_> {
    fn path_params(&self) -> bool {
        self.e.request.fields.iter().any(|f| f.location == Location::Path)
    }

    /// Whether some input names a thing by its id (which may not exist).
    fn names_ids(&self, space: &TypeSpace) -> bool {
        self.e.request.fields.iter().any(|f| f.ty.names().iter().any(|n| space.ids.contains_key(*n)))
    }

    /// A creation that takes a caller-chosen name (a username, an alias, a
    /// room name), which may already be taken.
    fn names_new_thing(&self) -> bool {
        use crate::types::operation::{shape, Effect};
        // The verb decides, with or without a noun after it (`register`).
        let verb = self.e.name.split('_').next().unwrap_or_default();
        let creates = shape(&format!("{verb} thing")).is_some_and(|s| s.effect == Effect::Create);
        creates && self.e.request.fields.iter().any(|f| f.location == Location::Body && *f.ty.required() == Ty::String)
    }
}

/// The errors an endpoint can give, by the binding's rules:
/// - 501 only, for a TODO section (the server answers it before anything);
/// - 400 always (a query parameter it does not take is refused);
/// - 401 when it needs an access token;
/// - 403 when an authenticated caller acts on something the path names or
///   changes something, and for an open endpoint that checks credentials
///   (any open one with input that is not a creation);
/// - 404 when it names things (path parameters, ids) or its section is
///   below Final (a server may serve only Draft and up, or Final);
/// - 409 for a creation whose new thing the caller names;
/// - 413 and 415 when it takes a body;
/// - 422 when it takes a request ID (reused for another request).
fn errors(space: &TypeSpace, api: &ApiTypes, inputs: &Inputs) -> BTreeSet<ErrorGroup> {
    let e = inputs.e;
    if api.status == Status::Todo {
        return [ErrorGroup::NotImplemented].into();
    }
    let takes_input = !e.request.fields.is_empty() || inputs.has_body;
    let creation = inputs.names_new_thing();
    let mut out = BTreeSet::new();
    let mut add = |yes: bool, k: ErrorGroup| {
        if yes {
            out.insert(k);
        }
    };
    // Every endpoint refuses a query parameter it does not take.
    add(true, ErrorGroup::BadRequest);
    add(e.auth, ErrorGroup::Unauthorized);
    // An open endpoint with input that makes nothing checks credentials (a
    // log-in): a wrong password answers the status the format gives it.
    let checks = !e.auth && takes_input && !creation;
    add(checks && space.errors.status_of(ErrorKind::WrongCredentials) == 401, ErrorGroup::Unauthorized);
    let acts = inputs.path_params() || !e.method.reads();
    add((e.auth && acts) || (!e.auth && takes_input && !creation), ErrorGroup::Forbidden);
    add(inputs.path_params() || inputs.names_ids(space) || api.status < Status::Final, ErrorGroup::NotFound);
    add(creation, ErrorGroup::Conflict);
    add(inputs.has_body, ErrorGroup::TooLarge);
    add(inputs.has_body, ErrorGroup::UnsupportedMediaType);
    add(inputs.retries, ErrorGroup::ReusedRequestId);
    out
}

/// A cursor or position the mock gives is a count in decimal digits (the
/// empty cursor is the end); it accepts any such text, so the document says
/// exactly that, and a tester's made-up cursor is one the mock takes.
const POSITION_TEXT: &str = "^[0-9]*$";

fn parameter(f: &Field, last_segment: bool, position: bool) -> Value {
    let place = if f.location == Location::Path { "path" } else { "query" };
    let mut schema = constrained(schema(&f.ty), f);
    if position && schema["type"] == "string" && schema.get("pattern").is_none() && schema.get("format").is_none() {
        schema["pattern"] = json!(POSITION_TEXT);
    }
    // A segment inside the path is never empty (`/vehicles//assign` is
    // another path).
    let text = schema.get("$ref").is_some() || schema["type"] == "string";
    if f.location == Location::Path && !last_segment && text && schema.get("minLength").is_none() {
        schema["minLength"] = json!(1);
    }
    let mut p = json!({ "name": f.wire, "in": place, "required": f.location == Location::Path || !f.ty.is_option(), "schema": schema });
    if !f.prose.is_empty() {
        p["description"] = json!(f.prose);
    }
    p
}

/// The request body: its body fields; a method that carries a body but has
/// no field takes an optional empty object; reads (GET, DELETE) take none.
fn request_body(e: &Endpoint) -> Option<Value> {
    let body: Vec<&Field> = e.request.fields.iter().filter(|f| f.location == Location::Body).collect();
    if body.is_empty() && e.method.reads() {
        return None;
    }
    let required = body.iter().any(|f| !f.ty.is_option());
    Some(json!({ "required": required, "content": { "application/json": { "schema": object(&body) } } }))
}

fn operation(space: &TypeSpace, api: &ApiTypes, (e, plan): (&Endpoint, &Plan), links: Option<&Map<String, Value>>) -> Value {
    // The path's last segment may be empty (`/state/m.room.topic/`, the
    // empty state key); one inside it may not (`/vehicles//assign`).
    let last = |f: &Field| e.path.to_string().ends_with(&format!("{{{}}}", f.wire));
    let position = |f: &Field| [&plan.cursor, &plan.since].into_iter().flatten().any(|w| *w == f.wire);
    let params: Vec<Value> =
        e.request.fields.iter().filter(|f| f.location != Location::Body).map(|f| parameter(f, last(f), position(f))).collect();
    let body = request_body(e);
    let mut responses = Map::new();
    let ok = object(&e.response.fields.iter().collect::<Vec<_>>());
    // The status the spec shows for a success; 204 carries no body.
    let success = match e.success {
        204 => json!({ "description": "Success (no content)" }),
        _ => json!({ "description": "Success", "content": { "application/json": { "schema": ok } } }),
    };
    let mut success = success;
    if let Some(links) = links {
        success["links"] = Value::Object(links.clone());
    }
    responses.insert(e.success.to_string(), success);
    // Errors a spec answers as 200 (`{"ok": false, …}`) have no status of
    // their own to list.
    let own_status = |k: &ErrorGroup| space.errors.travel(k.status()) == k.status();
    for k in errors(space, api, &Inputs { e, has_body: body.is_some(), retries: plan.request_id.is_some() }).into_iter().filter(own_status)
    {
        responses.insert(k.status().to_string(), json!({ "$ref": format!("{RESPONSES}{}", k.name()) }));
    }
    // An input the prose documents as taken ("409 - VIN already
    // registered"): the mock refuses a clash with that status and code.
    for u in &plan.unique {
        if space.errors.travel(u.status) != u.status {
            continue;
        }
        let message = format!("`{}` \"x\" is taken ({})", u.wire, u.says);
        let example = space.errors.render_coded(ErrorKind::InUse, u.status, u.code.as_deref(), &message, Some(&u.wire)).body;
        responses.insert(
            u.status.to_string(),
            json!({
                "description": u.says,
                "content": { space.errors.content_type(): { "schema": { "$ref": format!("{SCHEMAS}Error") }, "example": example } }
            }),
        );
    }
    // A status the prose locks ("A cancelled reservation cannot be
    // modified"): the mock refuses with that status and code.
    for l in plan.locks.iter().filter(|l| space.errors.travel(l.status) == l.status) {
        if responses.contains_key(&l.status.to_string()) {
            continue;
        }
        let message = format!("the {} is `{}`: {}", l.resource, l.values[0], l.says);
        let example = space.errors.render_coded(ErrorKind::InUse, l.status, l.code.as_deref(), &message, None).body;
        responses.insert(
            l.status.to_string(),
            json!({
                "description": l.says,
                "content": { space.errors.content_type(): { "schema": { "$ref": format!("{SCHEMAS}Error") }, "example": example } }
            }),
        );
    }
    let mut op = json!({
        "operationId": e.name,
        "summary": e.operation,
        "tags": [api.title],
        "x-spec-section": api.title,
        "x-spec-status": api.status.as_str(),
        "x-spec-line": e.pos.line,
        "responses": responses,
    });
    if !params.is_empty() {
        op["parameters"] = json!(params);
    }
    if let Some(b) = body {
        op["requestBody"] = b;
    }
    if !e.auth {
        // The document's default is the access token: an open endpoint
        // says it needs none.
        op["security"] = json!([]);
    }
    op
}

/// Every component schema, by name: the modules' structs and enums, shared
/// types and enums, ids (with their example), tokens, and the error body.
fn all_schemas(space: &TypeSpace) -> Map<String, Value> {
    let mut schemas = Map::new();
    for api in &space.apis {
        schemas.extend(api.structs.values().map(|s| (s.name.clone(), struct_schema(s))));
        schemas.extend(api.enums.values().map(|e| (e.name.clone(), enum_schema(e))));
    }
    schemas.extend(space.shared.values().map(|s| (s.name.clone(), struct_schema(s))));
    schemas.extend(space.shared_enums.values().map(|e| (e.name.clone(), enum_schema(e))));
    for id in space.ids.values() {
        let schema = if id.numeric {
            json!({ "type": "integer", "format": "uint64", "minimum": 0, "description": id.doc, "examples": [1] })
        } else {
            json!({ "type": "string", "minLength": 1, "description": id.doc, "examples": [id.example] })
        };
        schemas.insert(id.name.clone(), schema);
    }
    for TokenType { name, term, definition } in &space.tokens {
        schemas.insert(name.clone(), json!({ "type": "string", "description": format!("{term}: {definition}") }));
    }
    schemas.insert("Error".into(), space.errors.schema());
    schemas
}

/// Every `$ref` target under `prefix` in `v`.
fn refs<'a>(v: &'a Value, prefix: &str, out: &mut BTreeSet<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(prefix)) {
                out.insert(r);
            }
            m.values().for_each(|x| refs(x, prefix, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, prefix, out)),
        _ => {}
    }
}

/// The schemas `roots` reach, directly or through other schemas.
fn reachable(roots: &[&Value], schemas: &Map<String, Value>) -> BTreeSet<String> {
    let mut todo = BTreeSet::new();
    roots.iter().for_each(|r| refs(r, SCHEMAS, &mut todo));
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = todo.into_iter().map(str::to_string).collect();
    while let Some(name) = todo.pop() {
        if let (true, Some(s)) = (seen.insert(name.clone()), schemas.get(&name)) {
            let mut next = BTreeSet::new();
            refs(s, SCHEMAS, &mut next);
            todo.extend(next.into_iter().filter(|n| !seen.contains(*n)).map(str::to_string));
        }
    }
    seen
}

/// The document as text, as every tool writes it (the generated crate's
/// `src/openapi.json`, `specgen export openapi`, the mock's
/// `/_mock/openapi.json`): byte for byte the same for one spec, titled by
/// the spec's file name.
pub fn text(space: &TypeSpace, spec_file: &str) -> String {
    serde_json::to_string_pretty(&document(space, spec_file)).unwrap_or_default() + "\n"
}

/// The whole document, deterministic (keys in order).
pub fn document(space: &TypeSpace, title: &str) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    let mut tags: BTreeMap<&str, &ApiTypes> = BTreeMap::new();
    // Without an overlay a plan cannot fail.
    let plans = crate::plan::plans(space, None).unwrap_or_default();
    let links = super::links::links(space, &plans);
    for (api, plans) in space.apis.iter().zip(&plans) {
        for (e, plan) in api.endpoints.iter().zip(plans) {
            let entry = paths.entry(e.path.to_string()).or_insert_with(|| json!({}));
            entry[e.method.as_str().to_ascii_lowercase()] = operation(space, api, (e, plan), links.get(&e.name));
            tags.insert(&api.title, api);
        }
    }
    let paths = Value::Object(paths);
    let mut used = BTreeSet::new();
    refs(&paths, RESPONSES, &mut used);
    let responses: Map<String, Value> = ErrorGroup::ALL
        .into_iter()
        .filter(|k| used.contains(k.name()))
        .map(|k| (k.name().to_string(), k.response(&space.errors)))
        .collect();
    let responses = Value::Object(responses);
    let mut schemas = all_schemas(space);
    let keep = reachable(&[&paths, &responses], &schemas);
    schemas.retain(|name, _| keep.contains(name));
    let tags: Vec<Value> = tags
        .values()
        .map(|a| json!({ "name": a.title, "description": format!("Status in the spec: {}.", a.status.as_str()), "x-spec-status": a.status.as_str() }))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": "0.1.0",
            "description": format!("Generated by specgen from {title}: every endpoint of its API sections, with the section's status in the spec."),
            "license": { "name": "Apache-2.0", "identifier": "Apache-2.0" }
        },
        "servers": [
            { "url": MOCK_SERVER, "description": "The mock server, run locally (`cargo run -p mock-server`)" },
            { "url": "/", "description": "The host that serves this document" }
        ],
        "security": [{ "accessToken": [] }, { "accessTokenQuery": [] }],
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": responses,
            "securitySchemes": {
                "accessToken": { "type": "http", "scheme": "bearer", "description": "`Authorization: Bearer TOKEN`, the token register or login gave." },
                "accessTokenQuery": { "type": "apiKey", "in": "query", "name": "access_token", "description": "The same token as `?access_token=TOKEN`." }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::Config;
    use std::path::Path;

    fn builtin_space() -> TypeSpace {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let g = Config::new(root.join("spec/client_server_v2.rst")).with_bindings(root.join("spec/bindings.toml")).generate().unwrap();
        g.space
    }

    fn builtin() -> Value {
        document(&builtin_space(), "client_server_v2.rst")
    }

    fn op<'a>(doc: &'a Value, name: &str) -> &'a Value {
        let ops = doc["paths"].as_object().unwrap().values().flat_map(|p| p.as_object().unwrap().values());
        ops.into_iter().find(|o| o["operationId"] == name).unwrap_or_else(|| panic!("no operation {name}"))
    }

    fn statuses(op: &Value) -> Vec<&str> {
        op["responses"].as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn schemas_of_the_tree() {
        let t = crate::types::rust_type::parse("OneOrMany<String>").unwrap();
        assert_eq!(schema(&t)["oneOf"][1]["items"]["type"], "string");
        let m = crate::types::rust_type::parse("BTreeMap<String, i64>").unwrap();
        assert_eq!(schema(&m)["additionalProperties"]["type"], "integer");
        assert_eq!(schema(&m)["additionalProperties"]["format"], "int64");
        let u = schema(&Ty::Int(Int::U8));
        assert_eq!((u["minimum"].as_u64(), u["maximum"].as_u64(), u["format"].as_str()), (Some(0), Some(255), Some("int32")));
        assert_eq!(schema(&Ty::Int(Int::I64))["minimum"], json!(i64::MIN));
        assert_eq!(schema(&Ty::Int(Int::U64))["maximum"], json!(u64::MAX));
    }

    #[test]
    fn null_where_either_side_may_send_it() {
        let opt = |s: &str| crate::types::rust_type::parse(&format!("Option<{s}>")).unwrap();
        assert_eq!(nullable(schema(&opt("String")))["type"], json!(["string", "null"]));
        let r = nullable(schema(&opt("RoomId")));
        assert_eq!(r["anyOf"][1], json!({ "type": "null" }));
        assert_eq!(nullable(schema(&Ty::Json)), json!({}));
        let doc = builtin();
        // `next` of the event stream's answer is null at the end.
        let next = &op(&doc, "children")["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["next"];
        assert_eq!(next["anyOf"][1]["type"], "null", "{next}");
        // A client may send null for an optional input (the mock takes it
        // as left out), and no key the body does not list.
        let login = &op(&doc, "login")["requestBody"]["content"]["application/json"]["schema"];
        assert!(login["properties"]["device_id"].to_string().contains("null"), "{login}");
        assert_eq!(login["additionalProperties"], json!(false), "{login}");
        assert_eq!(login["required"], json!(["username", "password"]));
    }

    #[test]
    fn links_chain_an_answered_id_to_the_operations_that_take_it() {
        let doc = builtin();
        let created = &op(&doc, "create_room")["responses"]["200"]["links"];
        assert_eq!(created["invite"]["parameters"], json!({ "roomId": "$response.body#/room_id" }), "{created}");
        // The other path parameters come from the same request.
        let messages = &op(&doc, "messages")["responses"]["200"]["links"];
        assert_eq!(messages["context"]["parameters"]["roomId"], "$request.path.roomId", "{messages}");
        // The record's own id, not one it refers to.
        assert_eq!(messages["context"]["parameters"]["eventId"], "$response.body#/chunk/0/event_id", "{messages}");
        // Every link names an operation and gives each of its path
        // parameters.
        let ops: Vec<&Value> = doc["paths"].as_object().unwrap().values().flat_map(|p| p.as_object().unwrap().values()).collect();
        let mut n = 0;
        for source in &ops {
            for (_, r) in source["responses"].as_object().unwrap() {
                for (_, link) in r["links"].as_object().into_iter().flatten() {
                    let target = op(&doc, link["operationId"].as_str().unwrap());
                    for p in target["parameters"].as_array().into_iter().flatten().filter(|p| p["in"] == "path") {
                        assert!(link["parameters"].get(p["name"].as_str().unwrap()).is_some(), "{link} lacks {p}");
                    }
                    n += 1;
                }
            }
        }
        assert!(n > 25, "{n} links");
    }

    #[test]
    fn open_endpoints_need_no_token() {
        let doc = builtin();
        assert_eq!(doc["security"][0], json!({ "accessToken": [] }));
        for name in ["register", "login"] {
            assert_eq!(op(&doc, name)["security"], json!([]), "{name}");
            assert!(!statuses(op(&doc, name)).contains(&"401"), "{name}");
        }
        assert!(op(&doc, "kick").get("security").is_none(), "kick keeps the document's token");
        assert!(statuses(op(&doc, "kick")).contains(&"401"));
    }

    #[test]
    fn error_responses_per_endpoint_kind() {
        let doc = builtin();
        // Authenticated, path parameters, a body, Final, a request ID:
        // 400 401 403 404 413 415 422.
        assert_eq!(statuses(op(&doc, "kick")), ["200", "400", "401", "403", "404", "413", "415", "422"]);
        // A creation with a caller-chosen name conflicts; an open one
        // refuses no credentials.
        assert_eq!(statuses(op(&doc, "register")), ["200", "400", "409", "413", "415"]);
        // Login refuses wrong credentials.
        assert!(statuses(op(&doc, "login")).contains(&"403"));
        // A TODO section answers 501 and nothing else.
        assert_eq!(statuses(op(&doc, "knock")), ["200", "501"]);
        // A read without path parameters in a Draft section: no body, no
        // 403, no 413; 404 when the server serves only Final.
        let sync = op(&doc, "sync");
        assert!(sync.get("requestBody").is_none());
        assert_eq!(statuses(sync), ["200", "400", "401", "404"]);
        let r = &doc["components"]["responses"]["NotFound"];
        assert_eq!(r["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Error");
    }

    #[test]
    fn every_component_is_used() {
        let doc = builtin();
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        let roots = [&doc["paths"], &doc["components"]["responses"]];
        let used = reachable(&roots, schemas);
        let all: BTreeSet<String> = schemas.keys().cloned().collect();
        assert_eq!(all, used);
        assert!(schemas.contains_key("Event") && schemas.contains_key("RoomId") && schemas.contains_key("Error"));
        assert_eq!(schemas["RoomId"]["examples"][0], "!room:localhost");
        let mut responses = BTreeSet::new();
        refs(&doc["paths"], RESPONSES, &mut responses);
        assert_eq!(responses.len(), doc["components"]["responses"].as_object().unwrap().len());
    }

    #[test]
    fn ids_and_tokens_no_field_uses_are_left_out() {
        let mut space = builtin_space();
        space.ids.insert("NotebookId".into(), crate::types::IdType::inferred("NotebookId", "notebook id"));
        space.tokens.push(TokenType { name: "SyncToken".into(), term: "Sync token".into(), definition: "unused".into() });
        let doc = document(&space, "spec");
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert!(!schemas.contains_key("NotebookId") && !schemas.contains_key("SyncToken"));
        assert!(schemas.contains_key("FilterToken"), "a token a field uses stays");
    }

    #[test]
    fn unused_schemas_are_dropped() {
        let mut schemas = Map::new();
        schemas.insert("A".into(), json!({ "properties": { "b": { "$ref": "#/components/schemas/B" } } }));
        schemas.insert("B".into(), json!({ "type": "string" }));
        schemas.insert("C".into(), json!({ "type": "string" }));
        let paths = json!({ "/x": { "get": { "$ref": "#/components/schemas/A" } } });
        assert_eq!(reachable(&[&paths], &schemas), BTreeSet::from(["A".to_string(), "B".to_string()]));
    }

    #[test]
    fn servers_and_bodies() {
        let doc = builtin();
        assert_eq!(doc["servers"][0]["url"], MOCK_SERVER);
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in ["get", "delete"] {
                assert!(item.get(method).is_none_or(|o| o.get("requestBody").is_none()), "{method} {path} has a body");
            }
        }
        let leave = &op(&doc, "leave")["requestBody"];
        assert_eq!(leave["required"], false, "only an optional action_id");
    }
}
