//! Items that point elsewhere instead of listing their facts: "vehicle
//! record", "`customer` (object): the new Customer", "The SKU, as in Get a
//! SKU", "Paging info (`meta`), same as in List warehouses", "plus the
//! inputs, minus pin", "Everything from the request, echoed back".
//!
//! Each is resolved before inference, so the rules see ordinary items: a reference without a key of its own is replaced by the items it
//! names (spliced, keeping their own lines); one with a key ("`customer`
//! (object): …") takes them as its sub-items.
//!
//! Invariant: resolution never loops (references inside what a reference
//! brings are resolved to a bounded depth), and an item that names nothing
//! known is left as it is.

use super::annotation::written_key;
use crate::model::{Api, Item, NoteGroup, Operation};

/// How deep references inside resolved items are followed.
const MAX_DEPTH: usize = 3;

/// A record other items may refer to: its name as compared (lower case,
/// without "record"/"object"), and its items.
struct Record {
    name: String,
    items: Vec<Item>,
}

impl Record {
    /// Its items, each knowing it is this record's (a bare `id` among them
    /// names it).
    fn own_items(&self) -> Vec<Item> {
        let name: std::sync::Arc<str> = self.name.as_str().into();
        self.items.iter().map(|i| Item { record: Some(name.clone()), ..i.clone() }).collect()
    }
}

/// Words a list's label ends with that say it defines a record.
const RECORD_WORDS: &[&str] = &["record", "object", "resource", "entity", "fields", "shape", "schema", "type", "message"];

/// Labels of lists that are no record.
const NOT_RECORDS: &[&str] = &[
    "notes",
    "note",
    "errors",
    "error",
    "status codes",
    "example",
    "examples",
    "query parameters",
    "get parameters",
    "headers",
    "terminology",
    "terms",
    "conventions",
    "changes",
    "changelog",
    "todo",
    "open questions",
    "questions",
    "see also",
    "rules",
];

/// An item's text without an HTTP status it opens with ("201 Created,
/// with the prescription record" → "the prescription record").
fn without_status(text: &str) -> &str {
    let t = text.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 3 {
        return text;
    }
    let Some((_, rest)) = t.split_once(',') else { return text };
    let rest = rest.trim_start();
    rest.strip_prefix("with ").map_or(rest, str::trim_start)
}

/// A record's name as compared: "Vehicle record (returned by everything
/// in this section)" → "vehicle".
fn record_name(label: &str) -> Option<String> {
    let head = label.split(['(', ':']).next().unwrap_or("").trim().to_ascii_lowercase();
    if NOT_RECORDS.contains(&head.as_str()) {
        return None;
    }
    // "A desk looks like this everywhere it shows up", "a booking has",
    // "Several operations return a prescription in this form": the noun
    // after the article, before what the sentence says of it.
    const CUES: &[&str] = &[" looks like", " has", " in this form", " in the following form", " like this"];
    let head = match CUES.iter().find_map(|c| head.split_once(c)) {
        Some((before, _)) => {
            let words: Vec<&str> = before.split_whitespace().collect();
            match words.iter().rposition(|w| matches!(*w, "a" | "an" | "every" | "each")) {
                Some(at) if (1..=2).contains(&(words.len() - at - 1)) => words[at + 1..].join(" "),
                _ => head,
            }
        }
        None => head,
    };
    let mut words: Vec<&str> = head.split_whitespace().filter(|w| !matches!(*w, "the" | "a" | "an")).collect();
    while words.len() > 1 && words.last().is_some_and(|w| RECORD_WORDS.contains(w)) {
        words.pop();
    }
    (!words.is_empty() && words.len() <= 3 && words.iter().all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')))
        .then(|| words.join(" "))
}

/// Resolves the references in every operation of `apis`, given the lists
/// the spec defines records with.
/// `abbreviations` is the spec's glossary: items were expanded with it, so
/// the operation names they refer to are compared expanded too ("same as
/// the Create episode response" is "Create ep"'s).
pub fn resolve(apis: &mut [Api], groups: &[NoteGroup], abbreviations: &[(String, String)]) {
    let records: Vec<Record> = groups
        .iter()
        .filter(|g| !g.items.is_empty())
        .filter_map(|g| Some(Record { name: record_name(&g.label)?, items: g.items.clone() }))
        .collect();
    // Operations as they were written: references point at those.
    let ops: Vec<Operation> = apis.iter().flat_map(|a| a.operations.iter().cloned()).collect();
    let api_of: Vec<usize> = apis.iter().enumerate().flat_map(|(k, a)| std::iter::repeat_n(k, a.operations.len())).collect();
    let names: Vec<String> =
        ops.iter().map(|o| plain(&super::abbreviations::expand(&o.name, abbreviations).to_ascii_lowercase())).collect();
    let mut cx = Cx { records: &records, groups, ops: &ops, names: &names, api_of: &api_of, here: 0 };
    for api in apis.iter_mut() {
        for op in &mut api.operations {
            let own_inputs = op.inputs.clone();
            op.inputs = cx.items(&op.inputs, &own_inputs, 0);
            // A record's fields the server sets ("`deviceId` string, output
            // only") are none of a request's.
            op.inputs.retain(|i| !server_set(&i.text));
            rest_optional(&mut op.outputs);
            rest_optional(&mut op.inputs);
            op.outputs = cx.items(&op.outputs, &own_inputs, 0);
            cx.here += 1;
        }
    }
}

struct Cx<'a> {
    records: &'a [Record],
    /// Every labelled list of the spec ("accept two query parameters:").
    groups: &'a [NoteGroup],
    ops: &'a [Operation],
    /// Each of `ops`' names as compared: lower case, plain, glossary
    /// abbreviations expanded.
    names: &'a [String],
    /// The API each of `ops` belongs to.
    api_of: &'a [usize],
    /// The operation being resolved, in `ops`.
    here: usize,
}

/// What an item refers to.
enum Target {
    /// Items to put in its place, and the inputs of the operation they
    /// come from (what their own "as sent" means), if another.
    Splice(Vec<Item>, Option<Vec<Item>>),
    /// Items to give it as sub-items.
    Nest(Vec<Item>),
}

impl Cx<'_> {
    fn items(&self, items: &[Item], own_inputs: &[Item], depth: usize) -> Vec<Item> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            if depth >= MAX_DEPTH {
                out.push(item.clone());
                continue;
            }
            if !item.items.is_empty() {
                let mut it = item.clone();
                it.items = self.items(&item.items, own_inputs, depth + 1);
                out.push(it);
                continue;
            }
            // "Each with the posting ID, job title and published at": the
            // members as sub-items, each the item its name stands for.
            if let Some(members) = super::grouped::members(&item.text) {
                let mut it = item.clone();
                it.items = members
                    .into_iter()
                    .map(|m| {
                        // "expected salary (if given)" is still the item of that name.
                        let (head, aside) = m.split_once('(').unwrap_or((&m, ""));
                        let bare = super::annotation::read(&format!("x ({aside}")).written.is_none();
                        let found = bare.then(|| self.named(&super::grouped::norm(head), own_inputs)).flatten();
                        let mut sub = found.unwrap_or_else(|| Item { text: m.clone(), items: vec![], ..item.clone() });
                        sub.optional = crate::model::item::optional(&m) || m.contains("if given") || m.contains("if any");
                        sub
                    })
                    .collect();
                out.push(it);
                continue;
            }
            // "Fare plan" alone, where the request or a neighbour says
            // "Fare plan, one of: pay_as_you_go, day_pass": that fact.
            if let Some(full) = self.fuller(item, own_inputs) {
                out.push(full);
                continue;
            }
            // "show id, ep id (int, path)": one item per name.
            if let Some(split) = super::grouped::split(item, &|name| self.named(name, own_inputs)) {
                for s in split {
                    if !out.iter().any(|o: &Item| o.text == s.text) {
                        out.push(s);
                    }
                }
                continue;
            }
            match self.target(item, own_inputs) {
                Some(Target::Splice(found, theirs)) => {
                    let found = self.items(&found, theirs.as_deref().unwrap_or(own_inputs), depth + 1);
                    // Never two items of one text, or one name ("show_id (int)"
                    // and the echoed "show id (int, path)"), in one list.
                    let name = |i: &Item| super::grouped::name_of(&i.text);
                    for f in found {
                        if !out.iter().any(|o: &Item| o.text == f.text || name(o) == name(&f)) {
                            out.push(f);
                        }
                    }
                }
                Some(Target::Nest(found)) => {
                    let mut it = item.clone();
                    it.items = self.items(&found, own_inputs, depth + 1);
                    out.push(it);
                }
                // A sentence's "returns the desk" where no desk is defined
                // says nothing the rules could read.
                None if item.only_refers => {}
                None => out.push(item.clone()),
            }
        }
        out
    }

    fn target(&self, item: &Item, own_inputs: &[Item]) -> Option<Target> {
        // "200 OK, with the prescription record": the status says nothing
        // of what the answer holds.
        let text = without_status(&item.text);
        let lower = text.to_ascii_lowercase();
        let key = written_key(text).or_else(|| super::annotation::literal_key(text, &item.literals)).or_else(|| paren_key(text));
        // The request echoed: "plus the inputs, minus pin", "rest as sent".
        let head = lower.split([',', '(', ':', ';']).next().unwrap_or("").trim().trim_end_matches('.').to_string();
        const ECHO: &[&str] = &[
            "plus the inputs",
            "the inputs",
            "rest as sent",
            "as sent",
            "everything from the request",
            "same as the request",
            "the request",
        ];
        const ECHO_ANYWHERE: &[&str] =
            &["echoed back", "every field from the inputs", "fields from the inputs", "everything that was sent", "all input fields"];
        if key.is_none()
            && (ECHO.iter().any(|e| head == *e || head.starts_with(&format!("{e} "))) || ECHO_ANYWHERE.iter().any(|e| lower.contains(e)))
        {
            let without = excluded(&lower);
            let items: Vec<Item> = own_inputs
                .iter()
                .filter(|i| !super::rules::is_auth(&i.text))
                .filter(|i| !without.iter().any(|w| i.text.to_ascii_lowercase().starts_with(w.as_str())))
                .cloned()
                .collect();
            return (!items.is_empty()).then_some(Target::Splice(items, None));
        }
        // Another operation's lists: "as in Get a SKU", "same shape as
        // `payment` in `payments.record`".
        if let Some((found, theirs)) = self.operation_part(item, key.as_deref()) {
            // The other operation's item of the same name stands in its place.
            let name = super::grouped::name_of;
            let itself = found.len() == 1 && found[0].items.is_empty() && name(&found[0].text) == name(text);
            return Some(if key.is_some() && !itself { Target::Nest(found) } else { Target::Splice(found, Some(theirs)) });
        }
        // A record: "vehicle record", "`customer` (object): the new Customer".
        let record = match &key {
            Some(_) => {
                // Only an object or a list is a record ("`customer` (object):
                // the new Customer"); "`customer_id` (string): the `cus_` id"
                // is not.
                let written = super::annotation::read(text).written;
                use super::annotation::Written;
                if !matches!(written, None | Some(Written::Object | Written::Json | Written::List(_) | Written::ListOf)) {
                    return None;
                }
                // "`customer` (object): the new Customer", "vehicles (list
                // of vehicle records)".
                let desc = lower.split_once(':').map(|(_, d)| d).unwrap_or("");
                let words = strip_articles(desc);
                let aside = lower.split_once('(').and_then(|(_, a)| a.split_once(')')).map(|(a, _)| a.to_string()).unwrap_or_default();
                let aside = aside.trim_start_matches("list of ").trim_start_matches("array of ").trim_start_matches("a list of ");
                let aside =
                    aside.trim_end_matches(" records").trim_end_matches(" objects").trim_end_matches(" record").trim_end_matches(" object");
                self.records
                    .iter()
                    .filter(|r| words.starts_with(&r.name) || aside == r.name || aside == format!("{}s", r.name))
                    .max_by_key(|r| r.name.len())
            }
            None => {
                // "the dispensing record and also", "the stock record as it
                // now stands": the record, not what is said of it.
                let head = match head.find(" record") {
                    Some(at) => head[..at + " record".len()].to_string(),
                    None => head,
                };
                let words = strip_articles(&head);
                let bare =
                    words.trim_end_matches(" record").trim_end_matches(" object").trim_end_matches(" records").trim_end_matches(" objects");
                let record = self.records.iter().find(|r| bare == r.name || bare == format!("{}s", r.name))?;
                // "vehicles (list of vehicle records)": a list of them, an
                // item of its own; "vehicle record": its items in place.
                let list = bare != record.name
                    || matches!(
                        super::annotation::read(text).written,
                        Some(super::annotation::Written::List(_) | super::annotation::Written::ListOf)
                    );
                if list {
                    return Some(Target::Nest(record.own_items()));
                }
                return Some(Target::Splice(record.own_items(), None));
            }
        }?;
        Some(if key.is_some() { Target::Nest(record.own_items()) } else { Target::Splice(record.own_items(), None) })
    }

    /// The values of an item that is a name alone, where the item of that
    /// name among the operation's inputs, else in another operation of its
    /// API, lists them: "Fare plan" → "Fare plan, one of: pay_as_you_go,
    /// day_pass". Only the values travel; where it goes and whether it may
    /// be left out stay the bare item's own.
    fn fuller(&self, item: &Item, own_inputs: &[Item]) -> Option<Item> {
        let t = item.text.trim();
        let bare = t.split_whitespace().count() <= 4 && !t.contains(['(', ':', ',', ';', '.']);
        if !bare {
            return None;
        }
        let name = super::grouped::name_of(t);
        // The name first: reading an item's notes costs more.
        let says_more = |i: &&Item| {
            i.items.is_empty()
                && i.text.len() > t.len()
                && super::grouped::norm(i.text.split([',', '(', ':']).next().unwrap_or("")) == name
                && super::grouped::names(&i.text).is_none()
                && super::annotation::read(&i.text).choices.is_some_and(|(_, open)| !open)
        };
        let api = self.api_of.get(self.here);
        let found = own_inputs.iter().find(says_more).or_else(|| {
            (0..self.ops.len())
                .filter(|&k| k != self.here && self.api_of.get(k) == api)
                .find_map(|k| self.ops[k].inputs.iter().chain(&self.ops[k].outputs).find(says_more))
        })?;
        let (values, _) = super::annotation::read(&found.text).choices?;
        Some(Item { text: format!("{t}, one of: {}", values.join(", ")), ..item.clone() })
    }

    /// The item a bare name stands for: the operation's own input of that
    /// name, else the nearest operation's (before this one first), inputs
    /// before outputs.
    fn named(&self, name: &str, own_inputs: &[Item]) -> Option<Item> {
        let is = |i: &&Item| super::grouped::name_of(&i.text) == name && super::grouped::names(&i.text).is_none();
        if let Some(i) = own_inputs.iter().find(is) {
            return Some(i.clone());
        }
        let before = (0..self.here.min(self.ops.len())).rev();
        let after = self.here + 1..self.ops.len();
        for o in before.chain(after).map(|k| &self.ops[k]) {
            if let Some(i) = o.inputs.iter().find(is).or_else(|| o.outputs.iter().find(is)) {
                return Some(i.clone());
            }
        }
        self.groups.iter().flat_map(|g| &g.items).find(is).cloned()
    }

    /// The items of another operation a text points at: the part named by
    /// `key` (or by a backticked word) among its outputs, else all of them.
    fn operation_part(&self, item: &Item, key: Option<&str>) -> Option<(Vec<Item>, Vec<Item>)> {
        let text = item.text.as_str();
        let lower = text.to_ascii_lowercase();
        const CUES: &[&str] = &[
            "as in ",
            "same as in ",
            "same as ",
            "same fields as in ",
            "same fields as ",
            "same shape as ",
            "as returned by ",
            "like in ",
            "output field of ",
            "output fields of ",
            "every field of ",
            "all fields of ",
            "the fields of ",
            "as described under ",
            "as described in ",
            "same as when ",
            "as when ",
            "any field from ",
            "any fields from ",
            "any of the fields of ",
            // "full ep, as Get ep.": only where an operation's name follows.
            ", as ",
        ];
        let at = CUES.iter().filter_map(|c| lower.find(c).map(|i| i + c.len())).min()?;
        let rest = plain(&lower[at..]);
        // The operation named whole ("as in Get a SKU"), else the one whose
        // name begins with the words that follow ("as in registration" →
        // "Registration of patient"), if only one does.
        let k = (0..self.ops.len())
            .filter(|&k| self.names[k].len() >= 3 && contains_words(&rest, &self.names[k]))
            .max_by_key(|&k| self.names[k].len())
            .or_else(|| {
                let head: String = rest.split(['.', ',', ';']).next().unwrap_or("").trim().to_string();
                let mut by_head = (0..self.ops.len()).filter(|&k| {
                    let name = &self.names[k];
                    // "same as Me": a short name, named whole.
                    (head.len() >= 2 && *name == head) || head.len() >= 4 && name.starts_with(&format!("{head} "))
                });
                let first = by_head.next()?;
                by_head.next().is_none().then_some(first)
            })?;
        let op = &self.ops[k];
        // "same shape as `payment` in `payments.record`": the named part.
        let named = backticked(text).into_iter().find(|w| !op.name.eq_ignore_ascii_case(w)).or(key.map(str::to_string));
        // What was given in the request; for an operation that registers or
        // makes something, "the same informations as in registration" are
        // what it was given.
        // "Any field from publishing": what publishing was sent, each optional.
        let any = lower.starts_with("any field") || lower.starts_with("any of the fields");
        let from_request = any
            || lower.contains("request")
            || lower.contains("as sent")
            || (lower.contains("information") || lower.contains("data") || lower.contains("details"))
                && op.outputs.iter().filter(|i| !super::rules::is_auth(&i.text)).count() < op.inputs.len();
        let lists: [&Vec<Item>; 2] = if from_request { [&op.inputs, &op.outputs] } else { [&op.outputs, &op.inputs] };
        // "Status (Text): As in \"Where is my claim?\"": an item with a name
        // of its own, described as another operation's item of that name,
        // is that item; it never stands for the other operation's lists.
        let name_end = lower.find(['(', ':']).unwrap_or(lower.len());
        let cue_at = CUES.iter().filter_map(|c| lower.find(c)).min().unwrap_or(0);
        if cue_at > name_end {
            let name = super::grouped::name_of(&text[..name_end]);
            let same = op.outputs.iter().chain(&op.inputs).find(|i| super::grouped::name_of(&i.text) == name);
            use super::annotation::Written;
            match (same, super::annotation::read(text).written) {
                // "Paging info (`meta`), same as in List warehouses": its fields.
                (Some(same), _) if key.is_some() && !same.items.is_empty() => return Some((same.items.clone(), op.inputs.clone())),
                // "Employment type (text, optional): Same values as when
                // publishing": its own item, with those values.
                (Some(same), _) if lower.contains("values") => {
                    let (values, _) = super::annotation::read(&same.text).choices?;
                    let own = text.split_once(':').map_or(text, |(n, _)| n).trim();
                    return Some((vec![Item { text: format!("{own}, one of: {}", values.join(", ")), ..item.clone() }], op.inputs.clone()));
                }
                (Some(same), _) => {
                    let mut it = same.clone();
                    // Its place and presence stay the referring item's own.
                    it.pos = item.pos;
                    let says_optional = matches!(super::annotation::read(text).presence, Some(super::annotation::Presence::Optional(_)));
                    it.optional = item.optional || says_optional;
                    return Some((vec![it], op.inputs.clone()));
                }
                // "items (array of comments, each as returned by …)": a
                // list or object made of the other operation's fields.
                (None, None | Some(Written::List(_) | Written::ListOf | Written::Object | Written::Json)) => {}
                // "Status (Text): as in …" where that operation has none:
                // a value of its own.
                (None, Some(_)) => return None,
            }
        }
        if let Some(n) = named {
            for list in lists {
                if let Some(part) = list.iter().find(|i| names(i, &n)) {
                    return Some((if part.items.is_empty() { vec![part.clone()] } else { part.items.clone() }, op.inputs.clone()));
                }
            }
        }
        // "The new bin, with the same fields as in List bins": the list of
        // bins among that operation's outputs.
        let noun = strip_articles(&lower[..at])
            .split([',', ' '])
            .find(|w| !w.is_empty() && !matches!(*w, "new" | "updated" | "whole"))
            .map(str::to_string);
        if let Some(n) = noun {
            if let Some(part) = op.outputs.iter().find(|i| !i.items.is_empty() && names_noun(i, &n)) {
                return Some((part.items.clone(), op.inputs.clone()));
            }
        }
        let list = if from_request { &op.inputs } else { &op.outputs };
        let items: Vec<Item> = list
            .iter()
            .filter(|i| !super::rules::is_auth(&i.text))
            .cloned()
            .map(|mut i| {
                i.optional |= any;
                i
            })
            .collect();
        (!items.is_empty()).then(|| (items, op.inputs.clone()))
    }
}

/// "playing (true or false), if it's false nothing is on and the rest is
/// left out": the items after one that says so may be missing.
fn rest_optional(items: &mut [Item]) {
    const SAYS: &[&str] =
        &["the rest is", "the rest are", "the others are", "other fields are", "all other fields are", "everything else is"];
    const GONE: &[&str] = &["left out", "omitted", "missing", "absent", "null", "empty", "not sent", "not there"];
    let says = |t: &str| {
        let lower = t.to_ascii_lowercase();
        SAYS.iter()
            .filter_map(|s| lower.find(s).map(|k| &lower[k + s.len()..]))
            .any(|after| GONE.iter().any(|g| after.trim_start().starts_with(g)))
    };
    if let Some(k) = items.iter().position(|i| says(&i.text)) {
        for i in &mut items[k + 1..] {
            i.optional = true;
        }
    }
}

/// Whether an item's notes say only the server writes it: "(string,
/// output only)", "(read-only)".
fn server_set(text: &str) -> bool {
    let Some((_, notes)) = text.split_once('(') else { return false };
    let notes = notes.split(')').next().unwrap_or("").to_ascii_lowercase();
    notes.split(',').any(|n| matches!(n.trim(), "output only" | "output-only" | "read-only" | "read only" | "readonly"))
}

/// The key an item gives in parentheses: "Paging info (`meta`)".
fn paren_key(text: &str) -> Option<String> {
    let open = text.find('(')?;
    let close = open + text[open..].find(')')?;
    let inner = text[open + 1..close].trim().trim_matches('`');
    (!inner.is_empty()
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && inner.starts_with(|c: char| c.is_ascii_lowercase()))
    .then(|| inner.to_string())
}

/// The words written in backticks in the original prose are plain in the
/// model; a word with an underscore or a dot is taken as one written so.
fn backticked(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|w| w.trim_matches(|c: char| c == '`' || c == '.' || c == ':'))
        .filter(|w| w.contains('_') || w.contains('.') || w.chars().all(|c| c.is_ascii_lowercase()) && w.len() > 2)
        .filter(|w| !matches!(*w, "same" | "shape" | "fields" | "as" | "in" | "objects" | "object" | "with"))
        .map(str::to_string)
        .collect()
}

/// Whether item `i` is the part called `key`: its written key, or its
/// name's words.
fn names(i: &Item, key: &str) -> bool {
    written_key(&i.text).is_some_and(|k| k == key) || i.text.to_ascii_lowercase().split([' ', '(', ':', ',']).next() == Some(key)
}

/// Whether a list item names `noun` ("bins, each with:" names "bin").
fn names_noun(i: &Item, noun: &str) -> bool {
    let first = i.text.to_ascii_lowercase();
    let words: Vec<&str> = first.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(4).collect();
    words.iter().any(|w| *w == noun || w.trim_end_matches('s') == noun)
}

/// The words a "minus X" / "except X" / "without X" clause leaves out.
fn excluded(lower: &str) -> Vec<String> {
    ["minus ", "except ", "without ", "but not "]
        .iter()
        .filter_map(|c| lower.find(c).map(|i| &lower[i + c.len()..]))
        .flat_map(|rest| {
            rest.split([',', ' ', '.', ')']).filter(|w| !w.is_empty() && !matches!(*w, "the" | "and")).take(1).map(str::to_string)
        })
        .collect()
}

fn strip_articles(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| !matches!(*w, "the" | "a" | "an" | "new" | "updated" | "whole" | "recorded" | "same"))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Lower-case text with markup and punctuation turned to spaces.
fn plain(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() || c == '.' || c == '_' { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `phrase`'s words occur in `text` as whole words, in order.
fn contains_words(text: &str, phrase: &str) -> bool {
    let t: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.'))
        .collect();
    let p: Vec<&str> = phrase
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.'))
        .collect();
    !p.is_empty() && t.windows(p.len()).any(|w| w == p.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rest_is_left_out() {
        let item = |t: &str| Item {
            text: t.into(),
            pos: crate::source::Pos::default(),
            items: vec![],
            optional: false,
            batch: false,
            from: std::sync::Arc::from("t"),
            literals: vec![],
            only_refers: false,
            record: None,
        };
        let mut items =
            vec![item("title"), item("playing (true or false), if false the rest is left out"), item("track id"), item("artist")];
        rest_optional(&mut items);
        assert_eq!(items.iter().map(|i| i.optional).collect::<Vec<_>>(), [false, false, true, true]);
        let mut plain = vec![item("title"), item("the rest of the name"), item("artist")];
        rest_optional(&mut plain);
        assert!(plain.iter().all(|i| !i.optional));
    }

    #[test]
    fn record_names() {
        assert_eq!(record_name("Vehicle record (returned by everything in this section)").as_deref(), Some("vehicle"));
        assert_eq!(record_name("Customer").as_deref(), Some("customer"));
        assert_eq!(record_name("Errors"), None);
        assert_eq!(record_name("Line item object").as_deref(), Some("line item"));
    }

    #[test]
    fn words_in_order() {
        assert!(contains_words("as in get a sku. quantities start at 0", "get a sku"));
        assert!(!contains_words("as in get a skull", "get a sku"));
        assert!(contains_words("same shape as payment in payments.record", "payments.record"));
    }
}
