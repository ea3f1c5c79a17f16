//! Names and phrases compared by what they mean: an HTTP example's key
//! (`centre_lat`, `odometer_m`, `qtyOnHand`) and the prose item that states
//! the same fact ("Centre latitude", "Odometer in metres", "Quantity on
//! hand") reduce to the same concepts.
//!
//! A concept is a lower-case word stem with abbreviations expanded and
//! spellings unified, or a unit (`unit:metre`). Function words name
//! nothing and are dropped. [`similarity`] scores two concept lists; the
//! matcher that pairs keys with items lives in [`super::example`].

use super::names::is_function_word;

/// Abbreviations and spellings, as (written, concept).
const ALIASES: &[(&str, &str)] = &[
    ("lat", "latitude"),
    ("lon", "longitude"),
    ("lng", "longitude"),
    ("long", "longitude"),
    ("qty", "number"),
    ("num", "number"),
    ("no", "number"),
    ("nr", "number"),
    ("#", "number"),
    ("count", "number"),
    ("many", "number"),
    ("quantity", "number"),
    ("desc", "description"),
    ("descr", "description"),
    ("addr", "address"),
    ("temp", "temperature"),
    ("amt", "amount"),
    ("msg", "message"),
    ("img", "image"),
    ("pic", "picture"),
    ("tz", "timezone"),
    ("max", "maximum"),
    ("min", "minimum"),
    ("avg", "average"),
    ("info", "information"),
    ("informations", "information"),
    ("ref", "reference"),
    ("org", "organisation"),
    ("organization", "organisation"),
    ("dept", "department"),
    ("seq", "sequence"),
    ("pos", "position"),
    ("src", "source"),
    ("dest", "destination"),
    ("dst", "destination"),
    ("loc", "location"),
    ("accel", "acceleration"),
    ("vel", "velocity"),
    ("dist", "distance"),
    ("dur", "duration"),
    ("identifier", "id"),
    ("ident", "id"),
    ("uuid", "id"),
    ("center", "centre"),
    ("color", "colour"),
    ("canceled", "cancelled"),
    ("favorite", "favourite"),
    ("pwd", "password"),
    ("passwd", "password"),
    ("username", "user name"),
    ("dob", "birth date"),
    ("yr", "year"),
    ("yrs", "year"),
    ("pct", "percent"),
    ("perc", "percent"),
    ("btn", "button"),
    ("cat", "category"),
    ("doc", "document"),
    ("docs", "document"),
    ("attr", "attribute"),
    ("param", "parameter"),
    ("params", "parameter"),
    ("config", "configuration"),
    ("cfg", "configuration"),
    ("auth", "authentication"),
    ("prev", "previous"),
    ("curr", "current"),
    ("cur", "current"),
    ("tot", "total"),
    ("sz", "size"),
    ("len", "length"),
    ("ts", "timestamp"),
    ("dt", "date"),
    ("approx", "approximate"),
];

/// Unit words (prose or key suffix) and the unit they name. A unit is a
/// weak concept: it tells two facts apart, but alone it names nothing.
const UNITS: &[(&str, &str)] = &[
    ("m", "metre"),
    ("meter", "metre"),
    ("meters", "metre"),
    ("metre", "metre"),
    ("metres", "metre"),
    ("km", "kilometre"),
    ("kilometers", "kilometre"),
    ("kilometres", "kilometre"),
    ("kilometer", "kilometre"),
    ("kilometre", "kilometre"),
    ("cm", "centimetre"),
    ("mm", "millimetre"),
    ("kmh", "km/h"),
    ("kph", "km/h"),
    ("mph", "mph"),
    ("ms2", "m/s2"),
    ("mps2", "m/s2"),
    ("mps", "m/s"),
    ("s", "second"),
    ("sec", "second"),
    ("secs", "second"),
    ("second", "second"),
    ("seconds", "second"),
    ("ms", "millisecond"),
    ("millis", "millisecond"),
    ("millisecond", "millisecond"),
    ("milliseconds", "millisecond"),
    ("min", "minute"),
    ("mins", "minute"),
    ("minute", "minute"),
    ("minutes", "minute"),
    ("h", "hour"),
    ("hr", "hour"),
    ("hrs", "hour"),
    ("hour", "hour"),
    ("hours", "hour"),
    ("days", "day"),
    ("g", "gram"),
    ("gram", "gram"),
    ("grams", "gram"),
    ("kg", "kilogram"),
    ("kilograms", "kilogram"),
    ("kilogram", "kilogram"),
    ("c", "celsius"),
    ("celsius", "celsius"),
    ("degc", "celsius"),
    ("deg", "degree"),
    ("degree", "degree"),
    ("degrees", "degree"),
    ("pct", "percent"),
    ("percent", "percent"),
    ("%", "percent"),
    ("cents", "cent"),
    ("cent", "cent"),
    ("eur", "eur"),
    ("euros", "eur"),
    ("usd", "usd"),
    ("gbp", "gbp"),
    ("pounds", "gbp"),
    ("bytes", "byte"),
    ("byte", "byte"),
    ("kb", "kilobyte"),
    ("mb", "megabyte"),
    ("px", "pixel"),
    ("pixels", "pixel"),
    ("sqm", "m2"),
    ("m2", "m2"),
    ("kwh", "kwh"),
    ("w", "watt"),
    ("watts", "watt"),
];

/// Prose spellings of units made of several words or symbols.
const UNIT_PHRASES: &[(&str, &str)] = &[
    ("m/s^2", "m/s2"),
    ("m/s²", "m/s2"),
    ("m/s2", "m/s2"),
    ("km/h", "km/h"),
    ("m/s", "m/s"),
    ("°c", "celsius"),
    ("square metres", "m2"),
    ("square meters", "m2"),
    ("m²", "m2"),
];

/// Prepositions that name a bound when they lead ("From date", `to`).
const POSITIONS: &[&str] = &["from", "to", "since", "until", "before", "after"];

/// Words that mark a time when a participle names it: "Started at",
/// "Posted on" (`started_at`, `posted_on`).
const TIME_MARKERS: &[&str] = &["at", "on"];

/// The concepts of a key or phrase: words split at case changes, `_`, `-`,
/// spaces and punctuation; abbreviations expanded; units tagged
/// (`unit:metre`); stems compared, not inflections; function words
/// dropped (but a trailing `at`/`on` stays as `@time`).
pub fn concepts(text: &str) -> Vec<String> {
    // Unit phrases are found in lower case and replaced in the text as
    // written, whose case changes still split words (`qtyOnHand`).
    let raw = split(&tag_unit_phrases(text));
    let n = raw.len();
    let mut out = Vec::new();
    for (i, w) in raw.iter().enumerate() {
        if let Some(u) = w.strip_prefix("unit:") {
            out.push(format!("unit:{u}"));
            continue;
        }
        // A short unit is only a unit at the end of a key or after a number
        // word ("odometer_m", "speed in m"): `m` alone in prose is a letter.
        let last = i + 1 == n;
        if let Some((_, u)) = UNITS.iter().find(|(k, _)| k == w) {
            let ambiguous = w.len() <= 2 || matches!(w.as_str(), "min" | "sec" | "deg");
            if !ambiguous || last || raw.get(i.wrapping_sub(1)).is_some_and(|p| p == "in" || p == "per") {
                out.push(format!("unit:{u}"));
                continue;
            }
        }
        if TIME_MARKERS.contains(&w.as_str()) && last && i > 0 {
            out.push("@time".to_string());
            continue;
        }
        // "From date", `from`, "since": a leading preposition of a time or
        // place says which one, so it stays.
        if is_function_word(w) && !(i == 0 && POSITIONS.contains(&w.as_str())) {
            continue;
        }
        match ALIASES.iter().find(|(k, _)| k == w) {
            Some((_, full)) => out.extend(full.split(' ').map(stem)),
            None => out.push(stem(w)),
        }
    }
    out
}

/// The text with each unit phrase ("m/s^2", "km/h") replaced by its tag
/// (` unit:m/s2 `), in one pass from left to right.
fn tag_unit_phrases(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Case folding changed byte lengths: offsets would not line up.
        return lower;
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < text.len() {
        match UNIT_PHRASES.iter().find(|(p, _)| lower[i..].starts_with(p)) {
            Some((p, unit)) => {
                out.push_str(&format!(" unit:{unit} "));
                i += p.len();
            }
            None => {
                let c = text[i..].chars().next().expect("in bounds");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Lower-case words of a key or phrase: `qtyOnHand` → qty, on, hand;
/// `odometer_m` → odometer, m; `"# of seeds"` → #, of, seeds.
fn split(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    let flush = |cur: &mut String, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(std::mem::take(cur));
        }
    };
    for c in text.chars() {
        if c == '#' || c == '%' {
            flush(&mut cur, &mut out);
            out.push(c.to_string());
            prev_lower = false;
        } else if c.is_alphanumeric() || c == ':' || c == '/' {
            if c.is_uppercase() && prev_lower {
                flush(&mut cur, &mut out);
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        } else if c == '\'' || c == '’' {
            // "who's", "you'd": the contraction stays one word.
        } else {
            flush(&mut cur, &mut out);
            prev_lower = false;
        }
    }
    flush(&mut cur, &mut out);
    // `unit:` tags were written with spaces around them; a `/` elsewhere
    // separates words ("yes/no").
    out.into_iter()
        .flat_map(|w| if w.starts_with("unit:") { vec![w] } else { w.split(['/', ':']).map(str::to_string).collect() })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A light stem: plurals, `-ing` and `-ed` cut, so "started", "starting"
/// and "starts" compare equal to "start".
pub fn stem(word: &str) -> String {
    let w = word.to_string();
    if w.len() <= 3 || w.chars().any(|c| c.is_ascii_digit()) {
        return w;
    }
    let cut = |s: &str, suffix: &str| s.strip_suffix(suffix).map(str::to_string);
    let base = if let Some(s) = cut(&w, "ies").filter(|s| s.len() >= 2) {
        format!("{s}y")
    } else if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        w.clone()
    } else if let Some(s) = cut(&w, "ing").filter(|s| s.len() >= 3) {
        s
    } else if let Some(s) = cut(&w, "ed").filter(|s| s.len() >= 3) {
        s
    } else if let Some(s) = cut(&w, "es").filter(|s| s.ends_with("ch") || s.ends_with("sh") || s.ends_with('x')) {
        s
    } else if let Some(s) = cut(&w, "s") {
        s
    } else {
        w.clone()
    };
    // Undo a doubled final consonant and a lost `e` so that "planned" and
    // "plan", "stored" and "store" agree: compare without a final `e`.
    let b = base.as_bytes();
    let n = b.len();
    let base = if n >= 4 && b[n - 1] == b[n - 2] && !b"aeiouls".contains(&b[n - 1]) { base[..n - 1].to_string() } else { base };
    let base = base.strip_suffix('e').filter(|s| s.len() >= 3).map_or(base.clone(), str::to_string);
    // "expiry" and "expires", "delivery" and "delivered" share a stem.
    match base.strip_suffix('y') {
        Some(s) if s.len() >= 4 && !s.ends_with(['a', 'e', 'o', 'u']) => s.to_string(),
        _ => base,
    }
}

/// How alike two concept lists are, from 0 (nothing shared) to 1 (the same
/// concepts): shared weight over the weight of the union, where units weigh
/// half and `id` is required on both sides or neither.
pub fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let weight = |c: &str| if c.starts_with("unit:") || c == "@time" { 0.5 } else { 1.0 };
    let has_id = |l: &[String]| l.iter().any(|c| c == "id");
    // An id and a fact that is not an id are different facts, unless the
    // other side calls it a number ("Station number" and `station_id`).
    let id_mismatch = has_id(a) != has_id(b) && !(a.iter().chain(b).any(|c| c == "number"));
    let mut shared = 0.0;
    let mut union = 0.0;
    let mut seen: Vec<&str> = Vec::new();
    for c in a.iter().chain(b) {
        if seen.contains(&c.as_str()) {
            continue;
        }
        seen.push(c);
        let w = weight(c);
        union += w;
        let in_a = a.contains(c) || (c == "number" && a.iter().any(|x| x == "id")) || (c == "id" && a.iter().any(|x| x == "number"));
        let in_b = b.contains(c) || (c == "number" && b.iter().any(|x| x == "id")) || (c == "id" && b.iter().any(|x| x == "number"));
        if in_a && in_b {
            shared += w;
        }
    }
    let s = shared / union;
    if id_mismatch {
        s * 0.5
    } else {
        s
    }
}

/// Whether every content concept of `a` is among `b`'s (units aside): the
/// key says no more than the phrase.
pub fn covers(b: &[String], a: &[String]) -> bool {
    let content: Vec<&String> = a.iter().filter(|c| !c.starts_with("unit:") && *c != "@time").collect();
    !content.is_empty() && content.iter().all(|c| b.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(a: &str, b: &str) -> f64 {
        similarity(&concepts(a), &concepts(b))
    }

    #[test]
    fn keys_and_phrases_reduce_to_the_same_concepts() {
        assert_eq!(concepts("centre_lat"), concepts("Center latitude"));
        assert_eq!(concepts("odometer_m"), concepts("Odometer in metres"));
        assert_eq!(concepts("qtyOnHand"), concepts("Quantity on hand"));
        assert_eq!(concepts("speed_kmh"), concepts("Speed in km/h"));
        assert_eq!(concepts("started_at"), concepts("Started at"));
        assert_eq!(concepts("principalInvestigatorId"), concepts("principal investigator ID"));
        assert_eq!(concepts("num_seeds"), concepts("# of seeds"));
    }

    #[test]
    fn units_and_ids_weigh_as_they_should() {
        assert!(sim("harsh_braking_ms2", "Harsh braking threshold (m/s^2)") > 0.5);
        assert!(sim("station_id", "Station number") >= 0.5);
        assert!(sim("applicant_id", "Applicant ID") > sim("principal_investigator_id", "Applicant ID"));
        assert!(sim("name", "Member ID") < 0.2);
        assert_eq!(sim("weight", "Height"), 0.0);
    }

    #[test]
    fn stems_fold_inflections() {
        for (a, b) in [("started", "start"), ("planned", "plan"), ("stored", "store"), ("boxes", "box"), ("parties", "party")] {
            assert_eq!(stem(a), stem(b), "{a} {b}");
        }
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("address"), "address");
    }
}
