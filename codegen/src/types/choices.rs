//! One fact, one set of choices. A field whose type a rule only guessed as
//! text ("Status", "Actual status of appointment") takes the enum the spec
//! gives the same fact elsewhere: an operation that lists the choices
//! ("Status: open, in_progress, fixed or rejected") or a Terminology entry
//! ("Status of appointment: One of BOOKED, CONFIRMED, CANCELLED, DONE").
//!
//! The fact is the record the endpoint works on and the field's name: the
//! `status` of an endpoint on appointments is the `AppointmentStatus`, as
//! [`super::infer`] names the enum of an item that lists its choices.
//!
//! Invariant: only fields a rule typed as guessed text change (never one an
//! example, the overlay or the item's own words typed), and the enum they
//! take is one the spec states in full; a module that takes an enum from
//! another gets an identical copy, which [`super::shared::merge_identical`]
//! then makes one.

use super::annotation;
use super::names::{field_name, type_name};
use super::{ApiTypes, EnumDef, Field, Rule, Ty};
use crate::model::{Spec, Term};
use std::collections::{BTreeMap, HashMap};

/// Gives the guessed-text fields of `apis` the enums stated elsewhere in
/// the spec (its operations' enums and the choices of its `terms`).
pub fn apply(apis: &mut [ApiTypes], spec: &Spec) {
    let mut stated = stated_enums(apis, &super::abbreviations::terms(spec));
    for api in apis.iter() {
        let Some(prose) = spec.api(&api.title).map(|a| a.description.as_str()) else { continue };
        let Some(resource) = main_resource(api) else { continue };
        for (field, values) in lifecycles(prose) {
            let name = type_name(&format!("{resource} {field}"));
            let variants = values.iter().map(|v| (type_name(v), v.clone())).collect();
            stated.entry(name.clone()).or_insert(EnumDef { name, doc: format!("The {field} of a {resource}."), variants, open: false });
        }
    }
    if stated.is_empty() {
        return;
    }
    for api in apis.iter_mut() {
        let resources = struct_resources(api);
        let mut taken: Vec<EnumDef> = Vec::new();
        let mut adopt = |f: &mut Field, resource: &str| {
            if let Some(e) = enum_for(f, resource, &stated) {
                f.ty = rewrap(&f.ty, Ty::Named(e.name.clone()));
                f.rule = Rule::SameChoices;
                if !taken.iter().any(|t| t.name == e.name) {
                    taken.push(e.clone());
                }
            }
        };
        for ep in &mut api.endpoints {
            let Some(resource) = ep.shape.as_ref().map(|s| s.noun.clone()).filter(|n| !n.is_empty()) else { continue };
            for f in ep.request.fields.iter_mut().chain(ep.response.fields.iter_mut()) {
                adopt(f, &resource);
            }
        }
        for (name, s) in api.structs.iter_mut() {
            let Some(resource) = resources.get(name) else { continue };
            for f in &mut s.fields {
                adopt(f, resource);
            }
        }
        for e in taken {
            // A module's own enum of that name stays as it is.
            api.enums.entry(e.name.clone()).or_insert(e);
        }
    }
}

/// The enums the spec states: every module's (the first of a name kept)
/// and one per Terminology entry whose definition lists its choices,
/// named as an item of the term's words would name it.
fn stated_enums(apis: &[ApiTypes], terms: &[Term]) -> BTreeMap<String, EnumDef> {
    let mut out: BTreeMap<String, EnumDef> = BTreeMap::new();
    for e in apis.iter().flat_map(|a| a.enums.values()) {
        out.entry(e.name.clone()).or_insert_with(|| e.clone());
    }
    for t in terms {
        let notes = annotation::read(&format!("{}: {}", t.term, first_sentence(&t.definition)));
        let Some((choices, open)) = notes.choices else { continue };
        let name = type_name(&field_name(&t.term).replace('_', " "));
        let variants = choices.iter().map(|c| (type_name(c), c.trim().to_string())).collect();
        out.entry(name.clone()).or_insert(EnumDef { name, doc: format!("{}: {}", t.term, t.definition), variants, open });
    }
    out
}

/// The resource most of an API's endpoints work on.
fn main_resource(api: &ApiTypes) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for ep in &api.endpoints {
        if let Some(s) = ep.shape.as_ref().filter(|s| !s.noun.is_empty()) {
            *counts.entry(s.noun.as_str()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(r, _)| r.to_string())
}

/// The lifecycles a section's prose states: "Lifecycle: draft ->
/// scheduled -> published", "moves an application through the stages new
/// → reviewing → hired, and can reject it at any stage (rejected)". Each is
/// the fact it is of (`status`, or the `stage`/`state` the paragraph
/// names) and its values: the chain's words and any single word the
/// paragraph puts in parentheses.
fn lifecycles(prose: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for para in prose.split('\n').map(str::trim).filter(|p| p.contains("->") || p.contains('→')) {
        let normal = para.replace('→', "->");
        let parts: Vec<&str> = normal.split("->").collect();
        let word = |s: &str, last: bool| -> Option<String> {
            let w = if last { s.split_whitespace().next()? } else { s.split_whitespace().last()? };
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
            (!w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_')).then(|| w.to_string())
        };
        let mut values: Vec<String> = Vec::new();
        for (k, p) in parts.iter().enumerate() {
            let w = if k == 0 { word(p, false) } else { word(p, true) };
            match w {
                Some(w) if !values.contains(&w) => values.push(w),
                _ => {}
            }
        }
        if values.len() < 2 {
            continue;
        }
        // "(rejected)", "(withdrawn)": more values of the same fact.
        for chunk in normal.split('(').skip(1) {
            let inner = chunk.split(')').next().unwrap_or("").trim();
            if !inner.is_empty()
                && !inner.contains(' ')
                && inner.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !values.iter().any(|v| v == inner)
            {
                values.push(inner.to_string());
            }
        }
        let lower = normal.to_ascii_lowercase();
        let field = ["stage", "state", "status", "phase"].iter().find(|w| lower.contains(*w)).unwrap_or(&"status");
        out.push((field.to_string(), values));
    }
    out
}

/// "One of BOOKED, CONFIRMED. After booking …" → its first sentence.
fn first_sentence(text: &str) -> &str {
    text.split(". ").next().unwrap_or(text)
}

/// The resource of the endpoint each nested struct of `api` belongs to
/// (the first endpoint that reaches it).
fn struct_resources(api: &ApiTypes) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    for ep in &api.endpoints {
        let Some(resource) = ep.shape.as_ref().map(|s| s.noun.clone()).filter(|n| !n.is_empty()) else { continue };
        let mut todo: Vec<&Ty> = ep.request.fields.iter().chain(&ep.response.fields).map(|f| &f.ty).collect();
        while let Some(ty) = todo.pop() {
            let Some(name) = named(ty) else { continue };
            if out.contains_key(name) {
                continue;
            }
            if let Some(s) = api.structs.get(name) {
                out.insert(name.to_string(), resource.clone());
                todo.extend(s.fields.iter().map(|f| &f.ty));
            }
        }
    }
    out
}

/// The type name inside options and lists.
fn named(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Named(n) => Some(n),
        Ty::Option(t) | Ty::Vec(t) | Ty::OneOrMany(t) => named(t),
        _ => None,
    }
}

/// The stated enum of field `f` of an endpoint on `resource`: the one named
/// after the resource and the field (`status` on appointments →
/// `AppointmentStatus`), or after the field alone when its name starts
/// with the resource (`appointment_status`).
fn enum_for<'a>(f: &Field, resource: &str, stated: &'a BTreeMap<String, EnumDef>) -> Option<&'a EnumDef> {
    // Text the prose wrote as such ("Status (text)") is still a string on
    // the wire: it may be one of the stated values.
    if !matches!(f.rule, Rule::Text | Rule::TextDefault | Rule::Fallback | Rule::Written) || !is_text(&f.ty) {
        return None;
    }
    // "New stage" is the stage.
    let rust = f.rust.trim_end_matches('_');
    let rust = ["new_", "current_", "actual_"].iter().find_map(|p| rust.strip_prefix(p)).unwrap_or(rust);
    let words = rust.replace('_', " ");
    let resource = resource.replace('_', " ");
    // "Reason of visit" is another fact than the reason a cancellation
    // lists: the prose may name only the field and its record.
    let known: Vec<&str> = words.split(' ').chain(resource.split(' ')).collect();
    let head = super::names::head(&f.prose).to_ascii_lowercase();
    let extra = head
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !super::names::is_function_word(w))
        .filter(|w| !matches!(*w, "actual" | "current" | "new" | "updated" | "latest" | "s"))
        .any(|w| !known.contains(&w) && !known.contains(&w.trim_end_matches('s')));
    if extra {
        return None;
    }
    let own = if words.starts_with(&format!("{resource} ")) { words.clone() } else { format!("{resource} {words}") };
    stated.get(&type_name(&own))
}

/// Text, optional text or a list of text.
fn is_text(ty: &Ty) -> bool {
    match ty {
        Ty::String | Ty::Json => true,
        Ty::Option(t) | Ty::Vec(t) => is_text(t),
        _ => false,
    }
}

/// `inner` in the wrappers of `ty`: `Option<String>` → `Option<Status>`.
fn rewrap(ty: &Ty, inner: Ty) -> Ty {
    match ty {
        Ty::Option(t) => Ty::Option(Box::new(rewrap(t, inner))),
        Ty::Vec(t) => Ty::Vec(Box::new(rewrap(t, inner))),
        _ => inner,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Pos;

    #[test]
    fn a_term_that_lists_its_choices_states_an_enum() {
        let term = Term {
            term: "Status of appointment".into(),
            definition: "One of BOOKED, CONFIRMED, CANCELLED, DONE. After booking the status is BOOKED.".into(),
            pos: Pos::default(),
        };
        let stated = stated_enums(&[], &[term]);
        let e = stated.get("AppointmentStatus").expect("named after the record and the fact");
        let values: Vec<&str> = e.variants.iter().map(|(_, w)| w.as_str()).collect();
        assert_eq!(values, ["BOOKED", "CONFIRMED", "CANCELLED", "DONE"]);
    }
}
