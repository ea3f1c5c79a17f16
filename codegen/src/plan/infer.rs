//! One endpoint's plan. The effect from the operation's verb
//! ([`operation::shape`]), else from the method and path; the resource from
//! its noun, else from the path's last literal segment; the "X ID" inputs
//! that pick an item and its parents; the inputs that page, retry, wait or
//! batch. The overlay's `effect` and `resource` keys override the inference.

use super::words::{attribute, is_access_token, is_cursor, names_id, split_words};
use super::{Effect, EffectRule, Overlay, Plan, ResourceRule};
use crate::types::names::singular;
use crate::types::{Endpoint, Field, Location, Method, PathTemplate, Rule, Ty, TypeSpace};
use std::collections::HashMap;

/// The plan of an endpoint of `space`.
pub fn plan(space: &TypeSpace, ep: &Endpoint, overlay: Overlay) -> Plan {
    plan_with(space, &IdsByWords::new(space), ep, overlay)
}

/// The id types of a space by the phrases that name them ("notebook id"),
/// the first in name order for each: looked up once per endpoint, never by
/// a pass over every id (a spec of thousands of ids once took time
/// quadratic in their number).
pub struct IdsByWords<'s>(HashMap<&'s str, &'s str>);

impl<'s> IdsByWords<'s> {
    pub fn new(space: &'s TypeSpace) -> Self {
        let mut by = HashMap::new();
        for id in space.ids.values() {
            for w in &id.words {
                by.entry(w.as_str()).or_insert(id.name.as_str());
            }
        }
        IdsByWords(by)
    }
}

/// [`plan`], with the space's ids looked up in `ids`.
pub fn plan_with(space: &TypeSpace, ids: &IdsByWords, ep: &Endpoint, overlay: Overlay) -> Plan {
    let shape = ep.shape.clone();
    let (resource, resource_rule) = match (overlay.resource, &shape) {
        (Some(r), _) => (r.value.clone(), ResourceRule::Overlay { line: r.pos.line }),
        // "Check in" as `POST /bookings/{id}/check-in`: the booking's.
        (None, Some(s)) if s.noun.is_empty() && verb_segment(ep, &s.verb).is_some() => {
            (verb_segment(ep, &s.verb).unwrap_or_default(), ResourceRule::PathBeforeLast)
        }
        // "Update my profile" on `/members/me`: the caller's own member.
        (None, _) if ep.path.is_callers_own() => (path_noun(&ep.path), ResourceRule::PathBeforeLast),
        // "Borrow a book" as `POST /loans`, answering 201 Created with a
        // Loan ID: it makes a loan.
        (None, Some(s)) if !s.noun.is_empty() && made_in_collection(space, ep).is_some_and(|n| n != s.noun) => {
            (made_in_collection(space, ep).unwrap_or_default(), ResourceRule::AnswerId)
        }
        (None, Some(s)) if !s.noun.is_empty() => (s.noun.clone(), ResourceRule::Noun),
        // "sign up", "Your feed": the record the answer names by its ID.
        (None, Some(_)) => match answered_id(space, ep) {
            Some(noun) if !noun.is_empty() && noun != "id" => (noun, ResourceRule::AnswerId),
            Some(_) => (path_noun(&ep.path), ResourceRule::Path),
            None => (path_noun(&ep.path), ResourceRule::Path),
        },
        (None, None) => (path_noun(&ep.path), ResourceRule::Path),
    };
    let id_type = id_type_of(space, ids, &resource);
    let fields = &ep.request.fields;
    let find = |pred: &dyn Fn(&Field) -> bool| fields.iter().find(|f| pred(f)).map(|f| f.wire.clone());
    let words = |f: &Field| split_words(&f.wire);
    let item = id_type.as_ref().and_then(|id| fields.iter().find(|f| names_id(f, id)).map(|f| f.wire.clone()));
    // A request ID is a retry key, not the ID of a record of the spec.
    let record_id = |f: &Field| matches!(f.ty.required(), Ty::Named(n) if space.ids.contains_key(n) && ep.request.fields.iter().any(|g| g.location == Location::Path && g.wire == f.wire));
    let mut plan = Plan {
        effect: Effect::Action,
        effect_rule: EffectRule::Route,
        limit: find(&|f| {
            let w = words(f);
            matches!(f.ty.required(), Ty::Int(_))
                && !w.iter().any(|x| x == "timeout" || x == "wait")
                && (w.iter().any(|x| x == "limit" || x == "max")
                    || w == ["page", "size"]
                    || w == ["per", "page"]
                    || (f.rule == Rule::Count && f.prose.to_lowercase().contains("max")))
        }),
        // `from` beside a `to` is one end of a route or a range
        // (`?from=DUB&to=HOL`), no cursor.
        cursor: find(&|f| {
            let end_of_pair = split_words(&f.wire) == ["from"] && fields.iter().any(|g| split_words(&g.wire) == ["to"]);
            f.location != Location::Path && is_cursor(space, f) && !end_of_pair
        }),
        request_id: find(&|f| {
            let w = words(f);
            w.last().is_some_and(|l| l == "id" || l == "key")
                && w.iter().any(|x| matches!(x.as_str(), "request" | "action" | "transaction" | "txn" | "idempotency"))
                && !record_id(f)
        }),
        // A time "since" ("submitted at or after") narrows by a time; a
        // position is the server's own text or number.
        since: find(&|f| {
            !matches!(f.ty.required(), Ty::Time(_) | Ty::Date)
                && (words(f).iter().any(|w| w == "since") || split_words(&f.prose).iter().any(|w| w == "since"))
        }),
        timeout: find(&|f| words(f).iter().any(|w| w == "timeout" || w == "wait") && matches!(f.ty.required(), Ty::Int(_))),
        user: account_name(space, ep),
        password: find(&|f| words(f).iter().any(|w| w == "password")),
        parents: parents(space, fields, item.as_deref()),
        callers_own: item.is_none() && ep.path.is_callers_own(),
        item,
        id_type,
        resource,
        resource_rule,
        batch: None,
        inputs: Vec::new(),
        unique: Vec::new(),
        starts: None,
        unlisted: None,
        locks: Vec::new(),
        gone: None,
        moves: None,
        filters: Vec::new(),
        from_now: false,
        timeout_unit: Default::default(),
    };
    plan.timeout_unit = plan.timeout.as_ref().and_then(|w| fields.iter().find(|f| &f.wire == w)).map_or_else(Default::default, wait_unit);
    (plan.effect, plan.effect_rule) = match overlay.effect {
        Some((effect, line)) => (effect, EffectRule::Overlay { line }),
        None => {
            // "Cancel" on a record whose status can be `cancelled` keeps it.
            let moves_status = shape.as_ref().is_some_and(|s| super::moves::of(space, &s.verb, &plan.resource).is_some());
            infer_effect(ep, shape.map(|s| s.effect), &plan, moves_status)
        }
    };
    if plan.effect == Effect::Feed {
        // A feed's cursor is its position: the changes after it.
        if plan.since.is_none() {
            plan.since = plan.cursor.take();
        }
        // Else the input the answer gives back ("resumeToken ... from the
        // previous response").
        if plan.since.is_none() {
            let echoed = |f: &&Field| {
                f.location == Location::Query && !plan.is_control(&f.wire) && ep.response.fields.iter().any(|g| g.wire == f.wire)
            };
            plan.since = fields.iter().find(echoed).map(|f| f.wire.clone());
        }
        plan.from_now = plan.since.as_ref().and_then(|w| fields.iter().find(|f| &f.wire == w)).is_some_and(|f| starts_now(&f.prose));
    }
    if plan.effect == Effect::Create {
        // A create picks no existing item: its id input (if any) is an
        // attribute, and a `[s]` input makes one record per value.
        plan.item = None;
        plan.batch = fields.iter().find(|f| matches!(f.ty.required(), Ty::OneOrMany(_)) && !f.ty.is_option()).map(|f| f.wire.clone());
    }
    plan.inputs = fields
        .iter()
        .filter(|f| !plan.is_control(&f.wire) && plan.batch.as_deref() != Some(&f.wire))
        .map(|f| (f.wire.clone(), attribute(&plan.resource, &f.wire)))
        .collect();
    plan.unique = unique(ep, &plan);
    if plan.effect == Effect::Action && ep.method != Method::Get {
        plan.moves = ep.shape.as_ref().and_then(|s| super::moves::of(space, &s.verb, &plan.resource));
    }
    match plan.effect {
        Effect::Delete => plan.moves = super::moves::soft(space, ep, &plan.resource),
        Effect::Create => plan.starts = super::moves::start(space, ep, &plan.resource),
        Effect::List => plan.unlisted = super::moves::unlisted(space, ep, &plan.resource),
        _ => {}
    }
    if matches!(plan.effect, Effect::Read | Effect::Update | Effect::Action | Effect::Delete) {
        plan.gone = super::moves::gone(space, &plan.resource);
    }
    if matches!(plan.effect, Effect::Create | Effect::Update | Effect::Action | Effect::Delete) && ep.method != Method::Get {
        let id_of = |noun: &str| id_type_of(space, ids, noun);
        plan.locks = super::moves::locks(space, ep, (&plan.resource, plan.effect), &plan.parents, &id_of);
    }
    plan
}

/// The unit a timeout input counts in: seconds when its name or prose
/// says so ("timeoutSeconds", "(int, seconds)", "- seconds", "25 s"),
/// else milliseconds.
fn wait_unit(f: &Field) -> super::WaitUnit {
    let words = crate::types::lifecycle::words_of(&format!("{} {}", f.wire, f.prose));
    let says = |ws: &[&str]| words.iter().any(|w| ws.contains(&w.as_str()));
    if says(&["ms", "millis", "milliseconds", "millisecond", "msec"]) {
        super::WaitUnit::Millis
    } else if says(&["sec", "secs", "second", "seconds"])
        || words.windows(2).any(|p| p[1] == "s" && p[0].chars().all(|c| c.is_ascii_digit()))
    {
        super::WaitUnit::Seconds
    } else {
        super::WaitUnit::Millis
    }
}

/// Whether a position input's prose says a feed asked without it starts
/// at the present ("omit to start from now", "Leave it out to start at
/// \"now\" (no backlog)").
fn starts_now(prose: &str) -> bool {
    let w = crate::types::lifecycle::words_of(prose);
    let pair = |a: &str, b: &str| w.windows(2).any(|p| p[0] == a && p[1] == b);
    pair("from", "now") || pair("at", "now") || pair("no", "history") || pair("no", "backlog")
}

/// The input that names the account, for a sign-up or a log-in: the one
/// the spec's log-in also takes (an email both send), else a user name or
/// login handle, else an email or phone, else a bare "name".
fn account_name(space: &TypeSpace, ep: &Endpoint) -> Option<String> {
    use crate::types::operation::Effect as Verb;
    let text = |f: &&Field| f.ty.required() == &Ty::String && !split_words(&f.wire).iter().any(|w| w == "password");
    let fields: Vec<&Field> = ep.request.fields.iter().filter(text).collect();
    let logins = space.apis.iter().flat_map(|a| &a.endpoints).filter(|e| e.shape.as_ref().is_some_and(|s| s.effect == Verb::Login));
    let login_inputs: Vec<&str> = logins.flat_map(|e| e.request.fields.iter().map(|f| f.wire.as_str())).collect();
    let has = |f: &&&Field, ws: &[&str]| split_words(&f.wire.to_lowercase()).iter().any(|w| ws.contains(&w.as_str()));
    let by = |pred: &dyn Fn(&&&Field) -> bool| fields.iter().find(|f| pred(f)).map(|f| f.wire.clone());
    by(&|f| login_inputs.contains(&f.wire.as_str()) && !has(f, &["id", "token"]))
        .or_else(|| {
            by(&|f| {
                has(f, &["username", "login", "handle"]) || split_words(&f.wire.to_lowercase()).ends_with(&["user".into(), "name".into()])
            })
        })
        .or_else(|| by(&|f| has(f, &["email", "phone"])))
        .or_else(|| by(&|f| has(f, &["user", "name"])))
}

/// The inputs no two records may share: one a documented error says is
/// taken ("409 - VIN already registered", "slug taken", "the email is
/// already taken"), or whose prose says "unique" ("name (string, unique in
/// the home)"). Records are compared among siblings (the same parents), and
/// with an input a scope names ("version already exists for that model":
/// the same model too); a scope that names neither an input nor a parent
/// ("for one of the nights") is a rule this vocabulary cannot keep, so the
/// input is not made unique.
fn unique(ep: &Endpoint, plan: &Plan) -> Vec<super::Unique> {
    const TAKEN: [&str; 8] = ["already", "taken", "exists", "registered", "used", "on", "in", "duplicate"];
    let inputs: Vec<&Field> = ep.request.fields.iter().filter(|f| f.location == Location::Body && !plan.is_control(&f.wire)).collect();
    let words_of = |f: &Field| {
        let head: String = f.prose.split(['(', ':', ',']).next().unwrap_or("").to_lowercase();
        [split_words(&f.wire.to_lowercase()), split_words(&head)]
    };
    let mut out: Vec<super::Unique> = Vec::new();
    for d in ep.documented.iter().filter(|d| crate::types::documented::says_taken(d)) {
        let said: Vec<String> =
            d.says.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect();
        // The input whose words stand right before the words of being taken.
        let found = inputs.iter().find_map(|f| {
            words_of(f).into_iter().filter(|ws| !ws.is_empty()).find_map(|ws| {
                let at = said.windows(ws.len()).position(|w| w == ws.as_slice())?;
                let mut next = at + ws.len();
                while said.get(next).is_some_and(|w| matches!(w.as_str(), "is" | "was" | "has" | "been")) {
                    next += 1;
                }
                said.get(next).filter(|w| TAKEN.contains(&w.as_str())).map(|_| (*f, next))
            })
        });
        let Some((f, taken_at)) = found else { continue };
        let Some(scope) = scope_of(&said[taken_at..], &inputs, f, plan) else { continue };
        out.push(unique_of(plan, f, scope, d.status, &d.says, d.code.clone()));
    }
    for f in inputs.iter().filter(|f| split_words(&f.prose.to_lowercase()).iter().any(|w| w == "unique")) {
        if out.iter().any(|u| u.wire == f.wire) {
            continue;
        }
        let lower = f.prose.to_lowercase();
        let after: Vec<String> = lower[lower.find("unique").unwrap_or(0)..]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let scope = scope_of(&after, &inputs, f, plan).unwrap_or_default();
        out.push(unique_of(plan, f, scope, 409, f.prose.trim(), None));
    }
    out
}

fn unique_of(plan: &Plan, f: &Field, scope: Vec<String>, status: u16, says: &str, code: Option<String>) -> super::Unique {
    super::Unique { wire: f.wire.clone(), attribute: attribute(&plan.resource, &f.wire), scope, status, says: says.to_string(), code }
}

/// The inputs a scope phrase after the words of being taken names ("for
/// that model": `model`): none when there is no phrase or it names a
/// parent or the resource; `None` when it names something else.
fn scope_of(rest: &[String], inputs: &[&Field], f: &Field, plan: &Plan) -> Option<Vec<String>> {
    let cue = rest.iter().position(|w| matches!(w.as_str(), "for" | "per" | "within" | "in" | "on" | "under"));
    let Some(cue) = cue else { return Some(Vec::new()) };
    let named: Vec<&String> = rest[cue + 1..]
        .iter()
        .filter(|w| !matches!(w.as_str(), "the" | "that" | "this" | "a" | "an" | "same" | "one" | "of" | "each"))
        .collect();
    let Some(noun) = named.first() else { return Some(Vec::new()) };
    let noun = crate::types::names::singular(noun);
    if let Some(g) = inputs.iter().find(|g| g.wire != f.wire && split_words(&g.wire.to_lowercase()).last() == Some(&noun)) {
        return Some(vec![g.wire.clone()]);
    }
    let parent = plan.parents.iter().any(|(w, id)| split_words(&w.to_lowercase()).contains(&noun) || id.to_lowercase().starts_with(&noun));
    let owner_or_self = matches!(noun.as_str(), "owner" | "user" | "account" | "tenant") || plan.resource.split(' ').any(|w| w == noun);
    (parent || owner_or_self).then(Vec::new)
}

/// The noun of the first id the answer holds ("Member ID" → member).
/// The answer's own id, else the id of the entries of a list it gives
/// ("Your feed": recipes, each with its id).
fn answered_id(space: &TypeSpace, ep: &Endpoint) -> Option<String> {
    let id_noun = |fields: &[Field]| {
        fields.iter().find_map(|f| match f.ty.required() {
            Ty::Named(n) => space.ids.get(n).and_then(|id| id.words.first()).map(|w| w.trim_end_matches(" id").to_string()),
            _ => None,
        })
    };
    id_noun(&ep.response.fields).or_else(|| {
        ep.response.fields.iter().find_map(|f| match f.ty.required() {
            Ty::Vec(inner) => match inner.as_ref() {
                Ty::Named(s) => space.apis.iter().find_map(|a| a.structs.get(s)).and_then(|s| id_noun(&s.fields)),
                _ => None,
            },
            _ => None,
        })
    })
}

/// The record a path acts on when it ends in the operation's verb
/// (`/bookings/{bookingId}/check-in` for "Check in", `/loans/{id}/approve`
/// for "Approve"): the collection before the item's parameter, singular.
fn verb_segment(ep: &Endpoint, verb: &str) -> Option<String> {
    use crate::types::path::Segment;
    let segs = ep.path.segments();
    let [.., Segment::Literal(collection), Segment::Param(_), Segment::Literal(last)] = segs else { return None };
    let said = last.replace(['-', '_'], " ").to_ascii_lowercase();
    (!verb.is_empty() && said == verb && !collection.starts_with('{'))
        .then(|| singular(&collection.replace(['-', '_'], " ").to_lowercase()))
}

/// The path inputs other than the item that hold an id: (wire, id type).
fn parents(space: &TypeSpace, fields: &[Field], item: Option<&str>) -> Vec<(String, String)> {
    fields
        .iter()
        .filter(|f| f.location == Location::Path && Some(f.wire.as_str()) != item)
        .filter_map(|f| match f.ty.required() {
            Ty::Named(n) if space.ids.contains_key(n) => Some((f.wire.clone(), n.clone())),
            _ => None,
        })
        .collect()
}

fn infer_effect(ep: &Endpoint, verb: Option<Effect>, plan: &Plan, moves_status: bool) -> (Effect, EffectRule) {
    // The operation's name and the endpoint's (an overlay may name an
    // endpoint `login` in a section called "Version 2 API").
    let name = format!("{} {}", ep.operation.to_lowercase(), ep.name.replace('_', " "));
    let gives_token = ep.response.fields.iter().any(is_access_token);
    if gives_token && (name.contains("log in") || name.contains("login") || name.contains("logging in") || name.contains("sign in")) {
        return (Effect::Login, EffectRule::LogsIn);
    }
    if gives_token && (name.contains("regist") || name.contains("sign up") || name.contains("account")) {
        return (Effect::Register, EffectRule::Registers);
    }
    if let Some(e @ (Effect::Login | Effect::Register)) = verb {
        return (e, EffectRule::Verb);
    }
    if let Some(since) = &plan.since {
        return (Effect::Feed, EffectRule::SinceInput(since.clone()));
    }
    // A cursor and a wait: the changes after it, whatever the verb says.
    if let (Some(cursor), Some(_)) = (&plan.cursor, &plan.timeout) {
        return (Effect::Feed, EffectRule::SinceInput(cursor.clone()));
    }
    if name.contains("changes") {
        return (Effect::Feed, EffectRule::ChangesName);
    }
    let answers_own_id = plan.id_type.as_deref().is_some_and(|id| ep.response.fields.iter().any(|f| names_id(f, id)));
    if verb == Some(Effect::Action) && plan.resource_rule == ResourceRule::AnswerId && made_in_collection_of(ep, &plan.resource) {
        return (Effect::Create, EffectRule::Created);
    }
    match verb {
        Some(Effect::Read) if plan.item.is_some() || plan.id_type.is_none() => (Effect::Read, EffectRule::Verb),
        Some(Effect::Read) => (Effect::List, EffectRule::ReadsNoItem),
        // "Submitting an application" given its ID (in the path or query)
        // acts on one that exists; a create sent its own code in the body
        // ("Create a SKU" with "SKU code") still makes it.
        Some(Effect::Create) if picks_in_route(ep, plan) => (Effect::Action, EffectRule::OnExisting),
        Some(Effect::Create | Effect::Update) if ep.shape.as_ref().is_some_and(|s| verb_segment(ep, &s.verb).is_some()) => {
            (Effect::Action, EffectRule::OnExisting)
        }
        // "Setting a reminder" that answers the reminder's new ID makes one.
        Some(Effect::Update) if plan.item.is_none() && answers_own_id && !ep.path.is_callers_own() => {
            (Effect::Create, EffectRule::MakesNew)
        }
        // "Cancel a booking" as `DELETE /bookings/{id}`: the method says
        // what becomes of it, unless the verb names a status it moves to.
        Some(Effect::Action) if ep.method == Method::Delete && ep.path.on_item() && !moves_status => (Effect::Delete, EffectRule::Route),
        Some(named) => (named, EffectRule::Verb),
        None => (by_route(ep), EffectRule::Route),
    }
}

/// Whether the input that picks the item travels in the path or query.
fn picks_in_route(ep: &Endpoint, plan: &Plan) -> bool {
    plan.item.as_deref().is_some_and(|w| ep.request.fields.iter().any(|f| f.wire == w && f.location != Location::Body))
}

/// A name without a verb ("Parcels API"): the method and path tell; a path
/// ending in a parameter names one item.
pub fn by_route(ep: &Endpoint) -> Effect {
    match (ep.method, ep.path.on_item() || ep.path.is_callers_own()) {
        (Method::Post, false) => Effect::Create,
        (Method::Get, false) => Effect::List,
        (Method::Get, true) => Effect::Read,
        (Method::Put | Method::Patch, true) => Effect::Update,
        (Method::Delete, true) => Effect::Delete,
        _ => Effect::Action,
    }
}

/// The id type of a resource: the one whose words say "{resource} id", else
/// the one named `{Resource}Id`.
fn id_type_of(space: &TypeSpace, ids: &IdsByWords, resource: &str) -> Option<String> {
    let words = format!("{resource} id");
    let pascal: String = resource.split(' ').map(capitalise).collect::<String>() + "Id";
    let exact = ids.0.get(words.as_str()).map(|n| n.to_string()).or_else(|| space.ids.get(&pascal).map(|i| i.name.clone()));
    // "observation request" identified by a "Request identifier".
    let last = resource.rsplit(' ').next().filter(|l| *l != resource).map(|l| format!("{l} id"));
    exact.or_else(|| last.and_then(|l| ids.0.get(l.as_str()).map(|n| n.to_string())))
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The resource a path names: its last literal segment, singular
/// (`/parcels/{id}/scans` → `scan`).
/// The record a `POST` on a collection makes when it answers 201 Created
/// with the ID of the collection's records (`POST /loans` answering a Loan
/// ID makes a loan), whatever its verb.
fn made_in_collection(space: &TypeSpace, ep: &Endpoint) -> Option<String> {
    let noun = answered_id(space, ep)?;
    made_in_collection_of(ep, &noun).then_some(noun)
}

fn made_in_collection_of(ep: &Endpoint, noun: &str) -> bool {
    ep.method == Method::Post && ep.success == 201 && !ep.path.on_item() && path_noun(&ep.path) == noun
}

fn path_noun(path: &PathTemplate) -> String {
    let seg = path.record_literal().unwrap_or("item");
    let words = seg.replace(['-', '_'], " ");
    singular(&words.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(wire: &str, prose: &str) -> Field {
        Field {
            rust: wire.into(),
            wire: wire.into(),
            prose: prose.into(),
            ty: Ty::Int(crate::types::Int::I64),
            location: Location::Query,
            rule: crate::types::Rule::Text,
            naming: crate::types::names::NameRule::NounPhrase,
            pos: Default::default(),
            from_overlay: false,
            constraints: Default::default(),
            presence: None,
        }
    }

    #[test]
    fn a_timeout_counts_what_its_name_or_prose_says() {
        use super::super::WaitUnit::{Millis, Seconds};
        assert_eq!(wait_unit(&input("timeoutSeconds", "")), Seconds);
        assert_eq!(wait_unit(&input("timeout", "timeout (int, seconds, optional, default 25, max 60)")), Seconds);
        assert_eq!(wait_unit(&input("wait", "wait (int, query, 0-60, optional, default 25) - seconds")), Seconds);
        assert_eq!(wait_unit(&input("timeout", "The maximum time to wait, in milliseconds")), Millis);
        assert_eq!(wait_unit(&input("timeout_ms", "")), Millis);
        assert_eq!(wait_unit(&input("wait", "up to 25 s")), Seconds);
        assert_eq!(wait_unit(&input("timeout", "How long to wait")), Millis, "unsaid: milliseconds");
        assert_eq!(wait_unit(&input("timeout", "Keep it below the client's timeout")), Millis, "a possessive is no unit");
    }

    #[test]
    fn a_feed_starts_now_only_where_its_prose_says_so() {
        assert!(starts_now("cursor (string, optional) - omit to start from now"));
        assert!(starts_now("Leave it out on the first call to start at \"now\" (no backlog use ListReadings for history)."));
        assert!(!starts_now("The position to start from; leave it out for everything"));
    }

    #[test]
    fn path_nouns_are_singular() {
        assert_eq!(path_noun(&PathTemplate::parse("/parcels/{parcelId}/scans")), "scan");
        assert_eq!(path_noun(&PathTemplate::parse("/parcels/{parcelId}")), "parcel");
    }
}
