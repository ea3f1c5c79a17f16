//! What an item says besides its name: the asides in its parentheses and
//! the clauses after its name ("VIN (string, 17 chars)", "accel (float,
//! m/s^2, optional)", "limit (optional, default 50, max 200)", "Star rating
//! from 1 to 5", "Ended at (timestamp, missing while the rental is open)",
//! "Fare in EUR with two decimals").
//!
//! Every fact keeps the words that stated it, so `specgen explain` can show
//! why a field is optional or bounded. Nothing here decides a type on its
//! own: [`super::infer`] weighs a written type against the other rules.

use super::TimeRepr;
use serde_json::Value;

/// A type the prose writes out ("int", "timestamp", "list of IDs").
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Int,
    Float,
    Decimal,
    Bool,
    Text,
    Time(TimeRepr),
    Date,
    /// "HH:MM": a time of day, kept as text.
    TimeOfDay,
    Object,
    /// Free JSON ("json").
    Json,
    /// An identifier, with the noun it names when the words say one
    /// ("member id" → `member`).
    Id(Option<String>),
    List(Box<Written>),
    /// "list", "array" without an element type.
    ListOf,
    /// "map: app name -> downloads", "map of string to int": an object
    /// whose keys are data, with the values' type when the words give one.
    Map(Box<Written>),
}

/// Whether the item may be left out, and the words that say so.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence {
    Optional(String),
    Required(String),
}

/// Everything an item's text states about its values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    pub written: Option<Written>,
    pub presence: Option<Presence>,
    pub default: Option<Value>,
    /// The words a default was given in, even when they are no literal
    /// value ("default today + 30 days").
    pub default_words: Option<String>,
    pub minimum: Option<Value>,
    pub maximum: Option<Value>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// A closed (or, ending in "etc", open) list of values, each as written.
    pub choices: Option<(Vec<String>, bool)>,
    /// A unit the text names (`metre`, `second`, `percent`, `cent`).
    pub unit: Option<String>,
    /// "with two decimals", "two decimal places".
    pub decimals: bool,
    /// An example value the prose gives ("like 12.5", "e.g. \"2024/25\"").
    pub example: Option<String>,
    /// Where the item travels, when the prose says so ("(path)", "query
    /// parameter", "part of the address", "header").
    pub location: Option<Place>,
    /// A wire key the item is written as (`customer_id`, `odometer_m`).
    pub key: Option<String>,
    /// The text names the values `true` or `false` ("always `true` when it
    /// worked", "false for closed warehouses", "which must be true").
    pub says_bool: bool,
}

/// A place the prose puts an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Path,
    Query,
    Body,
    Header,
}

/// Reads an item's text.
pub fn read(text: &str) -> Notes {
    let says_bool =
        text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false"));
    let mut n = Notes { key: written_key(text), says_bool, ..Notes::default() };
    let (outside, written) = split_groups(text);
    // "(Date (YYYY-MM-DD), optional: yes)": a group within a group is read
    // after it, on its own.
    let mut groups = Vec::with_capacity(written.len());
    for g in written {
        let (outer, inner) = split_groups(&g);
        if inner.is_empty() {
            groups.push(g);
        } else {
            groups.push(outer);
            groups.extend(inner);
        }
    }
    // A group that lists values is the choices; other groups are clauses.
    for g in &groups {
        if n.choices.is_none() {
            if let Some(c) = choice_list(g) {
                n.choices = Some(c);
                continue;
            }
        }
        for clause in clauses(g) {
            // "(optional, active | retired, default active)": the values are
            // one clause among notes.
            if n.choices.is_none() && (clause.contains('|') || clause.contains(" or ")) {
                let quoted = clause.trim().starts_with(['"', '`', '“']);
                if let Some(c) = choice_list(&clause).or_else(|| two_choices(&clause).filter(|_| clause.contains('|') || quoted)) {
                    n.choices = Some(c);
                    continue;
                }
            }
            clause_fact(&mut n, &clause, true);
        }
    }
    if n.choices.is_none() {
        n.choices = one_of(&outside).or_else(|| weekday_range(text));
    }
    // The name-bearing part states facts too ("Fare in EUR with two
    // decimals", "Star rating from 1 to 5", "Optional filter").
    for (i, clause) in clauses(&outside).into_iter().enumerate() {
        // "created: unix seconds", "version: integer, +1 on every change":
        // after the name, a clause that is a type word alone is the type.
        let short = clause.split_whitespace().count() <= 3;
        if i > 0 && short && n.written.is_none() {
            if let Some(w) = type_word(&clause).filter(|w| !matches!(w, Written::Id(_) | Written::List(_) | Written::ListOf)) {
                n.written = Some(w);
                continue;
            }
        }
        clause_fact(&mut n, &clause, false);
    }
    n
}

/// A single snake_case or camelCase word that the item starts with, before
/// any aside: the draft writes the wire key itself (`odometer_m (int)`,
/// "`customer_id` (string, required): …").
pub fn written_key(text: &str) -> Option<String> {
    let first = text.trim().split(|c: char| c.is_whitespace() || c == '(' || c == ':').next()?;
    let first = first.trim_matches(|c: char| c == '`' || c == '*' || c == '"');
    let ident = !first.is_empty()
        && first.starts_with(|c: char| c.is_ascii_lowercase())
        && first.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let snake = first.contains('_');
    let camel = first.chars().any(|c| c.is_ascii_uppercase());
    let rest = text.trim()[first.len().min(text.trim().len())..].trim_start();
    let alone = rest.is_empty() || rest.starts_with('(') || rest.starts_with(':') || rest.starts_with('-') || rest.starts_with('`');
    (ident && (snake || camel) && alone).then(|| first.to_string())
}

/// The wire key an item writes as an inline literal: the literal it
/// starts with ("`customer_id` (string, required): …"), or an identifier
/// in parentheses ("Warehouses (`data`), a list, each with:").
pub fn literal_key(text: &str, literals: &[String]) -> Option<String> {
    let ident = |l: &str| {
        !l.is_empty()
            && l.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && type_word(l).is_none()
            && presence_word(&l.to_ascii_lowercase()).is_none()
            && !matches!(l, "true" | "false" | "null")
    };
    let t = text.trim();
    let in_parens = |l: &str| t.contains(&format!("({l})")) || t.contains(&format!("({l},")) || t.contains(&format!("({l};"));
    literals.iter().find(|l| ident(l) && (t.starts_with(l.as_str()) || in_parens(l))).cloned()
}

/// "`kind` (string): `hot` (anyone can book), `dedicated` (one member's),
/// `standing`", "`quiet` or `buzz`": values written as code after the
/// item's name, each perhaps with an aside, are its choices (two are
/// enough: being written as code marks them as values).
pub fn literal_choices(text: &str, literals: &[String]) -> Option<(Vec<String>, bool)> {
    let (_, desc) = text.split_once(": ")?;
    let (outside, _) = split_groups(desc);
    let list = outside.split(['.', ';']).next()?.trim();
    let mut values = Vec::new();
    for part in list.split([',', '|']).flat_map(|p| p.split(" or ")) {
        let part = part.trim();
        let part = part.strip_prefix("or ").unwrap_or(part).trim();
        if part.is_empty() {
            continue;
        }
        let value = unquote(part);
        if !literals.contains(&value) || !is_value_word(&value) || matches!(value.as_str(), "null" | "true" | "false") {
            return None;
        }
        values.push(value);
    }
    (values.len() >= 2).then_some((values, false))
}

/// The text outside parentheses, and each top-level parenthesised group.
fn split_groups(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut groups = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    cur.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    groups.push(std::mem::take(&mut cur));
                    outside.push(' ');
                } else {
                    cur.push(c);
                }
            }
            _ if depth > 0 => cur.push(c),
            _ => outside.push(c),
        }
    }
    (outside, groups)
}

/// Clauses of a text: split at `;`, at a comma followed by a space, at
/// sentence ends, and at a dash between words.
/// Words a full stop cuts short inside a note ("max. 100", "approx. 3").
const SHORTENED: &[&str] = &["max", "min", "approx", "ca", "incl", "excl", "no", "nr", "cf", "vs", "resp", "e.g", "i.e"];

/// Notes written as a name and its value ("optional: yes", "default: 20",
/// "max: 100"), one clause each.
const NOTE_NAMES: &[&str] =
    &["optional", "required", "mandatory", "obligatory", "nullable", "default", "max", "min", "max.", "min.", "maximum", "minimum"];

fn clauses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let last_word = cur.rsplit(char::is_whitespace).next().unwrap_or("").to_ascii_lowercase();
        let cut = match c {
            ';' => true,
            // "max. 100", "approx. 3": a full stop that cuts a word short.
            '.' if SHORTENED.contains(&last_word.as_str()) => false,
            ',' | '.' | '?' | '!' => next.is_whitespace() || i + 1 == chars.len(),
            '-' | '–' | '—' => prev.is_whitespace() && next.is_whitespace(),
            // "optional: yes", "default: 20": a note's name and its value.
            ':' if NOTE_NAMES.contains(&cur.trim().to_ascii_lowercase().as_str()) => false,
            ':' => next.is_whitespace(),
            _ => false,
        };
        if cut {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
        i += 1;
    }
    out.push(cur);
    out.into_iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
}

/// A group that lists values: "heat, cool, auto, off", "diesel | petrol |
/// electric", "EUR, GBP, CHF", "a, b or c"; open when it ends in "etc".
pub fn choice_list(group: &str) -> Option<(Vec<String>, bool)> {
    let lower = group.trim().to_ascii_lowercase();
    if ["e.g", "eg.", "f.e", "incl", "i.e", "see ", "like ", "for example", "such as"].iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    let parts: Vec<String> = if group.contains('|') {
        group.split('|').map(|p| p.trim().to_string()).collect()
    } else {
        let mut parts: Vec<String> = group.split(',').map(|p| p.trim().to_string()).collect();
        // "a, b or c, as above": a pointer after the values is none of them.
        if parts.len() > 2
            && parts
                .last()
                .is_some_and(|p| ["as above", "as before", "see above", "as below", "see below"].contains(&p.to_ascii_lowercase().as_str()))
        {
            parts.pop();
        }
        // "a, b or c": the last part holds two; "a, b, or c" one.
        if let Some(last) = parts.pop() {
            match last.split_once(" or ") {
                Some((a, b)) => parts.extend([a.trim().to_string(), b.trim().to_string()]),
                None => parts.push(last.strip_prefix("or ").unwrap_or(&last).to_string()),
            }
        }
        parts
    };
    // `"whole" for things like eggs`: a quoted value and what it is for.
    let parts: Vec<String> = parts.into_iter().filter(|p| !p.is_empty()).map(|p| quoted_head(&p).unwrap_or(p)).collect();
    let etc = parts.last().is_some_and(|p| is_etc(p));
    let choices: Vec<String> = parts.into_iter().filter(|p| !is_etc(p)).map(|p| unquote(&p)).collect();
    // Two values joined by `|`, or two codes ("TH1, TH2", "EUR, GBP"), are
    // a list; two words otherwise are as likely two notes.
    let codes = choices.iter().all(|c| c.chars().any(|ch| ch.is_ascii_uppercase()) && !c.chars().any(|ch| ch.is_lowercase() || ch == ' '));
    let min = if group.contains('|') || codes { 2 } else { 3 };
    let short = choices.iter().all(|c| is_value_word(c));
    // "(string, optional)" lists notes, not values.
    let notes = choices.iter().filter(|c| is_note_word(c)).count();
    (choices.len() >= min && short && notes == 0).then_some((choices, etc))
}

/// `"whole" for things like eggs` → `whole`: a part that opens with a
/// quoted value.
fn quoted_head(p: &str) -> Option<String> {
    let q = p.chars().next().filter(|c| matches!(c, '"' | '`' | '“'))?;
    let close = if q == '“' { '”' } else { q };
    let rest = &p[q.len_utf8()..];
    let end = rest.find(close)?;
    (end > 0 && !rest[end + close.len_utf8()..].trim().is_empty()).then(|| rest[..end].to_string())
}

fn is_etc(p: &str) -> bool {
    matches!(p.trim().to_ascii_lowercase().as_str(), "etc" | "etc." | "...")
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches(|c| c == '"' || c == '\'' || c == '`' || c == '“' || c == '”').trim().to_string()
}

/// A value as drafts write one: a word or a few, letters, digits, `_`, `-`.
fn is_value_word(c: &str) -> bool {
    let c = unquote(c);
    !c.is_empty()
        && c.split_whitespace().count() <= 3
        && c.chars().all(|ch| ch.is_alphanumeric() || matches!(ch, ' ' | '_' | '-' | '.'))
        && !c.chars().all(|ch| ch.is_ascii_digit() || ch == '.' || ch == '-')
}

/// Words that annotate an item rather than being one of its values.
fn is_note_word(c: &str) -> bool {
    let w = c.trim().to_ascii_lowercase();
    type_word(&w).is_some()
        || presence_word(&w).is_some()
        || w.starts_with("default")
        || w.starts_with("max")
        || w.starts_with("min")
        || w.starts_with("up to")
        || w.starts_with("at most")
        || w.starts_with("at least")
        || w.ends_with(" chars")
        || w.ends_with(" characters")
        || w.contains(" only")
        || w.starts_with("in ")
        || w.contains("missing")
        || (w.chars().count() > 2 && unit_word(&w).is_some())
}

/// "one of: available, rented, in_repair", "Status: open, picking, done or
/// cancelled", "One of pay_as_you_go, day_pass or annual".
fn one_of(outside: &str) -> Option<(Vec<String>, bool)> {
    let lower = outside.to_ascii_lowercase();
    // "one of", "The kind of area can be: a, b, c", "Possible values: …".
    let cue = ["one of", "can be:", "may be:", "possible values:", "allowed values:", "valid values:"]
        .iter()
        .filter_map(|c| lower.find(c).map(|i| i + c.len()))
        .min();
    let at = cue.or_else(|| {
        // "Status: a, b or c", "Channel: DESK or PORTAL" — a colon followed
        // by values joined with "or".
        let i = lower.find(": ")?;
        let rest = &lower[i + 2..];
        rest.split(['.', ';', '(']).next().is_some_and(|r| r.contains(" or ")).then_some(i + 1)
    })?;
    let rest = outside[at..].trim_start_matches([':', ' ']);
    let list = rest.split(['.', ';', '(']).next()?.trim();
    // After "one of" (or a label's colon), two values are a list too:
    // "one of: available, in_repair", "Channel: DESK or PORTAL".
    choice_list(list).or_else(|| two_choices(list))
}

/// "available, in_repair", "DESK or PORTAL": two single-word values.
fn two_choices(list: &str) -> Option<(Vec<String>, bool)> {
    let (a, b) = list.split_once(" or ").or_else(|| list.split_once(", ")).or_else(|| list.split_once(" | "))?;
    // A value written in capitals ("EMAIL") or quoted is a value even
    // where the word could be a note.
    let word = |raw: &str| {
        let w = unquote(raw);
        let marked = w.len() != raw.trim().len() || w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        !w.is_empty() && !w.contains(' ') && w.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') && (marked || !is_note_word(&w))
    };
    // "City or country": a sentence's capital, then a plain word, is prose.
    let capital = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase) && c.all(char::is_lowercase)
    };
    let plain = |w: &str| w.chars().all(char::is_lowercase);
    let sentence = capital(a.trim()) && plain(b.trim());
    (word(a) && word(b) && !sentence).then(|| (vec![unquote(a), unquote(b)], false))
}

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// "(Monday to Friday)": a range of weekday names is the list of them.
fn weekday_range(text: &str) -> Option<(Vec<String>, bool)> {
    let lower = text.to_ascii_lowercase();
    let at = |d: &str| lower.find(&d.to_ascii_lowercase());
    for (i, a) in WEEKDAYS.iter().enumerate() {
        for (j, b) in WEEKDAYS.iter().enumerate().skip(i + 1) {
            if let (Some(x), Some(y)) = (at(a), at(b)) {
                let between = &lower[x + a.len()..y.max(x + a.len())];
                // "Monday to Friday, as HH:MM-HH:MM" opens the item: it is
                // the item's name, not its values.
                if y > x && x > 0 && matches!(between.trim(), "to" | "-" | "–" | "through" | "until") {
                    return Some((WEEKDAYS[i..=j].iter().map(|d| d.to_string()).collect(), false));
                }
            }
        }
    }
    None
}

/// The type a clause names, if it is a type word ("int", "float, m/s^2",
/// "list of IDs", "unix seconds").
pub fn type_word(clause: &str) -> Option<Written> {
    let c = clause.trim().trim_end_matches('.').to_ascii_lowercase();
    // "A number", "a whole number from 1 to 6": the article says nothing.
    let c = match c.strip_prefix("a ").or_else(|| c.strip_prefix("an ")) {
        Some(rest) if !rest.starts_with("list of") => rest,
        _ => c.as_str(),
    };
    let starts = |w: &str| c == w || c.starts_with(&format!("{w} ")) || c.starts_with(&format!("{w},"));
    if let Some(rest) = ["list of ", "array of ", "a list of ", "set of "].iter().find_map(|p| c.strip_prefix(p)) {
        let elem = rest.trim_end_matches('s');
        let inner = type_word(elem)
            .or_else(|| type_word(rest))
            .or_else(|| (rest.ends_with("ids") || rest.ends_with("id")).then_some(Written::Id(None)));
        return Some(inner.map_or(Written::ListOf, |w| Written::List(Box::new(w))));
    }
    // "map pin" is no map: after a bare "map " the words must pair keys
    // with values.
    let bare_map = c.strip_prefix("map ").filter(|r| r.contains("->") || r.starts_with('('));
    if let Some(rest) = ["map of ", "map: ", "dictionary of ", "dict of "]
        .iter()
        .find_map(|p| c.strip_prefix(p))
        .or(bare_map)
        .or((c == "map").then_some(""))
    {
        let value = rest.split_once("->").or_else(|| rest.split_once(" to ")).map(|(_, v)| v.trim());
        let inner = value.and_then(type_word).unwrap_or(Written::Json);
        return Some(Written::Map(Box::new(inner)));
    }
    // "seconds since 1970", "ms since 1 Jan 1970".
    let since_1970 = c.contains("since 1970") || c.contains("since 1 jan 1970") || c.contains("since jan 1 1970");
    if c.contains("unix") || c.contains("epoch") || since_1970 {
        let ms = c.contains("ms") || c.contains("milli");
        return Some(Written::Time(if ms { TimeRepr::UnixMillis } else { TimeRepr::UnixSeconds }));
    }
    if c.contains("yyyy-mm-dd hh:mm") || c.contains("yyyy-mm-ddthh:mm") && !c.contains('z') {
        return Some(if c.contains('t') && c.contains("ddthh") {
            Written::Time(TimeRepr::Rfc3339)
        } else {
            Written::Time(TimeRepr::Local)
        });
    }
    let words: &[(&str, Written)] = &[
        ("int", Written::Int),
        ("integer", Written::Int),
        ("whole number", Written::Int),
        // "a decimal number": one with a fraction, not an exact amount.
        ("decimal number", Written::Float),
        ("long", Written::Int),
        ("uint", Written::Int),
        ("int32", Written::Int),
        ("int64", Written::Int),
        ("uint32", Written::Int),
        ("uint64", Written::Int),
        ("float32", Written::Float),
        ("float64", Written::Float),
        ("float", Written::Float),
        ("double", Written::Float),
        ("number", Written::Float),
        ("real", Written::Float),
        ("numeric", Written::Float),
        ("decimal", Written::Decimal),
        ("money", Written::Decimal),
        ("bool", Written::Bool),
        ("boolean", Written::Bool),
        ("true/false", Written::Bool),
        ("true / false", Written::Bool),
        ("yes/no", Written::Bool),
        ("yes / no", Written::Bool),
        ("string", Written::Text),
        ("text", Written::Text),
        ("str", Written::Text),
        ("url", Written::Text),
        ("uri", Written::Text),
        ("email", Written::Text),
        ("timestamp", Written::Time(TimeRepr::Rfc3339)),
        // "since?: ts" where the conventions say "Times (`ts`) are unix
        // seconds": the conventions then give the representation.
        ("ts", Written::Time(TimeRepr::Rfc3339)),
        ("utc timestamp", Written::Time(TimeRepr::Rfc3339)),
        ("datetime", Written::Time(TimeRepr::Rfc3339)),
        ("date-time", Written::Time(TimeRepr::Rfc3339)),
        ("date and time", Written::Time(TimeRepr::Rfc3339)),
        ("date/time", Written::Time(TimeRepr::Rfc3339)),
        ("rfc 3339", Written::Time(TimeRepr::Rfc3339)),
        ("rfc3339", Written::Time(TimeRepr::Rfc3339)),
        ("iso 8601 timestamp", Written::Time(TimeRepr::Rfc3339)),
        ("date", Written::Date),
        ("yyyy-mm-dd", Written::Date),
        ("iso date", Written::Date),
        ("hh:mm", Written::TimeOfDay),
        ("object", Written::Object),
        ("json object", Written::Object),
        ("dict", Written::Object),
        ("json", Written::Json),
        ("list", Written::ListOf),
        ("array", Written::ListOf),
        ("id", Written::Id(None)),
        ("identifier", Written::Id(None)),
        ("uuid", Written::Id(None)),
        ("ids", Written::List(Box::new(Written::Id(None)))),
    ];
    if let Some((_, w)) = words.iter().find(|(w, _)| c == *w) {
        return Some(w.clone());
    }
    // "float, m/s^2" was split before; "int metres", "string 17 chars".
    if let Some((_, w)) =
        words.iter().filter(|(w, _)| !matches!(*w, "number" | "text" | "date" | "long" | "real" | "list" | "id")).find(|(w, _)| starts(w))
    {
        return Some(w.clone());
    }
    // "member id", "bin ID", "user identifier": an id of a named noun.
    let ws: Vec<&str> = c.split_whitespace().collect();
    if let [noun @ .., last] = ws.as_slice() {
        if matches!(*last, "id" | "identifier") && (1..=2).contains(&noun.len()) && noun.iter().all(|w| w.chars().all(char::is_alphabetic))
        {
            return Some(Written::Id(Some(noun.join(" "))));
        }
    }
    None
}

/// Words that say whether an item may be missing.
pub(crate) fn presence_word(c: &str) -> Option<Presence> {
    let c = c.trim().trim_end_matches('.');
    // "`null` until the album has photos": the literal as a word.
    let unquoted = c.replace('`', "");
    let c = unquoted.as_str();
    // "empty string if there's none", "0 if never": present, with a value
    // that says "none".
    let unless_given = ["not given", "omitted", "left out", "not set", "not sent"].iter().any(|p| c.contains(p));
    if !unless_given && ["empty string", "empty list", "empty array", "an empty string", "an empty list"].iter().any(|p| c.starts_with(p)) {
        return Some(Presence::Required(c.to_string()));
    }
    // "it is absent when the file had no EXIF date", "also missing for
    // singles": the condition anywhere in the clause.
    const CONDITIONS: &[&str] = &[
        "absent when",
        "absent if",
        "absent for",
        "missing when",
        "missing if",
        "missing for",
        "null until",
        "null when",
        "null if",
        "omitted when",
        "omitted if",
        "left out when",
        "left out if",
        "not returned when",
        "not returned if",
        "not sent when",
        "present only",
        "only present",
        "only there",
    ];
    if CONDITIONS.iter().any(|p| c.contains(p)) {
        return Some(Presence::Optional(c.to_string()));
    }
    // "optional: yes", "required: no", "obligatory: y": a note and its answer.
    if let Some((name, answer)) = c.split_once(':') {
        let yes = match answer.trim() {
            "yes" | "y" | "true" | "x" => true,
            "no" | "n" | "false" | "-" => false,
            // "Optional: absent for a regular medicine".
            _ if matches!(name.trim(), "optional" | "nullable") => true,
            _ => return None,
        };
        let optional = match name.trim() {
            "optional" | "nullable" => yes,
            "required" | "mandatory" | "obligatory" => !yes,
            _ => return None,
        };
        return Some(if optional { Presence::Optional(c.to_string()) } else { Presence::Required(c.to_string()) });
    }
    const OPTIONAL: &[&str] = &[
        "optional",
        "optionally",
        "not mandatory",
        "facultative",
        "not required",
        "can be omitted",
        "may be omitted",
        "can be left out",
        "may be left out",
        "can be empty",
        "can be missing",
        "may be missing",
        "if known",
        "if unknown",
        "if any",
        "if available",
        "if set",
        "if given",
        "if present",
        "nullable",
        "or null",
        "might not be there",
        "may be absent",
        "may be null",
        "can be null",
        "might be missing",
        "not present",
        "if one was given",
        "if there are any",
        "optional-ish",
    ];
    const OPTIONAL_STARTS: &[&str] = &[
        "optional ",
        "leave out",
        "leave it out",
        "leave them out",
        "left out",
        "leave empty",
        "left empty",
        "missing while",
        "missing until",
        "missing on",
        "unset until",
        "unset if",
        "unset unless",
        "unset when",
        "unset while",
        "not set until",
        "absent while",
        "absent until",
        "null while",
        "null on",
        "null for",
        "empty when",
        "empty if",
        "empty while",
        "only when",
        "only if",
        "only for",
        "only on",
        "if you",
        "if they",
        "if the",
        "if it",
        "if there",
        "when known",
        "when set",
        "when given",
        "when available",
        "not always",
        "if you've got",
        "unless",
        "not present ",
        "only present",
        "only once",
        "once the ",
        "once it ",
        "once they ",
        "once observing",
        "once accepted",
        "once completed",
        "might be missing",
        "may be missing",
        "not there",
        "missing once",
        "null unless",
        "or null",
        "optional-ish",
    ];
    if OPTIONAL.contains(&c) || OPTIONAL_STARTS.iter().any(|p| c.starts_with(p)) {
        return Some(Presence::Optional(c.to_string()));
    }
    // "e-bikes only", "seated venues only": present for some records.
    // "output only", "read-only" say who writes it, not that it may be missing.
    let writer = ["output only", "read only", "response only", "server only"].iter().any(|w| c.ends_with(w));
    if c.ends_with(" only") && c.split_whitespace().count() <= 4 && !writer {
        return Some(Presence::Optional(c.to_string()));
    }
    if matches!(c, "required" | "mandatory" | "always" | "always present" | "must be given") {
        return Some(Presence::Required(c.to_string()));
    }
    None
}

/// A unit a word names.
fn unit_word(c: &str) -> Option<&'static str> {
    let w = c.trim().trim_start_matches("in ").trim();
    Some(match w {
        "m" | "metre" | "metres" | "meter" | "meters" => "metre",
        "km" | "kilometres" | "kilometers" => "kilometre",
        "s" | "sec" | "secs" | "second" | "seconds" => "second",
        "ms" | "millisecond" | "milliseconds" => "millisecond",
        "min" | "mins" | "minute" | "minutes" => "minute",
        "h" | "hour" | "hours" => "hour",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" => "year",
        "%" | "percent" | "per cent" | "percentage" => "percent",
        "cents" | "pence" | "cent" => "cent",
        "g" | "gram" | "grams" => "gram",
        "kg" | "kilograms" => "kilogram",
        "m/s^2" | "m/s²" | "m/s2" => "m/s2",
        "km/h" | "kmh" => "km/h",
        "degrees" | "degree" | "deg" | "°" => "degree",
        "°c" | "celsius" | "degrees celsius" => "celsius",
        "bytes" => "byte",
        "watt" | "watts" => "watt",
        "kw" | "kilowatt" | "kilowatts" => "kilowatt",
        "kwh" | "kilowatt-hour" | "kilowatt-hours" | "kilowatt hours" => "kilowatt-hour",
        "volt" | "volts" => "volt",
        "amp" | "amps" | "ampere" | "amperes" => "ampere",
        _ => return None,
    })
}

/// One clause: a presence, a type, a default, bounds, a unit, an example,
/// a place. `aside` is true inside parentheses, where a lone type word is a
/// type; in the name-bearing text only explicit phrases count.
fn clause_fact(n: &mut Notes, clause: &str, aside: bool) {
    let c = clause.trim().trim_end_matches(['.', ':']).trim();
    // "string or null": the type, and the field may be missing.
    let c = match c.strip_suffix(" or null").filter(|rest| !rest.trim().is_empty()) {
        Some(rest) => {
            n.presence.get_or_insert(Presence::Optional(c.to_string()));
            rest.trim()
        }
        None => c,
    };
    let lower = c.to_ascii_lowercase();
    if lower.is_empty() {
        return;
    }
    if let Some(p) = presence_word(&lower) {
        // A requirement stated by a condition ("required for receipt and
        // transfer") leaves the item optional in general.
        if n.presence.is_none() || matches!(p, Presence::Optional(_)) {
            n.presence = Some(p);
        }
        return;
    }
    // "phone number if you've got one", "e-mail if known": the condition
    // inside the name-bearing words.
    const INSIDE: &[&str] = &[
        " if you",
        " if they",
        " if it's",
        " if known",
        " if any",
        " if available",
        " if there is",
        " if there's",
        " when known",
        " when available",
        " leave out",
        " left out",
        " leave empty",
        " (optional",
        " or leave ",
    ];
    if INSIDE.iter().any(|w| lower.contains(w)) {
        n.presence.get_or_insert(Presence::Optional(lower.clone()));
    }
    if lower.starts_with("required for") || lower.starts_with("required when") || lower.starts_with("required if") {
        n.presence.get_or_insert(Presence::Optional(lower.clone()));
        return;
    }
    if let Some(rest) =
        strip_any(&lower, &["defaults to ", "default is ", "default: ", "default=", "default ", "per default ", "by default "])
    {
        // The value as written (`PORTAL`, `"EUR"`), not lower-cased.
        let rest = &c[c.len() - rest.len()..];
        let words = rest.trim().trim_end_matches('.').to_string();
        // "default 0 = return at once": the value before what it means.
        let value = words.split(" = ").next().unwrap_or(&words);
        n.default = literal(value);
        n.default_words = Some(words);
        n.presence.get_or_insert(Presence::Optional(c.to_string()));
        return;
    }
    // "newest is the default": the value before the cue.
    for cue in [" is the default", " is default"] {
        if let Some(value) = lower.strip_suffix(cue) {
            if let Some(v) = literal(&c[..value.len()]) {
                n.default = Some(v);
                n.default_words = Some(c[..value.len()].to_string());
                n.presence.get_or_insert(Presence::Optional(c.to_string()));
                return;
            }
        }
    }
    // "starts at 1, which is also the default": the number just stated.
    if lower.starts_with("which is also the default") || lower.starts_with("which is the default") || lower == "also the default" {
        if let Some(m) = n.minimum.clone() {
            n.default = Some(m.clone());
            n.default_words = Some(m.to_string());
            n.presence.get_or_insert(Presence::Optional(c.to_string()));
        }
        return;
    }
    // "false if not given", "20 if not given", "EUR if left out".
    for cue in [" if not given", " if not set", " if omitted", " if left out", " if not sent", " when not given", " when omitted"] {
        if let Some(value) = lower.strip_suffix(cue) {
            if let Some(v) = literal(&c[..value.len()]) {
                n.default = Some(v);
                n.default_words = Some(c[..value.len()].to_string());
                n.presence.get_or_insert(Presence::Optional(c.to_string()));
                return;
            }
        }
    }
    // "(string, YYYY-MM-DD)": a text written in a date or time format is
    // that date or time.
    let refines = |w: &Written| matches!(w, Written::Date | Written::Time(_)) && n.written == Some(Written::Text);
    if aside && (n.written.is_none() || type_word(&lower).is_some_and(|w| refines(&w))) {
        if let Some(w) = type_word(&lower) {
            n.written = Some(w);
            // "float, m/s^2" and "int metres" carry a unit after the type.
            if let Some(u) = lower.split_whitespace().skip(1).find_map(unit_word) {
                n.unit = Some(u.to_string());
            }
            return;
        }
    }
    if lower.contains("decimal places") || lower.contains("two decimals") || lower.contains("2 decimals") || lower.contains("with decimals")
    {
        n.decimals = true;
    }
    for p in ["query parameter", "query param", "(query)", "in the query"] {
        if lower.contains(p) || (aside && lower == "query") {
            n.location = Some(Place::Query);
        }
    }
    if (lower == "path" && aside)
        || lower.contains("part of the address")
        || lower.starts_with("in the address")
        || lower.contains("part of the path")
        || lower.contains("part of the url")
        || lower.contains("in the path")
        || lower.contains("in the url")
        || lower == "path parameter"
    {
        n.location = Some(Place::Path);
    }
    if lower.contains("header") && aside {
        n.location = Some(Place::Header);
    }
    if let Some(rest) = strip_any(&lower, &["like ", "e.g. ", "e.g.", "eg ", "for example ", "such as ", "example: ", "ex. "]) {
        n.example.get_or_insert_with(|| unquote(rest.trim()));
        return;
    }
    bounds(n, &lower, aside);
    if n.unit.is_none() {
        if let Some(u) = unit_word(&lower).or_else(|| unit_after_in(&lower)) {
            n.unit = Some(u.to_string());
        }
    }
}

/// "Odometer in metres", "Timeout in ms", "Fare in EUR": the unit after
/// "in".
fn unit_after_in(lower: &str) -> Option<&'static str> {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let i = words.iter().position(|w| *w == "in")?;
    let next = words.get(i + 1)?;
    unit_word(next).or_else(|| unit_word(&words[i + 1..].join(" ")))
}

fn strip_any<'a>(s: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    prefixes.iter().find_map(|p| s.strip_prefix(p))
}

/// A default written as a literal: a number, true/false, yes/no, a quoted
/// or single-word value.
fn literal(words: &str) -> Option<Value> {
    let w = words.trim().trim_end_matches('.');
    if let Some(n) = number(w) {
        return Some(n);
    }
    match w {
        "true" | "yes" | "on" => return Some(Value::Bool(true)),
        "false" | "no" | "off" => return Some(Value::Bool(false)),
        _ => {}
    }
    let q = unquote(w);
    (q.split_whitespace().count() == 1 && q.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')).then_some(Value::String(q))
}

/// A JSON number from text ("50", "-90", "2.0", "3,000").
fn number(s: &str) -> Option<Value> {
    let t = s.trim().replace(',', "");
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::from(i));
    }
    let f = t.parse::<f64>().ok().filter(|f| f.is_finite())?;
    serde_json::Number::from_f64(f).map(Value::Number)
}

/// Bounds: ranges ("0-359", "1 to 10", "from 1 to 5", "between 6 and 60",
/// "-90 to 90"), limits ("max 200", "at most 100", "up to 3,000
/// characters", "at least 8 characters") and lengths ("17 chars").
fn bounds(n: &mut Notes, lower: &str, aside: bool) {
    // A date or a time is an example, not a range ("2024-05-18").
    let dated = lower.split_whitespace().any(|w| {
        let parts: Vec<&str> = w.trim_matches(|c: char| !c.is_ascii_digit()).split('-').collect();
        parts.len() >= 3 && parts[0].len() == 4 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    });
    if dated {
        return;
    }
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let chars = |i: usize| {
        tokens.get(i).is_some_and(|w| w.starts_with("char") || w.starts_with("letter") || w.starts_with("symbol") || w.starts_with("digit"))
    };
    for (i, w) in tokens.iter().enumerate() {
        let prev = if i > 0 { tokens[i - 1] } else { "" };
        let prev2 = if i > 1 { tokens[i - 2] } else { "" };
        let lim = |n: &mut Notes, v: Value, max: bool, len_at: usize| {
            if chars(len_at) {
                let l = v.as_f64().map(|f| f as u64);
                if max {
                    n.max_length = l;
                } else {
                    n.min_length = l;
                }
            } else if max {
                n.maximum = Some(v);
            } else {
                n.minimum = Some(v);
            }
        };
        // "max 200", "at most 100", "up to 60", "no more than 5", "under
        // 9", "less than 9"; "min 1", "at least 8", "more than 0", "over 25"
        let prev3 = if i > 2 { tokens[i - 3] } else { "" };
        let than = prev == "than";
        let is_max = matches!(prev, "max" | "maximum" | "max." | "<=" | "≤" | "<" | "under" | "below")
            || (prev == "most" && prev2 == "at")
            || (prev == "to" && prev2 == "up")
            || (than && matches!(prev2, "less" | "fewer" | "lower" | "smaller"))
            || (than && prev2 == "more" && prev3 == "no");
        let is_min = matches!(prev, "min" | "minimum" | "min." | ">=" | "≥" | ">" | "over" | "above")
            || (prev == "at" && matches!(prev2, "starts" | "start" | "starting" | "begins"))
            || (prev == "least" && prev2 == "at")
            || (than && matches!(prev2, "more" | "greater" | "higher" | "larger") && prev3 != "no");
        if let Some(v) = number(w.trim_end_matches([',', '.'])) {
            // "at most 50 MB (52428800)": the number the size stands for.
            let v = scaled(v, tokens.get(i + 1).copied(), tokens.get(i + 2).copied());
            if is_max {
                lim(n, v, true, i + 1);
                continue;
            }
            if is_min {
                lim(n, v, false, i + 1);
                continue;
            }
            // "1 to 10", "between 6 and 60", "from 1 to 5"
            if let (Some(sep), Some(b)) = (tokens.get(i + 1), tokens.get(i + 2).and_then(|b| number(b.trim_end_matches([',', '.'])))) {
                // "1 or 2" alone: the two values a small number takes.
                let either = *sep == "or" && tokens.len() == 3;
                if (matches!(*sep, "to" | "and" | "-" | "–" | "through") && (*sep != "and" || prev == "between")) || either {
                    set_range(n, v, b, chars(i + 3));
                    return;
                }
            }
            // "17 chars": an exact length.
            if chars(i + 1) && aside {
                let l = v.as_f64().map(|f| f as u64);
                n.min_length = l;
                n.max_length = l;
                continue;
            }
        }
        // "0-359", "-90-90", "5–35"
        if let Some((a, b)) = dash_range(w) {
            set_range(n, a, b, chars(i + 1));
            return;
        }
    }
}

/// A bound written with a size unit is a count of bytes: "50 MB" is
/// 52428800, or the number written after it in parentheses.
fn scaled(v: Value, unit: Option<&str>, after: Option<&str>) -> Value {
    let unit = unit.map(|u| u.trim_end_matches([',', '.', ';', ')'])).unwrap_or("");
    let power = match unit {
        "kb" | "kib" => 1,
        "mb" | "mib" => 2,
        "gb" | "gib" => 3,
        "tb" | "tib" => 4,
        _ => return v,
    };
    let written = after.map(|a| a.trim_matches(|c: char| !c.is_ascii_digit())).and_then(|a| a.parse::<u64>().ok());
    match (written, v.as_f64()) {
        (Some(bytes), _) => Value::from(bytes),
        (None, Some(f)) => Value::from((f * 1024f64.powi(power)) as u64),
        _ => v,
    }
}

/// A range read from the prose: of the length when it counts characters,
/// else of the value.
fn set_range(n: &mut Notes, a: Value, b: Value, length: bool) {
    if length {
        n.min_length = a.as_f64().map(|f| f as u64);
        n.max_length = b.as_f64().map(|f| f as u64);
    } else {
        n.minimum = Some(a);
        n.maximum = Some(b);
    }
}

/// `0-359`, `-90-90`, `1.0–3.0`: two numbers joined by a dash, the first
/// not above the second.
fn dash_range(w: &str) -> Option<(Value, Value)> {
    let w = w.trim_end_matches([',', '.', ')']).trim_start_matches('(');
    let body = w.strip_prefix('-').unwrap_or(w);
    let sign = if body.len() < w.len() { "-" } else { "" };
    let (a, b) = body.split_once(['-', '–'])?;
    let a = number(&format!("{sign}{a}"))?;
    let b = number(b)?;
    (a.as_f64()? <= b.as_f64()?).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_written_in_asides() {
        assert_eq!(read("year (int, optional)").written, Some(Written::Int));
        assert_eq!(read("accel (float, m/s^2, optional)").written, Some(Written::Float));
        assert_eq!(read("created_at (timestamp)").written, Some(Written::Time(TimeRepr::Rfc3339)));
        assert_eq!(read("Hold until (unix seconds)").written, Some(Written::Time(TimeRepr::UnixSeconds)));
        assert_eq!(read("created: unix seconds").written, Some(Written::Time(TimeRepr::UnixSeconds)));
        assert_eq!(read("version: integer, +1 on every change").written, Some(Written::Int));
        assert_eq!(read("Name shown in the app").written, None);
        assert_eq!(read("joined (date)").written, Some(Written::Date));
        assert_eq!(read("Settings (object)").written, Some(Written::Object));
        assert_eq!(read("by_app (map: app name -> downloads)").written, Some(Written::Map(Box::new(Written::Json))));
        assert_eq!(read("scores (map of string to int)").written, Some(Written::Map(Box::new(Written::Int))));
        assert_eq!(read("Tags (list of strings)").written, Some(Written::List(Box::new(Written::Text))));
        assert_eq!(read("who's got it (member id, empty if it's free)").written, Some(Written::Id(Some("member".into()))));
        assert_eq!(read("Visit time (\"YYYY-MM-DD HH:MM\")").written, Some(Written::Time(TimeRepr::Local)));
        assert_eq!(read("Start time (HH:MM)").written, Some(Written::TimeOfDay));
        assert_eq!(read("child lock (true/false)").written, Some(Written::Bool));
    }

    #[test]
    fn optional_in_any_position_and_words() {
        for t in [
            "year (int, optional)",
            "limit (optional, default 50, max 200)",
            "reply to (message id, optional)",
            "Ended at (timestamp, missing while the trip is open)",
            "E-mail address (not mandatory)",
            "Phone (facultative)",
            "phone number if you've got one",
            "how many years you've been gardening - leave out if you'd rather not say",
            "Battery level in percent (e-bikes only)",
            "Seat (if the venue is seated)",
        ] {
            assert!(matches!(read(t).presence, Some(Presence::Optional(_))), "{t}");
        }
        assert!(matches!(read("`customer_id` (string, required): the customer").presence, Some(Presence::Required(_))));
        assert_eq!(read("Room ID").presence, None);
        for t in [
            "`coverPhotoId` — photo used as the cover, `null` until the album has photos",
            "`takenAt` comes from EXIF; it is absent when the file had no EXIF date.",
            "album title, also missing for singles",
        ] {
            assert!(matches!(read(t).presence, Some(Presence::Optional(_))), "{t}");
        }
        assert!(matches!(read("description, empty string if there's none").presence, Some(Presence::Required(_))));
    }

    #[test]
    fn bounds_defaults_and_lengths() {
        let n = read("limit (optional, default 50, max 200)");
        assert_eq!((n.default, n.maximum), (Some(json!(50)), Some(json!(200))));
        let n = read("heading_deg (int, 0-359)");
        assert_eq!((n.minimum, n.maximum), (Some(json!(0)), Some(json!(359))));
        let n = read("Declination in degrees (-90 to 90)");
        assert_eq!((n.minimum, n.maximum), (Some(json!(-90)), Some(json!(90))));
        let n = read("Star rating from 1 to 5");
        assert_eq!((n.minimum, n.maximum), (Some(json!(1)), Some(json!(5))));
        let n = read("Duration in months, between 6 and 60");
        assert_eq!((n.minimum, n.maximum), (Some(json!(6)), Some(json!(60))));
        let n = read("VIN (string, 17 chars)");
        assert_eq!((n.written, n.min_length, n.max_length), (Some(Written::Text), Some(17), Some(17)));
        assert_eq!(read("Abstract: a summary, up to 3,000 characters").max_length, Some(3000));
        assert_eq!(read("password (at least 8 characters)").min_length, Some(8));
        assert_eq!(read("Airmass limit (optional, default 2.0; between 1.0 and 3.0)").default, Some(json!(2.0)));
        assert_eq!(read("dates look like 2024-05-18").minimum, None);
        // Dotted and colon forms.
        let n = read("entries per page (Integer, optional: yes, default: 20, max. 100)");
        assert_eq!((n.default, n.maximum), (Some(json!(20)), Some(json!(100))));
        assert!(matches!(n.presence, Some(Presence::Optional(_))));
        let n = read("number of full storeys (Integer, optional: yes, min. 1, max. 30)");
        assert_eq!((n.minimum, n.maximum), (Some(json!(1)), Some(json!(30))));
        assert_eq!(read("simplified procedure (Boolean, optional: yes, default: false)").default, Some(json!(false)));
        assert_eq!(read("time of day (optional: yes, default: forenoon)").default, Some(json!("forenoon")));
        assert_eq!(read("since (seconds since 1970)").written, Some(Written::Time(TimeRepr::UnixSeconds)));
        assert_eq!(read("Due date (string, YYYY-MM-DD)").written, Some(Written::Date));
        assert_eq!(read("Code (string, 17 chars)").written, Some(Written::Text));
        let n = read("received from (Date (YYYY-MM-DD), optional: yes)");
        assert_eq!(n.written, Some(Written::Date));
    }

    #[test]
    fn values_written_as_code_are_choices() {
        let lits = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let got = literal_choices(
            "kind (string): hot (anyone can book), dedicated (one member's), standing",
            &lits(&["kind", "hot", "dedicated", "standing"]),
        );
        assert_eq!(got.unwrap().0, ["hot", "dedicated", "standing"]);
        assert_eq!(literal_choices("zone (string): quiet or buzz", &lits(&["zone", "quiet", "buzz"])).unwrap().0, ["quiet", "buzz"]);
        // Prose around a literal, or one value alone, lists nothing.
        assert_eq!(literal_choices("company (string): send null to clear it", &lits(&["company", "null"])), None);
        assert_eq!(literal_choices("cursor (string): nextCursor from the last page", &lits(&["cursor", "nextCursor"])), None);
        assert_eq!(literal_choices("zone (string): quiet or buzz", &lits(&["zone"])), None);
    }

    #[test]
    fn choices_as_written() {
        assert_eq!(read("Currency (EUR, GBP, CHF)").choices, Some((vec!["EUR".into(), "GBP".into(), "CHF".into()], false)));
        assert_eq!(read("fuel_type (diesel | petrol | electric | hybrid)").choices.unwrap().0.len(), 4);
        assert_eq!(read("Status, one of: available, rented, in_repair").choices.unwrap().0, ["available", "rented", "in_repair"]);
        assert_eq!(
            read("Cover (Text): third_party, fire_theft or comprehensive, as above.").choices.unwrap().0,
            ["third_party", "fire_theft", "comprehensive"]
        );
        let kinds = read("kind of area The kind of area can be: residential area, mixed area, outer area.").choices.unwrap().0;
        assert_eq!(kinds, ["residential area", "mixed area", "outer area"]);
        assert_eq!(read("Decision (fund, reject, fund with changes)").choices.unwrap().0[2], "fund with changes");
        assert_eq!(read("Weekday (Monday to Friday)").choices.unwrap().0.len(), 5);
        assert_eq!(read("Monday to Friday, as \"HH:MM-HH:MM\"").choices, None);
        assert_eq!(read("Location (text): City or country").choices, None);
        assert_eq!(read("sizeBytes (integer) - at most 50 MB (52428800)").maximum, Some(Value::from(52428800u64)));
        assert_eq!(read("size (integer): at most 2 KB").maximum, Some(Value::from(2048u64)));
        assert_eq!(read("Channel: DESK or PORTAL").choices.unwrap().0.len(), 2);
        assert_eq!(read("Status: open, picking, done or cancelled").choices.unwrap().0, ["open", "picking", "done", "cancelled"]);
        assert_eq!(read("accel (float, m/s^2, optional)").choices, None);
    }

    #[test]
    fn keys_units_places_and_examples() {
        assert_eq!(read("odometer_m (int, metres)").key.as_deref(), Some("odometer_m"));
        assert_eq!(read("customer_id (string, required): the customer").key.as_deref(), Some("customer_id"));
        assert_eq!(read("Odometer in metres").key, None);
        assert_eq!(read("Odometer in metres").unit.as_deref(), Some("metre"));
        assert_eq!(read("vehicle id (path)").location, Some(Place::Path));
        assert_eq!(read("size in square metres (like 12.5)").example.as_deref(), Some("12.5"));
        assert!(read("Fare in EUR with two decimals").decimals);
    }
}
#[cfg(test)]
mod written_values {
    use super::read;
    use serde_json::json;

    fn choices(t: &str) -> Vec<String> {
        read(t).choices.map(|c| c.0).unwrap_or_default()
    }

    #[test]
    fn values_as_drafts_write_them() {
        assert_eq!(choices("Channel: SMS or EMAIL"), ["SMS", "EMAIL"]);
        assert_eq!(choices("The unit (g, kg, ml, cup, or \"whole\" for things like eggs)"), ["g", "kg", "ml", "cup", "whole"]);
        assert_eq!(choices("Oldest or newest first (\"oldest\" or \"newest\", newest is the default)"), ["oldest", "newest"]);
        assert_eq!(read("Oldest or newest first (\"oldest\" or \"newest\", newest is the default)").default, Some(json!("newest")));
        assert_eq!(choices("model (TH1, TH2)"), ["TH1", "TH2"]);
        // Two lower-case words are as likely two notes.
        assert!(choices("Name (string, optional)").is_empty());
        let binning = read("Binning, 1 or 2 (optional, default 1)");
        assert_eq!((binning.minimum, binning.maximum), (Some(json!(1)), Some(json!(2))));
        // Missing sometimes, however the draft says it.
        for t in [
            "next_cursor (string or null)",
            "next page token (not there when there's no more)",
            "published_at (ts, null unless published)",
            "Sunday, same format, or null when closed",
            "timezone (optional-ish, you get UTC if you leave it out)",
        ] {
            assert!(matches!(read(t).presence, Some(super::Presence::Optional(_))), "{t}");
        }
        assert_eq!(read("next_cursor (string or null)").written, Some(super::Written::Text));
        let page = read("Page number (starts at 1, which is also the default)");
        assert_eq!((page.minimum, page.default), (Some(json!(1)), Some(json!(1))));
    }
}
