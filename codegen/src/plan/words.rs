//! Field names as words, and what kind of field a name and type make: an
//! access token, a cursor, a feed position, an attribute of a resource.

use crate::types::{Field, Ty, TypeSpace};

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

/// Whether a field is an access token.
pub fn is_access_token(f: &Field) -> bool {
    let w = split_words(&f.wire);
    let prose = f.prose.to_lowercase();
    // "`token`: the thing you send as Bearer", `sessionToken`, `authToken`.
    let says = ["access", "bearer", "authorization", "auth header"].iter().any(|c| prose.contains(c));
    let named = w.iter().any(|x| matches!(x.as_str(), "access" | "auth" | "session"))
        || (w == ["token"] && !["page", "cursor", "next", "reset", "verif", "confirm"].iter().any(|c| prose.contains(c)));
    w.iter().any(|x| x == "token") && (named || says)
}

/// Whether a field pages through a listing: "cursor", "from" or a "next"
/// token, or a token newtype of the Terminology.
pub fn is_cursor(space: &TypeSpace, f: &Field) -> bool {
    let w = split_words(&f.wire);
    let named_token = matches!(f.ty.required(), Ty::Named(n) if space.tokens.iter().any(|t| &t.name == n));
    let worded = w.iter().any(|x| matches!(x.as_str(), "cursor" | "from" | "next" | "page" | "batch" | "pagination"))
        && !w.iter().any(|x| x == "id")
        && matches!(f.ty.required(), Ty::String | Ty::Named(_));
    (named_token || worded) && !is_access_token(f)
}

/// Whether a response field of a feed carries its next position: an output
/// that names a position, token or cursor and takes a string.
pub fn is_position(space: &TypeSpace, api: usize, f: &Field) -> bool {
    let w = split_words(&f.wire);
    (is_cursor(space, f) || w.iter().any(|x| matches!(x.as_str(), "position" | "token" | "since" | "next")))
        && !is_access_token(f)
        && takes_text(space, api, &f.ty)
}

/// Whether any string is a value of `ty` as API `api`'s module sees it
/// (the empty string stands for all: a closed enum takes only its values).
pub fn takes_text(space: &TypeSpace, api: usize, ty: &Ty) -> bool {
    match ty {
        Ty::String | Ty::Json => true,
        Ty::Option(t) | Ty::OneOrMany(t) => takes_text(space, api, t),
        Ty::Named(n) => {
            let module = space.apis.get(api);
            if module.is_some_and(|m| m.structs.contains_key(n)) || space.shared.contains_key(n) {
                return false;
            }
            match module.and_then(|m| m.enums.get(n)).or_else(|| space.shared_enums.get(n)) {
                Some(e) => e.open || e.variants.iter().any(|(_, w)| w.is_empty()),
                None => space.ids.contains_key(n) || space.tokens.iter().any(|t| &t.name == n),
            }
        }
        Ty::Bool | Ty::Int(_) | Ty::Float(_) | Ty::Vec(_) | Ty::Map(_) | Ty::Time(_) | Ty::Date | Ty::Decimal(_) => false,
    }
}

/// Whether field `f` holds an id of type `id` (directly).
pub fn names_id(f: &Field, id: &str) -> bool {
    matches!(f.ty.required(), Ty::Named(n) if n == id)
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
    fn words_split_at_case_and_separators() {
        assert_eq!(split_words("parcelId"), ["parcel", "id"]);
        assert_eq!(split_words("next_batch-token"), ["next", "batch", "token"]);
    }
}
