//! From the API model (and the bindings overlay) to the type space.
//!
//! Every overlay reference is checked against the spec; every name, type and
//! path parameter is checked before anything is emitted. Problems become
//! diagnostics, and `None` is returned when any is an error.

use super::infer::fields;
use super::names::{self, field_name, module_name, type_name};
use super::{ApiTypes, Endpoint, EnumDef, Field, Location, Rule, StructDef, TokenType, Ty, TypeSpace};
use crate::bindings::{Bindings, EndpointBinding, FieldBinding, InputBinding, Located};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Api, Item, Operation, SectionInfo, Spec};
use crate::source::Pos;
use std::collections::{BTreeMap, BTreeSet};

/// Builds the type space of a spec. `bindings` is the parsed overlay, if any.
pub fn build(spec: &Spec, bindings: Option<&Bindings>, diags: &mut Diagnostics) -> Option<TypeSpace> {
    let errors_before = diags.errors().count();
    let empty = Bindings::default();
    let b = bindings.unwrap_or(&empty);
    let tokens: Vec<TokenType> =
        spec.terms.iter().map(|t| TokenType { name: type_name(&t.term), term: t.term.clone(), definition: t.definition.clone() }).collect();
    check_references(spec, b, diags);
    let mut apis = Vec::new();
    let mut used_endpoint_names = BTreeSet::new();
    let modules = names::unique(spec.sections.iter().map(|s| module_name(&s.title)));
    for (section, module) in spec.sections.iter().zip(modules) {
        let api = spec.apis.iter().find(|a| a.title == section.title && a.pos == section.pos);
        let bound: Vec<&EndpointBinding> = b.endpoints.iter().filter(|e| e.api.value == section.title).collect();
        let status = match (api, bound.iter().find_map(|e| e.status.as_ref())) {
            (Some(a), _) => a.status,
            (None, Some(st)) => st.value,
            (None, None) => continue,
        };
        let mut endpoints = Vec::new();
        let mut structs = BTreeMap::new();
        let mut enums = BTreeMap::new();
        let mut ctx = Ctx { tokens: &tokens, prefix: &b.prefix, structs: &mut structs, enums: &mut enums, diags };
        for e in &bound {
            let op = e.operation.as_ref().and_then(|o| api.and_then(|a| a.operations.iter().find(|op| op.name == o.value)));
            let op = op.or_else(|| api.filter(|a| a.operations.len() == 1).map(|a| &a.operations[0]));
            endpoints.push(ctx.bound(e, op, section));
        }
        if let Some(api) = api {
            let derived: Vec<&Operation> = api
                .operations
                .iter()
                .filter(|op| !bound.iter().any(|e| binds(e, api, op)))
                .filter(|op| !b.skips.iter().any(|s| s.api.value == api.title && s.operation.value == op.name))
                .collect();
            let single = api.operations.len() == 1;
            for op in derived {
                let base = if single { module.trim_end_matches("_api").to_string() } else { field_name(&op.name) };
                let mut name = base.clone();
                let mut n = 1;
                while used_endpoint_names.contains(&name) || endpoints.iter().any(|e: &Endpoint| e.name == name) {
                    n += 1;
                    name = format!("{base}_{n}");
                }
                endpoints.push(ctx.derived(api, op, &module, name));
            }
        }
        for e in &endpoints {
            if !used_endpoint_names.insert(e.name.clone()) {
                diags.push(
                    Diagnostic::error(e.pos, format!("endpoint name `{}` is used twice", e.name))
                        .with_help("endpoint names are unique in the crate"),
                );
            }
        }
        apis.push(ApiTypes { title: section.title.clone(), module, status, pos: section.pos, endpoints, structs, enums });
    }
    for api in &apis {
        check_module(api, diags);
    }
    (diags.errors().count() == errors_before).then_some(TypeSpace { apis, tokens })
}

/// Whether binding `e` binds prose operation `op` of `api`.
fn binds(e: &EndpointBinding, api: &Api, op: &Operation) -> bool {
    e.api.value == api.title && e.operation.as_ref().map_or(api.operations.len() == 1, |o| o.value == op.name)
}

/// Every section, operation and input the overlay names exists.
fn check_references(spec: &Spec, b: &Bindings, diags: &mut Diagnostics) {
    for e in &b.endpoints {
        let Some(section) = spec.sections.iter().find(|s| s.title == e.api.value) else {
            diags.push(not_found(&e.api, "section", spec.sections.iter().map(|s| s.title.as_str())));
            continue;
        };
        let api = spec.apis.iter().find(|a| a.title == section.title);
        if api.is_none() && e.status.is_none() {
            diags.push(
                Diagnostic::error(e.api.pos, format!("section `{}` has no status marker", section.title))
                    .with_help("give the endpoint a `status` (todo, ongoing, draft, final)"),
            );
        }
        let ops: &[Operation] = api.map_or(&[], |a| a.operations.as_slice());
        let op = match &e.operation {
            Some(o) => match ops.iter().find(|op| op.name == o.value) {
                Some(op) => Some(op),
                None => {
                    diags.push(not_found(o, "operation", ops.iter().map(|op| op.name.as_str())));
                    continue;
                }
            },
            None if ops.len() > 1 && e.prose => {
                diags.push(
                    Diagnostic::error(
                        e.pos,
                        format!("`{}` has {} operations; say which one this endpoint binds", section.title, ops.len()),
                    )
                    .with_help(format!("add operation = one of: {}", quoted(ops.iter().map(|o| o.name.as_str())))),
                );
                continue;
            }
            None => ops.first(),
        };
        let inputs: Vec<&str> = op.map_or(vec![], |o| o.inputs.iter().map(|i| i.text.as_str()).collect());
        let outputs: Vec<&str> = op.map_or(vec![], |o| o.outputs.iter().map(|i| i.text.as_str()).collect());
        for (k, _) in &e.inputs {
            if !inputs.contains(&k.value.as_str()) {
                diags.push(not_found(k, "input", inputs.iter().copied()));
            }
        }
        for (k, _) in &e.outputs {
            if !outputs.contains(&k.value.as_str()) {
                diags.push(not_found(k, "output", outputs.iter().copied()));
            }
        }
    }
    for s in &b.skips {
        match spec.apis.iter().find(|a| a.title == s.api.value) {
            None => diags.push(not_found(&s.api, "API", spec.apis.iter().map(|a| a.title.as_str()))),
            Some(a) if !a.operations.iter().any(|o| o.name == s.operation.value) => {
                diags.push(not_found(&s.operation, "operation", a.operations.iter().map(|o| o.name.as_str())))
            }
            Some(_) => {}
        }
    }
}

fn quoted<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<String> = names.map(|n| format!("{n:?}")).collect();
    if all.is_empty() {
        "(none)".into()
    } else {
        all.join(", ")
    }
}

fn not_found<'a>(what: &Located<String>, kind: &str, known: impl Iterator<Item = &'a str>) -> Diagnostic {
    Diagnostic::error(what.pos, format!("the spec has no {kind} `{}`", what.value))
        .with_len(what.value.chars().count() + 2)
        .with_help(format!("known: {}", quoted(known)))
}

struct Ctx<'a, 'd> {
    tokens: &'a [TokenType],
    prefix: &'a str,
    structs: &'a mut BTreeMap<String, StructDef>,
    enums: &'a mut BTreeMap<String, EnumDef>,
    diags: &'d mut Diagnostics,
}

impl Ctx<'_, '_> {
    /// An endpoint the overlay binds.
    fn bound(&mut self, e: &EndpointBinding, op: Option<&Operation>, section: &SectionInfo) -> Endpoint {
        let name = e.name.value.clone();
        if syn::parse_str::<syn::Ident>(&name).is_err() || name != heck::ToSnakeCase::to_snake_case(name.as_str()) {
            self.diags.push(
                Diagnostic::error(e.name.pos, format!("`{name}` is not a snake_case Rust identifier"))
                    .with_help("use a name like `create_room`"),
            );
        }
        let prefix = type_name(&name);
        let method = e.method.value.to_ascii_uppercase();
        if !["GET", "PUT", "POST", "DELETE", "PATCH"].contains(&method.as_str()) {
            self.diags.push(
                Diagnostic::error(e.method.pos, format!("unknown HTTP method `{}`", e.method.value))
                    .with_help("one of GET, PUT, POST, DELETE, PATCH"),
            );
        }
        let path = format!("{}{}", self.prefix, e.path.value);
        let reads = matches!(method.as_str(), "GET" | "DELETE");
        let mut request = Vec::new();
        let mut response = Vec::new();
        if let (true, Some(op)) = (e.prose, op) {
            request = self.prose_fields(&op.inputs, &e.inputs, &prefix, &path, reads);
            response = self.prose_fields(&op.outputs, &e.outputs, &format!("{prefix}Response"), "", false);
        }
        request.extend(e.fields.iter().map(|f| self.extra_field(f, &path, reads)));
        response.extend(e.response.iter().map(|f| self.extra_field(f, "", false)));
        let request = self.unique_fields(request, e.pos);
        let response = self.unique_fields(response, e.pos);
        self.check_path(&path, &request, e.path.pos);
        let operation = op.map_or_else(|| section.title.clone(), |o| o.name.clone());
        let doc_pos = op.map_or(section.pos, |o| o.pos);
        Endpoint {
            name,
            operation: operation.clone(),
            method,
            path,
            bound: true,
            auth: e.auth,
            pos: doc_pos,
            request: StructDef { name: format!("{prefix}Request"), doc: operation.clone(), fields: request },
            response: StructDef { name: format!("{prefix}Response"), doc: operation, fields: response },
        }
    }

    /// An endpoint from prose alone: method and path derived from names.
    fn derived(&mut self, api: &Api, op: &Operation, module: &str, name: String) -> Endpoint {
        let prefix = type_name(&name);
        let method = derive_method(&op.name).to_string();
        let path = if name == module.trim_end_matches("_api") { format!("/{module}") } else { format!("/{module}/{name}") };
        let reads = matches!(method.as_str(), "GET" | "DELETE");
        let loc = if reads { Location::Query } else { Location::Body };
        let mut structs = Vec::new();
        let mut enums = Vec::new();
        let request = fields(&op.inputs, self.tokens, &prefix, loc, &mut structs, &mut enums);
        let outputs: Vec<Item> = op.outputs.iter().filter(|o| !is_none(o)).cloned().collect();
        let response = fields(&outputs, self.tokens, &format!("{prefix}Response"), Location::Body, &mut structs, &mut enums);
        self.keep_types(structs, enums);
        for f in request.iter().chain(&response) {
            self.warn_fallback(f);
        }
        Endpoint {
            name,
            operation: op.name.clone(),
            method,
            path,
            bound: false,
            // Every endpoint but register and login needs an access token.
            auth: true,
            pos: op.pos,
            request: StructDef { name: format!("{prefix}Request"), doc: op.name.clone(), fields: request },
            response: StructDef { name: format!("{prefix}Response"), doc: format!("{} ({})", op.name, api.title), fields: response },
        }
    }

    /// Fields from prose items with the overlay's overrides applied.
    fn prose_fields(
        &mut self,
        items: &[Item],
        overrides: &[(Located<String>, InputBinding)],
        prefix: &str,
        path: &str,
        reads: bool,
    ) -> Vec<Field> {
        let mut structs = Vec::new();
        let mut enums = Vec::new();
        let kept: Vec<Item> = items
            .iter()
            .filter(|i| !is_none(i))
            .filter(|i| {
                !overrides.iter().any(|(k, o)| k.value == i.text && (o.skip || o.location.as_ref().is_some_and(|l| l.value == "auth")))
            })
            .cloned()
            .collect();
        let mut out = fields(&kept, self.tokens, prefix, Location::Body, &mut structs, &mut enums);
        self.keep_types(structs, enums);
        for f in &mut out {
            let over = overrides.iter().find(|(k, _)| k.value == f.prose).map(|(_, o)| o);
            if let Some(o) = over {
                if let Some(n) = &o.name {
                    f.wire = n.clone();
                    f.rust = names::ident_safe(heck::ToSnakeCase::to_snake_case(n.as_str()));
                }
                if let Some(r) = &o.rust {
                    f.rust = r.clone();
                }
                if let Some(t) = &o.ty {
                    f.ty = self.overlay_type(t);
                    f.rule = Rule::Overlay;
                }
            }
            f.location = self.location(over.and_then(|o| o.location.as_ref()), &f.wire, path, reads);
            if f.rule != Rule::Overlay {
                self.warn_fallback(f);
            }
        }
        out
    }

    fn extra_field(&mut self, f: &FieldBinding, path: &str, reads: bool) -> Field {
        Field {
            rust: f.rust.clone().unwrap_or_else(|| names::ident_safe(heck::ToSnakeCase::to_snake_case(f.name.as_str()))),
            wire: f.name.clone(),
            prose: f.doc.clone(),
            ty: self.overlay_type(&f.ty),
            location: self.location(f.location.as_ref(), &f.name, path, reads),
            rule: Rule::Overlay,
            pos: f.pos,
            from_overlay: true,
        }
    }

    /// An explicit `in`, else path when the path names the field, else query
    /// for GET/DELETE and body otherwise.
    fn location(&mut self, explicit: Option<&Located<String>>, wire: &str, path: &str, reads: bool) -> Location {
        match explicit.map(|l| l.value.as_str()) {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            Some("body") => Location::Body,
            Some(other) => {
                let pos = explicit.map(|l| l.pos).unwrap_or_default();
                self.diags.push(Diagnostic::error(pos, format!("unknown location `{other}`")).with_help("one of path, query, body, auth"));
                Location::Body
            }
            None if path.contains(&format!("{{{wire}}}")) => Location::Path,
            None if reads => Location::Query,
            None => Location::Body,
        }
    }

    /// A type written in the overlay: it must parse as a Rust type.
    fn overlay_type(&mut self, t: &Located<String>) -> Ty {
        if syn::parse_str::<syn::Type>(&t.value).is_err() {
            self.diags.push(
                Diagnostic::error(t.pos, format!("`{}` is not a Rust type", t.value))
                    .with_help("for example `u64`, `Vec<UserId>`, `Option<String>`"),
            );
            return Ty::Json;
        }
        Ty::Raw(t.value.clone())
    }

    fn warn_fallback(&mut self, f: &Field) {
        if f.rule == Rule::Fallback || matches!(&f.ty, Ty::Vec(t) if **t == Ty::Json && f.rule == Rule::Fallback) {
            self.diags.push(
                Diagnostic::warning(f.pos, format!("no rule decides the type of `{}`; using serde_json::Value", f.prose))
                    .with_help("set its `type` in the bindings overlay"),
            );
        }
    }

    fn keep_types(&mut self, structs: Vec<StructDef>, enums: Vec<EnumDef>) {
        for s in structs {
            if self.structs.contains_key(&s.name) {
                self.diags.push(Diagnostic::error(
                    s.fields.first().map_or(Pos::default(), |f| f.pos),
                    format!("two nested types are both named `{}`", s.name),
                ));
            }
            self.structs.insert(s.name.clone(), s);
        }
        for e in enums {
            self.enums.insert(e.name.clone(), e);
        }
    }

    /// Rust and wire names of one struct are unique together.
    fn unique_fields(&mut self, mut fields: Vec<Field>, pos: Pos) -> Vec<Field> {
        let rust = names::unique(fields.iter().map(|f| f.rust.clone()));
        for (f, r) in fields.iter_mut().zip(rust) {
            f.rust = r;
        }
        let mut wires = BTreeSet::new();
        for f in &fields {
            if !wires.insert((f.wire.clone(), f.location)) {
                self.diags.push(Diagnostic::error(pos, format!("two fields travel as `{}` in the {}", f.wire, f.location.as_str())));
            }
            if syn::parse_str::<syn::Ident>(&f.rust).is_err() {
                self.diags.push(Diagnostic::error(f.pos, format!("`{}` is not a Rust identifier", f.rust)));
            }
        }
        fields
    }

    /// Every `{param}` of the path is a path field, and every path field is in
    /// the path.
    fn check_path(&mut self, path: &str, request: &[Field], pos: Pos) {
        let params: Vec<&str> = path.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n)).collect();
        for p in &params {
            if !request.iter().any(|f| f.location == Location::Path && f.wire == *p) {
                self.diags.push(
                    Diagnostic::error(pos, format!("path parameter `{{{p}}}` is not a field of the request"))
                        .with_help(format!("bind an input to it (name = \"{p}\") or add it under [[endpoint.fields]] with in = \"path\"")),
                );
            }
        }
        for f in request.iter().filter(|f| f.location == Location::Path) {
            if !params.contains(&f.wire.as_str()) {
                self.diags
                    .push(Diagnostic::error(pos, format!("field `{}` travels in the path, but the path has no `{{{}}}`", f.wire, f.wire)));
            }
        }
    }
}

/// "None." as the only output means an empty response.
fn is_none(item: &Item) -> bool {
    item.items.is_empty() && item.text.trim_end_matches('.').eq_ignore_ascii_case("none")
}

/// HTTP method from an operation's name, for endpoints without a binding.
pub fn derive_method(name: &str) -> &'static str {
    let n = name.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["delet", "remov", "revok"]) {
        "DELETE"
    } else if has(&[
        "retriev",
        "viewing",
        "get ",
        "read",
        "list",
        "sync",
        "stream",
        "scrollback",
        "pagination",
        "window",
        "mapping a room alias to",
    ]) {
        "GET"
    } else if has(&["setting", "set ", "updat", "patch"]) {
        "PUT"
    } else {
        "POST"
    }
}

/// Names inside one module are unique and refer to types that exist.
fn check_module(api: &ApiTypes, diags: &mut Diagnostics) {
    let mut names: BTreeSet<&str> = api.structs.keys().map(String::as_str).chain(api.enums.keys().map(String::as_str)).collect();
    for e in &api.endpoints {
        for s in [&e.request, &e.response] {
            if !names.insert(&s.name) {
                diags.push(Diagnostic::error(e.pos, format!("type `{}` is defined twice in module `{}`", s.name, api.module)));
            }
        }
    }
}
