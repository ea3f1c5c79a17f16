//! Short words a spec defines in its glossary ("ep: episode", "cfg:
//! config", "ts: timestamp, ISO 8601 UTC string") and then writes
//! everywhere: "Create ep", "show id, ep id (int, path)", "created_at (ts)".
//!
//! Before inference, each such word in an operation's name and in its
//! items' prose is read as what it stands for, so "Create ep" is
//! `create_episode` on the resource `episode` and "(ts)" is a timestamp.
//!
//! Invariant: only whole words are read so; a wire key that contains the
//! word (`ep_limit`, `show_id`) is left as written, and a term is an
//! abbreviation only when its letters, in order, begin and spell out the
//! first word of its definition ("ep" → "episode"; "person: a host or a
//! guest" is no abbreviation).

use crate::model::{Item, NoteGroup, Spec};

/// Labels (or section titles) of the lists a glossary is written as.
const GLOSSARY: &[&str] = &["terms", "terminology", "glossary", "abbreviations", "definitions", "words", "vocabulary", "jargon"];

/// The spec's abbreviations, each with what it stands for.
pub fn of(spec: &Spec) -> Vec<(String, String)> {
    let from_terms = spec.terms.iter().map(|t| (t.term.clone(), t.definition.clone()));
    let from_lists = spec
        .records
        .iter()
        .filter(|g| is_glossary(g))
        .flat_map(|g| &g.items)
        .filter_map(|i| i.text.split_once(':').map(|(t, d)| (t.trim().to_string(), d.trim().to_string())));
    let mut out: Vec<(String, String)> = Vec::new();
    for (term, definition) in from_terms.chain(from_lists) {
        if let Some(full) = expansion(&term, &definition) {
            // A dotted term ("appl.") keeps its full stop: the stop is part of it.
            let term = term.trim().trim_matches('`');
            if !out.iter().any(|(t, _)| t.eq_ignore_ascii_case(term)) {
                out.push((term.to_ascii_lowercase(), full));
            }
        }
    }
    out
}

/// Every term the spec defines: its Terminology list and the lists of its
/// glossary sections ("Terminology", "2. Terms"), as "term: definition".
pub fn terms(spec: &Spec) -> Vec<crate::model::Term> {
    let mut out = spec.terms.clone();
    for g in spec.records.iter().filter(|g| is_glossary(g)) {
        for i in &g.items {
            if let Some((t, d)) = i.text.split_once(':') {
                if !out.iter().any(|o| o.term.eq_ignore_ascii_case(t.trim())) {
                    out.push(crate::model::Term { term: t.trim().to_string(), definition: d.trim().to_string(), pos: i.pos });
                }
            }
        }
    }
    out
}

fn is_glossary(g: &NoteGroup) -> bool {
    // "2. Terms": a numbered heading.
    let label = crate::model::unnumbered(g.label.trim()).trim_end_matches(':').to_ascii_lowercase();
    if GLOSSARY.contains(&label.as_str()) {
        return true;
    }
    // "In this document the following abbreviations and terms are used:":
    // a short sentence that introduces them.
    let words: Vec<&str> = label.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).collect();
    words.len() <= 15
        && words.iter().any(|w| {
            matches!(*w, "abbreviations" | "acronyms" | "glossary" | "terminology") || *w == "terms" && words.contains(&"following")
        })
}

/// What `term` stands for, when it is an abbreviation of its definition's
/// first words: "ep" / "episode" → "episode"; "cfg" / "config" → "config".
pub(crate) fn expansion(term: &str, definition: &str) -> Option<String> {
    let t = term.trim().trim_matches('`').to_ascii_lowercase();
    // "appl.", "no.": a full stop marks the word as cut short.
    let dotted = t.ends_with('.');
    let t = t.trim_end_matches('.');
    if t.is_empty() || t.len() > 5 || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let head = definition.split([',', '.', ';', '(']).next()?.trim().to_ascii_lowercase();
    let head = head.strip_prefix("a ").or_else(|| head.strip_prefix("an ")).or_else(|| head.strip_prefix("the ")).unwrap_or(&head);
    let words: Vec<&str> = head.split_whitespace().collect();
    // A dotted term stands for its definition's first word when it begins
    // with the same letter: "appl." application, "no." number.
    if dotted {
        let first = words.first()?;
        let alphabetic = first.len() > t.len() && first.chars().all(|c| c.is_ascii_alphabetic());
        return (alphabetic && first.starts_with(t.chars().next()?)).then(|| first.to_string());
    }
    if words.is_empty() || words.len() > 2 || !words.iter().all(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')) {
        return None;
    }
    let full = words.join(" ");
    if full.len() <= t.len() || !full.starts_with(t.chars().next()?) {
        return None;
    }
    // The term's letters in order within the words ("cfg" in "config").
    let mut letters = full.chars().filter(|c| c.is_ascii_alphabetic());
    t.chars().all(|c| letters.any(|l| l == c)).then_some(full)
}

/// `text` with every whole word that is an abbreviation read as what it
/// stands for (plural "eps" as "episodes").
pub fn expand(text: &str, abbreviations: &[(String, String)]) -> String {
    if abbreviations.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        // "as Get ep.": a full stop ends the word, it does not join a key.
        let stem = word.trim_end_matches('.');
        let stop = word[stem.len()..].to_string();
        word.truncate(stem.len());
        // "No." at a sentence's start stays capitalised: "Number".
        let capital = |full: &str| match word.chars().next() {
            Some(c) if c.is_uppercase() && word.chars().skip(1).all(|c| c.is_lowercase()) => {
                full.chars().take(1).flat_map(char::to_uppercase).chain(full.chars().skip(1)).collect()
            }
            _ => full.to_string(),
        };
        // "appl.": a dotted term takes its stop with it, and is only read
        // so with it ("no" alone is no "no.").
        let dotted = format!("{}.", word.to_ascii_lowercase());
        if stop.len() == 1 {
            if let Some((_, full)) = abbreviations.iter().find(|(t, _)| *t == dotted) {
                out.push_str(&capital(full));
                word.clear();
                return;
            }
        }
        let lower = word.to_ascii_lowercase();
        let found = abbreviations.iter().filter(|(t, _)| !t.ends_with('.')).find_map(|(t, full)| {
            let t = t.as_str();
            if lower == *t {
                Some(full.clone())
            } else if lower.strip_suffix('s') == Some(t) {
                Some(format!("{full}s"))
            } else {
                None
            }
        });
        let found = found.map(|f| capital(&f));
        out.push_str(found.as_deref().unwrap_or(word));
        out.push_str(&stop);
        word.clear();
    };
    for c in text.chars() {
        // `_` and `.` keep a key (`ep_limit`, `show.eps`) one word.
        if c.is_alphanumeric() || c == '_' || c == '.' && !word.is_empty() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Expands the abbreviations in every item of `spec`.
pub fn apply(spec: &mut Spec, abbreviations: &[(String, String)]) {
    if abbreviations.is_empty() {
        return;
    }
    fn items(list: &mut [Item], a: &[(String, String)]) {
        for i in list {
            // "ts (int)": a word written as the item's key stays the key.
            let lead = i.text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(i.text.len());
            let key = i.text[lead..].trim_start().starts_with(['(', ':']) && i.text[..lead].chars().all(|c| !c.is_uppercase());
            let at = if key { lead } else { 0 };
            i.text = format!("{}{}", &i.text[..at], expand(&i.text[at..], a));
            items(&mut i.items, a);
        }
    }
    // Operation names stay as written: they name the operation to people
    // and to the overlay.
    for op in spec.apis.iter_mut().flat_map(|api| api.operations.iter_mut()) {
        items(&mut op.inputs, abbreviations);
        items(&mut op.outputs, abbreviations);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_of_their_definitions() {
        assert_eq!(expansion("ep", "episode").as_deref(), Some("episode"));
        assert_eq!(expansion("appl.", "Application for a building permit (Bauantrag).").as_deref(), Some("application"));
        assert_eq!(expansion("no.", "Number.").as_deref(), Some("number"));
        assert_eq!(expansion("BPO", "Building Permit Office of the City"), None);
        let a = [("ep".to_string(), "episode".to_string())];
        assert_eq!(expand("full ep, as Get ep. Also show.eps", &a), "full episode, as Get episode. Also show.eps");
        let dotted = [("appl.".to_string(), "application".to_string()), ("no.".to_string(), "number".to_string())];
        assert_eq!(expand("appl. no. (Text)", &dotted), "application number (Text)");
        assert_eq!(expand("No. of the plan; no address", &dotted), "Number of the plan; no address");
        assert_eq!(expansion("cfg", "config").as_deref(), Some("config"));
        assert_eq!(expansion("ts", "timestamp, ISO 8601 UTC string").as_deref(), Some("timestamp"));
        assert_eq!(expansion("person", "a host or a guest. Per account"), None);
        assert_eq!(expansion("Chunk token", "An opaque string"), None);
        assert_eq!(expansion("id", "identifier"), Some("identifier".into()));
        assert_eq!(expansion("PO", "purchase order").as_deref(), Some("purchase order"));
        assert_eq!(expansion("x", "a thing"), None);
    }

    #[test]
    fn whole_words_only() {
        let a = vec![("ep".to_string(), "episode".to_string()), ("ts".to_string(), "timestamp".to_string())];
        assert_eq!(expand("Create ep", &a), "Create episode");
        assert_eq!(expand("List eps", &a), "List episodes");
        assert_eq!(expand("show id, ep id (int, path)", &a), "show id, episode id (int, path)");
        assert_eq!(expand("ep_limit (int)", &a), "ep_limit (int)");
        assert_eq!(expand("created_at (ts)", &a), "created_at (timestamp)");
        assert_eq!(expand("steps", &a), "steps");
    }
}
