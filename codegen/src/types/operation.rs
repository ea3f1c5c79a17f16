//! What an operation does, read from its name: the verb ("Creating",
//! "Renaming", "Listing" …), what kind of change it is, and the resource
//! noun ("a notebook"). Derived endpoints take their method, path and name
//! from this, so a spec without a binding still gets paths that look
//! designed (`POST /notebooks`, `DELETE /notebooks/{notebookId}`).

use super::names::{is_function_word, plural};
pub use super::verb::base_verb;
use super::Method;

/// The kind of change an operation makes. Names give the first six;
/// [`crate::plan`] also tells feeds, registration and login from an
/// endpoint's inputs and outputs (or the overlay's `effect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Effect {
    Create,
    Read,
    Update,
    Delete,
    List,
    /// Changes since a position.
    Feed,
    /// Makes an account and answers its token.
    Register,
    /// Answers a token for an existing account.
    Login,
    /// Another verb on one item (share, archive, join …).
    Action,
}

impl Effect {
    pub const ALL: [Effect; 9] = [
        Effect::Create,
        Effect::Read,
        Effect::Update,
        Effect::Delete,
        Effect::List,
        Effect::Feed,
        Effect::Register,
        Effect::Login,
        Effect::Action,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Create => "create",
            Effect::Read => "read",
            Effect::Update => "update",
            Effect::Delete => "delete",
            Effect::List => "list",
            Effect::Feed => "feed",
            Effect::Register => "register",
            Effect::Login => "login",
            Effect::Action => "action",
        }
    }

    /// The effect the overlay names (`effect = "create"`).
    pub fn parse(s: &str) -> Option<Effect> {
        Effect::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// An operation's verb and resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The verb in its base form (`create`, `rename`, `share`, `sign up`);
    /// empty when the name is a noun phrase ("Station details").
    pub verb: String,
    pub effect: Effect,
    /// The resource noun, singular and lower-case (`notebook`, `room alias`).
    pub noun: String,
    /// The endpoint name the operation's name gives (`create_notebook`,
    /// `sign_up`, `station_details`).
    pub name: String,
    /// The path the name itself is (an RPC method: `/customers.create`).
    pub rpc_path: Option<String>,
}

const CREATE: &[&str] = &[
    "create", "add", "make", "register", "upload", "submit", "post", "new", "start", "write", "record", "log", "book", "place", "define",
    "schedule", "request", "leave", "rate", "reply", "pair", "report", "buy", "purchase", "order", "issue", "generate", "raise", "file",
    "lodge", "compose", "draft", "propose", "enrol", "enroll", "apply", "put", "offer", "open",
];
const READ: &[&str] = &[
    "get", "read", "retrieve", "fetch", "view", "show", "load", "download", "look", "check", "resolve", "see", "info", "inspect",
    "describe", "lookup", "consult", "obtain", "display",
];
const LIST: &[&str] = &["list", "search", "browse", "find", "query", "enumerate", "page", "paginate"];
const UPDATE: &[&str] = &[
    "update",
    "rename",
    "set",
    "change",
    "edit",
    "modify",
    "patch",
    "replace",
    "move",
    "tag",
    "mark",
    "revise",
    "adjust",
    "amend",
    "correct",
    "reschedule",
    "configure",
    "reorder",
];
const DELETE: &[&str] =
    &["delete", "remove", "revoke", "destroy", "drop", "erase", "purge", "trash", "unregister", "retire", "unpair", "discard"];
/// Verbs of operations on one item that are no create, read, update or
/// delete; known so that an imperative name ("Acknowledge alert") reads as
/// a verb and a noun.
const ACTIONS: &[&str] = &[
    "acknowledge",
    "ack",
    "approve",
    "archive",
    "assign",
    "attach",
    "authorize",
    "authorise",
    "ban",
    "block",
    "cancel",
    "claim",
    "clear",
    "close",
    "complete",
    "confirm",
    "connect",
    "copy",
    "decline",
    "deny",
    "detach",
    "disable",
    "dismiss",
    "duplicate",
    "enable",
    "end",
    "export",
    "finish",
    "flag",
    "follow",
    "forward",
    "grant",
    "hide",
    "import",
    "invite",
    "join",
    "kick",
    "leave",
    "link",
    "lock",
    "merge",
    "mute",
    "notify",
    "pause",
    "pay",
    "pin",
    "ping",
    "play",
    "poll",
    "print",
    "publish",
    "redeem",
    "refresh",
    "refund",
    "reject",
    "release",
    "reload",
    "remind",
    "renew",
    "reopen",
    "repeat",
    "reset",
    "restart",
    "restore",
    "resume",
    "retry",
    "return",
    "revert",
    "review",
    "run",
    "save",
    "scan",
    "send",
    "share",
    "ship",
    "sign",
    "skip",
    "snooze",
    "sort",
    "split",
    "stop",
    "subscribe",
    "suspend",
    "swap",
    "sync",
    "track",
    "transfer",
    "translate",
    "trigger",
    "unblock",
    "unfollow",
    "unlink",
    "unlock",
    "unmute",
    "unpin",
    "unsubscribe",
    "upgrade",
    "validate",
    "verify",
    "void",
    "vote",
    "watch",
    "withdraw",
    "accept",
    "activate",
    "deactivate",
    "answer",
    "reserve",
    "unban",
    "stream",
    "listen",
    "wait",
    "count",
    "calculate",
    "compute",
    "preview",
    "test",
];

/// Two-word verbs: the particle is part of the verb ("sign up", "log in",
/// "take … down").
const PHRASAL: &[(&str, &str)] = &[
    ("sign", "up"),
    ("sign", "in"),
    ("sign", "out"),
    ("log", "in"),
    ("log", "out"),
    ("check", "in"),
    ("check", "out"),
    ("give", "back"),
    ("take", "down"),
    ("put", "up"),
    ("look", "up"),
    ("set", "up"),
    ("pick", "up"),
    ("drop", "off"),
    ("hand", "in"),
    ("turn", "on"),
    ("turn", "off"),
    ("opt", "in"),
    ("opt", "out"),
    ("back", "up"),
    ("clean", "up"),
    ("follow", "up"),
    ("top", "up"),
    ("roll", "back"),
    ("shut", "down"),
    ("start", "up"),
    ("call", "back"),
    ("cash", "out"),
    ("book", "in"),
    ("fill", "in"),
    ("sign", "off"),
];

/// Nouns made from verbs that operation names are written with
/// ("Registration of patient", "Cancellation of appointment").
const NOMINALS: &[(&str, &str)] = &[
    ("registration", "register"),
    ("confirmation", "confirm"),
    ("cancellation", "cancel"),
    ("creation", "create"),
    ("deletion", "delete"),
    ("removal", "remove"),
    ("addition", "add"),
    ("submission", "submit"),
    ("approval", "approve"),
    ("reservation", "reserve"),
    ("modification", "modify"),
    ("payment", "pay"),
    ("assignment", "assign"),
    ("verification", "verify"),
    ("activation", "activate"),
    ("renewal", "renew"),
    ("withdrawal", "withdraw"),
    ("completion", "complete"),
    ("subscription", "subscribe"),
    ("invitation", "invite"),
    ("retrieval", "retrieve"),
    ("acknowledgement", "acknowledge"),
    ("acknowledgment", "acknowledge"),
    ("update", "update"),
    ("change", "change"),
    ("search", "search"),
    ("upload", "upload"),
    ("purchase", "purchase"),
    ("refund", "refund"),
    ("transfer", "transfer"),
    ("listing", "list"),
    ("reading", "read"),
    ("booking", "book"),
    ("setting", "set"),
    ("closure", "close"),
    ("rejection", "reject"),
    ("publication", "publish"),
    ("selection", "select"),
    ("definition", "define"),
    ("description", "describe"),
    ("consultation", "consult"),
    ("recording", "record"),
    ("query", "query"),
];

/// The effect a verb names.
fn effect(verb: &str) -> Effect {
    let has = |list: &[&str]| list.contains(&verb);
    if has(CREATE) {
        Effect::Create
    } else if has(LIST) {
        Effect::List
    } else if has(READ) {
        Effect::Read
    } else if has(UPDATE) {
        Effect::Update
    } else if has(DELETE) {
        Effect::Delete
    } else if matches!(verb, "poll" | "watch" | "sync" | "stream" | "listen") {
        Effect::Feed
    } else {
        Effect::Action
    }
}

/// A gerund's stem that lost an `e` the spelling rules cannot restore
/// ("defin", "schedul", "revis") is the known verb with it.
fn known_form(stem: String) -> String {
    let with_e = format!("{stem}e");
    if !is_known_verb(&stem) && is_known_verb(&with_e) {
        with_e
    } else {
        stem
    }
}

fn is_known_verb(v: &str) -> bool {
    [CREATE, READ, LIST, UPDATE, DELETE, ACTIONS].iter().any(|l| l.contains(&v))
}

/// Words that open a noun phrase after an imperative verb: "Return *a*
/// bike", "take *your* swap down".
fn is_determiner(w: &str) -> bool {
    matches!(w, "a" | "an" | "the" | "your" | "my" | "our" | "their" | "this" | "that" | "one" | "some" | "all" | "each" | "every" | "new")
}

/// The words of a name, lower-case, without asides ("(workshop only)").
fn name_words(name: &str) -> Vec<String> {
    // "CreateDevice", "ListDevices": an RPC's name, one word per capital.
    // "5.1 Submission of an appl.": a numbered heading.
    let name = crate::model::unnumbered(name);
    let t = name.trim();
    let camel = !t.contains(char::is_whitespace)
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && t.chars().all(|c| c.is_ascii_alphanumeric())
        && t.chars().zip(t.chars().skip(1)).any(|(a, b)| a.is_ascii_lowercase() && b.is_ascii_uppercase());
    let spaced;
    let name = if camel {
        spaced = heck::ToSnakeCase::to_snake_case(t).replace('_', " ");
        spaced.as_str()
    } else {
        name
    };
    super::names::head(name)
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        // "client's", "who's": the word before the apostrophe.
        .map(|w| w.split(['\'', '’']).next().unwrap_or("").to_ascii_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Phrases that stand for one verb: "getting rid of a home" removes it,
/// "plugging in a meter" adds one.
fn idioms(words: Vec<String>) -> Vec<String> {
    const IDIOMS: &[(&[&str], &str)] = &[(&["get", "rid", "of"], "remove"), (&["plug", "in"], "add"), (&["hook", "up"], "add")];
    let Some(first) = words.first() else { return words };
    let verb = super::verb::base_verb(first);
    for (phrase, one) in IDIOMS {
        let rest = &phrase[1..];
        if verb == phrase[0] && words.len() > rest.len() && words[1..=rest.len()].iter().zip(rest.iter()).all(|(w, p)| w == p) {
            return std::iter::once(one.to_string()).chain(words[rest.len() + 1..].iter().cloned()).collect();
        }
    }
    words
}

/// The noun phrase at the start of `words` (after determiners), singular,
/// and whether it was plural.
fn noun_of(words: &[String]) -> Option<(String, bool)> {
    let rest: Vec<&String> = words.iter().skip_while(|w| is_function_word(w) || is_determiner(w)).collect();
    // "the details of a claim", "the data of a patient": the record.
    if let [generic, of, after @ ..] = rest.as_slice() {
        if GENERIC_NOUNS.contains(&generic.as_str()) && *of == "of" && !after.is_empty() {
            let after: Vec<String> = after.iter().map(|w| w.to_string()).collect();
            return noun_of(&after);
        }
    }
    // "Closing a posting early": an adverb after the noun is no part of it.
    const ADVERBS: &[&str] =
        &["early", "now", "again", "later", "immediately", "permanently", "temporarily", "manually", "automatically", "quickly"];
    let phrase: Vec<&String> = rest
        .into_iter()
        .take_while(|w| !is_function_word(w) && !matches!(w.as_str(), "api" | "apis") && !ADVERBS.contains(&w.as_str()))
        .collect();
    let (last, before) = phrase.split_last()?;
    let mut n: Vec<String> = before.iter().map(|w| w.to_string()).collect();
    n.push(super::names::singular(last));
    let plural_word = plural(&super::names::singular(last)) == **last && !last.ends_with("ss") && last.ends_with('s');
    Some((n.join(" "), plural_word))
}

/// Reads an operation's name: "Creating a notebook" → create / notebook;
/// "Listing notebooks" → list / notebook; "Deleting a note from a notebook"
/// → delete / note; "sign up" → sign up; "customers.create" → create /
/// customer; "Registration of patient" → register / patient; "Station
/// details" → read / station. `None` when the name says no verb and no
/// noun a rule knows.
pub fn shape(name: &str) -> Option<Shape> {
    if let Some(s) = rpc(name) {
        return Some(s);
    }
    let words = idioms(name_words(name));
    let (first, rest) = words.split_first()?;
    // "sign up for a slot", "take your swap down", "put seeds up for swap"
    let phrasal = PHRASAL.iter().find(|(v, p)| base_verb(first) == *v && rest.iter().take(3).any(|w| w == p));
    if let Some((v, p)) = phrasal {
        return Some(phrasal_shape(v, p, rest));
    }
    let verb = known_form(base_verb(first));
    let imperative =
        rest.first().is_some_and(|w| is_determiner(w)) && !first.ends_with('s') && !is_determiner(first) && !is_function_word(first);
    let nominal = NOMINALS.iter().find(|(n, _)| n == first).map(|(_, v)| v.to_string()).filter(|_| rest.first().is_some_and(|w| w == "of"));
    let verb = match nominal {
        Some(v) => v,
        None if is_known_verb(&verb) || first.ends_with("ing") || imperative => verb,
        None => return noun_title(&words),
    };
    let (noun, plural_noun) = noun_of(rest)?;
    let effect = match effect(&verb) {
        // "Listing a notebook's notes" reads a collection; "Getting notes"
        // (a plural noun) too.
        Effect::Read if plural_noun => Effect::List,
        // "Query of a parcel", "Find a user": one record looked up.
        Effect::List if !plural_noun && matches!(verb.as_str(), "query" | "find") => Effect::Read,
        // "Publishing a new posting": the new record is made.
        Effect::Action if rest.iter().take_while(|w| is_determiner(w)).any(|w| w == "new") => Effect::Create,
        e => e,
    };
    // "Listing a run's artifacts": the name says whose, the records are
    // the artifacts.
    let owned = possessed(name, &noun);
    let name = endpoint_name(&verb, effect, &noun);
    Some(Shape { verb, effect, noun: owned.unwrap_or(noun), name, rpc_path: None })
}

/// The noun without its possessor ("run artifact" of "a run's artifacts"
/// → "artifact"), when the name writes one.
fn possessed(name: &str, noun: &str) -> Option<String> {
    let (owner, rest) = noun.split_once(' ')?;
    let lower = name.to_ascii_lowercase();
    let written = [format!("{owner}'s "), format!("{owner}’s "), format!("{owner}s' ")];
    written.iter().any(|w| lower.contains(w.as_str())).then(|| rest.to_string())
}

/// "sign up", "log in", "take your swap down", "give back the list of
/// practitioners".
fn phrasal_shape(v: &str, p: &str, rest: &[String]) -> Shape {
    let object: Vec<String> = rest.iter().filter(|w| *w != p).cloned().collect();
    let verb = format!("{v} {p}");
    let effect = match (v, p) {
        ("take", "down") => Effect::Delete,
        ("log" | "sign", "in") => Effect::Login,
        ("sign", "up") if object.is_empty() => Effect::Register,
        ("put", "up") => Effect::Create,
        ("look" | "give", "up" | "back") => Effect::Read,
        _ => Effect::Action,
    };
    let snake = verb.replace(' ', "_");
    let (noun, plural_noun) = noun_of(&object).unwrap_or_default();
    // "give back the list of practitioners": the list's element.
    let (noun, plural_noun) = match object.iter().position(|w| w == "list").filter(|_| noun == "list") {
        Some(at) => noun_of(&object[at + 1..]).map_or((String::new(), false), |(n, _)| (n, true)),
        None => (noun, plural_noun),
    };
    let effect = if effect == Effect::Read && plural_noun { Effect::List } else { effect };
    let name = if noun.is_empty() {
        snake
    } else if plural_noun {
        format!("{snake}_{}", plural_phrase(&noun.replace(' ', "_")))
    } else {
        format!("{snake}_{}", noun.replace(' ', "_"))
    };
    Shape { verb, effect, noun, name, rpc_path: None }
}

impl Shape {
    /// The resource noun made to name a record the spec knows: "draft
    /// application" is an `application`, "free slot" a `slot`, "patient
    /// data" a `patient` (the longest known end, else start, of the
    /// phrase); the endpoint's name follows it.
    pub fn refine(&mut self, known: &dyn Fn(&str) -> bool) {
        let words: Vec<&str> = self.noun.split(' ').collect();
        if words.len() < 2 || known(&self.noun) {
            return;
        }
        // Leading qualities ("draft", "free", "available", "completed",
        // "live") and trailing generic nouns ("data", "details") name no
        // record of their own.
        let quality =
            |w: &str| QUALITIES.contains(&w) || w.ends_with("ed") || w.ends_with("able") || w.ends_with("ible") || w.ends_with("ive");
        let lead = words.iter().take_while(|w| quality(w)).count();
        let trail = words.iter().rev().take_while(|w| GENERIC_NOUNS.contains(w)).count();
        let candidates = [words[lead.min(words.len() - 1)..].join(" "), words[..words.len() - trail.min(words.len() - 1)].join(" ")];
        let Some(noun) = candidates.into_iter().find(|n| *n != self.noun && known(n)) else { return };
        if !self.verb.is_empty() && self.rpc_path.is_none() {
            self.name = endpoint_name(&self.verb, self.effect, &noun);
        }
        self.noun = noun;
    }
}

impl Shape {
    /// "Rating a recipe", "reply to a notice": a making verb given the item
    /// it is about makes a record of its own, named after the verb (a
    /// rating, a reply), under that item.
    pub fn made_under(&self) -> Option<Shape> {
        if self.effect != Effect::Create || self.verb.contains(' ') {
            return None;
        }
        let noun = MADE.iter().find(|(v, _)| *v == self.verb).map(|(_, n)| n.to_string()).or_else(|| {
            matches!(self.verb.as_str(), "reply" | "comment" | "review" | "report" | "request" | "vote" | "claim" | "order")
                .then(|| self.verb.clone())
        })?;
        Some(Shape { verb: self.verb.clone(), effect: Effect::Create, noun, name: self.name.clone(), rpc_path: None })
    }
}

impl Shape {
    /// The effect the operation's fields confirm: a making verb given an
    /// existing item's ID ("Submitting an application" with "Application
    /// ID") acts on it; a changing verb that picks no item but answers a
    /// new one's ID ("Setting a reminder") makes one. `own` tells whether a
    /// field holds an ID of the noun's records, and whether the server gave
    /// it (an "ID", not a code the caller chose).
    pub fn settle(&mut self, inputs_pick: bool, answers_own: bool) {
        match self.effect {
            Effect::Create if inputs_pick => self.effect = Effect::Action,
            Effect::Update if !inputs_pick && answers_own => self.effect = Effect::Create,
            _ => {}
        }
    }
}

/// The record a making verb makes, where it is not the verb itself.
const MADE: &[(&str, &str)] = &[
    ("rate", "rating"),
    ("book", "booking"),
    ("subscribe", "subscription"),
    ("apply", "application"),
    ("pay", "payment"),
    ("reserve", "reservation"),
    ("assign", "assignment"),
    ("register", "registration"),
];

/// Words that say what state or kind a record is in, not what it is.
const QUALITIES: &[&str] =
    &["draft", "free", "live", "new", "open", "active", "pending", "current", "existing", "old", "past", "upcoming", "own"];

/// Nouns that stand for a record's contents rather than a record.
const GENERIC_NOUNS: &[&str] = &["data", "details", "detail", "info", "information", "settings", "record", "records"];

/// `customers.create`, `invoices.lines.add`: an RPC method name, nouns
/// then a verb.
fn rpc(name: &str) -> Option<Shape> {
    let t = name.trim();
    if !t.contains('.') || t.contains(' ') || !t.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_') {
        return None;
    }
    let parts: Vec<&str> = t.split('.').filter(|p| !p.is_empty()).collect();
    let (verb, nouns) = parts.split_last()?;
    if nouns.is_empty() {
        return None;
    }
    let verb = verb.to_ascii_lowercase();
    let noun = nouns.iter().map(|n| super::names::singular(&n.to_ascii_lowercase().replace('_', " "))).collect::<Vec<_>>().join(" ");
    let effect = effect(&verb);
    let verb = if verb == "info" { "get".to_string() } else { verb };
    let name = endpoint_name(&verb, effect, &noun);
    Some(Shape { verb, effect, noun, name, rpc_path: Some(format!("/{t}")) })
}

/// A name without a verb that still says what it does: "Station
/// details", "Device status", "one plot" (a read); "Bikes at a station",
/// "all the plots", "list of members", "Readings history", "Fare table" (a
/// list); "Alert feed" (a feed). Named after all its words.
fn noun_title(words: &[String]) -> Option<Shape> {
    let name = words.iter().filter(|w| !matches!(w.as_str(), "api" | "apis")).cloned().collect::<Vec<_>>().join("_");
    let last = words.last()?.as_str();
    let first = words.first()?.as_str();
    // "Parcels API" names a section, not what an operation does.
    if matches!(last, "api" | "apis") {
        return None;
    }
    let (effect, noun_words): (Effect, Vec<String>) =
        if matches!(last, "details" | "detail" | "status" | "info" | "information" | "profile") {
            (Effect::Read, words[..words.len() - 1].to_vec())
        } else if matches!(last, "feed" | "changes" | "stream" | "updates") {
            (Effect::Feed, words[..words.len() - 1].to_vec())
        } else if matches!(last, "history" | "table" | "list" | "index" | "catalogue" | "catalog") {
            (Effect::List, words[..words.len() - 1].to_vec())
        } else if first == "list" && words.get(1).is_some_and(|w| w == "of") {
            (Effect::List, words[2..].to_vec())
        } else if first == "one" || first == "single" {
            (Effect::Read, words[1..].to_vec())
        } else if first == "all" || noun_of(words).is_some_and(|(_, plural)| plural) {
            (Effect::List, words.to_vec())
        } else {
            return None;
        };
    // "Your feed": a feed of no named record, its path the word itself.
    let noun = noun_of(&noun_words).map(|(n, _)| n).or_else(|| (effect == Effect::Feed).then(String::new))?;
    let verb = if noun.is_empty() { last.to_string() } else { String::new() };
    Some(Shape { verb, effect, noun, name, rpc_path: None })
}

/// `create_notebook`, `list_notebooks`, `sign_up`.
fn endpoint_name(verb: &str, effect: Effect, noun: &str) -> String {
    let verb = verb.replace(' ', "_");
    let noun = noun.replace(' ', "_");
    match effect {
        Effect::List => format!("{verb}_{}", plural_phrase(&noun)),
        _ => format!("{verb}_{noun}"),
    }
}

impl Shape {
    /// The collection segment of a path: `notebooks`, `room-aliases`.
    pub fn collection(&self) -> String {
        collection(&self.noun)
    }

    /// The method a derived endpoint gets.
    pub fn method(&self) -> Method {
        // An RPC method is read with GET, everything else POSTed.
        if self.rpc_path.is_some() {
            return if matches!(self.effect, Effect::Read | Effect::List | Effect::Feed) { Method::Get } else { Method::Post };
        }
        match self.effect {
            Effect::Create | Effect::Register | Effect::Login => Method::Post,
            Effect::Read | Effect::List | Effect::Feed => Method::Get,
            Effect::Update if matches!(self.verb.as_str(), "set" | "replace") => Method::Put,
            Effect::Update => Method::Patch,
            Effect::Delete => Method::Delete,
            Effect::Action if READ_ACTIONS.contains(&self.verb.as_str()) => Method::Get,
            Effect::Action => Method::Post,
        }
    }

    /// The endpoint's name: `create_notebook`, `list_notebooks`; always an
    /// identifier ([`super::names::ident_safe`]).
    pub fn endpoint_name(&self) -> String {
        super::names::ident_safe(self.name.clone())
    }
}

/// Verbs that only read (a GET), though they are not plain reads.
const READ_ACTIONS: &[&str] = &["sync", "stream", "watch", "poll", "wait", "listen", "export", "count"];

/// `room alias` → `room-aliases`: a URL path segment
/// ([`super::names::path_segment`]).
pub fn collection(noun: &str) -> String {
    plural_phrase(&super::names::path_segment(noun))
}

fn plural_phrase(phrase: &str) -> String {
    let sep = if phrase.contains('-') { '-' } else { '_' };
    match phrase.rsplit_once(sep) {
        Some((head, last)) => format!("{head}{sep}{}", plural(last)),
        None => plural(phrase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(name: &str) -> (String, Effect, String) {
        let s = shape(name).unwrap();
        (s.verb, s.effect, s.noun)
    }

    #[test]
    fn operations_read_as_verb_and_noun() {
        assert_eq!(s("Creating a notebook"), ("create".into(), Effect::Create, "notebook".into()));
        assert_eq!(s("Listing notebooks"), ("list".into(), Effect::List, "notebook".into()));
        assert_eq!(s("Deleting a note from a notebook"), ("delete".into(), Effect::Delete, "note".into()));
        assert_eq!(s("Renaming a notebook"), ("rename".into(), Effect::Update, "notebook".into()));
        assert_eq!(s("Reading a note"), ("read".into(), Effect::Read, "note".into()));
        assert_eq!(s("Getting notes"), ("get".into(), Effect::List, "note".into()));
        assert_eq!(s("Sharing a notebook"), ("share".into(), Effect::Action, "notebook".into()));
        assert_eq!(s("Creating a room alias"), ("create".into(), Effect::Create, "room alias".into()));
        assert_eq!(s("Reserving a book"), ("reserve".into(), Effect::Action, "book".into()));
        assert_eq!(s("Paging through loans"), ("page".into(), Effect::List, "loan".into()));
        assert_eq!(shape("Notebook management"), None);
        assert_eq!(s("Query of a parcel"), ("query".into(), Effect::Read, "parcel".into()));
        assert_eq!(shape("Query of a parcel").unwrap().endpoint_name(), "query_parcel");
        assert_eq!(s("Finding users"), ("find".into(), Effect::List, "user".into()));
        assert_eq!(s("Listing a run's artifacts"), ("list".into(), Effect::List, "artifact".into()));
        assert_eq!(s("Changing the details of a claim"), ("change".into(), Effect::Update, "claim".into()));
        assert_eq!(s("getting rid of a home"), ("remove".into(), Effect::Delete, "home".into()));
        assert_eq!(s("plugging in a meter"), ("add".into(), Effect::Create, "meter".into()));
        assert_eq!(s("Publishing a new posting").1, Effect::Create);
        assert_eq!(s("Closing a posting early"), ("close".into(), Effect::Action, "posting".into()));
        assert_eq!(shape("Listing a run's artifacts").unwrap().endpoint_name(), "list_run_artifacts");
        // RPC names written as one CamelCase word.
        assert_eq!(s("CreateDevice"), ("create".into(), Effect::Create, "device".into()));
        assert_eq!(s("ListDevices"), ("list".into(), Effect::List, "device".into()));
        assert_eq!(shape("ListDevices").unwrap().endpoint_name(), "list_devices");
    }

    #[test]
    fn methods_names_and_collections() {
        let c = shape("Creating a notebook").unwrap();
        assert_eq!((c.method(), c.endpoint_name(), c.collection()), (Method::Post, "create_notebook".into(), "notebooks".into()));
        let l = shape("Listing notebooks").unwrap();
        assert_eq!((l.method(), l.endpoint_name()), (Method::Get, "list_notebooks".into()));
        assert_eq!(shape("Renaming a notebook").unwrap().method(), Method::Patch);
        assert_eq!(shape("Deleting a note").unwrap().method(), Method::Delete);
        assert_eq!(shape("Watching for changes").unwrap().method(), Method::Get);
        assert_eq!(collection("room alias"), "room-aliases");
        assert_eq!(collection("body"), "bodies");
    }
}
