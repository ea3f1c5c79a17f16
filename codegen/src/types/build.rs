//! From the API model (and the bindings overlay) to the type space.
//!
//! Every overlay reference is checked against the spec; every name, type and
//! path parameter is checked before anything is emitted. Problems become
//! diagnostics, and `None` is returned when any is an error.

use super::infer::{fields, Side};
use super::names::{self, field_name, module_name, NameRule};
use super::operation::{self, Effect, Shape};
use super::rules::is_auth;
use super::{route, shared};
use super::{
    ApiTypes, Endpoint, EnumDef, Field, IdTable, IdType, Location, Method, PathTemplate, RouteSource, Rule, StructDef, Ty, TypeSpace, Vocab,
};
use crate::bindings::{Bindings, EndpointBinding, FieldBinding, InputBinding, Located};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Api, Item, Operation, SectionInfo, Spec};
use crate::source::Pos;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Builds the type space of a spec. `bindings` is the parsed overlay, if any.
pub fn build(spec: &Spec, bindings: Option<&Bindings>, diags: &mut Diagnostics) -> Option<TypeSpace> {
    let errors_before = diags.errors().count();
    // Items that point at a record or another operation's lists are read
    // as what they point at.
    let mut resolved = spec.clone();
    // "show id, ep id" where the glossary says "ep: episode" is "show id,
    // episode id"; operation names are read so where their shape is.
    let abbreviations = super::abbreviations::of(spec);
    // "copies: int = 1 — 1..999" is "copies (int, default 1): 1..999".
    super::notation::apply(&mut resolved);
    super::abbreviations::apply(&mut resolved, &abbreviations);
    super::references::resolve(&mut resolved.apis, &resolved.records, &abbreviations);
    let spec = &resolved;
    let empty = Bindings::default();
    let b = bindings.unwrap_or(&empty);
    let (mut vocab, shared_types) = shared::gather(spec, b, diags);
    // The declared ids, then those the prose names, as they are met.
    let mut known_ids = IdTable::new(vocab.ids.iter().cloned());
    let mut evidence = super::example::Evidence::default();
    check_references(spec, b, diags);
    let mut apis = Vec::new();
    let mut used_endpoint_names = BTreeSet::new();
    let modules = names::unique(spec.sections.iter().map(|s| module_name(&s.title)));
    let (known_nouns, written_ids) = record_nouns(spec, &vocab, &abbreviations);
    vocab.records = known_nouns.iter().cloned().collect();
    vocab.written_ids = written_ids.into_iter().collect();
    let lists_auth = spec.apis.iter().flat_map(|a| &a.operations).any(|o| o.inputs.iter().any(|i| is_auth(&i.text)));
    let auth_default = !lists_auth && spec.conventions.iter().any(|c| super::rules::says_auth_for_all(c));
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
        let mut ctx = Ctx {
            vocab: &vocab,
            prefix: &b.prefix,
            structs: &mut structs,
            enums: &mut enums,
            ids: &mut known_ids,
            evidence: &mut evidence,
            known_nouns: &known_nouns,
            abbreviations: &abbreviations,
            auth_default,
            diags,
        };
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
                let shape = ctx.shape_of(&op.name);
                // Without a verb, an operation is named by its section ("Presence API" → `presence`).
                let base = names::ident_safe(shape.as_ref().map_or_else(|| verbless_name(&op.name), Shape::endpoint_name));
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
    super::consistency::apply(&mut apis, super::consistency::key_style(spec));
    super::choices::apply(&mut apis, spec);
    super::envelope::apply(&mut apis, spec);
    // "approval with conditions" where the example writes
    // `"approval_with_conditions"`.
    super::spelling::apply(&mut apis, spec);
    // "Times (`ts`) are unix seconds, int.": every time in that form.
    if let Some(repr) = super::time_convention::of(spec) {
        super::time_convention::apply(&mut apis, repr);
    }
    // Warned only now: an example or another operation may have typed what
    // the prose did not.
    warn_untyped(&apis, diags);
    for api in &mut apis {
        prune_unreachable(api);
        check_module(api, diags);
    }
    let mut ids: BTreeMap<String, IdType> = vocab.ids.iter().map(|i| (i.name.clone(), i.clone())).collect();
    for id in known_ids.iter() {
        ids.entry(id.name.clone()).or_insert_with(|| id.clone());
    }
    // An id every example writes as a number travels as one.
    for id in ids.values_mut() {
        let seen: Vec<bool> = evidence.id_values.iter().filter(|(n, _)| *n == id.name).map(|(_, num)| *num).collect();
        if !seen.is_empty() && seen.iter().all(|n| *n) {
            id.numeric = true;
            id.example = "1".into();
        }
    }
    let errors = super::errors::ErrorFormat::new(spec.errors.as_ref(), b.errors.as_ref(), diags);
    let absent_as_null = spec.conventions.iter().any(|c| super::rules::says_absent_as_null(c));
    let mut space = TypeSpace {
        apis,
        tokens: vocab.tokens,
        ids,
        shared: shared_types,
        shared_enums: BTreeMap::new(),
        errors,
        absent_as_null,
        lifecycles: BTreeMap::new(),
    };
    shared::merge_identical(&mut space);
    shared::check_names(&space, diags);
    settle_routes(&mut space, diags);
    space.lifecycles = super::lifecycle::read(&space, &super::lifecycle::sentences(spec, &space));
    (diags.errors().count() == errors_before).then_some(space)
}

/// A warning for each item no rule typed (once per spec line), in line
/// order.
fn warn_untyped(apis: &[ApiTypes], diags: &mut Diagnostics) {
    let mut seen: BTreeMap<(Pos, String), &'static str> = BTreeMap::new();
    let fields = apis.iter().flat_map(|a| {
        a.endpoints.iter().flat_map(|e| e.request.fields.iter().chain(&e.response.fields)).chain(a.structs.values().flat_map(|s| &s.fields))
    });
    for f in fields {
        let using = match f.rule {
            Rule::Fallback => "serde_json::Value",
            Rule::TextDefault => "String",
            _ => continue,
        };
        seen.entry((f.pos, f.prose.clone())).or_insert(using);
    }
    for ((pos, prose), using) in seen {
        diags.push(
            Diagnostic::warning(pos, format!("no rule decides the type of `{prose}`; using {using}")).with_help(
                "write its type in the item, e.g. \"(int)\", \"(string)\", \"(timestamp)\", or set `type` in the bindings overlay",
            ),
        );
    }
}

/// The nouns the spec names records with: every "X ID" (or "id of X") its
/// items write, the ids it declares, and its operations' nouns; and, of
/// those, the ones whose id is written ("X ID", declared).
fn record_nouns(spec: &Spec, vocab: &Vocab, abbreviations: &[(String, String)]) -> (BTreeSet<String>, BTreeSet<String>) {
    fn walk(items: &[Item], vocab: &Vocab, out: &mut BTreeSet<String>) {
        for i in items {
            if let Some((_, Some(id))) = super::rules::identifier(&names::head(&i.text), vocab) {
                out.extend(id.words.iter().map(|w| w.trim_end_matches(" id").to_string()));
            }
            walk(&i.items, vocab, out);
        }
    }
    let mut written: BTreeSet<String> =
        vocab.ids.iter().flat_map(|i| i.words.iter().map(|w| w.trim_end_matches(" id").to_string())).collect();
    let mut named = BTreeSet::new();
    for op in spec.apis.iter().flat_map(|a| &a.operations) {
        // The noun of every operation's name ("Station details", "one plot").
        if let Some(s) =
            operation::shape(&super::abbreviations::expand(&op.name, abbreviations)).filter(|s| !s.noun.is_empty() && !s.noun.contains(' '))
        {
            named.insert(s.noun);
        }
        walk(&op.inputs, vocab, &mut written);
        walk(&op.outputs, vocab, &mut written);
    }
    (named.union(&written).cloned().collect(), written)
}

/// No two endpoints share a method and path (parameters compared by
/// place, not name): a server could answer only one of them.
///
/// Two routes the author wrote (examples, overlay) that clash are an
/// error at both, saying how to tell them apart. A route the generator
/// derived gives way instead: the spec did not ask for it, so refusing the
/// whole spec would punish the author for the generator's guess. It moves
/// under its verb (`GET /parcels` → `GET /parcels/search`), with a warning
/// that says how to choose another.
fn settle_routes(space: &mut TypeSpace, diags: &mut Diagnostics) {
    let mut seen: BTreeMap<(Method, String), (String, Pos)> = BTreeMap::new();
    let written = |e: &Endpoint| !matches!(e.route, RouteSource::Derived { .. });
    // Written routes first, so a derived one never takes their place.
    for e in space.apis.iter().flat_map(|a| &a.endpoints).filter(|e| written(e)) {
        match seen.get(&(e.method, e.path.placeless())) {
            Some((first, at)) => {
                let help = format!(
                    "give one of them its own route: an HTTP example (`{} /…`) in its prose, or `method` and `path` in an [[endpoint]] of the bindings overlay",
                    e.method
                );
                diags.push(
                    Diagnostic::error(e.pos, format!("`{first}` and `{}` are both `{} {}`", e.name, e.method, e.path))
                        .with_help(help.clone()),
                );
                diags.push(
                    Diagnostic::error(*at, format!("`{first}` is also `{} {}` (`{}`, line {})", e.method, e.path, e.name, e.pos.line))
                        .with_help(help),
                );
            }
            None => {
                seen.insert((e.method, e.path.placeless()), (e.name.clone(), e.pos));
            }
        }
    }
    for e in space.apis.iter_mut().flat_map(|a| &mut a.endpoints).filter(|e| !written(e)) {
        let Some((first, at)) = seen.get(&(e.method, e.path.placeless())).cloned() else {
            seen.insert((e.method, e.path.placeless()), (e.name.clone(), e.pos));
            continue;
        };
        let verb = e.name.split('_').next().unwrap_or(&e.name).to_string();
        let base = e.path.as_str().trim_end_matches('/').to_string();
        let moved = [format!("{base}/{verb}"), format!("{base}/{}", e.name.replace('_', "-"))]
            .into_iter()
            .chain((2..).map(|k| format!("{base}/{}-{k}", e.name.replace('_', "-"))))
            .map(|p| PathTemplate::parse(&p))
            .find(|p| !seen.contains_key(&(e.method, p.placeless())))
            .unwrap_or_else(|| PathTemplate::parse(&base));
        diags.push(
            Diagnostic::warning(
                e.pos,
                format!("`{}` would be `{} {}` like `{first}` (line {}); served at `{} {moved}`", e.name, e.method, e.path, at.line, e.method),
            )
            .with_help(format!(
                "to choose its route, write an HTTP example (`{} /…`) in its prose, or `method` and `path` in an [[endpoint]] of the bindings overlay",
                e.method
            )),
        );
        e.path = moved;
        seen.insert((e.method, e.path.placeless()), (e.name.clone(), e.pos));
    }
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
    /// What the examples' values say of the ids.
    evidence: &'a mut super::example::Evidence,
    /// The nouns the spec names records with.
    known_nouns: &'a BTreeSet<String>,
    /// The glossary's short words ("ep" for "episode").
    abbreviations: &'a [(String, String)],
    /// The conventions ask every operation for credentials, and no
    /// operation lists them among its inputs.
    auth_default: bool,
    diags: &'d mut Diagnostics,
}

impl Ctx<'_, '_> {
    /// Whether an operation needs the caller's token: its inputs name the
    /// caller ("(for auth)", "you need to be logged in"), or its HTTP
    /// example sends credentials, or the conventions ask it of every
    /// operation and neither it nor its section says it is public.
    fn needs_auth(&self, api: &Api, op: &Operation) -> bool {
        if op.inputs.iter().any(|i| is_auth(&i.text)) {
            return true;
        }
        let sends = op.http.as_ref().is_some_and(|x| {
            x.notes.iter().any(|n| {
                let t = n.text.to_ascii_lowercase();
                t.starts_with("authorization:")
                    || t.starts_with("x-api-key:")
                    || t.starts_with("api-key:")
                    || t.starts_with("x-device-key:")
            })
        });
        let public = op.prose.iter().any(|p| super::rules::says_public(p)) || super::rules::says_public(&api.description);
        // A sign-up or log-in gives the token: it needs one only where its
        // own example sends one.
        let gives_token =
            self.shape_of(&op.name).is_some_and(|s| matches!(s.effect, operation::Effect::Register | operation::Effect::Login));
        (sends || (self.auth_default && !gives_token)) && !public
    }

    /// What an operation's name says, its noun made a record's.
    fn shape_of(&self, name: &str) -> Option<Shape> {
        let mut shape = operation::shape(&super::abbreviations::expand(name, self.abbreviations))?;
        shape.refine(&|n| self.known_nouns.contains(n));
        Some(shape)
    }

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
        let method = Method::parse(&e.method.value).unwrap_or_else(|| {
            self.diags.push(
                Diagnostic::error(e.method.pos, format!("unknown HTTP method `{}`", e.method.value))
                    .with_help("one of GET, PUT, POST, DELETE, PATCH"),
            );
            Method::Post
        });
        let path = format!("{}{}", self.prefix, e.path.value);
        let reads = method.reads();
        let mut request = Vec::new();
        let mut response = Vec::new();
        if let (true, Some(op)) = (e.prose, op) {
            request = self.prose_fields(&op.inputs, Side::Input, &e.inputs, &prefix, &path, reads);
            response = self.prose_fields(&op.outputs, Side::Output, &e.outputs, &format!("{prefix}Response"), "", false);
        }
        if let Some(x) = op.and_then(|o| o.http.as_ref()).filter(|x| x.method.endpoint() == Some(method) && e.prose) {
            super::example::spell_keys(x, &mut request, &mut response);
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
            path: PathTemplate::parse(&path),
            route: RouteSource::Overlay,
            auth: e.auth,
            pos: doc_pos,
            request: StructDef { name: format!("{prefix}Request"), doc: operation.clone(), fields: request },
            response: StructDef { name: format!("{prefix}Response"), doc: operation.clone(), fields: response },
            shape: self.shape_of(&operation),
            success: op.map_or(200, super::success::of),
            documented: op.map(super::documented::of).unwrap_or_default(),
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
        let mut request = fields(&op.inputs, Side::Input, self.vocab, &prefix, resource, &mut structs, &mut enums, &mut found);
        found.drain(..).for_each(|id| self.ids.push(id));
        // "Rating a recipe" given the recipe's ID makes a rating under it.
        let picks_noun = |s: &Shape| {
            let words = format!("{} id", s.noun);
            let known = |n: &str| self.ids.get(n).is_some_and(|i| i.words.contains(&words));
            request.iter().any(|f| matches!(f.ty.required(), Ty::Named(n) if known(n)))
        };
        let made = shape.filter(|s| picks_noun(s)).and_then(Shape::made_under);
        let mut settled = made.or_else(|| shape.cloned());
        if let Some(s) = settled.as_mut() {
            // An ID the server gave ("Application ID"), not a code the
            // caller chose ("SKU code"), picks an existing item.
            let words = format!("{} id", s.noun);
            let own = |f: &Field| matches!(f.ty.required(), Ty::Named(n) if self.ids.get(n).is_some_and(|i| i.words.contains(&words)));
            let server_id =
                |f: &Field| f.prose.to_ascii_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == "id" || w == "identifier");
            // An update given a path input ("number (path)") changes that one.
            let in_path = s.effect == Effect::Update && request.iter().any(|f| f.location == Location::Path);
            let picks = request.iter().any(|f| own(f) && server_id(f)) || in_path;
            let answers = op.outputs.iter().any(|o| {
                super::rules::identifier(&names::head(&o.text), self.vocab)
                    .is_some_and(|(n, _)| self.ids.get(&n).is_some_and(|i| i.words.contains(&words)))
            });
            s.settle(picks, answers);
            // "Saving a search" that answers a "Saved search ID" nobody sent
            // makes a saved search; "Publishing a posting" answering a new
            // "Posting ID" makes a posting.
            if matches!(s.effect, Effect::Action | Effect::Create) && !picks && s.rpc_path.is_none() {
                let sent = |n: &str| request.iter().any(|f| f.ty.names().contains(&n));
                let new_id = op.outputs.iter().find_map(|o| {
                    let (n, _) = super::rules::identifier(&names::head(&o.text), self.vocab)?;
                    let words = self.ids.get(&n)?.words.first()?.clone();
                    (!sent(&n)).then(|| words.trim_end_matches(" id").to_string())
                });
                // Only a narrower noun of the same head ("search" → "saved
                // search"): "ticket type" answering a "Type ID" stays.
                let narrower = |n: &String| n.len() > s.noun.len() && n.ends_with(&format!(" {}", s.noun));
                if let Some(noun) = new_id.clone().filter(narrower) {
                    s.noun = noun;
                    s.effect = Effect::Create;
                } else if new_id.is_some() && s.effect == Effect::Action {
                    s.effect = Effect::Create;
                }
            }
        }
        let shape = settled.as_ref();
        every_input_optional(op, &mut request);
        let outputs: Vec<Item> = op.outputs.iter().filter(|o| !is_none(o)).cloned().collect();
        let resp_name = format!("{prefix}Response");
        let mut response = fields(&outputs, Side::Output, self.vocab, &resp_name, resource, &mut structs, &mut enums, &mut found);
        found.into_iter().for_each(|id| self.ids.push(id));
        // An HTTP example beats a derived route.
        let example = op.http.as_ref().and_then(|x| Some((x, x.method.endpoint()?)));
        let (method, path, route_source) = match example {
            Some((x, method)) => {
                let mut cx = super::example::Cx {
                    ids: &*self.ids,
                    structs: &mut structs,
                    prefix: prefix.clone(),
                    evidence: self.evidence,
                    resource: resource.map(str::to_string),
                    new_ids: Vec::new(),
                };
                let path = super::example::apply_request(x, &mut request, &mut cx);
                cx.prefix = resp_name.clone();
                super::example::apply_response(x, &mut response, &mut cx);
                let new_ids = std::mem::take(&mut cx.new_ids);
                new_ids.into_iter().for_each(|id| self.ids.push(id));
                for f in request.iter_mut().filter(|f| f.location == Location::Body && x.method.reads()) {
                    f.location = Location::Query;
                }
                (method, names::url_path(&path), RouteSource::Example(x.pos))
            }
            None => {
                let route = route::derive(shape, &name, &mut request, self.ids);
                (route.method, route.path, RouteSource::Derived { verb: shape.is_some() })
            }
        };
        self.settle_enum_names(&prefix, &mut enums, &mut structs, &mut [&mut request, &mut response]);
        self.keep_types(structs, enums);
        if method == Method::Patch {
            partial_update(op, &mut request);
        }
        let request = self.unique_fields(request, op.pos);
        let response = self.unique_fields(response, op.pos);
        let path = format!("{}{}", self.prefix, path);
        self.check_path(&path, &request, op.pos);
        Endpoint {
            name,
            operation: op.name.clone(),
            method,
            path: PathTemplate::parse(&path),
            route: route_source,
            auth: self.needs_auth(api, op),
            pos: op.pos,
            request: StructDef { name: format!("{prefix}Request"), doc: op.name.clone(), fields: request },
            response: StructDef { name: resp_name, doc: format!("{} ({})", op.name, api.title), fields: response },
            shape: shape.cloned(),
            success: super::success::of(op),
            documented: super::documented::of(op),
        }
    }

    /// Fields from prose items with the overlay's overrides applied.
    fn prose_fields(
        &mut self,
        items: &[Item],
        side: Side,
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
        let mut out = fields(&kept, side, self.vocab, prefix, None, &mut structs, &mut enums, &mut found);
        found.into_iter().for_each(|id| self.ids.push(id));
        for (k, o) in overrides.iter().filter(|(k, _)| !items.iter().any(|i| i.text == k.value)) {
            self.nested_override(&out, &mut structs, &k.value, o);
        }
        for s in &mut structs {
            s.fields.retain(|f| !overrides.iter().any(|(k, o)| o.skip && k.value.ends_with(&format!(" / {}", f.prose))));
        }
        for f in &mut out {
            let over = overrides.iter().find(|(k, _)| k.value == f.prose).map(|(_, o)| o);
            if let Some(o) = over {
                apply_override(f, o, self.diags);
                if let Some(values) = &o.values {
                    self.enum_values(f, &mut enums, values);
                }
            }
            f.location = self.location(over.and_then(|o| o.location.as_ref()), &f.wire, path, reads);
        }
        self.keep_types(structs, enums);
        out
    }

    /// The overlay's wire values for the choices of field `f`'s enum, one
    /// per choice in the prose's order.
    fn enum_values(&mut self, f: &Field, enums: &mut [EnumDef], values: &Located<Vec<String>>) {
        let name = f.ty.names().first().map(|n| n.to_string());
        let Some(e) = enums.iter_mut().find(|e| Some(&e.name) == name.as_ref()) else {
            self.diags.push(
                Diagnostic::error(values.pos, format!("`values` given, but `{}` is no list of choices", f.prose))
                    .with_help("give `values` only to an item that lists its choices, such as \"Status (open, closed)\""),
            );
            return;
        };
        if e.variants.len() != values.value.len() {
            self.diags.push(
                Diagnostic::error(values.pos, format!("{} values for {} choices", values.value.len(), e.variants.len())).with_help(
                    format!("one wire value per choice, in the prose's order: {}", quoted(e.variants.iter().map(|(_, w)| w.as_str()))),
                ),
            );
            return;
        }
        for ((_, wire), v) in e.variants.iter_mut().zip(&values.value) {
            *wire = v.clone();
        }
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

    /// An enum named like another of the module but holding other values
    /// takes its endpoint's name instead (`ListVehiclesStatus` beside a
    /// `VehicleStatus`), and every field of the endpoint follows.
    fn settle_enum_names(&self, prefix: &str, enums: &mut [EnumDef], structs: &mut [StructDef], fields: &mut [&mut Vec<Field>]) {
        for e in enums.iter_mut() {
            let clash = self.enums.get(&e.name).is_some_and(|o| o.variants != e.variants || o.open != e.open);
            if !clash {
                continue;
            }
            let mut new = if e.name.starts_with(prefix) { e.name.clone() } else { format!("{prefix}{}", e.name) };
            let mut n = 2;
            while self.enums.contains_key(&new) {
                new = format!("{prefix}{}{n}", e.name);
                n += 1;
            }
            let old = std::mem::replace(&mut e.name, new.clone());
            for f in structs.iter_mut().flat_map(|s| s.fields.iter_mut()).chain(fields.iter_mut().flat_map(|v| v.iter_mut())) {
                f.ty = std::mem::replace(&mut f.ty, Ty::Json).renamed(&old, &new);
            }
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
    /// A key the prose states twice (an item and a "`path`, `line`: as
    /// stored" line that repeats it) is one field: the better-typed
    /// statement is kept, with a warning. Two overlay entries on one key
    /// are an error.
    fn unique_fields(&mut self, fields: Vec<Field>, pos: Pos) -> Vec<Field> {
        let mut kept: Vec<Field> = Vec::with_capacity(fields.len());
        let mut index: BTreeMap<(String, Location), usize> = BTreeMap::new();
        for f in fields {
            let Some(&at) = index.get(&(f.wire.clone(), f.location)) else {
                index.insert((f.wire.clone(), f.location), kept.len());
                kept.push(f);
                continue;
            };
            if kept[at].from_overlay && f.from_overlay {
                self.diags.push(Diagnostic::error(pos, format!("two fields travel as `{}` in the {}", f.wire, f.location.as_str())));
                continue;
            }
            let weak = |r: &Rule| matches!(r, Rule::Fallback | Rule::TextDefault | Rule::Example);
            self.diags.push(Diagnostic::warning(
                f.pos,
                format!("`{}` is stated twice in the {} (also line {}); one field is kept", f.wire, f.location.as_str(), kept[at].pos.line),
            ));
            if weak(&kept[at].rule) && !weak(&f.rule) {
                kept[at] = f;
            }
        }
        let mut fields = kept;
        let rust = names::unique(fields.iter().map(|f| f.rust.clone()));
        for (f, r) in fields.iter_mut().zip(rust) {
            f.rust = r;
        }
        for f in &fields {
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
    if let Some(p) = shared::overlay_pattern(o.pattern.as_ref(), diags) {
        f.constraints.pattern = Some(p);
    }
    if let Some(n) = o.min_length {
        f.constraints.min_length = Some(n);
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
    let first = t.split([',', '.', ';', '(', ' ']).next().unwrap_or("");
    item.items.is_empty()
        && (matches!(t.as_str(), "none" | "nothing" | "no content" | "empty" | "n/a")
            || (matches!(first, "none" | "nothing") && t.len() > first.len() && !t[first.len()..].trim_start().starts_with("of")))
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

/// An operation whose prose says every input may be left out ("every
/// input here is optional", "All parameters are optional"): each input
/// not written into the path is optional, as written (and so stays out of
/// a derived path).
fn every_input_optional(op: &Operation, request: &mut [Field]) {
    let says = |p: &&String| {
        p.split(['.', '!', ';']).any(|sentence| {
            let w = super::lifecycle::words_of(sentence);
            let has = |ws: &[&str]| w.iter().any(|x| ws.contains(&x.as_str()));
            has(&["optional"])
                && has(&["every", "all", "everything"])
                && has(&["input", "inputs", "parameter", "parameters", "filter", "filters", "them", "everything", "argument", "arguments"])
                && !has(&["except", "but", "output", "outputs"])
        })
    };
    let Some(said) = op.prose.iter().find(says) else { return };
    for f in request.iter_mut().filter(|f| f.location != Location::Path && !f.ty.is_option()) {
        f.ty = Ty::Option(Box::new(f.ty.clone()));
        f.presence = Some(super::PresenceRule::Written(said.clone()));
    }
}

/// A PATCH whose prose says the caller sends only what changes ("only send
/// the ones that have changed"): every body input is optional, as written.
fn partial_update(op: &Operation, request: &mut [Field]) {
    const CUES: [&str; 5] = ["only send", "only the ones", "only the fields", "what has changed", "partial update"];
    let Some(said) = op.prose.iter().find(|p| CUES.iter().any(|c| p.to_lowercase().contains(c))) else { return };
    for f in request.iter_mut().filter(|f| f.location == Location::Body && !f.ty.is_option()) {
        f.ty = Ty::Option(Box::new(f.ty.clone()));
        f.presence = Some(super::PresenceRule::Written(said.clone()));
    }
}
