//! The status a successful answer carries, as the spec shows it: the
//! operation's HTTP example ("HTTP/1.1 201 Created"), or its prose ("you'd
//! get back `201 Created`", "Outputs: nothing (204 No Content)"); else 200.
//!
//! Invariant: only a 2xx the operation itself writes is taken; a status in
//! another operation's text never is.

use crate::model::{Item, Operation};

/// The success status of `op`.
pub fn of(op: &Operation) -> u16 {
    let shown = op.http.as_ref().and_then(|x| x.responses.iter().filter_map(|r| r.status).find(|s| (200..300).contains(s)));
    shown.or_else(|| op.prose.iter().find_map(|p| written(p))).or_else(|| items(&op.outputs)).unwrap_or(200)
}

fn items(items: &[Item]) -> Option<u16> {
    items.iter().find_map(|i| written(&i.text).or_else(|| self::items(&i.items)))
}

/// A 2xx written with its reason phrase ("201 Created", "204 No
/// Content"), or right after a verb of answering ("Returns `201` with the
/// album", "answers 202").
fn written(text: &str) -> Option<u16> {
    const REASONS: [(u16, &str); 4] = [(200, "OK"), (201, "Created"), (202, "Accepted"), (204, "No Content")];
    if let Some((s, _)) = REASONS.iter().find(|(s, reason)| text.contains(&format!("{s} {reason}"))) {
        return Some(*s);
    }
    let lower = text.to_lowercase();
    let bytes = lower.as_bytes();
    (0..bytes.len().saturating_sub(2)).find_map(|i| {
        // Three ASCII digits: `i` and `i + 3` are char boundaries.
        if !bytes[i..i + 3].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let digits = &lower[i..i + 3];
        let alone = (i == 0 || !bytes[i - 1].is_ascii_digit()) && bytes.get(i + 3).is_none_or(|b| !b.is_ascii_digit());
        let status = digits.parse::<u16>().ok().filter(|s| alone && (200..300).contains(s))?;
        let before = lower[..i].trim_end_matches(['`', ' ', '*']);
        // "`DELETE /desks/{deskId}` → 204, no body": an arrow after the route.
        ["returns", "return", "answers", "responds with", "get back", "you get", "replies", "→", "->"]
            .iter()
            .any(|v| before.ends_with(v))
            .then_some(status)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_written_with_its_reason() {
        assert_eq!(written("and you'd get back `201 Created` with:"), Some(201));
        assert_eq!(written("Outputs: nothing (204 No Content)."), Some(204));
        assert_eq!(written("retried 201 times"), None);
        assert_eq!(written("Returns `201` with the album object. `400` if `title` is missing"), Some(201));
        assert_eq!(written("It answers 202 and works later."), Some(202));
        assert_eq!(written("é returns 201 ü"), Some(201));
        assert_eq!(written("Returns `400` when it is empty."), None);
        assert_eq!(written("`DELETE /desks/{deskId}` → 204, no body."), Some(204));
        assert_eq!(written("`DELETE /desks/{deskId}` -> 404 if there is none."), None);
    }
}
