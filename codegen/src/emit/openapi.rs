//! The OpenAPI 3.1 document of the endpoints, from the same type space: each
//! operation with `x-spec-section` and `x-spec-status`, each property with
//! its original prose as description.

use crate::types::{ApiTypes, EnumDef, Field, Location, StructDef, TokenType, Ty, TypeSpace};
use serde_json::{json, Map, Value};

fn schema(t: &Ty) -> Value {
    match t {
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Int(i) if i.unsigned() => json!({ "type": "integer", "minimum": 0 }),
        Ty::Int(_) => json!({ "type": "integer" }),
        Ty::Float(_) => json!({ "type": "number" }),
        Ty::Map(t) => json!({ "type": "object", "additionalProperties": schema(t) }),
        Ty::String => json!({ "type": "string" }),
        Ty::Json => json!({}),
        Ty::Named(n) => json!({ "$ref": format!("#/components/schemas/{n}") }),
        Ty::Vec(t) => json!({ "type": "array", "items": schema(t) }),
        Ty::OneOrMany(t) => json!({ "oneOf": [schema(t), { "type": "array", "items": schema(t) }] }),
        Ty::Option(t) => schema(t),
    }
}

fn required(f: &Field) -> bool {
    !f.ty.is_option()
}

fn object(fields: &[&Field]) -> Value {
    let props: Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut s = schema(&f.ty);
            if !f.prose.is_empty() {
                s["description"] = json!(f.prose);
            }
            (f.wire.clone(), s)
        })
        .collect();
    let req: Vec<&str> = fields.iter().filter(|f| required(f)).map(|f| f.wire.as_str()).collect();
    json!({ "type": "object", "properties": props, "required": req })
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
        json!({ "description": e.doc, "enum": values })
    }
}

fn operation(api: &ApiTypes, e: &crate::types::Endpoint) -> Value {
    let params: Vec<Value> = e
        .request
        .fields
        .iter()
        .filter(|f| f.location != Location::Body)
        .map(|f| {
            let place = if f.location == Location::Path { "path" } else { "query" };
            json!({ "name": f.wire, "in": place, "required": f.location == Location::Path || required(f), "description": f.prose, "schema": schema(&f.ty) })
        })
        .collect();
    let body: Vec<&Field> = e.request.fields.iter().filter(|f| f.location == Location::Body).collect();
    let mut op = json!({
        "operationId": e.name,
        "summary": e.operation,
        "x-spec-section": api.title,
        "x-spec-status": api.status.as_str(),
        "x-spec-line": e.pos.line,
        "parameters": params,
        "responses": {
            "200": { "description": "Success", "content": { "application/json": { "schema": object(&e.response.fields.iter().collect::<Vec<_>>()) } } },
            "default": { "description": "An error of the binding", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        }
    });
    if !body.is_empty() || !e.method.reads() {
        op["requestBody"] = json!({ "required": true, "content": { "application/json": { "schema": object(&body) } } });
    }
    if e.auth {
        op["security"] = json!([{ "accessToken": [] }]);
    }
    op
}

/// The whole document, deterministic (keys in order).
pub fn document(space: &TypeSpace, title: &str) -> Value {
    let mut paths: Map<String, Value> = Map::new();
    let mut schemas: Map<String, Value> = Map::new();
    for api in &space.apis {
        for e in &api.endpoints {
            let entry = paths.entry(e.path.clone()).or_insert_with(|| json!({}));
            entry[e.method.as_str().to_ascii_lowercase()] = operation(api, e);
        }
        for s in api.structs.values() {
            schemas.insert(s.name.clone(), struct_schema(s));
        }
        for en in api.enums.values() {
            schemas.insert(en.name.clone(), enum_schema(en));
        }
    }
    for id in space.ids.values() {
        schemas.insert(id.name.clone(), json!({ "type": "string", "description": id.doc, "example": id.example }));
    }
    for s in space.shared.values() {
        schemas.insert(s.name.clone(), struct_schema(s));
    }
    for TokenType { name, term, definition } in &space.tokens {
        schemas.insert(name.clone(), json!({ "type": "string", "description": format!("{term}: {definition}") }));
    }
    schemas.insert("Error".into(), json!({ "type": "object", "properties": { "errcode": { "type": "string" }, "error": { "type": "string" } }, "required": ["errcode", "error"] }));
    json!({
        "openapi": "3.1.0",
        "info": { "title": title, "version": "0.1.0" },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": { "accessToken": { "type": "http", "scheme": "bearer" } }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_of_the_tree() {
        let t = crate::types::rust_type::parse("OneOrMany<String>").unwrap();
        assert_eq!(schema(&t)["oneOf"][1]["items"]["type"], "string");
        let m = crate::types::rust_type::parse("BTreeMap<String, i64>").unwrap();
        assert_eq!(schema(&m)["additionalProperties"]["type"], "integer");
    }
}
