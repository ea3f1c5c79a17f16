//! Generic engine: what each endpoint does to the state, inferred from the
//! spec. The effect from the operation's verb (`operation::shape`), else
//! from the method and path; the resource from its noun, else from the
//! path's last literal segment; the "X ID" inputs that pick an item and its
//! parents; the inputs that page, retry, wait or batch. The overlay's
//! `effect` and `resource` keys override the inference.

use super::types::Types;
use specgen::types::operation;
/// The effects are the type space's: one list for the generator and the engine.
pub use specgen::types::operation::Effect;
use specgen::types::{Endpoint, Field, HttpMethod, Location, Rule, Ty};

/// What an endpoint does to the state.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub effect: Option<Effect>,
    /// The resource noun, singular, lower-case (`parcel`, `room alias`).
    pub resource: String,
    /// The id type of the resource's items (`ParcelId`), when it has one.
    pub id_type: Option<String>,
    /// The request field that picks the item.
    pub item: Option<String>,
    /// Request fields (wire, id type) naming the item's parents.
    pub parents: Vec<(String, String)>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
    /// An input that makes a retry return the first answer.
    pub request_id: Option<String>,
    pub since: Option<String>,
    pub timeout: Option<String>,
    /// A `[s]` input of a create: one record per value.
    pub batch: Option<String>,
    /// The user name and password inputs of register and login.
    pub user: Option<String>,
    pub password: Option<String>,
    /// The inputs that are attributes of the record: (wire, attribute),
    /// worked out once.
    pub inputs: Vec<(String, String)>,
}

impl Plan {
    pub fn effect(&self) -> Effect {
        self.effect.unwrap_or(Effect::Action)
    }

    /// Inputs that steer the engine and are not attributes of the record.
    pub fn is_control(&self, wire: &str) -> bool {
        [&self.item, &self.limit, &self.cursor, &self.request_id, &self.since, &self.timeout, &self.password]
            .iter()
            .any(|f| f.as_deref() == Some(wire))
            || self.parents.iter().any(|(w, _)| w == wire)
    }
}

/// The plan of an endpoint; `overlay` is the (effect, resource) the overlay
/// declares for it.
pub fn plan(types: &Types, ep: &Endpoint, overlay: (Option<Effect>, Option<&str>)) -> Plan {
    let shape = operation::shape(&ep.operation);
    let resource = overlay.1.map(str::to_string).or_else(|| shape.as_ref().map(|s| s.noun.clone())).unwrap_or_else(|| path_noun(&ep.path));
    let id_type = id_type_of(types, &resource);
    let fields = &ep.request.fields;
    let find = |pred: &dyn Fn(&Field) -> bool| fields.iter().find(|f| pred(f)).map(|f| f.wire.clone());
    let words = |f: &Field| split_words(&f.wire);
    let mut plan = Plan {
        resource,
        limit: find(&|f| {
            f.rule == Rule::Count && (words(f).iter().any(|w| w == "limit" || w == "max") || f.prose.to_lowercase().contains("max"))
        }),
        cursor: find(&|f| f.location != Location::Path && is_cursor(types, f)),
        request_id: find(&|f| {
            let w = words(f);
            w.last().is_some_and(|l| l == "id" || l == "key")
                && w.iter().any(|x| matches!(x.as_str(), "request" | "action" | "transaction" | "txn" | "idempotency"))
        }),
        since: find(&|f| words(f).iter().any(|w| w == "since") || split_words(&f.prose).iter().any(|w| w == "since")),
        timeout: find(&|f| words(f).iter().any(|w| w == "timeout")),
        user: find(&|f| f.ty.required() == &Ty::String && words(f).iter().any(|w| w == "user" || w == "username" || w == "name")),
        password: find(&|f| words(f).iter().any(|w| w == "password")),
        ..Plan::default()
    };
    if let Some(id) = &id_type {
        plan.item = fields.iter().find(|f| names_id(f, id)).map(|f| f.wire.clone());
    }
    plan.parents = fields
        .iter()
        .filter(|f| f.location == Location::Path && Some(&f.wire) != plan.item.as_ref())
        .filter_map(|f| match f.ty.required() {
            Ty::Named(n) if types.space.ids.contains_key(n) => Some((f.wire.clone(), n.clone())),
            _ => None,
        })
        .collect();
    plan.id_type = id_type;
    let effect = overlay.0.unwrap_or_else(|| infer_effect(ep, shape.map(|s| s.effect), &plan));
    if effect == Effect::Create {
        // A create picks no existing item: its id input (if any) is an
        // attribute, and a `[s]` input makes one record per value.
        plan.item = None;
        plan.batch = fields.iter().find(|f| matches!(f.ty.required(), Ty::OneOrMany(_)) && !f.ty.is_option()).map(|f| f.wire.clone());
    }
    plan.effect = Some(effect);
    plan.inputs = fields
        .iter()
        .filter(|f| !plan.is_control(&f.wire) && plan.batch.as_deref() != Some(&f.wire))
        .map(|f| (f.wire.clone(), attribute(&plan.resource, &f.wire)))
        .collect();
    plan
}

fn infer_effect(ep: &Endpoint, verb: Option<Effect>, plan: &Plan) -> Effect {
    // The operation's name and the endpoint's (an overlay may name an
    // endpoint `login` in a section called "Version 2 API").
    let name = format!("{} {}", ep.operation.to_lowercase(), ep.name.replace('_', " "));
    let gives_token = ep.response.fields.iter().any(is_access_token);
    if gives_token && (name.contains("log in") || name.contains("login") || name.contains("logging in") || name.contains("sign in")) {
        return Effect::Login;
    }
    if gives_token && (name.contains("regist") || name.contains("sign up") || name.contains("account")) {
        return Effect::Register;
    }
    if plan.since.is_some() || name.contains("changes") {
        return Effect::Feed;
    }
    match verb {
        Some(Effect::Read) if plan.item.is_some() || plan.id_type.is_none() => Effect::Read,
        Some(Effect::Read) => Effect::List,
        Some(named) => named,
        None => by_route(ep),
    }
}

/// A name without a verb ("Parcels API"): the method and path tell; a path
/// ending in a parameter names one item.
fn by_route(ep: &Endpoint) -> Effect {
    let on_item = ep.path.ends_with('}');
    match (ep.method, on_item) {
        (HttpMethod::Post, false) => Effect::Create,
        (HttpMethod::Get, false) => Effect::List,
        (HttpMethod::Get, true) => Effect::Read,
        (HttpMethod::Put | HttpMethod::Patch, true) => Effect::Update,
        (HttpMethod::Delete, true) => Effect::Delete,
        _ => Effect::Action,
    }
}

/// Whether a response field is an access token.
pub fn is_access_token(f: &Field) -> bool {
    let w = split_words(&f.wire);
    w.iter().any(|x| x == "token") && (w.iter().any(|x| x == "access") || f.prose.to_lowercase().contains("access"))
}

/// Whether a field pages through a listing: "cursor", "from" or a "next"
/// token, or a token newtype of the Terminology.
pub fn is_cursor(types: &Types, f: &Field) -> bool {
    let w = split_words(&f.wire);
    let named_token = matches!(f.ty.required(), Ty::Named(n) if types.space.tokens.iter().any(|t| &t.name == n));
    let worded = w.iter().any(|x| matches!(x.as_str(), "cursor" | "from" | "next" | "page" | "batch" | "pagination"))
        && !w.iter().any(|x| x == "id")
        && matches!(f.ty.required(), Ty::String | Ty::Named(_));
    (named_token || worded) && !is_access_token(f)
}

/// Whether field `f` holds an id of type `id` (directly).
pub fn names_id(f: &Field, id: &str) -> bool {
    matches!(f.ty.required(), Ty::Named(n) if n == id)
}

/// The id type of a resource: the one whose words say "{resource} id", else
/// the one named `{Resource}Id`.
fn id_type_of(types: &Types, resource: &str) -> Option<String> {
    let words = format!("{resource} id");
    let pascal: String = resource.split(' ').map(capitalise).collect::<String>() + "Id";
    let ids = &types.space.ids;
    ids.values().find(|i| i.words.iter().any(|w| w == &words)).or_else(|| ids.get(&pascal)).map(|i| i.name.clone())
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The resource a path names: its last literal segment, singular
/// (`/parcels/{id}/scans` → `scan`).
fn path_noun(path: &str) -> String {
    let seg = path.rsplit('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("item");
    let words = seg.replace(['-', '_'], " ");
    specgen::types::names::singular(&words.to_lowercase())
}

/// `parcel_id`, `parcelId`, `NewTitle` → lower-case words.
pub fn split_words(wire: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in wire.chars() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else if c.is_uppercase() && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur.extend(c.to_lowercase());
        } else {
            cur.extend(c.to_lowercase());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The attribute a field names, relative to the resource: "Notebook
/// title", "New title" and a list entry's "Title" on a notebook are all
/// `title`.
pub fn attribute(resource: &str, wire: &str) -> String {
    let noun: Vec<&str> = resource.split(' ').collect();
    let mut w = split_words(wire);
    if w.len() > noun.len() && w.iter().zip(&noun).all(|(a, b)| a == b) {
        w.drain(..noun.len());
    }
    while w.len() > 1 && matches!(w[0].as_str(), "new" | "current" | "updated") {
        w.remove(0);
    }
    w.join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_by_meaning() {
        assert_eq!(attribute("notebook", "notebook_title"), "title");
        assert_eq!(attribute("notebook", "new_title"), "title");
        assert_eq!(attribute("notebook", "title"), "title");
        assert_eq!(attribute("notebook", "notebookId"), "id");
        assert_eq!(attribute("room alias", "room_alias_target"), "target");
        assert_eq!(attribute("parcel", "parcel"), "parcel");
    }

    #[test]
    fn path_nouns_are_singular() {
        assert_eq!(path_noun("/parcels/{parcelId}/scans"), "scan");
        assert_eq!(path_noun("/parcels/{parcelId}"), "parcel");
    }
}
