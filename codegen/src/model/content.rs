//! What one section's body says: prose, labelled lists, operations.
//!
//! Operations are cut where the prose cuts them: an `Inputs:` list after an
//! operation that already has inputs or outputs, or an `Outputs:` list after
//! one that has outputs, starts the next operation; a paragraph ending in
//! `:` just before its lists names it.

use super::http::{self, HttpExample, HttpMethod, Locator};
use super::item::{self, check_text, Strictness};
use super::{Item, NoteGroup, Term};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Block, List, ListKind, Seg, SegKind, Table, Text};
use crate::source::{Pos, SourceFile};
use std::sync::Arc;

/// An operation as read, before its name and inherited items are settled.
#[derive(Debug, Clone, Default)]
pub struct OpDraft {
    pub name: Option<String>,
    pub pos: Option<Pos>,
    pub inputs: Vec<Item>,
    pub outputs: Vec<Item>,
    pub notes: Vec<NoteGroup>,
    pub http: Option<http::HttpExample>,
    /// Written as `Additional Inputs` / `Additional Outputs`.
    pub extends_inputs: bool,
    pub extends_outputs: bool,
    /// The paragraphs written about this operation (after its name line,
    /// or after its lists).
    pub prose: Vec<String>,
    /// What a sentence says the operation answers ("returns the desk"):
    /// its outputs when no list gives them.
    pub said_outputs: Vec<Item>,
}

#[derive(Debug, Clone, Default)]
pub struct Content {
    pub description: Vec<String>,
    pub notes: Vec<NoteGroup>,
    pub ops: Vec<OpDraft>,
    pub terms: Vec<Term>,
    /// Lists that may define a record other items refer to: a labelled
    /// list ("Vehicle record:"), or a section's first list before any
    /// operation (named by the section's title).
    pub records: Vec<NoteGroup>,
    /// The prose of a section that is no API (conventions, introduction):
    /// its paragraphs and list items, for the rules that apply to every
    /// operation ("Auth: bearer token, all endpoints").
    pub conventions: Vec<String>,
}

enum Label {
    Inputs {
        additional: bool,
    },
    Outputs {
        additional: bool,
    },
    /// "Body:", "Query:", "Path parameters:": some of the inputs, the
    /// others under another such label of the same operation.
    InputPart,
    Terms,
    Note(String),
}

impl Label {
    /// A label of an operation's inputs or outputs.
    fn is_list(&self) -> bool {
        matches!(self, Label::Inputs { .. } | Label::Outputs { .. } | Label::InputPart)
    }
}

/// What a label says its list holds. Drafts name the two lists in many
/// ways ("Arguments:", "Parameters:", "Response fields:", "Returns:"),
/// sometimes with an aside ("Inputs (query parameters):").
fn classify(label: &str) -> Label {
    let lower = label.trim().to_ascii_lowercase();
    let bare = lower.split('(').next().unwrap_or("").trim();
    let (additional, core) = match bare.strip_prefix("additional ") {
        Some(rest) => (true, rest),
        None => (false, bare),
    };
    match core {
        "inputs" | "input" | "arguments" | "argument" | "args" | "parameters" | "params" | "request parameters" | "request fields"
        | "request body" | "body parameters" | "fields" => Label::Inputs { additional },
        "outputs" | "output" | "returns" | "response" | "response fields" | "response body" | "result" | "results" => {
            Label::Outputs { additional }
        }
        // "Query parameters:" stays the HTTP example's label (its lines
        // name the example's query).
        "body" | "query" | "path" | "path parameters" | "url parameters" | "headers" | "request headers" => Label::InputPart,
        "terminology" => Label::Terms,
        _ => spoken(bare).unwrap_or_else(|| Label::Note(label.trim().to_string())),
    }
}

/// The noun of a label that introduces the fields of each element of a
/// list: "Each claim in the list", "Each policy", "For each assignment",
/// "Each item of the list has" → "claim", "policy", "assignment", "item".
fn each_of(label: &str) -> Option<String> {
    let lower = label.trim().trim_end_matches(':').to_ascii_lowercase();
    let rest = lower.strip_prefix("for each ").or_else(|| lower.strip_prefix("each "))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let noun = words.first()?.trim_matches(|c: char| !c.is_alphanumeric());
    let tail = words[1..].join(" ");
    let fits = tail.is_empty()
        || ["in the list", "of the list", "in the array", "in the result", "has", "contains", "holds", "in it"]
            .iter()
            .any(|t| tail.starts_with(t));
    (fits && noun.len() > 2 && words.len() <= 8).then(|| noun.to_string())
}

/// What a label's aside says of all its items: "inputs (all in the query
/// string, all can be left out):" puts each in the query and makes each
/// optional.
fn for_all(label: &str, items: &mut [Item]) {
    let Some((_, aside)) = label.split_once('(') else { return };
    let aside = aside.trim_end().trim_end_matches(':').trim_end_matches(')').to_ascii_lowercase();
    let all = aside.contains("all ") || aside.contains("each ") || aside.contains("every ");
    if !all {
        return;
    }
    let optional = ["optional", "can be left out", "may be left out", "can be omitted", "may be omitted"].iter().any(|p| aside.contains(p));
    let query = aside.contains("query");
    for it in items {
        it.optional |= optional;
        if query && !it.text.to_ascii_lowercase().contains("query") {
            it.text.push_str(" (query)");
        }
    }
}

/// A label in the author's own words: "you'll get back:", "What you give:",
/// "`GET /tracks?q=…`, everything goes in the query string:". Short, and
/// saying who sends what.
fn spoken(lower: &str) -> Option<Label> {
    // "you just need the tree's number. you get back everything, and
    // also": the sentence that leads into the list decides.
    let lower = lower.rsplit(['.', '!', '?']).find(|s| !s.trim().is_empty()).unwrap_or(lower);
    if lower.split_whitespace().count() > 16 {
        return None;
    }
    const OUT: &[&str] = &[
        "get back",
        "you'll get",
        "you get",
        "we return",
        "we send back",
        "comes back",
        "come back",
        "you receive",
        "you'll receive",
        "is returned",
        "are returned",
        "the answer",
        "the reply",
        "we answer",
        "we respond",
        "gives you",
        "gives back",
    ];
    const IN: &[&str] = &[
        "you send",
        "you give",
        "you pass",
        "send us",
        "you provide",
        "you supply",
        "goes in the query",
        "go in the query",
        "what to send",
        "you can pass",
        "you can send",
        "you need to send",
        "you must send",
        "you can ask for",
        "you just need",
    ];
    if OUT.iter().any(|c| lower.contains(c)) {
        return Some(Label::Outputs { additional: false });
    }
    IN.iter().any(|c| lower.contains(c)).then_some(Label::Inputs { additional: false })
}

/// The items a labelled block holds: a list (or a quote holding one), or
/// a table.
enum Holder<'b> {
    List(&'b List),
    Table(&'b Table),
}

fn holder(b: &Block) -> Option<Holder<'_>> {
    match b {
        Block::Table(t) => Some(Holder::Table(t)),
        Block::Quote { body, .. } if matches!(body.first(), Some(Block::Table(_))) => match &body[0] {
            Block::Table(t) => Some(Holder::Table(t)),
            _ => None,
        },
        b => b.as_list().map(Holder::List),
    }
}

/// "Outputs: same as Create show, plus", "Outputs: full ep, as Get ep.":
/// an Inputs/Outputs label and, on the same line, a sentence that refers
/// to items elsewhere (read as the list's first item). "Outputs: none" is
/// [`empty_label`]'s.
fn inline_label<'b>(b: &'b Block, from: &Arc<str>) -> Option<(String, &'b Text, Item)> {
    let Block::Paragraph(t) = b else { return None };
    if empty_label(t).is_some() {
        return None;
    }
    let plain = t.plain();
    let (label, rest) = plain.split_once(':')?;
    let rest = rest.trim().trim_end_matches(':').trim_end();
    let listed = classify(label).is_list();
    // Whole words: "has a rollout" says no "as ".
    let lower = format!(" {}", rest.to_ascii_lowercase());
    let refers = [" same as", " as in ", " as ", " plus", " echo", " as stored", " as sent", " like "].iter().any(|c| lower.contains(c));
    if !listed || rest.is_empty() || !refers || rest.split_whitespace().count() > 30 {
        return None;
    }
    let item = item::paragraph_item(t, from);
    Some((label.trim().to_string(), t, Item { text: rest.to_string(), optional: item::optional(rest), ..item }))
}

/// A label that may name an operation in the author's words ("take on a
/// picker", "log a picking"): a few words, not a description of a record
/// ("every tree has", "each picking") nor a note ("errors", "example").
fn names_operation(label: &str) -> bool {
    let lower = label.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    const NOT_FIRST: &[&str] =
        &["every", "each", "a", "an", "errors", "error", "notes", "note", "example", "examples", "for", "if", "when", "where", "with"];
    const NOT_ANY: &[&str] = &["has", "have", "is", "are", "contains", "looks", "like"];
    (2..=6).contains(&words.len())
        && words.first().is_some_and(|w| !NOT_FIRST.contains(w) && w.chars().all(|c| c.is_alphabetic()))
        && !words.iter().any(|w| NOT_ANY.contains(w))
}

/// The method and path of the HTTP example that follows in `rest` before
/// anything that opens another part (prose, and lists the answer is
/// described by, may stand between).
fn example_follows(rest: &[Block]) -> Option<(HttpMethod, &str)> {
    for b in rest {
        match b {
            Block::Literal { text, .. } if http::opens_with_request(text) => {
                return text.lines().find_map(http::request_line).map(|(m, target)| (m, target.split('?').next().unwrap_or("")));
            }
            Block::Paragraph(_) | Block::List(_) => {}
            _ => return None,
        }
        if let Some((label, _)) = label_of(b) {
            if !classify(&label).is_list() {
                return None;
            }
        }
    }
    None
}

/// Whether `ex` is a request to `method` `path` (a `{parameter}` of either
/// standing for a literal of the other).
fn same_route(ex: &HttpExample, method: HttpMethod, path: &str) -> bool {
    let a: Vec<&str> = ex.path.trim_matches('/').split('/').collect();
    let b: Vec<&str> = path.trim_matches('/').split('/').collect();
    let param = |s: &str| s.starts_with('{');
    ex.method == method && a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x == y || param(x) || param(y))
}

/// "Outputs: none", "Returns: nothing (204 No Content)": a label and an
/// empty list on one line.
fn empty_label(t: &Text) -> Option<Label> {
    let plain = t.plain();
    let (label, rest) = plain.split_once(':')?;
    let label = classify(label);
    let rest = rest.trim().trim_end_matches('.').to_ascii_lowercase();
    let none = ["none", "nothing", "no content", "empty", "n/a", "-"].iter().any(|w| rest == *w || rest.starts_with(&format!("{w} ")));
    (none && label.is_list()).then_some(label)
}

/// The label of a paragraph that ends in `:`, or of a paragraph that is
/// an Inputs/Outputs label alone (`**Inputs**`, the emphasis being gone
/// from the plain text).
fn label_of(b: &Block) -> Option<(String, &Text)> {
    let Block::Paragraph(t) = b else { return None };
    let plain = t.plain();
    if !t.ends_with_colon() {
        // A label alone is a few words; a paragraph is not classified.
        if plain.len() > 40 {
            return None;
        }
        let alone = plain.trim();
        let list = classify(alone).is_list();
        return (list && alone.split_whitespace().count() <= 3).then(|| (alone.to_string(), t));
    }
    plain.strip_suffix(':').map(|l| (l.trim_end().to_string(), t))
}

/// A sentence between an Inputs/Outputs label and its list that says where
/// more of the list's items are ("Everything that was sent, plus:", "The
/// full posting, exactly as described under …", "the same as when
/// publishing"): read as the list's first item, for references to resolve.
fn lead_reference(b: &Block) -> Option<&Text> {
    let Block::Paragraph(t) = b else { return None };
    let lower = t.plain().to_ascii_lowercase();
    const CUES: &[&str] =
        &["same as", "as described", "as in ", "that was sent", "as sent", "from the inputs", "as returned by", "as stored", "echoed"];
    // "200 OK, with the prescription record.": a status, then the record.
    let status_with = lower.len() > 4
        && lower.as_bytes()[..3].iter().all(u8::is_ascii_digit)
        && lower.split(['.', ';']).next().is_some_and(|s| s.contains(", with ") && s.contains(" record"));
    ((CUES.iter().any(|c| lower.contains(c)) || status_with) && lower.split_whitespace().count() <= 40).then_some(t)
}

/// Whether `route` is only a request line (no body, no answer) of the
/// request `ex` shows: the same method, and the same path where a
/// `{parameter}` of either may stand for a literal of the other.
fn is_route_of(route: &HttpExample, ex: &HttpExample) -> bool {
    let bare = route.request_body.is_none() && route.responses.is_empty();
    bare && same_route(ex, route.method, &route.path)
}

/// The verbatim text of a literal block or a code directive.
fn literal_of(b: &Block) -> Option<(Pos, &str)> {
    match b {
        Block::Literal { pos, text } => Some((*pos, text)),
        Block::Directive { name, body, .. } if is_code(name) => match body.as_slice() {
            [Block::Literal { pos, text }] => Some((*pos, text)),
            _ => None,
        },
        _ => None,
    }
}

fn is_code(directive: &str) -> bool {
    matches!(directive.to_ascii_lowercase().as_str(), "code" | "code-block" | "sourcecode")
}

/// A paragraph that is one inline literal holding a request line
/// (``` ``GET /sync`` ```), or opens with one and says more about it
/// (``` ``GET /tracks?q=sigur``, everything goes in the query string: ```).
fn inline_request(t: &Text) -> Option<(Pos, &str)> {
    let request = |s: &crate::document::Seg| s.kind == SegKind::Literal && http::request_line(s.text.trim()).is_some();
    match t.segs() {
        [s] if request(s) => Some((s.pos, s.text.as_str())),
        [s, next, ..] if request(s) && next.kind == SegKind::Plain && next.text.starts_with([',', ' ', '.', ':', ';']) => {
            Some((s.pos, s.text.as_str()))
        }
        _ => None,
    }
}

struct Reader<'d> {
    src: &'d SourceFile,
    from: Arc<str>,
    /// Whether prose (description, note groups) is kept: only where an API
    /// will use it. Diagnostics are reported either way.
    keep_prose: bool,
    diags: &'d mut Diagnostics,
    out: Content,
    current: Option<OpDraft>,
    /// A paragraph ending in `:` that may name the next operation.
    pending: Option<(String, Pos)>,
    /// Paragraphs after the pending name: the next operation's prose.
    pending_prose: Vec<String>,
    /// Paragraphs before the section's first operation, while none is
    /// named: the prose of an operation the section's title names.
    untitled_prose: Vec<String>,
    /// Set by a block holding request lines, cleared by the next block: an
    /// unlabelled JSON literal right after one is its body.
    example_open: bool,
    follows_example: bool,
}

/// Reads a section body of `src`. `from` is the section title, recorded on
/// items; `keep_prose` is false for sections no API reads prose from.
pub fn read(blocks: &[Block], src: &SourceFile, from: &str, keep_prose: bool, diags: &mut Diagnostics) -> Content {
    let mut r = Reader {
        src,
        from: Arc::from(from),
        keep_prose,
        diags,
        out: Content::default(),
        current: None,
        pending: None,
        pending_prose: Vec::new(),
        untitled_prose: Vec::new(),
        example_open: false,
        follows_example: false,
    };
    r.blocks(blocks);
    r.finish_op();
    r.drop_pending();
    r.out
}

impl Reader<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        let mut i = 0;
        while i < blocks.len() {
            let b = &blocks[i];
            self.follows_example = std::mem::take(&mut self.example_open);
            // "200 OK" on a line of its own between an example's request
            // and a JSON block: the block is that response.
            if let (Block::Paragraph(t), Some((pos, literal))) = (b, blocks.get(i + 1).and_then(literal_of)) {
                let plain = t.plain();
                let status = (plain.len() <= 40 && !plain.ends_with(':'))
                    .then(|| http::classify_label(plain))
                    .flatten()
                    .filter(|k| matches!(k, http::Label::Response { status: Some(_), .. }));
                if let Some(kind) = status.filter(|_| self.example().is_some() && http::opens_with_json(literal)) {
                    check_text(t, Strictness::Prose, self.diags);
                    self.labelled_literal(&kind, t.pos, literal, pos);
                    i += 2;
                    continue;
                }
            }
            // RST's "Inputs" with its items indented under it is a
            // definition list whose terms are labels: each term, then what
            // it holds, is read as a label ("Inputs:") and what follows.
            if let Some(l) = b.as_list().filter(|l| labels_list(l)) {
                for li in &l.items {
                    let Some(Block::Paragraph(t)) = li.body.first() else { continue };
                    let mut segs = t.segs().to_vec();
                    let end = segs.last().map_or(t.pos, |s| s.pos);
                    segs.push(Seg { kind: SegKind::Plain, text: ":".into(), pos: end });
                    let mut unrolled = vec![Block::Paragraph(Text::new(t.pos, segs, None))];
                    unrolled.extend(li.body[1..].iter().cloned());
                    self.blocks(&unrolled);
                }
                i += 1;
                continue;
            }
            // "Outputs: same as Create show, plus" and its list: the label,
            // and a lead sentence that says where more items are.
            if let Some((label, text, lead)) = inline_label(b, &self.from) {
                check_text(text, Strictness::Prose, self.diags);
                i += 1 + usize::from(self.led(&label, text, lead, blocks.get(i + 1)));
                continue;
            }
            if let Some((label, text)) = label_of(b) {
                // "`GET /tracks?q=…`, everything goes in the query string:"
                if let Some((pos, request)) = inline_request(text) {
                    self.literal(request, pos);
                }
                let block = blocks.get(i + 1).and_then(literal_of);
                if let Some((pos, literal)) = block.filter(|_| self.example().is_some()) {
                    if let Some(kind) = http::classify_label(&label) {
                        self.drop_pending();
                        check_text(text, Strictness::Prose, self.diags);
                        self.labelled_literal(&kind, text.pos, literal, pos);
                        i += 2;
                        continue;
                    }
                }
                if let Some(h) = blocks.get(i + 1).and_then(holder) {
                    check_text(text, Strictness::Prose, self.diags);
                    // "take on a picker:" and its list, then the example:
                    // an operation named in the author's words, with its
                    // inputs.
                    // Not when the example is the current operation's own
                    // request again ("GET /recipes", "query params:", then
                    // the full `GET /recipes?style=…`).
                    let next = example_follows(&blocks[i + 2..]);
                    let same = |ex: &HttpExample| next.is_some_and(|(m, p)| same_route(ex, m, p));
                    let names_op = matches!(classify(&label), Label::Note(_))
                        && names_operation(&label)
                        && next.is_some()
                        && self.current.as_ref().is_none_or(|op| op.http.as_ref().is_some_and(|ex| !same(ex)));
                    if names_op {
                        self.finish_op();
                        self.pending = Some((label.clone(), text.pos));
                        let items = self.items(&h, Strictness::Model);
                        self.labelled_items(Label::Inputs { additional: false }, text.pos, items);
                    } else {
                        self.labelled(&label, text, h, None);
                    }
                    i += 2;
                    continue;
                }
                let listed = classify(&label).is_list();
                if let Some(lead) = blocks.get(i + 1).and_then(lead_reference).filter(|_| listed) {
                    let lead = item::paragraph_item(lead, &self.from);
                    i += 2 + usize::from(self.led(&label, text, lead, blocks.get(i + 2)));
                    continue;
                }
                // "you get back something like:" above a JSON block is the
                // example's answer, not an empty list.
                let in_own_words = spoken(&label.trim().to_ascii_lowercase()).is_some();
                if classify(&label).is_list() && !in_own_words {
                    self.diags.push(
                        Diagnostic::warning(text.pos, format!("`{label}:` is not followed by a list; read as no items"))
                            .with_len(label.chars().count() + 1)
                            .with_help("list the items as bullets (`- item`), a definition list or a table on the lines after the label"),
                    );
                    self.labelled_empty(classify(&label), text.pos);
                    i += 1;
                    continue;
                }
                self.drop_pending();
                check_text(text, Strictness::Prose, self.diags);
                self.pending = Some((label, text.pos));
                i += 1;
                continue;
            }
            self.other(b);
            i += 1;
        }
    }

    /// A list label with its lead sentence: the list in `after`, if it is
    /// one, gets the lead as its first item (and `true` says it was read);
    /// else the lead alone is the list.
    fn led(&mut self, label: &str, text: &Text, lead: Item, after: Option<&Block>) -> bool {
        // "Outputs: the whole meter again, like this:" above a JSON block
        // that no request line owns: the block's keys are the list.
        let shows = {
            let l = lead.text.trim().trim_end_matches([':', '.']).to_ascii_lowercase();
            ["like this", " like", "like so", "looks like", "for example", "e.g", "such as"].iter().any(|c| l.ends_with(c))
        };
        if let Some((_, literal)) = after.and_then(literal_of).filter(|_| shows && self.example().is_none()) {
            if let Some(items) = item::json_items(literal, &lead) {
                self.labelled_items(classify(label), text.pos, items);
                return true;
            }
        }
        match after.and_then(holder) {
            Some(h) => {
                self.labelled(label, text, h, Some(lead));
                true
            }
            None => {
                self.labelled_items(classify(label), text.pos, vec![lead]);
                false
            }
        }
    }

    /// "Outputs: none": the operation's list is empty, but it is there.
    fn labelled_empty(&mut self, label: Label, pos: Pos) {
        match label {
            Label::Inputs { additional } => {
                if self.current.as_ref().is_some_and(|op| !op.inputs.is_empty() || !op.outputs.is_empty()) {
                    self.finish_op();
                }
                self.op(pos).extends_inputs = additional;
            }
            Label::Outputs { additional } => {
                if self.current.as_ref().is_some_and(|op| !op.outputs.is_empty()) {
                    self.finish_op();
                }
                self.op(pos).extends_outputs = additional;
            }
            _ => {}
        }
    }

    fn items(&mut self, h: &Holder, strict: Strictness) -> Vec<Item> {
        match h {
            Holder::List(l) => item::items(l, &self.from, strict, self.diags),
            Holder::Table(t) => item::table_items(t, &self.from, strict, self.diags),
        }
    }

    /// The current operation's last item (outputs first) that is a list
    /// of `noun` ("Claims", "Policies (List of policies)") and has no
    /// fields yet.
    fn list_item_of(&mut self, noun: &str) -> Option<&mut Item> {
        let op = self.current.as_mut()?;
        // "policy" and "policies" share "polic".
        let noun = noun.strip_suffix('y').unwrap_or(noun);
        let names = |it: &Item| {
            let t = it.text.to_ascii_lowercase();
            let first = t.split(|c: char| !c.is_alphanumeric() && c != '-').find(|w| !w.is_empty()).unwrap_or("").to_string();
            first.starts_with(noun) && first.len() <= noun.len() + 3 || t.contains(&format!("list of {noun}"))
        };
        let out = op.outputs.iter().rposition(|it| it.items.is_empty() && names(it));
        match out {
            Some(i) => op.outputs.get_mut(i),
            None => {
                let i = op.inputs.iter().rposition(|it| it.items.is_empty() && names(it))?;
                op.inputs.get_mut(i)
            }
        }
    }

    /// An Inputs or Outputs list of `items` for the current operation.
    fn labelled_items(&mut self, label: Label, pos: Pos, items: Vec<Item>) {
        // "look at one tree:" after the last operation's HTTP example names
        // the next operation: its lists are not the last one's.
        if self.pending.is_some() && self.current.as_ref().is_some_and(|op| op.http.is_some()) {
            self.finish_op();
        }
        match label {
            Label::Inputs { additional } => {
                if self.current.as_ref().is_some_and(|op| !op.inputs.is_empty() || !op.outputs.is_empty()) {
                    self.finish_op();
                }
                let op = self.op(pos);
                op.inputs = items;
                op.extends_inputs = additional;
            }
            Label::Outputs { additional } => {
                if self.current.as_ref().is_some_and(|op| !op.outputs.is_empty()) {
                    self.finish_op();
                }
                let op = self.op(pos);
                op.outputs = items;
                op.extends_outputs = additional;
            }
            Label::InputPart => {
                if self.current.as_ref().is_some_and(|op| !op.outputs.is_empty()) {
                    self.finish_op();
                }
                self.op(pos).inputs.extend(items);
            }
            Label::Terms | Label::Note(_) => {}
        }
    }

    fn labelled(&mut self, label: &str, text: &Text, h: Holder, lead: Option<Item>) {
        let list = match &h {
            Holder::List(l) => Some(*l),
            Holder::Table(_) => None,
        };
        // "Each claim in the list:" under an output "Claims (List of
        // claims)": the fields of each element.
        if let Some(noun) = each_of(label) {
            let items = self.items(&h, Strictness::Model);
            if let Some(parent) = self.list_item_of(&noun) {
                parent.items.extend(items);
                return;
            }
        }
        // "change a tree:" then a sentence of the author's own ("for when
        // one's gone poorly, or I had the variety wrong:") over a list:
        // the operation just named takes that list as its inputs.
        let kind = match classify(label) {
            Label::Note(n) if self.pending.is_some() && n.split_whitespace().count() >= 5 => Label::Inputs { additional: false },
            k => k,
        };
        match kind {
            listed @ (Label::Inputs { .. } | Label::Outputs { .. } | Label::InputPart) => {
                let mut items: Vec<Item> = lead.into_iter().chain(self.items(&h, Strictness::Model)).collect();
                for_all(label, &mut items);
                self.labelled_items(listed, text.pos, items);
            }
            Label::Terms => {
                self.drop_pending();
                for li in list.iter().flat_map(|l| &l.items) {
                    if let Some(term) = term(li.body.first(), li.pos) {
                        self.out.terms.push(term);
                    }
                }
            }
            Label::Note(label) if !self.keep_prose => {
                self.drop_pending();
                let loose = list.map(|l| self.http_list(&label, l)).unwrap_or_default();
                let items = self.items(&h, Strictness::Prose);
                self.query_items(&items, &loose);
                self.out.records.push(NoteGroup { label, pos: text.pos, items });
            }
            Label::Note(label) => {
                self.drop_pending();
                let loose = list.map(|l| self.http_list(&label, l)).unwrap_or_default();
                let items = self.items(&h, Strictness::Prose);
                self.query_items(&items, &loose);
                let group = NoteGroup { label, pos: text.pos, items };
                self.out.records.push(group.clone());
                match &mut self.current {
                    Some(op) => op.notes.push(group),
                    None => self.out.notes.push(group),
                }
            }
        }
    }

    /// "Request body is a `Device`", "Response: the created `Device`.":
    /// the operation's inputs or outputs are that record's.
    fn record_body(&mut self, t: &Text) {
        let Some(op) = self.current.as_mut().filter(|op| op.http.is_some()) else { return };
        let Some((side, name)) = body_record(t) else {
            // "returns 201 Created with the desk": where no list says it.
            if op.said_outputs.is_empty() {
                let lead = item::paragraph_item(t, &self.from);
                if let Some(keys) = answer_shape(t.plain()) {
                    op.said_outputs = keys.into_iter().map(|(text, key)| Item { text, literals: vec![key], ..lead.clone() }).collect();
                } else if let Some(text) = answer_reference(t.plain()) {
                    op.said_outputs.push(Item { text, literals: vec![], only_refers: true, ..lead });
                }
            }
            return;
        };
        let list = match side {
            Label::Inputs { .. } => &mut op.inputs,
            _ => &mut op.outputs,
        };
        let lead = item::paragraph_item(t, &self.from);
        // "Response: the created `Rollout`, in …" read as a label with its
        // sentence as the one item: the record instead.
        let only_this = list.len() == 1 && list[0].pos.line == lead.pos.line && list[0].items.is_empty();
        if list.is_empty() || only_this {
            list.clear();
            list.push(Item { text: format!("{name} record"), literals: vec![], ..lead });
        }
    }

    fn other(&mut self, b: &Block) {
        // "pay a picker:", a paragraph of why, then a list: the operation
        // just named takes the list as its inputs.
        if let (Block::List(l), Some(_)) = (b, &self.pending) {
            if self.current.as_ref().is_none_or(|op| op.http.is_some()) {
                let items = item::items(l, &self.from, Strictness::Model, self.diags);
                return self.labelled_items(Label::Inputs { additional: false }, l.pos, items);
            }
        }
        // Prose between an operation's name ("Update vehicle:") and its
        // lists explains it; it does not end the name.
        if !matches!(b, Block::Paragraph(_)) {
            self.drop_pending();
        }
        if let Block::Paragraph(t) = b {
            if let Some(label) = empty_label(t) {
                check_text(t, Strictness::Prose, self.diags);
                return self.labelled_empty(label, t.pos);
            }
            if let Some((pos, text)) = inline_request(t) {
                check_text(t, Strictness::Prose, self.diags);
                // "amend booking:" then its route line: the name opens an
                // operation after one whose lists are done, not another
                // route for it.
                let named = self.pending.as_ref().is_some_and(|(label, _)| names_operation(label));
                if named && self.current.as_ref().is_some_and(|op| !op.inputs.is_empty() || !op.outputs.is_empty()) {
                    self.finish_op();
                }
                self.literal(text, pos);
                // "`POST /desks`, returns 201 Created with the desk.": what
                // the line says of the operation is its prose too.
                if self.keep_prose {
                    if let Some(op) = self.current.as_mut() {
                        op.prose.push(t.plain().to_string());
                    }
                }
                // "… Response: the updated `Rollout`." later in it.
                return self.record_body(t);
            }
            if let Some(lines) = self.request_lines(t) {
                check_text(t, Strictness::Prose, self.diags);
                self.drop_pending();
                return self.literal(&lines, t.pos);
            }
        }
        // A section's first list, before any operation, may define the
        // record the section is named after ("### Invoice" and its fields).
        if let (Block::List(l), None, true) = (b, &self.current, self.out.records.is_empty()) {
            let items = item::items(l, &self.from, Strictness::Prose, self.diags);
            self.out.records.push(NoteGroup { label: self.from.to_string(), pos: l.pos, items: items.clone() });
            if self.keep_prose {
                let text: Vec<String> = items.iter().map(|i| format!("- {}", i.text)).collect();
                self.out.description.push(text.join("\n"));
            } else {
                self.out.conventions.extend(items.into_iter().map(|i| i.text));
            }
            return;
        }
        // A table of fields ("field | type | required?") right under an
        // operation's route line, before any list: its inputs, as drafts
        // that write no labels mean.
        if let Block::Table(t) = b {
            let bare = self.current.as_ref().is_some_and(|op| op.http.is_some() && op.inputs.is_empty() && op.outputs.is_empty());
            if bare && item::is_field_table(t) {
                let items = item::table_items(t, &self.from, Strictness::Model, self.diags);
                if let Some(op) = self.current.as_mut() {
                    // Under a GET, fields no one is asked to give are what
                    // it answers.
                    let reads = op.http.as_ref().is_some_and(|ex| matches!(ex.method, HttpMethod::Get));
                    match reads && !item::asks_for_input(t) {
                        true => op.outputs = items,
                        false => op.inputs = items,
                    }
                }
                return;
            }
        }
        // A list of wire keys (`` `deviceId` string, required (path) ``)
        // right under the route line, likewise.
        if let Block::List(l) = b {
            let bare = self.current.as_ref().is_some_and(|op| op.http.is_some() && op.outputs.is_empty());
            if bare && is_key_list(l) {
                let items = item::items(l, &self.from, Strictness::Model, self.diags);
                if let Some(op) = self.current.as_mut() {
                    op.inputs.extend(items);
                }
                return;
            }
        }
        if let Block::Paragraph(t) = b {
            self.record_body(t);
        }
        if !self.keep_prose {
            return self.check_prose(b);
        }
        match b {
            Block::Paragraph(t) => {
                check_text(t, Strictness::Prose, self.diags);
                self.out.description.push(t.plain().to_string());
                match (&self.pending, &mut self.current) {
                    (Some(_), _) => self.pending_prose.push(t.plain().to_string()),
                    (None, Some(op)) => op.prose.push(t.plain().to_string()),
                    (None, None) => self.untitled_prose.push(t.plain().to_string()),
                }
            }
            Block::List(l) => {
                let items = item::items(l, &self.from, Strictness::Prose, self.diags);
                let text: Vec<String> = items.iter().map(|i| format!("- {}", i.text)).collect();
                self.out.description.push(text.join("\n"));
            }
            Block::Quote { body, .. } => self.blocks(body),
            Block::Directive { name, argument, body, pos } => self.directive(name, argument, body, *pos),
            Block::Literal { pos, text } => self.literal(text, *pos),
            Block::Table(t) => {
                let rows: Vec<String> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.plain()).collect::<Vec<_>>().join(" | ")).collect();
                self.out.description.push(rows.join("\n"));
            }
        }
    }

    /// The diagnostics of prose that is not kept.
    fn check_prose(&mut self, b: &Block) {
        match b {
            Block::Paragraph(t) => {
                check_text(t, Strictness::Prose, self.diags);
                self.out.conventions.push(t.plain().to_string());
            }
            Block::List(l) => {
                let items = item::items(l, &self.from, Strictness::Prose, self.diags);
                self.out.conventions.extend(items.into_iter().map(|i| i.text));
            }
            Block::Quote { body, .. } => self.blocks(body),
            Block::Directive { body, .. } => body.iter().for_each(|b| self.check_prose(b)),
            Block::Literal { pos, text } => self.literal(text, *pos),
            Block::Table(t) => t.rows.iter().flat_map(|r| &r.cells).for_each(|c| check_text(c, Strictness::Prose, self.diags)),
        }
    }

    fn directive(&mut self, name: &str, argument: &str, body: &[Block], pos: Pos) {
        if is_code(name) {
            return body.iter().for_each(|b| self.check_prose(b));
        }
        let mut items = Vec::new();
        if !argument.is_empty() {
            items.push(Item {
                text: argument.to_string(),
                pos,
                items: vec![],
                optional: false,
                batch: false,
                from: self.from.clone(),
                literals: vec![],
                only_refers: false,
                record: None,
            });
        }
        for b in body {
            match b {
                Block::Paragraph(t) => {
                    check_text(t, Strictness::Prose, self.diags);
                    items.push(Item {
                        text: t.plain().to_string(),
                        pos: t.pos,
                        items: vec![],
                        optional: false,
                        batch: false,
                        from: self.from.clone(),
                        literals: vec![],
                        only_refers: false,
                        record: None,
                    });
                }
                other => {
                    if let Some(l) = other.as_list() {
                        items.extend(item::items(l, &self.from, Strictness::Prose, self.diags));
                    }
                }
            }
        }
        if !items.is_empty() {
            self.out.notes.push(NoteGroup { label: name.to_string(), pos, items });
        }
        for b in body {
            if let Block::Literal { pos, text } = b {
                self.literal(text, *pos);
            }
        }
    }

    /// A literal holding request lines gives HTTP examples; an unlabelled
    /// JSON literal right after one is its body; other literals are prose.
    fn literal(&mut self, text: &str, pos: Pos) {
        // A block of its own that is an answer (`HTTP/1.1 201 Created`, or
        // a bare `201 Created`; headers, a body) answers the operation's
        // example.
        let first = text.trim_start().lines().next().unwrap_or("");
        let with_version =
            first.strip_prefix("HTTP/").is_some_and(|r| r.split_whitespace().nth(1).is_some_and(|s| s.parse::<u16>().is_ok()));
        let mut words = first.split_whitespace();
        let bare = words.next().and_then(|s| s.parse::<u16>().ok()).is_some_and(|s| (100..600).contains(&s))
            && words.next().is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
        let answer = with_version || bare;
        if answer && self.example().is_some() {
            let loc = Locator::new(self.src, pos, text);
            let Some(ex) = self.example() else { return };
            let findings = http::body_literal(ex, &http::Label::Response { status: None, reason: None }, None, text, &loc);
            self.warn(findings);
            self.example_open = true;
            return;
        }
        let json = self.follows_example && http::opens_with_json(text);
        if !json && !http::opens_with_request(text) {
            return;
        }
        let loc = Locator::new(self.src, pos, text);
        if let Some(lit) = http::example_literal(text, &loc) {
            self.warn(lit.findings);
            // Request lines of one block are as many examples
            // (`PUT /user/{userId}/public/{eventType}` then its instances):
            // only the block's first may be a route line's full request.
            for (k, ex) in lit.examples.into_iter().enumerate() {
                self.attach(ex, k == 0);
            }
            self.example_open = true;
            return;
        }
        let bare = self.example().filter(|ex| ex.request_body.is_none() && ex.responses.is_empty());
        if let Some(ex) = bare.filter(|_| json) {
            let label = if ex.method.reads() { http::Label::Response { status: None, reason: None } } else { http::Label::Request };
            let findings = http::body_literal(ex, &label, None, text, &loc);
            self.warn(findings);
        }
    }

    /// A literal after a label such as "Returns 200 OK:" or "GET parameters:".
    fn labelled_literal(&mut self, kind: &http::Label, label_at: Pos, text: &str, pos: Pos) {
        let loc = Locator::new(self.src, pos, text);
        let Some(ex) = self.example() else { return };
        match kind {
            http::Label::Query => http::query_block(ex, text, &loc),
            http::Label::StatusCodes => {
                let mut at = 0;
                for line in text.split_inclusive('\n') {
                    let t = line.trim();
                    if !t.is_empty() {
                        let lead = line.len() - line.trim_start().len();
                        match http::status_item(t, loc.at(at + lead)) {
                            Some(code) => ex.status_codes.push(code),
                            None => ex.notes.push(http::Note { text: t.to_string(), pos: loc.at(at + lead) }),
                        }
                    }
                    at += line.len();
                }
            }
            kind => {
                let findings = http::body_literal(ex, kind, Some(label_at), text, &loc);
                self.warn(findings);
            }
        }
    }

    /// "Status codes:" and "Query parameters:" lists after an example.
    /// Returns the places of query items that are no `name: description`
    /// line (`` `pageSize` int32, default 50 ``): items of the inputs.
    fn http_list(&mut self, label: &str, list: &List) -> Vec<usize> {
        let kind = http::classify_label(label);
        let mut loose = Vec::new();
        let Some(ex) = self.example() else { return loose };
        let texts = list.items.iter().filter_map(|li| match li.body.first() {
            Some(Block::Paragraph(t)) => Some((t.plain().to_string(), t.pos)),
            _ => None,
        });
        match kind {
            Some(http::Label::StatusCodes) => {
                for (text, pos) in texts {
                    match http::status_item(&text, pos) {
                        Some(code) => ex.status_codes.push(code),
                        None => ex.notes.push(http::Note { text, pos }),
                    }
                }
            }
            Some(http::Label::Query) => {
                let mut params = Vec::new();
                for (k, (text, pos)) in texts.enumerate() {
                    match http::param_line(&text) {
                        Some((name, description)) => params.push(http::QueryParam {
                            name: name.to_string(),
                            description: (!description.is_empty()).then(|| description.to_string()),
                            examples: vec![],
                            pos,
                        }),
                        None => loose.push(k),
                    }
                }
                ex.add_query(params);
            }
            _ => {}
        }
        loose
    }

    /// The query items of a "Query params:" list that are written as items
    /// rather than `name: description` lines: inputs that travel in the
    /// query.
    fn query_items(&mut self, items: &[Item], loose: &[usize]) {
        let Some(op) = self.current.as_mut().filter(|op| op.http.is_some()) else { return };
        for &k in loose {
            let Some(mut it) = items.get(k).cloned() else { continue };
            if !it.text.to_ascii_lowercase().contains("query") {
                it.text.push_str(" (query)");
            }
            op.inputs.push(it);
        }
    }

    /// A plain paragraph that opens with request lines (drafts that forgot
    /// the `::`): those lines, as written in the file. The rest of such a
    /// paragraph has lost its line breaks, so no body is read from it.
    fn request_lines(&self, t: &Text) -> Option<String> {
        if t.pos.col != 1 || http::request_line(t.plain()).is_none() {
            return None;
        }
        let lines: Vec<&str> = (t.pos.line..)
            .map(|n| self.src.line_text(n))
            .take_while(|l| l.starts_with(|c: char| !c.is_whitespace()) && http::request_line(l).is_some())
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    /// The example later blocks add to: the current operation's.
    fn example(&mut self) -> Option<&mut HttpExample> {
        self.current.as_mut().and_then(|op| op.http.as_mut())
    }

    /// An example belongs to the operation it follows, or starts one (named
    /// after the section) when there is none or it already has an example.
    fn attach(&mut self, mut ex: HttpExample, may_fill_route: bool) {
        // A route line (`POST /albums`) and, below it, the full example of
        // that request are one operation: the example, under the route's
        // parameter names.
        let route = self.current.as_ref().and_then(|op| op.http.as_ref()).filter(|r| may_fill_route && is_route_of(r, &ex));
        if let Some(route) = route {
            if route.path.contains('{') {
                ex.path = route.path.clone();
                ex.path_params = route.path_params.clone();
            }
            let more: Vec<_> = route.query.iter().filter(|q| !ex.query.iter().any(|e| e.name == q.name)).cloned().collect();
            ex.query.extend(more);
            if let Some(op) = self.current.as_mut() {
                op.http = Some(ex);
            }
            return;
        }
        if self.current.as_ref().is_some_and(|op| op.http.is_some()) {
            self.finish_op();
        }
        let op = self.op(ex.pos);
        op.http = Some(ex);
    }

    fn warn(&mut self, findings: Vec<http::Finding>) {
        for f in findings {
            self.diags.push(
                Diagnostic::warning(f.pos, format!("HTTP example: {}", f.message))
                    .with_help("write bodies as JSON; unquoted keys, comments, trailing commas and `...` are fine"),
            );
        }
    }

    fn op(&mut self, pos: Pos) -> &mut OpDraft {
        if self.current.is_none() {
            let (name, at) = match self.pending.take() {
                Some((n, p)) => (Some(n), p),
                None => (None, pos),
            };
            // An operation the section's title names ("### Finding
            // recipes") takes the paragraphs written under that title.
            let mut prose = if name.is_none() { std::mem::take(&mut self.untitled_prose) } else { Vec::new() };
            prose.append(&mut self.pending_prose);
            self.current = Some(OpDraft { name, pos: Some(at), prose, ..OpDraft::default() });
        }
        self.current.as_mut().expect("just set")
    }

    fn finish_op(&mut self) {
        if let Some(mut op) = self.current.take() {
            if op.outputs.is_empty() {
                op.outputs = std::mem::take(&mut op.said_outputs);
            }
            self.out.ops.push(op);
        }
    }

    /// A `…:` paragraph that named nothing is prose after all.
    fn drop_pending(&mut self) {
        self.pending_prose.clear();
        if let Some((text, _)) = self.pending.take().filter(|_| self.keep_prose) {
            self.out.description.push(format!("{text}:"));
        }
    }
}

/// ``` ``Chunk token`` : definition ``` (or `Term: definition`).
/// A sentence saying an operation's body or answer is a record written
/// as code: "Request body is a `Device`", "Body is a partial `Device`",
/// "Response: the created `Device`", "Returns the `Rollout`". The side,
/// and the record's name.
fn body_record(t: &Text) -> Option<(Label, String)> {
    let whole = t.plain().to_ascii_lowercase();
    const INPUT: &[&str] = &["request body is", "body is", "the body is", "request is", "request body:", "body:"];
    const OUTPUT: &[&str] = &["response:", "response is", "response body is", "returns", "answer:", "answers", "response body:"];
    // The paragraph's first sentence, or a later one that opens so ("`POST
    // /rollouts/{id}:resume` — … Response: the updated `Rollout`.").
    let starts = std::iter::once(0).chain(whole.match_indices(". ").map(|(i, _)| i + 2));
    let (from, side) = starts.into_iter().find_map(|i| {
        let rest = &whole[i..];
        if INPUT.iter().any(|c| rest.starts_with(c)) {
            Some((i, Label::Inputs { additional: false }))
        } else if OUTPUT.iter().any(|c| rest.starts_with(c)) {
            Some((i, Label::Outputs { additional: false }))
        } else {
            None
        }
    })?;
    let lower = &whole[from..];
    // The record: the first code span of that sentence, a name in
    // capitals (`Device`, `ListDevicesResponse` is a list's own shape).
    let first_sentence = from + lower.split(". ").next().unwrap_or("").len();
    let mut at = 0;
    for s in t.segs() {
        if at > first_sentence {
            break;
        }
        if at < from {
            at += s.text.len();
            continue;
        }
        let name = s.text.trim();
        if s.kind == SegKind::Literal
            && name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && !name.ends_with("Response")
            && !name.ends_with("Request")
        {
            return Some((side, name.to_string()));
        }
        at += s.text.len();
    }
    None
}

/// Where the word "returns" starts in `lower`, as a word of its own.
fn returns_at(lower: &str) -> Option<usize> {
    lower.find("returns ").filter(|&i| i == 0 || lower[..i].ends_with([' ', ',']))
}

/// What a sentence says an operation answers, where no list says it:
/// "returns 201 Created with the desk", "Returns the booking with
/// `status` now `checkedIn`" (the record's name and "record"), "Your own
/// profile, same fields as what sign up returns", "returns the updated
/// profile (same as Me)" (the reference to another operation).
fn answer_reference(plain: &str) -> Option<String> {
    let lower = plain.to_ascii_lowercase();
    for sentence in lower.split(". ").map(|s| s.trim().trim_end_matches('.')) {
        for cue in ["same fields as ", "same as "] {
            if let Some(at) = sentence.find(cue) {
                let rest = sentence[at..].split([')', ';']).next().unwrap_or("").trim_end_matches([',', ' ']);
                return Some(rest.to_string());
            }
        }
        // "The desk, plus `bookedOn` …": a sentence that opens with the record.
        if let Some(rest) = sentence.strip_prefix("the ") {
            let noun = rest.split([',', ' ']).next().unwrap_or("");
            let then = rest[noun.len()..].trim_start_matches(',').trim_start();
            if noun.len() >= 3
                && noun.chars().all(|c| c.is_ascii_alphabetic())
                && (then.is_empty() || then.starts_with("plus") || then.starts_with("with"))
            {
                return Some(format!("{noun} record"));
            }
        }
        let Some(at) = returns_at(sentence) else { continue };
        let mut words = sentence[at + "returns ".len()..].split_whitespace().peekable();
        const SKIP: &[&str] = &[
            "ok", "created", "accepted", "with", "and", "the", "a", "an", "your", "its", "their", "updated", "new", "changed", "full",
            "whole", "same",
        ];
        while let Some(w) = words.peek() {
            let w = w.trim_end_matches(',');
            if w.chars().all(|c| c.is_ascii_digit()) || SKIP.contains(&w) {
                words.next();
            } else {
                break;
            }
        }
        let noun = words.next()?.trim_end_matches([',', ':', ';']);
        const NOT: &[&str] =
            &["nothing", "no", "empty", "it", "them", "this", "that", "what", "whatever", "all", "everything", "list", "true", "false"];
        if noun.len() >= 3 && noun.chars().all(|c| c.is_ascii_alphabetic()) && !NOT.contains(&noun) {
            return Some(format!("{noun} record"));
        }
        return None;
    }
    None
}

/// "Returns `{"desks": [...desks], "total": 12}`": the answer's keys as a
/// sentence shows them, each an item (text, key): a list of a record
/// ("desks (list of desk records)"), a number, a flag, or a key alone.
fn answer_shape(plain: &str) -> Option<Vec<(String, String)>> {
    let lower = plain.to_ascii_lowercase();
    let at = returns_at(&lower)?;
    let open = at + plain[at..].find('{')?;
    // Only the shape right after the verb: "returns `{…}`".
    if plain[at + "returns ".len()..open].trim().len() > 2 {
        return None;
    }
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in plain[open..].char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(open + i);
                    break;
                }
            }
            _ => {}
        }
    }
    let body = &plain[open + 1..close?];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in body.char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    let mut out = Vec::new();
    for part in parts {
        let (key, value) = part.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'', '`']).to_string();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        let value = value.trim();
        let text = if let Some(inner) = value.strip_prefix('[') {
            let noun = inner.trim_end_matches(']').trim().trim_start_matches("...").trim_start_matches('…').trim();
            match noun.chars().all(|c| c.is_ascii_alphabetic()) && !noun.is_empty() {
                true => format!("{key} (list of {noun} records)"),
                false => format!("{key} (list)"),
            }
        } else if value.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            format!("{key} ({})", if value.contains('.') { "number" } else { "integer" })
        } else if value == "true" || value == "false" {
            format!("{key} (boolean)")
        } else {
            key.clone()
        };
        out.push((text, key));
    }
    (!out.is_empty()).then_some(out)
}

/// Whether `l` is a definition list of an operation's labels ("Inputs",
/// "Output", "Errors", each with its items indented under it): every term
/// a label, one at least an Inputs/Outputs one.
fn labels_list(l: &List) -> bool {
    if l.kind != ListKind::Definition {
        return false;
    }
    let terms: Vec<Label> = l
        .items
        .iter()
        .filter_map(|li| match li.body.first() {
            Some(Block::Paragraph(t)) if !t.ends_with_colon() && t.plain().split_whitespace().count() <= 6 => Some(classify(t.plain())),
            _ => None,
        })
        .collect();
    const NOTES: &[&str] = &["errors", "error", "example", "examples", "notes", "note", "status codes"];
    terms.len() == l.items.len()
        && terms.iter().any(Label::is_list)
        && terms.iter().all(|t| match t {
            Label::Note(n) => NOTES.contains(&n.to_ascii_lowercase().as_str()),
            _ => true,
        })
}

/// Whether every item of `l` opens with a wire key written as code and a
/// word after it: `` `deviceId` string, required ``.
fn is_key_list(l: &List) -> bool {
    !l.items.is_empty()
        && l.items.iter().all(|li| {
            let Some(Block::Paragraph(t)) = li.body.first() else { return false };
            let segs = t.segs();
            let key = segs.first().filter(|s| s.kind == SegKind::Literal).map(|s| s.text.as_str()).unwrap_or("");
            let is_key = key.starts_with(|c: char| c.is_ascii_alphabetic()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            is_key && segs.get(1).is_some_and(|s| s.text.starts_with(' ') && s.text.trim().len() > 1)
        })
}

fn term(first: Option<&Block>, pos: Pos) -> Option<Term> {
    let Some(Block::Paragraph(t)) = first else { return None };
    let (term, rest) = match t.segs().first() {
        Some(s) if s.kind == SegKind::Literal => (s.text.trim().to_string(), t.plain_from(1)),
        _ => {
            let plain = t.plain();
            let (a, b) = plain.split_once(':')?;
            (a.trim().to_string(), format!(":{b}"))
        }
    };
    let definition = rest.trim_start().strip_prefix(':')?.trim().to_string();
    Some(Term { term, definition, pos })
}

#[cfg(test)]
mod tests {
    use crate::model::Format;
    use crate::reader::read_str;

    fn ops(md: &str) -> Vec<(String, usize, Option<String>)> {
        let read = read_str("t.md", md, Format::Markdown);
        let ops = read.spec.apis.iter().flat_map(|a| &a.operations);
        ops.map(|o| (o.name.clone(), o.inputs.len(), o.http.as_ref().map(|h| format!("{} {}", h.method.as_str(), h.path)))).collect()
    }

    #[test]
    fn operations_named_in_the_authors_words() {
        // A label and its list, then the example; a label, why, then the
        // list; an example indented under a list (CommonMark's item text).
        let md = "# t\n\n## pickers [Final]\n\ntake on a picker:\n\n- name\n- phone\n\n    POST /pickers\n    {name: \"x\"}\n\n\
                  pay a picker:\n\nI pay cash, friday nights.\n\n- the picker's number (in the address)\n- how much I paid\n\n    POST /pickers/31/pay\n    {amount: 82.80}\n\n\
                  look at one picker:\n\nyou just need the number. you get back everything, and also:\n\n- what they're owed\n\n    GET /pickers/31\n";
        let got = ops(md);
        assert_eq!(got[0], ("take on a picker".into(), 2, Some("POST /pickers".into())), "{got:?}");
        assert_eq!(got[1], ("pay a picker".into(), 2, Some("POST /pickers/{}/pay".replace("{}", "31"))), "{got:?}");
        assert_eq!((got[2].0.as_str(), got[2].2.as_deref()), ("look at one picker", Some("GET /pickers/31")), "{got:?}");
    }

    fn outputs(md: &str) -> Vec<(String, Vec<String>)> {
        let read = read_str("t.md", md, Format::Markdown);
        let ops = read.spec.apis.iter().flat_map(|a| &a.operations);
        ops.map(|o| (o.name.clone(), o.outputs.iter().map(|i| i.text.clone()).collect())).collect()
    }

    #[test]
    fn a_field_table_under_the_route_and_answers_said_in_a_sentence() {
        // A table of fields right under the route line is the inputs (a
        // GET's, asking nothing, its outputs); "returns 201 Created with
        // the desk", "The desk, plus …" and "Returns `{…}`" say the outputs.
        let md = "# t\n\n## desks [Final]\n\n### Add a desk\n\n`POST /desks`, returns 201 Created with the desk.\n\n\
                  | field | type | required? |\n|---|---|---|\n| `label` | string | yes |\n\n\
                  ### Get a desk\n\n`GET /desks/{deskId}`. The desk, plus `bookedOn` (list of dates).\n\n\
                  ### List desks\n\n`GET /desks`. Not paginated.\n\n| param | type | required? |\n|---|---|---|\n| `floor` | int | no |\n\n\
                  Returns `{\"desks\": [...desks], \"total\": 12}`.\n\n\
                  ### Me\n\n`GET /members/me`. Your own profile, same fields as what sign up returns.\n";
        let got = ops(md);
        assert_eq!(got.iter().map(|o| o.1).collect::<Vec<_>>(), [1, 0, 1, 0], "{got:?}");
        let out = outputs(md);
        assert_eq!(out[0].1, ["desk record"], "{out:?}");
        assert_eq!(out[1].1, ["desk record"], "{out:?}");
        assert_eq!(out[2].1, ["desks (list of desks records)", "total (integer)"], "{out:?}");
        assert_eq!(out[3].1, ["same fields as what sign up returns"], "{out:?}");
        assert!(out.iter().all(|(_, o)| !o.is_empty()));
    }

    #[test]
    fn a_route_line_under_a_new_name_opens_its_operation() {
        // "get booking:" has no route of its own; "amend booking:" and its
        // route line come next: the line is amend's, not get's.
        let md = "# t\n\n## bookings [Final]\n\nget booking:\n\nInputs:\n\n- booking_id (int, path)\n\nOutputs:\n\n- total (decimal)\n\n\
                  amend booking:\n\n`PATCH /bookings/{booking_id}`\n\nInputs:\n\n- booking_id (int, path)\n- seats (int, optional)\n";
        let got = ops(md);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].2.as_deref()), ("get booking", None), "{got:?}");
        assert_eq!((got[1].0.as_str(), got[1].2.as_deref()), ("amend booking", Some("PATCH /bookings/{booking_id}")), "{got:?}");
    }

    #[test]
    fn a_label_about_the_same_request_is_no_operation() {
        let md =
            "# t\n\n## recipes [Final]\n\nlist recipes:\n\n    GET /recipes\n\nquery params:\n\n- style\n\n    GET /recipes?style=ipa\n";
        let got = ops(md);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_ne!(got[0].0, "query params");
    }
}
