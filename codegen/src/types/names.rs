//! Rust names from prose: fields, types, modules. Every name keeps the prose
//! it came from beside it (in the IR), so `serde(rename)` stays exact.

use heck::ToPascalCase;

/// Leading words that carry no name: determiners and choice words.
const LEADING: &[&str] = &[
    "which",
    "whether you want",
    "whether the",
    "a list of",
    "list of",
    "a set of",
    "set of",
    "a",
    "an",
    "the",
    "any existing",
    "any",
    "optional",
    "desired",
    "new",
    "requested",
    "current",
    "actual",
    "specified",
];

/// Words that end a name-bearing noun phrase: prepositions, conjunctions,
/// relative words, determiners and auxiliaries. A name never ends in one.
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "against",
    "all",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "but",
    "by",
    "can",
    "could",
    "do",
    "does",
    "during",
    "each",
    "either",
    "for",
    "from",
    "had",
    "has",
    "have",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "may",
    "might",
    "must",
    "nor",
    "of",
    "off",
    "on",
    "onto",
    "or",
    "over",
    "per",
    "should",
    "since",
    "so",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "this",
    "those",
    "through",
    "to",
    "under",
    "until",
    "up",
    "upon",
    "via",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "itself",
    "themselves",
    "yourself",
    "himself",
    "herself",
    "ourselves",
];

/// Whether a (lower-case) word is a function word.
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// How a field's name was made from its prose (shown by `specgen explain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameRule {
    /// The head noun phrase of the prose.
    NounPhrase,
    /// "Max number of X", "Limit …" → `limit`.
    Limit,
    /// "… token for the next batch" → `next_batch`.
    NextToken,
    /// "Whether to keep the notes …" → `keep_notes`; "Whether the book is
    /// a reference copy" → `reference_copy`.
    WhetherTo,
    /// "# members", "Number of members", "Count of members" → `num_members`.
    Count,
    /// "For each room …" → `rooms`.
    ForEach,
    /// A list or batch: the last word made plural.
    Plural,
    /// The resource's own noun dropped ("Note title" on a note → `title`).
    ResourceQualifier,
    /// Given by the bindings overlay.
    Wire,
    /// The wire name an HTTP example uses.
    Example,
    /// The item is written as its wire key (`odometer_m (int)`).
    Written,
    /// A yes/no question: "Is it vegetarian?" → `vegetarian`.
    Question,
    /// A time keeps the word that marks it: "Started at" → `started_at`.
    TimeMarker,
    /// "Date of birth" → `birth_date`, "Id of appointment" →
    /// `appointment_id`: the generic noun after what it is of.
    OfPhrase,
}

impl NameRule {
    pub fn describe(self) -> &'static str {
        match self {
            NameRule::NounPhrase => "head noun phrase of the prose",
            NameRule::Limit => "\"Max number of ...\" / \"Limit ...\" -> limit",
            NameRule::NextToken => "\"... token for the next X\" -> next_X",
            NameRule::WhetherTo => "\"Whether to VERB the X ...\" -> verb_x; \"Whether the X was Y\", \"... is a Y\" -> y",
            NameRule::Count => "\"# X\", \"Number of X\", \"Count of X\" -> num_x",
            NameRule::ForEach => "\"For each X ...\" -> xs",
            NameRule::Plural => "list or batch -> plural noun",
            NameRule::ResourceQualifier => "the resource's own noun dropped",
            NameRule::Wire => "wire name from the bindings overlay",
            NameRule::Example => "wire name from the HTTP example",
            NameRule::Written => "the item is written as its wire key",
            NameRule::Question => "a yes/no question -> the state it asks about",
            NameRule::TimeMarker => "\"X at\" / \"X on\" -> x_at / x_on",
            NameRule::OfPhrase => "\"Date of X\", \"Id of X\" -> x_date, x_id",
        }
    }
}

/// Joins the plural markers of the prose to their word: `Note ID[s]` →
/// `Note IDs`, `bod[ies]` → `bodies`, `Event(s)` → `Events`, `box[es]` →
/// `boxes`. Returns the text and whether a marker was there.
pub fn join_plural_markers(text: &str) -> (String, bool) {
    let mut out = text.to_string();
    let mut found = false;
    for (marker, suffix) in [("[ies]", "ies"), ("(ies)", "ies"), ("[es]", "es"), ("(es)", "es"), ("[s]", "s"), ("(s)", "s")] {
        while let Some(i) = out.find(marker) {
            // Only a marker glued to a word is a plural marker.
            if i == 0 || !out[..i].ends_with(|c: char| c.is_alphanumeric()) {
                break;
            }
            found = true;
            let stem = &out[..i];
            // `bod[ies]` spells the plural of "body"; `part(ies)` of "party".
            let stem = if suffix == "ies" { stem.strip_suffix('y').unwrap_or(stem) } else { stem };
            out = format!("{stem}{suffix}{}", &out[i + marker.len()..]);
        }
    }
    (out, found)
}

/// Removes parenthesised asides, joins plural markers and cuts `e.g. …`
/// tails and second sentences.
pub fn head(text: &str) -> String {
    let (text, _) = join_plural_markers(text);
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                // "listed monument (Boolean) Yes, if …": a sentence after
                // the notes is the description, not more of the name.
                let next = text[at + 1..].trim_start();
                if depth == 0 && !out.trim().is_empty() && next.starts_with(|c: char| c.is_uppercase()) {
                    break;
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    // A sentence or aside ends the name-bearing part.
    let mut end = out.len();
    for stop in [". ", "? ", "; ", ": ", " e.g.", " NB", " - ", " -- ", " – ", " — ", ",", "?", "."] {
        if let Some(i) = out.find(stop) {
            if i > 0 {
                end = end.min(i);
            }
        }
    }
    crate::document::inline::normalise(&out[..end])
}

/// Strips leading determiners and choice words ("Which", "Whether you want",
/// "A", "The", "Optional" …), repeatedly.
pub fn strip_leading(head: &str) -> &str {
    let mut s = head.trim();
    'again: loop {
        let lower = s.to_ascii_lowercase();
        for w in LEADING {
            if lower.starts_with(w) && lower[w.len()..].starts_with(' ') {
                s = s[w.len()..].trim_start();
                continue 'again;
            }
        }
        return s;
    }
}

/// Lower-case words of a phrase (letters and digits; `#` kept alone).
fn words(s: &str) -> Vec<String> {
    // "call's", "who's", "you'd": the word before the apostrophe.
    s.split(|c: char| !c.is_alphanumeric() && c != '#' && c != '\'' && c != '’' && c != '-')
        .map(|w| w.split(['\'', '’']).next().unwrap_or(""))
        // "off-peak", "check-in": a compound with a function word in it is
        // one word (`off_peak`); "co-investigator" is two.
        .flat_map(|w| {
            let parts: Vec<&str> = w.split('-').filter(|p| !p.is_empty()).collect();
            if parts.len() > 1 && parts.iter().any(|p| is_function_word(&p.to_ascii_lowercase())) {
                vec![parts.join("_")]
            } else {
                parts.into_iter().map(str::to_string).collect()
            }
        })
        .filter(|w| !w.is_empty())
        // "Proposal identifier" is a `proposal_id`.
        .map(|w| match w.to_ascii_lowercase().as_str() {
            "identifier" => "id".to_string(),
            "identifiers" => "ids".to_string(),
            _ => w,
        })
        .flat_map(|w| {
            if w.len() > 1 && w.starts_with('#') {
                vec!["#".to_string(), w[1..].to_ascii_lowercase()]
            } else {
                vec![w.to_ascii_lowercase()]
            }
        })
        .collect()
}

/// The noun phrase at the start of `words`: up to the first function word,
/// at most four words, never ending in a function word. Ranges such as
/// `0-N` before the noun are dropped.
fn noun_phrase(words: &[String]) -> Vec<String> {
    // "max of limit message events": quantity words before the noun name
    // nothing when a noun follows them.
    let skippable = |i: usize, w: &String| {
        is_range_word(w)
            || is_function_word(w)
            || (QUANTITY.contains(&w.as_str()) && words[i + 1..].iter().any(|n| !is_function_word(n) && !QUANTITY.contains(&n.as_str())))
    };
    let start = words.iter().enumerate().position(|(i, w)| !skippable(i, w)).unwrap_or(words.len());
    let mut out: Vec<String> = Vec::new();
    for w in words[start..].iter().take_while(|w| !is_function_word(w)) {
        // "reviews received so far", "bikes docked there": a participle
        // after a plural noun starts a clause, not the name.
        if out.last().is_some_and(|p: &String| p.ends_with('s') && !p.ends_with("ss"))
            && (w.ends_with("ed") || w.ends_with("en"))
            && w.len() > 4
        {
            break;
        }
        out.push(w.clone());
    }
    // A long phrase is named by its last words: English puts the head noun
    // last ("federation style event json" stays; longer ones keep four).
    if out.len() > 4 {
        out.drain(..out.len() - 4);
    }
    out
}

/// Words that say how many, not what.
const QUANTITY: &[&str] = &["max", "maximum", "min", "minimum", "limit", "up", "most", "least"];

/// `0`, `n`, `0-N` spelled as words: a count written before the noun.
fn is_range_word(w: &str) -> bool {
    w == "n" || w.chars().all(|c| c.is_ascii_digit())
}

/// The snake_case field name of an item's prose and the rule that made it:
/// "Which room IDs" → `room_ids`, "# members" → `num_members`, "Max number
/// of notebooks to return" → `limit`.
pub fn field_name_rule(text: &str) -> (String, NameRule) {
    let h = head(text).replace("e-mail", "email").replace("E-mail", "Email");
    let core = strip_leading(&h);
    let mut w = words(core);
    // "Date and time of confirmation" is the time of it.
    if w.len() > 3 && w[0] == "date" && w[1] == "and" && w[2] == "time" {
        w.drain(..2);
    }
    let lower = w.join(" ");
    let (name, rule) = if let Some(state) = whether_state(&words(&h)) {
        (state, NameRule::WhetherTo)
    } else if lower.contains(" per page")
        || lower.starts_with("page size")
        || lower.starts_with("max number of")
        || lower.starts_with("maximum number of")
        || lower.starts_with("max #")
        || w.first().is_some_and(|f| f == "limit")
    {
        (vec!["limit".to_string()], NameRule::Limit)
    } else if let Some(open) = open_ended(&w) {
        (open, NameRule::NounPhrase)
    } else if let Some(counted) = number_of(&w) {
        (counted, NameRule::Count)
    } else if let Some(of) = of_phrase(&w) {
        (of, NameRule::OfPhrase)
    } else if let Some(next) = next_token(&w) {
        (next, NameRule::NextToken)
    } else if let Some(p) = participle_phrase(&w) {
        (p, NameRule::NounPhrase)
    } else if let Some(v) = whether_to(&w) {
        (v, NameRule::WhetherTo)
    } else if w.first().is_some_and(|f| f == "#") {
        let mut n = vec!["num".to_string()];
        n.extend(noun_phrase(&w[1..]));
        (n, NameRule::Count)
    } else if let Some(rest) = lower.strip_prefix("how many") {
        // "how many (default 20)" is a count; "how many years you've been
        // gardening" counts years.
        let noun = noun_phrase(&words(rest));
        (if noun.is_empty() { vec!["count".to_string()] } else { noun }, NameRule::Count)
    } else if w.len() == 1 && is_function_word(&w[0]) {
        // "from (timestamp)", "at (timestamp)": the word itself.
        (w.clone(), NameRule::NounPhrase)
    } else if lower.starts_with("for each ") {
        let noun = w.get(2).map(|n| plural(n)).unwrap_or_else(|| "items".into());
        (vec![noun], NameRule::ForEach)
    } else if let Some(bounded) = bound_phrase(&w) {
        (bounded, NameRule::NounPhrase)
    } else {
        let w = match w.first().map(String::as_str) {
            Some("whether") => &w[1..],
            _ => &w[..],
        };
        (noun_phrase(w), NameRule::NounPhrase)
    };
    let mut name = name;
    if matches!(rule, NameRule::NounPhrase | NameRule::OfPhrase) {
        // "Prep time in minutes" is a `prep_time`: a time says its unit.
        let says_unit = |u: &String| name.iter().any(|n| n == u) || name.last().is_some_and(|l| l == "time");
        if let Some(unit) = unit_suffix(text).filter(|u| !says_unit(u) && !name.is_empty()) {
            name.push(unit);
        }
    }
    let name = name.join("_");
    (ident_safe(if name.is_empty() { "value".to_string() } else { name }), rule)
}

/// The snake_case field name of an item's prose.
pub fn field_name(text: &str) -> String {
    field_name_rule(text).0
}

/// "Inspection due by", "Status since", "Uploaded by", "Due before": a
/// short phrase that ends in its preposition keeps it; the word is the
/// fact's meaning (a deadline, a start, an author).
fn open_ended(w: &[String]) -> Option<Vec<String>> {
    let (last, rest) = w.split_last()?;
    let open = matches!(last.as_str(), "by" | "since" | "before" | "after" | "until" | "till" | "from");
    (open && !rest.is_empty() && rest.len() <= 3 && !rest.iter().any(|x| is_function_word(x))).then(|| w.to_vec())
}

/// "Maximum seeing", "The largest amount an application may request",
/// "Minimum capacity": a bound is named with its side (`max_seeing`,
/// `max_amount`, `min_capacity`); "max of limit events" and "max number
/// of" are no such phrase.
fn bound_phrase(w: &[String]) -> Option<Vec<String>> {
    let (first, rest) = w.split_first()?;
    let side = match first.as_str() {
        "max" | "maximum" | "largest" | "longest" | "highest" | "greatest" => "max",
        "min" | "minimum" | "smallest" | "shortest" | "lowest" | "least" => "min",
        _ => return None,
    };
    if rest.first().is_none_or(|n| is_function_word(n) || n == "number" || n == "#") {
        return None;
    }
    let noun = noun_phrase(rest);
    (!noun.is_empty()).then(|| std::iter::once(side.to_string()).chain(noun).collect())
}

/// The unit a quantity is written in, as a name's last word: "Duration in
/// minutes" → `minutes`, "Fare in EUR" → `eur`, "Timeout (in ms)" → `ms`.
/// Only units that say how a number is read (time, money, percent, mass,
/// length), and only in the item's first clause.
pub fn unit_suffix(text: &str) -> Option<String> {
    let first = text.split(['.', ';', ':']).next().unwrap_or(text);
    let tokens: Vec<&str> = first.split(|c: char| !c.is_alphanumeric() && c != '%').filter(|t| !t.is_empty()).collect();
    let at = tokens.iter().position(|t| t.eq_ignore_ascii_case("in"))?;
    let unit = tokens.get(at + 1)?;
    let lower = unit.to_ascii_lowercase();
    let named = match lower.as_str() {
        "ms" | "milliseconds" | "millis" => "ms",
        "seconds" | "secs" => "seconds",
        "minutes" | "mins" => "minutes",
        "hours" => "hours",
        "days" => "days",
        "weeks" => "weeks",
        "months" => "months",
        "years" => "years",
        "cents" => "cents",
        "percent" | "%" => "percent",
        "grams" | "kg" | "kilograms" | "km" | "kilometres" | "kilometers" | "metres" | "meters" | "cm" | "mm" => lower.as_str(),
        // A currency written as its code: "in EUR", "in USD".
        _ if unit.len() == 3
            && unit.chars().all(|c| c.is_ascii_uppercase())
            && !matches!(*unit, "UTC" | "GMT" | "CET" | "ISO" | "URL" | "API" | "PDF" | "CSV") =>
        {
            lower.as_str()
        }
        _ => return None,
    };
    Some(named.to_string())
}

/// "Number of pages", "Count of copies" → `num_pages`, `num_copies`: a
/// count is named after what it counts, as "# X" is.
fn number_of(w: &[String]) -> Option<Vec<String>> {
    // "Total number of hits", "The total number of recipes that matched":
    // the `total`, as lists of results call it.
    if let [total, n, of, ..] = w {
        if total == "total" && matches!(n.as_str(), "number" | "count") && of == "of" {
            return Some(vec!["total".to_string()]);
        }
    }
    let counted = match w {
        [n, of, rest @ ..] if matches!(n.as_str(), "number" | "count") && of == "of" => noun_phrase(rest),
        _ => return None,
    };
    // "Number of health insurance card": a singular noun after "number of"
    // is the thing the number identifies, named by [`of_phrase`].
    let last = counted.last()?;
    if w[0] == "number" && singular(last) == *last && !matches!(last.as_str(), "people" | "children" | "staff" | "data" | "media") {
        return None;
    }
    let mut out = vec!["num".to_string()];
    out.extend(counted);
    Some(out).filter(|o| o.len() > 1)
}

/// Generic nouns that are named by what they belong to: "Date of birth"
/// is a `birth_date`, "Id of appointment" an `appointment_id`.
const GENERIC: &[&str] = &[
    "date",
    "id",
    "identifier",
    "name",
    "time",
    "type",
    "title",
    "number",
    "start",
    "end",
    "address",
    "code",
    "status",
    "state",
    "hour",
    "description",
    "phone",
];

/// "Date of birth of patient" → `birth_date`; "Id of practitioner" →
/// `practitioner_id`; "Number of health insurance card" →
/// `health_insurance_card_number` (a plural after "number of" is a count,
/// left to [`number_of`]).
fn of_phrase(w: &[String]) -> Option<Vec<String>> {
    // "Applicant ID of the principal investigator", "Applicant IDs of the
    // co-investigators": an id named by the role it plays.
    if let [_, id, of, rest @ ..] = w {
        if matches!(id.as_str(), "id" | "ids") && of == "of" {
            let mut role = noun_phrase(rest);
            if let Some(last) = role.last_mut().filter(|_| id == "ids") {
                *last = singular(last);
            }
            if !role.is_empty() {
                role.push(id.clone());
                return Some(role);
            }
        }
    }
    let [generic, of, rest @ ..] = w else { return None };
    if of != "of" || !GENERIC.contains(&generic.as_str()) {
        return None;
    }
    // "The ID of the submitted application", "of the new review": the
    // record, not its state.
    let mut noun = noun_phrase(rest);
    while noun.len() > 1
        && (matches!(noun[0].as_str(), "new" | "old" | "current" | "updated") || noun[0].ends_with("ed") || noun[0].ends_with("wn"))
    {
        noun.remove(0);
    }
    let last = noun.last()?;
    if generic == "number" && plural(&singular(last)) == *last && last.ends_with('s') {
        return None;
    }
    let generic = if generic == "identifier" { "id".to_string() } else { generic.clone() };
    let mut out = noun;
    out.push(generic);
    Some(out)
}

/// The name of a yes/no question: the state it asks about ("Is it
/// vegetarian?" → `vegetarian`, "has it got a water butt?" →
/// `water_butt`, "only free ones?" → `only_free`, "Sold out?" →
/// `sold_out`).
pub fn question_name(text: &str) -> String {
    let q = text.split('(').next().unwrap_or("").trim().trim_end_matches('?');
    let mut w = words(q);
    const AUX: &[&str] =
        &["is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "can", "could", "should", "will", "would"];
    const SUBJECT: &[&str] = &["it", "they", "he", "she", "this", "that", "you", "we", "there"];
    if w.first().is_some_and(|x| AUX.contains(&x.as_str())) {
        w.remove(0);
        if w.first().is_some_and(|x| SUBJECT.contains(&x.as_str())) {
            w.remove(0);
        }
        if w.first().is_some_and(|x| x == "got") {
            w.remove(0);
        }
    }
    while w.first().is_some_and(|x| matches!(x.as_str(), "a" | "an" | "the" | "already" | "still")) {
        w.remove(0);
    }
    if w.last().is_some_and(|x| matches!(x.as_str(), "ones" | "one")) {
        w.pop();
    }
    let mut out: Vec<String> = Vec::new();
    for x in w {
        if is_function_word(&x) && !out.is_empty() {
            break;
        }
        if !is_function_word(&x) {
            out.push(x);
        }
    }
    out.truncate(3);
    let out: Vec<String> =
        out.into_iter().map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>()).filter(|w| !w.is_empty()).collect();
    ident_safe(if out.is_empty() { "value".to_string() } else { out.join("_") })
}

/// "Started at" named `started`: the time keeps its marker, `started_at`;
/// "The date and time at which the application was submitted" is
/// `submitted_at`, "When the review was received" `received_at`. `None`
/// when the phrase says no such thing.
pub fn time_suffix(head: &str, name: &str) -> Option<String> {
    let all = words(head);
    if let Some(i) = all.iter().position(|w| w == "was" || w == "were") {
        let participle = all.get(i + 1).filter(|p| p.ends_with("ed") || p.ends_with("en") || p.ends_with("ent"))?;
        return Some(format!("{participle}_at"));
    }
    let w = words(strip_leading(head));
    let (last, before) = w.split_last()?;
    if !matches!(last.as_str(), "at" | "on") || before.is_empty() {
        return None;
    }
    let stem = before.join("_");
    // "Checked in at": `checked_in_at`, the particle kept.
    if stem.len() > name.len() && stem.starts_with(name) && before.len() <= 3 {
        return Some(format!("{stem}_{last}"));
    }
    (name == stem || stem.ends_with(name) || name.ends_with(&stem)).then(|| format!("{name}_{last}"))
}

/// "… token for the next batch" → `next_batch`; "… token for the next
/// page" → `next_page`; another "next … token" → `next_token`.
fn next_token(w: &[String]) -> Option<Vec<String>> {
    let token = w.iter().position(|x| x == "token" || x == "cursor")?;
    let next = w.iter().position(|x| x == "next")?;
    if next > token {
        let after = w.get(next + 1).filter(|x| !is_function_word(x));
        return Some(vec!["next".into(), after.cloned().unwrap_or_else(|| w[token].clone())]);
    }
    Some(vec!["next".into(), w[token].clone()])
}

/// "Whether the parcel was cancelled" → `cancelled`; "Whether the user is
/// online" → `online`: the state the question asks about. "Whether the
/// book is a reference copy" → `reference_copy`: the noun phrase after an
/// article; the subject is dropped either way.
fn whether_state(w: &[String]) -> Option<Vec<String>> {
    if w.first().map(String::as_str) != Some("whether") || w.get(1).map(String::as_str) == Some("to") {
        return None;
    }
    // "Whether the user may edit" → `may_edit`: the permission asked about.
    const MODALS: &[&str] = &["may", "can", "could", "should", "must", "might"];
    if let Some(m) = w.iter().position(|x| MODALS.contains(&x.as_str())) {
        let verb = w.get(m + 1).filter(|v| !is_function_word(v) && *v != "be")?;
        return Some(vec![w[m].clone(), verb.clone()]);
    }
    // "Whether the reviewer declares a conflict of interest" →
    // `conflict_of_interest`: what a present-tense verb after the subject
    // declares, or the verb alone.
    if let [_, article, _subject, verb, rest @ ..] = w {
        let present = verb.len() > 3 && verb.ends_with('s') && !verb.ends_with("ss") && !is_function_word(verb);
        if matches!(article.as_str(), "the" | "a" | "an") && present {
            let object = object_phrase(rest);
            return Some(if object.is_empty() { vec![verb.clone()] } else { object });
        }
    }
    let verb = w.iter().position(|x| matches!(x.as_str(), "is" | "was" | "are" | "were" | "been" | "has" | "have" | "had"))?;
    // "has been cancelled" asks about `cancelled`.
    let rest: Vec<String> = w[verb + 1..].iter().skip_while(|x| *x == "been").cloned().collect();
    match rest.split_first() {
        Some((article, tail)) if matches!(article.as_str(), "a" | "an" | "the") => Some(noun_phrase(tail)).filter(|p| !p.is_empty()),
        Some((state, _)) if !is_function_word(state) && state != "being" => Some(vec![state.clone()]),
        _ => None,
    }
}

/// The object of a verb: after an article, its nouns, with one "of" and the
/// noun after it ("a conflict of interest" → `conflict_of_interest`).
fn object_phrase(w: &[String]) -> Vec<String> {
    let w = match w.first().map(String::as_str) {
        Some("a" | "an" | "the") => &w[1..],
        _ => w,
    };
    let mut out: Vec<String> = Vec::new();
    let mut iter = w.iter().peekable();
    while let Some(x) = iter.next() {
        if x == "of" && !out.is_empty() && !out.contains(x) {
            match iter.peek() {
                Some(n) if !is_function_word(n) => out.push(x.clone()),
                _ => break,
            }
        } else if is_function_word(x) || out.len() >= 4 {
            break;
        } else {
            out.push(x.clone());
        }
    }
    out
}

/// Participles that do not end in -ed or -en.
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "sold", "bought", "paid", "sent", "made", "held", "done", "kept", "told", "built", "set", "put", "shut", "won", "lost", "left", "read",
];

/// "Recorded by", "Confirmed by", "Checked in", "Signed off": a
/// participle and its particle name the field together (`recorded_by`,
/// `checked_in`), where a noun phrase would stop at the particle.
fn participle_phrase(w: &[String]) -> Option<Vec<String>> {
    let [participle, particle] = w else { return None };
    let is_participle = (participle.len() > 4 && (participle.ends_with("ed") || participle.ends_with("en")))
        || IRREGULAR_PARTICIPLES.contains(&participle.as_str());
    (is_participle && matches!(particle.as_str(), "by" | "in" | "out" | "up" | "off")).then(|| w.to_vec())
}

/// "Whether to keep the notes in the trash" → `keep_notes`.
fn whether_to(w: &[String]) -> Option<Vec<String>> {
    let rest = match w {
        [a, b, rest @ ..] if a == "whether" && b == "to" => rest,
        _ => return None,
    };
    let (verb, object) = rest.split_first()?;
    let mut out = vec![verb.clone()];
    out.extend(noun_phrase(object));
    Some(out)
}

/// Nouns whose plural no rule makes.
const IRREGULAR: &[(&str, &str)] = &[("person", "people"), ("child", "children"), ("man", "men"), ("woman", "women"), ("mouse", "mice")];

/// The plural of a lower-case English noun.
pub fn plural(word: &str) -> String {
    if let Some((_, p)) = IRREGULAR.iter().find(|(s, p)| word == *s || word == *p) {
        return p.to_string();
    }
    if word.ends_with("ids") || (word.ends_with('s') && !is_singular_in_s(word)) {
        return word.to_string();
    }
    if word == "id" {
        return "ids".into();
    }
    if let Some(stem) = word.strip_suffix('y') {
        if !stem.ends_with(['a', 'e', 'o', 'u']) {
            return format!("{stem}ies");
        }
    }
    if is_singular_in_s(word) || word.ends_with('x') || word.ends_with("ch") || word.ends_with("sh") {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// A snake_case name with its last word made plural (`event_type` →
/// `event_types`, `note_id` → `note_ids`).
pub fn plural_name(name: &str) -> String {
    let base = name.strip_suffix('_').unwrap_or(name);
    // "documents_still_needed": a plural noun before a participle is
    // already the plural.
    let words: Vec<&str> = base.split('_').collect();
    if let Some(at) = words.iter().position(|w| w.len() > 3 && w.ends_with('s') && !w.ends_with("ss")) {
        if words[at + 1..].iter().all(|w| w.ends_with("ed") || matches!(*w, "still" | "left" | "so" | "far" | "now" | "only"))
            && at + 1 < words.len()
        {
            return base.to_string();
        }
    }
    match base.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", plural(last)),
        None => ident_safe(plural(base)),
    }
}

/// An identifier made from any text, that Rust takes in every place (a
/// field, a module, a function, a type) and a URL path takes as it is:
/// ASCII letters, digits and `_` (every other character separates words,
/// joined by `_`: `scroll#ack` → `scroll_ack`), never empty (`value`),
/// never starting with a digit (`n` before it), never a keyword (`_` after
/// it: `type_`, `match_`, `self_`; the wire name keeps the word, see
/// [`unkeyworded`]).
pub fn ident_safe(name: String) -> String {
    let is_ident_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let name = if name.chars().all(is_ident_char) {
        name
    } else {
        name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("_")
    };
    let name = if name.chars().all(|c| c == '_') { "value".to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("n{name}") } else { name };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// The word an [`ident_safe`] name stands for: `type_` → `type` (the wire
/// name of a field whose prose is "Type"), any other name itself.
pub fn unkeyworded(name: &str) -> &str {
    name.strip_suffix('_').filter(|w| is_keyword(w)).unwrap_or(name)
}

/// A path as an HTTP example writes it, with every character a URL path
/// does not take as it is (`#`, a space, `é`) percent-encoded, outside the
/// `{param}` variables: `/scroll#ack/{id}` → `/scroll%23ack/{id}`, which a
/// client can request.
pub fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' | '}' => {
                in_param = c == '{';
                out.push(c);
            }
            _ if in_param || c.is_ascii_alphanumeric() || "/-._~!$&'()*+,;=:@%".contains(c) => out.push(c),
            _ => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

/// A URL path segment from a phrase: its ASCII words, lower-case, joined by
/// `-` (`room alias` → `room-alias`); `item` when it has none.
pub fn path_segment(phrase: &str) -> String {
    let words: Vec<String> =
        phrase.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    if words.is_empty() {
        "item".into()
    } else {
        words.join("-")
    }
}

pub fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

/// PascalCase type name from any text ("room alias" → `RoomAlias`): its
/// ASCII words (other characters separate them), `Value` when it has none,
/// `N` before a digit, and `Self_` for the one keyword it could spell.
pub fn type_name(text: &str) -> String {
    let name = type_prefix(text);
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// [`type_name`] to put before a suffix: `Self` of `SelfRequest`.
pub fn type_prefix(text: &str) -> String {
    let words: String = text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    let name = words.to_pascal_case();
    if name.is_empty() {
        "Value".into()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N{name}")
    } else {
        name
    }
}

/// snake_case module name of an API title ("Relates-to pagination API" →
/// `relates_to_pagination_api`); a title that would name one of the
/// crate's own modules takes `_api` ("Types" → `types_api`).
pub fn module_name(title: &str) -> String {
    let words: Vec<String> =
        title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    let name = ident_safe(if words.is_empty() { "api".into() } else { words.join("_") });
    if super::RESERVED_MODULES.contains(&name.as_str()) {
        format!("{name}_api")
    } else {
        name
    }
}

/// The singular of an English plural noun, for list element types.
pub fn singular(word: &str) -> String {
    let w = word.trim();
    if let Some((s, _)) = IRREGULAR.iter().find(|(s, p)| w == *s || w == *p) {
        return s.to_string();
    }
    if let Some(s) = w.strip_suffix("IDs") {
        return format!("{s}ID");
    }
    if let Some(s) = w.strip_suffix("ids") {
        return format!("{s}id");
    }
    if let Some(s) = w.strip_suffix("ies") {
        return format!("{s}y");
    }
    // `aliases`, `statuses`, `addresses`, `boxes`; but `cases`, `bases`.
    for es in ["sses", "iases", "tuses", "xes", "ches", "shes"] {
        if let Some(s) = w.strip_suffix(es) {
            return format!("{s}{}", &es[..es.len() - 2]);
        }
    }
    if is_singular_in_s(w) {
        return w.to_string();
    }
    w.strip_suffix('s').unwrap_or(w).to_string()
}

/// Nouns ending in `s` that are singular (`status`, `alias`, `address`,
/// `analysis`).
fn is_singular_in_s(w: &str) -> bool {
    ["ss", "us", "as", "is"].iter().any(|e| w.ends_with(e))
}

/// Makes the names of one set unique together, in order: the second `x`
/// becomes `x_2`, and so on. Returns the names in the same order.
pub fn unique(names: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    // The names given so far, for a check that does not grow with them.
    let mut given = std::collections::HashSet::new();
    let mut out = Vec::new();
    for n in names {
        let count = seen.entry(n.clone()).or_insert(0);
        *count += 1;
        let mut candidate = if *count == 1 { n.clone() } else { format!("{n}_{count}") };
        while given.contains(&candidate) {
            *count += 1;
            candidate = format!("{n}_{count}");
        }
        given.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_drop_determiners_and_asides() {
        assert_eq!(field_name("Room ID"), "room_id");
        assert_eq!(field_name("Which event types (incl wildcards)"), "event_types");
        assert_eq!(field_name("Whether you want federation-style event JSON"), "federation_style_event_json");
        assert_eq!(field_name("Action ID (optional)"), "action_id");
        assert_eq!(field_name("A list of rooms with:"), "rooms");
        assert_eq!(field_name("For each room the user is joined:"), "rooms");
        assert_eq!(field_name("Event type[s]"), "event_types");
        assert_eq!(field_name("# members"), "num_members");
        assert_eq!(field_name("Filter to apply (e.g. a single room ID for a 'room initial sync')"), "filter");
        // A participle after a plural noun starts a clause ("keys added or …").
        assert_eq!(field_name("The extra keys added or keys modified e.g. 'content' from a policy server"), "extra_keys");
        assert_eq!(field_name("0-N events the client hasn't seen. NB: Deleted"), "events");
        assert_eq!(field_name("Type"), "type_");
        assert_eq!(field_name("Kind (Text, required) – one of `photo` or `other`"), "kind");
        assert_eq!(field_name("listed monument (Boolean) Yes, if a building is protected."), "listed_monument");
        // A phrase that ends in its preposition keeps it.
        assert_eq!(field_name("Inspection due by"), "inspection_due_by");
        assert_eq!(field_name("Status since"), "status_since");
        assert_eq!(field_name("Uploaded by (Text)"), "uploaded_by");
    }

    #[test]
    fn names_people_would_write() {
        let cases = [
            ("Whether to keep the notes in the trash", "keep_notes", NameRule::WhetherTo),
            ("Whether the parcel was cancelled", "cancelled", NameRule::WhetherTo),
            ("Whether the user is online", "online", NameRule::WhetherTo),
            ("Whether you want federation-style event JSON", "federation_style_event_json", NameRule::NounPhrase),
            ("Max number of notebooks to return", "limit", NameRule::Limit),
            ("Duration in minutes (rounded up)", "duration_minutes", NameRule::NounPhrase),
            ("Fare in EUR with two decimals", "fare_eur", NameRule::NounPhrase),
            ("Maximum seeing in arcseconds (optional)", "max_seeing", NameRule::NounPhrase),
            ("The largest amount an application may request", "max_amount", NameRule::NounPhrase),
            ("The longest duration a funded project may have, in months", "max_duration_months", NameRule::NounPhrase),
            ("Minimum capacity (optional)", "min_capacity", NameRule::NounPhrase),
            ("Date and time of confirmation", "confirmation_time", NameRule::OfPhrase),
            ("Start time in UTC", "start_time", NameRule::NounPhrase),
            ("Limit for pagination", "limit", NameRule::Limit),
            ("Cursor token for the next page of notebooks", "next_page", NameRule::NextToken),
            ("A token for the next batch", "next_batch", NameRule::NextToken),
            ("User ID to share with", "user_id", NameRule::NounPhrase),
            ("URL base to receive inbound webhooks", "url_base", NameRule::NounPhrase),
            ("Note bod[ies]", "note_bodies", NameRule::NounPhrase),
            ("Note ID[s]", "note_ids", NameRule::NounPhrase),
            ("Tag[s]", "tags", NameRule::NounPhrase),
            ("Event(s)", "events", NameRule::NounPhrase),
            ("0-N changes since the given position", "changes", NameRule::NounPhrase),
            ("# users", "num_users", NameRule::Count),
            ("max of limit= message events", "message_events", NameRule::NounPhrase),
            ("For each room the user is joined:", "rooms", NameRule::ForEach),
            ("Whether the user may edit (optional)", "may_edit", NameRule::WhetherTo),
            ("Whether the reviewer declares a conflict of interest", "conflict_of_interest", NameRule::WhetherTo),
            ("Recorded by (user ID behind the token)", "recorded_by", NameRule::NounPhrase),
            ("Checked in", "checked_in", NameRule::NounPhrase),
        ];
        for (prose, name, rule) in cases {
            assert_eq!(field_name_rule(prose), (name.to_string(), rule), "{prose}");
        }
    }

    /// Wording none of the rules was written against.
    #[test]
    fn counts_are_named_after_what_they_count() {
        let cases = [
            ("Number of pages", "num_pages", NameRule::Count),
            ("Number of people", "num_people", NameRule::Count),
            ("Number of health insurance card", "health_insurance_card_number", NameRule::OfPhrase),
            ("The number of copies on the shelf", "num_copies", NameRule::Count),
            ("Count of overdue loans", "num_overdue_loans", NameRule::Count),
            ("# renewals left", "num_renewals_left", NameRule::Count),
            ("Maximum number of loans per member", "limit", NameRule::Limit),
            ("Number", "number", NameRule::NounPhrase),
            ("Phone number of the branch", "phone_number", NameRule::NounPhrase),
        ];
        for (prose, name, rule) in cases {
            assert_eq!(field_name_rule(prose), (name.to_string(), rule), "{prose}");
        }
    }

    #[test]
    fn whether_names_the_state_not_the_subject() {
        let cases = [
            ("Whether the book is a reference copy", "reference_copy"),
            ("Whether the member is an honorary member of the club", "honorary_member"),
            ("Whether the loan was the last renewal allowed", "last_renewal_allowed"),
            ("Whether the branch has a reading room", "reading_room"),
            ("Whether the hold has been fulfilled", "fulfilled"),
            ("Whether the copy is damaged", "damaged"),
        ];
        for (prose, name) in cases {
            assert_eq!(field_name_rule(prose), (name.to_string(), NameRule::WhetherTo), "{prose}");
        }
    }

    #[test]
    fn no_name_ends_in_a_function_word() {
        for prose in ["Which keys to", "Event ID to mark up to", "Position in the stream", "Rooms with", "Whether to"] {
            let name = field_name(prose);
            let last = name.trim_end_matches('_').rsplit('_').next().unwrap();
            assert!(!is_function_word(last), "{prose} -> {name}");
        }
        // Except a short phrase's own "by", "since", "before" …: its meaning.
        assert_eq!(field_name("Sort by"), "sort_by");
        assert_eq!(field_name("total number of hits (Integer)"), "total");
        // "Kind of change" in a list of changes is its `kind`.
        assert_eq!(field_name("Kind of change (created, updated, deleted)"), "kind");
        assert_eq!(field_name("the new hour of arrival (facultative)"), "arrival_hour");
        assert_eq!(field_name("off-peak start, \"HH:MM\" in local time"), "off_peak_start");
        assert_eq!(field_name("Applicant ID of the principal investigator"), "principal_investigator_id");
        assert_eq!(field_name("Applicant IDs of the co-investigators, if there are any"), "co_investigator_ids");
        assert_eq!(plural_name("documents_still_needed"), "documents_still_needed");
        assert_eq!(plural_name("room_id"), "room_ids");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("body"), "bodies");
        assert_eq!(plural("key"), "keys");
        assert_eq!(plural("box"), "boxes");
        assert_eq!(plural("id"), "ids");
        assert_eq!(plural("events"), "events");
        assert_eq!(plural("alias"), "aliases");
        assert_eq!(plural("status"), "statuses");
        assert_eq!(singular("aliases"), "alias");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("boxes"), "box");
        assert_eq!(singular("alias"), "alias");
        assert_eq!(singular("statuses"), "status");
        assert_eq!(singular("cases"), "case");
        assert_eq!(singular("responses"), "response");
        assert_eq!(plural_name("event_type"), "event_types");
        assert_eq!(plural_name("type_"), "types");
        assert_eq!(join_plural_markers("Note bod[ies]"), ("Note bodies".to_string(), true));
        assert_eq!(join_plural_markers("Event(s) and (optional)"), ("Events and (optional)".to_string(), true));
        assert!(!join_plural_markers("a [s] alone").1);
    }

    #[test]
    fn heads_cut_sentences_and_examples() {
        assert_eq!(head("Event ID to mark up to. This is inclusive"), "Event ID to mark up to");
        assert_eq!(head("Which keys to return for events? e.g. no"), "Which keys to return for events");
    }

    #[test]
    fn type_and_module_names() {
        assert_eq!(type_name("room alias"), "RoomAlias");
        assert_eq!(type_name("do not disturb"), "DoNotDisturb");
        assert_eq!(module_name("Relates-to pagination API"), "relates_to_pagination_api");
        assert_eq!(module_name("Events (breaking changes; event version 2)"), "events_breaking_changes_event_version_2");
    }

    #[test]
    fn any_text_makes_an_identifier_rust_and_a_url_path_take() {
        let texts = [
            "scroll#ack",
            "type",
            "Self",
            "self",
            "match",
            "use",
            "crate",
            "super",
            "x²",
            "größe",
            "",
            "_",
            "__",
            "#",
            "9 lives",
            "a b",
            "a__b",
            "é",
            "r#type",
            "Type!",
            "🙂 emoji",
        ];
        for t in texts {
            for name in [ident_safe(t.to_string()), module_name(t), field_name(t), plural_name(&field_name(t))] {
                assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{t:?} -> {name:?}");
                assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{t:?} -> {name:?}");
            }
            let ty = type_name(t);
            assert!(syn::parse_str::<syn::Ident>(&ty).is_ok() && ty.is_ascii(), "{t:?} -> {ty:?}");
            let seg = path_segment(t);
            assert!(!seg.is_empty() && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{t:?} -> {seg:?}");
        }
        assert_eq!(ident_safe("scroll#ack".into()), "scroll_ack");
        assert_eq!(ident_safe("x²_value".into()), "x_value");
        assert_eq!(ident_safe("type".into()), "type_");
        assert_eq!(ident_safe("type_".into()), "type_", "made once, kept");
        assert_eq!((unkeyworded("type_"), unkeyworded("self_"), unkeyworded("room_")), ("type", "self", "room_"));
        assert_eq!((type_name("self"), type_prefix("self")), ("Self_".to_string(), "Self".to_string()));
        assert_eq!(
            (module_name("Types"), module_name("Lib"), module_name("Client API")),
            ("types_api".into(), "lib_api".into(), "client_api".into())
        );
        assert_eq!(path_segment("room alias"), "room-alias");
        assert_eq!(url_path("/scroll#ack/{room id}/caf\u{e9}"), "/scroll%23ack/{room id}/caf%C3%A9");
    }

    #[test]
    fn singulars_and_uniqueness() {
        assert_eq!(singular("IDs"), "ID");
        assert_eq!(singular("rooms"), "room");
        assert_eq!(singular("capabilities"), "capability");
        assert_eq!(singular("people"), "person");
        assert_eq!(plural("person"), "people");
        assert_eq!(plural("human"), "humans");
        assert_eq!(unique(["a".into(), "b".into(), "a".into(), "a".into()]), ["a", "b", "a_2", "a_3"]);
        assert_eq!(unique(["a_2".into(), "a".into(), "a".into()]), ["a_2", "a", "a_3"]);
    }
}
