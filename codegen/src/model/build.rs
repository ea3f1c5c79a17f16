//! From the document model to the API model: statuses, APIs, operations,
//! inherited inputs, terms.

use super::content::{self, Content, OpDraft};
use super::item::{check_text, Strictness};
use super::status::{self, Marker};
use super::{Api, Format, Item, Operation, SectionInfo, Spec, Status};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::document::{Document, Section};

/// A section with what the builder knows of it.
struct Node<'a> {
    section: &'a Section,
    parent: Option<usize>,
    title: String,
    status: Option<Status>,
    content: Content,
}

fn flatten<'a>(sections: &'a [Section], parent: Option<usize>, diags: &mut Diagnostics, out: &mut Vec<Node<'a>>) {
    for s in sections {
        let (title, marker) = status::split(&s.title);
        check_text(&s.title, Strictness::Model, diags);
        let status = match marker {
            Marker::None => None,
            Marker::Status(st, _) => Some(st),
            Marker::Unknown(word, pos) => {
                diags.push(
                    Diagnostic::error(pos, format!("unknown status marker `[{word}]`"))
                        .with_len(word.chars().count() + 2)
                        .with_help("the statuses are [TODO], [ONGOING], [Draft] and [Final] (any letter case)"),
                );
                None
            }
        };
        let content = content::read(&s.body, &title, diags);
        out.push(Node { section: s, parent, title, status, content });
        let me = out.len() - 1;
        flatten(&s.children, Some(me), diags, out);
    }
}

/// Builds the API model of a document.
pub fn build(doc: &Document, file: &str, format: Format, diags: &mut Diagnostics) -> Spec {
    let mut nodes = Vec::new();
    let preamble = content::read(&doc.preamble, "", diags);
    flatten(&doc.sections, None, diags, &mut nodes);
    let parents = |mut i: usize| {
        let mut out = Vec::new();
        while let Some(p) = nodes[i].parent {
            out.push(nodes[p].title.clone());
            i = p;
        }
        out.reverse();
        out
    };
    let sections = (0..nodes.len())
        .map(|i| SectionInfo {
            title: nodes[i].title.clone(),
            status: nodes[i].status,
            level: nodes[i].section.level,
            pos: nodes[i].section.title.pos,
            parents: parents(i),
        })
        .collect();
    let apis = (0..nodes.len()).filter(|&i| nodes[i].status.is_some()).map(|i| api(&nodes, i, parents(i), diags)).collect();
    let mut terms = preamble.terms;
    terms.extend(nodes.iter().flat_map(|n| n.content.terms.iter().cloned()));
    Spec { file: file.to_string(), format, sections, apis, terms }
}

fn api(nodes: &[Node], i: usize, parents: Vec<String>, diags: &mut Diagnostics) -> Api {
    let n = &nodes[i];
    let mut description = n.content.description.clone();
    let mut notes = n.content.notes.clone();
    let mut operations: Vec<Operation> = n.content.ops.iter().map(|op| operation(op, &n.title)).collect();
    // Unmarked subsections are parts of this API; marked ones are APIs of
    // their own.
    for (k, child) in nodes.iter().enumerate().skip(i + 1) {
        if !descends_unmarked(nodes, k, i) {
            continue;
        }
        description.extend(child.content.description.iter().cloned());
        notes.extend(child.content.notes.iter().cloned());
        operations.extend(child.content.ops.iter().map(|op| operation(op, &child.title)));
    }
    inherit(nodes, i, &mut operations, diags);
    let description = description.join("\n\n");
    if operations.is_empty() && description.is_empty() {
        diags.push(
            Diagnostic::warning(n.section.title.pos, format!("API `{}` has neither Inputs nor Outputs nor an explanation", n.title))
                .with_len(n.title.chars().count())
                .with_help("add Inputs:/Outputs: lists, or a sentence saying what the API is"),
        );
    }
    Api { title: n.title.clone(), status: n.status.expect("APIs have a status"), pos: n.section.title.pos, parents, description, notes, operations }
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

fn operation(op: &OpDraft, section_title: &str) -> Operation {
    Operation {
        name: op.name.clone().unwrap_or_else(|| section_title.to_string()),
        pos: op.pos.unwrap_or_default(),
        inputs: op.inputs.clone(),
        outputs: op.outputs.clone(),
        notes: op.notes.clone(),
        http: op.http.clone(),
    }
}

/// `Additional Inputs/Outputs` extend the common lists of the nearest
/// enclosing section that has them: the operation gets the full list, the
/// inherited items first.
fn inherit(nodes: &[Node], i: usize, ops: &mut [Operation], diags: &mut Diagnostics) {
    let drafts = &nodes[i].content.ops;
    for (k, draft) in drafts.iter().enumerate() {
        if !draft.extends_inputs && !draft.extends_outputs {
            continue;
        }
        let common = ancestors(nodes, i).find_map(|a| nodes[a].content.ops.first());
        let Some(common) = common else {
            diags.push(
                Diagnostic::warning(draft.pos.unwrap_or_default(), "`Additional` inputs/outputs, but no enclosing section lists common ones")
                    .with_help("give the parent section its own Inputs:/Outputs: lists"),
            );
            continue;
        };
        let prepend = |own: &mut Vec<Item>, base: &[Item]| {
            let mut all = base.to_vec();
            all.append(own);
            *own = all;
        };
        if draft.extends_inputs {
            prepend(&mut ops[k].inputs, &common.inputs);
        }
        if draft.extends_outputs {
            prepend(&mut ops[k].outputs, &common.outputs);
        }
    }
}

fn ancestors<'n>(nodes: &'n [Node<'n>], i: usize) -> impl Iterator<Item = usize> + 'n {
    std::iter::successors(nodes[i].parent, move |&p| nodes[p].parent)
}
