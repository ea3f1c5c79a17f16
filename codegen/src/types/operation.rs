//! What an operation does, read from its name: the verb ("Creating",
//! "Renaming", "Listing" …), what kind of change it is, and the resource
//! noun ("a notebook"). Derived endpoints take their method, path and name
//! from this, so a spec without a binding still gets paths that look
//! designed (`POST /notebooks`, `DELETE /notebooks/{notebookId}`).

use super::names::{is_function_word, plural};
use super::HttpMethod;

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
    /// The verb in its base form (`create`, `rename`, `share`).
    pub verb: String,
    pub effect: Effect,
    /// The resource noun, singular and lower-case (`notebook`, `room alias`).
    pub noun: String,
}

const CREATE: &[&str] = &[
    "create", "add", "make", "register", "upload", "submit", "post", "send", "new", "open", "start", "write", "record", "log", "book",
    "place",
];
const READ: &[&str] = &["get", "read", "retrieve", "fetch", "view", "show", "load", "download", "look", "check", "resolve"];
const LIST: &[&str] = &["list", "search", "browse", "find", "query", "enumerate", "page", "paginate"];
const UPDATE: &[&str] = &["update", "rename", "set", "change", "edit", "modify", "patch", "replace", "move", "tag", "mark"];
const DELETE: &[&str] = &["delete", "remove", "revoke", "destroy", "drop", "erase", "purge", "trash", "unregister"];
/// Verbs whose `-ing` form drops an `e` (`creating` → `create`).
const E_VERBS: &[&str] = &[
    "create",
    "delete",
    "update",
    "rename",
    "share",
    "move",
    "remove",
    "retrieve",
    "archive",
    "restore",
    "invite",
    "leave",
    "save",
    "change",
    "replace",
    "close",
    "use",
    "write",
    "receive",
    "revoke",
    "subscribe",
    "unsubscribe",
    "schedule",
    "manage",
    "merge",
    "make",
    "purge",
    "erase",
    "enumerate",
    "paginate",
    "resolve",
    "issue",
    "approve",
    "configure",
    "upload",
    "release",
    "store",
    "continue",
    "complete",
    "state",
    "type",
    "describe",
    "execute",
    "compute",
    "validate",
    "generate",
    "charge",
    "place",
    "promote",
    "rate",
    "score",
    "time",
];

/// Verbs whose base form ends in a doubled consonant.
const DOUBLED: &[&str] = &[
    "add",
    "pass",
    "call",
    "fill",
    "poll",
    "roll",
    "sell",
    "tell",
    "kill",
    "miss",
    "press",
    "dress",
    "access",
    "process",
    "toss",
    "buzz",
    "stuff",
    "staff",
    "err",
    "install",
    "uninstall",
    "enroll",
    "bill",
    "spell",
    "dismiss",
    "assess",
    "express",
    "compress",
    "bless",
];

/// The base form of a verb written as a gerund or plain (`Creating`,
/// `getting`, `list`).
pub fn base_verb(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    let Some(stem) = w.strip_suffix("ing").filter(|s| s.len() >= 2) else { return w };
    let with_e = format!("{stem}e");
    if E_VERBS.contains(&with_e.as_str()) {
        return with_e;
    }
    if DOUBLED.contains(&stem) {
        return stem.to_string();
    }
    let b = stem.as_bytes();
    // `getting` → `get`, `shipping` → `ship`, `cancelling` → `cancel`; but
    // `adding` → `add`, `polling` → `poll` (their base ends doubled).
    if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiou".contains(&b[b.len() - 1]) {
        return stem[..stem.len() - 1].to_string();
    }
    stem.to_string()
}

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
    } else {
        Effect::Action
    }
}

/// Reads an operation's name: "Creating a notebook" → create / notebook;
/// "Listing notebooks" → list / notebook; "Deleting a note from a notebook"
/// → delete / note. `None` when the name does not start with a verb.
pub fn shape(name: &str) -> Option<Shape> {
    let words: Vec<String> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    let (first, rest) = words.split_first()?;
    let verb = base_verb(first);
    let known = [CREATE, READ, LIST, UPDATE, DELETE].iter().any(|l| l.contains(&verb.as_str()));
    if !known && !first.ends_with("ing") {
        return None;
    }
    let rest: Vec<&String> = rest.iter().skip_while(|w| is_function_word(w) || matches!(w.as_str(), "all" | "my" | "one")).collect();
    let phrase: Vec<&String> = rest.into_iter().take_while(|w| !is_function_word(w)).collect();
    let noun = match phrase.split_last() {
        Some((last, before)) => {
            let mut n: Vec<String> = before.iter().map(|w| w.to_string()).collect();
            n.push(super::names::singular(last));
            n.join(" ")
        }
        None => return None,
    };
    let effect = match effect(&verb) {
        // "Listing a notebook's notes" reads a collection; "Getting notes"
        // (a plural noun) too.
        Effect::Read if phrase.last().is_some_and(|l| plural(&super::names::singular(l)) == **l && !l.ends_with("ss")) => Effect::List,
        e => e,
    };
    Some(Shape { verb, effect, noun })
}

impl Shape {
    /// The collection segment of a path: `notebooks`, `room-aliases`.
    pub fn collection(&self) -> String {
        collection(&self.noun)
    }

    /// The method a derived endpoint gets.
    pub fn method(&self) -> HttpMethod {
        match self.effect {
            Effect::Create | Effect::Register | Effect::Login => HttpMethod::Post,
            Effect::Read | Effect::List | Effect::Feed => HttpMethod::Get,
            Effect::Update if matches!(self.verb.as_str(), "set" | "replace") => HttpMethod::Put,
            Effect::Update => HttpMethod::Patch,
            Effect::Delete => HttpMethod::Delete,
            Effect::Action if READ_ACTIONS.contains(&self.verb.as_str()) => HttpMethod::Get,
            Effect::Action => HttpMethod::Post,
        }
    }

    /// The endpoint's name: `create_notebook`, `list_notebooks`.
    pub fn endpoint_name(&self) -> String {
        let noun = self.noun.replace(' ', "_");
        match self.effect {
            Effect::List => format!("{}_{}", self.verb, plural_phrase(&noun)),
            _ => format!("{}_{noun}", self.verb),
        }
    }
}

/// Verbs that only read (a GET), though they are not plain reads.
const READ_ACTIONS: &[&str] = &["sync", "stream", "watch", "poll", "wait", "listen", "export", "count"];

/// `room alias` → `room-aliases`.
pub fn collection(noun: &str) -> String {
    plural_phrase(&noun.replace(' ', "-"))
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
    fn verbs_in_their_base_form() {
        for (ing, base) in [
            ("Creating", "create"),
            ("getting", "get"),
            ("Renaming", "rename"),
            ("Listing", "list"),
            ("Sharing", "share"),
            ("passing", "pass"),
        ] {
            assert_eq!(base_verb(ing), base);
        }
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
        assert_eq!(shape("Notebook management"), None);
    }

    #[test]
    fn methods_names_and_collections() {
        let c = shape("Creating a notebook").unwrap();
        assert_eq!((c.method(), c.endpoint_name(), c.collection()), (HttpMethod::Post, "create_notebook".into(), "notebooks".into()));
        let l = shape("Listing notebooks").unwrap();
        assert_eq!((l.method(), l.endpoint_name()), (HttpMethod::Get, "list_notebooks".into()));
        assert_eq!(shape("Renaming a notebook").unwrap().method(), HttpMethod::Patch);
        assert_eq!(shape("Deleting a note").unwrap().method(), HttpMethod::Delete);
        assert_eq!(shape("Watching for changes").unwrap().method(), HttpMethod::Get);
        assert_eq!(collection("room alias"), "room-aliases");
        assert_eq!(collection("body"), "bodies");
    }
}
