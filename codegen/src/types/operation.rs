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
/// Verbs whose `-ing` form drops an `e` that no spelling rule in
/// [`takes_e`] restores: stems of more than one syllable that could as well
/// be a whole verb (`creat` reads like `repeat`, `delet` like `edit`,
/// `subscrib` like `climb`).
const E_VERBS: &[&str] = &[
    "create",
    "delete",
    "rename",
    "change",
    "invite",
    "restore",
    "revoke",
    "subscribe",
    "unsubscribe",
    "erase",
    "configure",
    "release",
    "complete",
    "describe",
    "execute",
    "compute",
    "promote",
];

/// Verbs whose base form ends in a doubled consonant the rules in
/// [`undouble`] would cut.
const DOUBLED: &[&str] = &["add", "buzz", "err", "purr", "resell", "retell", "misspell"];

/// Verbs that double a final `s` before `-ing` (British `focussing`), which
/// the `-ss` rule would keep.
const DOUBLED_S: &[&str] = &["focus", "bias", "gas", "bus"];

/// Verbs whose stem would wrongly take an `e` by [`takes_e`]: stressed on an
/// earlier syllable, they keep their last consonant single (`combating`).
const NO_E: &[&str] = &["combat", "catalog", "dialog"];

fn is_vowel(b: u8) -> bool {
    b"aeiou".contains(&b)
}

/// Vowel groups in a word (`cancel` 2, `poll` 1): a count of syllables
/// close enough to tell `cancelling` from `polling`.
fn syllables(w: &str) -> usize {
    let b = w.as_bytes();
    (0..b.len()).filter(|&i| vowel_at(b, i) && (i == 0 || !vowel_at(b, i - 1))).count()
}

/// The base of a stem that ends in a doubled consonant, or `None` when it
/// does not. `-ss`, `-ff` and `-ll` are the verb's own (`passing`,
/// `diffing`, `polling`, `installing`), but `-ell` after another syllable
/// is British doubling (`cancelling` → `cancel`), as is any other pair
/// (`getting` → `get`, `shipping` → `ship`).
fn undouble(stem: &str) -> Option<String> {
    let b = stem.as_bytes();
    let n = b.len();
    if n < 3 || b[n - 1] != b[n - 2] || is_vowel(b[n - 1]) {
        return None;
    }
    let cut = stem[..n - 1].to_string();
    if DOUBLED.contains(&stem) {
        return Some(stem.to_string());
    }
    let keep = match b[n - 1] {
        b's' => !DOUBLED_S.contains(&cut.as_str()),
        b'f' => true,
        b'l' => !(stem.ends_with("ell") && syllables(stem) >= 2),
        _ => false,
    };
    Some(if keep { stem.to_string() } else { cut })
}

/// Whether a letter is a vowel in the word at `i` (`y` is; the `u` of `qu`
/// is not).
fn vowel_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'u' => i == 0 || b[i - 1] != b'q',
        c => is_vowel(c) || c == b'y',
    }
}

/// Whether a gerund's stem lost a final `e` by a rule of English spelling.
/// No English verb ends in `v` (`reserv` → `reserve`), in a vowel before
/// `z` (`authoriz`, `analyz`), in a consonant other than `l`, `r`, `w`
/// before `l` (`handl`; `curl`, `crawl` are whole), in `u` (`queu`, `issu`)
/// or in a consonant before `s` (`pars`, `collaps`). A `c` after a vowel or
/// `n` (`plac`, `announc`; `sync` is whole), a `g` after `r`, `d` or a
/// vowel but `o` (`merg`, `judg`, `pag`; `log` doubles, `catalog` is
/// whole) and a consonant, `i` or `u` before `at` (`validat`, `initiat`;
/// `repeat`, `float` are whole) lost one too. A one-syllable stem ending in
/// one vowel and a consonant would have doubled it (`getting`), so its `e`
/// went (`typ`, `mak`, `us`), unless the consonant is `w`, `x` or `y`
/// (`show`, `fix`, `play`).
fn takes_e(stem: &str) -> bool {
    let b = stem.as_bytes();
    let n = b.len();
    let (last, prev) = (b[n - 1], b[n - 2]);
    let consonant = |i: usize| !vowel_at(b, i);
    let by_letter = match last {
        b'v' | b'u' => true,
        b'z' => vowel_at(b, n - 2),
        b'l' => prev == b'y' || (consonant(n - 2) && !matches!(prev, b'l' | b'r' | b'w')),
        b's' => consonant(n - 2),
        b'c' => vowel_at(b, n - 2) || (prev == b'n' && !stem.ends_with("ync")),
        b'g' => matches!(prev, b'r' | b'd') || (vowel_at(b, n - 2) && prev != b'o'),
        b't' => n >= 3 && prev == b'a' && (consonant(n - 3) || matches!(b[n - 3], b'i' | b'u')),
        _ => false,
    };
    let long_vowel = syllables(stem) == 1
        && consonant(n - 1)
        && !matches!(last, b'w' | b'x' | b'y')
        && vowel_at(b, n - 2)
        && (n == 2 || consonant(n - 3));
    by_letter || long_vowel
}

/// The base form of a verb written as a gerund or plain (`Creating`,
/// `getting`, `list`): the listed exceptions first, then the spelling rules.
pub fn base_verb(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    let Some(stem) = w.strip_suffix("ing").filter(|s| s.len() >= 2) else { return w };
    let with_e = format!("{stem}e");
    if E_VERBS.contains(&with_e.as_str()) {
        return with_e;
    }
    if let Some(base) = undouble(stem) {
        return base;
    }
    if !NO_E.contains(&stem) && takes_e(stem) {
        return with_e;
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

    /// The endpoint's name: `create_notebook`, `list_notebooks`; always an
    /// identifier ([`super::names::ident_safe`]).
    pub fn endpoint_name(&self) -> String {
        let noun = self.noun.replace(' ', "_");
        super::names::ident_safe(match self.effect {
            Effect::List => format!("{}_{}", self.verb, plural_phrase(&noun)),
            _ => format!("{}_{noun}", self.verb),
        })
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

    /// Real gerunds and their bases, none of them listed in `E_VERBS` or
    /// `DOUBLED`: the spelling rules alone must find them.
    #[test]
    fn gerunds_of_unlisted_verbs_by_spelling_rules() {
        let cases = [
            // A stem in `v` takes `e`.
            ("Reserving", "reserve"),
            ("removing", "remove"),
            ("approving", "approve"),
            ("archiving", "archive"),
            ("observing", "observe"),
            ("deriving", "derive"),
            // `-iz`, `-yz`.
            ("authorizing", "authorize"),
            ("analyzing", "analyze"),
            ("serializing", "serialize"),
            ("normalizing", "normalize"),
            // A consonant and `l`.
            ("enabling", "enable"),
            ("handling", "handle"),
            ("toggling", "toggle"),
            ("settling", "settle"),
            ("bundling", "bundle"),
            ("styling", "style"),
            ("curling", "curl"),
            ("crawling", "crawl"),
            // `u`; a consonant and `s`.
            ("queuing", "queue"),
            ("valuing", "value"),
            ("parsing", "parse"),
            ("collapsing", "collapse"),
            ("licensing", "license"),
            // `c`, `g`, `at`.
            ("replacing", "replace"),
            ("announcing", "announce"),
            ("syncing", "sync"),
            ("judging", "judge"),
            ("emerging", "emerge"),
            ("staging", "stage"),
            ("messaging", "message"),
            ("cataloging", "catalog"),
            ("activating", "activate"),
            ("instantiating", "instantiate"),
            ("repeating", "repeat"),
            ("floating", "float"),
            // One syllable: a long vowel lost its `e`; a short one doubled.
            ("taking", "take"),
            ("voting", "vote"),
            ("quoting", "quote"),
            ("hiring", "hire"),
            ("clearing", "clear"),
            ("fixing", "fix"),
            ("showing", "show"),
            ("pinning", "pin"),
            ("pinging", "ping"),
            // Doubled consonants: the verb's own, or British doubling.
            ("polling", "poll"),
            ("scrolling", "scroll"),
            ("installing", "install"),
            ("diffing", "diff"),
            ("accessing", "access"),
            ("cancelling", "cancel"),
            ("labelling", "label"),
            ("canceling", "cancel"),
            // Stems that are whole verbs.
            ("filtering", "filter"),
            ("coloring", "color"),
            ("monitoring", "monitor"),
            ("editing", "edit"),
            ("opening", "open"),
            ("posting", "post"),
        ];
        for (ing, base) in cases {
            assert_eq!(base_verb(ing), base, "{ing}");
        }
        assert!(cases.len() >= 40);
        for (_, base) in cases {
            assert!(!E_VERBS.contains(&base) && !DOUBLED.contains(&base), "{base} is listed");
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
        assert_eq!(s("Reserving a book"), ("reserve".into(), Effect::Action, "book".into()));
        assert_eq!(s("Paging through loans"), ("page".into(), Effect::List, "loan".into()));
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
