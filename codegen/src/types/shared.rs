//! What the whole crate shares, gathered before any endpoint is built: the
//! Terminology's tokens and ids, the overlay's ids (`[ids.X]`) and shared
//! types (`[types.X]`). After the build, structs that came out identical are
//! merged into one definition.

use super::names::type_name;
use super::rust_type;
use super::{ApiTypes, EnumDef, Field, IdType, Location, Rule, StructDef, TokenType, Ty, TypeSpace, Vocab};
use crate::bindings::{Bindings, FieldBinding};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Spec;
use crate::types::names::{ident_safe, NameRule};
use std::collections::BTreeMap;

/// The vocabulary of a spec and its overlay, and the shared structs.
pub fn gather(spec: &Spec, b: &Bindings, diags: &mut Diagnostics) -> (Vocab, BTreeMap<String, StructDef>) {
    let mut vocab = Vocab::default();
    for t in &spec.terms {
        // "ep: episode" is a short word, not a token type.
        if super::abbreviations::expansion(&t.term, &t.definition).is_some() {
            continue;
        }
        let lower = t.term.to_ascii_lowercase();
        if lower.ends_with(" id") {
            // A Terminology "X ID" declares an id type with its definition.
            let name = type_name(&lower);
            vocab.ids.push(IdType { doc: t.definition.clone(), declared: true, ..IdType::inferred(&name, &lower) });
        } else {
            vocab.tokens.push(TokenType { name: type_name(&t.term), term: t.term.clone(), definition: t.definition.clone() });
        }
    }
    for id in &b.ids {
        let name = &id.name.value;
        if !is_type_ident(name) {
            diags.push(
                Diagnostic::error(id.name.pos, format!("`{name}` is not a PascalCase type name of its own"))
                    .with_help(format!("for example `RoomId`; these are taken: {}", super::RESERVED.join(", "))),
            );
            continue;
        }
        let base = IdType::inferred(name, &heck::ToSnakeCase::to_snake_case(name.as_str()).replace('_', " "));
        let mut words = base.words.clone();
        words.extend(id.words.iter().cloned());
        let declared = IdType {
            name: name.clone(),
            words,
            doc: if id.doc.is_empty() { base.doc.clone() } else { id.doc.clone() },
            example: id.example.clone().unwrap_or(base.example.clone()),
            declared: true,
            numeric: false,
        };
        // The overlay's word beats the Terminology's.
        vocab.ids.retain(|i| i.name != *name);
        vocab.ids.push(declared);
    }
    let mut shared = BTreeMap::new();
    for t in &b.types {
        let name = &t.name.value;
        if !is_type_ident(name) {
            diags.push(
                Diagnostic::error(t.name.pos, format!("`{name}` is not a PascalCase type name of its own"))
                    .with_help(format!("for example `Event`; these are taken: {}", super::RESERVED.join(", "))),
            );
            continue;
        }
        let fields = t.fields.iter().map(|f| overlay_field(f, Location::Body, diags)).collect();
        shared.insert(name.clone(), StructDef { name: name.clone(), doc: t.doc.clone(), fields });
        vocab.shared.push((name.clone(), t.words.clone()));
    }
    (vocab, shared)
}

fn is_type_ident(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok() && name.starts_with(|c: char| c.is_ascii_uppercase()) && !super::RESERVED.contains(&name)
}

/// A field the overlay writes out (`{ name = "x", type = "…" }`).
pub fn overlay_field(f: &FieldBinding, location: Location, diags: &mut Diagnostics) -> Field {
    Field {
        rust: f.rust.clone().unwrap_or_else(|| ident_safe(heck::ToSnakeCase::to_snake_case(f.name.as_str()))),
        wire: f.name.clone(),
        prose: f.doc.clone(),
        ty: overlay_type(&f.ty.value, f.ty.pos, diags),
        location,
        rule: Rule::Overlay,
        naming: NameRule::Wire,
        pos: f.pos,
        from_overlay: true,
        constraints: super::Constraints {
            pattern: overlay_pattern(f.pattern.as_ref(), diags),
            min_length: f.min_length,
            ..Default::default()
        },
        presence: None,
    }
}

/// A pattern the overlay writes, compiled; an error where it wrote it when
/// it is no regular expression.
pub fn overlay_pattern(p: Option<&crate::bindings::Located<String>>, diags: &mut Diagnostics) -> Option<super::Pattern> {
    let p = p?;
    match super::Pattern::new(&p.value) {
        Ok(pattern) => Some(pattern),
        Err(why) => {
            diags.push(Diagnostic::error(p.pos, why).with_help("write a regular expression, e.g. \"^[a-z0-9._=-]+$\""));
            None
        }
    }
}

/// A type written in the overlay, read into the tree; an error where the
/// overlay wrote it when the generated crate could not compile it.
pub fn overlay_type(text: &str, pos: crate::source::Pos, diags: &mut Diagnostics) -> Ty {
    match rust_type::parse(text) {
        Ok(t) => t,
        Err(why) => {
            diags.push(Diagnostic::error(pos, why).with_help(
                "supported: bool, i8..i64, u8..u64, f32, f64, String, serde_json::Value, a type of the crate, \
                 and Option, Vec, OneOrMany, BTreeMap<String, _> of them",
            ));
            Ty::Json
        }
    }
}

/// Every named type a field refers to exists: a struct or enum of its
/// module, a shared type, an id or a token.
pub fn check_names(space: &TypeSpace, diags: &mut Diagnostics) {
    let global = |n: &str| {
        space.shared.contains_key(n)
            || space.shared_enums.contains_key(n)
            || space.ids.contains_key(n)
            || space.tokens.iter().any(|t| t.name == n)
    };
    let known = || {
        let mut all: Vec<&str> = space.ids.keys().chain(space.shared.keys()).map(String::as_str).collect();
        all.extend(space.tokens.iter().map(|t| t.name.as_str()));
        all.join(", ")
    };
    let mut check = |f: &Field, local: &dyn Fn(&str) -> bool| {
        for n in f.ty.names() {
            if !global(n) && !local(n) {
                diags.push(
                    Diagnostic::error(f.pos, format!("unknown type `{n}` (field `{}`)", f.wire))
                        .with_help(format!("declare it under [types.{n}] or [ids.{n}] in the overlay, or use one of: {}", known())),
                );
            }
        }
    };
    for s in space.shared.values() {
        for f in &s.fields {
            check(f, &|_| false);
        }
    }
    for api in &space.apis {
        let local = |n: &str| api.structs.contains_key(n) || api.enums.contains_key(n);
        let structs = api.endpoints.iter().flat_map(|e| [&e.request, &e.response]).chain(api.structs.values());
        for s in structs {
            for f in &s.fields {
                check(f, &local);
            }
        }
    }
}

/// Nested structs and enums that came out identical in several places (same
/// fields and types, same variants) become one shared definition, named by
/// the shortest name; every reference follows.
pub fn merge_identical(space: &mut TypeSpace) {
    merge_enums(space);
    merge_structs(space);
}

/// Members of a merge group: (index of the API, type name).
type Group = Vec<(usize, String)>;

fn merge_enums(space: &mut TypeSpace) {
    let mut by_shape: BTreeMap<(Vec<(String, String)>, bool), Group> = BTreeMap::new();
    for (i, api) in space.apis.iter().enumerate() {
        for e in api.enums.values() {
            by_shape.entry((e.variants.clone(), e.open)).or_default().push((i, e.name.clone()));
        }
    }
    for (_, group) in by_shape.into_iter().filter(|(_, g)| g.len() > 1) {
        let (name, def) = merge_group(space, &group, |api, n| api.enums.remove(n));
        space.shared_enums.insert(name.clone(), EnumDef { name, ..def });
    }
}

/// Moves one group of identical types out of their modules under one name
/// and renames every reference; returns the name and one definition.
fn merge_group<T>(space: &mut TypeSpace, group: &Group, take: fn(&mut ApiTypes, &str) -> Option<T>) -> (String, T) {
    let name = merged_name(group, |n| taken(space, n) && !group.iter().any(|(_, g)| g == n));
    let mut def = None;
    for (api, old) in group {
        let api = &mut space.apis[*api];
        def = def.or(take(api, old));
        rename_everywhere(api, old, &name);
    }
    (name, def.expect("grouped from the space"))
}

/// The name a merged type gets: the PascalCase words every member's name
/// ends with (`ListParcelsResponseParcelStatus`, `ReadParcelResponseStatus`
/// → `Status`), unless those are taken or say nothing; else the shortest.
fn merged_name(group: &[(usize, String)], taken: impl Fn(&str) -> bool) -> String {
    let words = |n: &str| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in n.chars() {
            match out.last_mut() {
                Some(w) if !c.is_ascii_uppercase() => w.push(c),
                _ => out.push(c.to_string()),
            }
        }
        out
    };
    let all: Vec<Vec<String>> = group.iter().map(|(_, n)| words(n)).collect();
    let mut common: Vec<String> = Vec::new();
    for i in 1.. {
        let w: Vec<Option<&String>> = all.iter().map(|ws| ws.len().checked_sub(i).map(|k| &ws[k])).collect();
        match w.first().copied().flatten() {
            Some(first) if w.iter().all(|x| *x == Some(first)) => common.insert(0, first.clone()),
            _ => break,
        }
    }
    let suffix = common.concat();
    let vague = suffix.is_empty() || matches!(suffix.as_str(), "Request" | "Response" | "Item" | "Value");
    if !vague && !taken(&suffix) {
        return suffix;
    }
    let shortest = group.iter().map(|(_, n)| n).min_by_key(|n| (n.len(), n.as_str())).expect("a group has members");
    free_name(shortest, taken)
}

fn free_name(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

fn merge_structs(space: &mut TypeSpace) {
    type Shape = Vec<(String, String, Ty)>;
    let shape = |s: &StructDef| -> Shape { s.fields.iter().map(|f| (f.rust.clone(), f.wire.clone(), f.ty.clone())).collect() };
    let mut by_shape: BTreeMap<Shape, Group> = BTreeMap::new();
    for (i, api) in space.apis.iter().enumerate() {
        for s in api.structs.values() {
            // Structs that refer to their module's own types stay there.
            let local = s.fields.iter().any(|f| f.ty.names().iter().any(|n| api.structs.contains_key(*n) || api.enums.contains_key(*n)));
            if !local {
                by_shape.entry(shape(s)).or_default().push((i, s.name.clone()));
            }
        }
    }
    for (_, group) in by_shape.into_iter().filter(|(_, g)| g.len() > 1) {
        let (name, def) = merge_group(space, &group, |api, n| api.structs.remove(n));
        space.shared.insert(name.clone(), StructDef { name, ..def });
    }
}

/// A name any module or the shared module already uses.
fn taken(space: &TypeSpace, n: &str) -> bool {
    super::RESERVED.contains(&n)
        || space.shared.contains_key(n)
        || space.shared_enums.contains_key(n)
        || space.ids.contains_key(n)
        || space.tokens.iter().any(|t| t.name == n)
        || space.apis.iter().any(|a| {
            a.structs.contains_key(n) || a.enums.contains_key(n) || a.endpoints.iter().any(|e| e.request.name == n || e.response.name == n)
        })
}

fn rename_everywhere(api: &mut ApiTypes, from: &str, to: &str) {
    let structs = api.endpoints.iter_mut().flat_map(|e| [&mut e.request, &mut e.response]).chain(api.structs.values_mut());
    for s in structs {
        for f in &mut s.fields {
            f.ty = std::mem::replace(&mut f.ty, Ty::Json).renamed(from, to);
        }
    }
}
