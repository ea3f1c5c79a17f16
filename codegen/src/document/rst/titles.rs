//! Section titles: underline-only and overline-plus-underline adornments,
//! with levels given in the order each style first appears (as docutils
//! does).

use super::lines::Ln;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::FileId;

/// The punctuation characters RST accepts in adornments.
const ADORNMENT: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// A title style: the adornment character and whether it has an overline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub ch: char,
    pub overline: bool,
}

/// A title found in the file.
#[derive(Debug, Clone, Copy)]
pub struct Title<'a> {
    /// Index of the first line (the overline, if any).
    pub first: usize,
    /// Index of the line after the underline.
    pub next: usize,
    pub text: Ln<'a>,
    pub style: Style,
}

/// The adornment character of a line made of one repeated punctuation
/// character at the left margin.
pub fn adornment(l: &Ln) -> Option<char> {
    if l.indent != 0 || l.blank() {
        return None;
    }
    let c = l.text.chars().next()?;
    (ADORNMENT.contains(c) && l.text.chars().all(|x| x == c)).then_some(c)
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Reports an adornment shorter than the title. An underline that reaches the
/// last visible character (only closing backticks hang over) is what drafts
/// commonly do, and docutils only warns: a warning. One that stops inside the
/// words of the title is an error.
fn check_length(title: &Ln, adorn: &Ln, file: FileId, diags: &mut Diagnostics) {
    let title_w = width(title.text) + title.indent;
    let adorn_w = width(adorn.text);
    if adorn_w >= title_w {
        return;
    }
    let visible = width(title.text.trim_end_matches('`').trim_end()) + title.indent;
    let msg = format!("title underline is {adorn_w} characters, shorter than its title ({title_w})");
    let d = if adorn_w >= visible { Diagnostic::warning(adorn.pos(file), msg) } else { Diagnostic::error(adorn.pos(file), msg) };
    diags.push(d.with_len(adorn_w).with_help(format!("extend the underline to at least {title_w} characters")));
}

/// Finds the titles among the lines of a whole file. A title starts a block
/// (first line, or after a blank line or another title); indented lines are
/// never titles.
pub fn find<'a>(lines: &[Ln<'a>], file: FileId, diags: &mut Diagnostics) -> Vec<Title<'a>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut block_start = true;
    while i < lines.len() {
        let l = &lines[i];
        if l.blank() {
            block_start = true;
            i += 1;
            continue;
        }
        if block_start {
            if let Some(t) = title_at(lines, i, file, diags) {
                i = t.next;
                out.push(t);
                block_start = true;
                continue;
            }
        }
        block_start = false;
        i += 1;
    }
    out
}

fn title_at<'a>(lines: &[Ln<'a>], i: usize, file: FileId, diags: &mut Diagnostics) -> Option<Title<'a>> {
    let l = lines[i];
    let next = lines.get(i + 1);
    if let Some(over) = adornment(&l) {
        // Overline, text, underline.
        let text = *next.filter(|n| !n.blank() && adornment(n).is_none())?;
        let Some(under) = lines.get(i + 2).filter(|u| adornment(u).is_some()) else {
            if width(l.text) >= 4 {
                diags.push(
                    Diagnostic::error(l.pos(file), "title overline without a matching underline")
                        .with_len(width(l.text))
                        .with_help("put the same adornment line under the title"),
                );
            }
            return None;
        };
        if adornment(under) != Some(over) || under.text != l.text {
            diags.push(
                Diagnostic::error(under.pos(file), "title underline does not match its overline")
                    .with_len(width(under.text))
                    .with_help(format!("use `{}` exactly as the overline", l.text)),
            );
        }
        check_length(&text, &l, file, diags);
        return Some(Title { first: i, next: i + 3, text, style: Style { ch: over, overline: true } });
    }
    if l.indent != 0 {
        return None;
    }
    let under = next?;
    let ch = adornment(under)?;
    // docutils: an underline shorter than its title and than 4 characters
    // makes no title (it is ordinary text); say so, as docutils does.
    if width(under.text) < width(l.text) && width(under.text) < 4 {
        diags.push(
            Diagnostic::warning(under.pos(file), "possible title underline, too short for the title: read as ordinary text")
                .with_len(width(under.text))
                .with_help(format!("to make `{}` a title, underline it with at least {} characters", l.text, width(l.text))),
        );
        return None;
    }
    check_length(&l, under, file, diags);
    Some(Title { first: i, next: i + 2, text: l, style: Style { ch, overline: false } })
}

/// Assigns levels: a style seen before keeps its level; a new style opens the
/// level just below the current one. A title that would skip levels, or a new
/// style where a known one is expected, is inconsistent: reported (an error
/// the reader recovers from) and, as docutils does, not a section at all.
pub struct Levels {
    styles: Vec<Style>,
}

impl Levels {
    pub fn new() -> Self {
        Levels { styles: Vec::new() }
    }

    /// The level (1-based) of a title met while `depth` sections are open;
    /// `None` for an inconsistent title (reported). Its style is not
    /// learnt, as in docutils.
    pub fn level(&mut self, t: &Title, depth: usize, file: FileId, diags: &mut Diagnostics) -> Option<u32> {
        match self.styles.iter().position(|s| *s == t.style) {
            Some(i) if i <= depth => return Some(i as u32 + 1),
            None if self.styles.len() == depth => {
                self.styles.push(t.style);
                return Some(depth as u32 + 1);
            }
            Some(_) | None => {}
        }
        let expected: Vec<String> = self.styles.iter().take(depth + 1).map(describe).collect();
        diags.push(
            Diagnostic::error(
                t.text.pos(file),
                format!("title level inconsistent: `{}` is not a style used at this depth", describe(&t.style)),
            )
            .with_len(width(t.text.text))
            .with_help(format!(
                "at depth {} use one of: {}; read on as docutils does (this title is no section, its text belongs to the section before)",
                depth + 1,
                expected.join(", ")
            ))
            .recovered(),
        );
        None
    }
}

impl Default for Levels {
    fn default() -> Self {
        Self::new()
    }
}

fn describe(s: &Style) -> String {
    if s.overline {
        format!("{0} over and under", s.ch)
    } else {
        format!("{} underline", s.ch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::rst::lines::split;

    fn titles(src: &str) -> (Vec<(String, bool)>, Diagnostics) {
        let mut d = Diagnostics::default();
        let ls = split(src);
        let t = find(&ls, FileId(0), &mut d).iter().map(|t| (t.text.text.to_string(), t.style.overline)).collect();
        (t, d)
    }

    #[test]
    fn underline_and_overline_titles() {
        let (t, d) = titles("=====\nTop\n=====\n\nSub\n---\n\ntext\n");
        assert_eq!(t, vec![("Top".into(), true), ("Sub".into(), false)]);
        assert!(d.items.is_empty());
    }

    #[test]
    fn short_underline_under_four_is_text_with_a_warning() {
        let (t, d) = titles("Hello world\n--\n");
        assert!(t.is_empty());
        assert_eq!(d.items.len(), 1);
        assert_eq!(d.items[0].severity, crate::diagnostic::Severity::Warning);
        assert_eq!((d.items[0].pos.line, d.items[0].pos.col), (2, 1));
        assert!(d.items[0].message.contains("possible title underline"), "{:?}", d.items[0]);
    }

    #[test]
    fn underline_short_by_closing_backticks_warns_short_into_words_errors() {
        let (t, d) = titles("Room Alias API ``[Draft]``\n-------------------------\n");
        assert_eq!(t.len(), 1);
        assert!(!d.has_errors() && d.items.len() == 1);
        let (_, d) = titles("A long title here\n-------\n");
        assert!(d.has_errors());
    }

    #[test]
    fn titles_need_a_block_start() {
        let (t, _) = titles("para\nline\n-----\n");
        assert!(t.is_empty());
    }

    #[test]
    fn levels_follow_first_appearance_and_reject_skips() {
        let ls = split("A\n=\n\nB\n-\n\nC\n~\n\nD\n=\n\nE\n~\n");
        let mut d = Diagnostics::default();
        let ts = find(&ls, FileId(0), &mut d);
        let mut lv = Levels::new();
        assert_eq!(lv.level(&ts[0], 0, FileId(0), &mut d), Some(1));
        assert_eq!(lv.level(&ts[1], 1, FileId(0), &mut d), Some(2));
        assert_eq!(lv.level(&ts[2], 2, FileId(0), &mut d), Some(3));
        assert_eq!(lv.level(&ts[3], 3, FileId(0), &mut d), Some(1));
        assert!(!d.has_errors());
        // `~` is level 3, but only one section is open: inconsistent.
        assert_eq!(lv.level(&ts[4], 1, FileId(0), &mut d), None);
        assert!(d.has_errors() && d.items[0].recovered);
    }
}
