//! What the prose says a record's status does: the value a new record
//! starts in ("An application is created as a draft"), the values lists
//! leave out ("A withdrawn application disappears from listings", "Retired
//! ones hidden unless asked for"), the values in which it may no longer be
//! changed ("locked once it has been submitted", "Only a draft can be
//! changed", "409 - vehicle retired"), and the deletes that only move it to
//! a value ("Soft delete: the device goes to `DEVICE_STATE_RETIRED`",
//! "Retire vehicle" where `retired` is a value).
//!
//! Invariant: every rule names values of the resource's own status enum
//! (a field called status, state, stage or phase of its answers), read
//! from a sentence the spec writes; a sentence that names none of them
//! makes no rule, except one in an operation that moves the status ("After
//! this the application is locked", in "Submitting").

use super::documented;
use super::operation::Effect as Verb;
use super::{EnumDef, Field, Pos, Ty, TypeSpace};
use crate::model::Spec;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The status rules of one resource's records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// The status field's wire name in the record's answers.
    pub field: String,
    /// Its values, in the spec's order.
    pub values: Vec<String>,
    /// The value a new record starts in, and the sentence that says so
    /// (none when it is the first value, by default).
    pub initial: Said,
    /// Values whose records lists leave out unless a filter asks for them.
    pub unlisted: Vec<Said>,
    /// Values in which a change is refused.
    pub locks: Vec<Lock>,
    /// Delete endpoints (by name) that keep the record and set this value.
    pub soft: BTreeMap<String, Said>,
    /// The prose says a record so deleted can still be read ("retired
    /// devices are still returned"); else it answers 404 like any deleted
    /// record, and stays only for lists that ask for it.
    pub readable: bool,
}

/// A value and the words that give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub value: String,
    /// The sentence, or "" for a default.
    pub says: String,
    pub pos: Pos,
}

/// Values in which records may not be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    pub values: Vec<String>,
    /// The status written with it (409 when none).
    pub status: u16,
    pub code: Option<String>,
    pub says: String,
    pub pos: Pos,
    /// The one endpoint a documented error locks ("409 - vehicle retired"
    /// on "Assign driver"); `None`: every update of the resource.
    pub endpoint: Option<String>,
}

/// A sentence and where it was written: the endpoint whose operation has
/// it, else none (its section's or the conventions' prose).
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub endpoint: Option<String>,
    pub pos: Pos,
}

/// The spec's sentences, each with the endpoint whose operation writes it:
/// an operation's prose first, then its section's other paragraphs and
/// notes, then the conventions.
pub fn sentences(spec: &Spec, space: &TypeSpace) -> Vec<Sentence> {
    let split = |text: &str| -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            cur.push(c);
            if matches!(c, '.' | ';' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()) {
                out.push(std::mem::take(&mut cur).trim().to_string());
            }
        }
        out.push(cur.trim().to_string());
        out.retain(|s| !s.is_empty());
        out
    };
    let by_pos: HashMap<Pos, &str> = space.apis.iter().flat_map(|a| &a.endpoints).map(|e| (e.pos, e.name.as_str())).collect();
    let mut out = Vec::new();
    for api in &spec.apis {
        let mut own: BTreeSet<&str> = BTreeSet::new();
        for op in &api.operations {
            let endpoint = by_pos.get(&op.pos).map(|n| n.to_string());
            for para in &op.prose {
                own.insert(para.trim());
                out.extend(split(para).into_iter().map(|text| Sentence { text, endpoint: endpoint.clone(), pos: op.pos }));
            }
        }
        for para in api.description.split("\n\n").filter(|p| !own.contains(p.trim())) {
            out.extend(split(para).into_iter().map(|text| Sentence { text, endpoint: None, pos: api.pos }));
        }
        for item in api.notes.iter().flat_map(|n| &n.items) {
            out.extend(split(&item.text).into_iter().map(|text| Sentence { text, endpoint: None, pos: item.pos }));
        }
    }
    for c in &spec.conventions {
        out.extend(split(c).into_iter().map(|text| Sentence { text, endpoint: None, pos: Pos::default() }));
    }
    out
}

/// Every resource's lifecycle, by resource noun, from `sentences`.
pub fn read(space: &TypeSpace, sentences: &[Sentence]) -> BTreeMap<String, Lifecycle> {
    let mut out = BTreeMap::new();
    let endpoints: Vec<_> = space.apis.iter().flat_map(|a| &a.endpoints).collect();
    let mut nouns: Vec<&str> =
        endpoints.iter().filter_map(|e| e.shape.as_ref()).map(|s| s.noun.as_str()).filter(|n| !n.is_empty()).collect();
    nouns.sort_unstable();
    nouns.dedup();
    for noun in &nouns {
        let Some((field, def)) = status_of(space, noun) else { continue };
        let values: Vec<String> = def.variants.iter().map(|(_, w)| w.clone()).collect();
        let first = Said { value: values[0].clone(), says: String::new(), pos: Pos::default() };
        out.insert(
            noun.to_string(),
            Lifecycle {
                field: field.wire.clone(),
                values,
                initial: first,
                unlisted: vec![],
                locks: vec![],
                soft: BTreeMap::new(),
                readable: false,
            },
        );
    }
    if out.is_empty() {
        return out;
    }
    let of_endpoint: BTreeMap<&str, &super::Endpoint> = endpoints.iter().map(|e| (e.name.as_str(), *e)).collect();
    // Each endpoint's own sentences, found once (not by a pass over all
    // sentences per endpoint).
    let mut by_endpoint: HashMap<&str, Vec<&Sentence>> = HashMap::new();
    for s in sentences {
        if let Some(e) = &s.endpoint {
            by_endpoint.entry(e.as_str()).or_default().push(s);
        }
    }
    for s in sentences {
        let ep = s.endpoint.as_deref().and_then(|n| of_endpoint.get(n)).copied();
        let own = ep.and_then(|e| e.shape.as_ref()).map(|sh| sh.noun.as_str());
        let words = words_of(&s.text);
        // The sentence's resource: the first one it names, else its
        // operation's.
        let named = first_named(&words, out.keys().map(String::as_str));
        let Some(noun) = named.or(own.filter(|n| out.contains_key(*n))).map(str::to_string) else { continue };
        let Some(life) = out.get_mut(&noun) else { continue };
        let verb = ep.and_then(|e| e.shape.as_ref()).filter(|sh| sh.noun == noun);
        let list_op = verb.is_some_and(|sh| sh.effect == Verb::List);
        read_sentence(life, s, &words, list_op, verb.map(|sh| sh.verb.as_str()));
    }
    // Deletes that only move the status, and the errors an operation
    // documents in a status's words.
    for e in &endpoints {
        let Some(sh) = e.shape.as_ref() else { continue };
        if sh.effect == Verb::Delete {
            if let Some(life) = out.get_mut(&sh.noun) {
                let own = by_endpoint.get(e.name.as_str()).map(Vec::as_slice).unwrap_or_default();
                let by_text = own.iter().find_map(|s| {
                    let w = words_of(&s.text);
                    let moves = ["soft", "goes", "moves", "becomes", "set", "marked", "kept"].iter().any(|k| w.iter().any(|x| x == k));
                    moves.then(|| named_values(&w, &life.values).first().map(|v| (v.clone(), s))).flatten()
                });
                let by_verb = life.values.iter().find(|v| done(&sh.verb.to_lowercase(), v));
                let said = match (by_text, by_verb) {
                    (Some((v, s)), _) => Some(Said { value: v, says: s.text.clone(), pos: s.pos }),
                    (None, Some(v)) => {
                        Some(Said { value: v.clone(), says: format!("{:?} names the value `{v}`", e.operation), pos: e.pos })
                    }
                    _ => None,
                };
                if let Some(said) = said {
                    life.soft.insert(e.name.clone(), said);
                }
            }
        }
        for d in &e.documented {
            let w = words_of(&d.says);
            for (noun, life) in out.iter_mut() {
                let mut values = named_values(&w, &life.values);
                // "Only allowed from ROLLOUT_STATE_RUNNING": every other.
                if w.iter().any(|x| x == "only") {
                    values = life.values.iter().filter(|v| !values.contains(v)).cloned().collect();
                }
                let code = d.code.clone().filter(|c| !life.values.contains(c));
                let about = sh.noun == *noun || e.request.fields.iter().any(|f| words_of(&f.wire).join(" ").starts_with(noun.as_str()));
                if values.is_empty() || !about || is_transition(&w) {
                    continue;
                }
                life.locks.push(Lock {
                    values,
                    status: d.status,
                    code,
                    says: format!("{} - {}", d.status, d.says),
                    pos: e.pos,
                    endpoint: Some(e.name.clone()),
                });
            }
        }
    }
    for life in out.values_mut() {
        life.locks = merged(std::mem::take(&mut life.locks), &life.values);
    }
    out
}

/// One lock per scope (every update, or one endpoint): the values of all
/// that say so, in the enum's order, with the first status and code a
/// sentence writes, and the first sentence.
fn merged(locks: Vec<Lock>, values: &[String]) -> Vec<Lock> {
    let mut out: Vec<Lock> = Vec::new();
    for l in locks {
        match out.iter_mut().find(|o| o.endpoint == l.endpoint) {
            None => out.push(l),
            Some(o) => {
                o.values = values.iter().filter(|v| o.values.contains(v) || l.values.contains(v)).cloned().collect();
                if o.status == 409 && o.code.is_none() {
                    (o.status, o.code) = (l.status, l.code);
                }
            }
        }
    }
    out
}

/// One sentence's rules for `life`.
fn read_sentence(life: &mut Lifecycle, s: &Sentence, words: &[String], list_op: bool, verb: Option<&str>) {
    let values = named_values(words, &life.values);
    let said = |value: &str| Said { value: value.to_string(), says: s.text.trim().to_string(), pos: s.pos };
    let has = |phrase: &str| contains(words, phrase);
    // "An application is created as a draft", "starts as a draft".
    for lead in ["starts as", "created as", "starts in", "created in", "begins as", "starts out as", "new one is"] {
        if let Some(v) = after(words, lead, &life.values) {
            life.initial = said(&v);
        }
    }
    // "retired devices are still returned", "it can still be read by its ID".
    if ["still returned", "still be read", "still readable", "still be fetched", "still be retrieved", "still available"]
        .iter()
        .any(|p| has(p))
    {
        life.readable = true;
    }
    // "Withdrawn applications are never listed", "Retired ones hidden".
    let leaves_out = [
        "disappears from",
        "disappear from",
        "never listed",
        "never shown",
        "no longer appears",
        "no longer appear",
        "not listed",
        "hidden",
        "left out",
        "drops out",
        "drop out",
        "excluded",
        "not shown",
        "not included",
    ]
    .iter()
    .any(|p| has(p));
    let of_lists = list_op || words.iter().any(|w| w.starts_with("list") || w == "search" || w == "searches");
    if leaves_out && of_lists {
        for v in &values {
            if !life.unlisted.iter().any(|u| u.value == *v) {
                life.unlisted.push(said(v));
            }
        }
    }
    // "locked once it has been submitted", "A cancelled reservation cannot
    // be modified", "Only a draft can be changed", "Any attempt to change
    // an application that has been submitted is refused".
    let change = ["changed", "edited", "modified", "updated"];
    let cannot = has("locked")
        || change
            .iter()
            .any(|c| ["cannot be", "can't be", "can not be", "may not be", "can no longer be"].iter().any(|n| has(&format!("{n} {c}"))))
        || (["change", "edit", "modify", "update"].iter().any(|c| has(&format!("attempt to {c}"))) && (has("refused") || has("rejected")));
    let only = change.iter().any(|c| has(&format!("can be {c}")) || has(&format!("may be {c}"))) && words.iter().any(|w| w == "only");
    let locked: Vec<String> = if only && !values.is_empty() {
        life.values.iter().filter(|v| !values.contains(v)).cloned().collect()
    } else if cannot {
        match once(words, &life.values) {
            Some(from) => from,
            None if !values.is_empty() => values.clone(),
            // "After this the application is locked", in the operation
            // that moves it.
            None => match verb.and_then(|v| life.values.iter().position(|x| done(&v.to_lowercase(), x))) {
                Some(at) if has("after") || has("once") || has("from then") => life.values[at..].to_vec(),
                _ => vec![],
            },
        }
    } else {
        vec![]
    };
    if !locked.is_empty() {
        let d = s.text.split(['.', ';']).find_map(documented::read);
        life.locks.push(Lock {
            values: locked,
            status: d.as_ref().map_or(409, |d| d.status),
            code: d.and_then(|d| d.code),
            says: s.text.trim().to_string(),
            pos: s.pos,
            endpoint: None,
        });
    }
}

/// "locked once it has been submitted": the value after "once" (or
/// "after") and every later one.
fn once(words: &[String], values: &[String]) -> Option<Vec<String>> {
    let at = words.iter().position(|w| w == "once" || w == "after")?;
    let v = named_values(&words[at..], values).into_iter().next()?;
    let from = values.iter().position(|x| *x == v)?;
    Some(values[from..].to_vec())
}

/// The value named right after `lead` ("created as a draft").
fn after(words: &[String], lead: &str, values: &[String]) -> Option<String> {
    let lead: Vec<&str> = lead.split(' ').collect();
    let at = words.windows(lead.len()).position(|w| w.iter().zip(&lead).all(|(a, b)| a == b))? + lead.len();
    let rest: Vec<String> = words[at..].iter().skip_while(|w| matches!(w.as_str(), "a" | "an" | "the")).take(4).cloned().collect();
    values
        .iter()
        .find(|v| {
            let vw = distinctive(v, values);
            rest.len() >= vw.len() && rest[..vw.len()] == vw[..]
        })
        .cloned()
}

/// Whether a documented error speaks of a move between values ("Any other
/// transition", "invalid state change") rather than of one value.
fn is_transition(words: &[String]) -> bool {
    words.iter().any(|w| w == "transition" || w == "transitions")
}

/// The resource nouns in `words`, the earliest first ("applications" names
/// `application`).
fn first_named<'n>(words: &[String], nouns: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    nouns
        .filter_map(|n| {
            let nw: Vec<&str> = n.split(' ').collect();
            let plural = super::names::plural(nw[nw.len() - 1]);
            words
                .windows(nw.len())
                .position(|w| w.iter().zip(&nw).enumerate().all(|(i, (a, b))| a == b || (i == nw.len() - 1 && *a == plural)))
                .map(|at| (at, n))
        })
        .min()
        .map(|(_, n)| n)
}

/// The values `words` name, in the enum's order: a value's words
/// (`under review`, `checked in`), or those after the prefix every value
/// shares (`retired` for `DEVICE_STATE_RETIRED`).
pub fn named_values(words: &[String], values: &[String]) -> Vec<String> {
    values
        .iter()
        .filter(|v| {
            let full = words_of(v);
            let short = distinctive(v, values);
            [full, short].iter().any(|vw| !vw.is_empty() && words.windows(vw.len()).any(|w| w == &vw[..]))
        })
        .cloned()
        .collect()
}

/// A value's words without the prefix all values share.
fn distinctive(value: &str, values: &[String]) -> Vec<String> {
    let all: Vec<Vec<String>> = values.iter().map(|v| words_of(v)).collect();
    let mut common = 0;
    while all.iter().all(|w| w.len() > common + 1 && w[common] == all[0][common]) {
        common += 1;
    }
    words_of(value)[common..].to_vec()
}

/// Whether `words` hold the phrase.
fn contains(words: &[String], phrase: &str) -> bool {
    let p: Vec<&str> = phrase.split(' ').collect();
    words.windows(p.len()).any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
}

/// Lower-case words: split at anything but a letter or digit, and where a
/// lower-case letter meets an upper-case one (`checkedIn`).
pub fn words_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in token.chars() {
            if c.is_uppercase() && prev_lower {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase();
            cur.extend(c.to_lowercase());
        }
        out.push(cur);
    }
    // "can't" reads as "can t": joined back.
    let mut joined: Vec<String> = Vec::with_capacity(out.len());
    for w in out {
        match (joined.last_mut(), w.as_str()) {
            (Some(prev), "t") if prev == "can" || prev.ends_with('n') => prev.push_str("'t"),
            _ => joined.push(w),
        }
    }
    joined
}

/// The status field of `noun`'s records (one called status, state, stage
/// or phase, of a closed list of values) and its values.
pub fn status_of<'s>(space: &'s TypeSpace, noun: &str) -> Option<(&'s Field, &'s EnumDef)> {
    let answers = space
        .apis
        .iter()
        .flat_map(|a| &a.endpoints)
        .filter(|e| e.shape.as_ref().is_some_and(|s| s.noun == noun))
        .flat_map(|e| e.response.fields.iter());
    answers.filter(|f| is_status(f)).find_map(|f| Some((f, enum_of(space, f).filter(|d| !d.variants.is_empty())?)))
}

fn is_status(f: &Field) -> bool {
    words_of(&f.wire).iter().any(|w| matches!(w.as_str(), "status" | "state" | "stage" | "phase"))
}

fn enum_of<'s>(space: &'s TypeSpace, f: &Field) -> Option<&'s EnumDef> {
    let Ty::Named(name) = f.ty.required() else { return None };
    space.apis.iter().find_map(|a| a.enums.get(name)).or_else(|| space.shared_enums.get(name))
}

/// Whether `value` is `verb` done: submit → submitted, retire → retired,
/// withdraw → withdrawn, cancel → cancelled or canceled, approve → approved;
/// a value that spells it after a prefix (`DEVICE_STATE_RETIRED`) too.
pub fn done(verb: &str, value: &str) -> bool {
    let v = value.to_lowercase();
    let v = v.rsplit('_').next().unwrap_or(&v);
    let stem = verb.strip_suffix('e').unwrap_or(verb);
    let last = verb.chars().last().unwrap_or(' ');
    [format!("{stem}ed"), format!("{verb}n"), format!("{verb}{last}ed"), format!("{stem}d")].iter().any(|d| d == v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words_of(s)
    }

    fn vals(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_value_is_the_verb_done() {
        for (verb, value) in [
            ("submit", "submitted"),
            ("retire", "retired"),
            ("withdraw", "withdrawn"),
            ("cancel", "cancelled"),
            ("cancel", "canceled"),
            ("approve", "approved"),
            ("pause", "paused"),
            ("archive", "ARCHIVED"),
            ("retire", "DEVICE_STATE_RETIRED"),
        ] {
            assert!(done(verb, value), "{verb} {value}");
        }
        for (verb, value) in [("submit", "draft"), ("get", "getting"), ("close", "open")] {
            assert!(!done(verb, value), "{verb} {value}");
        }
    }

    #[test]
    fn values_are_named_by_their_words_or_what_sets_them_apart() {
        let grants = vals(&["draft", "submitted", "under review", "withdrawn", "decided"]);
        assert_eq!(named_values(&w("A withdrawn application disappears from listings"), &grants), ["withdrawn"]);
        assert_eq!(named_values(&w("all submitted applications move to under review"), &grants), ["submitted", "under review"]);
        let devices = vals(&["DEVICE_STATE_ACTIVE", "DEVICE_STATE_RETIRED"]);
        assert_eq!(named_values(&w("Retired devices are left out"), &devices), ["DEVICE_STATE_RETIRED"]);
        let bookings = vals(&["booked", "checkedIn", "cancelled"]);
        assert_eq!(named_values(&w("once checked in"), &bookings), ["checkedIn"]);
    }

    fn life(values: &[&str]) -> Lifecycle {
        let values = vals(values);
        let initial = Said { value: values[0].clone(), says: String::new(), pos: Pos::default() };
        Lifecycle { field: "status".into(), values, initial, unlisted: vec![], locks: vec![], soft: BTreeMap::new(), readable: false }
    }

    fn said(l: &mut Lifecycle, text: &str, list_op: bool, verb: Option<&str>) {
        let s = Sentence { text: text.into(), endpoint: None, pos: Pos::default() };
        read_sentence(l, &s, &words_of(text), list_op, verb);
    }

    #[test]
    fn locks_from_the_authors_words() {
        let grants = ["draft", "submitted", "under review", "withdrawn", "decided"];
        let mut l = life(&grants);
        said(&mut l, "an application is locked once it has been submitted, which means its details cannot be changed", false, None);
        assert_eq!(l.locks[0].values, ["submitted", "under review", "withdrawn", "decided"]);
        let mut l = life(&grants);
        said(&mut l, "Only a draft can be changed", false, None);
        assert_eq!(l.locks[0].values, ["submitted", "under review", "withdrawn", "decided"]);
        let mut l = life(&grants);
        said(&mut l, "After this the application is locked", false, Some("submit"));
        assert_eq!(l.locks[0].values, ["submitted", "under review", "withdrawn", "decided"]);
        let mut l = life(&["booked", "cancelled"]);
        said(&mut l, "A cancelled reservation cannot be modified (``409`` with ``RESERVATION_CANCELLED``)", false, None);
        assert_eq!(
            (l.locks[0].values.clone(), l.locks[0].status, l.locks[0].code.as_deref()),
            (vals(&["cancelled"]), 409, Some("RESERVATION_CANCELLED"))
        );
        let mut l = life(&["open", "closed"]);
        said(&mut l, "A closed posting can't be edited", false, None);
        assert_eq!(l.locks[0].values, ["closed"]);
        // Saying what changes is no lock.
        let mut l = life(&grants);
        said(&mut l, "When they submit it, it becomes submitted", false, None);
        said(&mut l, "Send only the details that change", false, None);
        assert!(l.locks.is_empty());
    }

    #[test]
    fn lists_leave_out_what_the_prose_hides() {
        let mut l = life(&["active", "retired"]);
        said(&mut l, "Sorted by plate. Retired ones hidden unless asked for.", true, None);
        assert_eq!(l.unlisted[0].value, "retired");
        let mut l = life(&["draft", "withdrawn"]);
        said(&mut l, "A withdrawn application disappears from listings, but it can still be read", false, None);
        said(&mut l, "A withdrawn application is kept", false, None);
        assert_eq!(l.unlisted.len(), 1);
        // Hidden, but not from a list: no rule.
        let mut l = life(&["active", "retired"]);
        said(&mut l, "Retired vehicles are hidden from the driver app", false, None);
        assert!(l.unlisted.is_empty());
    }

    #[test]
    fn a_new_record_starts_where_the_prose_says() {
        let mut l = life(&["booked", "draft"]);
        said(&mut l, "An application is created as a draft", false, None);
        assert_eq!(l.initial.value, "draft");
    }
}
