//! The Rust type model of a spec (after typify's `TypeSpace`): per API its
//! endpoints, the structs and enums they use, every field keeping its prose,
//! its wire name, where it travels and the rule that chose its type.
//!
//! Invariant: names are unique within their set (fields of a struct, types
//! of a module, modules of the crate, endpoints of the crate) and valid Rust
//! identifiers; [`build::build`] fails rather than produce anything else.

pub mod build;
pub mod infer;
pub mod names;

use crate::model::Status;
use crate::source::Pos;
use std::collections::BTreeMap;

/// A Rust type as the generator writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Bool,
    U64,
    String,
    /// `serde_json::Value`: free content.
    Json,
    /// A type of the generated crate (an id newtype, a token, a struct or an
    /// enum of the same module), by its Rust name.
    Named(String),
    Vec(Box<Ty>),
    /// A single value or a list (`type[s]` in the prose).
    OneOrMany(Box<Ty>),
    Option(Box<Ty>),
    /// A Rust type written in the bindings overlay (already checked to parse).
    Raw(String),
}

impl Ty {
    /// The type as Rust source.
    pub fn rust(&self) -> String {
        match self {
            Ty::Bool => "bool".into(),
            Ty::U64 => "u64".into(),
            Ty::String => "String".into(),
            Ty::Json => "serde_json::Value".into(),
            Ty::Named(n) => n.clone(),
            Ty::Vec(t) => format!("Vec<{}>", t.rust()),
            Ty::OneOrMany(t) => format!("OneOrMany<{}>", t.rust()),
            Ty::Option(t) => format!("Option<{}>", t.rust()),
            Ty::Raw(r) => r.clone(),
        }
    }

    pub fn is_option(&self) -> bool {
        matches!(self, Ty::Option(_)) || matches!(self, Ty::Raw(r) if r.starts_with("Option<"))
    }
}

/// Where a request field travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    Path,
    Query,
    Body,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
        }
    }
}

/// Which inference rule decided a field (shown by `specgen explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// The input identifies the caller: it is the access token, not a field.
    Auth,
    Bool,
    ClosedEnum,
    OpenEnum,
    Count,
    Batch,
    List,
    NestedList,
    Identifier,
    Token,
    Content,
    Text,
    /// No rule decided: `serde_json::Value`, with a warning.
    Fallback,
    /// The bindings overlay said so.
    Overlay,
}

impl Rule {
    pub fn describe(&self) -> &'static str {
        match self {
            Rule::Auth => "identifies the caller -> access token (not a field)",
            Rule::Bool => "\"Whether ...\" -> bool",
            Rule::ClosedEnum => "closed list of choices -> enum",
            Rule::OpenEnum => "list of choices ending in \"etc\" -> open enum",
            Rule::Count => "count or limit -> u64",
            Rule::Batch => "batch marker [s] -> OneOrMany",
            Rule::List => "plural or list -> Vec",
            Rule::NestedList => "list with sub-items -> Vec of a nested struct",
            Rule::Identifier => "identifier -> id newtype",
            Rule::Token => "Terminology token -> token newtype",
            Rule::Content => "free content -> serde_json::Value",
            Rule::Text => "name, text or key -> String",
            Rule::Fallback => "no rule decided -> serde_json::Value (warning)",
            Rule::Overlay => "set in the bindings overlay",
        }
    }
}

/// One field of a request or response struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust: String,
    /// The JSON (or path/query) name; `serde(rename)` when it differs.
    pub wire: String,
    /// The prose the field came from.
    pub prose: String,
    pub ty: Ty,
    pub location: Location,
    pub rule: Rule,
    /// Where the field was written: an item of the spec, or (for fields the
    /// prose does not list) an entry of the bindings overlay.
    pub pos: Pos,
    pub from_overlay: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub name: String,
    pub doc: String,
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    pub doc: String,
    /// (Rust variant, wire value), in prose order.
    pub variants: Vec<(String, String)>,
    /// Ends in "etc": unknown values are kept in an `Other(String)` variant.
    pub open: bool,
}

/// One endpoint (after progenitor's `OperationMethod`): metadata and the
/// names of its request and response structs.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// snake_case, unique in the crate.
    pub name: String,
    pub operation: String,
    pub method: String,
    pub path: String,
    /// Method and path came from the overlay (false: derived from names).
    pub bound: bool,
    pub auth: bool,
    pub pos: Pos,
    pub request: StructDef,
    pub response: StructDef,
}

/// Everything generated for one API section.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTypes {
    pub title: String,
    pub module: String,
    pub status: Status,
    pub pos: Pos,
    pub endpoints: Vec<Endpoint>,
    /// Nested structs and enums of the module, by name (deterministic order).
    pub structs: BTreeMap<String, StructDef>,
    pub enums: BTreeMap<String, EnumDef>,
}

/// A token newtype from the Terminology section.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenType {
    pub name: String,
    pub term: String,
    pub definition: String,
}

/// The whole type model of a spec.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeSpace {
    pub apis: Vec<ApiTypes>,
    pub tokens: Vec<TokenType>,
}

/// The identifier newtypes every generated crate has: (Rust name, prose,
/// example value).
pub const IDS: &[(&str, &str, &str)] = &[
    ("RoomId", "room id", "!room:localhost"),
    ("UserId", "user id", "@user:localhost"),
    ("EventId", "event id", "$event:localhost"),
    ("DeviceId", "device id", "DEVICE"),
    ("RoomAlias", "room alias", "#room:localhost"),
];
