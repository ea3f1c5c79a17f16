//! One fact, one name across the spec. After every endpoint is built:
//!
//! - an item written the same way in several operations travels under the
//!   key an HTTP example gave it in any of them ("Latitude" is `lat`
//!   everywhere once one example writes `lat`), and takes the type the
//!   example showed where its own rule only guessed;
//! - names the prose made (not the examples, the overlay or the item
//!   itself) follow the spelling the spec's examples use: camelCase keys
//!   when the examples write `qtyOnHand`, snake_case otherwise, path
//!   parameters included.
//!
//! Invariant: only names and types of prose-made fields change; a name an
//! example, the overlay or the item wrote is kept as written.

use super::names::{ident_safe, is_keyword, NameRule};
use super::{ApiTypes, Endpoint, Field, Location, Rule, Ty};
use crate::model::Spec;
use heck::{ToLowerCamelCase, ToSnakeCase};
use serde_json::Value;
use std::collections::BTreeMap;

/// How the spec's examples spell keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyStyle {
    Snake,
    Camel,
}

/// How the examples spell the keys of each place a field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyStyles {
    pub path: KeyStyle,
    pub query: KeyStyle,
    pub body: KeyStyle,
}

impl KeyStyles {
    fn of(&self, location: Location) -> KeyStyle {
        match location {
            Location::Path => self.path,
            Location::Query => self.query,
            Location::Body => self.body,
        }
    }
}

/// Counts of camelCase and snake_case keys.
#[derive(Default)]
struct Tally {
    camel: usize,
    snake: usize,
}

impl Tally {
    fn count(&mut self, k: &str) {
        if k.contains('_') {
            self.snake += 1;
        } else if k.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && k.chars().any(|c| c.is_ascii_uppercase()) {
            self.camel += 1;
        }
    }

    fn style(&self) -> Option<KeyStyle> {
        match (self.camel, self.snake) {
            (0, 0) => None,
            (c, s) if c > s => Some(KeyStyle::Camel),
            _ => Some(KeyStyle::Snake),
        }
    }
}

/// The spelling the examples use for each place: camelCase where more of
/// its keys are camelCase (`qtyOnHand`) than snake_case; a place the
/// examples never show follows the body's keys (a spec whose bodies say
/// `orderId` names its path parameters so too).
pub fn key_style(spec: &Spec) -> KeyStyles {
    let (mut path, mut query, mut body) = (Tally::default(), Tally::default(), Tally::default());
    fn keys(v: &Value, count: &mut dyn FnMut(&str)) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    count(k);
                    keys(x, count);
                }
            }
            Value::Array(items) => items.iter().for_each(|x| keys(x, count)),
            _ => {}
        }
    }
    for ex in spec.apis.iter().flat_map(|a| &a.operations).filter_map(|o| o.http.as_ref()) {
        ex.path_params.iter().for_each(|p| path.count(&p.name));
        ex.query.iter().for_each(|q| query.count(&q.name));
        for b in ex.request_body.iter().chain(ex.responses.iter().filter_map(|r| r.body.as_ref())) {
            keys(&b.value, &mut |k| body.count(k));
        }
    }
    let body = body.style().unwrap_or(KeyStyle::Snake);
    KeyStyles { path: path.style().unwrap_or(body), query: query.style().unwrap_or(body), body }
}

/// Whether a field's name was made from prose (so another spelling may
/// replace it).
fn prose_named(f: &Field) -> bool {
    !matches!(f.naming, NameRule::Example | NameRule::Wire | NameRule::Written) && !f.from_overlay
}

/// The prose as compared between operations.
fn fact(f: &Field) -> String {
    f.prose.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase()
}

/// Whether a type is a scalar another endpoint's field may share.
fn shareable(t: &Ty, api: &ApiTypes) -> bool {
    match t.required() {
        Ty::Named(n) => !api.structs.contains_key(n) && !api.enums.contains_key(n),
        Ty::Vec(inner) | Ty::OneOrMany(inner) => shareable(inner, api),
        Ty::Json => false,
        _ => true,
    }
}

/// Applies both rules to the built APIs.
pub fn apply(apis: &mut [ApiTypes], styles: KeyStyles) {
    // What the examples named, by the prose they named it for.
    let mut named: BTreeMap<String, (String, Option<Ty>)> = BTreeMap::new();
    for api in apis.iter() {
        for f in all_fields(api) {
            if f.naming == NameRule::Example
                && !f.prose.is_empty()
                && !f.prose.starts_with("a key of")
                && !f.prose.starts_with("a path parameter")
            {
                let ty = (f.rule == Rule::Example && shareable(&f.ty, api)).then(|| f.ty.required().clone());
                named.entry(fact(f)).or_insert((f.wire.clone(), ty));
            }
        }
    }
    for api in apis.iter_mut() {
        let structs: Vec<String> = api.structs.keys().cloned().collect();
        let fix = |f: &mut Field| {
            if !prose_named(f) {
                return;
            }
            if let Some((wire, ty)) = named.get(&fact(f)) {
                f.wire = wire.clone();
                f.rust = ident_safe(wire.to_snake_case());
                f.naming = NameRule::Example;
                if let Some(t) = ty.as_ref().filter(|_| weak(&f.rule)) {
                    f.ty = if f.ty.is_option() { Ty::Option(Box::new(t.clone())) } else { t.clone() };
                    f.rule = Rule::Example;
                }
                return;
            }
            if styles.of(f.location) == KeyStyle::Camel {
                let base = f.rust.strip_suffix('_').filter(|w| is_keyword(w)).unwrap_or(&f.rust);
                f.wire = base.to_lower_camel_case();
            }
        };
        for e in &mut api.endpoints {
            rename_endpoint(e, &fix);
        }
        for name in structs {
            if let Some(s) = api.structs.get_mut(&name) {
                rename_all(&mut s.fields, &fix);
            }
        }
    }
}

/// A type only guessed from words.
fn weak(rule: &Rule) -> bool {
    matches!(rule, Rule::Text | Rule::TextDefault | Rule::Count | Rule::Content | Rule::Fallback | Rule::Measure)
}

/// Applies `fix` to an endpoint's fields, keeping its path's parameters in
/// step with their fields' wire names.
fn rename_endpoint(e: &mut Endpoint, fix: &impl Fn(&mut Field)) {
    let before: Vec<String> = e.request.fields.iter().map(|f| f.wire.clone()).collect();
    rename_all(&mut e.request.fields, fix);
    for (f, before) in e.request.fields.iter().zip(before) {
        if f.location == Location::Path && f.wire != before {
            e.path = e.path.renamed(&before, &f.wire);
        }
    }
    rename_all(&mut e.response.fields, fix);
}

/// Applies `fix` to each field of one struct, but never to a name another
/// of its fields has: two facts are never one key.
fn rename_all(fields: &mut [Field], fix: &impl Fn(&mut Field)) {
    // How many fields travel under each wire name and each Rust name, per
    // location: a rename is checked against these, not against every
    // field (an example of thousands of keys stays linear).
    let mut wires: BTreeMap<(String, Location), usize> = BTreeMap::new();
    let mut rusts: BTreeMap<(String, Location), usize> = BTreeMap::new();
    for g in fields.iter() {
        *wires.entry((g.wire.clone(), g.location)).or_default() += 1;
        *rusts.entry((g.rust.clone(), g.location)).or_default() += 1;
    }
    for field in fields.iter_mut() {
        let mut f = field.clone();
        fix(&mut f);
        if f.wire == field.wire && f.rust == field.rust && f.location == field.location {
            continue;
        }
        let same = |a: &str, b: &str| usize::from(a == b && f.location == field.location);
        let taken = |names: &BTreeMap<(String, Location), usize>, name: &str, own: usize| {
            names.get(&(name.to_string(), f.location)).copied().unwrap_or(0) > own
        };
        if taken(&wires, &f.wire, same(&f.wire, &field.wire)) || taken(&rusts, &f.rust, same(&f.rust, &field.rust)) {
            continue;
        }
        for (names, old, new) in [(&mut wires, &field.wire, &f.wire), (&mut rusts, &field.rust, &f.rust)] {
            if let Some(n) = names.get_mut(&(old.clone(), field.location)) {
                *n -= 1;
            }
            *names.entry((new.clone(), f.location)).or_default() += 1;
        }
        *field = f;
    }
}

fn all_fields(api: &ApiTypes) -> impl Iterator<Item = &Field> {
    api.endpoints.iter().flat_map(|e| e.request.fields.iter().chain(&e.response.fields)).chain(api.structs.values().flat_map(|s| &s.fields))
}
