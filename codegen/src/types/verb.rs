//! Verbs in their base form, from the gerunds and imperatives operation
//! names start with ("Reserving" → `reserve`, "Cancelling" → `cancel`), by
//! the spelling rules of English with short lists for the stems no rule
//! can tell.

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
/// `n` (`plac`, `announc`; `sync` is whole), an `r` after a single `a` or
/// `i` (`compar`, `requir`), a `g` after `r`, `d` or a
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
        // `compar`, `declar`, `requir`, `expir`: one `a` or `i` after a
        // consonant before `r` (`clear`, `stir` → `stirring` are not).
        b'r' => n >= 3 && matches!(prev, b'a' | b'i') && consonant(n - 3),
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

#[cfg(test)]
mod tests {
    use super::*;

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
            // One `a` or `i` before `r` lost an `e`; a pair or an `e` did not.
            ("Comparing", "compare"),
            ("declaring", "declare"),
            ("requiring", "require"),
            ("expiring", "expire"),
            ("clearing", "clear"),
            ("filtering", "filter"),
            ("appearing", "appear"),
            ("stirring", "stir"),
            ("monitoring", "monitor"),
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
}
