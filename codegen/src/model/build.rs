//! From the document model to the API model: statuses, APIs, operations,
//! inherited inputs, terms.

use super::content::{self, Content, OpDraft};
use super::item::{check_text, Strictness};
use super::status::{self, TitleMarker};
use super::{Api, Format, Operation, SectionInfo, Spec, Status};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Document, Section};
use crate::source::SourceFile;

/// A section with what the builder knows of it.
struct Node<'a> {
    section: &'a Section,
    parent: Option<usize>,
    title: String,
    status: Option<Status>,
    content: Content,
}

/// `in_api`: an enclosing section is an API (so this one's prose may be
/// read into it).
fn flatten<'a>(
    sections: &'a [Section],
    src: &SourceFile,
    parent: Option<usize>,
    in_api: bool,
    diags: &mut Diagnostics,
    out: &mut Vec<Node<'a>>,
) {
    for s in sections {
        let (title, marker) = status::split(&s.title);
        check_text(&s.title, Strictness::Model, diags);
        let status = match marker {
            TitleMarker::None => None,
            TitleMarker::Status(st, _) => Some(st),
            TitleMarker::Unknown(word, pos) => {
                diags.push(
                    Diagnostic::error(pos, format!("unknown status marker `[{word}]`"))
                        .with_len(word.chars().count() + 2)
                        .with_help("the statuses are [TODO], [ONGOING], [Draft] and [Final] (any letter case)"),
                );
                None
            }
        };
        let keep = in_api || status.is_some();
        let content = content::read(&s.body, src, &title, keep, diags);
        out.push(Node { section: s, parent, title, status, content });
        let me = out.len() - 1;
        flatten(&s.children, src, Some(me), keep, diags, out);
    }
}

/// Builds the API model of a document read from `src` (whose lines HTTP
/// examples are located in).
pub fn build(doc: &Document, src: &SourceFile, format: Format, diags: &mut Diagnostics) -> Spec {
    let file = src.name.as_str();
    let mut nodes = Vec::new();
    let preamble = content::read(&doc.preamble, src, "", false, diags);
    flatten(&doc.sections, src, None, false, diags, &mut nodes);
    let parents: Vec<Vec<String>> = (0..nodes.len())
        .map(|i| {
            let mut out: Vec<String> = ancestors(&nodes, i).map(|a| nodes[a].title.clone()).collect();
            out.reverse();
            out
        })
        .collect();
    let sections = nodes
        .iter()
        .zip(&parents)
        .map(|(n, parents)| SectionInfo {
            title: n.title.clone(),
            status: n.status,
            level: n.section.level,
            pos: n.section.title.pos,
            parents: parents.clone(),
        })
        .collect();
    let mut terms = preamble.terms;
    terms.extend(nodes.iter().flat_map(|n| n.content.terms.iter().cloned()));
    let mut records = preamble.records;
    records.extend(nodes.iter().flat_map(|n| n.content.records.iter().cloned()));
    let mut conventions = preamble.conventions;
    conventions.extend(nodes.iter().flat_map(|n| n.content.conventions.iter().cloned()));
    // Last to first: an API inherits from its ancestors (not yet taken), then
    // takes its own content and that of its unmarked subsections.
    let mut parents = parents;
    let ends = subtree_ends(&nodes);
    let mut apis: Vec<Api> = Vec::new();
    for i in (0..nodes.len()).rev() {
        if nodes[i].status.is_some() {
            let p = std::mem::take(&mut parents[i]);
            apis.push(api(&mut nodes, i, ends[i], p, diags));
        }
    }
    apis.reverse();
    if apis.is_empty() {
        warn_unmarked(doc, nodes.len(), diags);
    }
    let errors = super::errors::find(doc, apis.iter().flat_map(|a| &a.operations).filter_map(|o| o.http.as_ref()));
    Spec { file: file.to_string(), format, sections, apis, terms, records, conventions, errors }
}

/// A document with content but no marked section has no API: say so (an
/// empty file is already an error of its own).
fn warn_unmarked(doc: &Document, sections: usize, diags: &mut Diagnostics) {
    let first = doc.sections.first().map(|s| s.title.pos).or_else(|| doc.preamble.first().map(|b| b.pos()));
    let Some(pos) = first else { return };
    let what = if doc.sections.is_empty() { "no section titles".to_string() } else { format!("{sections} section titles") };
    diags.push(
        Diagnostic::warning(pos, format!("no section has a status marker ({what}): the spec has no APIs"))
            .with_help("end the title of each API section with [TODO], [ONGOING], [Draft] or [Final]"),
    );
}

/// For each node, the end (exclusive) of its subtree: nodes are in source
/// (pre)order, so a section's descendants are the nodes right after it.
fn subtree_ends(nodes: &[Node]) -> Vec<usize> {
    let mut ends = vec![nodes.len(); nodes.len()];
    // The chain of ancestors of the node being placed.
    let mut open: Vec<usize> = Vec::new();
    for (k, n) in nodes.iter().enumerate() {
        while let Some(&top) = open.last().filter(|&&top| Some(top) != n.parent) {
            ends[top] = k;
            open.pop();
        }
        open.push(k);
    }
    ends
}

/// The API of node `i`, whose subtree ends at `end`.
fn api(nodes: &mut [Node], i: usize, end: usize, parents: Vec<String>, diags: &mut Diagnostics) -> Api {
    let mut operations: Vec<Operation> = Vec::new();
    inherit(nodes, i, diags);
    let own = std::mem::take(&mut nodes[i].content);
    let mut description = own.description;
    let mut notes = own.notes;
    operations.extend(own.ops.into_iter().map(|op| operation(op, &nodes[i].title)));
    // Unmarked subsections are parts of this API; marked ones are APIs of
    // their own.
    for k in i + 1..end {
        if !descends_unmarked(nodes, k, i) {
            continue;
        }
        let child = std::mem::take(&mut nodes[k].content);
        description.extend(child.description);
        notes.extend(child.notes);
        operations.extend(child.ops.into_iter().map(|op| operation(op, &nodes[k].title)));
    }
    let n = &nodes[i];
    let description = description.join("\n\n");
    if operations.is_empty() && description.is_empty() {
        diags.push(
            Diagnostic::warning(n.section.title.pos, format!("API `{}` has neither Inputs nor Outputs nor an explanation", n.title))
                .with_len(n.title.chars().count())
                .with_help("add Inputs:/Outputs: lists, or a sentence saying what the API is"),
        );
    }
    Api {
        title: n.title.clone(),
        status: n.status.expect("APIs have a status"),
        pos: n.section.title.pos,
        parents,
        description,
        notes,
        operations,
    }
}

/// Whether node `k` lies under `api` with no marked section in between
/// (itself included).
fn descends_unmarked(nodes: &[Node], k: usize, api: usize) -> bool {
    let mut cur = k;
    loop {
        if nodes[cur].status.is_some() {
            return false;
        }
        match nodes[cur].parent {
            Some(p) if p == api => return true,
            Some(p) => cur = p,
            None => return false,
        }
    }
}

fn operation(op: OpDraft, section_title: &str) -> Operation {
    Operation {
        name: op.name.unwrap_or_else(|| section_title.to_string()),
        pos: op.pos.unwrap_or_default(),
        inputs: op.inputs,
        outputs: op.outputs,
        notes: op.notes,
        http: op.http,
        prose: op.prose,
    }
}

/// `Additional Inputs/Outputs` extend the common lists of the nearest
/// enclosing section that has them: the operation gets the full list, the
/// inherited items first.
fn inherit(nodes: &mut [Node], i: usize, diags: &mut Diagnostics) {
    for k in 0..nodes[i].content.ops.len() {
        let draft = &nodes[i].content.ops[k];
        let (ins, outs, pos) = (draft.extends_inputs, draft.extends_outputs, draft.pos);
        if !ins && !outs {
            continue;
        }
        let common = ancestors(nodes, i).find_map(|a| nodes[a].content.ops.first());
        let Some(common) = common else {
            diags.push(
                Diagnostic::warning(pos.unwrap_or_default(), "`Additional` inputs/outputs, but no enclosing section lists common ones")
                    .with_help("give the parent section its own Inputs:/Outputs: lists"),
            );
            continue;
        };
        let (base_in, base_out) = (if ins { common.inputs.clone() } else { vec![] }, if outs { common.outputs.clone() } else { vec![] });
        let draft = &mut nodes[i].content.ops[k];
        draft.inputs.splice(0..0, base_in);
        draft.outputs.splice(0..0, base_out);
    }
}

fn ancestors<'n>(nodes: &'n [Node<'n>], i: usize) -> impl Iterator<Item = usize> + 'n {
    std::iter::successors(nodes[i].parent, move |&p| nodes[p].parent)
}
