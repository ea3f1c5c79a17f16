//! `specgen explain`: per field, the prose it came from, the rule that
//! fired, and the Rust name and type it became.

use super::generate::{report_error, Args as GenArgs};
use crate::types::{Field, TypeSpace};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The spec (default: the built-in spec, with its overlay).
    pub file: Option<PathBuf>,
    /// The bindings overlay.
    #[arg(long)]
    pub bindings: Option<PathBuf>,
    /// Explain one API only (its title, without the status marker).
    #[arg(long)]
    pub api: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let gen = GenArgs {
        spec: args.file.clone(),
        bindings: args.bindings.clone(),
        no_bindings: false,
        out: None,
        crate_name: None,
        timings: false,
    };
    match gen.config().generate() {
        Ok(g) => {
            super::emit(&g.read.diagnostics, &g.read.sources);
            if let Some(t) = &args.api {
                if !g.space.apis.iter().any(|a| &a.title == t) {
                    eprintln!("error: no API titled {t:?}");
                    return Ok(ExitCode::from(1));
                }
            }
            print!("{}", render(&g.space, args.api.as_deref()));
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(report_error(&e)),
    }
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
    }
}

pub fn render(space: &TypeSpace, only: Option<&str>) -> String {
    let mut s = String::new();
    for api in space.apis.iter().filter(|a| only.is_none_or(|t| t == a.title)) {
        let _ = writeln!(s, "{} [{}] -> module `{}`", api.title, api.status, api.module);
        for e in &api.endpoints {
            let how = e.route.describe();
            let _ = writeln!(s, "  endpoint `{}`: {} {} ({how})", e.name, e.method, e.path);
            let _ = writeln!(s, "    operation: {:?} (line {})", e.operation, e.pos.line);
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
