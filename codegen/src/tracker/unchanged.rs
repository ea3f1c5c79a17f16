//! Drafts sometimes stop describing an API that did not change ("this API is
//! unchanged from v1"): its inputs and outputs are no longer listed, yet
//! nothing was removed from the wire.

use crate::model::Api;

/// The rule, as shown in the change's summary.
pub const RULE: &str = "an API that lists no operation any more but whose prose says it is unchanged keeps its operations on the wire";

/// Words that declare an API unchanged, lowercase.
const PHRASES: [&str; 6] = ["unchanged", "remains the same", "remain the same", "same as before", "same as in v1", "no changes"];

/// The first sentence of the API's prose that declares it unchanged.
pub fn evidence(api: &Api) -> Option<String> {
    sentences(&api.description).find(|s| {
        let lower = s.to_lowercase();
        PHRASES.iter().any(|p| lower.contains(p))
    })
}

/// Sentences: split after `.`, `!` or `?` followed by white space, trimmed.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = text.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|&(i, c)| matches!(c, '.' | '!' | '?') && rest[i + 1..].starts_with(char::is_whitespace))
            .map_or(rest.len(), |(i, _)| i + 1);
        let (sentence, tail) = rest.split_at(end);
        rest = tail.trim_start();
        Some(sentence.split_whitespace().collect::<Vec<_>>().join(" "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_and_join_lines() {
        let got: Vec<String> = sentences("A user sends it\nwhen typing. This API is unchanged since v1.").collect();
        assert_eq!(got, ["A user sends it when typing.", "This API is unchanged since v1."]);
    }
}
