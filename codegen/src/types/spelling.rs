//! Enum values as the spec's examples spell them. The prose names a choice
//! in words ("approval with conditions"); its HTTP example shows the wire
//! (`"approval_with_conditions"`). The example is the truth: the value it
//! shows becomes the variant's wire value, and the way it was written
//! (words joined by `_` or `-`, lower case) becomes the spelling of every
//! other value of the spec written in words, which no example shows.
//!
//! Invariant: a wire value changes only to a spelling an example shows or
//! one the examples' own spelling rule gives; values an example shows as
//! written stay, and a spec whose examples keep spaces keeps them all.

use super::{ApiTypes, StructDef, Ty};
use crate::model::Spec;
use serde_json::Value;

/// How the examples join the words of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Joiner {
    Underscore,
    Hyphen,
}

impl Joiner {
    fn spell(self, words: &str) -> String {
        let sep = match self {
            Joiner::Underscore => "_",
            Joiner::Hyphen => "-",
        };
        words.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(sep)
    }
}

/// Lower case, words joined by `_`: the one form every spelling shares.
fn plain(v: &str) -> String {
    v.to_lowercase().split([' ', '_', '-']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
}

/// Gives the enums of `apis` the spelling the examples of `spec` show.
pub fn apply(apis: &mut [ApiTypes], spec: &Spec) {
    let mut seen: Vec<(usize, String, String)> = Vec::new();
    for (a, api) in apis.iter().enumerate() {
        for ep in &api.endpoints {
            let Some(ex) = super::fit::operation_of(spec, ep).and_then(|op| op.http.as_ref()) else { continue };
            let mut walk = |v: &Value, s: &StructDef| values(v, s, api, &mut |e, val| seen.push((a, e.to_string(), val.to_string())));
            if let Some(b) = ex.request_body.as_ref() {
                walk(&b.value, &ep.request);
            }
            if let Some(b) = super::fit::success_body(ex) {
                walk(&b.value, &ep.response);
            }
        }
    }
    let mut joiner: Option<Joiner> = None;
    let mut spaced = false;
    for (a, name, value) in &seen {
        let Some(e) = apis[*a].enums.get_mut(name) else { continue };
        if e.variants.iter().any(|(_, w)| w == value) {
            spaced |= value.contains(' ');
            continue;
        }
        let Some(v) = e.variants.iter_mut().find(|(_, w)| plain(w) == plain(value)) else { continue };
        if v.1.contains(' ') {
            if value.contains('_') {
                joiner = Some(Joiner::Underscore);
            } else if value.contains('-') {
                joiner = Some(Joiner::Hyphen);
            }
        }
        v.1 = value.clone();
    }
    let Some(j) = joiner.filter(|_| !spaced) else { return };
    for e in apis.iter_mut().flat_map(|a| a.enums.values_mut()) {
        for (_, wire) in &mut e.variants {
            if wire.contains(' ') {
                *wire = j.spell(wire);
            }
        }
    }
}

/// Calls `found(enum, value)` for each string of `v` at a field of `s`
/// typed as one of the module's enums, nested structs and lists included.
fn values(v: &Value, s: &StructDef, api: &ApiTypes, found: &mut dyn FnMut(&str, &str)) {
    let Value::Object(map) = v else { return };
    for f in &s.fields {
        if let Some(x) = map.get(&f.wire) {
            at(x, &f.ty, api, found);
        }
    }
}

fn at(v: &Value, ty: &Ty, api: &ApiTypes, found: &mut dyn FnMut(&str, &str)) {
    match (ty, v) {
        (Ty::Option(t) | Ty::OneOrMany(t), _) => at(v, t, api, found),
        (Ty::Vec(t), Value::Array(xs)) => xs.iter().for_each(|x| at(x, t, api, found)),
        (Ty::Named(n), Value::String(s)) if api.enums.contains_key(n) => found(n, s),
        (Ty::Named(n), Value::Object(_)) => {
            if let Some(inner) = api.structs.get(n) {
                values(v, inner, api, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_share_a_plain_form() {
        assert_eq!(plain("approval with conditions"), plain("approval_with_conditions"));
        assert_eq!(plain("Fire protection"), plain("fire-protection"));
        assert_eq!(Joiner::Underscore.spell("Shell construction"), "shell_construction");
        assert_eq!(Joiner::Hyphen.spell("in examination"), "in-examination");
    }
}
