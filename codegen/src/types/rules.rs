//! Phrase rules: what a prose item's words say of its type, one predicate
//! per rule. [`super::infer`] tries them in a fixed order.

use super::names::{head, is_function_word, singular, strip_leading, type_name};
use super::{IdType, TokenType, Vocab};

/// An input that identifies the caller: "User ID (for auth)", "A way of
/// identifying the user …", "Auth key …", "you need to be logged in",
/// "Rider token (Authorization header)", "API key", "Access token".
pub fn is_auth(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    if t.contains("(for auth)") || t.starts_with("a way of identifying the user") || t.starts_with("auth key") {
        return true;
    }
    if ["logged in", "signed in", "authenticated", "authorization header", "bearer token", "bearer header", "api key"]
        .iter()
        .any(|p| t.contains(p))
    {
        return true;
    }
    let h = head(text).to_ascii_lowercase();
    let words: Vec<&str> = h.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    let credential = words.last().is_some_and(|w| matches!(*w, "token" | "key" | "apikey"));
    let of_caller = words.iter().any(|w| {
        matches!(*w, "access" | "api" | "auth" | "authentication" | "session" | "bearer" | "device" | "rider" | "mechanic" | "user")
    });
    credential && (of_caller || t.contains("header"))
}

/// "Whether …", "flag to say if …" → bool.
pub fn is_bool(head: &str) -> bool {
    let t = head.to_ascii_lowercase();
    t.starts_with("whether") || t.starts_with("flag ") || t.starts_with("is ") || t.starts_with("has ")
}

/// A closed list of choices: `(online, offline, away, etc)` in parentheses,
/// or `before / after / around` in a "Whether…"/"Which…" item. Returns the
/// choices and whether the list is open ("etc").
pub fn closed_list(text: &str) -> Option<(Vec<String>, bool)> {
    paren_choices(text).or_else(|| slash_choices(text))
}

fn paren_choices(text: &str) -> Option<(Vec<String>, bool)> {
    let open = text.find('(')?;
    let close = open + text[open..].find(')')?;
    let inner = text[open + 1..close].trim();
    let lower = inner.to_ascii_lowercase();
    if ["e.g", "eg.", "f.e", "incl", "i.e", "see "].iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    let parts: Vec<&str> = inner.split([',', '|']).map(str::trim).filter(|p| !p.is_empty()).collect();
    let etc = parts.last().is_some_and(|p| p.eq_ignore_ascii_case("etc") || p.eq_ignore_ascii_case("etc."));
    let choices: Vec<String> =
        parts.iter().filter(|p| !p.eq_ignore_ascii_case("etc") && !p.eq_ignore_ascii_case("etc.")).map(|p| p.to_string()).collect();
    let short =
        choices.iter().all(|c| c.split_whitespace().count() <= 3 && c.chars().all(|ch| ch.is_alphabetic() || ch == ' ' || ch == '_'));
    (choices.len() >= 3 && short).then_some((choices, etc))
}

fn slash_choices(text: &str) -> Option<(Vec<String>, bool)> {
    let h = head(text);
    let lower = h.to_ascii_lowercase();
    if !(lower.starts_with("whether") || lower.starts_with("which")) {
        return None;
    }
    let joined = h.replace(" / ", "/");
    let word = joined.split_whitespace().find(|w| w.contains('/'))?;
    let choices: Vec<String> = word.split('/').map(str::to_string).collect();
    let ok = choices.len() >= 3 && choices.iter().all(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_lowercase()));
    ok.then_some((choices, false))
}

/// Counts and limits: "limit", "Max number of …", "Total number of …",
/// "# users", "Which 'page' …".
pub fn is_count(head: &str) -> bool {
    let core = strip_leading(head).to_ascii_lowercase();
    let words: Vec<&str> = core.split(|c: char| !c.is_alphanumeric() && c != '#').filter(|w| !w.is_empty()).collect();
    // A cursor or token of a page is opaque text, not a number.
    if words.iter().any(|w| matches!(*w, "cursor" | "token" | "id" | "ids")) {
        return false;
    }
    // Quantities with a unit: "Weight in grams", "Timeout in ms".
    if words.iter().any(|w| UNITS.contains(w)) || words.first().is_some_and(|w| MEASURES.contains(w)) {
        return true;
    }
    let first = core.split(|c: char| !c.is_alphanumeric() && c != '#').find(|w| !w.is_empty()).unwrap_or("");
    // "Number of health insurance card" names one card: an identifier,
    // not a count ("Number of pages" is).
    if let Some(rest) = core.strip_prefix("number of ") {
        let noun = rest.split_whitespace().find(|w| !is_function_word(w)).unwrap_or("");
        if !noun.ends_with('s') {
            return false;
        }
    }
    // "How many are left", "Serves how many", "The project year".
    if core.contains("how many") || matches!(words.last(), Some(&"year" | &"age")) {
        return true;
    }
    ["max number of", "total number of", "number of", "#", "max #"].iter().any(|p| core.starts_with(p))
        || matches!(first, "limit" | "count" | "page" | "total" | "timeout" | "size" | "timestamp" | "age" | "offset")
}

/// Units that make a phrase a whole-number quantity.
const UNITS: &[&str] = &[
    "grams",
    "kilograms",
    "bytes",
    "seconds",
    "milliseconds",
    "ms",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "cents",
    "pixels",
    "px",
];
/// Nouns of measured quantities.
const MEASURES: &[&str] = &["weight", "height", "width", "length", "duration", "quantity", "port", "priority", "rank", "capacity", "size"];

/// Free content: "Content[s]", "Message contents", "New value", "key/values".
pub fn is_content(head: &str) -> bool {
    let t = head.to_ascii_lowercase();
    t.contains("content") || t.contains("key/value") || t.ends_with(" value") || t == "value" || t.ends_with(" json")
}

/// A list: "List of …", "A list of …", "A set of …", or a first noun phrase
/// that is plural ("Which room IDs"). Returns the element's phrase.
pub fn list_element(head: &str) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    for p in
        ["a list of ", "list of ", "a set of ", "set of ", "a chunk of ", "chunk of ", "a page of ", "page of ", "a batch of ", "batch of "]
    {
        if let Some(i) = lower.find(p) {
            if i == 0 || lower[..i].split_whitespace().count() <= 1 {
                return Some(singular_phrase(&first_phrase(&head[i + p.len()..])));
            }
        }
    }
    let phrase = first_phrase(strip_leading(head));
    let last = phrase.split_whitespace().last()?;
    // "Confidential comments", "notes from whoever had it before": free
    // text, though plural.
    if MASS_TEXT.contains(&last.to_ascii_lowercase().as_str()) {
        return None;
    }
    let plural =
        last.ends_with("IDs") || (last.len() > 3 && last.ends_with('s') && !["ss", "us", "is", "as"].iter().any(|e| last.ends_with(e)));
    plural.then(|| singular_phrase(&phrase))
}

/// Plurals that name one free text.
const MASS_TEXT: &[&str] = &["comments", "notes", "remarks", "instructions", "directions", "thoughts"];

/// The words before the first relative word or preposition.
pub(crate) fn first_phrase(s: &str) -> String {
    let stop = |w: &str| is_function_word(&w.to_ascii_lowercase()) || w.eq_ignore_ascii_case("specified");
    s.split_whitespace().take_while(|w| !stop(w)).collect::<Vec<_>>().join(" ")
}

pub(crate) fn singular_phrase(phrase: &str) -> String {
    let mut words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        *last = singular(last);
    }
    words.join(" ")
}

/// An identifier the phrase names, ending it or followed by a function
/// word: "Room ID", "Event ID to mark up to", "Invite event ID" (an
/// "event ID"), "Notebook IDs", or a phrase an overlay id declares ("room
/// alias"). Returns the id's Rust name and, for an id only the prose
/// names, its type.
pub fn identifier(phrase: &str, vocab: &Vocab) -> Option<(String, Option<IdType>)> {
    // `warehouseId` is "warehouse id".
    let mut spaced = String::with_capacity(phrase.len() + 4);
    let mut prev_lower = false;
    for c in phrase.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        spaced.push(c);
    }
    let lower = spaced.to_ascii_lowercase();
    // "The recipe's id": the word before an apostrophe.
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.split(['\'', '’']).next().unwrap_or(""))
        .filter(|w| !w.is_empty())
        .collect();
    let ends_phrase = |after: Option<&&str>| after.is_none_or(|w| is_function_word(w));
    for id in &vocab.ids {
        for w in &id.words {
            let n = w.split_whitespace().count();
            if let Some(i) = (0..words.len().saturating_sub(n - 1)).find(|&i| words[i..i + n].join(" ") == *w) {
                if ends_phrase(words.get(i + n)) {
                    return Some((id.name.clone(), None));
                }
            }
        }
    }
    let at = words.iter().position(|w| matches!(*w, "id" | "ids" | "identifier" | "identifiers"))?;
    // "Id of practitioner", "The id of the patient": the noun after "of".
    let of_noun = || {
        (words.get(at + 1) == Some(&"of")).then(|| words[at + 2..].iter().copied().find(|w| !is_function_word(w) && *w != "one")).flatten()
    };
    let before = at.checked_sub(1).map(|i| words[i]).filter(|q| !is_function_word(q));
    let qualifier = match (before, of_noun()) {
        (None, Some(n)) => n,
        (Some(q), _) => q,
        (None, None) => return None,
    };
    if (before.is_some() && !ends_phrase(words.get(at + 1))) || qualifier.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let qualifier = singular(qualifier);
    let words = format!("{qualifier} id");
    let name = type_name(&words);
    let known = vocab.ids.iter().any(|i| i.name == name);
    Some((name.clone(), (!known).then(|| IdType::inferred(&name, &words))))
}

/// The shared type the phrase's head noun names (`[types.Event]` with
/// `words = ["event"]`: "State events", "Invite event").
pub fn shared(phrase: &str, vocab: &Vocab) -> Option<String> {
    let lower = phrase.to_ascii_lowercase();
    let last = lower.split(|c: char| !c.is_alphanumeric()).rfind(|w| !w.is_empty())?;
    let noun = singular(last);
    vocab.shared.iter().find(|(_, words)| words.iter().any(|w| *w == noun || *w == lower)).map(|(n, _)| n.clone())
}

/// A Terminology token: the phrase names it ("chunk token") or starts with
/// its qualifier ("Filter to apply" for "Filter token").
pub fn token<'a>(phrase: &str, tokens: &'a [TokenType], at_start_only: bool) -> Option<&'a TokenType> {
    let lower = phrase.to_ascii_lowercase();
    tokens.iter().find(|t| {
        let term = t.term.to_ascii_lowercase();
        let qualifier = term.split_whitespace().next().unwrap_or("");
        if at_start_only {
            // "Filter to apply" names a filter token; "chunk of events" does
            // not name a chunk token.
            let mut words = lower.split_whitespace();
            lower.starts_with(&term) || (words.next() == Some(qualifier) && words.next() != Some("of"))
        } else {
            lower.contains(&term)
        }
    })
}

/// Events without a shared type are free JSON objects.
pub fn is_event(phrase: &str) -> bool {
    let last = phrase.split_whitespace().last().unwrap_or("").to_ascii_lowercase();
    matches!(last.as_str(), "event" | "events")
}

/// Names, texts, keys, URLs, types, hashes, aliases, servers → String.
pub fn is_text(phrase: &str) -> bool {
    const WORDS: &[&str] = &[
        "text",
        "name",
        "url",
        "alias",
        "localpart",
        "key",
        "hash",
        "type",
        "token",
        "server",
        "string",
        "topic",
        "avatar",
        "id",
        "password",
        "title",
        "description",
        "body",
        "label",
        "tag",
        "comment",
        "email",
        "slug",
        "summary",
        "caption",
        "reason",
        "note",
        "address",
        "language",
        "locale",
        "uri",
        "path",
        "query",
        "cursor",
        "code",
        "time",
        "date",
        "phone",
        "color",
        "colour",
        "format",
        "version",
        "secret",
        "paragraph",
        "sentence",
        "phrase",
        "word",
        "step",
        "instruction",
        "remark",
        "question",
        "answer",
        "keyword",
        "search",
    ];
    phrase.split(|c: char| !c.is_alphanumeric()).any(|w| WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Nouns of money amounts.
const MONEY: &[&str] = &[
    "price", "cost", "fee", "fare", "amount", "total", "balance", "rent", "budget", "salary", "subtotal", "tax", "refund", "charge",
    "deposit", "fine", "tip", "discount", "payment", "revenue", "income", "expense", "spend", "paid", "due", "owed", "overhead",
];

/// A money amount: a money noun ends the name ("Price", "Total amount",
/// "Fare in EUR"), or the prose says "with two decimals". An amount in
/// cents is a whole number (left to the count rule).
pub fn is_money(h: &str, decimals: bool, unit: Option<&str>) -> bool {
    if decimals {
        return true;
    }
    if unit == Some("cent") {
        return false;
    }
    let core = strip_leading(h).to_ascii_lowercase();
    let words: Vec<&str> = core.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let phrase: Vec<&str> = words.iter().copied().take_while(|w| !is_function_word(w)).collect();
    let counted = words.windows(2).any(|w| w == ["number", "of"]) || words.first() == Some(&"#");
    // The head noun: the last word, but a participle after it ("amount
    // requested") qualifies, and a modifier before ("Fare plan") does not name.
    let head_noun = phrase.iter().rev().find(|w| !(w.ends_with("ed") && w.len() > 4)).copied().unwrap_or("");
    !counted
        && MONEY.contains(&head_noun)
        && !phrase.iter().any(|w| matches!(*w, "id" | "ids" | "currency" | "code" | "type" | "method" | "status"))
}

/// Verbs whose participle names when something happened ("Created",
/// "Last updated", "Recorded at", "Event starts at").
const TIME_VERBS: &[&str] = &[
    "created",
    "updated",
    "modified",
    "changed",
    "deleted",
    "started",
    "starts",
    "begins",
    "ended",
    "ends",
    "finished",
    "completed",
    "submitted",
    "received",
    "sent",
    "posted",
    "published",
    "joined",
    "registered",
    "recorded",
    "reported",
    "approved",
    "decided",
    "cancelled",
    "canceled",
    "confirmed",
    "closed",
    "closes",
    "opened",
    "opens",
    "expires",
    "expired",
    "seen",
    "paid",
    "issued",
    "scheduled",
    "booked",
    "acknowledged",
    "raised",
    "resolved",
    "fixed",
    "claimed",
    "returned",
    "scanned",
    "checked",
    "delivered",
    "shipped",
    "uploaded",
    "generated",
    "processed",
    "accepted",
    "rejected",
    "withdrawn",
    "assigned",
    "retired",
    "archived",
    "read",
    "happened",
    "occurred",
    "taken",
    "made",
    "added",
    "removed",
    "triggered",
    "fired",
    "logged",
    "last",
];

/// What kind of time a phrase names, if any: a point in time ("Started
/// at", "Created", "Scan time", "When the review was received",
/// "Timestamp") or a date ("Date of birth", "Posted on", "Deadline").
pub fn time_kind(h: &str, unit: Option<&str>) -> Option<super::Rule> {
    let core = strip_leading(h).to_ascii_lowercase();
    let words: Vec<&str> = core.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let (first, last) = (*words.first()?, *words.last()?);
    // A duration: "Cooking time in minutes", "Timeout in ms".
    if unit.is_some_and(|u| matches!(u, "second" | "millisecond" | "minute" | "hour" | "day" | "week" | "month" | "year")) {
        return None;
    }
    let has = |w: &str| words.contains(&w);
    // "how many got skipped because … at that exact time": a count.
    if core.starts_with("how many") || core.starts_with("number of") || first == "count" {
        return None;
    }
    // "When the token expires": a point in time, whatever it is about.
    if first == "when" {
        return Some(super::Rule::Time);
    }
    // "Position you got last time" is a position, not a time.
    if words.iter().any(|w| matches!(*w, "position" | "cursor" | "token" | "offset" | "page")) {
        return None;
    }
    if has("timestamp") || has("datetime") || (has("date") && (has("time") || has("hour"))) {
        return Some(super::Rule::Time);
    }
    if has("date") || has("birthday") || has("deadline") || has("dob") || has("birthdate") {
        return Some(super::Rule::Date);
    }
    // "Started at", "claimed on": a participle and the marker.
    if words.len() >= 2 && matches!(last, "at" | "on") && TIME_VERBS.contains(&words[words.len() - 2]) {
        return Some(if last == "on" { super::Rule::Date } else { super::Rule::Time });
    }
    // "Bought at", "Doors open at", "Checked in at", "Sales end at": a
    // short phrase ending in "at" says when, unless it says where
    // ("Located at", "Parked at").
    const PLACED: &[&str] = &["located", "based", "stored", "kept", "found", "placed", "parked", "docked", "held", "hosted", "shown"];
    if (2..=4).contains(&words.len()) && last == "at" && !PLACED.contains(&words[words.len() - 2]) {
        return Some(super::Rule::Time);
    }
    // "Created", "Last updated", "last seen": the participle alone.
    if words.len() <= 2 && words.iter().all(|w| TIME_VERBS.contains(w)) {
        return Some(super::Rule::Time);
    }
    // "Scan time", "Arrival time" (but not "Time zone", "time slot").
    if last == "time" || (first == "time" && words.len() == 1) {
        return Some(super::Rule::Time);
    }
    None
}

/// Measures that take a fraction.
const FRACTIONAL: &[&str] = &[
    "latitude",
    "longitude",
    "lat",
    "lon",
    "lng",
    "altitude",
    "elevation",
    "declination",
    "ascension",
    "airmass",
    "magnitude",
    "ratio",
    "factor",
    "fraction",
    "average",
    "mean",
    "coordinate",
    "coordinates",
    "seeing",
    "redshift",
    "parallax",
    "wavelength",
    "rate",
    "ratio",
    "fraction",
];

/// A measure with a fraction: "Latitude", "Right ascension in degrees",
/// "Airmass limit", "Average rating".
pub fn is_fractional(h: &str) -> bool {
    let core = strip_leading(h).to_ascii_lowercase();
    // "How much" of an ingredient: a quantity that takes a fraction.
    core.starts_with("how much") || core.split(|c: char| !c.is_alphanumeric()).any(|w| FRACTIONAL.contains(&w))
}

/// A yes/no question: "Is it vegetarian?", "free? (yes/no)", "Sold out?",
/// "has it got a water butt?" (not "what you'd like in return?").
pub fn is_question(text: &str) -> bool {
    let before = text.split('(').next().unwrap_or("").trim();
    let Some(q) = before.strip_suffix('?') else { return false };
    let words: Vec<String> = q.split_whitespace().map(|w| w.to_ascii_lowercase()).collect();
    let Some(first) = words.first() else { return false };
    // "# members?", "how many seats?": a count the author is unsure of.
    if first.starts_with('#') || first == "how" || q.to_ascii_lowercase().starts_with("number of") {
        return false;
    }
    const AUX: &[&str] =
        &["is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "can", "could", "should", "will", "would"];
    const WH: &[&str] = &["what", "which", "who", "whose", "where", "when", "why", "how"];
    AUX.contains(&first.as_str())
        || (words.len() <= 5 && !words.iter().any(|w| WH.contains(&w.trim_end_matches("'s").trim_end_matches("'d"))))
}

/// A conventions sentence that asks every operation for credentials:
/// "Auth: bearer token in Authorization header, all endpoints", "Every
/// request must be authenticated with the API key".
/// A convention that optional fields of answers are sent as `null` rather
/// than left out ("optional fields come back as null, not missing",
/// "Fields marked nullable are sent as `null`, never omitted"); "omitted
/// from responses, never `null`" says the opposite.
pub fn says_absent_as_null(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    let null_first = |absent: &str| t.find("null").zip(t.find(absent)).is_some_and(|(n, a)| n < a);
    t.contains("null")
        && ["not missing", "never omitted", "not omitted", "instead of missing", "rather than omitted", "never missing"]
            .iter()
            .any(|a| null_first(a))
}

pub fn says_auth_for_all(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    let credential =
        ["token", "api key", "api-key", "bearer", "authorization", "auth", "authenticated", "credentials", "logged in", "signed in"]
            .iter()
            .any(|w| t.contains(w));
    let all = [
        "all endpoints",
        "every endpoint",
        "each endpoint",
        "all requests",
        "every request",
        "each request",
        "all calls",
        "every call",
        "all methods",
        "every method",
        "all operations",
        "every operation",
        "must be authenticated",
        "for everything",
        "for every",
        "for all",
        "is required",
        "are required",
        "needs a token",
        "need a token",
        "with each request",
        "on every",
        "on all",
    ]
    .iter()
    .any(|w| t.contains(w));
    credential && all
}

/// Prose that says an operation (or a whole section) needs no
/// credentials: "public", "no API key needed", "you don't need to be
/// logged in", "open data".
pub fn says_public(text: &str) -> bool {
    let t = text.to_ascii_lowercase().replace('’', "'");
    [
        "public",
        "no auth",
        "no token",
        "no api key",
        "without a token",
        "without an api key",
        "without auth",
        "don't need to be logged in",
        "do not need to be logged in",
        "don't need to log in",
        "no login",
        "anonymous",
        "unauthenticated",
        "open data",
        "no credentials",
        "needs no token",
        "need no token",
        "not authenticated",
    ]
    .iter()
    .any(|w| t.contains(w))
}

#[cfg(test)]
mod tests {

    #[test]
    fn nulls_for_absent_optional_fields() {
        assert!(says_absent_as_null("Nulls: optional fields come back as null, not missing."));
        assert!(says_absent_as_null("Fields marked nullable are sent as `null`, never omitted."));
        assert!(!says_absent_as_null("Unset optional fields are omitted from responses, never `null`."));
        assert!(!says_absent_as_null("A missing field is an error."));
    }

    use super::*;
    use crate::types::Rule;

    #[test]
    fn points_in_time() {
        for phrase in ["When the token expires", "Bought at", "Doors open at", "Checked in at", "Sales end at", "Started at"] {
            assert_eq!(time_kind(phrase, None), Some(Rule::Time), "{phrase}");
        }
        assert_eq!(time_kind("Posted on", None), Some(Rule::Date));
        assert_eq!(time_kind("the date and hour of creation", None), Some(Rule::Time));
        assert_eq!(time_kind("how many got skipped because there was already a reading at that exact time", None), None);
        for phrase in ["Located at", "Position you got last time", "Cooking time"] {
            let unit = (phrase == "Cooking time").then_some("minute");
            assert_eq!(time_kind(phrase, unit), None, "{phrase}");
        }
    }
}
