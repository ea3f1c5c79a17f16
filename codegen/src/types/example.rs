//! What an operation's HTTP example says about its endpoint: the method and
//! path (an example beats a derived route; the overlay beats both), the wire
//! names of path and query parameters and body keys, and the JSON shape of
//! values the prose left untyped.
//!
//! The spec's examples are its test, so a key the example writes and the
//! prose item that states the same fact are one field, never two: keys are
//! paired with fields by meaning ([`super::meaning`]: `centre_lat` and
//! "Centre latitude", `odometer_m` and "Odometer in metres"), best pairs
//! first, and a key left between two pairs takes the one field left between
//! them (drafts list a body's keys in the order of their items). The field
//! then travels under the key. A key no item states becomes a field of its
//! own, typed by its value (an object by a struct of its keys).

use super::meaning::{concepts, covers, similarity};
use super::names::{head, ident_safe, NameRule};
use super::{Constraints, DecimalRepr, Field, Float, IdTable, IdType, Int, Location, Rule, StructDef, TimeRepr, Ty};
use crate::model::http::{Body, HttpExample};
use crate::source::Pos;
use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

/// What example values teach beyond one endpoint: which id types travel as
/// numbers (`"id": 57`).
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// (id type, whether a value of it was a number), in the order met.
    pub id_values: Vec<(String, bool)>,
}

/// The context the examples are applied in: the spec's ids, the nested
/// structs of the endpoint (which an example's objects may fill or add
/// to), the prefix new nested types are named with.
pub struct Cx<'a> {
    pub ids: &'a IdTable,
    pub structs: &'a mut Vec<StructDef>,
    pub prefix: String,
    pub evidence: &'a mut Evidence,
    /// The resource the operation works on: a bare `id` key is its id.
    pub resource: Option<String>,
    /// Ids the examples' keys name that the spec had not met yet
    /// (`station_id` for "Station number").
    pub new_ids: Vec<IdType>,
}

impl Cx<'_> {
    /// The id type a key names (`station_id`, `stationId`, `id` of the
    /// resource), made when the spec has none yet.
    fn id_of_key(&mut self, key: &str) -> Option<Ty> {
        let words: Vec<String> = key.to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_string).collect();
        let (last, before) = words.split_last()?;
        if last != "id" {
            return None;
        }
        let noun = if before.is_empty() { self.resource.clone()? } else { before.join(" ") };
        let name = format!("{}Id", noun.to_upper_camel_case());
        if self.ids.get(&name).is_none() && !self.new_ids.iter().any(|i| i.name == name) {
            self.new_ids.push(IdType::inferred(&name, &format!("{noun} id")));
        }
        Some(Ty::Named(name))
    }
}

/// Applies an example's request facts to an endpoint's request fields and
/// returns the path to serve: the example's, with each literal id it shows
/// (`/applications/APP-2024-00017/reviews`) made the parameter it stands
/// for.
pub fn apply_request(ex: &HttpExample, fields: &mut Vec<Field>, cx: &mut Cx) -> String {
    let path = literal_ids(ex, fields, cx);
    let params: Vec<(String, Pos)> = ex.path_params.iter().map(|p| (p.name.clone(), p.pos)).collect();
    let keys: Vec<&str> = params.iter().map(|(n, _)| n.as_str()).collect();
    let at = pair(&keys, &[], fields, |f| f.location == Location::Path || is_id(f, cx.ids) || f.location == Location::Body);
    for ((name, pos), i) in params.iter().zip(at) {
        // `{photoId}`: a photo's id, made when the spec has none yet.
        let ty = match id_or(cx.ids, name, Ty::String) {
            Ty::String => cx.id_of_key(name).unwrap_or(Ty::String),
            known => known,
        };
        place(fields, i, name, Location::Path, *pos, ty, "a path parameter of the HTTP example", NameRule::Example);
    }
    let keys: Vec<&str> = ex.query.iter().map(|q| q.name.as_str()).collect();
    let values: Vec<Option<Value>> = ex.query.iter().map(|q| q.examples.first().map(|v| text_value(v))).collect();
    let values: Vec<Option<&Value>> = values.iter().map(Option::as_ref).collect();
    let at = pair(&keys, &values, fields, |f| f.location != Location::Path);
    for (q, i) in ex.query.iter().zip(at) {
        let value = q.examples.first().map(|v| scalar_text(v));
        let ty = Ty::Option(Box::new(value.clone().unwrap_or(Ty::String)));
        if let (Some(i), Some(v)) = (i, value) {
            let f = &mut fields[i];
            if weak(&f.rule) && !f.ty.required().eq(&v) {
                f.ty = if f.ty.is_option() { Ty::Option(Box::new(v)) } else { v };
                f.rule = Rule::Example;
            }
        }
        let doc = q.description.clone().unwrap_or_else(|| "a query parameter of the HTTP example".into());
        place(fields, i, &q.name, Location::Query, q.pos, ty, &doc, NameRule::Example);
    }
    if let Some(body) = &ex.request_body {
        apply_body(body, fields, cx, |f| f.location != Location::Path);
    }
    // A field the prose put in the path that the example's path does not
    // name travels in the query (reads) or the body.
    let placeholders: Vec<&str> = path.split('{').skip(1).filter_map(|p| p.split_once('}').map(|(n, _)| n)).collect();
    for f in fields.iter_mut().filter(|f| f.location == Location::Path && !placeholders.contains(&f.wire.as_str())) {
        f.location = if ex.method.reads() { Location::Query } else { Location::Body };
    }
    path
}

/// Applies the body of the example's success answer to the response fields.
pub fn apply_response(ex: &HttpExample, fields: &mut Vec<Field>, cx: &mut Cx) {
    let ok = ex.responses.iter().find(|r| r.status.is_none_or(|s| (200..300).contains(&s)));
    if let Some(body) = ok.and_then(|r| r.body.as_ref()) {
        apply_body(body, fields, cx, |_| true);
    }
}

/// For an endpoint the overlay binds: the example still spells the keys.
/// A prose field the example writes under another key ("Weight in grams"
/// shown as `weight`) takes that key, so the spec's own example is
/// accepted; nothing else changes (the overlay decides the route and the
/// types), and keys no field stands for are left to the examples check.
pub fn spell_keys(ex: &HttpExample, request: &mut [Field], response: &mut [Field]) {
    fn spell(keys: &[&str], values: &[Option<&Value>], fields: &mut [Field], location: Location) {
        let at = pair(keys, values, fields, |f| f.location == location && !f.from_overlay);
        for (key, i) in keys.iter().zip(at) {
            let Some(f) = i.map(|i| &mut fields[i]) else { continue };
            if f.naming != NameRule::Wire && f.wire != *key {
                f.wire = key.to_string();
                f.rust = ident_safe(key.to_snake_case());
                f.naming = NameRule::Example;
            }
        }
    }
    let keys: Vec<&str> = ex.query.iter().map(|q| q.name.as_str()).collect();
    spell(&keys, &[], request, Location::Query);
    let bodies = [
        (ex.request_body.as_ref(), true),
        (ex.responses.iter().find(|r| r.status.is_none_or(|s| (200..300).contains(&s))).and_then(|r| r.body.as_ref()), false),
    ];
    for (body, is_request) in bodies {
        let Some(body) = body else { continue };
        let Value::Object(map) = &body.value else { continue };
        let keys = written_order(body, "", map);
        let values: Vec<Option<&Value>> = keys.iter().map(|k| map.get(*k)).collect();
        let fields: &mut [Field] = if is_request { request } else { response };
        spell(&keys, &values, fields, Location::Body);
    }
}

/// Whether a rule only guessed the type (from the words of the name), so an
/// example's value may correct it.
fn weak(rule: &Rule) -> bool {
    matches!(
        rule,
        Rule::Text | Rule::TextDefault | Rule::Count | Rule::Content | Rule::Fallback | Rule::List | Rule::Measure | Rule::Example
    )
}

fn is_id(f: &Field, ids: &IdTable) -> bool {
    matches!(f.ty.required(), Ty::Named(n) if ids.get(n).is_some())
}

/// Path segments of the example that are literal ids (`SKU-00042`,
/// `1207`, `veh_8Jd2`) after a collection (`/skus/`): each becomes a
/// parameter named after the field it stands for (the id of that
/// collection's noun, or a field the prose puts in the path).
fn literal_ids(ex: &HttpExample, fields: &mut [Field], cx: &mut Cx) -> String {
    let segs: Vec<&str> = ex.path.split('/').collect();
    let mut out: Vec<String> = Vec::new();
    let mut used: Vec<usize> = Vec::new();
    for (k, seg) in segs.iter().enumerate() {
        let prev = if k > 0 { segs[k - 1] } else { "" };
        if !looks_like_id(seg) || prev.is_empty() || prev.starts_with('{') {
            out.push(seg.to_string());
            continue;
        }
        let noun = super::names::singular(&prev.replace(['-', '_'], " ").to_ascii_lowercase());
        let noun_concepts = concepts(&noun);
        // A field that names the collection's noun ("Ticket code" for
        // `/tickets/TK-9QF3`, "plot number" for `/plots/17`), an id or a
        // code of it first; else the one field the prose puts in the path.
        let scalar = |f: &Field| matches!(f.ty.required(), Ty::String | Ty::Int(_) | Ty::Named(_));
        let names_noun = |f: &Field| {
            let c = field_concepts(f);
            !noun_concepts.is_empty() && noun_concepts.iter().all(|n| c.contains(n))
        };
        let keyish = |f: &Field| {
            is_id(f, cx.ids) || field_concepts(f).iter().any(|c| matches!(c.as_str(), "id" | "code" | "number" | "slug" | "key"))
        };
        let best = fields
            .iter()
            .enumerate()
            .filter(|(i, f)| !used.contains(i) && scalar(f) && f.location != Location::Query)
            .filter_map(|(i, f)| match (names_noun(f), keyish(f), f.location == Location::Path) {
                (true, true, _) => Some((i, 3)),
                (true, false, _) => Some((i, 2)),
                (false, _, true) => Some((i, 1)),
                _ => None,
            })
            .max_by_key(|&(i, s)| (s, std::cmp::Reverse(i)));
        match best {
            Some((i, _)) => {
                used.push(i);
                let f = &mut fields[i];
                f.location = Location::Path;
                if let Ty::Named(n) = f.ty.required() {
                    cx.evidence.id_values.push((n.clone(), seg.bytes().all(|b| b.is_ascii_digit())));
                }
                out.push(format!("{{{}}}", f.wire));
            }
            None => out.push(seg.to_string()),
        }
    }
    out.join("/")
}

/// A path segment that is a value, not a name: it has a digit, and is no
/// version (`v2`) or plain word with a number (`oauth2`).
fn looks_like_id(seg: &str) -> bool {
    if seg.is_empty() || seg.starts_with('{') || !seg.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let version =
        seg.strip_prefix(['v', 'V']).is_some_and(|r| r.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())));
    let word_and_digits = seg.bytes().take_while(|b| b.is_ascii_lowercase()).count() >= 3
        && seg.trim_start_matches(|c: char| c.is_ascii_lowercase()).bytes().all(|b| b.is_ascii_digit())
        && !seg.contains(['-', '_']);
    !version && !word_and_digits
}

/// The concepts a field states: its wire name and the head of its prose.
fn field_concepts(f: &Field) -> Vec<String> {
    let mut c = concepts(&f.wire);
    for x in concepts(&head(&f.prose)) {
        if !c.contains(&x) {
            c.push(x);
        }
    }
    c
}

/// How well key `k` names field `f`: the better of its wire name and its
/// prose.
fn score(k: &[String], f: &Field) -> f64 {
    let wire = similarity(k, &concepts(&f.wire));
    let prose = similarity(k, &concepts(&head(&f.prose)));
    let both = similarity(k, &field_concepts(f));
    let s = wire.max(prose).max(both);
    // A key that says no more than the prose ("principal_investigator_id"
    // of "Applicant ID of the principal investigator") or the field's name
    // (`member` of `member_id`) is that fact.
    if covers(&concepts(&head(&f.prose)), k) || covers(&concepts(&f.wire), k) {
        s.max(0.6)
    } else {
        s
    }
}

/// Pairs each key with at most one eligible field and each field with at
/// most one key: exact wire names first, then the best-scoring pairs, then
/// by order between pairs.
pub fn pair(keys: &[&str], values: &[Option<&Value>], fields: &[Field], eligible: impl Fn(&Field) -> bool) -> Vec<Option<usize>> {
    let mut at: Vec<Option<usize>> = vec![None; keys.len()];
    let mut taken = vec![false; fields.len()];
    // The same wire name is the same field.
    for (k, key) in keys.iter().enumerate() {
        if let Some(i) =
            fields.iter().enumerate().position(|(i, f)| !taken[i] && eligible(f) && (f.wire == *key || f.rust == key.to_snake_case()))
        {
            at[k] = Some(i);
            taken[i] = true;
        }
    }
    // A field an example already spelled keeps its key: another key is
    // another fact (`avatar_url` of one entry is not `display_name` of the
    // next).
    let eligible = |f: &Field| eligible(f) && f.naming != NameRule::Example;
    let kc: Vec<Vec<String>> = keys.iter().map(|k| concepts(k)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (k, c) in kc.iter().enumerate().filter(|(k, _)| at[*k].is_none()) {
        for (i, f) in fields.iter().enumerate().filter(|(i, f)| !taken[*i] && eligible(f)) {
            let s = score(&expand_acronyms(c, f), f);
            if s >= 0.34 {
                pairs.push((s, k, i));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, k, i) in pairs {
        if at[k].is_none() && !taken[i] {
            at[k] = Some(i);
            taken[i] = true;
        }
    }
    // Between two pairs (or the ends), n keys left and n fields left are
    // the same facts written differently, in the same order; where more
    // fields are left, those whose type the keys' values fit.
    let eligible_idx: Vec<usize> = (0..fields.len()).filter(|&i| eligible(&fields[i])).collect();
    // A type only guessed from words takes any value.
    let fits = |k: usize, i: usize| {
        let f = &fields[i];
        matches!(f.rule, Rule::TextDefault | Rule::Fallback) || values.get(k).copied().flatten().is_none_or(|v| fits_shape(&f.ty, v))
    };
    let mut k = 0;
    while k < keys.len() {
        if at[k].is_some() {
            k += 1;
            continue;
        }
        let gap_end = (k..keys.len()).find(|&j| at[j].is_some()).unwrap_or(keys.len());
        let lo = (0..k).rev().find_map(|j| at[j]);
        let hi = (gap_end < keys.len()).then(|| at[gap_end]).flatten();
        let free: Vec<usize> =
            eligible_idx.iter().copied().filter(|&i| !taken[i] && lo.is_none_or(|l| i > l) && hi.is_none_or(|h| i < h)).collect();
        let n = gap_end - k;
        let typed: Vec<usize> = free.iter().copied().filter(|&i| (k..gap_end).any(|j| fits(j, i))).collect();
        let chosen = if n == free.len() {
            Some(free)
        } else if n == typed.len() {
            Some(typed)
        } else {
            None
        };
        if let Some(chosen) = chosen.filter(|c| n <= 4 && (k..gap_end).zip(c).all(|(j, &i)| fits(j, i))) {
            // Without a pair on either side, only values that fit vouch for it.
            if lo.is_some() || hi.is_some() || values.iter().any(Option::is_some) {
                for (j, &i) in chosen.iter().enumerate() {
                    at[k + j] = Some(i);
                    taken[i] = true;
                }
            }
        }
        k = gap_end;
    }
    at
}

/// An object's keys in the order the example writes them (the map sorts
/// them); a pointer into an array's entry uses the entry's own order.
fn written_order<'m>(body: &Body, pointer: &str, m: &'m serde_json::Map<String, Value>) -> Vec<&'m str> {
    match body.order.iter().find(|(p, _)| p == pointer) {
        Some((_, keys)) if keys.len() == m.len() => keys.iter().filter_map(|k| m.get_key_value(k).map(|(k, _)| k.as_str())).collect(),
        _ => m.keys().map(String::as_str).collect(),
    }
}

/// A query value's text as the JSON it stands for (`5`, `true`, `"x"`).
fn text_value(text: &str) -> Value {
    match scalar_text(text) {
        Ty::U64 | Ty::Int(_) | Ty::Float(_) | Ty::Bool => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())),
        _ => Value::String(text.to_string()),
    }
}

/// A key's short words that are the initials of the field's words (`pi`
/// for "principal investigator") stand for those words.
fn expand_acronyms(key: &[String], f: &Field) -> Vec<String> {
    let prose: Vec<String> = concepts(&f.prose);
    let mut out = Vec::new();
    for c in key {
        let short = (2..=4).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_lowercase()) && !prose.contains(c);
        let expanded = short
            .then(|| prose.windows(c.len()).find(|w| w.iter().zip(c.chars()).all(|(word, ch)| word.starts_with(ch))).map(|w| w.to_vec()));
        match expanded.flatten() {
            Some(words) => out.extend(words),
            None => out.push(c.clone()),
        }
    }
    out
}

/// The id type a wire name names (`parcel_id`, `parcelId` → `ParcelId`),
/// if the spec has it; else `other`.
fn id_or(ids: &IdTable, wire: &str, other: Ty) -> Ty {
    let name = wire.to_upper_camel_case();
    match ids.get(&name) {
        Some(i) if other == Ty::String || matches!(other, Ty::Int(_)) => Ty::Named(i.name.clone()),
        _ => other,
    }
}

fn apply_body(body: &Body, fields: &mut Vec<Field>, cx: &mut Cx, eligible: impl Fn(&Field) -> bool) {
    let Value::Object(map) = &body.value else { return };
    let keys = written_order(body, "", map);
    let values: Vec<Option<&Value>> = keys.iter().map(|k| map.get(*k)).collect();
    let at = pair(&keys, &values, fields, &eligible);
    for (key, i) in keys.iter().zip(at) {
        let value = &map[*key];
        let elided = body.elided.iter().any(|e| e.pointer == format!("/{key}"));
        match i {
            Some(i) => {
                place(fields, Some(i), key, Location::Body, body.pos, Ty::Json, "", NameRule::Example);
                reconcile(&mut fields[i], value, elided, body, &format!("/{key}"), cx);
                name_id(&mut fields[i], key, value, cx);
            }
            None => {
                let ty = shape_of(key, value, elided, body, &format!("/{key}"), cx);
                let ty = id_or(cx.ids, key, ty);
                let ty = if value.is_null() { Ty::Option(Box::new(ty)) } else { ty };
                place(fields, None, key, Location::Body, body.pos, ty, "a key of the HTTP example", NameRule::Example);
            }
        }
    }
}

/// Makes a field agree with the value the example gives it: a type only
/// guessed from words takes the value's shape, an id shown as a number
/// travels as one, a null makes the field optional, a decimal takes the
/// form the example writes it in, and a nested struct learns the keys its
/// objects show.
fn reconcile(f: &mut Field, value: &Value, elided: bool, body: &Body, pointer: &str, cx: &mut Cx) {
    if value.is_null() {
        if !f.ty.is_option() {
            f.ty = Ty::Option(Box::new(f.ty.clone()));
        }
        return;
    }
    let optional = f.ty.is_option();
    let wrap = |t: Ty| if optional { Ty::Option(Box::new(t)) } else { t };
    match (f.ty.required().clone(), value) {
        (Ty::Decimal(_), Value::Number(_)) => f.ty = wrap(Ty::Decimal(DecimalRepr::Number)),
        (Ty::Decimal(_), Value::String(_)) => f.ty = wrap(Ty::Decimal(DecimalRepr::Text)),
        (Ty::Named(n), v) if cx.ids.get(&n).is_some() => {
            cx.evidence.id_values.push((n.clone(), v.is_number()));
        }
        (Ty::Named(n), Value::Object(m)) => learn_struct(&n, m, body, pointer, cx),
        (Ty::Vec(inner), Value::Array(items)) => {
            if let Ty::Named(n) = inner.required() {
                if cx.ids.get(n).is_some() {
                    for v in items {
                        cx.evidence.id_values.push((n.clone(), v.is_number()));
                    }
                }
                for (k, v) in items.iter().enumerate() {
                    if let Value::Object(m) = v {
                        learn_struct(n, m, body, &format!("{pointer}/{k}"), cx);
                    }
                }
            } else if weak(&f.rule) && !items.is_empty() && !fits_shape(inner.required(), &items[0]) {
                f.ty = wrap(shape_of(&f.wire, value, elided, body, pointer, cx));
                f.rule = Rule::Example;
            }
        }
        (ty, v) if weak(&f.rule) && (matches!(f.rule, Rule::Fallback | Rule::TextDefault) || !fits_shape(&ty, v)) => {
            let shaped = shape_of(&f.wire, v, elided, body, pointer, cx);
            if !matches!(shaped, Ty::Json) || matches!(ty, Ty::Json) {
                // A key that names an id keeps its id type.
                f.ty = wrap(id_or(cx.ids, &f.wire, shaped));
                f.rule = Rule::Example;
            }
        }
        _ => {}
    }
}

/// A field the example calls `…_id` holds an id, though the prose only
/// said "Station number": it takes the id type the key names (its value
/// kept as evidence of the id's form).
fn name_id(f: &mut Field, key: &str, value: &Value, cx: &mut Cx) {
    let scalar = matches!(f.ty.required(), Ty::String | Ty::Int(_));
    if !scalar || !(weak(&f.rule) || matches!(f.rule, Rule::Written | Rule::TextDefault)) {
        return;
    }
    if let Some(ty) = cx.id_of_key(key) {
        if let Ty::Named(n) = &ty {
            if !value.is_null() {
                cx.evidence.id_values.push((n.clone(), value.is_number()));
            }
        }
        f.ty = if f.ty.is_option() { Ty::Option(Box::new(ty)) } else { ty };
        f.rule = Rule::Identifier;
    }
}

/// Whether a value has the JSON shape of a type (without resolving names).
fn fits_shape(ty: &Ty, v: &Value) -> bool {
    match (ty, v) {
        (Ty::Option(t), v) => v.is_null() || fits_shape(t, v),
        (Ty::Json, _) => true,
        (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Int(i), Value::Number(n)) => n.is_u64() || (n.is_i64() && !i.unsigned()),
        (Ty::Float(_) | Ty::Decimal(DecimalRepr::Number), Value::Number(_)) => true,
        (Ty::Decimal(_), Value::String(s)) => super::values::is_decimal(s),
        (Ty::String | Ty::Named(_) | Ty::Date, Value::String(_)) => true,
        (Ty::Time(TimeRepr::UnixSeconds | TimeRepr::UnixMillis), Value::Number(_)) => true,
        (Ty::Time(_), Value::String(_)) => true,
        (Ty::Vec(_) | Ty::OneOrMany(_), Value::Array(_)) => true,
        (Ty::OneOrMany(t), v) => fits_shape(t, v),
        (Ty::Map(_), Value::Object(_)) => true,
        (Ty::Named(_), Value::Object(_) | Value::Number(_)) => true,
        _ => false,
    }
}

/// Adds to struct `name` the keys an example object shows that it lacks,
/// and reconciles the ones it has.
fn learn_struct(name: &str, m: &serde_json::Map<String, Value>, body: &Body, pointer: &str, cx: &mut Cx) {
    let Some(at) = cx.structs.iter().position(|s| s.name == name) else { return };
    let mut fields = std::mem::take(&mut cx.structs[at].fields);
    // An object learned after others: keys they did not show are optional.
    let seen_before = fields.iter().any(|f| f.prose.starts_with("a key of"));
    let keys = written_order(body, pointer, m);
    let values: Vec<Option<&Value>> = keys.iter().map(|k| m.get(*k)).collect();
    let paired = pair(&keys, &values, &fields, |_| true);
    for (key, i) in keys.iter().zip(paired) {
        let value = &m[*key];
        let here = format!("{pointer}/{key}");
        let elided = body.elided.iter().any(|e| e.pointer == here);
        match i {
            Some(i) => {
                place(&mut fields, Some(i), key, Location::Body, body.pos, Ty::Json, "", NameRule::Example);
                reconcile(&mut fields[i], value, elided, body, &here, cx);
                name_id(&mut fields[i], key, value, cx);
            }
            None => {
                let ty = id_or(cx.ids, key, shape_of(key, value, elided, body, &here, cx));
                let ty = if value.is_null() || seen_before { Ty::Option(Box::new(ty)) } else { ty };
                place(&mut fields, None, key, Location::Body, body.pos, ty, "a key of the HTTP example", NameRule::Example);
            }
        }
    }
    // A key an earlier object of the example showed and this one leaves
    // out is optional (the prose said nothing of it).
    for f in fields.iter_mut().filter(|f| f.rule == Rule::Example && f.prose.starts_with("a key of") && !m.contains_key(&f.wire)) {
        if !f.ty.is_option() {
            f.ty = Ty::Option(Box::new(f.ty.clone()));
        }
    }
    if let Some(s) = cx.structs.iter_mut().find(|s| s.name == name) {
        s.fields = fields;
    }
}

/// Sets the wire name and location of the matched field, or adds a field.
/// A matched field's Rust name follows its wire name, so that the two never
/// tell different stories.
#[allow(clippy::too_many_arguments)]
fn place(fields: &mut Vec<Field>, at: Option<usize>, wire: &str, location: Location, pos: Pos, ty: Ty, doc: &str, naming: NameRule) {
    let rust_of = |w: &str| {
        let r = ident_safe(w.to_snake_case());
        if r.is_empty() {
            super::names::field_name(w)
        } else {
            r
        }
    };
    match at {
        Some(i) => {
            let f = &mut fields[i];
            if f.naming != NameRule::Wire {
                f.wire = wire.to_string();
                f.rust = rust_of(wire);
                f.naming = naming;
            }
            f.location = location;
        }
        None => {
            fields.push(Field {
                rust: rust_of(wire),
                wire: wire.to_string(),
                prose: doc.to_string(),
                ty,
                location,
                rule: Rule::Example,
                naming,
                pos,
                from_overlay: false,
                constraints: Constraints::default(),
                presence: None,
            });
        }
    }
}

/// The Rust type a JSON value of an example suggests; an object becomes a
/// nested struct of its keys (named after the key), a list of objects a
/// list of one struct whose keys some objects leave out are optional.
fn shape_of(key: &str, v: &Value, elided: bool, body: &Body, pointer: &str, cx: &mut Cx) -> Ty {
    match v {
        Value::Array(items) if items.iter().any(Value::is_object) => {
            let name = struct_name(cx, key, true);
            let mut s = StructDef { name: name.clone(), doc: format!("An entry of `{key}` in the HTTP example."), fields: Vec::new() };
            cx.structs.push(s.clone());
            let objects: Vec<&serde_json::Map<String, Value>> = items.iter().filter_map(Value::as_object).collect();
            for (k, m) in objects.iter().enumerate() {
                learn_struct(&name, m, body, &format!("{pointer}/{k}"), cx);
            }
            // Keys some entries leave out are optional.
            if let Some(at) = cx.structs.iter().position(|x| x.name == name) {
                s = cx.structs[at].clone();
                for f in &mut s.fields {
                    if !f.ty.is_option() && objects.iter().any(|m| !m.contains_key(&f.wire)) && !elided {
                        f.ty = Ty::Option(Box::new(f.ty.clone()));
                    }
                }
                cx.structs[at] = s;
            }
            Ty::Vec(Box::new(Ty::Named(name)))
        }
        Value::Object(m) if !m.is_empty() => {
            let name = struct_name(cx, key, false);
            cx.structs.push(StructDef { name: name.clone(), doc: format!("`{key}` in the HTTP example."), fields: Vec::new() });
            learn_struct(&name, m, body, pointer, cx);
            Ty::Named(name)
        }
        other => shape(other),
    }
}

/// A free name for a struct made from an example's key.
fn struct_name(cx: &Cx, key: &str, list: bool) -> String {
    let noun = if list { super::names::singular(&key.to_snake_case()) } else { key.to_snake_case() };
    let base = format!("{}{}", cx.prefix, noun.to_upper_camel_case());
    let taken = |n: &str| cx.structs.iter().any(|s| s.name == n);
    if !taken(&base) {
        return base;
    }
    (2..).map(|k| format!("{base}{k}")).find(|n| !taken(n)).expect("a free name")
}

/// The Rust type a scalar JSON value of an example suggests.
pub fn shape(v: &Value) -> Ty {
    match v {
        Value::Bool(_) => Ty::Bool,
        Value::Number(n) if n.is_u64() => Ty::U64,
        Value::Number(n) if n.is_i64() => Ty::Int(Int::I64),
        Value::Number(_) => Ty::Float(Float::F64),
        Value::String(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => Ty::Time(TimeRepr::Rfc3339),
        Value::String(s) if s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => Ty::Date,
        Value::String(_) => Ty::String,
        Value::Array(items) => match items.first() {
            // A list whose entries differ in shape (`["$id", {…}]`) holds any JSON.
            Some(first) if items.iter().all(|i| shape(i) == shape(first)) => Ty::Vec(Box::new(shape(first))),
            _ => Ty::Vec(Box::new(Ty::Json)),
        },
        Value::Object(_) | Value::Null => Ty::Json,
    }
}

/// The type a query example's text suggests (`5` → u64, `true` → bool).
fn scalar_text(text: &str) -> Ty {
    if text.parse::<u64>().is_ok() {
        Ty::U64
    } else if text.parse::<i64>().is_ok() {
        Ty::Int(super::Int::I64)
    } else if text.contains('.') && text.parse::<f64>().is_ok_and(f64::is_finite) && !text.starts_with('.') && !text.ends_with('.') {
        // "lat=50.8467": a number with a fraction, not "1.2.3".
        Ty::Float(super::Float::F64)
    } else if matches!(text, "true" | "false") {
        Ty::Bool
    } else {
        Ty::String
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(rust: &str, prose: &str, ty: Ty, rule: Rule) -> Field {
        Field {
            rust: rust.into(),
            wire: rust.into(),
            prose: prose.into(),
            ty,
            location: Location::Body,
            rule,
            naming: NameRule::NounPhrase,
            pos: Pos::default(),
            from_overlay: false,
            constraints: Constraints::default(),
            presence: None,
        }
    }

    #[test]
    fn keys_pair_with_the_items_that_state_them() {
        let fields = vec![
            field("centre_latitude", "Centre latitude", Ty::Float(Float::F64), Rule::Measure),
            field("odometer", "Odometer in metres", Ty::U64, Rule::Count),
            field("principal_investigator", "Applicant ID of the principal investigator", Ty::String, Rule::Text),
            field("delivery_address", "Delivery address", Ty::String, Rule::Text),
        ];
        let keys = ["odometer_m", "centre_lat", "principal_investigator_id", "address"];
        assert_eq!(pair(&keys, &[], &fields, |_| true), vec![Some(1), Some(0), Some(2), Some(3)]);
    }

    #[test]
    fn a_key_left_between_pairs_is_the_item_left_between_them() {
        let fields = vec![
            field("seeds", "what the seeds are", Ty::String, Rule::Text),
            field("num_seeds", "# of seeds", Ty::U64, Rule::Count),
            field("like_return", "what you'd like in return", Ty::String, Rule::Text),
        ];
        assert_eq!(pair(&["seeds", "count", "wanted"], &[], &fields, |_| true), vec![Some(0), Some(1), Some(2)]);
    }

    fn cx_parts() -> (Vec<StructDef>, Evidence) {
        (Vec::new(), Evidence::default())
    }

    #[test]
    fn bodies_give_wire_keys_and_shapes() {
        let mut fields =
            vec![field("recipient_name", "Recipient name", Ty::String, Rule::Text), field("weight", "Weight", Ty::Json, Rule::Fallback)];
        let body = Body {
            value: json!({"recipient": "Ada", "weight_grams": 1200, "tags": ["a"], "parcel_id": "p_1", "dims": {"w": 1}}),
            elided: vec![],
            order: vec![],
            pos: Pos::default(),
        };
        let (mut structs, mut evidence) = cx_parts();
        let ids = IdTable::new([IdType::inferred("ParcelId", "parcel id")]);
        let mut cx =
            Cx { ids: &ids, structs: &mut structs, prefix: "Book".into(), evidence: &mut evidence, resource: None, new_ids: vec![] };
        apply_body(&body, &mut fields, &mut cx, |_| true);
        assert_eq!((fields[0].wire.as_str(), fields[0].rust.as_str()), ("recipient", "recipient"));
        assert_eq!((fields[1].wire.as_str(), &fields[1].ty, &fields[1].rule), ("weight_grams", &Ty::U64, &Rule::Example));
        let by = |w: &str| fields.iter().find(|f| f.wire == w).unwrap().ty.to_string();
        assert_eq!(by("parcel_id"), "ParcelId");
        assert_eq!(by("tags"), "Vec<String>");
        assert_eq!(by("dims"), "BookDims");
        assert_eq!(structs[0].fields[0].wire, "w");
    }

    #[test]
    fn shapes_of_values() {
        assert_eq!(shape(&json!(-3)), Ty::Int(Int::I64));
        assert_eq!(shape(&json!(1.5)), Ty::Float(Float::F64));
        assert_eq!(shape(&json!("2024-05-02T14:03:11Z")), Ty::Time(TimeRepr::Rfc3339));
        assert_eq!(shape(&json!("2024-05-02")), Ty::Date);
        assert_eq!(shape(&json!([1, 2])), Ty::Vec(Box::new(Ty::U64)));
        assert!(looks_like_id("APP-2024-00017") && looks_like_id("1207") && looks_like_id("veh_8Jd2"));
        assert!(!looks_like_id("v2") && !looks_like_id("oauth2") && !looks_like_id("bins"));
    }
}
