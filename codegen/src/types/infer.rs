//! Inference: from an item's prose to a field's name, type, presence and
//! bounds. What the prose writes out ([`super::annotation`]: "(int,
//! optional)", "(timestamp)", "(heat, cool, auto)", "max 200") is taken
//! first; the phrase rules of [`super::rules`] decide the rest. Every
//! decision records the rule that made it, so `specgen explain` can show it.

use super::annotation::{self, Notes, Place, Presence, Written};
use super::names::{self, field_name_rule, head, plural_name, singular, strip_leading, type_name, NameRule};
use super::rules::{
    closed_list, identifier, is_auth, is_bool, is_content, is_count, is_event, is_fractional, is_money, is_question, is_text, list_element,
    shared, singular_phrase, time_kind, token,
};
use super::{Constraints, DecimalRepr, EnumDef, Field, IdType, Int, Location, PresenceRule, Rule, StructDef, TimeRepr, Ty, Vocab};
use crate::model::Item;

/// Which side of an exchange an item is on: inputs may be the caller's
/// token, and some inputs are optional by nature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Input,
    Output,
}

/// What the rules decided for one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub name: String,
    pub naming: NameRule,
    pub ty: Ty,
    pub rule: Rule,
    /// Nested structs and enums the type refers to.
    pub structs: Vec<StructDef>,
    pub enums: Vec<EnumDef>,
    pub constraints: Constraints,
    pub presence: Option<PresenceRule>,
    /// Where the prose puts the input, when it says.
    pub place: Option<Place>,
    /// The wire key the item is written as, when it is.
    pub key: Option<String>,
}

/// A scalar type from a phrase, or `None`.
fn scalar(phrase: &str, full_text: &str, vocab: &Vocab, ids: &mut Vec<IdType>) -> Option<(Ty, Rule)> {
    if let Some((id, new)) = identifier(phrase, vocab) {
        ids.extend(new);
        return Some((Ty::Named(id), Rule::Identifier));
    }
    let tokens = &vocab.tokens;
    if let Some(t) = token(phrase, tokens, true).or_else(|| token(full_text, tokens, false)) {
        return Some((Ty::Named(t.name.clone()), Rule::Token));
    }
    if let Some(n) = shared(phrase, vocab) {
        return Some((Ty::Named(n), Rule::Shared));
    }
    if is_event(phrase) || is_content(phrase) {
        return Some((Ty::Json, Rule::Content));
    }
    if is_text(phrase) {
        return Some((Ty::String, Rule::Text));
    }
    None
}

/// Whether a quantity written as a plain "number" counts whole things
/// (pages, bytes, years, items): no word of the text says a fraction.
fn counts(phrase: &str, text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let fraction =
        ["float", "double", "real", "decimal", "fraction", "percent", "%", "rate", "ratio", "average"].iter().any(|w| lower.contains(w));
    let words: Vec<String> = phrase.to_ascii_lowercase().split(|c: char| !c.is_ascii_alphanumeric()).map(str::to_string).collect();
    const WHOLE: &[&str] = &[
        "page", "pages", "size", "count", "total", "years", "days", "weeks", "months", "hours", "minutes", "seconds", "bytes", "quantity",
        "age", "rank", "index", "year", "items", "copies", "seats", "nights", "persons", "people",
    ];
    !fraction && (words.iter().any(|w| WHOLE.contains(&w.as_str())) || words.first().is_some_and(|w| w == "number" || w == "num"))
}

/// The type a written type word gives. `phrase` names an id whose noun the
/// words leave open ("Call (ID)" → `CallId`).
fn written_type(w: &Written, phrase: &str, text: &str, notes: &Notes, vocab: &Vocab, ids: &mut Vec<IdType>) -> Ty {
    match w {
        Written::Int => {
            let non_negative = notes.minimum.as_ref().and_then(|m| m.as_f64()).is_some_and(|m| m >= 0.0);
            Ty::Int(if non_negative { Int::U64 } else { Int::I64 })
        }
        // "Page size (Number)", "Size in bytes (Number)": a number that
        // counts is whole, unless the words say a fraction.
        Written::Float if counts(phrase, text) => Ty::Int(Int::U64),
        Written::Float => Ty::Float(super::Float::F64),
        Written::Decimal => Ty::Decimal(DecimalRepr::Text),
        Written::Bool => Ty::Bool,
        Written::Text | Written::TimeOfDay => Ty::String,
        Written::Time(r) => Ty::Time(*r),
        Written::Date => Ty::Date,
        Written::Object | Written::Json => Ty::Json,
        Written::Map(inner) => Ty::Map(Box::new(written_type(inner, phrase, text, notes, vocab, ids))),
        Written::Id(noun) => {
            // The id a phrase names ("Applicant ID of the principal
            // investigator"), else the noun of the words, else the item's.
            // The id the description names ("…: Applicant ID of the principal
            // investigator"), else the words' noun, else the item's own.
            let desc = text.split_once(": ").map(|(_, d)| d);
            let named =
                desc.and_then(|d| identifier(d, vocab)).or_else(|| noun.as_ref().and_then(|n| identifier(&format!("{n} id"), vocab)));
            // "Employer ID (identifier)": the phrase already names the id.
            let own = singular_phrase(strip_leading(phrase));
            let named = named.or_else(|| identifier(&own, vocab)).or_else(|| identifier(&format!("{own} id"), vocab));
            match named {
                Some((id, new)) => {
                    ids.extend(new);
                    Ty::Named(id)
                }
                None => Ty::String,
            }
        }
        Written::List(inner) => {
            let elem_phrase = list_element(phrase).unwrap_or_else(|| singular_phrase(strip_leading(phrase)));
            Ty::Vec(Box::new(written_type(inner, &elem_phrase, &elem_phrase, notes, vocab, ids)))
        }
        Written::ListOf => {
            let elem = list_element(phrase).unwrap_or_else(|| singular_phrase(strip_leading(phrase)));
            Ty::Vec(Box::new(scalar(&elem, &elem, vocab, ids).map_or(Ty::String, |(t, _)| t)))
        }
    }
}

/// What a "… number" identifies rather than counts.
const IDENTIFYING: &[&str] = &[
    "phone",
    "telephone",
    "mobile",
    "fax",
    "card",
    "account",
    "tracking",
    "serial",
    "reference",
    "passport",
    "licence",
    "license",
    "insurance",
    "vat",
    "tax",
    "iban",
    "routing",
    "confirmation",
    "policy",
    "registration",
    "social",
    "security",
    "contact",
];

/// A tally of things: "Bikes available", "Free docks", "Seats left",
/// "Dock number" (a number that is no record's id is a whole number).
fn is_tally(h: &str) -> bool {
    let words: Vec<String> = strip_leading(h).split_whitespace().map(|w| w.to_ascii_lowercase()).collect();
    const STATES: &[&str] = &["available", "free", "left", "remaining", "used", "sold", "booked", "taken", "open", "empty", "occupied"];
    let plural = |w: &str| w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us");
    match words.as_slice() {
        [noun, state] if plural(noun) && STATES.contains(&state.as_str()) => true,
        [state, noun] if plural(noun) && STATES.contains(&state.as_str()) => true,
        // "Phone number", "Card number", "Tracking number" identify, and
        // are written with signs and leading zeros: text.
        [.., qualifier, last] if last == "number" && IDENTIFYING.contains(&qualifier.as_str()) => false,
        [.., last] if last == "number" && words.len() <= 3 => true,
        _ => false,
    }
}

/// A bare "id" names the record the operation works on ("id" of a
/// vehicle is a `VehicleId`).
fn own_id(h: &str, resource: Option<&str>, vocab: &Vocab, ids: &mut Vec<IdType>) -> Option<(Ty, Rule)> {
    let bare = strip_leading(h).trim().to_ascii_lowercase();
    if !matches!(bare.as_str(), "id" | "identifier" | "uuid") {
        return None;
    }
    let (id, new) = identifier(&format!("{} id", resource?), vocab)?;
    ids.extend(new);
    Some((Ty::Named(id), Rule::Identifier))
}

/// A record named by its number or code ("Station number" of a
/// spec with stations, "SKU code" of one with SKUs), or an item whose
/// description calls it some record's identifier ("Form tutor: The staff
/// identifier of the teacher …"): that record's id.
fn record_key(h: &str, text: &str, vocab: &Vocab, ids: &mut Vec<IdType>) -> Option<(Ty, Rule)> {
    let words: Vec<String> = strip_leading(h).split_whitespace().map(|w| w.to_ascii_lowercase()).collect();
    let keyword = |k: &str| matches!(k, "number" | "code" | "no" | "nr" | "reference" | "ref");
    let record = |n: &str| vocab.records.iter().any(|r| r == n) && !vocab.written_ids.iter().any(|r| r == n);
    let named = match words.as_slice() {
        [.., noun, key] if keyword(key) && record(noun) => Some(noun.clone()),
        // "the reference of the reservation", "number of the parcel".
        [key, of, rest @ ..] if keyword(key) && of == "of" => {
            rest.iter().rev().find(|w| !matches!(w.as_str(), "a" | "an" | "the")).filter(|n| rest.len() <= 2 && record(n)).cloned()
        }
        _ => None,
    };
    let found = match named {
        Some(noun) => identifier(&format!("{noun} id"), vocab),
        None => {
            let desc = text.split_once(": ").map(|(_, d)| d)?;
            let first = desc.split(['.', ';', ',']).next().unwrap_or("").to_ascii_lowercase();
            (first.contains("identifier") || first.contains(" id ") || first.ends_with(" id")).then(|| identifier(&first, vocab)).flatten()
        }
    };
    let (id, new) = found?;
    ids.extend(new);
    Some((Ty::Named(id), Rule::Identifier))
}

/// The id an item's key or words name ("customer_id", "Customer ID").
fn key_id(notes: &Notes, h: &str, text: &str, vocab: &Vocab, ids: &mut Vec<IdType>) -> Option<(Ty, Rule)> {
    let phrase = notes.key.as_deref().map(|k| k.replace('_', " ")).unwrap_or_else(|| h.to_string());
    // "acked_by (string) - user id from the token": the words after it.
    let desc = text.split_once(" - ").or_else(|| text.split_once(": ")).map(|(_, d)| d.split([',', ';', '.']).next().unwrap_or(""));
    let (id, new) = identifier(&phrase, vocab).or_else(|| desc.and_then(|d| identifier(d, vocab)))?;
    ids.extend(new);
    Some((Ty::Named(id), Rule::Identifier))
}

/// A list the prose writes as one of text or numbers whose name says it
/// holds some record's ids (`vehicle_ids (list of string)`, "Member IDs
/// (array of int)"): a list of that id.
fn list_of_ids(notes: &Notes, h: &str, vocab: &Vocab, ids: &mut Vec<IdType>) -> Option<(Ty, Rule)> {
    let Some(Written::List(inner)) = &notes.written else { return None };
    if !matches!(**inner, Written::Text | Written::Int) {
        return None;
    }
    let phrase = notes.key.as_deref().map(|k| k.replace('_', " ")).unwrap_or_else(|| h.to_string()).to_ascii_lowercase();
    let one = phrase.strip_suffix(" ids").map(|p| format!("{p} id"))?;
    let (id, new) = identifier(&one, vocab)?;
    ids.extend(new);
    Some((Ty::Vec(Box::new(Ty::Named(id))), Rule::Identifier))
}

/// Whether an item with sub-items is a list of them ("A list of rooms
/// with:", "The teachers, each with:", "plots, each with:") rather than one
/// object ("Opening hours", "Half-term break, given as:").
fn is_list_of_records(text: &str, name: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let h = head(text).to_ascii_lowercase();
    lower.contains("each with")
        || lower.contains("each one")
        || lower.contains("each of which")
        || lower.contains(", each")
        || lower.contains("a list")
        || lower.starts_with("list of")
        || lower.contains("for each")
        || lower.contains("0-n")
        || list_element(&h).is_some()
        || names::plural(&singular(name.rsplit('_').next().unwrap_or(name))) == name.rsplit('_').next().unwrap_or(name)
            && name.ends_with('s')
}

/// Applies the rules to one item. `prefix` names nested types (the endpoint's
/// Pascal name); ids the prose names for the first time go to `ids`.
pub fn infer(item: &Item, side: Side, vocab: &Vocab, prefix: &str, resource: Option<&str>, ids: &mut Vec<IdType>) -> Inferred {
    let mut notes = annotation::read(&item.text);
    if notes.key.is_none() {
        notes.key = annotation::literal_key(&item.text, &item.literals);
    }
    if notes.choices.is_none() {
        notes.choices = annotation::literal_choices(&item.text, &item.literals);
    }
    let (mut name, mut naming) = match &notes.key {
        Some(k) => (names::ident_safe(heck::ToSnakeCase::to_snake_case(k.as_str())), NameRule::Written),
        None if is_question(&item.text) => (names::question_name(&item.text), NameRule::Question),
        None => field_name_rule(&item.text),
    };
    // "who's got it (member id)", "which plot it's about": a clause names
    // no noun; the id it holds does.
    let wh = item.text.trim_start().to_ascii_lowercase();
    if ["who", "what", "which", "whose", "where"].iter().any(|w| wh.starts_with(&format!("{w} ")) || wh.starts_with(&format!("{w}'"))) {
        if let Some(Written::Id(Some(noun))) = &notes.written {
            name = names::ident_safe(format!("{}_id", noun.replace(' ', "_")));
            naming = NameRule::NounPhrase;
        }
    }
    let h = head(&item.text);
    let unit = notes.unit.as_deref();
    let mut structs = Vec::new();
    let mut enums = Vec::new();
    let auth = side == Side::Input && (is_auth(&item.text) || notes.location == Some(Place::Header));
    let (ty, rule) = if auth {
        (Ty::String, Rule::Auth)
    } else if !item.items.is_empty() {
        // "Opening hours (…), an object with:" is one record, whatever its
        // name's number.
        let lower = item.text.to_ascii_lowercase();
        let one = lower.contains("an object with") || lower.contains("a record with") || matches!(notes.written, Some(Written::Object));
        let list = !one && is_list_of_records(&item.text, &name) || matches!(notes.written, Some(Written::List(_) | Written::ListOf));
        let noun = singular(name.rsplit('_').next().unwrap_or("item"));
        let struct_name = format!("{prefix}{}", type_name(&noun));
        let fields = fields(&item.items, side, vocab, &struct_name, resource, &mut structs, &mut enums, ids);
        structs.push(StructDef { name: struct_name.clone(), doc: item.text.clone(), fields });
        if list {
            (Ty::Vec(Box::new(Ty::Named(struct_name))), Rule::NestedList)
        } else {
            (Ty::Named(struct_name), Rule::NestedObject)
        }
    } else if let Some((choices, open)) = notes
        .choices
        .clone()
        // "A whole number of units (tablets, capsules, vials)": the count
        // the prose writes, not the names of what it counts.
        .filter(|(c, _)| !matches!(notes.written, Some(Written::Int | Written::Float)) || c.iter().all(|v| v.parse::<f64>().is_ok()))
        .or_else(|| closed_list(&item.text).filter(|_| notes == Notes { key: notes.key.clone(), ..Notes::default() }))
    {
        // Named after what it holds: an application's status is an
        // `ApplicationStatus`, whichever operation says it first.
        let enum_name = match resource.map(|r| r.replace(' ', "_")) {
            Some(r) if !r.is_empty() && !name.starts_with(&r) => type_name(&format!("{r} {name}")),
            Some(r) if !r.is_empty() => type_name(&name),
            _ => format!("{prefix}{}", type_name(&name)),
        };
        // Wire values exactly as the prose writes them; Rust variants from them.
        let variants = choices.iter().map(|c| (type_name(c), c.trim().to_string())).collect();
        enums.push(EnumDef { name: enum_name.clone(), doc: item.text.clone(), variants, open });
        let one = Ty::Named(enum_name);
        let many = matches!(notes.written, Some(Written::List(_) | Written::ListOf)) || (item.batch && !open);
        let ty = if many { Ty::Vec(Box::new(one)) } else { one };
        (ty, if open { Rule::OpenEnum } else { Rule::ClosedEnum })
    } else if let (Some(Written::Text | Written::Int | Written::Float), Some(found)) = (
        &notes.written,
        own_id(&h, item.record.as_deref().or(resource), vocab, ids).or_else(|| key_id(&notes, &h, &item.text, vocab, ids)).or_else(|| {
            // "parcel no. (Text)": the number a parcel is known by.
            record_key(&h, "", vocab, ids).filter(|_| !matches!(notes.written, Some(Written::Float)))
        }),
    ) {
        // "id (string)", "customer_id (string)", "Bin ID (numeric)": an id,
        // whose examples say whether it travels as text or a number.
        found
    } else if let Some(found) = list_of_ids(&notes, &h, vocab, ids) {
        // "vehicle_ids (list of string)": ids travel as text, and these are
        // the vehicles'.
        found
    } else if let Some(found) = record_key(&h, &item.text, vocab, ids).filter(|_| notes.written.is_none()) {
        // "Station number" of a spec with stations and no "Station ID".
        found
    } else if let Some(w) = &notes.written {
        let ty = written_type(w, &h, &item.text, &notes, vocab, ids);
        // "(string)" on an amount with decimals stays text; "(number)" on a
        // money amount with two places is a decimal.
        let ty = if matches!(ty, Ty::Float(_)) && notes.decimals { Ty::Decimal(DecimalRepr::Number) } else { ty };
        (ty, Rule::Written)
    } else if is_question(&item.text) || is_bool(&h) || notes.says_bool {
        (Ty::Bool, Rule::Bool)
    } else if let Some(t) = token(strip_leading(&h), &vocab.tokens, true).filter(|_| !item.batch) {
        (Ty::Named(t.name.clone()), Rule::Token)
    } else if is_money(&h, notes.decimals, unit) {
        (Ty::Decimal(DecimalRepr::Text), Rule::Money)
    } else if notes.example.as_deref().is_some_and(|e| e.contains('.') && e.trim().parse::<f64>().is_ok())
        || is_fractional(&h)
        || unit == Some("degree")
    {
        (Ty::Float(super::Float::F64), Rule::Measure)
    } else if let Some(kind) = time_kind(&h, unit) {
        (if kind == Rule::Date { Ty::Date } else { Ty::Time(TimeRepr::Rfc3339) }, kind)
    } else if (is_count(&h) && notes.example.as_deref().is_none_or(|e| e.trim().parse::<f64>().is_ok()))
        || unit == Some("percent")
        || is_tally(&h)
        || (unit.is_some_and(|u| !matches!(u, "degree" | "percent")) && notes.minimum.is_some())
    {
        (Ty::U64, Rule::Count)
    } else if let Some(u) = unit.filter(|_| !is_content(&h)) {
        // "biggest power you expect, in watts": a quantity in a unit is a
        // number, whole where the unit is counted in whole steps.
        let whole = matches!(
            u,
            "watt" | "volt" | "byte" | "millisecond" | "second" | "minute" | "hour" | "day" | "week" | "month" | "year" | "cent" | "gram"
        );
        (if whole { Ty::U64 } else { Ty::Float(super::Float::F64) }, Rule::Measure)
    } else if is_content(&h) {
        let ty = if item.batch { Ty::OneOrMany(Box::new(Ty::Json)) } else { Ty::Json };
        (ty, if item.batch { Rule::Batch } else { Rule::Content })
    } else if item.batch {
        let (elem, _) = scalar(&singular_phrase(strip_leading(&h)), &item.text, vocab, ids).unwrap_or((Ty::Json, Rule::Fallback));
        let rule = if elem == Ty::Json { Rule::Fallback } else { Rule::Batch };
        (Ty::OneOrMany(Box::new(elem)), rule)
    } else if let Some(elem) = list_element(&h) {
        match scalar(&elem, &elem, vocab, ids) {
            Some((t, _)) => (Ty::Vec(Box::new(t)), Rule::List),
            None => (Ty::Vec(Box::new(Ty::Json)), Rule::Fallback),
        }
    } else if let Some(found) =
        own_id(&h, item.record.as_deref().or(resource), vocab, ids).or_else(|| record_key(&h, &item.text, vocab, ids))
    {
        found
    } else if let Some(found) = scalar(strip_leading(&h), &item.text, vocab, ids) {
        found
    } else if notes.minimum.is_some() || notes.maximum.is_some() {
        // "Year group (7 to 13)": a bounded value is a number.
        (Ty::Int(Int::I64), Rule::Count)
    } else if h.split_whitespace().count() <= 7 && list_element(&h).is_none() {
        // A short name no rule knows names text ("City", "Speciality").
        (Ty::String, Rule::TextDefault)
    } else {
        (Ty::Json, Rule::Fallback)
    };
    // Times keep the marker that says so: "Started at" → `started_at`.
    if matches!(rule, Rule::Time | Rule::Date) || matches!(ty, Ty::Time(_) | Ty::Date) {
        if let Some(suffix) = names::time_suffix(&h, &name) {
            name = suffix;
            naming = NameRule::TimeMarker;
        }
    }
    let presence = presence(item, side, &notes, &name, &ty, rule.clone());
    let optional = matches!(presence, Some(PresenceRule::Written(_) | PresenceRule::Default(_) | PresenceRule::Nature(_)));
    let ty = if optional && !ty.is_option() && rule != Rule::Auth { Ty::Option(Box::new(ty)) } else { ty };
    let constraints = constraints(&notes, &ty);
    Inferred { name, naming, ty, rule, structs, enums, constraints, presence, place: notes.location, key: notes.key }
}

/// Whether the item may be left out, and the rule that says so: the prose's
/// words first ("optional", "(not mandatory)", "missing while …", "if
/// you've got one", a default; "required" against all else), then for
/// inputs the shapes that are optional by nature.
fn presence(item: &Item, side: Side, notes: &Notes, name: &str, ty: &Ty, rule: Rule) -> Option<PresenceRule> {
    match &notes.presence {
        Some(Presence::Required(w)) => return Some(PresenceRule::Required(w.clone())),
        Some(Presence::Optional(w)) => return Some(PresenceRule::Written(w.clone())),
        None => {}
    }
    // A default lets a caller leave an input out; the answer carries the
    // value the default gave.
    if let Some(d) = notes.default_words.as_ref().filter(|_| side == Side::Input) {
        return Some(PresenceRule::Default(d.clone()));
    }
    if item.optional {
        return Some(PresenceRule::Written(item.text.clone()));
    }
    if side == Side::Output || rule == Rule::Auth {
        return None;
    }
    let lower = item.text.to_ascii_lowercase();
    let words: Vec<&str> = name.split('_').collect();
    let nature = if name == "limit"
        || words.first() == Some(&"max")
        || lower.starts_with("max number")
        || lower.starts_with("maximum number")
    {
        Some("a page limit")
    } else if words.iter().any(|w| matches!(*w, "cursor" | "continuation" | "pagination")) || name == "page_token" || name == "next_page" {
        Some("a cursor or page token")
    } else if lower.starts_with("which fields") || lower.starts_with("fields to return") || name == "fields" {
        Some("a field selector")
    } else if lower.starts_with("whether to ") && matches!(ty, Ty::Bool) {
        Some("a \"Whether to …\" flag")
    } else if words.iter().any(|w| matches!(*w, "timeout" | "wait")) && matches!(ty, Ty::Int(_)) {
        Some("a timeout")
    } else {
        None
    };
    nature.map(PresenceRule::Nature)
}

/// The bounds and default the notes state, for the types they fit: numeric
/// bounds on numbers, lengths on text.
fn constraints(notes: &Notes, ty: &Ty) -> Constraints {
    let numeric = matches!(ty.required(), Ty::Int(_) | Ty::Float(_) | Ty::Decimal(_));
    let text = matches!(ty.required(), Ty::String | Ty::Vec(_));
    // "name (string, max 80)", "positions (list, 1-500)": bounds on text or
    // a list count its characters or items.
    let len = |v: &Option<serde_json::Value>| v.as_ref().and_then(|v| v.as_u64());
    let (min_length, max_length) = match (notes.min_length, notes.max_length) {
        (None, None) => (len(&notes.minimum), len(&notes.maximum)),
        lengths => lengths,
    };
    let default = notes.default.clone().filter(|d| match ty.required() {
        Ty::Int(_) => d.is_i64() || d.is_u64(),
        Ty::Float(_) | Ty::Decimal(_) => d.is_number(),
        Ty::Bool => d.is_boolean(),
        Ty::String | Ty::Named(_) => d.is_string(),
        _ => false,
    });
    Constraints {
        minimum: notes.minimum.clone().filter(|_| numeric),
        maximum: notes.maximum.clone().filter(|_| numeric),
        min_length: min_length.filter(|_| text),
        max_length: max_length.filter(|_| text),
        default,
        pattern: None,
    }
}

/// Fields of a struct from a list of items (auth items left out), names made
/// unique together. `resource` is the operation's noun: a name that starts
/// with it drops it ("Notebook title" on a notebook → `title`), except ids.
#[allow(clippy::too_many_arguments)]
pub fn fields(
    items: &[Item],
    side: Side,
    vocab: &Vocab,
    prefix: &str,
    resource: Option<&str>,
    structs: &mut Vec<StructDef>,
    enums: &mut Vec<EnumDef>,
    ids: &mut Vec<IdType>,
) -> Vec<Field> {
    let inferred: Vec<(&Item, Inferred)> = items
        .iter()
        .map(|i| (i, infer(i, side, vocab, prefix, resource, ids)))
        .filter(|(_, inf)| inf.rule != Rule::Auth)
        .map(|(i, mut inf)| {
            name_for_type(&mut inf, resource);
            (i, inf)
        })
        .collect();
    let unique = names::unique(by_meaning(&inferred));
    inferred
        .into_iter()
        .zip(unique)
        .map(|((item, mut inf), rust)| {
            // A nested type named like one already made (two "rooms" lists)
            // is renamed, and the field's type with it.
            // An enum the same as one already made is that one; another of
            // the same name inside a nested struct (its reviewers' `state`
            // beside the change set's) is named after that struct.
            let taken = |n: &str| structs.iter().any(|o: &StructDef| o.name == n) || enums.iter().any(|o: &EnumDef| o.name == n);
            inf.enums.retain(|e| !enums.iter().any(|o| o.name == e.name && o.variants == e.variants && o.open == e.open));
            let mut renames: Vec<(String, String)> = Vec::new();
            for s in &mut inf.structs {
                if taken(&s.name) {
                    let new = (2..).map(|k| format!("{}{k}", s.name)).find(|n| !taken(n)).expect("a free name");
                    renames.push((std::mem::replace(&mut s.name, new.clone()), new));
                }
            }
            for e in &mut inf.enums {
                if taken(&e.name) {
                    let holder = inf.structs.iter().find_map(|s| {
                        s.fields
                            .iter()
                            .find(|f| f.ty.names().contains(&e.name.as_str()))
                            .map(|f| format!("{}{}", s.name, type_name(&f.rust.replace('_', " "))))
                    });
                    let base = holder.filter(|h| !taken(h)).unwrap_or_else(|| e.name.clone());
                    let new =
                        if taken(&base) { (2..).map(|k| format!("{base}{k}")).find(|n| !taken(n)).expect("a free name") } else { base };
                    renames.push((std::mem::replace(&mut e.name, new.clone()), new));
                }
            }
            for (old, new) in &renames {
                inf.ty = std::mem::replace(&mut inf.ty, Ty::Json).renamed(old, new);
                for f in inf.structs.iter_mut().flat_map(|s| s.fields.iter_mut()) {
                    f.ty = std::mem::replace(&mut f.ty, Ty::Json).renamed(old, new);
                }
            }
            structs.extend(inf.structs);
            enums.extend(inf.enums);
            let wire = match (&inf.naming, &inf.key) {
                (NameRule::Written, Some(k)) => k.clone(),
                // "Type" travels as `type`, though Rust calls it `type_`.
                _ => names::unkeyworded(&rust).to_string(),
            };
            let location = match inf.place {
                Some(Place::Path) => Location::Path,
                Some(Place::Query) => Location::Query,
                _ => Location::Body,
            };
            Field {
                wire,
                rust,
                prose: item.text.clone(),
                ty: inf.ty,
                location,
                rule: inf.rule,
                naming: inf.naming,
                pos: item.pos,
                from_overlay: false,
                constraints: inf.constraints,
                presence: inf.presence,
            }
        })
        .collect()
}

/// Names that two facts of one struct share are told apart by the words
/// their prose adds: "A score for feasibility" and "A score for value for
/// money" are `feasibility_score` and `value_for_money_score`, never
/// `score_2`. Left as they are when the words tell them no better.
fn by_meaning(inferred: &[(&Item, Inferred)]) -> Vec<String> {
    let mut names: Vec<String> = inferred.iter().map(|(_, inf)| inf.name.clone()).collect();
    for name in names.clone() {
        let same: Vec<usize> = (0..names.len()).filter(|&i| names[i] == name).collect();
        if same.len() < 2 || inferred.iter().any(|(_, inf)| inf.naming == NameRule::Written && inf.name == name) {
            continue;
        }
        let own: Vec<&str> = name.split('_').collect();
        let qualified: Vec<String> = same
            .iter()
            .map(|&i| {
                let h = head(&inferred[i].0.text).to_ascii_lowercase();
                let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !own.contains(w)).collect();
                let start = words.iter().position(|w| !names::is_function_word(w)).unwrap_or(words.len());
                let mut span: Vec<&str> = words[start..].iter().copied().take(3).collect();
                while span.last().is_some_and(|w| names::is_function_word(w)) {
                    span.pop();
                }
                // "From date" and "To date": the words that tell them apart
                // are the prepositions themselves.
                if span.is_empty() {
                    span = words.iter().copied().take(1).collect();
                }
                if span.is_empty() {
                    name.clone()
                } else {
                    names::ident_safe(format!("{}_{name}", span.join("_")))
                }
            })
            .collect();
        let distinct = qualified.iter().collect::<std::collections::BTreeSet<_>>().len() == qualified.len();
        if distinct {
            for (&i, q) in same.iter().zip(qualified) {
                names[i] = q;
            }
        }
    }
    names
}

/// Lists and batches get plural names; the resource's own noun is dropped
/// from a name that starts with it.
fn name_for_type(inf: &mut Inferred, resource: Option<&str>) {
    if inf.naming == NameRule::Written {
        return;
    }
    // "Call" typed as an ID is the `call_id`.
    let is_id = matches!(&inf.ty.required(), Ty::Named(n) if n.ends_with("Id")) && inf.rule != Rule::Token;
    // "Station number" as a station's id keeps its words, in the station
    // too: the number is what the author calls it.
    let keyed = is_id && ["_number", "_code", "_no", "_nr"].iter().any(|k| inf.name.ends_with(k));
    if keyed {
        return;
    }
    if is_id && !inf.name.ends_with("id") && !inf.name.ends_with("_ids") && inf.name.split('_').count() <= 2 {
        inf.name = format!("{}_id", inf.name.trim_end_matches('_'));
    }
    if let Some(r) = resource.map(|r| r.replace(' ', "_")) {
        if let Some(rest) = inf.name.strip_prefix(&format!("{r}_")) {
            if !matches!(rest, "id" | "ids") && !rest.is_empty() {
                inf.name = names::ident_safe(rest.to_string());
                inf.naming = NameRule::ResourceQualifier;
            }
        }
    }
    // "The application's new status": the status.
    if let Some(rest) = inf.name.strip_prefix("new_").filter(|r| !r.is_empty()) {
        inf.name = names::ident_safe(rest.to_string());
    }
    if matches!(inf.ty.required(), Ty::Vec(_) | Ty::OneOrMany(_)) && inf.naming != NameRule::ForEach {
        let p = plural_name(&inf.name);
        if p != inf.name {
            inf.name = p;
            inf.naming = NameRule::Plural;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Pos;
    use crate::types::rules::is_auth;
    use crate::types::TokenType;
    use std::sync::Arc;

    fn item(text: &str) -> Item {
        Item {
            text: text.into(),
            pos: Pos::default(),
            items: vec![],
            optional: crate::model::item::optional(text),
            batch: crate::model::item::batch(text),
            from: Arc::from("t"),
            literals: vec![],
            only_refers: false,
            record: None,
        }
    }

    fn tokens() -> Vec<TokenType> {
        ["Chunk token", "Filter token", "Pagination token"]
            .iter()
            .map(|t| TokenType { name: type_name(t), term: t.to_string(), definition: String::new() })
            .collect()
    }

    fn vocab() -> Vocab {
        let alias = IdType { words: vec!["room alias".into()], declared: true, ..IdType::inferred("RoomAlias", "room alias") };
        Vocab { tokens: tokens(), ids: vec![alias], shared: vec![], records: vec![], written_ids: vec![] }
    }

    fn ty(text: &str) -> (String, String, Rule) {
        let side = if is_auth(text) { Side::Input } else { Side::Output };
        let inf = infer(&item(text), side, &vocab(), "Op", None, &mut vec![]);
        (inf.name, inf.ty.rust(), inf.rule)
    }

    #[test]
    fn auth_inputs_are_not_fields() {
        assert_eq!(ty("User ID (for auth)").2, Rule::Auth);
        assert_eq!(ty("A way of identifying the user (e.g. access token, user ID, etc)").2, Rule::Auth);
        assert_eq!(ty("Auth key (e.g. access_token of user, of server admin, etc)").2, Rule::Auth);
        assert!(!is_auth("User ID"));
    }

    #[test]
    fn a_plain_number_that_counts_is_whole() {
        assert_eq!(ty("Size in bytes (Number)").1, "u64");
        assert_eq!(ty("Weight (Number)").1, "f64");
        assert_eq!(ty("Share of the total (Number, percent)").1, "f64");
    }

    #[test]
    fn whether_is_bool() {
        assert_eq!(ty("Whether you want federation-style event JSON"), ("federation_style_event_json".into(), "bool".into(), Rule::Bool));
        assert_eq!(ty("flag to say if the home server should do a backfill over federation").1, "bool");
        // A default makes it optional.
        assert_eq!(ty("Whether the full event should be returned, or a compact version (default=full)").1, "Option<bool>");
    }

    #[test]
    fn counts_are_u64() {
        for t in [
            "limit",
            "Max number of events to return",
            "Total number of rooms",
            "# users",
            "Limit for pagination",
            "Which 'page' of results this response represents",
        ] {
            assert_eq!(ty(t).1, "u64", "{t}");
        }
    }

    #[test]
    fn plurals_and_lists_are_vec() {
        assert_eq!(ty("Which room IDs"), ("room_ids".into(), "Vec<RoomId>".into(), Rule::List));
        assert_eq!(ty("Which event types (incl wildcards)").1, "Vec<String>");
        assert_eq!(ty("List of home servers to join via.").1, "Vec<String>");
        assert_eq!(ty("Requested events").1, "Vec<serde_json::Value>");
        assert_eq!(ty("A chunk of child events").1, "Vec<serde_json::Value>");
        assert_eq!(ty("Which keys to retrieve").1, "Vec<String>");
    }

    #[test]
    fn batch_markers_are_one_or_many() {
        assert_eq!(ty("Event type[s]"), ("event_types".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Note ID[s]"), ("note_ids".into(), "OneOrMany<NoteId>".into(), Rule::Batch));
        assert_eq!(ty("Tag[s]"), ("tags".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Note bod[ies]"), ("note_bodies".into(), "OneOrMany<String>".into(), Rule::Batch));
        assert_eq!(ty("Content[s]").1, "OneOrMany<serde_json::Value>");
        assert_eq!(ty("State key[s]").1, "OneOrMany<String>");
    }

    #[test]
    fn optional_items_are_option() {
        assert_eq!(ty("Action ID (optional)").1, "Option<ActionId>");
        assert_eq!(ty("Any existing pagination token, can be missing if this is the first hit.").1, "Option<PaginationToken>");
        assert_eq!(ty("Optional filter (which events to return)").1, "Option<FilterToken>");
    }

    #[test]
    fn closed_and_open_enums() {
        let inf = infer(
            &item("Presence state (online, offline, away, busy, do not disturb, etc)"),
            Side::Input,
            &vocab(),
            "SetPresence",
            None,
            &mut vec![],
        );
        assert_eq!(inf.rule, Rule::OpenEnum);
        let e = &inf.enums[0];
        assert_eq!(e.name, "SetPresencePresenceState");
        assert!(e.open);
        // Wire values exactly as the prose writes them.
        assert_eq!(e.variants[4], ("DoNotDisturb".to_string(), "do not disturb".to_string()));
        let inf = infer(
            &item("Whether to get results before / after / around (mid point) this event"),
            Side::Input,
            &vocab(),
            "Ctx",
            None,
            &mut vec![],
        );
        assert_eq!(inf.rule, Rule::ClosedEnum);
        assert_eq!(inf.enums[0].variants.len(), 3);
        assert!(!inf.enums[0].open);
        assert!(closed_list("A way of identifying the user (e.g. access token, user ID, etc)").is_none());
    }

    #[test]
    fn ids_of_any_noun_come_from_the_spec() {
        let mut ids = vec![];
        let inf = infer(&item("Notebook ID"), Side::Input, &vocab(), "Op", None, &mut ids);
        assert_eq!((inf.ty.rust(), inf.rule), ("NotebookId".to_string(), Rule::Identifier));
        assert_eq!(ids[0].name, "NotebookId");
        assert_eq!(ids[0].example, "notebook_1");
        assert_eq!(ty("User ID to share with").1, "UserId");
        assert_eq!(ty("Which notebook IDs").1, "Vec<NotebookId>");
        // "ID" alone, or an id of a number, names no id type.
        assert_eq!(ty("ID").1, "String");
        assert_eq!(ty("Room ID localpart").1, "String");
    }

    #[test]
    fn shared_types_are_named_by_their_nouns() {
        let mut v = vocab();
        v.shared.push(("Event".into(), vec!["event".into()]));
        let t = |text: &str| infer(&item(text), Side::Input, &v, "Op", None, &mut vec![]).ty.rust();
        assert_eq!(t("Requested events"), "Vec<Event>");
        assert_eq!(t("Invite event"), "Event");
        assert_eq!(t("Event type"), "String");
    }

    #[test]
    fn identifiers_and_tokens() {
        assert_eq!(ty("Room ID").1, "RoomId");
        assert_eq!(ty("Event ID to mark up to. This is inclusive of the event ID specified.").1, "EventId");
        assert_eq!(ty("Desired room alias localpart").1, "String");
        assert_eq!(ty("Room Alias").1, "RoomAlias");
        assert_eq!(ty("Room alias").1, "RoomAlias");
        assert_eq!(ty("Position in the stream (chunk token)").1, "ChunkToken");
        assert_eq!(ty("Filter to apply.").1, "FilterToken");
        assert_eq!(ty("A new chunk token for earlier child events.").1, "ChunkToken");
        assert_eq!(ty("An opaque token which represents the inputs, the \"filter token\".").1, "FilterToken");
    }

    #[test]
    fn content_text_and_fallback() {
        assert_eq!(ty("Message contents").1, "serde_json::Value");
        assert_eq!(ty("New value"), ("value".into(), "serde_json::Value".into(), Rule::Content));
        assert_eq!(ty("New display name"), ("display_name".into(), "String".into(), Rule::Text));
        assert_eq!(ty("Current room state at the end of the chunk as per initial sync.").2, Rule::Fallback);
    }

    #[test]
    fn nested_lists_make_structs() {
        let mut rooms = item("A list of rooms with:");
        rooms.items = vec![item("# users"), item("A set of 'publishable' room state events, presumably m.room.name")];
        let inf = infer(&rooms, Side::Input, &vocab(), "PublicRooms", None, &mut vec![]);
        assert_eq!((inf.name.as_str(), inf.ty.rust(), inf.rule.clone()), ("rooms", "Vec<PublicRoomsRoom>".into(), Rule::NestedList));
        let s = &inf.structs[0];
        assert_eq!(s.fields[0].ty, Ty::U64);
        assert_eq!(s.fields[1].ty.rust(), "Vec<serde_json::Value>");
    }
}
