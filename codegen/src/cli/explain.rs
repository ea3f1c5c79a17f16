//! `specgen explain`: per field, the prose it came from, the rule that
//! fired, and the Rust name and type it became; per endpoint, what a mock
//! does with it (its [`crate::plan`]) and why.

use super::generate::{report_spec_error, SpecArgs};
use crate::bindings::Bindings;
use crate::diagnostic::Diagnostics;
use crate::load::Loaded;
use crate::model::Spec;
use crate::plan::{self, Plan};
use crate::source::FileId;
use crate::types::{ApiTypes, Endpoint, Field, RouteSource, TypeSpace};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec (default: the built-in spec, with its overlay).
    pub file: Option<PathBuf>,
    /// The bindings overlay (default: spec/bindings.toml with the built-in
    /// spec, none with FILE).
    #[arg(long)]
    pub bindings: Option<PathBuf>,
    /// Read no overlay: every method and path derived from the prose.
    #[arg(long, conflicts_with = "bindings")]
    pub no_bindings: bool,
    /// Explain one API only: its title without the status marker, in any
    /// letter case. Only its warnings are shown.
    #[arg(long, value_name = "TITLE")]
    pub api: Option<String>,
}

pub fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let input = SpecArgs { spec: args.file.clone(), bindings: args.bindings.clone(), no_bindings: args.no_bindings };
    let g = match input.config().load() {
        Ok(g) => g,
        Err(e) => return Ok(report_spec_error(e)),
    };
    let plans = match plan::plans(&g.space, g.bindings.as_ref()) {
        Ok(p) => p,
        Err(d) => {
            let mut diags = g.read.diagnostics.clone();
            diags.push(d);
            super::emit(&diags, &g.read.sources);
            return Ok(ExitCode::from(1));
        }
    };
    let Some(query) = &args.api else {
        super::emit(&g.read.diagnostics, &g.read.sources);
        out.write_all(profile_note(&g).as_bytes())?;
        out.write_all(render(&g.space, &plans, None, g.bindings.is_some()).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    };
    let Some(api) = g.space.apis.iter().find(|a| a.title.eq_ignore_ascii_case(query.trim())) else {
        let titles: Vec<&str> = g.space.apis.iter().map(|a| a.title.as_str()).collect();
        eprintln!("error: no API titled {query:?} in {}", g.read.spec.file);
        let near = near_titles(query, &titles);
        if !near.is_empty() {
            eprintln!("  = help: did you mean {}?", near.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", "));
        }
        return Ok(ExitCode::from(1));
    };
    super::emit(&diagnostics_of(&g, api), &g.read.sources);
    out.write_all(profile_note(&g).as_bytes())?;
    out.write_all(render(&g.space, &plans, Some(&api.title), g.bindings.is_some()).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The diagnostics about `api`: those inside its section of the spec
/// (subsections included) and inside the overlay entries that name it.
fn diagnostics_of(g: &Loaded, api: &ApiTypes) -> Diagnostics {
    let spec_lines = section_lines(&g.read.spec, api);
    let overlay = g.bindings.as_ref().map(|b| overlay_lines(b, &api.title));
    let spec_file = g.read.file;
    let mut out = Diagnostics::default();
    for d in &g.read.diagnostics.items {
        let line = d.pos.line;
        let about = if d.pos.file == spec_file {
            spec_lines.contains(&line)
        } else {
            overlay.as_ref().is_some_and(|(file, ranges)| d.pos.file == *file && ranges.iter().any(|r| r.contains(&line)))
        };
        if about {
            out.push(d.clone());
        }
    }
    out
}

/// The lines of `api`'s section: from its title to the next title of the
/// same or an outer level, or of a marked subsection.
fn section_lines(spec: &Spec, api: &ApiTypes) -> Range<u32> {
    let Some(i) = spec.sections.iter().position(|s| s.pos.line == api.pos.line) else { return api.pos.line..api.pos.line + 1 };
    let level = spec.sections[i].level;
    // A marked subsection is an API of its own: its lines are not ours.
    let end = spec.sections[i + 1..].iter().find(|s| s.level <= level || s.status.is_some()).map_or(u32::MAX, |s| s.pos.line);
    api.pos.line..end
}

/// The overlay file and the line ranges of its `[[endpoint]]` and `[[skip]]`
/// entries that name `title` (each runs to the next entry).
fn overlay_lines(b: &Bindings, title: &str) -> (FileId, Vec<Range<u32>>) {
    let mut starts: Vec<(u32, bool)> = b.endpoints.iter().map(|e| (e.pos.line, e.api.value.eq_ignore_ascii_case(title))).collect();
    starts.extend(b.skips.iter().map(|s| (s.api.pos.line, s.api.value.eq_ignore_ascii_case(title))));
    starts.sort();
    let ends = starts.iter().skip(1).map(|(l, _)| *l).chain([u32::MAX]);
    let ranges = starts.iter().zip(ends).filter(|((_, ours), _)| *ours).map(|((start, _), end)| *start..end).collect();
    let file = b.endpoints.first().map(|e| e.pos.file).or_else(|| b.skips.first().map(|s| s.api.pos.file)).unwrap_or_default();
    (file, ranges)
}

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1 && !w.eq_ignore_ascii_case("api")).map(str::to_lowercase).collect()
}

/// Titles sharing at least half of the query's words (a word matches one
/// it begins or that begins it: "kick" and "kicking"), best first.
fn near_titles<'a>(query: &str, titles: &[&'a str]) -> Vec<&'a str> {
    let q = words(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &str)> = titles
        .iter()
        .map(|t| {
            let tw = words(t);
            let common = q.iter().filter(|w| tw.iter().any(|x| x.starts_with(w.as_str()) || w.starts_with(x.as_str()))).count();
            (common, *t)
        })
        .filter(|(common, _)| 2 * common >= q.len() && *common > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(5).map(|(_, t)| t).collect()
}

fn fields(s: &mut String, title: &str, fields: &[Field]) {
    let _ = writeln!(s, "    {title}:");
    if fields.is_empty() {
        let _ = writeln!(s, "      (no fields)");
    }
    for f in fields {
        let prose = if f.prose.is_empty() { "(no prose: overlay field)".to_string() } else { format!("{:?}", f.prose) };
        let place = if f.from_overlay { "bindings line" } else { "spec line" };
        let _ = writeln!(s, "      {prose}  ({place} {})", f.pos.line);
        let wire = if f.wire != f.rust { format!(", wire name `{}`", f.wire) } else { String::new() };
        let _ = writeln!(s, "        rule: {}; name: {}", f.rule.describe(), f.naming.describe());
        let _ = writeln!(s, "        -> {}: {} in the {}{wire}", f.rust, f.ty.rust(), f.location.as_str());
        if let Some(p) = &f.presence {
            let _ = writeln!(s, "        {}", p.describe());
        }
        if !f.constraints.is_empty() {
            let _ = writeln!(s, "        values: {}", f.constraints.describe());
        }
    }
}

/// When the overlay binds a domain profile, the mock serves the spec with
/// that profile's rules, not with the inferred plans shown below: say so
/// first.
fn profile_note(g: &Loaded) -> String {
    let Some(p) = g.bindings.as_ref().and_then(|b| b.profile.as_ref()) else { return String::new() };
    format!(
        "mock-server serves this spec with its `{}` profile (bound in the overlay, line {}); the effects below are what its engine infers without one.\n\n",
        p.value, p.pos.line
    )
}

/// What a mock does with endpoint `e` of API `api`, and why; `all` is
/// every endpoint with its plan.
fn plan_lines(s: &mut String, space: &TypeSpace, api: usize, (e, p): (&Endpoint, &Plan), all: &[(&Endpoint, &Plan)]) {
    let _ = writeln!(s, "    effect: {} ({})", p.effect.as_str(), p.effect_rule.describe(e));
    let ids = p.id_type.as_ref().map_or(String::new(), |t| format!(", ids {t}"));
    let _ = writeln!(s, "    resource: {}{ids} ({})", p.resource, p.resource_rule.describe());
    let mut picks: Vec<String> = p.item.iter().map(|w| format!("the {} by `{w}`", p.resource)).collect();
    if p.callers_own {
        picks.push(format!(
            "the caller's own {} (the one their account owns; the path ends in `{}`)",
            p.resource,
            e.path.segments().last().map_or(String::new(), |s| match s {
                crate::types::path::Segment::Literal(l) => l.clone(),
                _ => String::new(),
            })
        ));
    }
    picks.extend(p.parents.iter().map(|(w, t)| format!("parent {t} by `{w}`")));
    if !picks.is_empty() {
        let _ = writeln!(s, "    picks: {}", picks.join("; "));
    }
    // The user input names an account only where one is made or used.
    let account = matches!(p.effect, plan::Effect::Register | plan::Effect::Login);
    let batch = p.batch.as_ref().map(|w| (format!("batch (one {} per value)", p.resource), w));
    let control: Vec<String> = [
        ("limit", &p.limit),
        ("cursor", &p.cursor),
        ("request ID (a retry gets the first answer)", &p.request_id),
        ("since", &p.since),
        ("timeout", &p.timeout),
        ("user", if account { &p.user } else { &None }),
        ("password", &p.password),
    ]
    .into_iter()
    .filter_map(|(what, w)| w.as_ref().map(|w| (what.to_string(), w)))
    .chain(batch)
    .map(|(what, w)| match what.as_str() {
        "timeout" => format!("{what} `{w}` (in {})", p.timeout_unit.as_str()),
        _ => format!("{what} `{w}`"),
    })
    .collect();
    if !control.is_empty() {
        let _ = writeln!(s, "    control inputs: {}", control.join(", "));
    }
    if let Some(m) = &p.moves {
        let why = match (&m.set_by, p.effect) {
            (Some(by), _) => by.as_str(),
            (None, plan::Effect::Delete) => "a soft delete: the record stays, in this status",
            (None, _) => "the value the verb names",
        };
        let _ = writeln!(s, "    moves: `{}` to `{}` ({why})", m.wire, m.value);
    }
    if let Some(m) = &p.starts {
        let by = m.set_by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
        let _ = writeln!(s, "    starts: `{}` is `{}` in a new {}{by}", m.wire, m.value, p.resource);
    }
    if let Some(u) = &p.unlisted {
        if let Some(f) = &u.filter {
            let _ = writeln!(s, "    filters: `{f}` keeps the {} records whose {} it names", p.resource, u.attribute);
        }
        if !u.values.is_empty() {
            let unless = u.filter.as_ref().map(|f| format!(" unless `{f}` asks for it")).unwrap_or_default();
            let _ = writeln!(
                s,
                "    leaves out: {} records whose {} is {}{unless} (\"{}\")",
                p.resource,
                u.attribute,
                or_list(&u.values),
                u.says
            );
        }
    }
    if p.from_now {
        let since = p.since.as_deref().unwrap_or_default();
        let _ = writeln!(s, "    from now: without `{since}` the feed answers only changes made after the request (the prose says so)");
    }
    for f in &p.filters {
        let _ = writeln!(s, "    filters: `{}` keeps the {} records whose {} {}", f.wire, p.resource, f.attribute, f.compare.describe());
    }
    if let Some(g) = &p.gone {
        let _ = writeln!(
            s,
            "    gone: a {} whose {} is {} answers 404 (a soft delete; the prose does not say it can still be read)",
            p.resource,
            g.attribute,
            or_list(&g.values)
        );
    }
    for l in &p.locks {
        let whose = if l.parent.is_some() { format!("its {}", l.resource) } else { format!("the {}", l.resource) };
        let code = l.code.as_ref().map(|c| format!(" {c}")).unwrap_or_default();
        let _ = writeln!(
            s,
            "    locked: refused ({}{code}) while {whose}'s {} is {} (\"{}\")",
            l.status,
            l.attribute,
            or_list(&l.values),
            l.says
        );
    }
    for u in &p.unique {
        let scope = u.scope.iter().map(|w| format!(" with the same `{w}`")).collect::<String>();
        let _ = writeln!(
            s,
            "    unique: `{}` among {} records under the same parents{scope} ({} when taken: \"{}\")",
            u.wire, p.resource, u.status, u.says
        );
    }
    let state: Vec<String> = plan::state_fields(space, api, e, p, all).iter().map(|w| format!("`{w}`")).collect();
    let _ = match state.is_empty() {
        true => writeln!(s, "    answer from state: none (every field is its type's example)"),
        false => writeln!(s, "    answer from state: {} ({})", state.join(", "), p.effect.state_source()),
    };
}

/// "a, b or c".
fn or_list(values: &[String]) -> String {
    match values {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [rest @ .., last] => format!("{} or `{last}`", rest.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// The explanation of every API, or of the one titled `only`; `plans` is
/// every endpoint's plan (`[api][endpoint]`). `overlay`: whether an overlay
/// was read (an unbound endpoint says which case it is).
pub fn render(space: &TypeSpace, plans: &[Vec<Plan>], only: Option<&str>, overlay: bool) -> String {
    let mut s = String::new();
    let why = if overlay { "the overlay does not bind it" } else { "no overlay read" };
    let all: Vec<(&Endpoint, &Plan)> = space.apis.iter().zip(plans).flat_map(|(a, p)| a.endpoints.iter().zip(p)).collect();
    if only.is_none() {
        let _ = writeln!(s, "{}\n", space.errors.describe());
    }
    for (a, api) in space.apis.iter().enumerate().filter(|(_, a)| only.is_none_or(|t| t == a.title)) {
        let _ = writeln!(s, "{} [{}] -> module `{}`", api.title, api.status, api.module);
        for (e, p) in api.endpoints.iter().zip(&plans[a]) {
            let how = match e.route {
                RouteSource::Derived { .. } => format!("{}: {why}", e.route.describe()),
                _ => e.route.describe(),
            };
            let answers = if e.success == 200 { String::new() } else { format!(", answers {} on success", e.success) };
            let _ = writeln!(s, "  endpoint `{}`: {} {} ({how}{answers})", e.name, e.method, e.path);
            let _ = writeln!(s, "    operation: {:?} (line {})", e.operation, e.pos.line);
            plan_lines(&mut s, space, a, (e, p), &all);
            fields(&mut s, &format!("request {}", e.request.name), &e.request.fields);
            fields(&mut s, &format!("response {}", e.response.name), &e.response.fields);
        }
        for st in api.structs.values() {
            fields(&mut s, &format!("nested struct {}", st.name), &st.fields);
        }
        for en in api.enums.values() {
            let vs: Vec<String> = en.variants.iter().map(|(r, w)| format!("{r} ({w:?})")).collect();
            let _ = writeln!(s, "    enum {}{}: {}", en.name, if en.open { " (open)" } else { "" }, vs.join(", "));
        }
        let _ = writeln!(s);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::near_titles;

    #[test]
    fn near_titles_share_words_or_their_beginnings() {
        let titles = ["Kicking a user", "Room Creation API", "Typing API", "Room Alias API"];
        assert_eq!(near_titles("kick user", &titles), ["Kicking a user"]);
        assert_eq!(near_titles("room", &titles), ["Room Alias API", "Room Creation API"]);
        assert!(near_titles("presence", &titles).is_empty());
    }
}
