//! The error statuses an operation documents, in the author's words:
//! "Errors: - 409 - VIN already registered", "Errors: 409 – company name
//! already taken; 422 – a required field is missing", "If the email is
//! already taken you get a `409` with `"error": "email_taken"`". Each is
//! a status, what it says, and the code the spec gives it (if any).
//!
//! Invariant: only the operation's own text is read (its notes labelled
//! as errors, its prose); a status there is a 4xx or 5xx.

use crate::model::Operation;

/// One documented error of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documented {
    pub status: u16,
    /// The words after the status ("VIN already registered").
    pub says: String,
    /// A code written with it (`email_taken`, `DESK_TAKEN`).
    pub code: Option<String>,
}

/// The documented errors of `op`, in the order written, one per status.
pub fn of(op: &Operation) -> Vec<Documented> {
    let mut texts: Vec<&str> = Vec::new();
    for n in op.notes.iter().filter(|n| n.label.to_lowercase().contains("error")) {
        texts.extend(n.items.iter().map(|i| i.text.as_str()));
    }
    texts.extend(op.prose.iter().map(String::as_str));
    let mut out: Vec<Documented> = Vec::new();
    for t in texts {
        for piece in t.split(['.', ';']) {
            if let Some(d) = read(piece).filter(|d| !out.iter().any(|o| o.status == d.status)) {
                out.push(d);
            }
        }
    }
    out
}

/// "409 - VIN already registered", "If the email is already taken you get
/// a `409` with `"error": "email_taken"`".
pub(crate) fn read(piece: &str) -> Option<Documented> {
    let words: Vec<&str> = piece.split_whitespace().collect();
    let at = words.iter().position(|w| status(w).is_some())?;
    let status = status(words[at])?;
    let clean = |ws: &[&str]| ws.join(" ").trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    // "409 - VIN already registered": what follows; "If the email is
    // already taken you get a 409": what leads to it.
    let leads = words[..at].iter().all(|w| !w.chars().any(char::is_alphanumeric));
    let says = if leads { clean(&words[at + 1..]) } else { clean(&words[..at]) };
    let code = words.iter().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')).find(|w| is_code(w)).map(str::to_string);
    Some(Documented { status, says, code })
}

/// A status word: `409`, `` `409` ``, `409:`.
fn status(w: &str) -> Option<u16> {
    let t = w.trim_matches(|c: char| !c.is_ascii_digit());
    let n = t.parse::<u16>().ok().filter(|n| t.len() == 3 && (400..600).contains(n))?;
    // "409" itself, not a number inside a word ("v409x").
    w.chars().all(|c| c.is_ascii_digit() || c.is_ascii_punctuation()).then_some(n)
}

/// A code: one word with an underscore, in lower or upper case
/// (`email_taken`, `DESK_TAKEN`).
fn is_code(w: &str) -> bool {
    w.contains('_')
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && (w.chars().all(|c| !c.is_ascii_lowercase()) || w.chars().all(|c| !c.is_ascii_uppercase()))
}

/// Whether a documented error says a value is already taken ("VIN already
/// registered", "email is already taken", "licence number already on
/// file"): a 409, or words of a value in use.
pub fn says_taken(d: &Documented) -> bool {
    let s = d.says.to_lowercase();
    (d.status == 409 || s.contains("already"))
        && ["already", "taken", "exists", "in use", "duplicate", "registered", "on file"].iter().any(|w| s.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_with_what_they_say_and_their_code() {
        assert_eq!(
            read("409 - VIN already registered"),
            Some(Documented { status: 409, says: "VIN already registered".into(), code: None })
        );
        let d = read("If the email is already taken you get a `409` with `\"error\": \"email_taken\"`").unwrap();
        assert_eq!((d.status, d.code.as_deref()), (409, Some("email_taken")));
        assert_eq!(d.says, "If the email is already taken you get a");
        assert!(says_taken(&d));
        assert_eq!(read("409 `DESK_TAKEN` the desk is booked").unwrap().code.as_deref(), Some("DESK_TAKEN"));
        assert_eq!(read("a ride of 200 metres"), None);
        assert!(!says_taken(&read("422 - VIN not 17 chars").unwrap()));
    }
}
