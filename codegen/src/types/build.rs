//! From the API model (and the bindings overlay) to the type space.
//!
//! Every overlay reference is checked against the spec; every name, type and
//! path parameter is checked before anything is emitted. Problems become
//! diagnostics, and `None` is returned when any is an error.

use super::infer::{fields, is_auth};
use super::names::{self, field_name, module_name, NameRule};
use super::operation::{self, Shape};
use super::{route, shared};
use super::{
    ApiTypes, Endpoint, EnumDef, Field, HttpMethod, IdTable, IdType, Location, RouteSource, Rule, StructDef, Ty, TypeSpace, Vocab,
};
use crate::bindings::{Bindings, EndpointBinding, FieldBinding, InputBinding, Located};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Api, Item, Operation, SectionInfo, Spec};
use crate::source::Pos;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Builds the type space of a spec. `bindings` is the parsed overlay, if any.
pub fn build(spec: &Spec, bindings: Option<&Bindings>, diags: &mut Diagnostics) -> Option<TypeSpace> {
    let errors_before = diags.errors().count();
    let empty = Bindings::default();
    let b = bindings.unwrap_or(&empty);
    let (vocab, shared_types) = shared::gather(spec, b, diags);
    // The declared ids, then those the prose names, as they are met.
    let mut known_ids = IdTable::new(vocab.ids.iter().cloned());
    check_references(spec, b, diags);
    let mut apis = Vec::new();
    let mut used_endpoint_names = BTreeSet::new();
    let modules = names::unique(spec.sections.iter().map(|s| module_name(&s.title)));
    // The APIs by title, looked up per section without a pass over all of
    // them (a spec of thousands of sections once took quadratic time).
    let mut apis_by_title: HashMap<&str, Vec<&Api>> = HashMap::new();
    for a in &spec.apis {
        apis_by_title.entry(a.title.as_str()).or_default().push(a);
    }
    for (section, module) in spec.sections.iter().zip(modules) {
        let api = apis_by_title.get(section.title.as_str()).and_then(|same| same.iter().copied().find(|a| a.pos == section.pos));
        let bound: Vec<&EndpointBinding> = b.endpoints.iter().filter(|e| e.api.value == section.title).collect();
        let status = match (api, bound.iter().find_map(|e| e.status.as_ref())) {
            (Some(a), _) => a.status,
            (None, Some(st)) => st.value,
            (None, None) => continue,
        };
        let mut endpoints = Vec::new();
        let mut structs = BTreeMap::new();
        let mut enums = BTreeMap::new();
        let mut ctx = Ctx { vocab: &vocab, prefix: &b.prefix, structs: &mut structs, enums: &mut enums, ids: &mut known_ids, diags };
        for e in &bound {
            let op = e.operation.as_ref().and_then(|o| api.and_then(|a| a.operations.iter().find(|op| op.name == o.value)));
            let op = op.or_else(|| api.filter(|a| a.operations.len() == 1).map(|a| &a.operations[0]));
            endpoints.push(ctx.bound(e, op, section));
        }
        if let Some(api) = api {
            // This section's endpoint names so far (a set: a section of
            // thousands of operations once took quadratic time here).
            let mut here: BTreeSet<String> = endpoints.iter().map(|e| e.name.clone()).collect();
            let derived: Vec<&Operation> = api
                .operations
                .iter()
                .filter(|op| !bound.iter().any(|e| binds(e, api, op)))
                .filter(|op| !b.skips.iter().any(|s| s.api.value == api.title && s.operation.value == op.name))
                .collect();
            for op in derived {
                let shape = operation::shape(&op.name);
                // Without a verb, an operation is named by its section ("Presence API" → `presence`).
                let base = shape.as_ref().map_or_else(|| verbless_name(&op.name), Shape::endpoint_name);
                let mut name = base.clone();
                let mut n = 1;
                while used_endpoint_names.contains(&name) || here.contains(&name) {
                    n += 1;
                    name = format!("{base}_{n}");
                }
                here.insert(name.clone());
                endpoints.push(ctx.derived(api, op, shape.as_ref(), name));
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
    for api in &mut apis {
        prune_unreachable(api);
        check_module(api, diags);
    }
    let mut ids: BTreeMap<String, IdType> = vocab.ids.iter().map(|i| (i.name.clone(), i.clone())).collect();
    for id in known_ids.iter() {
        ids.entry(id.name.clone()).or_insert_with(|| id.clone());
    }
    let mut space = TypeSpace { apis, tokens: vocab.tokens, ids, shared: shared_types, shared_enums: BTreeMap::new() };
    shared::merge_identical(&mut space);
    shared::check_names(&space, diags);
    (diags.errors().count() == errors_before).then_some(space)
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
        let no_items: &[Item] = &[];
        for (keys, items, kind) in
            [(&e.inputs, op.map_or(no_items, |o| &o.inputs), "input"), (&e.outputs, op.map_or(no_items, |o| &o.outputs), "output")]
        {
            for (k, _) in keys {
                if let Err(known) = item_at(items, &k.value) {
                    diags.push(not_found(k, kind, known.into_iter()));
                }
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

/// Finds the item an overlay key names: its exact text, or for a nested
/// item the texts of its parents and itself joined by ` / ` ("A list of
/// rooms with: / # users"). `Err` holds the texts known at the level where
/// the search failed.
fn item_at<'a>(items: &'a [Item], key: &str) -> Result<&'a Item, Vec<&'a str>> {
    let mut level = items;
    let mut found = None;
    for seg in key.split(" / ") {
        match level.iter().find(|i| i.text == seg) {
            Some(i) => {
                found = Some(i);
                level = &i.items;
            }
            // An item whose own text holds " / " ("Room ID / room alias").
            None if found.is_none() && items.iter().any(|i| i.text == key) => {
                return Ok(items.iter().find(|i| i.text == key).expect("just found"))
            }
            None => return Err(level.iter().map(|i| i.text.as_str()).collect()),
        }
    }
    found.ok_or_else(|| items.iter().map(|i| i.text.as_str()).collect())
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
    vocab: &'a Vocab,
    prefix: &'a str,
    structs: &'a mut BTreeMap<String, StructDef>,
    enums: &'a mut BTreeMap<String, EnumDef>,
    /// The declared ids and those the prose names.
    ids: &'a mut IdTable,
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
        let prefix = names::type_prefix(&name);
        let method = super::endpoint_method(&e.method.value).unwrap_or_else(|| {
            self.diags.push(
                Diagnostic::error(e.method.pos, format!("unknown HTTP method `{}`", e.method.value))
                    .with_help("one of GET, PUT, POST, DELETE, PATCH"),
            );
            HttpMethod::Post
        });
        let path = format!("{}{}", self.prefix, e.path.value);
        let reads = method.reads();
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
            route: RouteSource::Overlay,
            auth: e.auth,
            pos: doc_pos,
            request: StructDef { name: format!("{prefix}Request"), doc: operation.clone(), fields: request },
            response: StructDef { name: format!("{prefix}Response"), doc: operation, fields: response },
        }
    }

    /// An endpoint from prose alone: method and path derived from the
    /// operation's verb and noun, under the overlay's prefix.
    fn derived(&mut self, api: &Api, op: &Operation, shape: Option<&Shape>, name: String) -> Endpoint {
        let prefix = names::type_prefix(&name);
        let mut structs = Vec::new();
        let mut enums = Vec::new();
        let resource = shape.map(|s| s.noun.as_str());
        let mut found = Vec::new();
        let mut request = fields(&op.inputs, self.vocab, &prefix, Location::Body, resource, &mut structs, &mut enums, &mut found);
        let outputs: Vec<Item> = op.outputs.iter().filter(|o| !is_none(o)).cloned().collect();
        let resp_name = format!("{prefix}Response");
        let response = fields(&outputs, self.vocab, &resp_name, Location::Body, resource, &mut structs, &mut enums, &mut found);
        self.keep_types(structs, enums);
        let mut response = response;
        // An HTTP example beats a derived route.
        let example = op.http.as_ref().filter(|x| super::ENDPOINT_METHODS.contains(&x.method));
        found.into_iter().for_each(|id| self.ids.push(id));
        let known = &*self.ids;
        let (method, path, route_source) = match example {
            Some(x) => {
                super::example::apply_request(x, &mut request, known);
                super::example::apply_response(x, &mut response, known);
                for f in request.iter_mut().filter(|f| f.location == Location::Body && x.method.reads()) {
                    f.location = Location::Query;
                }
                (x.method, names::url_path(&x.path), RouteSource::Example(x.pos))
            }
            None => {
                let route = route::derive(shape, &name, &mut request, known);
                (route.method, route.path, RouteSource::Derived { verb: shape.is_some() })
            }
        };
        // Warned only now: the example may have typed what the prose did not.
        for f in request.iter().chain(&response) {
            self.warn_fallback(f);
        }
        let request = self.unique_fields(request, op.pos);
        let response = self.unique_fields(response, op.pos);
        let path = format!("{}{}", self.prefix, path);
        self.check_path(&path, &request, op.pos);
        Endpoint {
            name,
            operation: op.name.clone(),
            method,
            path,
            route: route_source,
            // Only an operation whose prose names the caller needs a token.
            auth: op.inputs.iter().any(|i| is_auth(&i.text)),
            pos: op.pos,
            request: StructDef { name: format!("{prefix}Request"), doc: op.name.clone(), fields: request },
            response: StructDef { name: resp_name, doc: format!("{} ({})", op.name, api.title), fields: response },
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
        let mut found = Vec::new();
        let mut out = fields(&kept, self.vocab, prefix, Location::Body, None, &mut structs, &mut enums, &mut found);
        found.into_iter().for_each(|id| self.ids.push(id));
        for (k, o) in overrides.iter().filter(|(k, _)| !items.iter().any(|i| i.text == k.value)) {
            self.nested_override(&out, &mut structs, &k.value, o);
        }
        for s in &mut structs {
            s.fields.retain(|f| !overrides.iter().any(|(k, o)| o.skip && k.value.ends_with(&format!(" / {}", f.prose))));
            for f in s.fields.iter().filter(|f| f.rule != Rule::Overlay) {
                self.warn_fallback(f);
            }
        }
        self.keep_types(structs, enums);
        for f in &mut out {
            let over = overrides.iter().find(|(k, _)| k.value == f.prose).map(|(_, o)| o);
            if let Some(o) = over {
                apply_override(f, o, self.diags);
            }
            f.location = self.location(over.and_then(|o| o.location.as_ref()), &f.wire, path, reads);
            if f.rule != Rule::Overlay {
                self.warn_fallback(f);
            }
        }
        out
    }

    /// An override of a nested item (`"A list of rooms with: / # users"`):
    /// follows the parents' types down to the nested struct that holds it.
    fn nested_override(&mut self, top: &[Field], structs: &mut [StructDef], key: &str, o: &InputBinding) {
        let mut segs = key.split(" / ");
        let Some(first) = segs.next() else { return };
        let mut owner = top.iter().find(|f| f.prose == first).and_then(|f| f.ty.names().first().map(|n| n.to_string()));
        let segs: Vec<&str> = segs.collect();
        for (i, seg) in segs.iter().enumerate() {
            let Some(s) = owner.as_ref().and_then(|n| structs.iter_mut().find(|s| s.name == *n)) else { return };
            let Some(f) = s.fields.iter_mut().find(|f| f.prose == *seg) else { return };
            if i + 1 == segs.len() {
                apply_override(f, o, self.diags);
                return;
            }
            owner = f.ty.names().first().map(|n| n.to_string());
        }
    }

    fn extra_field(&mut self, f: &FieldBinding, path: &str, reads: bool) -> Field {
        let mut field = shared::overlay_field(f, Location::Body, self.diags);
        field.location = self.location(f.location.as_ref(), &f.name, path, reads);
        field
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

/// The overlay's name, Rust name and type for one field.
fn apply_override(f: &mut Field, o: &InputBinding, diags: &mut Diagnostics) {
    if let Some(n) = &o.name {
        f.wire = n.clone();
        f.rust = names::ident_safe(heck::ToSnakeCase::to_snake_case(n.as_str()));
        f.naming = NameRule::Wire;
    }
    if let Some(r) = &o.rust {
        f.rust = r.clone();
    }
    if let Some(t) = &o.ty {
        f.ty = shared::overlay_type(&t.value, t.pos, diags);
        f.rule = Rule::Overlay;
    }
}

/// "None." as the only output means an empty response.
/// The endpoint name of an operation without a verb-and-noun name: its
/// section ("Presence API" → `presence`) or its lone verb ("Unsubscribing"
/// → `unsubscribe`).
fn verbless_name(op: &str) -> String {
    let name = field_name(op).trim_end_matches("_api").to_string();
    if !name.contains('_') && name.ends_with("ing") {
        return names::ident_safe(operation::base_verb(&name));
    }
    names::ident_safe(name)
}

/// "None.", "Nothing", "No content" as an output means an empty response.
fn is_none(item: &Item) -> bool {
    let t = item.text.trim().trim_end_matches('.').to_ascii_lowercase();
    item.items.is_empty() && matches!(t.as_str(), "none" | "nothing" | "no content" | "empty" | "n/a")
}

/// Drops nested types no endpoint reaches (an overlay type replaced the one
/// the prose would have given).
fn prune_unreachable(api: &mut ApiTypes) {
    let mut reached = BTreeSet::new();
    let mut todo: Vec<String> = api
        .endpoints
        .iter()
        .flat_map(|e| e.request.fields.iter().chain(&e.response.fields))
        .flat_map(|f| f.ty.names().into_iter().map(str::to_string))
        .collect();
    while let Some(n) = todo.pop() {
        if reached.insert(n.clone()) {
            if let Some(s) = api.structs.get(&n) {
                todo.extend(s.fields.iter().flat_map(|f| f.ty.names().into_iter().map(str::to_string)));
            }
        }
    }
    api.structs.retain(|n, _| reached.contains(n));
    api.enums.retain(|n, _| reached.contains(n));
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
