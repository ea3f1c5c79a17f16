//! The bindings overlay (`spec/bindings.toml`): how the prose maps onto the
//! wire where prose is not enough. Per endpoint: the section and operation it
//! binds, HTTP method and path, where each input travels, name and type
//! overrides, and fields the prose does not list.
//!
//! Every entry keeps its position in the overlay file, so an entry naming a
//! section, operation or input that does not exist is reported there.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Status;
use crate::source::{FileId, Pos, SourceMap};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A value and where the overlay wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bindings {
    /// Prepended to every path (`/_matrix/client/v2`).
    pub prefix: String,
    pub endpoints: Vec<EndpointBinding>,
    /// Prose operations deliberately left without an endpoint.
    pub skips: Vec<Skip>,
    /// Identifier newtypes the spec's domain has (`[ids.RoomId]`), by name.
    pub ids: Vec<IdBinding>,
    /// Types declared once and named by fields (`[types.Event]`).
    pub types: Vec<TypeBinding>,
    /// The domain profile the spec was written with (`profile = "matrix"`):
    /// a mock server that has a profile of that name serves the spec with
    /// its rules (and refuses a spec that is not the one it was written
    /// for); other tools ignore it.
    pub profile: Option<Located<String>>,
    /// How error answers look (`[errors]`), over what the prose says.
    pub errors: Option<ErrorsBinding>,
    /// Status rules set for one endpoint over what the prose gives
    /// (`[[lifecycle]]`).
    pub lifecycles: Vec<LifecycleBinding>,
}

/// `[[lifecycle]]`: the status rules of one endpoint (by its name, as
/// `specgen explain` shows it), each key over the inferred rule; a key
/// left out keeps it. Values are the wire values of the resource's status
/// enum; checked by [`crate::plan::plans`].
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleBinding {
    pub pos: Pos,
    pub endpoint: Located<String>,
    /// The status an action or soft delete sets; `""`: none.
    pub moves: Option<Located<String>>,
    /// The status a create starts its record in; `""`: none.
    pub starts: Option<Located<String>>,
    /// The statuses of its record in which the endpoint refuses (409);
    /// `[]`: none.
    pub locked_in: Option<Located<Vec<String>>>,
    /// The statuses a list leaves out unless its filter asks; `[]`: none.
    pub hidden: Option<Located<Vec<String>>>,
}

/// `[errors]`: the error body's keys (dotted for a nested key), a pattern
/// its codes match, and codes by error kind (`not_found`) or by status
/// (`"404"`).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorsBinding {
    pub pos: Pos,
    pub code: Option<String>,
    pub message: Option<String>,
    pub pattern: Option<String>,
    pub codes: Vec<(Located<String>, String)>,
    /// Statuses by error kind where the spec's differ from the usual
    /// (Matrix answers a wrong password 403).
    pub statuses: Vec<(Located<String>, u16)>,
}

/// `[ids.NAME]`: an identifier newtype, its example and the phrases that
/// name it besides "X ID".
#[derive(Debug, Clone, PartialEq)]
pub struct IdBinding {
    pub name: Located<String>,
    pub doc: String,
    pub example: Option<String>,
    /// Lower-case phrases of the prose that name it ("room alias").
    pub words: Vec<String>,
}

/// `[types.NAME]`: a struct shared by every module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeBinding {
    pub name: Located<String>,
    pub doc: String,
    /// Nouns of the prose that name it ("event": "State events", "Invite
    /// event").
    pub words: Vec<String>,
    pub fields: Vec<FieldBinding>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointBinding {
    pub pos: Pos,
    /// The section title (an API, or a structural section with `status`).
    pub api: Located<String>,
    /// The prose operation; `None` when the section has one (or none).
    pub operation: Option<Located<String>>,
    pub name: Located<String>,
    pub method: Located<String>,
    pub path: Located<String>,
    /// Take fields from the prose Inputs/Outputs (default true).
    pub prose: bool,
    /// For sections without a status marker ("unchanged from v1" APIs).
    pub status: Option<Located<Status>>,
    /// Whether the endpoint needs an access token (default true).
    pub auth: bool,
    /// For the mock: what the endpoint does (`create`, `read`, `update`,
    /// `delete`, `list`, `feed`, `register`, `login`, `action`), where its
    /// prose does not tell. Checked by [`crate::plan::plans`] (the mock and
    /// `specgen explain`).
    pub effect: Option<Located<String>>,
    /// For the mock: the resource noun the endpoint acts on.
    pub resource: Option<Located<String>>,
    pub inputs: Vec<(Located<String>, InputBinding)>,
    pub outputs: Vec<(Located<String>, InputBinding)>,
    pub fields: Vec<FieldBinding>,
    pub response: Vec<FieldBinding>,
}

/// Overrides for one prose input or output.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputBinding {
    /// Wire name.
    pub name: Option<String>,
    /// Rust name (default: the wire name made snake_case).
    pub rust: Option<String>,
    pub ty: Option<Located<String>>,
    pub location: Option<Located<String>>,
    /// The wire values of the item's choices, in the prose's order, when
    /// the binding spells them otherwise (`do_not_disturb` for "do not
    /// disturb").
    pub values: Option<Located<Vec<String>>>,
    /// A regular expression the text must match.
    pub pattern: Option<Located<String>>,
    /// The fewest characters (or items) it may have.
    pub min_length: Option<u64>,
    /// Leave the item out of the struct.
    pub skip: bool,
}

/// A field the prose does not list.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldBinding {
    pub pos: Pos,
    pub name: String,
    pub rust: Option<String>,
    pub ty: Located<String>,
    pub location: Option<Located<String>>,
    pub doc: String,
    /// A regular expression the text must match.
    pub pattern: Option<Located<String>>,
    /// The fewest characters (or items) it may have.
    pub min_length: Option<u64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    pub api: Located<String>,
    pub operation: Located<String>,
    pub reason: String,
}

// The file as serde reads it.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    profile: Option<Spanned<String>>,
    #[serde(default)]
    endpoint: Vec<Spanned<RawEndpoint>>,
    #[serde(default)]
    skip: Vec<RawSkip>,
    #[serde(default)]
    ids: BTreeMap<Spanned<String>, RawId>,
    #[serde(default)]
    types: BTreeMap<Spanned<String>, RawType>,
    errors: Option<Spanned<RawErrors>>,
    #[serde(default)]
    lifecycle: Vec<Spanned<RawLifecycle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLifecycle {
    endpoint: Spanned<String>,
    moves: Option<Spanned<String>>,
    starts: Option<Spanned<String>>,
    locked_in: Option<Spanned<Vec<String>>>,
    hidden: Option<Spanned<Vec<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawErrors {
    code: Option<String>,
    message: Option<String>,
    pattern: Option<String>,
    #[serde(default)]
    codes: BTreeMap<Spanned<String>, String>,
    #[serde(default)]
    statuses: BTreeMap<Spanned<String>, u16>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawId {
    #[serde(default)]
    doc: String,
    example: Option<String>,
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawType {
    #[serde(default)]
    doc: String,
    #[serde(default)]
    words: Vec<String>,
    fields: Vec<Spanned<RawField>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoint {
    api: Spanned<String>,
    operation: Option<Spanned<String>>,
    name: Spanned<String>,
    method: Spanned<String>,
    path: Spanned<String>,
    #[serde(default = "yes")]
    prose: bool,
    status: Option<Spanned<String>>,
    #[serde(default = "yes")]
    auth: bool,
    effect: Option<Spanned<String>>,
    resource: Option<Spanned<String>>,
    #[serde(default)]
    inputs: BTreeMap<Spanned<String>, RawInput>,
    #[serde(default)]
    outputs: BTreeMap<Spanned<String>, RawInput>,
    #[serde(default)]
    fields: Vec<Spanned<RawField>>,
    #[serde(default)]
    response: Vec<Spanned<RawField>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawInput {
    name: Option<String>,
    rust: Option<String>,
    #[serde(rename = "type")]
    ty: Option<Spanned<String>>,
    #[serde(rename = "in")]
    location: Option<Spanned<String>>,
    values: Option<Spanned<Vec<String>>>,
    pattern: Option<Spanned<String>>,
    min_length: Option<u64>,
    #[serde(default)]
    skip: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    name: String,
    rust: Option<String>,
    #[serde(rename = "type")]
    ty: Spanned<String>,
    #[serde(rename = "in")]
    location: Option<Spanned<String>>,
    #[serde(default)]
    doc: String,
    pattern: Option<Spanned<String>>,
    min_length: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSkip {
    api: Spanned<String>,
    operation: Spanned<String>,
    reason: String,
}

/// Parses an overlay already loaded into `sources`. Syntax and shape errors
/// become diagnostics at their place; `None` then.
pub fn parse(sources: &SourceMap, file: FileId, diags: &mut Diagnostics) -> Option<Bindings> {
    let src = sources.get(file);
    let raw: RawFile = match toml::from_str(&src.text) {
        Ok(r) => r,
        Err(e) => {
            let at = e.span().map_or(0, |s| s.start);
            diags.push(
                Diagnostic::error(src.pos_at(file, at), format!("bindings overlay: {}", e.message()))
                    .with_help("see the README section on spec/bindings.toml"),
            );
            return None;
        }
    };
    let loc = |s: &Spanned<String>| Located { value: s.get_ref().clone(), pos: src.pos_at(file, s.span().start) };
    let field = |f: Spanned<RawField>| {
        let pos = src.pos_at(file, f.span().start);
        let f = f.into_inner();
        let pattern = f.pattern.as_ref().map(loc);
        let (name, rust, doc, min_length) = (f.name, f.rust, f.doc, f.min_length);
        FieldBinding { pos, ty: loc(&f.ty), location: f.location.as_ref().map(loc), name, rust, doc, pattern, min_length }
    };
    let lower = |w: Vec<String>| w.into_iter().map(|w| w.to_ascii_lowercase()).collect();
    let ids =
        raw.ids.into_iter().map(|(k, v)| IdBinding { name: loc(&k), doc: v.doc, example: v.example, words: lower(v.words) }).collect();
    let types = raw
        .types
        .into_iter()
        .map(|(k, v)| TypeBinding { name: loc(&k), doc: v.doc, words: lower(v.words), fields: v.fields.into_iter().map(field).collect() })
        .collect();
    let profile = raw.profile.as_ref().map(loc);
    let errors = raw.errors.map(|e| {
        let pos = src.pos_at(file, e.span().start);
        let e = e.into_inner();
        ErrorsBinding {
            pos,
            code: e.code,
            message: e.message,
            pattern: e.pattern,
            codes: e.codes.into_iter().map(|(k, v)| (loc(&k), v)).collect(),
            statuses: e.statuses.into_iter().map(|(k, v)| (loc(&k), v)).collect(),
        }
    });
    let list = |s: &Spanned<Vec<String>>| Located { value: s.get_ref().clone(), pos: src.pos_at(file, s.span().start) };
    let lifecycles = raw
        .lifecycle
        .into_iter()
        .map(|l| {
            let pos = src.pos_at(file, l.span().start);
            let l = l.into_inner();
            LifecycleBinding {
                pos,
                endpoint: loc(&l.endpoint),
                moves: l.moves.as_ref().map(loc),
                starts: l.starts.as_ref().map(loc),
                locked_in: l.locked_in.as_ref().map(list),
                hidden: l.hidden.as_ref().map(list),
            }
        })
        .collect();
    let mut out = Bindings { prefix: raw.prefix, endpoints: Vec::new(), skips: Vec::new(), ids, types, profile, errors, lifecycles };
    for e in raw.endpoint {
        let pos = src.pos_at(file, e.span().start);
        let e = e.into_inner();
        let status = match &e.status {
            None => None,
            Some(s) => match Status::parse(s.get_ref()) {
                Some(st) => Some(Located { value: st, pos: src.pos_at(file, s.span().start) }),
                None => {
                    diags.push(
                        Diagnostic::error(src.pos_at(file, s.span().start), format!("unknown status `{}`", s.get_ref()))
                            .with_help("one of todo, ongoing, draft, final"),
                    );
                    None
                }
            },
        };
        let input = |(k, v): (Spanned<String>, RawInput)| {
            let b = InputBinding {
                name: v.name,
                rust: v.rust,
                ty: v.ty.as_ref().map(loc),
                location: v.location.as_ref().map(loc),
                values: v.values.as_ref().map(|s| Located { value: s.get_ref().clone(), pos: src.pos_at(file, s.span().start) }),
                pattern: v.pattern.as_ref().map(loc),
                min_length: v.min_length,
                skip: v.skip,
            };
            (loc(&k), b)
        };
        out.endpoints.push(EndpointBinding {
            pos,
            api: loc(&e.api),
            operation: e.operation.as_ref().map(loc),
            name: loc(&e.name),
            method: loc(&e.method),
            path: loc(&e.path),
            prose: e.prose,
            status,
            auth: e.auth,
            effect: e.effect.as_ref().map(loc),
            resource: e.resource.as_ref().map(loc),
            inputs: e.inputs.into_iter().map(input).collect(),
            outputs: e.outputs.into_iter().map(input).collect(),
            fields: e.fields.into_iter().map(field).collect(),
            response: e.response.into_iter().map(field).collect(),
        });
    }
    for s in raw.skip {
        out.skips.push(Skip { api: loc(&s.api), operation: loc(&s.operation), reason: s.reason });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Bindings>, Diagnostics, SourceMap) {
        let mut sources = SourceMap::new();
        let f = sources.add("b.toml", text);
        let mut d = Diagnostics::default();
        (parse(&sources, f, &mut d), d, sources)
    }

    #[test]
    fn the_profile_is_read_with_its_position() {
        let (b, d, _) = read("prefix = \"/v2\"\nprofile = \"matrix\"\n");
        assert!(d.items.is_empty(), "{d:?}");
        let p = b.unwrap().profile.unwrap();
        assert_eq!((p.value.as_str(), p.pos.line, p.pos.col), ("matrix", 2, 11));
        let (b, _, _) = read("prefix = \"/v2\"\n");
        assert!(b.unwrap().profile.is_none());
    }

    #[test]
    fn endpoints_with_positions() {
        let (b, d, _) = read(
            "prefix = \"/v2\"\n\n[[endpoint]]\napi = \"Filter API\"\nname = \"create_filter\"\nmethod = \"POST\"\npath = \"/user/{userId}/filter\"\n[endpoint.inputs]\n\"Which room IDs\" = { name = \"rooms\" }\n[[endpoint.fields]]\nname = \"userId\"\ntype = \"UserId\"\nin = \"path\"\n",
        );
        assert!(d.items.is_empty(), "{d:?}");
        let b = b.unwrap();
        let e = &b.endpoints[0];
        assert_eq!((e.api.value.as_str(), e.api.pos.line), ("Filter API", 4));
        assert_eq!(e.inputs[0].0.value, "Which room IDs");
        assert_eq!(e.inputs[0].0.pos.line, 9);
        assert_eq!(e.fields[0].location.as_ref().unwrap().value, "path");
        assert!(e.prose);
    }

    #[test]
    fn ids_and_shared_types() {
        let (b, d, _) = read(
            "[ids.RoomAlias]\nexample = \"#a:b\"\nwords = [\"Room alias\"]\n\n[types.Event]\nwords = [\"event\"]\nfields = [{ name = \"type\", type = \"String\" }]\n",
        );
        assert!(d.items.is_empty(), "{d:?}");
        let b = b.unwrap();
        assert_eq!((b.ids[0].name.value.as_str(), b.ids[0].name.pos.line), ("RoomAlias", 1));
        assert_eq!(b.ids[0].words, ["room alias"]);
        assert_eq!(b.types[0].fields[0].name, "type");
        assert_eq!(b.types[0].fields[0].pos.line, 7);
    }

    #[test]
    fn syntax_and_shape_errors_have_positions() {
        let (b, d, s) = read("[[endpoint]]\napi = \"x\"\nnme = \"typo\"\n");
        assert!(b.is_none());
        let line = d.items[0].one_line(&s);
        assert!(line.starts_with("b.toml:") && line.contains("nme"), "{line}");
        let (b, d, _) = read("prefix = \n");
        assert!(b.is_none() && d.has_errors());
    }
}
