//! Scores what specgen infers from a corpus draft against the truth file its
//! author wrote before anything was generated (`tests/specs/corpus/TRUTH.md`
//! describes the format). Shared by `examples/inference.rs` (what
//! `bench/inference` prints) and the corpus test.
#![allow(dead_code)]

use serde::Deserialize;
use specgen::plan::Plan;
use specgen::types::{Endpoint, Location, Ty, TypeSpace};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
pub struct Truth {
    pub persona: String,
    pub domain: String,
    pub format: String,
    pub held_out: bool,
    #[serde(default)]
    pub op: Vec<TruthOp>,
    pub errors: Option<TruthErrors>,
}

/// How the draft says its error answers look (`[errors]`, see TRUTH.md).
#[derive(Debug, Deserialize)]
pub struct TruthErrors {
    pub travel: String,
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fixed: BTreeMap<String, toml::Value>,
    pub style: String,
    #[serde(default)]
    pub codes: BTreeMap<String, String>,
    pub described: bool,
}

#[derive(Debug, Deserialize)]
pub struct TruthOp {
    pub title: String,
    pub name: Vec<String>,
    pub method: String,
    pub path: Vec<String>,
    pub effect: String,
    #[serde(default)]
    pub resource: String,
    #[serde(default)]
    pub field: Vec<TruthField>,
}

#[derive(Debug, Deserialize)]
pub struct TruthField {
    pub side: String,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub key: Vec<String>,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub optional: bool,
    #[serde(rename = "in")]
    pub location: Option<String>,
    pub min: Option<toml::Value>,
    pub max: Option<toml::Value>,
    pub default: Option<toml::Value>,
    pub max_length: Option<u64>,
}

/// The categories `bench/inference` reports.
pub const CATEGORIES: [&str; 7] = ["names", "routes", "types", "optionality", "effects", "examples", "errors"];

/// Right and total per category, and what was wrong.
#[derive(Debug, Default, Clone)]
pub struct Score {
    pub right: BTreeMap<&'static str, usize>,
    pub total: BTreeMap<&'static str, usize>,
    pub misses: Vec<(&'static str, String)>,
}

impl Score {
    fn add(&mut self, cat: &'static str, ok: bool, what: impl FnOnce() -> String) {
        *self.total.entry(cat).or_default() += 1;
        if ok {
            *self.right.entry(cat).or_default() += 1;
        } else {
            self.misses.push((cat, what()));
        }
    }

    pub fn merge(&mut self, other: &Score) {
        for (k, v) in &other.right {
            *self.right.entry(k).or_default() += v;
        }
        for (k, v) in &other.total {
            *self.total.entry(k).or_default() += v;
        }
        self.misses.extend(other.misses.iter().cloned());
    }

    pub fn ratio(&self, cat: &str) -> f64 {
        let t = self.total.get(cat).copied().unwrap_or(0);
        if t == 0 {
            return 1.0;
        }
        self.right.get(cat).copied().unwrap_or(0) as f64 / t as f64
    }

    pub fn line(&self, cat: &str) -> String {
        format!(
            "{:5.1}% ({}/{})",
            self.ratio(cat) * 100.0,
            self.right.get(cat).copied().unwrap_or(0),
            self.total.get(cat).copied().unwrap_or(0)
        )
    }
}

/// The corpus drafts and their truth files, by name.
pub fn corpus(dir: &Path) -> Vec<(PathBuf, Truth)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("corpus dir").map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".truth.toml") else { continue };
        let draft = ["md", "rst"].iter().map(|e| dir.join(format!("{stem}.{e}"))).find(|d| d.exists()).expect("a draft beside its truth");
        let truth: Truth = toml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((draft, truth));
    }
    out
}

/// One generated field, flattened: its place (`vehicles[].vin`), prose, type.
#[derive(Debug, Clone)]
struct Gen<'a> {
    side: &'static str,
    path: String,
    last: String,
    prose: String,
    ty: &'a Ty,
    location: Location,
    field: &'a specgen::types::Field,
}

fn flatten<'a>(space: &'a TypeSpace, api: usize, ep: &'a Endpoint) -> Vec<Gen<'a>> {
    let mut out = Vec::new();
    for (side, s) in [("input", &ep.request), ("output", &ep.response)] {
        walk(space, api, side, &s.fields, "", &mut out, 0);
    }
    out
}

fn walk<'a>(
    space: &'a TypeSpace,
    api: usize,
    side: &'static str,
    fields: &'a [specgen::types::Field],
    prefix: &str,
    out: &mut Vec<Gen<'a>>,
    depth: usize,
) {
    for f in fields {
        let path = format!("{prefix}{}", f.wire);
        out.push(Gen { side, path: path.clone(), last: f.wire.clone(), prose: norm(&f.prose), ty: &f.ty, location: f.location, field: f });
        if depth > 4 {
            continue;
        }
        let (inner, sep) = match f.ty.required() {
            Ty::Vec(t) | Ty::OneOrMany(t) => (t.required(), "[]."),
            t => (t, "."),
        };
        if let Ty::Named(n) = inner {
            if let Some(s) = space.apis[api].structs.get(n).or_else(|| space.shared.get(n)) {
                walk(space, api, side, &s.fields, &format!("{path}{sep}"), out, depth + 1);
            }
        }
    }
}

/// Prose compared loosely: markup and case dropped, spaces collapsed.
/// A title as compared: without inline markup and without a heading's
/// number ("5. Placing a hold" is "Placing a hold").
fn norm(s: &str) -> String {
    let s: String = specgen::model::unnumbered(s).chars().filter(|c| !matches!(c, '`' | '*')).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().trim_end_matches(':').to_string()
}

fn norm_path(p: &str) -> String {
    specgen::types::route::placeless(p).trim_end_matches('/').to_string()
}

/// Whether a generated type is what the truth's type word says.
fn type_matches(space: &TypeSpace, api: usize, truth: &str, ty: &Ty) -> bool {
    let ty = ty.required();
    let t = truth.trim();
    if let Some(inner) = t.strip_prefix("list<").and_then(|x| x.strip_suffix('>')) {
        return match ty {
            Ty::Vec(e) | Ty::OneOrMany(e) => type_matches(space, api, inner, e),
            _ => false,
        };
    }
    if let Some(values) = t.strip_prefix("enum(").and_then(|x| x.strip_suffix(')')) {
        let mut want: Vec<&str> = values.split('|').map(str::trim).collect();
        want.sort();
        let Ty::Named(n) = ty else { return false };
        let Some(e) = space.apis[api].enums.get(n).or_else(|| space.shared_enums.get(n)) else { return false };
        let mut got: Vec<&str> = e.variants.iter().map(|(_, w)| w.as_str()).collect();
        got.sort();
        return got == want;
    }
    let named_struct = |n: &str| space.apis[api].structs.contains_key(n) || space.shared.contains_key(n);
    let is_id = |n: &str| space.ids.contains_key(n);
    let is_token = |n: &str| space.tokens.iter().any(|t| t.name == n);
    let rendered = ty.to_string();
    match t {
        "string" => matches!(ty, Ty::String),
        "integer" => matches!(ty, Ty::Int(_)),
        "number" => matches!(ty, Ty::Float(_)),
        "boolean" => matches!(ty, Ty::Bool),
        "any" => matches!(ty, Ty::Json),
        "map" => matches!(ty, Ty::Map(_)),
        "object" => matches!(ty, Ty::Named(n) if named_struct(n)),
        "id" => matches!(ty, Ty::Named(n) if is_id(n)),
        "token" => matches!(ty, Ty::String) || matches!(ty, Ty::Named(n) if is_token(n) || is_id(n)),
        "decimal" => rendered.contains("Decimal"),
        "date" => rendered.contains("NaiveDate"),
        "timestamp" => rendered.contains("DateTime") || rendered.contains("Unix"),
        "timestamp(unix_s)" => rendered.contains("UnixSeconds"),
        "timestamp(unix_ms)" => rendered.contains("UnixMillis"),
        _ => false,
    }
}

/// Scores one draft: reads it, builds its types and plans, checks its
/// examples, and compares everything with its truth.
pub fn score(draft: &Path, truth: &Truth) -> Score {
    let mut score = Score::default();
    let name = draft.file_name().unwrap().to_string_lossy().to_string();
    let mut read = specgen::read_file(draft, None).expect("the draft reads");
    let Some(space) = specgen::types::build::build(&read.spec, None, &mut read.diagnostics) else {
        let errors: Vec<String> = read.diagnostics.errors().map(|d| d.one_line(&read.sources)).collect();
        score.add("names", false, || format!("{name}: no types: {}", errors.join("; ")));
        for cat in CATEGORIES {
            for op in &truth.op {
                score.add(cat, false, || format!("{name}: {}: not generated", op.title));
            }
        }
        return score;
    };
    if let Some(t) = &truth.errors {
        score_errors(&mut score, &name, &space.errors, t);
    }
    let plans = specgen::plan::plans(&space, None).unwrap_or_default();
    let fit = specgen::types::fit::check(&read.spec, &space);
    *score.total.entry("examples").or_default() += fit.checked;
    *score.right.entry("examples").or_default() += fit.fitting;
    for m in &fit.misfits {
        score.misses.push(("examples", format!("{name}:{}: {}", m.pos.line, m.message)));
    }
    let mut endpoints: Vec<(usize, &Endpoint, Option<&Plan>)> = Vec::new();
    for (a, api) in space.apis.iter().enumerate() {
        for (i, ep) in api.endpoints.iter().enumerate() {
            endpoints.push((a, ep, plans.get(a).and_then(|p| p.get(i))));
        }
    }
    let mut used = vec![false; endpoints.len()];
    for op in &truth.op {
        let title = norm(&op.title);
        let found = endpoints.iter().enumerate().find(|(i, (_, ep, _))| !used[*i] && norm(&ep.operation) == title);
        let Some((i, &(api, ep, plan))) = found else {
            let what = || format!("{name}: op {:?} not found", op.title);
            score.add("names", false, what);
            score.add("routes", false, what);
            score.add("effects", false, what);
            for f in &op.field {
                score.add("types", false, what);
                if f.ty != "auth" {
                    score.add("names", false, what);
                    score.add("optionality", false, what);
                }
            }
            continue;
        };
        used[i] = true;
        let at = format!("{name}: {}", op.title);
        score.add("names", op.name.contains(&ep.name), || format!("{at}: endpoint `{}`, want {:?}", ep.name, op.name));
        let path_ok = op.path.iter().any(|p| norm_path(p) == norm_path(ep.path.as_str()));
        score.add("routes", path_ok && ep.method.as_str() == op.method, || {
            format!("{at}: route {} {}, want {} {:?}", ep.method, ep.path, op.method, op.path)
        });
        if let Some(plan) = plan {
            score
                .add("effects", plan.effect.as_str() == op.effect, || format!("{at}: effect {}, want {}", plan.effect.as_str(), op.effect));
            if !op.resource.is_empty() {
                score.add("effects", plan.resource.replace(" ", "_") == op.resource.replace(" ", "_"), || {
                    format!("{at}: resource {:?}, want {:?}", plan.resource, op.resource)
                });
            }
        }
        let gen = flatten(&space, api, ep);
        let mut taken = vec![false; gen.len()];
        for f in &op.field {
            if f.ty == "auth" {
                score.add("types", ep.auth, || format!("{at}: auth not required"));
                continue;
            }
            let item = norm(&f.item);
            let depth = f.key.first().map_or(0, |k| k.matches('.').count());
            let pick = |pred: &dyn Fn(&Gen) -> bool| gen.iter().enumerate().position(|(j, g)| !taken[j] && g.side == f.side && pred(g));
            let found = (!item.is_empty())
                .then(|| {
                    pick(&|g| g.prose == item)
                        .or_else(|| pick(&|g| g.prose.starts_with(&item) && g.path.matches('.').count() == depth))
                        .or_else(|| pick(&|g| g.prose.starts_with(&item)))
                })
                .flatten()
                .or_else(|| pick(&|g| f.key.contains(&g.path)))
                .or_else(|| {
                    pick(&|g| f.key.iter().any(|k| k.rsplit('.').next() == Some(g.last.as_str())) && g.path.matches('.').count() == depth)
                });
            let desc = if f.item.is_empty() { f.key.first().cloned().unwrap_or_default() } else { f.item.clone() };
            let Some(j) = found else {
                let what = || format!("{at}: {} {desc:?}: no field", f.side);
                score.add("names", false, what);
                score.add("types", false, what);
                score.add("optionality", false, what);
                if f.location.is_some() {
                    score.add("routes", false, what);
                }
                continue;
            };
            taken[j] = true;
            let g = &gen[j];
            let lasts: Vec<&str> = f.key.iter().map(|k| k.rsplit('.').next().unwrap_or(k).trim_start_matches("[]")).collect();
            score.add("names", lasts.contains(&g.last.as_str()), || {
                format!("{at}: {} {desc:?}: key `{}`, want {:?}", f.side, g.path, f.key)
            });
            score.add("types", type_matches(&space, api, &f.ty, g.ty), || {
                format!("{at}: {} {desc:?}: type {}, want {}", f.side, g.ty, f.ty)
            });
            score.add("optionality", g.ty.is_option() == f.optional, || {
                format!("{at}: {} {desc:?}: optional {}, want {}", f.side, g.ty.is_option(), f.optional)
            });
            if let Some(loc) = &f.location {
                score
                    .add("routes", g.location.as_str() == loc, || format!("{at}: {desc:?} travels in {}, want {loc}", g.location.as_str()));
            }
            for (what, want) in [("min", &f.min), ("max", &f.max), ("default", &f.default)] {
                if let Some(want) = want {
                    let got = constraint(g.field, what);
                    let ok = got.as_ref().is_some_and(|v| same_number(v, want));
                    score.add("types", ok, || format!("{at}: {desc:?}: {what} {got:?}, want {want}"));
                }
            }
            if let Some(want) = f.max_length {
                let got = constraint(g.field, "max_length");
                let ok = got.as_ref().and_then(|v| v.as_u64()) == Some(want);
                score.add("types", ok, || format!("{at}: {desc:?}: max_length {got:?}, want {want}"));
            }
        }
        for (j, g) in gen.iter().enumerate() {
            if !taken[j] {
                score.add("names", false, || format!("{at}: extra {} field `{}` ({:?})", g.side, g.path, g.prose));
            }
        }
    }
    for (i, (_, ep, _)) in endpoints.iter().enumerate() {
        if !used[i] {
            score.add("names", false, || format!("{name}: extra endpoint `{}` ({:?})", ep.name, ep.operation));
        }
    }
    score
}

/// The error format against the truth's `[errors]`: where the code and
/// the message sit, how errors travel, the spelling of codes, each code
/// the draft gives by status, each scalar key every error repeats.
fn score_errors(score: &mut Score, name: &str, f: &specgen::types::errors::ErrorFormat, t: &TruthErrors) {
    let at = format!("{name}: errors");
    let w = f.written.as_ref();
    if !t.described {
        score.add("errors", w.is_none(), || format!("{at}: a body {:?}, want problem details", f.describe()));
        return;
    }
    let dotted = |p: Option<&Vec<String>>| p.map(|p| p.join(".")).unwrap_or_default();
    let code = dotted(w.and_then(|w| w.code.as_ref()));
    let message = dotted(w.and_then(|w| w.message.as_ref()));
    score.add("errors", code == t.code, || format!("{at}: code at {code:?}, want {:?}", t.code));
    score.add("errors", message == t.message, || format!("{at}: message at {message:?}, want {:?}", t.message));
    let travel = if w.is_some_and(|w| w.as_200_except.is_some()) { "200" } else { "status" };
    score.add("errors", travel == t.travel, || format!("{at}: travel {travel}, want {}", t.travel));
    if !t.code.is_empty() && matches!(t.style.as_str(), "snake" | "upper_snake") {
        let got = match w.and_then(|w| w.style) {
            Some(specgen::model::errors::CodeStyle::Snake) => "snake",
            Some(specgen::model::errors::CodeStyle::UpperSnake) => "upper_snake",
            None => "",
        };
        score.add("errors", got == t.style, || format!("{at}: style {got:?}, want {:?}", t.style));
    }
    for (status, want) in &t.codes {
        let got = status.parse::<u16>().ok().and_then(|s| w.and_then(|w| w.codes.get(&s)));
        score.add("errors", got == Some(want), || format!("{at}: code for {status} {got:?}, want {want:?}"));
    }
    for (key, want) in &t.fixed {
        let got = w.and_then(|w| w.fixed.iter().find(|(p, _)| p.join(".") == *key)).map(|(_, v)| v);
        let ok = got.is_some_and(|v| serde_json::to_value(want).is_ok_and(|w| w == *v));
        score.add("errors", ok, || format!("{at}: fixed {key} {got:?}, want {want}"));
    }
}

/// A field's bound or default as JSON, when the type model has it.
fn constraint(f: &specgen::types::Field, what: &str) -> Option<serde_json::Value> {
    let c = &f.constraints;
    match what {
        "min" => c.minimum.clone(),
        "max" => c.maximum.clone(),
        "default" => c.default.clone(),
        "max_length" => c.max_length.map(serde_json::Value::from),
        _ => None,
    }
}

fn same_number(got: &serde_json::Value, want: &toml::Value) -> bool {
    match want {
        toml::Value::Integer(i) => got.as_f64() == Some(*i as f64),
        toml::Value::Float(x) => got.as_f64() == Some(*x),
        toml::Value::String(s) => got.as_str() == Some(s.as_str()) || got.to_string().trim_matches('"') == s,
        toml::Value::Boolean(b) => got.as_bool() == Some(*b),
        other => *got.to_string() == other.to_string(),
    }
}
