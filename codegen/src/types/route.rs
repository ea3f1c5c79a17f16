//! Routes for endpoints the overlay does not bind: REST conventions from the
//! operation's verb and noun, with the ids among its inputs in the path
//! (`DELETE /notebooks/{notebookId}/notes/{noteId}`).
//!
//! Invariant: every `{param}` of a derived path is a request field that
//! travels in the path, and no other field does.

use super::names::path_segment;
use super::operation::{collection, Effect, Shape};
use super::{Field, IdTable, IdType, Location, Method, Ty};

/// A derived route: method, path (without the overlay's prefix), and the
/// request fields with their locations set.
pub struct Route {
    pub method: Method,
    pub path: String,
}

/// The id type a field carries, when it is one required id.
fn id_of<'a>(f: &Field, ids: &'a IdTable) -> Option<&'a IdType> {
    match &f.ty {
        Ty::Named(n) => ids.get(n),
        _ => None,
    }
}

/// Derives the route and moves id fields into the path (their wire name
/// becomes `{notebookId}`); other fields go to the query for reads and to the
/// body otherwise.
pub fn derive(shape: Option<&Shape>, fallback: &str, request: &mut [Field], ids: &IdTable) -> Route {
    let Some(shape) = shape else {
        // "what's gone off?" with "home id (in the url)": under its parents.
        let method = Method::Post;
        let mut path = String::new();
        let in_path = written_parents(request, ids, &[], &mut path);
        path.push_str(&format!("/{}", path_segment(fallback)));
        place(request, method, &in_path);
        return Route { method, path };
    };
    let method = shape.method();
    if let Some(path) = &shape.rpc_path {
        // An RPC method is its own path; everything else travels in the
        // query (reads) or the body.
        place(request, method, &[]);
        return Route { method, path: path.clone() };
    }
    let own = ids.of_noun(&shape.noun);
    let mut path = String::new();
    let mut in_path: Vec<usize> = Vec::new();
    // Parents first: the ids the prose lists before the resource's own id,
    // or, without one, the first id (`Recording a scan` of a parcel). Ids
    // after it are attributes (`Sharing a notebook` with a user).
    let own_at = own.and_then(|o| request.iter().position(|f| id_of(f, ids).is_some_and(|i| i.name == o.name)));
    for (i, f) in request.iter().enumerate() {
        let Some(id) = id_of(f, ids) else { continue };
        // A path segment is never left out: an optional id narrows in the
        // query ("A cook's id, to see only their recipes").
        if f.ty.is_option() && f.location != Location::Path {
            continue;
        }
        let parent = match own_at {
            Some(at) => i < at,
            None => in_path.is_empty(),
        };
        if !parent {
            continue;
        }
        let param = request[i].rust.clone();
        path.push_str(&format!("/{}/{{{param}}}", collection(&id.noun())));
        in_path.push(i);
    }
    // Fields the prose puts in the path ("Customer number: in the
    // address") that are no id: the item's key when the operation works on
    // one item and has no id of its own, else parents, named after their
    // words ("customer number" under `/customers/`).
    let collective = matches!(shape.effect, Effect::Create | Effect::List | Effect::Feed);
    let item_key = (!collective && own_at.is_none() && !shape.noun.is_empty())
        .then(|| (0..request.len()).rfind(|&i| request[i].location == Location::Path && !in_path.contains(&i)))
        .flatten();
    let taken: Vec<usize> = in_path.iter().copied().chain(own_at).chain(item_key).collect();
    in_path.extend(written_parents(request, ids, &taken, &mut path));
    match (shape.effect, own_at.or(item_key)) {
        // "Your feed", "log in", "sign up": a verb with no noun is its own
        // path.
        _ if shape.noun.is_empty() => path.push_str(&format!("/{}", path_segment(&shape.verb))),
        (Effect::Create | Effect::List | Effect::Feed, _) => path.push_str(&format!("/{}", shape.collection())),
        (_, Some(i)) => {
            let param = request[i].rust.clone();
            path.push_str(&format!("/{}/{{{param}}}", shape.collection()));
            in_path.push(i);
        }
        (_, None) => path.push_str(&format!("/{}", path_segment(&shape.noun))),
    }
    if shape.effect == Effect::Action && !shape.verb.is_empty() && !shape.noun.is_empty() {
        path.push_str(&format!("/{}", path_segment(&shape.verb)));
    }
    place(request, method, &in_path);
    Route { method, path }
}

/// Puts the fields the prose places in the path ("home id (in the url)"),
/// but those `taken`, under `path` as parents; their indexes.
fn written_parents(request: &[Field], ids: &IdTable, taken: &[usize], path: &mut String) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, f) in request.iter().enumerate().filter(|(i, f)| f.location == Location::Path && !taken.contains(i)) {
        path.push_str(&format!("/{}/{{{}}}", collection(&owner_of(f, ids)), f.rust));
        out.push(i);
    }
    out
}

/// The record a path field names: its id's noun, else its words.
fn owner_of(f: &Field, ids: &IdTable) -> String {
    match id_of(f, ids) {
        Some(id) => id.noun(),
        None => owner_noun(&f.rust),
    }
}

/// The record a key names: `customer_number` → "customer".
fn owner_noun(key: &str) -> String {
    let mut words: Vec<&str> = key.split('_').filter(|w| !w.is_empty()).collect();
    if words.len() > 1 && matches!(words.last(), Some(&("number" | "no" | "nr" | "code" | "ref" | "reference" | "key" | "slug" | "name"))) {
        words.pop();
    }
    words.join(" ")
}

fn place(request: &mut [Field], method: Method, in_path: &[usize]) {
    for (i, f) in request.iter_mut().enumerate() {
        if in_path.contains(&i) {
            f.location = Location::Path;
            f.wire = f.rust.clone();
        } else {
            f.location = if method.reads() { Location::Query } else { Location::Body };
        }
    }
}

/// A path with its parameters' names left out (`/rooms/{}/send`): two
/// paths of one shape are one route to a server.
pub fn placeless(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0i32;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                out.push_str("{}");
            }
            '}' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::names::NameRule;
    use crate::types::operation::shape;
    use crate::types::Rule;

    fn field(name: &str, ty: Ty) -> Field {
        Field {
            rust: name.into(),
            wire: name.into(),
            prose: String::new(),
            ty,
            location: Location::Body,
            rule: Rule::Text,
            naming: NameRule::NounPhrase,
            pos: Default::default(),
            from_overlay: false,
            constraints: Default::default(),
            presence: None,
        }
    }

    fn ids() -> IdTable {
        IdTable::new([
            IdType::inferred("NotebookId", "notebook id"),
            IdType::inferred("NoteId", "note id"),
            IdType::inferred("UserId", "user id"),
            IdType::inferred("BookId", "book id"),
        ])
    }

    fn route(op: &str, fields: &mut [Field]) -> (String, String) {
        let r = derive(shape(op).as_ref(), "x", fields, &ids());
        (r.method.to_string(), r.path)
    }

    #[test]
    fn rest_paths_from_verb_noun_and_ids() {
        let nb = || field("notebook_id", Ty::Named("NotebookId".into()));
        assert_eq!(route("Creating a notebook", &mut [field("title", Ty::String)]), ("POST".into(), "/notebooks".into()));
        assert_eq!(route("Listing notebooks", &mut [field("limit", Ty::U64)]), ("GET".into(), "/notebooks".into()));
        let mut f = [nb()];
        assert_eq!(route("Deleting a notebook", &mut f), ("DELETE".into(), "/notebooks/{notebook_id}".into()));
        assert_eq!((f[0].location, f[0].wire.as_str()), (Location::Path, "notebook_id"));
        let mut f = [nb(), field("note_id", Ty::Named("NoteId".into())), field("body", Ty::String)];
        assert_eq!(route("Updating a note", &mut f), ("PATCH".into(), "/notebooks/{notebook_id}/notes/{note_id}".into()));
        assert_eq!(f[2].location, Location::Body);
        let mut f = [nb(), field("title", Ty::String)];
        assert_eq!(route("Creating a note", &mut f), ("POST".into(), "/notebooks/{notebook_id}/notes".into()));
        let user = || field("user_id", Ty::Named("UserId".into()));
        let mut f = [nb(), user()];
        assert_eq!(route("Sharing a notebook", &mut f), ("POST".into(), "/notebooks/{notebook_id}/share".into()));
        assert_eq!(f[1].location, Location::Body);
        let mut f = [nb(), user()];
        assert_eq!(route("Creating a note", &mut f), ("POST".into(), "/notebooks/{notebook_id}/notes".into()));
        assert_eq!(f[1].location, Location::Body);
        let mut f = [field("book_id", Ty::Named("BookId".into()))];
        assert_eq!(route("Reserving a book", &mut f), ("POST".into(), "/books/{book_id}/reserve".into()));
        let mut f = [field("limit", Ty::U64)];
        route("Listing notebooks", &mut f);
        assert_eq!(f[0].location, Location::Query);
        // Keys the prose puts in the path.
        let in_path = |name: &str| Field { location: Location::Path, ..field(name, Ty::String) };
        let mut f = [in_path("customer_number"), field("include_ended", Ty::Bool)];
        assert_eq!(route("Listing a customer's policies", &mut f), ("GET".into(), "/customers/{customer_number}/policies".into()));
        assert_eq!(f[1].location, Location::Query);
        let mut f = [in_path("number")];
        assert_eq!(route("Reading a room", &mut f), ("GET".into(), "/rooms/{number}".into()));
    }
}
