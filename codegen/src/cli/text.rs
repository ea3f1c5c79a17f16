//! The plain-text view of a model, for people.

use crate::model::{Item, Spec};
use std::fmt::Write;

pub fn render(spec: &Spec) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}: {} sections, {} APIs", spec.file, spec.sections.len(), spec.apis.len());
    for api in &spec.apis {
        let _ = writeln!(s, "\n{} [{}]  (line {})", api.title, api.status, api.pos.line);
        for op in &api.operations {
            let _ = writeln!(s, "  operation: {}  (line {})", op.name, op.pos.line);
            list(&mut s, "inputs", &op.inputs);
            list(&mut s, "outputs", &op.outputs);
            for n in &op.notes {
                let _ = writeln!(s, "    {}: {} item(s)", n.label, n.items.len());
            }
            if let Some(h) = &op.http {
                let _ = writeln!(s, "    http example: {} {}", h.method, h.path);
            }
        }
    }
    s
}

fn list(s: &mut String, label: &str, items: &[Item]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "    {label}:");
    fn go(s: &mut String, items: &[Item], depth: usize) {
        for i in items {
            let mut flags = Vec::new();
            if i.optional {
                flags.push("optional");
            }
            if i.batch {
                flags.push("batch");
            }
            let flags = if flags.is_empty() { String::new() } else { format!("  [{}]", flags.join(", ")) };
            let _ = writeln!(s, "{:indent$}- {}{}", "", i.text, flags, indent = 6 + depth * 2);
            go(s, &i.items, depth + 1);
        }
    }
    go(s, items, 0);
}
