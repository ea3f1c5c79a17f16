//! Compares two specs: statuses, APIs (renames matched by title and inputs),
//! operations, inputs and outputs, and HTTP examples. Rust verdicts come
//! from the generated types of both sides (built without an overlay).

use super::examples::{self, OpPair};
use super::similar_text::{bigram_similarity, set_similarity, word_similarity};
use super::{unchanged, Change, ChangeKind, Direction, Level, Side, Verdict};
use crate::diagnostic::Diagnostics;
use crate::model::{Api, Item, Operation, Spec};
use crate::types::{self, TypeSpace};
use std::collections::BTreeMap;

/// Where an operation is written, (line, column): unique within one spec,
/// where two operations may share a name (both named after their section).
type OpAt = (u32, u32);

/// (API title, operation, side, prose) → (Rust name, Rust type).
type FieldIndex = BTreeMap<(String, OpAt, Side, String), (String, String)>;

/// (API title, operation, side) → the generated struct's fields (Rust
/// name, Rust type), in order.
type StructIndex = BTreeMap<(String, OpAt, Side), Vec<(String, String)>>;

fn index(space: Option<&TypeSpace>) -> (FieldIndex, StructIndex) {
    let (mut fields, mut structs) = (FieldIndex::new(), StructIndex::new());
    for api in space.map_or(&[][..], |s| &s.apis) {
        for e in &api.endpoints {
            for (side, st) in [(Side::Input, &e.request), (Side::Output, &e.response)] {
                let key = (api.title.clone(), (e.pos.line, e.pos.col), side);
                let sig: Vec<(String, String)> = st.fields.iter().map(|f| (f.rust.clone(), f.ty.rust())).collect();
                for (f, (rust, ty)) in st.fields.iter().zip(&sig) {
                    fields.insert((key.0.clone(), key.1, side, f.prose.clone()), (rust.clone(), ty.clone()));
                }
                structs.insert(key, sig);
            }
        }
    }
    (fields, structs)
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
    structs: StructIndex,
}

impl<'a> Typed<'a> {
    pub fn new(spec: &'a Spec) -> Self {
        let (fields, structs) = index(types_of(spec).as_ref());
        Typed { spec, fields, structs }
    }

    fn field(&self, api: &Api, op: &Operation, side: Side, text: &str) -> Option<&(String, String)> {
        self.fields.get(&(api.title.clone(), (op.pos.line, op.pos.col), side, text.to_string()))
    }

    fn generated(&self, api: &Api, op: &Operation, side: Side) -> Option<&Vec<(String, String)>> {
        self.structs.get(&(api.title.clone(), (op.pos.line, op.pos.col), side))
    }
}

pub fn diff_typed(old: &Typed, new: &Typed) -> Vec<Change> {
    let mut d = Differ { old, new, out: Vec::new() };
    d.run();
    d.out
}

struct Differ<'a, 'b> {
    old: &'b Typed<'a>,
    new: &'b Typed<'a>,
    out: Vec<Change>,
}

fn both(b: bool) -> (Verdict, Verdict) {
    (Verdict::from_breaking(b), Verdict::from_breaking(b))
}

/// The item's text without its batch marker.
fn unbatched(text: &str) -> String {
    text.replace("[s]", "").replace("[es]", "")
}

impl Differ<'_, '_> {
    fn run(&mut self) {
        let (pairs, removed, added) = match_apis(&self.old.spec.apis, &self.new.spec.apis);
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
            self.push(o, ChangeKind::ApiRemoved, both(true), None, format!("\"{}\" ({}) removed", o.title, o.status.marker()));
        }
        for n in added {
            self.push(n, ChangeKind::ApiAdded, both(false), None, format!("\"{}\" ({}) added", n.title, n.status.marker()));
        }
    }

    /// Records a change; its level follows the API's status and the
    /// verdicts unless `level` is given.
    fn push(&mut self, api: &Api, kind: ChangeKind, (wire, rust): (Verdict, Verdict), level: Option<Level>, summary: String) {
        let id = kind.id(&api.title);
        let severity = level.unwrap_or_else(|| Level::of(api.status, wire == Verdict::Breaking || rust == Verdict::Breaking));
        self.out.push(Change { id, api: api.title.clone(), status: api.status, kind, wire, rust, severity, summary });
    }

    fn api(&mut self, o: &Api, n: &Api) {
        if o.status != n.status {
            let direction = Direction::of(o.status, n.status);
            let level = match direction {
                Direction::Forward => Level::Info,
                Direction::Backward => Level::Warning,
                Direction::Regression => Level::Error,
            };
            // Types are compiled in for fewer builds when the status falls
            // (see `Status::feature`): the derived order is that reach.
            let rust = Verdict::from_breaking(n.status < o.status);
            let summary = format!("\"{}\": {} → {} ({})", n.title, o.status.marker(), n.status.marker(), direction.as_str());
            self.push(
                n,
                ChangeKind::StatusChanged { from: o.status, to: n.status, direction },
                (Verdict::Compatible, rust),
                Some(level),
                summary,
            );
        }
        let (pairs, removed, added) = match_ops(&o.operations, &n.operations);
        for (oo, no) in pairs {
            let pair = OpPair { old_api: o, new_api: n, old: oo, new: no };
            for side in Side::BOTH {
                self.items(pair, side);
            }
            for (kind, verdicts, summary) in examples::changes(pair, |side| self.example_rust(pair, side)) {
                self.push(n, kind, verdicts, None, summary);
            }
        }
        for op in removed {
            self.removed_operation(o, n, op);
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

    /// A removed operation, unless the API says it is unchanged (see
    /// `unchanged`): then the wire is untouched and only the generated
    /// types, which followed the listed items, go away.
    fn removed_operation(&mut self, o: &Api, n: &Api, op: &Operation) {
        let operation = op.name.clone();
        match unchanged::evidence(n) {
            Some(evidence) if n.operations.is_empty() => {
                let rust = Verdict::from_breaking(self.old.generated(o, op, Side::Input).is_some());
                let summary = format!(
                    "\"{}\": operation \"{operation}\" no longer described, not removed: the API says \"{evidence}\" (rule: {})",
                    n.title,
                    unchanged::RULE
                );
                self.push(
                    n,
                    ChangeKind::OperationUndescribed { operation, evidence },
                    (Verdict::Compatible, rust),
                    Some(Level::Warning),
                    summary,
                );
            }
            _ => {
                let summary = format!("\"{}\": operation \"{operation}\" removed", n.title);
                self.push(n, ChangeKind::OperationRemoved { operation }, both(true), None, summary);
            }
        }
    }

    /// Rust verdict of an example-only change on `side`: breaking when the
    /// generated struct of that side differs.
    fn example_rust(&self, p: OpPair, side: Side) -> Verdict {
        Verdict::from_breaking(self.old.generated(p.old_api, p.old, side) != self.new.generated(p.new_api, p.new, side))
    }

    /// The inputs or outputs of one operation pair.
    fn items(&mut self, p: OpPair, side: Side) {
        let (old_items, new_items) = (side.items(p.old), side.items(p.new));
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
        let (title, operation, what) = (&p.new_api.title, p.new.name.clone(), side.word());
        for (r, a) in changed {
            let became_batch = !r.batch && a.batch && unbatched(&a.text) == unbatched(&r.text);
            let (of, nf) = (self.old.field(p.old_api, p.old, side, &r.text), self.new.field(p.new_api, p.new, side, &a.text));
            let rust = Verdict::from_breaking(of != nf);
            // A batch still accepts one value; otherwise the wire changes
            // when the field's name or type does.
            let wire = Verdict::from_breaking(!became_batch && of != nf);
            let summary = if became_batch {
                format!("\"{title}\": {what} \"{}\" became a batch (\"{}\")", r.text, a.text)
            } else {
                format!("\"{title}\": {what} \"{}\" changed to \"{}\"", r.text, a.text)
            };
            let kind =
                ChangeKind::ItemChanged { side, operation: operation.clone(), from: r.text.clone(), to: a.text.clone(), became_batch };
            self.push(p.new_api, kind, (wire, rust), None, summary);
        }
        for r in removed {
            let wire = Verdict::from_breaking(side.removal_breaks_wire());
            let rust = Verdict::from_breaking(self.old.field(p.old_api, p.old, side, &r.text).is_some());
            let kind = ChangeKind::ItemRemoved { side, operation: operation.clone(), text: r.text.clone() };
            self.push(p.new_api, kind, (wire, rust), None, format!("\"{title}\": {what} \"{}\" removed", r.text));
        }
        for a in added {
            let wire = Verdict::from_breaking(side.addition_breaks_wire(a.optional));
            let rust = Verdict::from_breaking(self.new.field(p.new_api, p.new, side, &a.text).is_some());
            let kind = ChangeKind::ItemAdded { side, operation: operation.clone(), text: a.text.clone() };
            self.push(p.new_api, kind, (wire, rust), None, format!("\"{title}\": {what} \"{}\" added", a.text));
        }
    }
}

type Matched<'a, T> = (Vec<(&'a T, &'a T)>, Vec<&'a T>, Vec<&'a T>);

/// APIs by title; the rest paired as renames when similar enough (title
/// words and characters, inputs, same place), best pairs first.
pub fn match_apis<'a>(old: &'a [Api], new: &'a [Api]) -> Matched<'a, Api> {
    let mut pairs = Vec::new();
    let mut removed: Vec<&Api> = Vec::new();
    // Two sections of one title pair in order: the k-th with the k-th.
    let mut used = vec![false; new.len()];
    for o in old {
        match new.iter().enumerate().find(|(j, n)| !used[*j] && n.title == o.title) {
            Some((j, n)) => {
                used[j] = true;
                pairs.push((o, n));
            }
            None => removed.push(o),
        }
    }
    let mut added: Vec<&Api> = new.iter().enumerate().filter(|(j, _)| !used[*j]).map(|(_, n)| n).collect();
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

/// Operations by a stable identity: their name, the k-th of a name with the
/// k-th (two operations named after their section keep their order); then
/// the route their examples give; then their inputs, when alike enough; a
/// single leftover on each side is the same operation renamed.
fn match_ops<'a>(old: &'a [Operation], new: &'a [Operation]) -> Matched<'a, Operation> {
    let mut pairs = Vec::new();
    let mut used = vec![false; new.len()];
    let mut removed: Vec<&Operation> = Vec::new();
    for o in old {
        match new.iter().enumerate().find(|(j, n)| !used[*j] && n.name == o.name) {
            Some((j, n)) => {
                used[j] = true;
                pairs.push((o, n));
            }
            None => removed.push(o),
        }
    }
    let route = |op: &Operation| op.http.as_ref().map(|x| (x.method, x.path.clone()));
    removed.retain(|o| {
        let Some(r) = route(o) else { return true };
        match new.iter().enumerate().find(|(j, n)| !used[*j] && route(n).as_ref() == Some(&r)) {
            Some((j, n)) => {
                used[j] = true;
                pairs.push((o, n));
                false
            }
            None => true,
        }
    });
    let texts = |op: &Operation| op.inputs.iter().chain(&op.outputs).map(|i| i.text.clone()).collect::<Vec<_>>();
    removed.retain(|o| {
        let best = new
            .iter()
            .enumerate()
            .filter(|(j, _)| !used[*j])
            .filter_map(|(j, n)| set_similarity(&texts(o), &texts(n)).map(|s| (j, n, s)))
            .filter(|(_, _, s)| *s >= 0.6)
            .max_by(|a, b| a.2.total_cmp(&b.2));
        match best {
            Some((j, n, _)) => {
                used[j] = true;
                pairs.push((o, n));
                false
            }
            None => true,
        }
    });
    let mut added: Vec<&Operation> = new.iter().enumerate().filter(|(j, _)| !used[*j]).map(|(_, n)| n).collect();
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
        assert!(reg.regression() && reg.severity == Level::Error && reg.rust == Verdict::Breaking);
        let batch = find("input-changed/A/A/Event type");
        assert!(matches!(batch.kind, ChangeKind::ItemChanged { side: Side::Input, became_batch: true, .. }));
        assert_eq!((batch.wire, batch.rust, batch.severity), (Verdict::Compatible, Verdict::Breaking, Level::Error));
        let opt = find("input-added/A/A/Action ID (optional)");
        assert_eq!(opt.wire, Verdict::Compatible);
        let req = find("input-added/B/B/User ID");
        assert_eq!((req.wire, req.severity), (Verdict::Breaking, Level::Info));
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

    #[test]
    fn an_api_said_unchanged_keeps_its_operation() {
        let old = spec("Typing API ``[ONGOING]``\n------------------------\nInputs:\n - Room ID\nOutputs:\n - None.\n");
        let said = spec("Typing API ``[Final]``\n----------------------\nThis API is unchanged since version 1.\n");
        let silent = spec("Typing API ``[Final]``\n----------------------\nTyping notifications.\n");
        let undescribed = diff(&old, &said);
        let c = undescribed.iter().find(|c| c.id == "operation-undescribed/Typing API/Typing API").expect("undescribed");
        assert_eq!((c.wire, c.severity), (Verdict::Compatible, Level::Warning));
        assert!(c.summary.contains("unchanged since version 1") && c.summary.contains("rule:"), "{}", c.summary);
        assert!(!undescribed.iter().any(|c| matches!(c.kind, ChangeKind::OperationRemoved { .. })));
        let removed = diff(&old, &silent);
        let c = removed.iter().find(|c| c.id == "operation-removed/Typing API/Typing API").expect("removed");
        assert_eq!((c.wire, c.severity), (Verdict::Breaking, Level::Error));
    }
}
