//! Text similarity for matching renamed APIs and changed items.

use std::collections::BTreeSet;

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect()
}

/// Jaccard similarity of the lowercase word sets (0..=1).
pub fn word_similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    a.intersection(&b).count() as f64 / a.union(&b).count() as f64
}

/// Dice coefficient of character bigrams (0..=1), case-insensitive.
pub fn bigram_similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let chars: Vec<char> = s.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect::<Vec<_>>()
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return if a.eq_ignore_ascii_case(b) { 1.0 } else { 0.0 };
    }
    let mut rest = gb.clone();
    let mut common = 0;
    for g in &ga {
        if let Some(i) = rest.iter().position(|x| x == g) {
            rest.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f64 / (ga.len() + gb.len()) as f64
}

/// Similarity of two sets of item texts (Jaccard on exact texts).
pub fn set_similarity(a: &[String], b: &[String]) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let (a, b): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    Some(a.intersection(&b).count() as f64 / a.union(&b).count() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarities() {
        assert!(word_similarity("Public room list API", "Published room list API") >= 0.6);
        assert!(bigram_similarity("Room Creation", "Room Creation API") > 0.8);
        assert!(bigram_similarity("Filter API", "Typing API") < 0.5);
        assert_eq!(set_similarity(&["a".into()], &[]), None);
        assert_eq!(set_similarity(&["a".into(), "b".into()], &["a".into()]), Some(0.5));
    }
}
