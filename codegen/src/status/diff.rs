//! Compares two specs: statuses, APIs (renames matched by title and inputs),
//! operations, inputs and outputs. Rust verdicts come from the generated
//! types of both sides (built without an overlay).

use super::similar_text::{bigram_similarity, set_similarity, word_similarity};
use super::{severity, Change, ChangeKind, Direction, Severity, Verdict};
use crate::diagnostic::Diagnostics;
use crate::model::{Api, Item, Operation, Spec, Status};
use crate::types::{self, TypeSpace};
use std::collections::BTreeMap;

/// (API title, operation name, "in"/"out", prose) → (Rust name, Rust type).
type FieldIndex = BTreeMap<(String, String, &'static str, String), (String, String)>;

fn index(space: Option<&TypeSpace>) -> FieldIndex {
    let mut out = FieldIndex::new();
    for api in space.map_or(&[][..], |s| &s.apis) {
        for e in &api.endpoints {
            for (dir, st) in [("in", &e.request), ("out", &e.response)] {
                for f in &st.fields {
                    out.insert((api.title.clone(), e.operation.clone(), dir, f.prose.clone()), (f.rust.clone(), f.ty.rust()));
                }
            }
        }
    }
    out
}

fn types_of(spec: &Spec) -> Option<TypeSpace> {
    types::build::build(spec, None, &mut Diagnostics::default())
}

/// Everything that changed from `old` to `new`.
pub fn diff(old: &Spec, new: &Spec) -> Vec<Change> {
    diff_typed(&Typed::new(old), &Typed::new(new))
}

/// A spec with its generated types, computed once (history diffs each
/// revision twice: as the newer, then as the older side).
pub struct Typed<'a> {
    pub spec: &'a Spec,
    fields: FieldIndex,
}

impl<'a> Typed<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        Typed { spec, fields: index(types_of(spec).as_ref()) }
    }
}

pub fn diff_typed(old: &Typed, new: &Typed) -> Vec<Change> {
    let d = Differ { old: old.fields.clone(), new: new.fields.clone(), out: Vec::new() };
    d.run(old.spec, new.spec)
}

struct Differ {
    old: FieldIndex,
    new: FieldIndex,
    out: Vec<Change>,
}

/// How far a status's types reach: Final always, Draft with the `draft`
/// feature, ONGOING with `ongoing`, TODO not at all.
fn reach(s: Status) -> u8 {
    match s {
        Status::Final => 3,
        Status::Draft => 2,
        Status::Ongoing => 1,
        Status::Todo => 0,
    }
}

fn both(b: bool) -> (Verdict, Verdict) {
    let v = if b { Verdict::Breaking } else { Verdict::Compatible };
    (v, v)
}

fn verdict(b: bool) -> Verdict {
    if b {
        Verdict::Breaking
    } else {
        Verdict::Compatible
    }
}

/// The item's text without its batch marker.
fn unbatched(text: &str) -> String {
    text.replace("[s]", "").replace("[es]", "")
}

impl Differ {
    fn run(mut self, old: &Spec, new: &Spec) -> Vec<Change> {
        let (pairs, removed, added) = match_apis(&old.apis, &new.apis);
        for (o, n) in pairs {
            if o.title != n.title {
                self.push(
                    n,
                    ChangeKind::ApiRenamed { from: o.title.clone() },
                    (Verdict::Compatible, Verdict::Breaking),
                    None,
                    format!("\"{}\" renamed to \"{}\"", o.title, n.title),
                );
            }
            self.api(o, n);
        }
        for o in removed {
            let (w, r) = both(true);
            self.push(o, ChangeKind::ApiRemoved, (w, r), None, format!("\"{}\" ({}) removed", o.title, o.status.marker()));
        }
        for n in added {
            self.push(n, ChangeKind::ApiAdded, both(false), None, format!("\"{}\" ({}) added", n.title, n.status.marker()));
        }
        self.out
    }

    fn push(&mut self, api: &Api, kind: ChangeKind, (wire, rust): (Verdict, Verdict), sev: Option<Severity>, summary: String) {
        let id = change_id(&api.title, &kind);
        let severity = sev.unwrap_or_else(|| severity(api.status, wire == Verdict::Breaking || rust == Verdict::Breaking));
        self.out.push(Change { id, api: api.title.clone(), status: api.status, kind, wire, rust, severity, summary });
    }

    fn api(&mut self, o: &Api, n: &Api) {
        if o.status != n.status {
            let direction = if n.status > o.status {
                Direction::Forward
            } else if o.status == Status::Final {
                Direction::Regression
            } else {
                Direction::Backward
            };
            let sev = match direction {
                Direction::Forward => Severity::Info,
                Direction::Backward => Severity::Warning,
                Direction::Regression => Severity::Error,
            };
            let rust = verdict(reach(n.status) < reach(o.status));
            let summary =
                format!("\"{}\": {} → {} ({})", n.title, o.status.marker(), n.status.marker(), format!("{direction:?}").to_lowercase());
            self.push(
                n,
                ChangeKind::StatusChanged { from: o.status, to: n.status, direction },
                (Verdict::Compatible, rust),
                Some(sev),
                summary,
            );
        }
        let (pairs, removed, added) = match_ops(&o.operations, &n.operations);
        for (oo, no) in pairs {
            self.items(o, n, oo, no, true);
            self.items(o, n, oo, no, false);
        }
        for op in removed {
            self.push(
                n,
                ChangeKind::OperationRemoved { operation: op.name.clone() },
                both(true),
                None,
                format!("\"{}\": operation \"{}\" removed", n.title, op.name),
            );
        }
        for op in added {
            self.push(
                n,
                ChangeKind::OperationAdded { operation: op.name.clone() },
                both(false),
                None,
                format!("\"{}\": operation \"{}\" added", n.title, op.name),
            );
        }
    }

    fn field(&self, old_side: bool, api: &Api, op: &Operation, dir: &'static str, text: &str) -> Option<&(String, String)> {
        let idx = if old_side { &self.old } else { &self.new };
        idx.get(&(api.title.clone(), op.name.clone(), dir, text.to_string()))
    }

    /// Inputs (`inputs` true) or outputs of one operation pair.
    fn items(&mut self, oa: &Api, na: &Api, oo: &Operation, no: &Operation, inputs: bool) {
        let dir = if inputs { "in" } else { "out" };
        let (old_items, new_items) = if inputs { (&oo.inputs, &no.inputs) } else { (&oo.outputs, &no.outputs) };
        let mut removed: Vec<&Item> = old_items.iter().filter(|i| !new_items.iter().any(|n| n.text == i.text)).collect();
        let mut added: Vec<&Item> = new_items.iter().filter(|i| !old_items.iter().any(|o| o.text == i.text)).collect();
        // Changed items: same text but for a batch marker, or similar words.
        let mut changed = Vec::new();
        removed.retain(|r| {
            let best = added
                .iter()
                .enumerate()
                .map(|(k, a)| (k, if unbatched(&a.text) == unbatched(&r.text) { 2.0 } else { word_similarity(&a.text, &r.text) }))
                .filter(|(_, s)| *s >= 0.5)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((k, _)) => {
                    changed.push((*r, added.remove(k)));
                    false
                }
                None => true,
            }
        });
        let op = no.name.clone();
        for (r, a) in changed {
            let became_batch = !r.batch && a.batch && unbatched(&a.text) == unbatched(&r.text);
            let (of, nf) = (self.field(true, oa, oo, dir, &r.text).cloned(), self.field(false, na, no, dir, &a.text).cloned());
            let rust = verdict(of != nf);
            // A batch still accepts one value; otherwise the wire changes
            // when the field's name or type does.
            let wire = verdict(!became_batch && of != nf);
            let what = if inputs { "input" } else { "output" };
            let summary = if became_batch {
                format!("\"{}\": {what} \"{}\" became a batch (\"{}\")", na.title, r.text, a.text)
            } else {
                format!("\"{}\": {what} \"{}\" changed to \"{}\"", na.title, r.text, a.text)
            };
            let (from, to) = (r.text.clone(), a.text.clone());
            let kind = if inputs {
                ChangeKind::InputChanged { operation: op.clone(), from, to, became_batch }
            } else {
                ChangeKind::OutputChanged { operation: op.clone(), from, to, became_batch }
            };
            self.push(na, kind, (wire, rust), None, summary);
        }
        for r in removed {
            let (kind, wire, what) = if inputs {
                // A server ignores what it no longer reads.
                (ChangeKind::InputRemoved { operation: op.clone(), text: r.text.clone() }, false, "input")
            } else {
                (ChangeKind::OutputRemoved { operation: op.clone(), text: r.text.clone() }, true, "output")
            };
            let rust = self.field(true, oa, oo, dir, &r.text).is_some();
            self.push(na, kind, (verdict(wire), verdict(rust)), None, format!("\"{}\": {what} \"{}\" removed", na.title, r.text));
        }
        for a in added {
            let (kind, wire, what) = if inputs {
                // A new required input breaks clients that do not send it.
                (ChangeKind::InputAdded { operation: op.clone(), text: a.text.clone() }, !a.optional, "input")
            } else {
                (ChangeKind::OutputAdded { operation: op.clone(), text: a.text.clone() }, false, "output")
            };
            let rust = self.field(false, na, no, dir, &a.text).is_some();
            self.push(na, kind, (verdict(wire), verdict(rust)), None, format!("\"{}\": {what} \"{}\" added", na.title, a.text));
        }
    }
}

/// A stable id: kind, API, and the item it is about.
fn change_id(api: &str, kind: &ChangeKind) -> String {
    let tail = match kind {
        ChangeKind::StatusChanged { .. } => ("status", String::new()),
        ChangeKind::ApiAdded => ("api-added", String::new()),
        ChangeKind::ApiRemoved => ("api-removed", String::new()),
        ChangeKind::ApiRenamed { from } => ("api-renamed", from.clone()),
        ChangeKind::OperationAdded { operation } => ("operation-added", operation.clone()),
        ChangeKind::OperationRemoved { operation } => ("operation-removed", operation.clone()),
        ChangeKind::InputAdded { operation, text } => ("input-added", format!("{operation}/{text}")),
        ChangeKind::InputRemoved { operation, text } => ("input-removed", format!("{operation}/{text}")),
        ChangeKind::InputChanged { operation, from, .. } => ("input-changed", format!("{operation}/{from}")),
        ChangeKind::OutputAdded { operation, text } => ("output-added", format!("{operation}/{text}")),
        ChangeKind::OutputRemoved { operation, text } => ("output-removed", format!("{operation}/{text}")),
        ChangeKind::OutputChanged { operation, from, .. } => ("output-changed", format!("{operation}/{from}")),
    };
    if tail.1.is_empty() {
        format!("{}/{api}", tail.0)
    } else {
        format!("{}/{api}/{}", tail.0, tail.1)
    }
}

type Matched<'a, T> = (Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>);

/// APIs by title; the rest paired as renames when similar enough (title
/// words and characters, inputs, same place), best pairs first.
pub fn match_apis<'a>(old: &'a [Api], new: &'a [Api]) -> Matched<'a, Api> {
    let mut pairs = Vec::new();
    let mut removed: Vec<&Api> = Vec::new();
    for o in old {
        match new.iter().find(|n| n.title == o.title) {
            Some(n) => pairs.push((o, n)),
            None => removed.push(o),
        }
    }
    let mut added: Vec<&Api> = new.iter().filter(|n| !old.iter().any(|o| o.title == n.title)).collect();
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in removed.iter().enumerate() {
        for (j, n) in added.iter().enumerate() {
            scored.push((rename_score(o, n), i, j));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_o, mut used_n) = (vec![false; removed.len()], vec![false; added.len()]);
    let mut renamed = Vec::new();
    for (score, i, j) in scored {
        if score >= 0.5 && !used_o[i] && !used_n[j] {
            used_o[i] = true;
            used_n[j] = true;
            renamed.push((removed[i], added[j]));
        }
    }
    pairs.extend(renamed);
    let mut k = 0;
    removed.retain(|_| {
        k += 1;
        !used_o[k - 1]
    });
    let mut k = 0;
    added.retain(|_| {
        k += 1;
        !used_n[k - 1]
    });
    (pairs, removed, added)
}

fn inputs_of(a: &Api) -> Vec<String> {
    a.operations.iter().flat_map(|o| o.inputs.iter().map(|i| i.text.clone())).collect()
}

/// How likely `n` is `o` renamed (0..=1.15).
pub fn rename_score(o: &Api, n: &Api) -> f64 {
    let title = (bigram_similarity(&o.title, &n.title) + word_similarity(&o.title, &n.title)) / 2.0;
    let score = match set_similarity(&inputs_of(o), &inputs_of(n)) {
        Some(inputs) => 0.6 * title + 0.4 * inputs,
        None => title,
    };
    score + if o.parents == n.parents { 0.15 } else { 0.0 }
}

/// Operations by name; a single leftover on each side is the same operation
/// renamed (names follow titles).
fn match_ops<'a>(old: &'a [Operation], new: &'a [Operation]) -> Matched<'a, Operation> {
    let mut pairs = Vec::new();
    let mut removed = Vec::new();
    for o in old {
        match new.iter().find(|n| n.name == o.name) {
            Some(n) => pairs.push((o, n)),
            None => removed.push(o),
        }
    }
    let mut added: Vec<&Operation> = new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)).collect();
    if removed.len() == 1 && added.len() == 1 {
        pairs.push((removed.remove(0), added.remove(0)));
    }
    (pairs, removed, added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_str, Format};

    fn spec(text: &str) -> Spec {
        read_str("t.rst", text, Format::Rst).spec
    }

    #[test]
    fn status_moves_batches_and_removals() {
        let old = spec("A ``[ONGOING]``\n---------------\nInputs:\n - Event type\n - Room ID\nOutputs:\n - None.\n\nB ``[Final]``\n-------------\nInputs:\n - Room ID\nOutputs:\n - None.\n\nGone ``[Draft]``\n----------------\nText.\n");
        let new = spec("A ``[Final]``\n-------------\nInputs:\n - Event type[s]\n - Room ID\n - Action ID (optional)\nOutputs:\n - None.\n\nB ``[Draft]``\n-------------\nInputs:\n - Room ID\n - User ID\nOutputs:\n - None.\n");
        let changes = diff(&old, &new);
        let find = |id: &str| changes.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("{id} in {changes:#?}"));
        let st = find("status/A");
        assert!(matches!(st.kind, ChangeKind::StatusChanged { direction: Direction::Forward, .. }));
        let reg = find("status/B");
        assert!(reg.regression() && reg.severity == Severity::Error && reg.rust == Verdict::Breaking);
        let batch = find("input-changed/A/A/Event type");
        assert!(matches!(batch.kind, ChangeKind::InputChanged { became_batch: true, .. }));
        assert_eq!((batch.wire, batch.rust, batch.severity), (Verdict::Compatible, Verdict::Breaking, Severity::Error));
        let opt = find("input-added/A/A/Action ID (optional)");
        assert_eq!(opt.wire, Verdict::Compatible);
        let req = find("input-added/B/B/User ID");
        assert_eq!((req.wire, req.severity), (Verdict::Breaking, Severity::Info));
        let gone = find("api-removed/Gone");
        assert_eq!(gone.wire, Verdict::Breaking);
    }

    #[test]
    fn renames_are_matched_not_removed_and_added() {
        let old = spec("Public room list API ``[Draft]``\n--------------------------------\nInputs:\n - Search text\nOutputs:\n - None.\n");
        let new =
            spec("Published room list API ``[Draft]``\n-----------------------------------\nInputs:\n - Search text\nOutputs:\n - None.\n");
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:#?}");
        assert!(matches!(&changes[0].kind, ChangeKind::ApiRenamed { from } if from == "Public room list API"));
    }
}
