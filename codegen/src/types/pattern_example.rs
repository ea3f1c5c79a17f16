//! A text that matches a pattern, for an example value: the shortest one a
//! simple pattern allows (`^m\.room\.marker\.(delivered|read)$` →
//! `m.room.marker.delivered`, `^[A-Z]{3}-\d{4}$` → `AAA-0000`).
//!
//! Invariant: a text is given only when the pattern was read whole and the
//! text matches it (checked); a pattern with constructs this reader does
//! not know (look-arounds, back-references) gives none.

use super::Pattern;

/// A text `p` matches, if a simple one is found.
pub fn example(p: &Pattern) -> Option<String> {
    let chars: Vec<char> = p.as_str().chars().collect();
    let mut at = 0;
    let text = alternatives(&chars, &mut at)?;
    (at == chars.len() && p.matches(&text)).then_some(text)
}

/// `a|b|c` up to a closing parenthesis or the end: the first alternative's
/// text (the others are read past).
fn alternatives(c: &[char], at: &mut usize) -> Option<String> {
    let first = sequence(c, at)?;
    while c.get(*at) == Some(&'|') {
        *at += 1;
        sequence(c, at)?;
    }
    Some(first)
}

/// Atoms with their quantifiers, up to `|`, `)` or the end.
fn sequence(c: &[char], at: &mut usize) -> Option<String> {
    let mut out = String::new();
    while let Some(&ch) = c.get(*at) {
        if ch == '|' || ch == ')' {
            break;
        }
        let atom = match ch {
            '^' | '$' => {
                *at += 1;
                continue;
            }
            '(' => {
                *at += 1;
                if c.get(*at) == Some(&'?') {
                    // Only a non-capturing group `(?:…)`.
                    if c.get(*at + 1) != Some(&':') {
                        return None;
                    }
                    *at += 2;
                }
                let inner = alternatives(c, at)?;
                if c.get(*at) != Some(&')') {
                    return None;
                }
                *at += 1;
                inner
            }
            '[' => class(c, at)?,
            '\\' => {
                let e = *c.get(*at + 1)?;
                *at += 2;
                match e {
                    'd' => "0".into(),
                    'w' => "a".into(),
                    's' => " ".into(),
                    e if e.is_ascii_alphanumeric() => return None,
                    e => e.to_string(),
                }
            }
            '.' => {
                *at += 1;
                "a".into()
            }
            '*' | '+' | '?' | '{' => return None,
            ch => {
                *at += 1;
                ch.to_string()
            }
        };
        let times = quantifier(c, at)?;
        out.push_str(&atom.repeat(times));
    }
    Some(out)
}

/// `[A-Z0-9_]`: its first character (a negated class gives none).
fn class(c: &[char], at: &mut usize) -> Option<String> {
    *at += 1;
    if c.get(*at) == Some(&'^') {
        return None;
    }
    let mut first = None;
    while let Some(&ch) = c.get(*at) {
        *at += 1;
        match ch {
            ']' if first.is_some() => return first.map(String::from),
            '\\' => {
                let e = *c.get(*at)?;
                *at += 1;
                first.get_or_insert(match e {
                    'd' => '0',
                    'w' => 'a',
                    e => e,
                });
            }
            ch => {
                first.get_or_insert(ch);
            }
        }
    }
    None
}

/// How many times the atom before stands: the fewest its quantifier
/// allows, at least once for `+`.
fn quantifier(c: &[char], at: &mut usize) -> Option<usize> {
    let n = match c.get(*at) {
        Some('?' | '*') => {
            *at += 1;
            0
        }
        Some('+') => {
            *at += 1;
            1
        }
        Some('{') => {
            let close = c[*at..].iter().position(|&x| x == '}')? + *at;
            let inside: String = c[*at + 1..close].iter().collect();
            *at = close + 1;
            inside.split(',').next()?.trim().parse().ok()?
        }
        _ => 1,
    };
    // A lazy or possessive mark after the quantifier changes nothing here.
    if matches!(c.get(*at), Some('?')) && n != 1 {
        *at += 1;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(p: &str) -> Option<String> {
        example(&Pattern::new(p).unwrap())
    }

    #[test]
    fn the_shortest_text_a_simple_pattern_allows() {
        assert_eq!(ex(r"^m\.room\.marker\.(delivered|read)$").as_deref(), Some("m.room.marker.delivered"));
        assert_eq!(ex(r"^[A-Z]{3}-\d{4}$").as_deref(), Some("AAA-0000"));
        assert_eq!(ex(r"^[a-z0-9_]+$").as_deref(), Some("a"));
        assert_eq!(ex(r"^(?:PCL|PKG)-[0-9]{2,5}$").as_deref(), Some("PCL-00"));
        assert_eq!(ex(r"^M_[A-Z_]+$").as_deref(), Some("M_A"));
        // What it does not read gives none.
        assert_eq!(ex(r"^[^a]+$"), None);
        assert_eq!(ex(r"^\bab$"), None);
    }
}
